"""What a measure is, the count tables measures share, and the shapes most measures take.

**Count tables.** Every staff-based measure reads one table of counts built by a single pass
over the staff: ``staff_periods`` has one row per person and snapshot with a flag for each
thing a measure counts (entered a disciplinary process in the year, accessed non-mandatory
training, left before the next snapshot...). Applications, survey answers, cases and panels
have their own, smaller, count tables. Tables are built on first use and shared.

**Shapes.**

* *composition*: each group's share of a cell, ``count(group, cell) / count(cell)``; Wilson.
* *rate*: for each group, the proportion of its units with the outcome (Wilson), and relative
  likelihoods between groups (``statistics.relative_likelihood``): a standard's fixed pair
  (``focus`` over ``comparator``) or every group over the reference group, Holm-adjusted.
* *difference*: percentage points between two proportions (wres.9, scwres.9).

Measures whose input is absent return ``not_computable`` results naming the missing file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from .. import statistics
from ..aggregate import UNITS, Breakdown, CountTable, count, pick
from ..disclosure import DisclosurePolicy
from ..groupings import Grouping
from ..results import Result, breakdown_label, not_computable
from ..rollup import groups
from ..workforce import WorkforceData

STAFF_DIMS = {"directorate", "grade", "sex", "disability", "age_band"}
GRADE = Breakdown(("grade",))
APPLICATION_DIMS = {"directorate", "grade", "sex", "disability"}
SURVEY_DIMS = {"directorate", "sex", "disability"}

# Flags counted over staff_periods (one row per person and snapshot).
STAFF_FLAGS = {
    "senior": "coalesce(is_senior_leader, FALSE)",
    "board": "coalesce(is_board_member, FALSE)",
    "manager": "coalesce(is_manager, FALSE)",
    "stated": "ethnicity <> 'not_stated'",
    "promoted": "coalesce(promoted_in_year, FALSE)",
    "disciplinary": "disciplinary",
    "capability": "capability",
    "fitness_to_practise": "fitness_to_practise",
    "non_mandatory": "non_mandatory",
    "programme": "programme_completed",
    "allyship": "allyship_ever",
    "eia": "eia_ever",
    "manager_trained": "coalesce(is_manager, FALSE) AND race_equality_ever",
    "has_next": "left_by_next IS NOT NULL",
    "left": "coalesce(left_by_next, FALSE)",
}

STAFF_PERIODS_SQL = """
CREATE OR REPLACE TEMP TABLE staff_periods AS
WITH snaps AS (SELECT DISTINCT snapshot_date AS d FROM staff),
nexts AS (SELECT d, lead(d) OVER (ORDER BY d) AS next_d FROM snaps),
cases AS (
  SELECT s.d, c.staff_id,
         bool_or(c.case_type = 'disciplinary') AS disciplinary,
         bool_or(c.case_type = 'capability') AS capability,
         bool_or(c.case_type = 'fitness_to_practise') AS fitness_to_practise
  FROM casework c JOIN snaps s ON c.opened_date > s.d - INTERVAL 1 YEAR AND c.opened_date <= s.d
  GROUP BY ALL),
year_training AS (
  SELECT s.d, t.staff_id,
         bool_or(t.category <> 'mandatory') AS non_mandatory,
         bool_or(coalesce(t.completed, FALSE) AND t.category IN ('apprenticeship', 'leadership', 'non_mandatory'))
           AS programme_completed
  FROM training t JOIN snaps s ON t.start_date > s.d - INTERVAL 1 YEAR AND t.start_date <= s.d
  GROUP BY ALL),
ever_training AS (
  SELECT s.d, t.staff_id,
         bool_or(t.category = 'allyship') AS allyship_ever,
         bool_or(t.category = 'eia') AS eia_ever,
         bool_or(t.category = 'manager_race_equality') AS race_equality_ever
  FROM training t JOIN snaps s ON t.start_date <= s.d
  WHERE coalesce(t.completed, FALSE) GROUP BY ALL)
SELECT st.snapshot_date AS period, st.staff_id, st.ethnicity, st.disability, st.directorate, st.grade,
       st.sex, st.age_band, st.is_senior_leader, st.is_board_member, st.is_manager, st.promoted_in_year,
       coalesce(c.disciplinary, FALSE) AS disciplinary, coalesce(c.capability, FALSE) AS capability,
       coalesce(c.fitness_to_practise, FALSE) AS fitness_to_practise,
       coalesce(y.non_mandatory, FALSE) AS non_mandatory,
       coalesce(y.programme_completed, FALSE) AS programme_completed,
       coalesce(e.allyship_ever, FALSE) AS allyship_ever, coalesce(e.eia_ever, FALSE) AS eia_ever,
       coalesce(e.race_equality_ever, FALSE) AS race_equality_ever,
       CASE WHEN n.next_d IS NULL THEN NULL ELSE nx.staff_id IS NULL END AS left_by_next
FROM staff st
JOIN nexts n ON n.d = st.snapshot_date
LEFT JOIN cases c ON c.d = st.snapshot_date AND c.staff_id = st.staff_id
LEFT JOIN year_training y ON y.d = st.snapshot_date AND y.staff_id = st.staff_id
LEFT JOIN ever_training e ON e.d = st.snapshot_date AND e.staff_id = st.staff_id
LEFT JOIN staff nx ON nx.snapshot_date = n.next_d AND nx.staff_id = st.staff_id
"""


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
    cache: dict = field(default_factory=dict)

    @property
    def periods_sql(self) -> str:
        days = ", ".join(f"(DATE '{p.isoformat()}')" for p in self.periods) or "(NULL::DATE)"
        return f"SELECT * FROM (VALUES {days}) AS t(period) WHERE period IS NOT NULL"

    def table(self, name: str, build: Callable[[], CountTable]) -> CountTable:
        if name not in self.cache:
            self.cache[name] = build()
        return self.cache[name]

    def staff_counts(self, characteristic: str = "ethnicity") -> CountTable:
        """Counts over every person and snapshot (all snapshots: rolling windows need them).

        Always broken down by grade too (representation by grade is part of WRES 1).
        """
        def build():
            if "staff_periods" not in self.cache:
                self.con.execute(STAFF_PERIODS_SQL)
                self.cache["staff_periods"] = True
            units = f"SELECT *, {characteristic} AS grp FROM staff_periods"
            return count(self.con, units, STAFF_FLAGS, self.breakdowns + [GRADE], STAFF_DIMS)
        return self.table(f"staff:{characteristic}", build)

    def counts(self, name: str, units_sql: str, flags: dict[str, str], dims: set[str]) -> CountTable:
        return self.table(name, lambda: count(self.con, units_sql, flags, self.breakdowns, dims))

    def wanted(self, table: dict, extra: tuple[Breakdown, ...] = ()) -> dict:
        """Only the chosen periods and breakdowns (plus ``extra`` breakdowns)."""
        chosen, shown = set(self.periods), set(self.breakdowns) | set(extra)
        return {k: v for k, v in table.items() if k[0] in chosen and k[1] in shown}


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


def _keys(table: dict) -> list[tuple]:
    return sorted(table, key=lambda k: (k[0], k[1].dimensions, k[2]))


def _cell(key: tuple) -> str:
    return breakdown_label(dict(zip(key[1].dimensions, key[2])))


def composition(measure: Measure, ctx: Context, table: CountTable, flag: str, grouping: Grouping | None,
                extra: tuple[Breakdown, ...] = (), only: tuple[Breakdown, ...] | None = None,
                cell_label: Callable[[tuple], str] = _cell) -> list[Result]:
    """Each group's share of its cell among units with ``flag`` (``Not stated`` its own row)."""
    results = []
    for key in _keys(ctx.wanted(table, extra)):
        if only is not None and key[1] not in only:
            continue
        by_grp = {grp: [c[flag], c[flag]] for grp, c in table[key].items()}
        found = groups(by_grp, grouping, ctx.min_cell, ctx.reference, size="x")
        total = found[-1].n
        for g in found[:-1]:
            results.append(statistics.proportion(measure.id, key[0].isoformat(), g.x, total,
                                                 breakdown=cell_label(key), group=g.label,
                                                 rolled_up_from=g.rolled_up_from))
    return results


def rates(measure: Measure, ctx: Context, pairs: dict, grouping: Grouping | None, focus: str | None = None,
          comparator: str | None = None, blocked: dict[dt.date, str] | None = None, whole: str | None = None,
          compare: bool = True) -> list[Result]:
    """Proportions per group and relative likelihoods, from ``{key: {grp: [x, n]}}``.

    ``whole`` names a measure with no groups (one proportion per cell, labelled ``whole``);
    ``compare=False`` gives the groups' proportions without relative likelihoods; ``blocked``
    maps periods that cannot be computed to the reason.
    """
    results = [not_computable(measure.id, p.isoformat(), why) for p, why in (blocked or {}).items()]
    reference = comparator or ctx.reference
    for key in _keys(ctx.wanted(pairs)):
        period = key[0]
        if blocked and period in blocked:
            continue
        cell = _cell(key)
        found = groups(pairs[key], grouping, ctx.min_cell, reference)
        if found[-1].n == 0:
            continue  # no units in this cell for this measure: nothing to report
        if whole is not None:
            total = found[-1]
            results.append(statistics.proportion(measure.id, period.isoformat(), total.x, total.n,
                                                 breakdown=cell, group=whole))
            continue
        for g in found:
            results.append(statistics.proportion(measure.id, period.isoformat(), g.x, g.n, breakdown=cell,
                                                 group=g.label, rolled_up_from=g.rolled_up_from))
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
        pairs = [(g, g.label) for g in found[:-1] if g.label not in (reference, "Not stated")]
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


def rolling(ctx: Context, pairs: dict, years: int) -> tuple[dict, dict[dt.date, str]]:
    """Sum each cell over the ``years`` snapshots ending on each period (person-years)."""
    if years <= 1:
        return pairs, {}
    snapshots = ctx.data.snapshots()
    out, blocked = {}, {}
    for period in ctx.periods:
        start = period.replace(year=period.year - years)
        window = [d for d in snapshots if start < d <= period]
        if len(window) < years:
            blocked[period] = (f"the {years}-year rolling figure needs a staff snapshot for each of the {years} "
                               f"years ending {period.isoformat()} (use rolling_years=1 for a single year)")
            continue
        for key, by_grp in pairs.items():
            if key[0] not in window:
                continue
            target = out.setdefault((period, key[1], key[2]), {})
            for grp, (x, n) in by_grp.items():
                acc = target.setdefault(grp, [0.0, 0.0])
                acc[0] += x
                acc[1] += n
    return out, blocked


def to_next_snapshot(ctx: Context, pairs: dict) -> tuple[dict, dict[dt.date, str]]:
    """Counts made at each snapshot about what happened by the next, relabelled to the next."""
    snapshots = ctx.data.snapshots()
    following = dict(zip(snapshots, snapshots[1:]))
    out = {(following[k[0]], k[1], k[2]): v for k, v in pairs.items() if k[0] in following}
    first = snapshots[0] if snapshots else None
    blocked = {first: "leaving needs the previous snapshot, and this is the first"} \
        if first in ctx.periods else {}
    return out, blocked


def staff_rate(ctx: Context, flag: str, characteristic: str = "ethnicity", denominator: str = UNITS) -> dict:
    return pick(ctx.staff_counts(characteristic), flag, denominator)
