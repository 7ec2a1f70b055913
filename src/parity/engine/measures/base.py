"""What a measure is, and the three shapes most measures take.

* **composition**: the share of each group within a cell (``count(group, cell) / count(cell)``),
  e.g. wres.1 representation by grade. Wilson intervals.
* **rate**: for each group, the proportion of its units with the outcome (Wilson), and
  relative likelihoods between groups (see ``statistics.relative_likelihood``), e.g. wres.2
  appointment from shortlisting. Either a standard's fixed pair (``focus`` over
  ``comparator``) or every group over the reference group. Holm-adjusted across groups.
* **difference**: percentage points between two proportions (wres.9).

A measure's units are SQL over the registered tables (see ``aggregate``); the periods are the
staff snapshot dates chosen (``Context.periods``). Measures whose input is absent return
``not_computable`` results naming the missing file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from .. import statistics
from ..aggregate import Breakdown, count
from ..disclosure import DisclosurePolicy
from ..groupings import Grouping
from ..results import Result, breakdown_label, not_computable
from ..rollup import ALL_GROUPS, groups
from ..workforce import WorkforceData

STAFF_DIMS = {"directorate", "grade", "sex", "disability", "age_band"}


@dataclass
class Context:
    data: WorkforceData
    con: duckdb.DuckDBPyConnection
    periods: list[dt.date]
    breakdowns: list[Breakdown]
    grouping: Grouping
    reference: str
    rolling_years: int = 2
    min_cell: int = 5
    adjustment: str = "holm"
    policy: DisclosurePolicy = field(default_factory=DisclosurePolicy)
    local_population_share: float | None = None

    @property
    def periods_sql(self) -> str:
        days = ", ".join(f"(DATE '{p.isoformat()}')" for p in self.periods) or "(NULL::DATE)"
        return f"SELECT * FROM (VALUES {days}) AS t(period) WHERE period IS NOT NULL"


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    definition: str
    formula: str
    direction: str
    standard: str
    kind: str
    inputs: tuple[str, ...]
    compute: Callable[["Measure", Context], list[Result]] = field(repr=False, compare=False)
    seed: str = ""

    def run(self, ctx: Context) -> list[Result]:
        missing = [k for k in self.inputs if not ctx.data.has(k)]
        if missing:
            reason = f"no {', '.join(missing)} data was supplied"
            return [not_computable(self.id, p.isoformat(), reason) for p in ctx.periods] or \
                [not_computable(self.id, "", reason)]
        return self.compute(self, ctx)


def in_year(date_sql: str, period_sql: str = "p.period") -> str:
    """SQL: the event date falls in the year ending on the period date."""
    return f"{date_sql} > {period_sql} - INTERVAL 1 YEAR AND {date_sql} <= {period_sql}"


def _cells(counts: dict) -> list[tuple]:
    return sorted(counts, key=lambda k: (k[0], k[1].dimensions, k[2]))


def composition(measure: Measure, ctx: Context, units_sql: str, grouping: Grouping | None,
                dims: set[str] = STAFF_DIMS, breakdowns: list[Breakdown] | None = None) -> list[Result]:
    """Each group's share of its cell (``Not stated`` shown as its own row)."""
    counts = count(ctx.con, units_sql, breakdowns or ctx.breakdowns, dims)
    results = []
    for key in _cells(counts):
        period, breakdown, values = key
        cell = breakdown_label(dict(zip(breakdown.dimensions, values)))
        found = groups(counts[key], grouping, ctx.min_cell, ctx.reference, size="x")
        total = found[-1].n
        for g in found[:-1]:
            results.append(statistics.proportion(
                measure.id, period.isoformat(), g.x, total, breakdown=cell, group=g.label,
                rolled_up_from=g.rolled_up_from))
    return results


def rates(measure: Measure, ctx: Context, units_sql: str, grouping: Grouping | None,
          dims: set[str] = STAFF_DIMS, focus: str | None = None, comparator: str | None = None,
          periods_ok: Callable[[dt.date], str | None] | None = None, whole: str | None = None,
          compare: bool = True) -> list[Result]:
    """Proportions per group and relative likelihoods (fixed pair, or each group vs reference).

    ``whole`` names a measure with no groups (one proportion per cell, labelled ``whole``);
    ``compare=False`` gives the groups' proportions without relative likelihoods.
    """
    counts = count(ctx.con, units_sql, ctx.breakdowns, dims)
    results = []
    blocked = {p: periods_ok(p) for p in ctx.periods} if periods_ok else {}
    for p, why in blocked.items():
        if why:
            results.append(not_computable(measure.id, p.isoformat(), why))
    reference = comparator or ctx.reference
    for key in _cells(counts):
        period, breakdown, values = key
        if blocked.get(period):
            continue
        cell = breakdown_label(dict(zip(breakdown.dimensions, values)))
        found = groups(counts[key], grouping, ctx.min_cell, reference)
        if whole is not None:
            total = found[-1]
            results.append(statistics.proportion(measure.id, period.isoformat(), total.x, total.n,
                                                 breakdown=cell, group=whole))
            continue
        for g in found:
            results.append(statistics.proportion(
                measure.id, period.isoformat(), g.x, g.n, breakdown=cell, group=g.label,
                rolled_up_from=g.rolled_up_from))
        if compare:
            results.extend(_ratios(measure, ctx, period, cell, found, focus, reference))
    return results


def _ratios(measure: Measure, ctx: Context, period: dt.date, cell: str, found, focus: str | None,
            reference: str) -> list[Result]:
    by_label = {g.label: g for g in found}
    ref = by_label.get(reference)
    if focus is not None:
        pairs = [(by_label.get(focus), focus)]
    else:
        pairs = [(g, g.label) for g in found
                 if g.label not in (reference, ALL_GROUPS, "Not stated")]
    out = []
    for g, label in pairs:
        if g is None or ref is None:
            missing = label if g is None else reference
            out.append(not_computable(measure.id, period.isoformat(), f"no one in the {missing} group",
                                      breakdown=cell, group=label, comparator=reference))
            continue
        out.append(statistics.relative_likelihood(
            measure.id, period.isoformat(), g.x, g.n, ref.x, ref.n, breakdown=cell, group=label,
            comparator=reference, rolled_up_from=g.rolled_up_from))
    return statistics.adjust(out, ctx.adjustment) if len(out) > 1 else out


def snapshots_in_window(ctx: Context, years: int) -> Callable[[dt.date], str | None]:
    """A check that each period has ``years`` snapshots in the window ending on it."""
    dates = ctx.data.snapshots()

    def check(period: dt.date) -> str | None:
        if years <= 1:
            return None
        start = period.replace(year=period.year - years)
        have = [d for d in dates if start < d <= period]
        if len(have) < years:
            return (f"the {years}-year rolling figure needs a staff snapshot for each of the {years} "
                    f"years ending {period.isoformat()} (use rolling_years=1 for a single year)")
        return None
    return check


def staff_units(outcome_sql: str = "TRUE", where: str = "TRUE", grp: str = "s.ethnicity",
                window_years: int = 1) -> str:
    """Units: staff in the period's snapshot (or each snapshot of a rolling window)."""
    return (f"SELECT p.period, {grp} AS grp, {outcome_sql} AS outcome, s.directorate, s.grade, "
            f"s.sex, s.disability, s.age_band FROM periods p JOIN staff s "
            f"ON s.snapshot_date <= p.period AND s.snapshot_date > p.period - INTERVAL {window_years} YEAR "
            f"WHERE {where}")
