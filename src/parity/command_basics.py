"""What every ``parity`` command shares: exit codes, the usage error, starting Django."""

from __future__ import annotations

import os
from contextlib import contextmanager

OK, DATA_PROBLEMS, USAGE = 0, 1, 2


class UsageError(Exception):
    """A command was asked for something that cannot be: exits 2 with the message."""


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.app.settings")
    import django

    django.setup()


@contextmanager
def refused_as_usage_error():
    """A service's ``ValueError`` (a refused request) becomes the command's usage error."""
    try:
        yield
    except ValueError as exc:
        raise UsageError(str(exc)) from None
