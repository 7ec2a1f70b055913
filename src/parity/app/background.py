"""Work off the request: a daemon thread with its own database connection (ADR 3).

``PARITY_JOBS_INLINE=1`` runs the work in the caller instead (used by some tests).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connection


def run_off_request(work: Callable[[], object], name: str) -> None:
    if settings.PARITY_JOBS_INLINE:
        work()
        return

    def target() -> None:
        close_old_connections()
        try:
            work()
        finally:
            connection.close()

    threading.Thread(target=target, name=name, daemon=True).start()
