"""Importing a plan from the browser: read the council's document (Word, HTML, text, or Parity's
workbook), show what was read as a tree with what could not be placed, and store it only when
the person says so.

Nothing is stored between the two steps: the document read is carried in the page, signed
(``django.core.signing``), so it cannot be altered on the way, and expires after a day. The
uploaded file is read from a private temporary folder and deleted at once. To correct what was
read, the person downloads it as Parity's plan workbook, edits it and uploads the workbook.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from django.conf import settings
from django.core import signing

from ...plans.document import PlanDocument
from ...plans.reader import UnreadablePlan, read_plan
from ...plans.spreadsheet import WorkbookProblem, read_workbook, write_workbook

SALT = "parity.plan-import"
MAX_AGE = 24 * 3600  # seconds a read plan may wait on its page before it must be read again
SUFFIXES = (".docx", ".html", ".htm", ".txt", ".md", ".xlsx")


class NotAPlan(Exception):
    """The file cannot be read as a plan, or holds none; the message says why."""


def read(upload) -> PlanDocument:
    """The plan in an uploaded file (by its suffix), read from a private temporary copy."""
    name = Path(upload.name).name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise NotAPlan(f"{name}: Parity reads plans from Word (.docx), web pages (.html), text (.txt, .md) and "
                       "its own plan workbook (.xlsx)")
    Path(settings.PARITY_UPLOAD_DIR).mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.PARITY_UPLOAD_DIR) as folder:  # 0700, deleted on leaving
        path = Path(folder) / f"plan{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            document = read_workbook(path) if suffix == ".xlsx" else read_plan(path)
        except (UnreadablePlan, WorkbookProblem) as exc:
            raise NotAPlan(str(exc).replace(str(path), name).replace(path.name, name)) from None
    if not document.priorities and not document.objectives:
        raise NotAPlan(f"{name}: no priorities or objectives were found in it. Parity looks for a table whose "
                       "header names objectives and actions (or actions and owners), under headings or "
                       "priorities")
    if document.title == path.name:
        document.title = Path(name).stem
    return document


def carry(document: PlanDocument, file_name: str) -> str:
    """The read plan, signed, for the page to carry to the next step."""
    return signing.dumps({"document": document.to_dict(), "file": file_name}, salt=SALT, compress=True)


def carried(token: str) -> tuple[PlanDocument, str]:
    """The plan a page carried; ``signing.BadSignature`` (or its ``SignatureExpired``) otherwise."""
    data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    return PlanDocument.from_dict(data["document"]), data["file"]


def reading_key(token: str) -> str:
    """A short name for one reading (its signed token), to tell a second save of it."""
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def saved_before(token: str):
    """The plan this very reading was saved as already (a double click, a resubmitted page), if any."""
    from ..audit.models import AuditEvent
    from .models import Plan

    event = AuditEvent.objects.filter(action="plan_import", detail__reading=reading_key(token)).first()
    return Plan.objects.filter(slug=event.target).first() if event else None


def workbook(document: PlanDocument) -> bytes:
    """The read plan as Parity's plan workbook, to correct and upload again."""
    Path(settings.PARITY_UPLOAD_DIR).mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.PARITY_UPLOAD_DIR) as folder:
        return write_workbook(document, Path(folder) / "plan.xlsx").read_bytes()


def tree(document: PlanDocument) -> list[dict]:
    """Priorities, each with its objectives, each with the actions that serve it (an action
    serving several objectives is shown under each), for the preview."""
    return [{"priority": p, "objectives": [
        {"objective": o, "actions": [a for a in document.actions if o.number in a.objectives]}
        for o in document.objectives if o.priority == p.number]} for p in document.priorities]
