"""An analyst signs in, uploads a bad file and sees its problems, then a good one is imported."""

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser

BAD = ("staff_id,snapshot_date,ethnicity,directorate,grade\n"
       "S1,2024-03-31,Martian,Adults,G1\nS2,2024-02-30,Indian,Adults,G2\nS3,2024-03-31,W1,Adults,\n")
GOOD = ("staff_id,snapshot_date,ethnicity,directorate,grade\n"  # a snapshot of its own: the shared server may
        "S1,2019-03-31,White British,Adults,G1\nS2,2019-03-31,Indian,Adults,G2\n")  # hold the demo's 2020s


def test_sign_in_shows_the_overview(server, page):
    sign_in(page, server["base"], "analyst")
    assert page.get_by_role("heading", name="Race equality in the workforce").is_visible()
    assert page.get_by_role("heading", name="Your first steps").is_visible()
    assert "Signed in as analyst" in page.content()


def test_wrong_password_is_refused(server, page):
    page.goto(server["base"] + "/accounts/login/")
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_text("There is a problem").is_visible()


def _upload(page, base, tmp_path, name, text, until="#run-message"):
    """Upload one file and wait for the run's page to show ``until`` (its outcome, by default)."""
    path = tmp_path / name
    path.write_text(text, "utf-8")
    page.goto(base + "/data/upload/")
    page.get_by_label("Data files").set_input_files(str(path))
    page.get_by_role("button", name="Check and import").click()
    page.locator("#run-status").wait_for()
    page.wait_for_selector(until, timeout=90000)  # the queue's worker, on a busy machine


def test_bad_file_shows_its_errors_then_a_good_file_is_imported(server, page, tmp_path):
    base = server["base"]
    sign_in(page, base, "analyst")
    _upload(page, base, tmp_path, "staff.csv", BAD)
    assert page.locator("#run-status").inner_text() == "Not imported: the files have problems"
    table = page.locator("table.parity-problems")
    text = table.inner_text()
    assert "Martian" in text and "2024-02-30" in text and "grade is required" in text
    rows = table.locator("tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).locator("td").nth(0).inner_text() == "2"

    _upload(page, base, tmp_path, "staff.csv", GOOD)
    assert page.locator("#run-status").inner_text() == "Imported"
    assert "Imported 2 rows" in page.locator("#run-message").inner_text()
    page.goto(base + "/")
    assert "31 March 2019" in page.content()
    page.screenshot(path=str(server["home"] / "overview-after-import.png"), full_page=True)


def test_a_viewer_cannot_reach_the_upload_or_records_pages(server, page):
    sign_in(page, server["base"], "viewer")
    for path in ("/data/upload/", "/data/records/"):
        response = page.goto(server["base"] + path)
        assert response.status == 403
        assert page.get_by_role("heading", name="You cannot see this page").is_visible()


def test_a_partial_snapshot_waits_says_what_it_would_remove_and_can_be_cancelled(server, page, tmp_path):
    """Issue 11's case in a real browser: a snapshot of six people is in use; a file of two rows
    dated like it arrives. Nothing is stored; the page says in words how many records would go;
    Cancel keeps the data in use."""
    base = server["base"]
    header = "staff_id,snapshot_date,ethnicity,directorate,grade\n"
    sign_in(page, base, "analyst")
    _upload(page, base, tmp_path, "six.csv",
            header + "".join(f"P{i},2018-03-31,Indian,Adults,G1\n" for i in range(6)))
    assert page.locator("#run-status").inner_text() == "Imported"
    page.goto(base + "/data/")
    before = page.locator("table").nth(1).inner_text()
    _upload(page, base, tmp_path, "two.csv",
            header + "P0,2018-03-31,Indian,Adults,G1\nP1,2018-03-31,Indian,Adults,G1\n", until="#run-confirm")
    warning = page.locator("#run-confirm").inner_text()
    assert "Nothing is imported yet" in warning
    assert "In staff 2018-03-31, these files would remove 4 of the 6 records in use" in warning
    page.get_by_role("button", name="Cancel: import nothing").click()
    assert page.locator("#run-status").inner_text() == "Cancelled: nothing imported"
    page.goto(base + "/data/")
    assert page.locator("table").nth(1).inner_text() == before  # the versions in use are as they were

