"""Issue 13 point 2 in a real browser: an administrator imports a plan written with themes as
headings and lettered objectives, sees what was read, saves it and opens it; the reading page
passes axe-core and fits a phone."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import signed_in
from .test_accessibility import violations
from .test_phone_width import PHONE, problems

pytestmark = pytest.mark.browser
PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "plan_themes.html"


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_an_administrator_imports_a_plan_of_another_shape(server, browser, council, viewport):
    base = server["base"]
    with signed_in(browser, server, "admin", viewport) as page:
        page.goto(base + "/plans/")
        page.get_by_role("button", name="Import a plan").click()
        page.get_by_label("The plan's file").set_input_files(str(PLAN))
        page.get_by_role("button", name="Read the plan").click()
        tree = page.locator("#plan-tree")
        assert "A1 Diverse shortlists for senior posts" in tree.inner_text()
        assert page.locator("#unplaced").inner_text() == "Everything in the file was placed."
        assert violations(page) == []
        if viewport is PHONE:
            assert problems(page) == []
        page.screenshot(path=str(server["home"] / f"plan-import-{viewport['width']}.png"), full_page=True)
        title = f"Race Equality Action Plan {viewport['width']}"
        page.get_by_label("Title").fill(title)
        page.get_by_role("button", name="Save the plan").click()
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        expect(page.locator("body")).to_contain_text("Diverse shortlists for senior posts")
