"""Dashboard charts: drawn by vega-embed from the app's own files, with the table beside them."""

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_charts_draw_and_offer_downloads(server, page, council):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    sign_in(page, server["base"], "analyst")
    page.goto(server["base"] + "/dashboard/recruitment/?grouping=ons5")
    chart = page.locator("[data-vega-chart]").first
    chart.locator("svg").first.wait_for()
    assert chart.get_attribute("data-rendered") == "true"
    assert page.locator("[data-vega-chart] svg").count() >= 2
    chart.locator("summary").first.click()  # vega-embed's menu: PNG and SVG downloads
    assert chart.get_by_text("Download the chart as PNG").is_visible()
    assert chart.get_by_text("Download the chart as SVG").is_visible()
    assert all(url.startswith(server["base"]) for url in requests)  # nothing from a CDN
    with page.expect_download() as download:
        page.locator('a[href*="/dashboard/tables/wres.2.csv"]').click()
    assert download.value.suggested_filename.startswith("wres.2-")
