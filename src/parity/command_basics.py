"""What every ``parity`` command shares: exit codes, the usage error, starting Django."""

from __future__ import annotations

import os
from contextlib import contextmanager

OK, DATA_PROBLEMS, USAGE, RECOMPUTE_FAILED = 0, 1, 2, 3  # 3: data stored, measures not recomputed
INTERRUPTED = 130  # Ctrl-C, as shells report it (128 + SIGINT)


class UsageError(Exception):
    """A command was asked for something that cannot be: exits 2 with the message."""


def django_setup() -> None:
    """Start Django; a setting that cannot be (e.g. PARITY_DEBUG with PARITY_PRODUCTION) is a usage error."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.app.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise UsageError(f"configuration: {exc}") from None


@contextmanager
def refused_as_usage_error():
    """A service's ``ValueError`` (a refused request) becomes the command's usage error."""
    try:
        yield
    except ValueError as exc:
        raise UsageError(str(exc)) from None
