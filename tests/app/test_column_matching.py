"""Matching a council's own extract in the browser (issue 13 point 1): any file name, headers and
codes proposed from Parity's vocabularies, unknown values fixed with selects, a snapshot date
given for the whole file, the map saved under a name and used again next month; templates and
help pages served by the app."""

import io

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from parity.app.audit.models import AuditEvent
from parity.app.workforce.models import ImportRun, SavedColumnMap, StaffRecord

pytestmark = pytest.mark.django_db(transaction=True)

# An extract as an HR system writes it: its own headers, school census codes, a Gypsy/Roma code
# Parity does not guess, "F"/"M", no snapshot date column, a column Parity does not use.
EXTRACT = ("Employee No,Ethnic Origin,Grade,Directorate,Date of Birth,Start Date,Gender\n"
           "E001,WBRI,SO1,Adults,1980-02-01,2010-05-01,F\n"
           "E002,AIND,PO2,Children's,1975-06-12,2015-09-01,M\n"
           "E003,WROM,SO2,Place,1990-01-01,2020-01-01,F\n"
           "E004,BCRB,SO1,Adults,1985-03-03,2019-03-01,M\n"
           "E005,MWBC,PO1,Adults,1970-01-01,2001-01-01,Unknown\n")


def xlsx(text: str) -> bytes:
    book = Workbook()
    for line in text.strip().splitlines():
        book.active.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def start(client, name="HR extract November.xlsx", data=None, **extra):
    response = client.post(reverse("workforce:match_upload"),
                           {"file": SimpleUploadedFile(name, data if data is not None else xlsx(EXTRACT)), **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportRun.objects.order_by("-pk").first(), response["Location"]


def form_of(page: str) -> dict:
    """The form's current values as a browser would post them (selects' selected options)."""
    import html
    import re

    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        data[name] = html.unescape(value)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        data[name] = html.unescape(chosen.group(1)) if chosen else ""
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_an_extract_with_its_own_headers_and_codes_is_proposed_for_matching(login):
    client = login("analyst")
    run, where = start(client)
    assert where == reverse("workforce:match", args=[run.pk]) and run.status == "mapping"
    page = client.get(where).content.decode()
    proposed = form_of(page)
    # Headers matched from the usual names; the date of birth left unused; staff found from the headers.
    assert proposed["kind"] == "staff"
    assert [proposed[f"column-{i}"] for i in range(7)] == [
        "staff_id", "ethnicity", "grade", "directorate", "", "start_date", "sex"]
    # What is left: the snapshot date (no column gives it), WROM (two 2021 categories), nothing else.
    assert "No column gives snapshot_date" in page
    assert "Say what “WROM” in Ethnic Origin means" in page
    assert "WBRI" not in page.split('id="values"')[1]  # census codes need no choice
    assert "E001" not in page  # an identifier's values are never shown
    assert StaffRecord.objects.count() == 0


@override_settings(PARITY_JOBS_INLINE=True)
def test_fixing_the_rest_with_selects_imports_the_file_and_saves_the_map(login, settings):
    client = login("analyst")
    run, where = start(client)
    data = form_of(client.get(where).content.decode())
    not_ready = client.post(where, {**data, "action": "import"}).content.decode()
    assert "Before you can import" in not_ready and StaffRecord.objects.count() == 0
    value = next(k[:-len("-raw")] for k, v in data.items() if k.endswith("-raw") and v == "WROM")
    data.update({value: "Roma", "fixed-snapshot_date": "31/03/2026", "name": "HR monthly extract"})
    checked = client.post(where, {**data, "action": "check"}).content.decode()
    assert "Ready to import" in checked
    assert "31 March 2026" in checked and "(hidden: an identifier)" in checked  # the preview
    done = client.post(where, {**data, "action": "import"})
    assert done["Location"] == reverse("workforce:run", args=[run.pk])
    run.refresh_from_db()
    assert run.status == "imported", run.message
    rows = {r.ethnicity: (r.sex, str(r.snapshot_date)) for r in StaffRecord.objects.all()}
    assert rows == {"white_british": ("Female", "2026-03-31"), "asian_indian": ("Male", "2026-03-31"),
                    "white_roma": ("Female", "2026-03-31"), "black_caribbean": ("Male", "2026-03-31"),
                    "mixed_white_black_caribbean": ("Not stated", "2026-03-31")}
    assert not (settings.PARITY_UPLOAD_DIR / str(run.pk)).exists()
    saved = SavedColumnMap.objects.get(name="HR monthly extract")
    assert saved.body["columns"]["staff"]["Employee No"] == "staff_id"
    assert saved.body["values"]["staff"]["ethnicity"] == {"WROM": "Roma"}
    assert saved.body["fixed"]["staff"] == {"snapshot_date": "31/03/2026"}
    event = AuditEvent.objects.get(action="column_map")
    assert event.detail["saved_as"] == "HR monthly extract" and event.detail["kind"] == "staff"


@override_settings(PARITY_JOBS_INLINE=True)
def test_next_months_extract_starts_from_the_saved_map_and_asks_for_its_own_date(login):
    """The helper's finding: a saved map's snapshot date must never carry over unseen, or next
    month's extract replaces last month's snapshot."""
    client = login("analyst")
    SavedColumnMap.objects.create(name="HR monthly extract", body={
        "columns": {"staff": {"Employee No": "staff_id", "Ethnic Origin": "ethnicity", "Gender": "sex",
                              "Date of Birth": ""}},
        "values": {"staff": {"ethnicity": {"WROM": "Roma"}}}, "fixed": {"staff": {"snapshot_date": "2026-03-31"}}})
    saved = SavedColumnMap.objects.get()
    run, where = start(client, "december.csv", EXTRACT.encode(), saved_map=saved.pk)
    page = client.get(where).content.decode()
    assert "Ready to import" not in page and "No column gives snapshot_date" in page
    assert "The map you started from had 2026-03-31: give this file's own." in page
    data = form_of(page)
    assert data.get("fixed-snapshot_date", "") == "" and data["name"] == "HR monthly extract"
    assert "Say what “WROM”" not in page  # WROM came from the map
    data["fixed-snapshot_date"] = "2026-04-30"
    client.post(where, {**data, "action": "import"})
    assert {str(d) for d in StaffRecord.objects.values_list("snapshot_date", flat=True)} == {"2026-04-30"}
    assert SavedColumnMap.objects.get().body["fixed"]["staff"] == {"snapshot_date": "2026-04-30"}
    # The Upload page offers a saved map only when it gives no whole-file value.
    SavedColumnMap.objects.create(name="Recruitment system", body={
        "columns": {"applications": {"Candidate ID": "application_id"}}})
    upload_page = client.get(reverse("workforce:upload")).content.decode()
    assert "Recruitment system" in upload_page and "HR monthly extract" not in upload_page
    refused = client.post(reverse("workforce:upload"), {
        "files": [SimpleUploadedFile("staff.csv", b"staff_id\n")], "saved_map": saved.pk})
    assert refused.status_code == 200 and ImportRun.objects.count() == 1


def test_a_column_not_matched_shows_no_values_and_a_map_keeps_a_column_unused(login):
    client = login("analyst")
    text = ("Payroll Ref,NI Number,Ethnic Origin,Grade,Department,Directorate,Snapshot\n"
            "100200,AB123450C,WBRI,SO1,HR,Adults,2026-03-31\n100201,AB123451C,AIND,SO2,HR,Adults,2026-03-31\n")
    run, where = start(client, "Payroll Ref export.csv", text.encode())
    page = client.get(where).content.decode()
    data = form_of(page)
    assert data["column-0"] == "staff_id"  # "Payroll Ref" is a usual name for it
    for private in ("100200", "AB123450C"):
        assert private not in page
    assert "Shown once matched" in page
    data.update({"column-4": "", "column-5": "directorate", "name": "Payroll"})  # Department not used
    client.post(where, {**data, "action": "check"})
    run.refresh_from_db()
    assert run.report["draft_map"]["columns"]["staff"]["Department"] == ""
    client.post(where, {**data, "action": "import"})
    again, where2 = start(client, "next.csv", text.encode(), saved_map=SavedColumnMap.objects.get().pk)
    reused = form_of(client.get(where2).content.decode())
    assert (reused["column-4"], reused["column-5"]) == ("", "directorate")


def test_values_not_in_the_file_and_columns_of_many_values_are_never_kept(login):
    client = login("analyst")
    run, where = start(client)
    data = form_of(client.get(where).content.decode())
    wrom = next(k[:-len("-raw")] for k, v in data.items() if k.endswith("-raw") and v == "WROM")
    data.update({wrom: "Roma", "value-77-raw": "E999 forged", "value-77-column": "ethnicity", "value-77": "Roma",
                 "fixed-snapshot_date": "x" * 5000})
    client.post(where, {**data, "action": "check"})
    run.refresh_from_db()
    assert run.report["draft_map"]["values"]["staff"]["ethnicity"] == {"WROM": "Roma"}
    assert len(run.report["draft_map"]["fixed"]["staff"]["snapshot_date"]) == 100
    # Staff ids under the ethnicity header: too many values not understood to be a category.
    ids = "Employee No,Ethnic Origin,Grade,Directorate\n" + "".join(f"E{i},X{i},SO1,Adults\n" for i in range(60))
    run2, where2 = start(client, "ids.csv", ids.encode())
    page = client.get(where2).content.decode()
    assert "60 different values in Ethnic Origin are not understood: is it the right column?" in page
    assert "X17" not in page and 'name="value-1-raw"' not in page


def test_a_file_of_only_a_header_is_not_ready(login):
    client = login("analyst")
    run, where = start(client, "empty.csv", b"staff_id,snapshot_date,ethnicity,directorate,grade\n")
    page = client.get(where).content.decode()
    assert "The file has no rows: only its header" in page and "Ready to import" not in page


def test_the_preview_of_people_s_records_is_for_analysts_and_a_waiting_file_for_its_uploader(login):
    client = login("admin")
    run, where = start(client, "staff.csv", b"staff_id,snapshot_date,ethnicity,directorate,grade\n"
                                            b"S1,2026-03-31,Indian,Adults,SO1\n")
    page = client.get(where).content.decode()
    assert "shown to analysts only" in page and "<table" not in page[page.index('id="preview"'):]
    analyst = login("analyst")
    assert analyst.get(where).status_code == 404  # another person's waiting file


def test_cancelling_deletes_the_file_and_stores_nothing(login, settings):
    client = login("analyst")
    run, where = start(client)
    assert (settings.PARITY_UPLOAD_DIR / str(run.pk)).exists()
    client.post(where, {"action": "cancel"})
    run.refresh_from_db()
    assert run.status == "cancelled" and not (settings.PARITY_UPLOAD_DIR / str(run.pk)).exists()
    assert client.get(where).status_code == 404
    assert StaffRecord.objects.count() == 0


def test_posted_headers_and_values_cannot_name_what_parity_does_not_have(login):
    client = login("analyst")
    run, where = start(client)
    data = form_of(client.get(where).content.decode())
    data.update({"column-4": "password", "kind": "staff", "fixed-no_such_column": "x", "fixed-staff_id": "1",
                 "value-99-raw": "ZZ", "value-99-column": "ethnicity", "value-99": "Martian"})
    page = client.post(where, {**data, "action": "check"})
    assert page.status_code == 200
    run.refresh_from_db()
    draft = run.report["draft_map"]
    assert draft["columns"]["staff"]["Date of Birth"] == ""
    assert "no_such_column" not in draft.get("fixed", {}).get("staff", {})
    assert "staff_id" not in draft.get("fixed", {}).get("staff", {})  # a column the file gives
    assert "ZZ" not in str(draft.get("values", {}))


def test_an_unreadable_file_is_refused_by_name_and_cancelled(login):
    client = login("analyst")
    refused = client.post(reverse("workforce:match_upload"), {"file": SimpleUploadedFile("notes.txt", b"hello")})
    assert refused.status_code == 200 and "notes.txt: only CSV and Excel files" in refused.content.decode()
    run, where = start(client, "extract.xlsx", b"not a zip at all")
    response = client.get(where)
    run.refresh_from_db()
    assert response.status_code == 302 and run.status == "cancelled" and "could not be read" in run.message


@pytest.mark.parametrize("role,allowed", [("admin", True), ("analyst", True), ("directorate_lead", False),
                                          ("staff_network", False), ("viewer", False)])
def test_only_those_who_import_can_match_and_see_saved_maps(login, role, allowed):
    saved = SavedColumnMap.objects.create(name="m", body={})
    client = login(role)
    if allowed:
        run, where = start(client)
        assert client.get(where).status_code == 200
    else:
        refused = client.post(reverse("workforce:match_upload"), {"file": SimpleUploadedFile("x.csv", b"a\n1\n")})
        assert refused.status_code in (302, 403) and ImportRun.objects.count() == 0
    for url in (reverse("workforce:match_upload"), reverse("workforce:saved_maps"),
                reverse("workforce:saved_map_yaml", args=[saved.pk])):
        status = client.get(url).status_code
        assert (status == 200) == allowed, (role, url, status)
        assert allowed or status in (302, 403)


def test_templates_and_the_example_map_download_from_the_upload_page(login):
    client = login("analyst")
    page = client.get(reverse("workforce:upload")).content.decode()
    for name in ("staff.csv", "staff.xlsx", "applications.csv", "column-map.example.yaml"):
        url = reverse("workforce:template", args=[name])
        assert f'href="{url}"' in page
        response = client.get(url)
        assert response.status_code == 200 and f'filename="{name}"' in response["Content-Disposition"]
    header = client.get(reverse("workforce:template", args=["staff.csv"])).content.decode().splitlines()[0]
    assert header.startswith("staff_id,snapshot_date,ethnicity,directorate,grade")
    book = load_workbook(io.BytesIO(client.get(reverse("workforce:template", args=["staff.xlsx"])).content))
    assert book.sheetnames == ["staff", "About these columns"]
    example = yaml.safe_load(client.get(reverse("workforce:template", args=["column-map.example.yaml"])).content)
    assert example["fixed"]["staff"]["snapshot_date"]
    assert client.get("/data/templates/..%2Fsettings.py").status_code == 404
    assert client.get(reverse("workforce:template", args=["secret.key"])).status_code == 404


def test_every_help_link_in_an_import_message_opens_a_page_of_the_app(client, login):
    # An ethnicity Parity does not recognise: the reason names a help page, and that page exists.
    analyst = login("analyst")
    run, where = start(analyst, "staff.csv", b"staff_id,snapshot_date,ethnicity,directorate,grade\n"
                                             b"S1,2026-03-31,Martian,Adults,G1\n")
    page = analyst.get(where).content.decode()
    assert '<a class="govuk-link" href="/help/ethnicity/">/help/ethnicity/</a>' in page
    for name, heading, text in (("ethnicity", "Ethnicity classification", "WBRI"),
                                ("data-formats", "Data formats", "snapshot_date")):
        help_page = client.get(f"/help/{name}/")
        body = help_page.content.decode()
        assert help_page.status_code == 200 and f">{heading}</h1>" in body and text in body
        assert "src/parity" not in body and "formats-doc" not in body
    assert 'href="/help/ethnicity/"' in client.get("/help/data-formats/").content.decode()
    assert client.get("/help/settings/").status_code == 404


def test_every_help_address_the_source_gives_in_a_message_is_a_page(client):
    """Messages point to pages of the app, never to a file in the source tree: every /help/ and
    /glossary/# address written in the code or templates opens (and the anchor exists)."""
    import re
    from pathlib import Path

    from parity.app.dashboards.glossary import ANCHORS

    source = Path(__file__).resolve().parents[2] / "src" / "parity"
    files = {p: p.read_text("utf-8") for p in source.rglob("*") if p.suffix in (".py", ".html")
             and "migrations" not in p.parts}
    texts = list(files.values())
    pages = {m for t in texts for m in re.findall(r"/help/([a-z-]+)/|url 'help' '([a-z-]+)'", t)}
    pages = {a or b for a, b in pages}
    anchors = {m for t in texts for m in re.findall(r"/glossary/#([a-z-]+)", t)}
    assert {"ethnicity", "data-formats"} <= pages and "rounded" in anchors
    for name in pages:
        assert client.get(f"/help/{name}/").status_code == 200, name
    assert anchors <= ANCHORS
    user_facing = [t for p, t in files.items() if p.suffix == ".html"]
    assert not [t for t in user_facing if re.search(r"\(docs/[a-z-]+\.md\)", t)]


def test_a_file_left_waiting_for_its_columns_is_cancelled_and_deleted_after_a_day(login, settings):
    import datetime as dt

    from django.utils import timezone

    from parity.app.workforce import jobs

    client = login("analyst")
    run, where = start(client)
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    assert jobs.expire_waiting() == [f"import {run.pk}: cancelled (waited over 24 hours)"]
    run.refresh_from_db()
    assert run.status == "cancelled" and "nobody finished matching its columns" in run.message
    assert not (settings.PARITY_UPLOAD_DIR / str(run.pk)).exists()
    assert client.get(where).status_code == 404
