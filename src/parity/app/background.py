"""Work off the request: tasks in a queue kept in the database (ADR 0011).

Imports and recomputes are ``django_tasks`` tasks stored by the database backend
(``django_tasks_db``) in Parity's own database, SQLite or PostgreSQL alike: nothing else to
install or run. ``parity worker`` runs them, and ``parity serve`` starts one worker beside
the web server. A task survives a restart of the web server; a worker that is stopped mid-task
leaves its run to ``recover_interrupted`` (``parity worker`` calls it when it starts), which
resumes it or marks it failed with the reason.

``PARITY_JOBS_INLINE=1`` runs each task in the caller instead (used by some tests).
"""

from __future__ import annotations

from django.conf import settings


def enqueue(task, *args) -> None:
    """Queue ``task(*args)`` for the worker (run it here and now when PARITY_JOBS_INLINE is set)."""
    if settings.PARITY_JOBS_INLINE:
        task.call(*args)
    else:
        task.enqueue(*args)


def recover_interrupted() -> list[str]:
    """Runs left queued or running by a stopped worker: resumed when they can be, else failed
    with the reason; returns what was done, a line each (``parity worker`` prints them)."""
    from .measures.services import recover_interrupted_recomputes
    from .workforce.jobs import recover_interrupted_imports

    return recover_interrupted_imports() + recover_interrupted_recomputes()
