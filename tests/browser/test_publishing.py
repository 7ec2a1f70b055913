"""Publishing, as an administrator would do it, and the public pages as anyone sees them."""

import pytest

from .conftest import sign_in
from .test_accessibility import violations

pytestmark = pytest.mark.browser


def test_an_administrator_publishes_and_anyone_reads_it_accessibly(server, browser, council):
    admin = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    sign_in(admin, server["base"], "admin")
    admin.goto(server["base"] + "/dashboard/publish/")
    admin.get_by_label("Title", exact=True).fill("Synthetic workforce profile (browser test)")
    admin.get_by_label("Workforce profile", exact=True).check()
    admin.get_by_label("Recruitment", exact=True).check()
    admin.get_by_role("button", name="Publish", exact=True).click()
    assert admin.get_by_text("Anyone can now read it without signing in").is_visible()
    admin.context.close()

    public = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    public.set_default_timeout(20000)
    public.goto(server["base"] + "/public/")
    assert violations(public) == []
    public.get_by_role("link", name="Synthetic workforce profile (browser test)").click()
    assert public.get_by_role("heading", name="Workforce profile").is_visible()
    assert public.locator("select#directorate").count() == 0  # no filters in public
    assert violations(public) == []
    public.get_by_role("link", name="Recruitment").click()
    assert public.get_by_role("heading", name="The recruitment funnel").is_visible()
    assert violations(public) == []
    assert public.goto(server["base"] + "/dashboard/").url.startswith(server["base"] + "/accounts/login/")
    public.context.close()
