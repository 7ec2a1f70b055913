"""Issue 13 point 3 in a real browser: an administrator starts a plan and writes a priority, an
objective and an action, names a person as its owner and links a measure; the owner records
progress; a staff-network member finds it awaiting sign-off, signs it off with a comment, and
the plan page shows it signed off."""

import pytest
from playwright.sync_api import expect

from .conftest import signed_in

pytestmark = pytest.mark.browser


def test_a_plan_written_on_the_pages_updated_and_signed_off(server, browser, council):
    base = server["base"]
    with signed_in(browser, server, "admin") as page:
        action_url = _write_a_plan(page, base)
    with signed_in(browser, server, "lead") as page:
        page.goto(action_url)
        page.get_by_label("What has happened").fill("First quarter's rates published to the leadership team.")
        page.get_by_label("In progress").check()
        page.get_by_role("button", name="Add update").click()
    with signed_in(browser, server, "network-a11y") as page:
        page.goto(base + "/plans/sign-off/")
        page.get_by_role("link", name="Publish promotion rates by ethnic group every quarter").click()
        page.get_by_label("Staff-network comment").fill("Agreed at the network meeting")
        page.get_by_role("button", name="Sign off this update").click()
        expect(page.locator("body")).to_contain_text("Agreed at the network meeting")
        page.goto(base + "/plans/sign-off/")
        expect(page.locator("body")).not_to_contain_text("Publish promotion rates by ethnic group every quarter")
        page.get_by_role("link", name="Plans").first.click()
        page.get_by_role("link", name="Written in the browser 2026-2028").click()
        assert "Signed off" in page.get_by_role("row", name="Publish promotion rates").inner_text()
        page.screenshot(path=str(server["home"] / "plan-signed-off-1280.png"), full_page=True)


def _write_a_plan(page, base: str) -> str:
    """An administrator's plan, written on the pages; the address of its one action."""
    page.goto(base + "/plans/")
    page.get_by_role("button", name="Start a new plan").click()
    page.get_by_label("Title").fill("Written in the browser 2026-2028")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Written in the browser 2026-2028")).to_be_visible()
    page.get_by_role("link", name="Add a priority").click()
    page.get_by_label("Title").fill("Fair progression")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add an objective to it").click()
    page.get_by_label("Objective", exact=True).fill("Promotion rates equal across ethnic groups")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="1.1 Promotion rates equal across ethnic groups")).to_be_visible()
    page.get_by_role("link", name="Add an action to it").click()
    page.get_by_label("Action", exact=True).fill("Publish promotion rates by ethnic group every quarter")
    page.get_by_label("Timescale").fill("Quarterly")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Add an owner").click()
    page.get_by_label("A person who signs in to Parity").select_option("lead")
    page.get_by_role("button", name="Add", exact=True).click()
    assert "lead" in page.locator("dl.govuk-summary-list").last.inner_text()
    return page.url


def test_a_person_sets_their_email_and_turns_one_kind_off(server, browser, council):
    with signed_in(browser, server, "network-a11y", {"width": 390, "height": 844}) as page:
        page.get_by_role("link", name="Your emails").click()
        page.get_by_label("Email address").fill("network@council.example")
        page.get_by_label("Progress updates awaiting the staff network's sign-off").uncheck()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Your email settings are saved.")).to_be_visible()
        assert page.get_by_label("Email address").input_value() == "network@council.example"
        assert not page.get_by_label("Progress updates awaiting the staff network's sign-off").is_checked()
        assert page.get_by_label("My actions coming due (within 90 days) or overdue").is_checked()


def test_an_administrator_adds_a_person_and_gives_them_a_role(server, browser, council):
    """People and settings: the administrator role opens the admin's people pages (issue 13 point 3)."""
    with signed_in(browser, server, "admin") as page:
        page.get_by_role("link", name="People and settings").click()
        page.get_by_role("link", name="Users").first.click()
        page.get_by_role("link", name="Add user").click()
        page.locator("#id_username").fill("finance-lead")  # Django's admin form, by its fields' ids
        page.locator("#id_password1").fill("a-long-browser-password-7")
        page.locator("#id_password2").fill("a-long-browser-password-7")
        page.locator("#id_role").select_option("directorate_lead")
        page.locator("#id_directorate").fill("Finance")
        page.get_by_role("button", name="Save", exact=True).click()
        assert "was added successfully" in page.locator(".messagelist").inner_text()  # waits for the page
        page.goto(server["base"] + "/admin/accounts/user/?q=finance-lead")
        assert "Directorate lead" in page.locator("#result_list").inner_text()
