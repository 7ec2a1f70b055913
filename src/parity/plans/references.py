"""How plans number their priorities and objectives, in the styles councils use.

Priorities (or themes, areas, strands): ``1``, ``Priority 2``, ``Theme A``, ``A``. Objectives:
``1.1`` (the priority's number, then the objective's), ``A1`` or ``A.1`` (a lettered theme),
``Objective 3`` or ``Obj 3`` (numbered through the plan), or no reference at all, in which case
Parity numbers it within its priority (``2.3``) and says so.

``objective_reference`` finds a reference at the start of a text; ``priority_of`` says which
priority a reference names when it names one (``1.1`` -> ``1``, ``A1`` -> ``A``); ``sort_key``
orders references as people do (``2`` before ``10``, ``A2`` before ``B1``).
"""

from __future__ import annotations

import re

MAX_REFERENCE = 10  # characters, as the plan's database columns keep them

# "1.1 Text", "1.1. Text", "A1 Text", "A.1: Text", "B2) Text", "Objective 3 - Text", "Obj. 3: Text"
_DOTTED = re.compile(r"^(?P<ref>\d{1,3}\.\d{1,3}(?:\.\d{1,3})?)\.?\s+(?P<text>\S.*)$", re.S)
_LETTERED = re.compile(r"^(?P<ref>[A-Z]\.?\d{1,3}(?:\.\d{1,3})?)[.:)]?\s+(?P<text>\S.*)$", re.S)
_NAMED = re.compile(r"^(?:objective|obj\.?)\s*(?P<ref>[A-Z]?\d{1,3}(?:\.\d{1,3})*[a-z]?)\s*[.:)\u2013\u2014-]?\s+"
                    r"(?P<text>\S.*)$", re.S | re.I)
# A priority or theme heading: "1. Staff support", "Priority 2: ...", "Theme A - ...", "Area 3 ..."
_PRIORITY_WORDS = r"priority|theme|area|strand|workstream|commitment|pillar|outcome|aim|goal"
PRIORITY = re.compile(rf"^(?:(?:{_PRIORITY_WORDS})\s+(?P<named>[A-Z]|\d{{1,2}})(?:\s*[.:)\u2013\u2014-]\s*|\s+)"
                      r"|(?P<number>\d{1,2})\s*[.:)\u2013\u2014-]\s*)(?P<title>\D.*)$", re.S | re.I)


def objective_reference(text: str) -> tuple[str, str] | None:
    """``(reference, the rest)`` when ``text`` opens with an objective's reference."""
    for pattern in (_DOTTED, _NAMED, _LETTERED):
        match = pattern.match(text.strip())
        if match and len(match.group("ref")) <= MAX_REFERENCE:
            return _tidy(match.group("ref")), match.group("text").strip()
    return None


def _tidy(reference: str) -> str:
    """'A.1' -> 'A1', 'a1' -> 'A1'; numbers as written."""
    if re.match(r"[A-Za-z]\.", reference):
        reference = reference[0] + reference[2:]
    return reference[:1].upper() + reference[1:]


def bare_reference(text: str) -> str | None:
    """A cell that is only a reference ("1.2", "A1", "Obj 3", "3"), as in a separate column."""
    text = text.strip().rstrip(".:)")
    match = re.fullmatch(r"(?:objective|obj\.?)?\s*([A-Z]?\.?\d{1,3}(?:\.\d{1,3})*[a-z]?)", text, re.I)
    if not match or len(match.group(1)) > MAX_REFERENCE:
        return None
    return _tidy(match.group(1))


def priority_of(reference: str) -> str | None:
    """The priority a reference names: '1.1' -> '1', 'A1' or 'A1.2' -> 'A'; None for 'Objective 3'
    style references ('3'), which are numbered through the plan."""
    if match := re.match(r"^(\d+)\.\d", reference):
        return match.group(1)
    if match := re.match(r"^([A-Z])\d", reference):
        return match.group(1)
    return None


def priority_heading(text: str, named_only: bool = False) -> tuple[str | None, str] | None:
    """``(number or None, title)`` when ``text`` introduces a priority or theme by its word or
    number ("Priority 2: Progression", "Theme A - Recruitment", "1. Staff support: ..."); with
    ``named_only``, only by its word (a numbered list in a plan's introduction is not its priorities)."""
    if _DOTTED.match(text) or _LETTERED.match(text):
        return None
    match = PRIORITY.match(text.strip())
    if not match or not (match.group("title") or "").strip() or (named_only and not match.group("named")):
        return None
    number = match.group("named") or match.group("number")
    return number.upper(), match.group("title").strip()


def sort_key(reference: str) -> tuple:
    """'2' < '10', 'A2' < 'B1', '1.2' < '1.10': letters and numbers compared as people do."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.upper())
                 for part in re.findall(r"\d+|[A-Za-z]+", reference))
