"""Importing: all or nothing, idempotent, replaced snapshots kept, quarantine, no raw ids stored."""

import csv
import hashlib
import hmac
import shutil

import pytest
from django.conf import settings
from django.db import connection

from parity.app.workforce.importing import import_files
from parity.app.workforce.models import (
    Application,
    Case,
    DatasetVersion,
    ImportRun,
    QuarantinedRow,
    StaffRecord,
    SurveyResponse,
    TrainingRecord,
)
from parity.ingest.folder import data_files

pytestmark = pytest.mark.django_db


def run_import(folder, quarantine=False, replace=False):
    run = ImportRun.objects.create(source="test", quarantine=quarantine, replace_confirmed=replace)
    files = data_files(folder)
    import_files(run, [(p.name, p) for p in files])
    run.save()
    return run


def csv_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def counts():
    return {m.__name__: m.objects.count() for m in
            (StaffRecord, Application, TrainingRecord, Case, SurveyResponse, DatasetVersion)}


def test_demo_council_imports_every_row(small_council):
    run = run_import(small_council)
    assert run.status == ImportRun.Status.IMPORTED, run.report
    assert StaffRecord.objects.count() == len(csv_rows(small_council / "staff_SYNTHETIC.csv"))
    assert Application.objects.count() == len(csv_rows(small_council / "applications_SYNTHETIC.csv"))
    assert Case.objects.count() == len(csv_rows(small_council / "casework_SYNTHETIC.csv"))
    assert SurveyResponse.objects.count() == len(csv_rows(small_council / "survey_responses_SYNTHETIC.csv"))
    # Each snapshot date is one current version whose row count matches the file's rows for it.
    by_date = {}
    for row in csv_rows(small_council / "staff_SYNTHETIC.csv"):
        by_date[row["snapshot_date"]] = by_date.get(row["snapshot_date"], 0) + 1
    versions = {v.period: v.rows for v in DatasetVersion.objects.filter(kind="staff", is_current=True)}
    assert versions == by_date
    answers = SurveyResponse.objects.first().answers
    assert set(answers) <= {"q_public_harassment", "q_staff_harassment", "q_equal_opportunities",
                            "q_discrimination", "q_safe", "q_manager_support", "q_comment"}


def test_importing_the_same_files_twice_changes_nothing(small_council):
    run_import(small_council)
    before = counts()
    second = run_import(small_council)
    assert second.status == ImportRun.Status.UNCHANGED
    assert counts() == before


def test_a_corrected_snapshot_replaces_the_old_one_which_stays_in_history(small_council, tmp_path):
    run_import(small_council)
    rows = csv_rows(small_council / "staff_SYNTHETIC.csv")
    latest = max(r["snapshot_date"] for r in rows)
    corrected = [r for r in rows if r["snapshot_date"] == latest]
    corrected[0]["grade"] = "PO6"
    dropped = corrected.pop()
    path = tmp_path / "staff_corrected.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(corrected)
    total_before = StaffRecord.objects.count()
    waiting = run_import(tmp_path)  # it removes someone: nothing is stored until confirmed
    assert waiting.status == ImportRun.Status.CONFIRM and StaffRecord.objects.count() == total_before
    (change,) = waiting.report["changes"]
    assert (change["period"], change["removed"], change["added"], change["changed"]) == (latest, 1, 0, 1)
    assert (change["current_rows"], change["new_rows"]) == (len(corrected) + 1, len(corrected))
    run = run_import(tmp_path, replace=True)
    assert run.status == ImportRun.Status.IMPORTED
    old, new = DatasetVersion.objects.filter(kind="staff", period=latest).order_by("version")
    assert (old.version, old.is_current, new.version, new.is_current) == (1, False, 2, True)
    assert old.replaced_by == new and old.replaced_at is not None
    # Nothing lost: the old version's records are all still stored.
    assert StaffRecord.objects.filter(version=old).count() == len(corrected) + 1
    assert StaffRecord.objects.count() == total_before + len(corrected)
    current = StaffRecord.objects.filter(version__is_current=True, snapshot_date=latest)
    assert current.count() == len(corrected)
    assert DatasetVersion.objects.filter(kind="staff", period__lt=latest, is_current=True).count() == 1
    assert dropped["staff_id"] not in str(list(current.values_list("staff_key", flat=True)))


def test_a_file_with_problems_stores_nothing(small_council, tmp_path):
    folder = tmp_path / "bad"
    shutil.copytree(small_council, folder)
    with open(folder / "training_SYNTHETIC.csv", "a", encoding="utf-8") as handle:
        handle.write("E9999999,Course,not_a_category,2024-01-01,yes\n")
    run = run_import(folder)
    assert run.status == ImportRun.Status.REJECTED
    assert all(n == 0 for n in counts().values())
    bad = [f for f in run.report["files"] if not f["ok"]]
    assert [(f["file"], f["problems"][0]["column"], f["problems"][0]["value"]) for f in bad] == [
        ("training_SYNTHETIC.csv", "category", "not_a_category")]


def test_quarantine_imports_good_rows_and_keeps_bad_ones_with_reasons(tmp_path):
    (tmp_path / "staff.csv").write_text(
        "staff_id,snapshot_date,ethnicity,directorate,grade\n"
        "S1,2024-03-31,A,Adults,G1\nS2,2024-03-31,Martian,Adults,G1\nS3,2024-03-31,B,=HYPERLINK(\"x\"),G2\n", "utf-8")
    run = run_import(tmp_path, quarantine=True)
    assert run.status == ImportRun.Status.QUARANTINED
    assert StaffRecord.objects.count() == 2
    (bad,) = QuarantinedRow.objects.all()
    assert bad.row == 3 and "ethnicity" in bad.reasons[0]
    assert bad.values["staff_id"] != "S2" and len(bad.values["staff_id"]) == 64  # hashed
    assert StaffRecord.objects.get(source_row=4).directorate == '=HYPERLINK("x")'  # stored as text


def test_quarantine_cannot_skip_a_whole_file_problem(tmp_path):
    (tmp_path / "staff.csv").write_text("staff_id,ethnicity\nS1,A\n", "utf-8")
    run = run_import(tmp_path, quarantine=True)
    assert run.status == ImportRun.Status.REJECTED and StaffRecord.objects.count() == 0


def _all_stored_text() -> str:
    """Every value of every table in the database, as text (the slow, obvious scan)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_no_raw_identifier_is_stored_anywhere(small_council):
    run_import(small_council)
    stored = _all_stored_text()
    raw_ids = set()
    for name, column in (("staff", "staff_id"), ("applications", "application_id"),
                         ("training", "staff_id"), ("casework", "case_id"),
                         ("casework", "staff_id"), ("survey_responses", "response_id")):
        raw_ids |= {r[column] for r in csv_rows(small_council / f"{name}_SYNTHETIC.csv")}
    assert len(raw_ids) > 1000
    leaked = [i for i in raw_ids if i in stored]
    assert leaked == []
    # The stored key is HMAC-SHA256 with the installation's secret.
    secret = bytes.fromhex(settings.PARITY_IDENTIFIER_SECRET_FILE.read_text().strip())
    first = csv_rows(small_council / "staff_SYNTHETIC.csv")[0]["staff_id"]
    expected = hmac.new(secret, first.encode(), hashlib.sha256).hexdigest()
    assert StaffRecord.objects.filter(staff_key=expected).exists()
    assert oct(settings.PARITY_IDENTIFIER_SECRET_FILE.stat().st_mode & 0o777) == "0o600"


def test_the_secret_lives_outside_the_repository():
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    secret = settings.PARITY_IDENTIFIER_SECRET_FILE.resolve()
    ignored = (repo / ".gitignore").read_text()
    assert repo not in secret.parents or "var/" in ignored


def write_rows(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_forty_rows_dated_like_a_snapshot_never_silently_replace_it(small_council, tmp_path):
    """The issue's case: a 40-row extract dated like the latest snapshot. Without problem rows
    it waits for a confirmation that says what it would remove; with problem rows kept aside
    it is stored as an incomplete version and never made current."""
    run_import(small_council)
    rows = csv_rows(small_council / "staff_SYNTHETIC.csv")
    latest = max(r["snapshot_date"] for r in rows)
    in_use = StaffRecord.objects.filter(version__is_current=True, snapshot_date=latest).count()
    extract = [r for r in rows if r["snapshot_date"] == latest][:40]
    (tmp_path / "clean").mkdir()
    write_rows(tmp_path / "clean" / "staff.csv", extract)
    waiting = run_import(tmp_path / "clean", quarantine=True)
    assert waiting.status == ImportRun.Status.CONFIRM
    assert f"{in_use:,} records in use, 40 in the new file ({in_use - 40:,} removed" in waiting.message
    assert StaffRecord.objects.filter(version__is_current=True, snapshot_date=latest).count() == in_use
    (tmp_path / "bad").mkdir()
    write_rows(tmp_path / "bad" / "staff.csv", [{**r, "ethnicity": "Martian"} if i < 6 else r
                                                for i, r in enumerate(extract)])
    run = run_import(tmp_path / "bad", quarantine=True)
    assert run.status == ImportRun.Status.QUARANTINED and f"staff {latest}" in run.message
    kept = DatasetVersion.objects.get(import_run=run)
    assert kept.incomplete and not kept.is_current and kept.rows == 34
    assert StaffRecord.objects.filter(version__is_current=True, snapshot_date=latest).count() == in_use


def test_a_replacement_that_only_adds_or_changes_goes_ahead_and_says_what_changed(small_council, tmp_path):
    run_import(small_council)
    rows = csv_rows(small_council / "staff_SYNTHETIC.csv")
    latest = max(r["snapshot_date"] for r in rows)
    snapshot = [r for r in rows if r["snapshot_date"] == latest]
    newcomer = {**snapshot[0], "staff_id": "E9999999"}
    write_rows(tmp_path / "staff.csv", [{**snapshot[0], "grade": "PO6"}] + snapshot[1:] + [newcomer])
    run = run_import(tmp_path)
    assert run.status == ImportRun.Status.IMPORTED
    (stored,) = [v for o in run.report["stored"] for v in o["new_versions"]]
    assert {k: stored["change"][k] for k in ("added", "removed", "changed")} == {"added": 1, "removed": 0, "changed": 1}
