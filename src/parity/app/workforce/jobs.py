"""Import jobs, run off the request.

An upload is saved under ``$PARITY_HOME/uploads/<run id>/`` (readable by the service only) and
an ``ImportRun`` queued as a task (``app.background``, ADR 0011); the worker validates and
imports it, writing progress to the run, which the run's page shows (it refreshes itself until
the run finishes). The uploaded files hold raw identifiers, so they are deleted as soon as the
run ends, whatever its outcome, a restart included (``recover_interrupted_imports``).
``PARITY_JOBS_INLINE=1`` runs the job in the request instead (used by some tests).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ...ingest.column_map import ColumnMap, ColumnMapError
from ..audit.services import record
from django_tasks import task

from ..background import enqueue
from ..measures.services import recompute
from .importing import import_files
from .models import ImportRun

log = logging.getLogger(__name__)
MAP_FILE = "column-map.yaml"


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
    """Validate and import the files saved for one run; always removes the uploaded files."""
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
        if run.status in (ImportRun.Status.IMPORTED, ImportRun.Status.QUARANTINED):
            progress(90, "Recomputing the measures")
            computed = recompute(f"import {run.pk}")
            if computed.status == computed.Status.FAILED:
                run.message = recompute_failed_message(run.message, computed.message)
                run.recompute_failed = True
                ImportRun.objects.filter(pk=run.pk).update(message=run.message, recompute_failed=True)
        if run.status == ImportRun.Status.REJECTED:
            run.finished_at = timezone.now()
            run.save()
            record(run.user, "import", f"import_run:{run.pk}",
                   {"status": run.status, "files": run.files, "message": run.message})
    except ColumnMapError as exc:
        _fail(run, str(exc))
    except Exception as exc:  # the run must end visibly, whatever went wrong
        log.exception("import run %s failed", run.pk)
        _fail(run, f"The import failed unexpectedly ({type(exc).__name__}); nothing was stored.")
    finally:
        if run.status != ImportRun.Status.CONFIRM:  # waiting for a confirmation: its files wait too
            shutil.rmtree(folder, ignore_errors=True)
    finish(run)
    return run


def confirm(run: ImportRun, user) -> None:
    """Go ahead with a waiting run's replacement (it removes records from data in use): audited."""
    run.replace_confirmed = True
    run.status, run.progress, run.message = ImportRun.Status.QUEUED, 0, "Confirmed: importing"
    run.save(update_fields=["replace_confirmed", "status", "progress", "message"])
    record(user, "import_confirm", f"import_run:{run.pk}", {"changes": run.report.get("changes", [])})
    start(run)


def cancel(run: ImportRun, user) -> None:
    """Cancel a waiting run: nothing is stored and its uploaded files are deleted. Audited."""
    shutil.rmtree(upload_dir(run), ignore_errors=True)
    run.status, run.message = ImportRun.Status.CANCELLED, "Cancelled before anything was stored."
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    record(user, "import_cancel", f"import_run:{run.pk}", {"changes": run.report.get("changes", [])})
    finish(run)


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


def recover_interrupted_imports() -> list[str]:
    """Imports a stopped worker left queued or running: queued again when their files are
    still there (storing is one transaction, so an interrupted import stored nothing and a
    second go is safe), otherwise failed with the reason. Never left "running"."""
    done = []
    for run in ImportRun.objects.filter(status__in=[ImportRun.Status.QUEUED, ImportRun.Status.RUNNING]):
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
