"""Import jobs, run off the request.

An upload is saved under ``$PARITY_HOME/uploads/<run id>/`` and an ``ImportRun`` queued; a
background thread of the web process validates and imports it, writing progress to the run,
which the run's page shows (it refreshes itself until the run finishes). The uploaded files
hold raw identifiers, so they are deleted as soon as the run ends, whatever its outcome.
``PARITY_JOBS_INLINE=1`` runs the job in the request instead (used by some tests).
Threads come from ``app.background`` (docs/adr/0003-import-jobs.md).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ...ingest.column_map import ColumnMap, ColumnMapError
from ..audit.services import record
from ..background import run_off_request
from ..measures.services import recompute
from .importing import import_files
from .models import ImportRun

log = logging.getLogger(__name__)
MAP_FILE = "column-map.yaml"


def upload_dir(run: ImportRun) -> Path:
    return Path(settings.PARITY_UPLOAD_DIR) / str(run.pk)


def run_import(run_id: int) -> ImportRun:
    """Validate and import the files saved for one run; always removes the uploaded files."""
    run = ImportRun.objects.get(pk=run_id)
    folder = upload_dir(run)
    try:
        run.status = ImportRun.Status.RUNNING
        run.save(update_fields=["status"])

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


def start(run: ImportRun) -> None:
    """Run the import off the request (inline when PARITY_JOBS_INLINE is set)."""
    run_off_request(lambda: run_import(run.pk), f"import-{run.pk}")
