"""Issue 13 point 1 in a real browser: an analyst uploads an HR extract with its own file name,
headers and codes, fixes what Parity could not match with the page's selects, gives the whole
file its snapshot date, saves the map and imports; the page passes axe-core at desktop and phone
widths and fits a phone."""

import pytest
from playwright.sync_api import expect
from openpyxl import Workbook

from .conftest import signed_in
from .test_accessibility import violations
from .test_phone_width import PHONE, problems

pytestmark = pytest.mark.browser

EXTRACT = [["Employee No", "Ethnic Origin", "Grade", "Directorate", "Date of Birth", "Start Date", "Gender"],
           ["E001", "WBRI", "SO1", "Adults", "1980-02-01", "2010-05-01", "F"],
           ["E002", "AIND", "PO2", "Children's", "1975-06-12", "2015-09-01", "M"],
           ["E003", "WROM", "SO2", "Place", "1990-01-01", "2016-01-01", "F"],
           ["E004", "BCRB", "SO1", "Adults", "1985-03-03", "2014-03-01", "M"]]


def test_an_hr_extract_is_matched_in_the_browser_and_imported(server, browser, tmp_path):
    book = Workbook()
    for row in EXTRACT:
        book.active.append(row)
    path = tmp_path / "HR extract November.xlsx"
    book.save(path)
    base = server["base"]
    with signed_in(browser, server, "analyst") as page:
        page.goto(base + "/data/upload/")
        page.get_by_role("link", name="Match a file's columns and values, then import it").click()
        page.get_by_label("Data file").set_input_files(str(path))
        page.get_by_role("button", name="Upload and match").click()
        expect(page.get_by_role("heading", name="Match the columns of HR extract November.xlsx")).to_be_visible()
        assert page.locator("#column-0").input_value() == "staff_id"
        assert page.locator("#column-4").input_value() == ""  # date of birth: not used
        assert page.locator("#column-6").input_value() == "sex"
        assert violations(page) == []
        page.screenshot(path=str(server["home"] / "match-1280.png"), full_page=True)

        page.get_by_label("WROM").select_option("Roma")
        page.get_by_label("snapshot_date").fill("31/03/2016")  # a snapshot of its own on the shared server
        page.get_by_label("Save this matching as (optional)").fill("HR monthly extract")
        page.get_by_role("button", name="Check again").click()
        expect(page.locator("#match-ready")).to_be_visible()
        assert "31 March 2016" in page.locator("#preview").inner_text()
        page.get_by_role("button", name="Import", exact=True).click()
        page.wait_for_selector("#run-message", timeout=90000)
        assert page.locator("#run-status").inner_text() == "Imported"
        assert "Imported 4 rows" in page.locator("#run-message").inner_text()
        page.goto(base + "/data/maps/")
        expect(page.get_by_role("rowheader", name="HR monthly extract")).to_be_visible()


def test_the_matching_page_fits_a_phone(server, browser, tmp_path):
    path = tmp_path / "extract.csv"
    path.write_text("\n".join(",".join(r) for r in EXTRACT) + "\n", "utf-8")
    with signed_in(browser, server, "analyst", PHONE) as page:
        page.goto(server["base"] + "/data/upload/match/")
        page.get_by_label("Data file").set_input_files(str(path))
        page.get_by_role("button", name="Upload and match").click()
        assert problems(page) == []
        assert violations(page) == []
        page.screenshot(path=str(server["home"] / "match-390.png"), full_page=True)
        page.get_by_role("button", name="Cancel: import nothing").click()
        assert "Cancelled" in page.locator("#run-status").inner_text()
