"""Every page usable on a 390 px phone (issue 13, point 5): nothing wider than the screen (a wide
table scrolls inside its own region), charts drawn within the page's width, the navigation folded
behind "Menu" until it is opened. The pages are the accessibility test's, for each role, with the
public's own."""

import pytest

from .conftest import sign_in
from .test_accessibility import pages

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
PUBLIC = ["/public/", "/glossary/", "/help/data-formats/", "/help/ethnicity/", "/help/surveys/", "/accounts/login/",
          "/no-such-page/"]


def problems(page) -> list[str]:
    """What makes the page wider than the phone, or a chart wider than its holder."""
    found = []
    for _ in range(200):  # polled from here, as the accessibility check does (the page's policy)
        if page.evaluate("[...document.querySelectorAll('[data-vega-chart]')].every(e => e.dataset.rendered)"):
            break
        page.wait_for_timeout(100)
    else:
        found.append("charts not drawn within 20 s")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        found.append(f"page {width} px wide")
    if page.locator("[data-vega-chart]").count():
        wide = page.evaluate("() => [...document.querySelectorAll('[data-vega-chart] svg')]"
                             ".filter(s => s.getBoundingClientRect().right > document.documentElement.clientWidth)"
                             ".length")
        if wide:
            found.append(f"{wide} chart(s) beyond the screen's edge")
    return found


def test_every_page_fits_a_phone(server, browser, council):
    failures = {}
    for user, urls in [(None, PUBLIC), *pages(council).items()]:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.set_default_timeout(20000)
        if user:
            sign_in(page, server["base"], user)
        for url in urls:
            page.goto(server["base"] + url)
            found = problems(page)
            if found:
                failures[f"{user or 'public'} {url}"] = found
        context.close()
    assert failures == {}


def test_the_navigation_folds_behind_menu_on_a_phone(server, page, council):
    page.set_viewport_size(PHONE)
    sign_in(page, server["base"], "admin")
    page.goto(server["base"] + "/dashboard/")
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible()
    dashboard = page.locator("#navigation").get_by_role("link", name="Dashboard")
    assert not dashboard.is_visible()
    menu.click()
    assert dashboard.is_visible()


def test_a_planted_wide_element_is_caught(server, page):
    page.set_viewport_size(PHONE)
    page.goto(server["base"] + "/glossary/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<p>' + 'W'.repeat(80) + '</p>')")
    assert [p for p in problems(page) if p.startswith("page ")]
