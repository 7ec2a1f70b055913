"""The upload page: validation report on screen, import off the request, quarantine download."""

import stat

import pytest
from django.test import override_settings
from django.urls import reverse

from parity.app.audit.models import AuditEvent
from parity.app.workforce.models import ImportRun, StaffRecord

pytestmark = pytest.mark.django_db(transaction=True)

GOOD = b"staff_id,snapshot_date,ethnicity,directorate,grade\nS1,2024-03-31,A,Adults,G1\nS2,2024-03-31,H,Adults,G2\n"
BAD = b"staff_id,snapshot_date,ethnicity,directorate,grade\nS1,2024-13-31,Martian,Adults,G1\nS2,2024-03-31,H,Adults,\n"


def upload(client, name, data, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("workforce:upload"),
                       {"files": [SimpleUploadedFile(name, data)], **extra})


@override_settings(PARITY_JOBS_INLINE=True)
def test_bad_file_shows_every_problem_and_stores_nothing(login):
    client = login("analyst")
    response = upload(client, "staff.csv", BAD)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("workforce:run", args=[run.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Not imported" in page
    for text in ("2024-13-31", "Martian", "grade is required"):
        assert text in page
    assert StaffRecord.objects.count() == 0
    assert AuditEvent.objects.filter(action="import", detail__status="rejected").exists()
    report = client.get(reverse("workforce:run_report", args=[run.pk])).json()
    assert report["files"][0]["error_count"] == 3


@override_settings(PARITY_JOBS_INLINE=True)
def test_good_file_is_imported_and_uploads_are_deleted(login, settings):
    client = login("analyst")
    upload(client, "staff.csv", GOOD)
    run = ImportRun.objects.get()
    assert run.status == "imported" and StaffRecord.objects.count() == 2
    assert not (settings.PARITY_UPLOAD_DIR / str(run.pk)).exists()


@override_settings(PARITY_JOBS_INLINE=True)
def test_quarantined_rows_download_with_reasons_and_neutralised_cells(login):
    client = login("analyst")
    data = GOOD + b"S3,2024-03-31,Martian,=cmd|' /C calc'!A0,G1\n"
    upload(client, "staff.csv", data, quarantine="on")
    run = ImportRun.objects.get()
    assert run.status == "quarantined" and StaffRecord.objects.count() == 2
    text = client.get(reverse("workforce:quarantine_csv", args=[run.pk])).content.decode()
    assert "'=cmd|' /C calc'!A0" in text and "not an ethnicity" in text and "S3" not in text


def test_import_runs_off_the_request_in_the_queue_and_the_page_shows_progress(login, settings):
    from parity.app.measures.models import ComputedSet
    from parity.cli import main

    client = login("analyst")
    response = upload(client, "staff.csv", GOOD)
    run = ImportRun.objects.get()
    first = client.get(response["Location"]).content.decode()
    assert "Waiting to start" in first and 'http-equiv="refresh"' in first  # queued, in the database
    folder = settings.PARITY_UPLOAD_DIR / str(run.pk)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700  # raw identifiers: the service's user only
    assert stat.S_IMODE(settings.PARITY_UPLOAD_DIR.stat().st_mode) == 0o700
    assert {stat.S_IMODE(f.stat().st_mode) for f in folder.iterdir()} == {0o600}
    assert main(["worker", "--batch"]) == 0  # the worker `parity serve` starts, working the queue
    run.refresh_from_db()
    assert run.status == "imported" and run.finished and not folder.exists()
    assert client.get(reverse("workforce:run_status", args=[run.pk])).json()["progress"] == 100
    # The measures were recomputed off the request, after the import.
    assert ComputedSet.objects.get(is_current=True).trigger == f"import {run.pk}"


def test_runs_interrupted_by_a_restart_are_resumed_or_failed_never_left_running(login, settings, capsys):
    from parity.app.measures.models import ComputedSet
    from parity.cli import main

    client = login("analyst")
    upload(client, "staff.csv", GOOD)
    resumable = ImportRun.objects.get()
    ImportRun.objects.filter(pk=resumable.pk).update(status="running", progress=60)  # the worker died here
    lost = ImportRun.objects.create(user=resumable.user, status="running", progress=60)  # and its files are gone
    stuck = ComputedSet.objects.create(trigger="import 0")  # running when the worker stopped
    assert main(["worker", "--batch"]) == 0
    said = capsys.readouterr().out
    assert f"import {resumable.pk}: resumed" in said and f"import {lost.pk}: marked failed" in said
    resumable.refresh_from_db()
    lost.refresh_from_db()
    stuck.refresh_from_db()
    assert resumable.status == "imported" and StaffRecord.objects.count() == 2
    assert not (settings.PARITY_UPLOAD_DIR / str(resumable.pk)).exists()
    assert lost.status == "failed" and "interrupted by a restart" in lost.message and lost.finished
    assert "interrupted by a restart" in client.get(reverse("workforce:run", args=[lost.pk])).content.decode()
    assert stuck.status == "failed" and "interrupted by a restart" in stuck.message
    assert ComputedSet.objects.filter(status="running").count() == 0
    assert ComputedSet.objects.get(is_current=True).created_at > stuck.created_at  # recomputed since


def test_only_csv_and_excel_files_are_accepted(login):
    response = upload(login("analyst"), "notes.pdf", b"%PDF")
    assert response.status_code == 200 and "only CSV and Excel" in response.content.decode()
    assert ImportRun.objects.count() == 0
