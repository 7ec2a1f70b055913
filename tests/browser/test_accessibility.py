"""axe-core (the npm package, from node_modules, not a CDN) on every page: no WCAG 2.2 AA violations."""

from pathlib import Path

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page) -> list[str]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: npm ci (make install) installs it")
    # polled from here: wait_for_function's own polling evaluates a string in the page, which the
    # content security policy refuses once the charts are not drawn at the first look
    for _ in range(200):
        if page.evaluate("[...document.querySelectorAll('[data-vega-chart]')].every(e => e.dataset.rendered)"):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail(f"the charts on {page.url} were not drawn within 20 s")
    page.evaluate(AXE.read_text())  # from the test, not a <script> tag: the page's policy refuses inline script
    found = page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join('; ')})`);
    }""", TAGS)
    return found


def pages(slug: str) -> dict[str, list[str]]:
    return {
        "admin": ["/", "/data/", "/data/upload/", "/data/upload/match/", "/data/maps/", "/help/data-formats/",
                  "/help/ethnicity/", "/plans/import/", "/plans/new/", f"/plans/{slug}/add-priority/",
                  f"/plans/{slug}/add-objective/", f"/plans/{slug}/add-action/",
                  f"/plans/{slug}/objectives/1.1/link-measure/", "/plans/sign-off/", "/accounts/emails/", "/audit/", "/plans/", f"/plans/{slug}/",
                  f"/plans/{slug}/objectives/1.1/", f"/plans/{slug}/actions/1/", f"/plans/{slug}/actions/2/",
                  "/plans/my-actions/", "/dashboard/", "/dashboard/standards/",
                  *[f"/dashboard/{t}/" for t in ("representation", "recruitment", "training", "casework", "pay",
                                                  "retention")],
                  "/dashboard/?directorate=Finance&snapshot=2024-03-31", "/dashboard/publish/",
                  "/surveys/", "/surveys/?directorate=Finance&grouping=ons19", "/help/surveys/",
                  "/listening/", "/listening/sessions/", "/listening/sessions/new/", "/listening/sessions/1/",
                  "/listening/sessions/1/themes/new/"],
        "analyst": ["/data/records/", "/dashboard/", "/dashboard/representation/", "/dashboard/explore/",
                    "/dashboard/explore/?measure=workforce.promotion&grade=1&sex=1&disability=1",
                    "/surveys/?within=sex", "/surveys/comments/"],
        "lead": [f"/plans/{slug}/actions/1/", "/plans/my-actions/", "/surveys/?directorate=Adults+and+Health"],
        "network-a11y": [f"/plans/{slug}/actions/1/", "/plans/sign-off/"],  # the sign-off and comment forms
    }


def test_the_sign_in_page(server, page):
    page.goto(server["base"] + "/accounts/login/")
    assert violations(page) == []


def test_every_page(server, browser, council):
    failures = {}
    for user, urls in pages(council).items():
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20000)
        sign_in(page, server["base"], user)
        for url in urls:
            response = page.goto(server["base"] + url)
            assert response.status == 200, url
            found = violations(page)
            if found:
                failures[url] = found
        context.close()
    assert failures == {}


def test_the_check_finds_a_planted_violation(server, page):
    page.goto(server["base"] + "/accounts/login/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    assert any(v.startswith("image-alt") for v in violations(page))
