"""What a measure is, and the shapes most measures take.

Measures read count tables (``engine/counts``: one pass over the staff serves every
staff-based measure; applications, survey answers, cases and panels have their own), never
records, through ``Context.counts``.

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
from dataclasses import dataclass, field, replace

from .. import statistics
from ..aggregate import NO_KEY, UNITS, Breakdown, CountTable, add_counts, keyed, lowest, pick
from ..disclosure import DisclosurePolicy, within
from ..groupings import Grouping
from ..results import Result, breakdown_label, failed, not_computable
from ..rollup import groups
from ..workforce import WorkforceData, years_before


@dataclass
class Context:
    data: WorkforceData
    periods: list[dt.date]
    breakdowns: list[Breakdown]
    grouping: Grouping
    reference: str
    rolling_years: int = 2
    min_cell: int = 5
    adjustment: str = "holm"
    policy: DisclosurePolicy = field(default_factory=DisclosurePolicy)
    local_population_share: float | None = None
    asked_reference: str | None = None  # the reference group asked for (None: each measure's own default)
    counts: object = None  # a count-table backend: counts.duckdb.DuckDBCounts or counts.pandas.PandasCounts

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
    fixed_groups: str = ""  # the groups its standard fixes, and why ("": the run's grouping and reference)
    same_as_grouping: str = ""  # the grouping whose groups are those fixed ones, if any

    def run(self, ctx: Context) -> list[Result]:
        missing = [k for k in self.inputs if not ctx.data.has(k)]
        if missing:
            reason = f"no {', '.join(missing)} data was supplied"
            return [not_computable(self.id, p.isoformat(), reason) for p in ctx.periods] or \
                [not_computable(self.id, "", reason)]
        try:
            return self.compute(self, ctx)
        except Exception as error:  # contained: one failing measure never sinks the set
            if len(ctx.periods) <= 1:
                return [failed(self.id, p.isoformat(), error) for p in ctx.periods] or [failed(self.id, "", error)]
        out = []  # again period by period, so only the periods that fail lose their figures
        for period in ctx.periods:
            try:
                out.extend(self.compute(self, replace(ctx, periods=[period])))
            except Exception as error:
                out.append(failed(self.id, period.isoformat(), error))
        return out


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
        k, m = keyed(flag), lowest(flag)
        by_grp = {grp: [c[flag], c[flag], c[k], c[k], c[m], c[m]] for grp, c in table[key].items()}
        found = ctx.policy.published(groups(by_grp, grouping, ctx.min_cell, ctx.reference, size="x"))
        total = found[-1].n
        for g in found[:-1]:  # each count as published (the same people, one figure); read ``within``
            share = statistics.proportion(measure.id, key[0].isoformat(), within(g.x, total), total,
                                          breakdown=cell_label(key), group=g.label, rolled_up_from=g.rolled_up_from)
            results.append(share if g.x <= total else share.with_(numerator=g.x))  # (a copy only when read down)
    return results


def rates(measure: Measure, ctx: Context, pairs: dict, grouping: Grouping | None, focus: str | None = None,
          comparator: str | None = None, blocked: dict[dt.date, str] | None = None, whole: str | None = None,
          compare: bool = True) -> list[Result]:
    """Proportions per group and relative likelihoods, from ``{key: {grp: [x, n, kx, kn, mx, mn]}}``
    (counts, their record keys' sums and lowest keys), computed from the counts as published.

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
        try:
            results.extend(_cell_rates(measure, ctx, period, cell, pairs[key], grouping, reference, focus, whole,
                                       compare))
        except Exception as error:  # contained: this cell's figures fail, the others stand
            results.append(failed(measure.id, period.isoformat(), error, breakdown=cell))
    return results


def _cell_rates(measure: Measure, ctx: Context, period: dt.date, cell: str, pairs: dict, grouping: Grouping | None,
                reference: str, focus: str | None, whole: str | None, compare: bool) -> list[Result]:
    """One cell's proportions (and relative likelihoods) for ``rates``."""
    found = groups(pairs, grouping, ctx.min_cell, reference)
    if found[-1].n == 0:
        return []  # no units in this cell for this measure: nothing to report
    found = ctx.policy.published(found)
    results = []
    for g in ([found[-1]] if whole is not None else found):  # each count as published; read ``within``
        share = statistics.proportion(measure.id, period.isoformat(), within(g.x, g.n), g.n, breakdown=cell,
                                      group=whole or g.label, rolled_up_from=() if whole else g.rolled_up_from)
        results.append(share if g.x <= g.n else share.with_(numerator=g.x))
    if whole is None and compare:
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
        ratio = statistics.relative_likelihood(
            measure.id, period.isoformat(), within(g.x, g.n), g.n, within(ref.x, ref.n), ref.n, breakdown=cell,
            group=label, comparator=reference, rolled_up_from=g.rolled_up_from)
        out.append(ratio if g.x <= g.n and ref.x <= ref.n else ratio.with_(numerator=g.x, comparator_numerator=ref.x))
    return statistics.adjust(out, ctx.adjustment) if len(out) > 1 else out


def rolling(ctx: Context, pairs: dict, years: int) -> tuple[dict, dict[dt.date, str]]:
    """Sum each cell over the ``years`` snapshots ending on each period (person-years)."""
    if years <= 1:
        return pairs, {}
    snapshots = ctx.data.snapshots()
    out, blocked = {}, {}
    for period in ctx.periods:
        start = years_before(period, years)
        window = [d for d in snapshots if start < d <= period]
        if len(window) < years:
            blocked[period] = (f"the {years}-year rolling figure needs a staff snapshot for each of the {years} "
                               f"years ending {period.isoformat()} (use rolling_years=1 for a single year)")
            continue
        for key, by_grp in pairs.items():
            if key[0] not in window:
                continue
            target = out.setdefault((period, key[1], key[2]), {})
            for grp, counts in by_grp.items():
                add_counts(target.setdefault(grp, [0.0, 0.0, 0.0, 0.0, NO_KEY, NO_KEY]), counts)
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
    return pick(ctx.counts.staff(characteristic), flag, denominator)
