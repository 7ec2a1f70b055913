"""The content security policy holds on real pages: no inline script or style is refused, and
the dashboard's charts still draw (vega-embed with its expression interpreter, no eval)."""

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser

PAGES = {
    "analyst": ["/", "/data/records/", "/dashboard/", "/dashboard/recruitment/?grouping=ons5",
                "/dashboard/representation/", "/dashboard/explore/"],
    "admin": ["/audit/", "/dashboard/pay/", "/dashboard/publish/", "/plans/"],
}


def refusals(page) -> list[str]:
    """What the browser refused under the policy, as it reports it in the console."""
    found = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: found.append(f"page error: {e}"))
    return found


def test_the_policy_is_sent_and_nothing_is_refused(server, browser, council):
    for user, urls in PAGES.items():
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20000)
        refused = refusals(page)
        sign_in(page, server["base"], user)
        for url in urls:
            response = page.goto(server["base"] + url)
            assert "script-src 'self'" in response.headers["content-security-policy"], url
            page.wait_for_function(
                "[...document.querySelectorAll('[data-vega-chart]')].every(e => e.dataset.rendered)")
            assert "js-enabled" in page.evaluate("document.body.className"), url
        context.close()
        assert refused == [], user


def test_charts_draw_under_the_policy(server, page, council):
    refused = refusals(page)
    sign_in(page, server["base"], "analyst")
    page.goto(server["base"] + "/dashboard/recruitment/?grouping=ons5")
    page.locator("[data-vega-chart] svg").first.wait_for()
    assert page.locator("[data-vega-chart][data-rendered=true] svg").count() >= 2
    assert page.locator("[data-vega-chart] svg .mark-rect path, [data-vega-chart] svg .mark-rule line").count() > 0
    assert refused == []


def test_an_inline_script_is_refused(server, page):
    """The check can fail: a script planted in the page does not run."""
    refused = refusals(page)
    page.goto(server["base"] + "/accounts/login/")
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'document.body.dataset.planted = 1'; document.body.append(s); }""")
    assert page.evaluate("document.body.dataset.planted") is None
    assert any("inline script" in text for text in refused)
