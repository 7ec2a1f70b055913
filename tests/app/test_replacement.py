"""No silent replacement (issue 11, point 1): a replacement that removes people waits for a
confirmation that shows what it changes; any earlier version can be used again; a period with
rows kept aside is never used."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from test_upload import upload

from parity.app.audit.models import AuditEvent
from parity.app.workforce.models import DatasetVersion, ImportRun, StaffRecord

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = b"staff_id,snapshot_date,ethnicity,directorate,grade\n"
FIVE = HEADER + b"".join(b"S%d,2024-03-31,A,Adults,G1\n" % i for i in range(1, 6))
TWO = HEADER + b"S1,2024-03-31,A,Adults,G2\nS6,2024-03-31,H,Adults,G1\n"  # 4 removed, 1 added, 1 changed


def waiting_run(client) -> ImportRun:
    """Five people imported, then a file of two that removes four: the run that waits."""
    upload(client, "staff.csv", FIVE)
    upload(client, "staff-march.csv", TWO)
    return ImportRun.objects.latest("id")


def in_use() -> int:
    return StaffRecord.objects.filter(version__is_current=True).count()


@override_settings(PARITY_JOBS_INLINE=True)
def test_a_removing_replacement_waits_shows_its_changes_and_goes_ahead_when_confirmed(login, settings):
    client = login("analyst")
    run = waiting_run(client)
    assert run.status == "confirm" and in_use() == 5
    assert (settings.PARITY_UPLOAD_DIR / str(run.pk)).exists()  # the files wait with it
    page = client.get(reverse("workforce:run", args=[run.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page and "Replace the data in use" in page and "Cancel" in page
    table = page[page.index('id="changes"'):]
    cells = re.findall(r'<td class="govuk-table__cell[^"]*">(.*?)</td>', table)[:8]
    assert cells == ["staff-march.csv", "staff", "2024-03-31", "5", "2", "<strong>4</strong>", "1", "1"]
    assert client.post(reverse("workforce:run_confirm", args=[run.pk])).status_code == 302
    run.refresh_from_db()
    assert run.status == "imported" and in_use() == 2 and run.replace_confirmed
    assert not (settings.PARITY_UPLOAD_DIR / str(run.pk)).exists()
    assert AuditEvent.objects.filter(action="import_confirm", target=f"import_run:{run.pk}").exists()
    assert client.post(reverse("workforce:run_confirm", args=[run.pk])).status_code == 404  # once only


@override_settings(PARITY_JOBS_INLINE=True)
def test_a_cancelled_replacement_stores_nothing_and_deletes_its_files(login, settings):
    client = login("analyst")
    run = waiting_run(client)
    client.post(reverse("workforce:run_cancel", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "cancelled" and in_use() == 5 and DatasetVersion.objects.count() == 1
    assert not (settings.PARITY_UPLOAD_DIR / str(run.pk)).exists()
    assert AuditEvent.objects.filter(action="import_cancel").exists()


@override_settings(PARITY_JOBS_INLINE=True)
def test_only_importers_confirm_and_only_by_post(login):
    client = login("analyst")
    run = waiting_run(client)
    assert client.get(reverse("workforce:run_confirm", args=[run.pk])).status_code == 405
    viewer = login("viewer")
    assert viewer.post(reverse("workforce:run_confirm", args=[run.pk])).status_code == 403
    run.refresh_from_db()
    assert run.status == "confirm" and in_use() == 5


@override_settings(PARITY_JOBS_INLINE=True)
def test_an_earlier_version_can_be_used_again_from_the_data_page(login):
    client = login("analyst")
    client.post(reverse("workforce:run_confirm", args=[waiting_run(client).pk]))
    first = DatasetVersion.objects.get(version=1)
    data_page = client.get(reverse("workforce:data")).content.decode()
    assert reverse("workforce:use_version", args=[first.pk]) in data_page
    page = client.get(reverse("workforce:use_version", args=[first.pk])).content.decode()
    assert "What this changes in the data in use" in page
    in_use_now = DatasetVersion.objects.get(is_current=True)
    assert client.post(reverse("workforce:use_version", args=[first.pk]),
                       {"replacing": str(in_use_now.pk)}).status_code == 302
    first.refresh_from_db()
    assert first.is_current and in_use() == 5
    second = DatasetVersion.objects.get(version=2)
    assert not second.is_current and second.replaced_by == first  # kept, and usable again
    event = AuditEvent.objects.get(action="version_use")
    assert event.detail == {"kind": "staff", "period": "2024-03-31", "version": 1, "replaced_version": 2}


@override_settings(PARITY_JOBS_INLINE=True)
def test_an_incomplete_version_is_marked_and_cannot_be_used(login):
    client = login("analyst")
    from parity.app.measures.models import ComputedSet

    upload(client, "staff.csv", FIVE)
    sets = ComputedSet.objects.count()
    upload(client, "staff-march.csv", FIVE.replace(b"S5,2024-03-31,A", b"S5,2024-03-31,Martian"), quarantine="on")
    assert ComputedSet.objects.count() == sets  # nothing new in use: no figure changes, no recompute
    incomplete = DatasetVersion.objects.get(incomplete=True)
    assert not incomplete.is_current and incomplete.rows == 4 and in_use() == 5
    assert "Incomplete: rows kept aside, not used" in client.get(reverse("workforce:data")).content.decode()
    assert client.get(reverse("workforce:use_version", args=[incomplete.pk])).status_code == 404


def test_parity_import_shows_the_changes_and_needs_replace_to_remove_people(tmp_path, capsys):
    from parity.cli import main

    (tmp_path / "first").mkdir()
    (tmp_path / "first" / "staff.csv").write_bytes(FIVE)
    (tmp_path / "second").mkdir()
    (tmp_path / "second" / "staff.csv").write_bytes(TWO)
    assert main(["import", str(tmp_path / "first"), "--no-recompute"]) == 0
    assert main(["import", str(tmp_path / "second"), "--no-recompute"]) == 1
    out = capsys.readouterr()
    assert ("Replaces staff 2024-03-31 (version 1, 5 records) with 2 records from staff.csv: "
            "1 added, 4 removed, 1 changed") in out.out
    assert "--replace" in out.err and in_use() == 5
    assert main(["import", str(tmp_path / "second"), "--no-recompute", "--replace"]) == 0
    assert in_use() == 2


@override_settings(PARITY_JOBS_INLINE=True)
@pytest.mark.parametrize("role", ["admin", "analyst", "directorate_lead", "staff_network", "viewer"])
def test_every_role_and_the_public_against_the_replacement_urls(login, client, role):
    importer = login("analyst")
    run = waiting_run(importer)
    version = DatasetVersion.objects.get()
    allowed = role in ("admin", "analyst")
    other = login(role)
    assert other.get(reverse("workforce:run", args=[run.pk])).status_code == (200 if allowed else 403)
    assert other.get(reverse("workforce:use_version", args=[version.pk])).status_code == (404 if allowed else 403)
    for name, status in (("workforce:run_cancel", 302), ("workforce:run_confirm", 404)):  # cancelled: no more
        assert other.post(reverse(name, args=[run.pk])).status_code == (status if allowed else 403)
    anonymous = client.__class__()
    for url in (reverse("workforce:run_cancel", args=[run.pk]), reverse("workforce:use_version", args=[version.pk])):
        response = anonymous.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@override_settings(PARITY_JOBS_INLINE=True)
def test_a_confirmation_covers_only_what_the_page_showed(login):
    """Shown '4 removed'; meanwhile another import puts 100 people in use; confirming must not
    remove 98 unseen: the run waits again with the new comparison."""
    client = login("analyst")
    run = waiting_run(client)
    hundred = HEADER + b"".join(b"S%d,2024-03-31,A,Adults,G1\n" % i for i in range(1, 101))
    import tempfile
    from pathlib import Path

    from parity.cli import main

    folder = Path(tempfile.mkdtemp())
    (folder / "staff.csv").write_bytes(hundred)
    assert main(["import", str(folder), "--no-recompute"]) == 0 and in_use() == 100
    client.post(reverse("workforce:run_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "confirm" and in_use() == 100 and not run.replace_confirmed
    (change,) = run.report["changes"]
    assert (change["current_rows"], change["removed"]) == (100, 98)
    client.post(reverse("workforce:run_confirm", args=[run.pk]))  # now confirmed as shown
    run.refresh_from_db()
    assert run.status == "imported" and in_use() == 2


@override_settings(PARITY_JOBS_INLINE=True)
def test_a_row_the_reader_cannot_read_makes_its_file_incomplete_under_quarantine(login):
    client = login("analyst")
    upload(client, "staff.csv", FIVE)
    unreadable = FIVE + b"S7,2024-03-31,A,Adults, Health,G1\n"  # six cells: the reader leaves it out
    upload(client, "staff-2.csv", unreadable, quarantine="on")
    run = ImportRun.objects.latest("id")
    assert run.status == "quarantined" and run.quarantined_rows == 1
    assert DatasetVersion.objects.get(import_run=run).incomplete and in_use() == 5
    page = client.get(reverse("workforce:run", args=[run.pk])).content.decode()
    assert "Not in use: staff 2024-03-31. Rows of these periods had problems" in page


def test_a_worker_stopped_during_the_recompute_finishes_the_run_and_deletes_its_files(login, settings):
    from parity.app.measures.models import ComputedSet
    from parity.cli import main

    upload(login("analyst"), "staff.csv", FIVE)
    run = ImportRun.objects.get()
    folder = settings.PARITY_UPLOAD_DIR / str(run.pk)
    # as if the worker stored the data and died during the recompute: imported, progress 90, files left
    ImportRun.objects.filter(pk=run.pk).update(status="imported", progress=90)
    ComputedSet.objects.create(trigger=f"import {run.pk}")
    assert folder.exists()
    assert main(["worker", "--batch"]) == 0
    run.refresh_from_db()
    assert run.finished and run.recompute_failed and "restarted during the recompute" in run.message
    assert not folder.exists()


@override_settings(PARITY_JOBS_INLINE=True)
def test_a_run_left_waiting_a_day_is_cancelled_and_its_files_deleted(login, settings):
    import datetime as dt

    from django.utils import timezone

    client = login("analyst")
    run = waiting_run(client)
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    upload(client, "other.csv", FIVE)  # any upload sweeps expired waits
    run.refresh_from_db()
    assert run.status == "cancelled" and "24 hours" in run.message
    assert not (settings.PARITY_UPLOAD_DIR / str(run.pk)).exists()


@override_settings(PARITY_JOBS_INLINE=True)
def test_use_this_version_acts_only_on_the_version_the_page_compared_with(login):
    client = login("analyst")
    client.post(reverse("workforce:run_confirm", args=[waiting_run(client).pk]))
    first, second = DatasetVersion.objects.order_by("version")
    stale = {"replacing": str(first.pk)}  # the page was shown when version 1 was in use
    assert client.post(reverse("workforce:use_version", args=[first.pk]), stale).status_code == 302
    first.refresh_from_db()
    assert not first.is_current and second.is_current is True and in_use() == 2  # refused: shown again


@override_settings(PARITY_JOBS_INLINE=True)
def test_a_cancelled_run_says_what_it_would_have_changed(login):
    client = login("analyst")
    run = waiting_run(client)
    client.post(reverse("workforce:run_cancel", args=[run.pk]))
    page = client.get(reverse("workforce:run", args=[run.pk])).content.decode()
    assert "would have changed" in page and "What this import changed" not in page
