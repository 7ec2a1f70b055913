"""RAG status of an action, by one documented rule, and timescales read as dates.

**Rule** (first that applies), for an action on day ``today``:

1. a manual override, which must carry a reason, wins (shown as overridden);
2. completed -> **green** ("complete");
3. a due date before today -> **red** ("overdue");
4. no due date (no timescale, or one such as "by the next review") -> **amber** ("no date set");
   an *open-ended* action ("Ongoing", "Annually", "Quarterly", "Rolling") has no due date by
   design: it is judged by rules 6 and 7, and not started -> **amber** ("ongoing, not started");
5. not started and due within ``SOON`` (90) days -> **amber** ("due soon, not started");
6. on hold -> **amber** ("on hold");
7. no progress update for ``STALE`` (90) days, or none at all while in progress -> **amber**
   ("no recent update");
8. otherwise -> **green** ("on track").

**Timescales** are read as the last day they allow: ``31/03/2022``, ``2022-03-31``,
``March 2022`` (the month's end), ``Q3 2022/23`` (financial quarters: Q1 is April to June, so
31 December 2022), ``Q3 2022`` (calendar quarter), ``2022/23`` (31 March 2023). Anything else
("ongoing", "by the next review") has no date; ``open_ended`` tells the timescales that mean it
on purpose.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

RED, AMBER, GREEN = "red", "amber", "green"
RAGS = (RED, AMBER, GREEN)
SOON = dt.timedelta(days=90)
STALE = dt.timedelta(days=90)
STATUSES = ("not_started", "in_progress", "completed", "on_hold")
STATUS_WORDS = {s: s.replace("_", " ").capitalize() for s in STATUSES}  # "In progress", as pages and workbooks say it


def status_from_words(text: str) -> str | None:
    """'In progress', 'in_progress', 'Complete' -> 'in_progress' / 'completed'; None if not a status."""
    key = re.sub(r"[^a-z]+", " ", (text or "").lower()).strip()
    words = {w.lower(): s for s, w in STATUS_WORDS.items()} | {"complete": "completed", "done": "completed"}
    return words.get(key)

# The rule in words, for every page and report that shows a RAG status.
KEY = (
    "An owner can set the status by hand, with a reason; the reason is shown.",
    f"Green: completed; in progress with an update in the last {STALE.days} days and not past its date; or not "
    f"started and not due within {SOON.days} days.",
    "Red: past its due date and not completed (overdue).",
    f"Amber: no date set; not started and due within {SOON.days} days; on hold; or no update for {STALE.days} days.",
    "An ongoing or annual action has no due date: it is judged by its updates, and is amber until it starts.",
    "Timescales are read as the last day they allow: \"Q3 2025/26\" (financial quarters, April to June is Q1) "
    "is 31 December 2025.",
)

OPEN_ENDED = ("ongoing", "on going", "on-going", "annually", "annual", "every year", "yearly", "each year",
              "quarterly", "monthly", "continuous", "continuing", "rolling", "throughout", "business as usual")

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})


@dataclass(frozen=True)
class Rag:
    colour: str
    reason: str
    overridden: bool = False


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def due_date(timescale: str) -> dt.date | None:
    """The last day a timescale allows, or None (see the module docstring)."""
    text = (timescale or "").strip().lower()
    if not text:
        return None
    if m := re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", text):
        return _date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if m := re.search(r"\bq([1-4])\s*(\d{4})\s*/\s*(\d{2,4})\b", text):
        quarter, start = int(m.group(1)), int(m.group(2))
        month = (3 + 3 * quarter)  # financial: Q1 ends June (6), Q4 ends March next year (15)
        return _month_end(start + (month - 1) // 12, (month - 1) % 12 + 1)
    if m := re.search(r"\bq([1-4])\s*(\d{4})\b", text):
        return _month_end(int(m.group(2)), 3 * int(m.group(1)))
    if m := re.search(r"\b([a-z]+)\s+(\d{4})\b", text):
        if m.group(1) in MONTHS:
            return _month_end(int(m.group(2)), MONTHS[m.group(1)])
    if m := re.search(r"\b(\d{4})\s*/\s*(\d{2})\b", text):
        return dt.date(int(m.group(1)) + 1, 3, 31)
    return None


def open_ended(timescale: str) -> bool:
    """Whether a timescale with no date means the action goes on ("Ongoing", "Annually")."""
    text = (timescale or "").strip().lower()
    return due_date(text) is None and any(re.search(rf"\b{re.escape(word)}\b", text) for word in OPEN_ENDED)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def check_override(colour: str, reason: str) -> None:
    """A manual RAG must be red, amber or green and carry a reason; ValueError otherwise."""
    if colour not in RAGS:
        raise ValueError(f"unknown RAG {colour!r}; use {', '.join(RAGS)}")
    if not reason.strip():
        raise ValueError("a RAG override needs a reason")


def rag(status: str, due: dt.date | None, today: dt.date, last_update: dt.date | None = None,
        override: str = "", override_reason: str = "", ongoing: bool = False) -> Rag:
    """The action's RAG by the rule in the module docstring; ``ongoing``: its timescale is
    open-ended (``open_ended``)."""
    if override:
        check_override(override, override_reason)
        return Rag(override, override_reason.strip(), overridden=True)
    if status == "completed":
        return Rag(GREEN, "complete")
    if due is not None and due < today:
        return Rag(RED, f"overdue: due {due.isoformat()}")
    if due is None and ongoing and status == "not_started":
        return Rag(AMBER, "ongoing, not started")
    if due is None and not ongoing:
        return Rag(AMBER, "no date set")
    if status == "not_started" and due is not None and due - today <= SOON:
        return Rag(AMBER, f"due soon ({due.isoformat()}), not started")
    if status == "on_hold":
        return Rag(AMBER, "on hold")
    if status == "in_progress" and (last_update is None or today - last_update > STALE):
        return Rag(AMBER, "no recent update")
    return Rag(GREEN, "on track")
