"""Count tables: the only place measures meet records, with two interchangeable implementations.

``DuckDBCounts`` (the engine) and ``PandasCounts`` (a plain pandas implementation of the same
tables, for the benchmark's comparison and as an oracle) both provide:

* ``staff(characteristic)``: per period (snapshot), breakdown cell and group (ethnicity category
  or disability), the staff in the snapshot (``n``) and those with each of ``STAFF_FLAGS``:
  senior leader, board member, manager, stated ethnicity, promoted, entered a disciplinary /
  capability / fitness-to-practise process in the year, started non-mandatory training in the
  year, completed a programme in the year, completed allyship / EIA / manager race-equality
  training by the snapshot, trained manager, has a later snapshot, and left by it;
* ``applications(characteristic)``: shortlisted applications in the year, and those appointed;
* ``recruitment(characteristic)``: every application in the year, and those shortlisted,
  shortlisted with the interview recorded, interviewed, and appointed after interview (the funnel);
* ``survey(tag)``: answers in the year to the questions tagged ``tag``, favourable or not;
* ``panels()``, ``cases()``, ``decision_makers()``: recruitment panels and formal cases of the year;
* ``pay_population()``, ``pay_summaries(assignment, bonus)``, ``pay_blocks(assignment)``: the
  pay gap population (and those with a bonus), per-group exact sums and order statistics of pay
  (in 1/10,000 pounds), and people per pay value (for the quarters).

A count table maps ``(period, breakdown, cell values)`` to ``{group: {"n": units, flag: count}}``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..aggregate import Breakdown

STAFF_DIMS = {"directorate", "grade", "sex", "disability", "age_band"}
APPLICATION_DIMS = {"directorate", "grade", "sex", "disability"}
SURVEY_DIMS = {"directorate", "sex", "disability"}
GRADE = Breakdown(("grade",))
NON_MANDATORY_PROGRAMMES = ("apprenticeship", "leadership", "non_mandatory")
PAY_SCALE = 10000  # pay is counted in 1/10,000 of a pound, as exact integers
CASE_TYPES = ("disciplinary", "grievance", "bullying_harassment", "capability", "fitness_to_practise")


@dataclass(frozen=True)
class PayAssignment:
    """Ethnicity category -> pay gap group label (not stated excluded)."""
    labels: dict[str, str]
    reference: str
    all_minorities: str


class CachedCounts:
    """What both implementations share: the breakdowns asked for, and each table built once."""

    def __init__(self, breakdowns: list[Breakdown]):
        self.breakdowns = breakdowns
        self.cache: dict = {}

    def _cached(self, name: str, build):
        if name not in self.cache:
            self.cache[name] = build()
        return self.cache[name]


def in_year(date_sql: str, period_sql: str = "p.period") -> str:
    """SQL: the event date falls in the year ending on the period date."""
    return f"{date_sql} > {period_sql} - INTERVAL 1 YEAR AND {date_sql} <= {period_sql}"
