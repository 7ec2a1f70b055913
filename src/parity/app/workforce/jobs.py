"""Import jobs, run off the request.

An upload is saved under ``$PARITY_HOME/uploads/<run id>/`` (readable by the service only) and
an ``ImportRun`` queued as a task (``app.background``, ADR 0011); the worker validates and
imports it, writing progress to the run, which the run's page shows (it refreshes itself until
the run finishes). The uploaded files hold raw identifiers, so they are deleted as soon as the
run ends, whatever its outcome, a restart included (``recover_interrupted_imports``).
``PARITY_JOBS_INLINE=1`` runs the job in the request instead (used by some tests).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ...ingest.column_map import ColumnMap, ColumnMapError
from ..audit.services import record
from django_tasks import task

from .. import notifications
from ..background import enqueue
from ..measures.services import UNEXPECTED, recompute
from .importing import import_files
from .models import ImportRun

log = logging.getLogger(__name__)
MAP_FILE = "column-map.yaml"
STORED = (ImportRun.Status.IMPORTED, ImportRun.Status.QUARANTINED)  # the data is in the database
COMMAND_LINE_STALE = dt.timedelta(hours=6)  # a `parity import` run unfinished after this was killed


def upload_dir(run: ImportRun) -> Path:
    return Path(settings.PARITY_UPLOAD_DIR) / str(run.pk)


PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600  # uploads hold raw identifiers: the service's user only


def save_upload(run: ImportRun, name: str, chunks) -> None:
    """Write one uploaded file into the run's folder, readable and writable by the service's
    user only (folders 0700, files 0600, whatever the umask)."""
    root = Path(settings.PARITY_UPLOAD_DIR)
    for folder in (root, upload_dir(run)):
        folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
        folder.chmod(PRIVATE_FOLDER)
    descriptor = os.open(upload_dir(run) / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    os.fchmod(descriptor, PRIVATE_FILE)
    with os.fdopen(descriptor, "wb") as out:
        for chunk in chunks:
            out.write(chunk)


def run_import(run_id: int) -> ImportRun:
    """Validate and import the files saved for one run; removes the uploaded files however it
    ends, unless it waits for a confirmation (they are needed to go ahead)."""
    if not ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
            status=ImportRun.Status.RUNNING):
        return ImportRun.objects.get(pk=run_id)  # claimed already (a task queued twice runs once)
    run = ImportRun.objects.get(pk=run_id)
    folder = upload_dir(run)
    try:

        def progress(percent: int, message: str) -> None:
            ImportRun.objects.filter(pk=run.pk).update(progress=percent, message=message)

        map_path = folder / MAP_FILE
        column_map = ColumnMap.load(map_path) if map_path.exists() else None
        named = [(entry["name"], folder / entry["stored_as"]) for entry in run.files]
        import_files(run, named, column_map, progress)
        if run.status in STORED and in_use_changed(run):  # committed: whatever follows, the run says so
            progress(90, "Recomputing the measures")
            try:
                computed = recompute(f"import {run.pk}")
                reason = computed.message if computed.status == computed.Status.FAILED else None
            except Exception:
                log.exception("import run %s: recompute failed", run.pk)
                reason = UNEXPECTED
            if reason is not None:
                _recompute_failed(run, reason)
        if run.status == ImportRun.Status.REJECTED:
            run.finished_at = timezone.now()
            run.save()
            record(run.user, "import", f"import_run:{run.pk}",
                   {"status": run.status, "files": run.files, "message": run.message})
    except ColumnMapError as exc:
        _fail(run, str(exc))
    except Exception:  # the run must end visibly, whatever went wrong
        log.exception("import run %s failed", run.pk)
        _fail(run, "The import failed because of an unexpected error in Parity (the details are in the "
                   "server's log); nothing was stored.")
    finally:
        if run.status not in WAITING:  # waiting for a confirmation: its files wait too
            shutil.rmtree(folder, ignore_errors=True)
    finish(run)
    if run.status in (ImportRun.Status.REJECTED, ImportRun.Status.FAILED):
        notifications.soon()  # the analysts hear of it (``notifications``)
    return run


def in_use_changed(run: ImportRun) -> bool:
    """Whether the run put a new version into use (an import whose periods were all incomplete
    or unchanged changes no figure, so nothing is recomputed)."""
    return any(o["new_versions"] for o in run.report.get("stored", []))


def _recompute_failed(run: ImportRun, reason: str) -> None:
    run.message = recompute_failed_message(run.message, reason)
    run.recompute_failed = True
    ImportRun.objects.filter(pk=run.pk).update(message=run.message, recompute_failed=True)


WAITING = (ImportRun.Status.CONFIRM, ImportRun.Status.MAPPING)  # runs waiting for a person, their files kept


def _claim_waiting(run: ImportRun, status: str, message: str, waiting=(ImportRun.Status.CONFIRM,)) -> bool:
    """Move a run from waiting (for a confirmation, by default) to ``status``; False when it no
    longer waits (confirmed or cancelled already, perhaps at the same moment in another tab)."""
    if not ImportRun.objects.filter(pk=run.pk, status__in=waiting).update(
            status=status, progress=0, message=message):
        return False
    run.status, run.progress, run.message = status, 0, message
    return True


def confirm(run: ImportRun, user) -> bool:
    """Go ahead with a waiting run's replacement (it removes records from data in use): audited.
    The confirmation covers what the page showed; if the data in use has changed since, the run
    waits again with the new comparison (``importing._confirmed``)."""
    if not _claim_waiting(run, ImportRun.Status.QUEUED, "Confirmed: importing"):
        return False
    ImportRun.objects.filter(pk=run.pk).update(replace_confirmed=True)
    run.replace_confirmed = True
    record(user, "import_confirm", f"import_run:{run.pk}", {"changes": run.report.get("changes", [])})
    start(run)
    return True


def cancel(run: ImportRun, user, why: str = "Cancelled before anything was stored.") -> bool:
    """Cancel a waiting run (for a confirmation or for its columns to be matched): nothing is
    stored and its uploaded files are deleted. Audited."""
    if not _claim_waiting(run, ImportRun.Status.CANCELLED, why, WAITING):
        return False
    shutil.rmtree(upload_dir(run), ignore_errors=True)
    run.finished_at = timezone.now()
    ImportRun.objects.filter(pk=run.pk).update(finished_at=run.finished_at)
    record(user, "import_cancel", f"import_run:{run.pk}", {"changes": run.report.get("changes", []), "why": why})
    finish(run)
    return True


WAITING_LIMIT = dt.timedelta(hours=24)  # a run nobody confirmed or matched is cancelled, its files deleted


def expire_waiting() -> list[str]:
    """Cancel the runs that have waited for a confirmation, or for their columns to be matched,
    longer than ``WAITING_LIMIT`` (their files hold raw identifiers; they are not kept
    indefinitely). Called when a worker starts and on every upload."""
    old = ImportRun.objects.filter(status__in=WAITING, created_at__lt=timezone.now() - WAITING_LIMIT)
    why = {ImportRun.Status.CONFIRM: "nobody confirmed the replacement", ImportRun.Status.MAPPING:
           "nobody finished matching its columns"}
    return [f"import {run.pk}: cancelled (waited over 24 hours)" for run in old
            if cancel(run, "system", f"Cancelled: {why[run.status]} within 24 hours; nothing was "
                                     "stored and the files were deleted.")]


def recompute_failed_message(imported: str, reason: str) -> str:
    """The run's message when its data was stored but the measures could not be recomputed."""
    return (f"{imported} The data is stored, but recomputing the measures failed, so the dashboard "
            f"still shows the figures from before this import. Why: {reason}")[:500]


def finish(run: ImportRun) -> None:
    """Mark the run complete: progress 100 and its outcome message (progress notes overwrote it)."""
    run.progress = 100
    ImportRun.objects.filter(pk=run.pk).update(progress=100, message=run.message)


def _fail(run: ImportRun, message: str) -> None:
    run.refresh_from_db(fields=["stored_rows"])
    run.status = ImportRun.Status.FAILED
    run.message = message
    run.finished_at = timezone.now()
    run.save()
    record(run.user, "import", f"import_run:{run.pk}", {"status": run.status, "message": message})


@task()
def import_task(run_id: int) -> None:
    run_import(run_id)


def start(run: ImportRun) -> None:
    """Queue the import for the worker (inline when PARITY_JOBS_INLINE is set)."""
    enqueue(import_task, run.pk)


INTERRUPTED = ("The import was interrupted by a restart of Parity before it finished, and its files "
               "are gone: nothing was stored. Upload the files again.")


def _left_behind(runs) -> list[ImportRun]:
    """Of ``runs``, those no live process is working on when a worker starts: every upload (one
    worker works uploads), and command-line imports older than ``COMMAND_LINE_STALE`` (a
    `parity import` in a terminal runs in its own process and may still be going)."""
    stale = timezone.now() - COMMAND_LINE_STALE
    return [run for run in runs if run.source == "upload" or run.created_at < stale]


def recover_interrupted_imports() -> list[str]:
    """Imports a stopped worker left behind:

    * queued or running: queued again when their files are still there (storing is one
      transaction, so an interrupted import stored nothing and a second go is safe), otherwise
      failed with the reason;
    * stored but stopped before the end (during the recompute): finished, marked as not
      recomputed (a new recompute follows: ``recover_interrupted_recomputes``), files deleted;
    * uploads still being received for over an hour: failed, files deleted;
    * waiting for a confirmation for over a day: cancelled (``expire_waiting``).

    No run is left "running", and no finished run keeps its files."""
    done = expire_waiting()
    stale = timezone.now() - dt.timedelta(hours=1)
    for run in ImportRun.objects.filter(status=ImportRun.Status.UPLOADING, created_at__lt=stale):
        _fail(run, "The upload did not finish; nothing was stored. Upload the files again.")
        finish(run)
        shutil.rmtree(upload_dir(run), ignore_errors=True)
        done.append(f"import {run.pk}: marked failed (its upload never finished)")
    for run in _left_behind(ImportRun.objects.filter(status__in=STORED, progress__lt=100)):
        _recompute_failed(run, "Parity was restarted during the recompute; a new recompute has been queued")
        finish(run)
        shutil.rmtree(upload_dir(run), ignore_errors=True)
        done.append(f"import {run.pk}: stored; its recompute was interrupted")
    for run in _left_behind(ImportRun.objects.filter(status__in=[ImportRun.Status.QUEUED, ImportRun.Status.RUNNING])):
        if upload_dir(run).exists() and run.source == "upload":
            ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED, progress=0,
                                                       message="Resumed after a restart of Parity")
            enqueue(import_task, run.pk)
            done.append(f"import {run.pk}: resumed after a restart")
        else:
            _fail(run, INTERRUPTED)
            finish(run)
            shutil.rmtree(upload_dir(run), ignore_errors=True)
            done.append(f"import {run.pk}: marked failed (interrupted by a restart, its files gone)")
    return done
