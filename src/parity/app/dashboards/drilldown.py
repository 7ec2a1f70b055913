"""From a figure on the dashboard to the staff records behind it (analysts only; audited).

A staff-population figure (composition, representation by grade or level, declaration rate)
is counted over the staff records of one snapshot in one cell (the whole council, a
directorate, a grade, a sex or disability cell of the explorer, senior leadership or the board)
and one group of a grouping. Its
records are those staff records: the link carries the snapshot, the cell and the ethnicity
categories of the group (a rolled-up group's categories are those it combines). The records
page (``workforce:records``) checks the role and writes each view to the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.urls import reverse

from ...engine import groupings
from ...engine.ethnicity import BY_CODE
from ...engine.measures import scwres, wres
from ...engine.results import OVERALL, Result
from ...engine.rollup import ALL_GROUPS

LEVELS = {label: flag for flag, label in wres.LEVELS.items()}  # "Senior leadership" -> "senior"
CELLS = ("directorate", "grade", "level", "sex", "disability")


# Staff-population measures, and the grouping each labels its groups with (the run's, or the
# standard's own: the same functions the measures call).
STAFF_MEASURES: dict[str, Callable[[str], groupings.Grouping]] = {
    "workforce.composition": groupings.get,
    "workforce.declaration_rate": groupings.get,
    "wres.1": lambda chosen: wres.binary(),
    "scwres.1": lambda chosen: scwres.white_vs_minorities(),
}


def categories(grouping: groupings.Grouping, label: str, combined: tuple[str, ...] = ()) -> list[str]:
    """The ethnicity category codes a group label stands for in a grouping (a rolled-up group:
    every category, ONS group or label it combines)."""
    names = set(combined or (label,))
    return sorted(code for code, assigned in grouping.assignment.items()
                  if assigned in names or (code in BY_CODE and (BY_CODE[code].label in names
                                                                 or BY_CODE[code].group in names)))


def records_link(result: Result, grouping_name: str) -> str | None:
    """The records page filtered to the staff behind ``result``, or None when it has no such
    records (not a staff-population figure, a comparison, or a cell the page cannot filter)."""
    grouping_of = STAFF_MEASURES.get(result.measure)
    if grouping_of is None or result.comparator:
        return None
    query = {"snapshot": result.period}
    if result.breakdown != OVERALL:
        for part in result.breakdown.split(";"):
            dimension, _, value = part.partition("=")
            if dimension not in CELLS or (dimension == "level" and value not in LEVELS):
                return None
            query[dimension] = LEVELS.get(value, value) if dimension == "level" else value
    if result.group not in (ALL_GROUPS, "", "All"):
        codes = categories(grouping_of(grouping_name), result.group, result.rolled_up_from)
        if not codes:
            return None
        query["ethnicity"] = ",".join(codes)
    query["about"] = f"{result.group or 'All staff'}, {result.breakdown.replace('=', ': ')}, {result.period}"
    return reverse("workforce:records") + "?" + urlencode(query)
