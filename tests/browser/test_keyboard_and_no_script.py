"""The dashboard by keyboard alone, and its tables without JavaScript."""

import re

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def tab_to(page, target: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page) == target:
            return
    pytest.fail(f"{target!r} is not reachable with the Tab key")


def test_the_filters_and_downloads_work_by_keyboard(server, page, council):
    sign_in(page, server["base"], "viewer")
    page.goto(server["base"] + "/dashboard/recruitment/")
    page.keyboard.press("Tab")
    assert focused(page) == "Skip to main content"
    tab_to(page, "grouping")
    page.keyboard.press("End")  # the last grouping: WRES White and BME
    tab_to(page, "Show these figures")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"grouping=wres_binary"))
    assert page.locator("select#grouping option:checked").inner_text().startswith("WRES")
    tab_to(page, "Download this table as CSV: Applications shortlisted, by ethnic group")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("recruitment.shortlisting-")


def test_tables_and_filters_work_without_javascript(server, browser, council):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, server["base"], "analyst")
    page.goto(server["base"] + "/dashboard/?grouping=ons19")
    assert page.locator("table.parity-results").count() >= 1
    # figures drawn by the server, not a script: shares under a "Per cent" header (its cells bare
    # numbers), or with their % where a table mixes units
    assert page.locator("table.parity-results th").filter(has_text="Per cent").count() >= 1
    assert page.locator("table.parity-results td").filter(has_text=re.compile(r"^\d+\.\d%?$")).count() > 5
    page.select_option("select#snapshot", index=1)
    page.click("button:has-text('Show these figures')")
    assert "snapshot=" in page.url and "grouping=ons19" in page.url
    page.goto(server["base"] + "/dashboard/explore/?measure=workforce.composition&sex=1")
    assert page.locator("table tbody tr").count() >= 2
    context.close()
