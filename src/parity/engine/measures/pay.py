"""Ethnicity pay gap (GOV.UK employer guidance, 2023; the gender pay gap method): ``pay.*``.

Population: full-pay relevant employees at the snapshot date (``full_pay_relevant``; a blank
counts as relevant) with an hourly pay. Not stated is excluded from the gaps and quartiles and
reported as the non-disclosure rate. Groups are the run's grouping with White British split out
as the reference (for ``ons5``: White British, Other White, Asian, Black, Mixed, Other), plus
all ethnic minorities together (everyone with a stated ethnicity other than White British), as
the GOV.UK guidance recommends. When a reference is asked for, the run's grouping is used as it
is with that reference: ``wres_binary`` with ``White`` gives the White / BME gap many NHS
bodies publish (and everyone but the reference together).

* **Mean gap** ``(mean_ref - mean_group) / mean_ref x 100``; 95% interval by the delta method
  on the ratio of means; p from Welch's t test. **Median gap** the same with medians taken
  within each group; a conservative interval built from each median's distribution-free 95%
  interval (order statistics ``n/2 -/+ 0.98 sqrt(n)``). A positive gap means the group is paid
  less. Each gap also has its "pence in the pound" reading, ``100 - gap``
  (``pay.*_pence_in_pound``).
* **Quartiles**: everyone ranked by hourly pay, ascending, and cut into four parts by
  position: person ``i`` of ``n`` (from 0) is in quarter ``floor(4 i / n)``, so the parts differ
  in size by at most one. People with the same pay are ordered so that each group's members
  are spread evenly through the tied block (by ``(k - 0.5) / m``, the k-th of a group's m
  members at that pay), so ties across a cut are shared between the quarters in proportion.
  Result: each group's share of each quarter.
* **Bonus** gaps over those who received a bonus in the 12 months; the bonus proportion is
  each group's share receiving one.

Groups below ``pay_min_group`` (10) are hidden by the disclosure policy; every group size shown
is its published (rounded) count, with the record keys of the pay gap population.
"""

from __future__ import annotations

import math

from .. import groupings
from ..aggregate import KEYED_UNITS, LOWEST_UNITS, NO_KEY, OVERALL, keyed, lowest, pick
from ..counts import PAY_SCALE, PayAssignment
from ..ethnicity import BY_CODE, WHITE
from ..results import SUPPRESSED, Result, breakdown_label, not_computable
from ..statistics import Z95, welch_p
from .base import Context, Measure, composition, rates

REFERENCE = "White British"
ALL_MINORITIES = "All ethnic minorities"
QUARTERS = ("Lower", "Lower middle", "Upper middle", "Upper")


def pay_reference(ctx: Context) -> str:
    """The group every gap is measured from: the reference asked for, else White British (the
    GOV.UK guidance's recommendation)."""
    return ctx.asked_reference or REFERENCE


def pay_grouping(ctx: Context) -> groupings.Grouping:
    """The run's grouping with White British as its own, reference, group; or, when a
    reference was asked for (White, as WRES-style publications compare White with BME), the
    run's grouping as it is, with that reference."""
    base = ctx.grouping
    if ctx.asked_reference is not None:
        return groupings.Grouping(base.name, base.title, base.labels, base.assignment, ctx.asked_reference,
                                  base.minority_label)
    assignment = {}
    for code, label in base.assignment.items():
        if code == "white_british":
            assignment[code] = REFERENCE
        elif label == WHITE and BY_CODE[code].group == WHITE:
            assignment[code] = "Other White"
        else:
            assignment[code] = label
    labels = (REFERENCE,) + tuple(dict.fromkeys(assignment[c] for c in assignment
                                                if assignment[c] not in (REFERENCE,)))
    ordered = tuple(label for label in labels if label != "Not stated") + ("Not stated",)
    return groupings.Grouping(f"{base.name}+white_british", f"{base.title}, White British apart", ordered,
                              assignment, REFERENCE)


def assignment(ctx: Context) -> PayAssignment:
    """Each stated category's pay group, the reference, and the label of everyone else together:
    all ethnic minorities when the reference is White British alone (the GOV.UK sense, Other
    White included), otherwise "All groups except" the reference."""
    grouping = pay_grouping(ctx)
    labels = {code: label for code, label in grouping.assignment.items() if code != "not_stated"}
    reference = pay_reference(ctx)
    white_british = [code for code, label in labels.items() if label == reference] == ["white_british"]
    return PayAssignment(labels, reference, ALL_MINORITIES if white_british else f"All groups except {reference}")


def _summaries(ctx: Context, bonus: bool) -> dict:
    """Per cell and group: n, its published count, mean, sd, median and its interval bounds, in pounds."""
    labels = assignment(ctx)
    population = ctx.counts.pay_population()
    key_column = keyed("bonus") if bonus else KEYED_UNITS
    least_column = lowest("bonus") if bonus else LOWEST_UNITS
    out = {}
    for key, cell in ctx.counts.pay_summaries(labels, bonus).items():
        keys: dict[str, list[float]] = {}
        for code, c in population.get(key, {}).items():
            label = labels.labels.get(code)
            if label is None:
                continue
            for into in (label, labels.all_minorities) if label != labels.reference else (label,):
                acc = keys.setdefault(into, [0.0, NO_KEY])
                acc[0] += c[key_column]
                acc[1] = min(acc[1], c[least_column])
        for grp, c in cell.items():
            mean, sd = _mean_sd(c["n"], c["total"], c["squares"])
            shown = ctx.policy.published_count(c["n"], *keys.get(grp, (0.0, NO_KEY)))
            out.setdefault(key, {})[grp] = dict(n=float(c["n"]), shown=shown,
                                                mean=mean, sd=sd, median=c["median2"] / 2 / PAY_SCALE,
                                                low=c["low"] / PAY_SCALE, high=c["high"] / PAY_SCALE)
    return out


def _mean_sd(n: int, total: int, squares: int) -> tuple[float, float]:
    """Mean and sample standard deviation from exact integer sums (in 1/PAY_SCALE pounds).

    Sums are exact (integers), so the result does not depend on how DuckDB's threads split
    the rows: the same data always gives the same bytes.
    """
    from fractions import Fraction

    mean = Fraction(total, n)
    variance = Fraction(squares * n - total * total, n * (n - 1)) if n > 1 else Fraction(0)
    return float(mean) / PAY_SCALE, math.sqrt(float(variance)) / PAY_SCALE


def _gap(measure_id: str, key, grp: str, g: dict, ref: dict, statistic: str, min_group: int,
         reference: str) -> list[Result]:
    period, b, values = key
    common = dict(breakdown=breakdown_label(dict(zip(b.dimensions, values))), group=grp, comparator=reference,
                  denominator=g["shown"], comparator_denominator=ref["shown"])
    if g["n"] < min_group or ref["n"] < min_group:
        why = f"fewer than {min_group} people in a group"
        return [Result(measure=m, period=period.isoformat(), status=SUPPRESSED, reason=why, **common)
                for m in (measure_id, pence_measure(measure_id))]
    base = ref[statistic]
    if not base:
        return [not_computable(measure_id, period.isoformat(), f"the {reference} {statistic} pay is 0",
                               **common)]
    gap = 100 * (base - g[statistic]) / base
    if statistic == "mean":
        ratio = g["mean"] / base
        var = ratio ** 2 * ((g["sd"] ** 2 / (g["n"] * g["mean"] ** 2) if g["mean"] else 0)
                            + ref["sd"] ** 2 / (ref["n"] * base ** 2))
        low, high = gap - 100 * Z95 * math.sqrt(var), gap + 100 * Z95 * math.sqrt(var)
        p = None
        if g["n"] > 1 and ref["n"] > 1 and (g["sd"] > 0 or ref["sd"] > 0):
            p = welch_p(g["mean"], g["sd"], g["n"], ref["mean"], ref["sd"], ref["n"])
        method = "mean gap; delta-method interval on the ratio of means; Welch t test"
    else:
        if None in (g["low"], g["high"], ref["low"], ref["high"]) or not ref["low"]:
            low = high = None
        else:
            low, high = 100 * (1 - g["high"] / ref["low"]), 100 * (1 - g["low"] / ref["high"])
        p = None
        method = "median gap; conservative interval from each median's order-statistic 95% interval"
    gap_result = Result(measure=measure_id, period=period.isoformat(), value=gap, ci_low=low, ci_high=high,
                        p_value=p, method=method, **common)
    pence = Result(measure=pence_measure(measure_id), period=period.isoformat(),
                   value=100 - gap, ci_low=None if high is None else 100 - high,
                   ci_high=None if low is None else 100 - low,
                   method=f"pence the group earns for every pound the {reference} group earns (100 - gap)",
                   **common)
    return [gap_result, pence]


def _gaps(measure: Measure, ctx: Context, bonus: bool, statistic: str) -> list[Result]:
    table = _summaries(ctx, bonus)
    reference = pay_reference(ctx)
    labels = assignment(ctx)
    others = {label for label in labels.labels.values() if label != reference}
    repeated = labels.all_minorities if len(others) == 1 else None  # White / BME: "everyone else" is BME
    out = []
    for key in sorted(ctx.wanted(table), key=lambda k: (k[0], k[1].dimensions, k[2])):
        cell = table[key]
        ref = cell.get(reference)
        for grp, g in sorted(cell.items()):
            if grp in (reference, repeated):
                continue
            if ref is None:
                out.append(not_computable(measure.id, key[0].isoformat(), f"no {reference} employees to compare with",
                                          breakdown=breakdown_label(dict(zip(key[1].dimensions, key[2]))), group=grp,
                                          comparator=reference))
                continue
            out.extend(_gap(measure.id, key, grp, g, ref, statistic, ctx.policy.pay_min_group, reference))
    return out


def mean_gap(measure, ctx):
    return _gaps(measure, ctx, False, "mean")


def median_gap(measure, ctx):
    return _gaps(measure, ctx, False, "median")


def bonus_mean_gap(measure, ctx):
    return _gaps(measure, ctx, True, "mean")


def bonus_median_gap(measure, ctx):
    return _gaps(measure, ctx, True, "median")


def representation(measure, ctx):
    return composition(measure, ctx, ctx.counts.pay_population(), "n", pay_grouping(ctx))


def non_disclosure(measure, ctx):
    table = ctx.counts.pay_population()
    pairs = {k: {"-": [v.get("not_stated", {}).get("n", 0.0), sum(c["n"] for c in v.values()),
                       v.get("not_stated", {}).get(KEYED_UNITS, 0.0), sum(c[KEYED_UNITS] for c in v.values()),
                       v.get("not_stated", {}).get(LOWEST_UNITS, NO_KEY), min(c[LOWEST_UNITS] for c in v.values())]}
             for k, v in table.items()}
    return rates(measure, ctx, pairs, None, whole="All employees")


def bonus_proportion(measure, ctx):
    table = ctx.counts.pay_population()
    return rates(measure, ctx, pick(table, "bonus"), pay_grouping(ctx), compare=False)


def quartiles(measure, ctx):
    """Each group's share of each pay quarter (overall only: see the module docstring)."""
    table = {}
    for period, blocks in ctx.counts.pay_blocks(assignment(ctx)).items():
        for quarter, counts in enumerate(quarter_counts(blocks)):
            table[(period, OVERALL, (QUARTERS[quarter],))] = {g: {"n": float(c), KEYED_UNITS: float(k),
                                                                  LOWEST_UNITS: float(m)}
                                                              for g, (c, k, m) in counts.items()}
    labels = pay_grouping(ctx).labels
    identity = groupings.Grouping("pay", "pay groups", labels, {g: g for g in labels}, pay_reference(ctx))
    return composition(measure, ctx, table, "n", identity, cell_label=lambda key: f"quarter={key[2][0]}")


def quarter_counts(blocks: dict) -> list[dict]:
    """People of each group in each quarter, their record keys' sum and lowest key, from
    (people, key sum, lowest key) per pay (ascending) and group.

    Position ``i`` (from 0) of ``n`` is in quarter ``floor(4 i / n)``. Within a block of equal
    pay, the k-th of a group's m members sits at ``(k - 0.5) / m`` of the block, so groups are
    spread evenly through it; only blocks that straddle a cut need placing one by one. The
    people of a straddling block are not told apart, so its key sum is shared between the
    quarters in proportion (whole numbers) and each quarter takes the block's lowest key: these
    only seed the rounding of that quarter's count, which appears in no other table.
    """
    n = sum(c for b in blocks.values() for c, _, _ in b.values())
    quarters = [dict() for _ in range(4)]

    def add(q: int, g: str, c: int, k: int, m: int) -> None:
        acc = quarters[q].get(g, (0, 0, NO_KEY))
        quarters[q][g] = (acc[0] + c, acc[1] + k, min(acc[2], m))

    start = 0
    for pay in sorted(blocks):
        block = blocks[pay]
        size = sum(c for c, _, _ in block.values())
        first, last = (4 * start) // n, (4 * (start + size - 1)) // n
        if first == last:
            for g, (c, k, m) in block.items():
                add(first, g, c, k, m)
        else:
            placed: dict[tuple[int, str], int] = {}
            order = sorted(((j - 0.5) / c, g) for g, (c, _, _) in block.items() for j in range(1, c + 1))
            for offset, (_, g) in enumerate(order):
                q = (4 * (start + offset)) // n
                placed[(q, g)] = placed.get((q, g), 0) + 1
            for (q, g), c in placed.items():
                total, keys, least = block[g]
                add(q, g, c, keys * c // total, least)
        start += size
    return quarters


PENCE_SUFFIX = "_pence_in_pound"


def pence_measure(gap_id: str) -> str:
    """The id of a gap's pence-in-the-pound reading: 'pay.mean_gap' -> 'pay.mean_pence_in_pound'."""
    return gap_id.rsplit("_gap", 1)[0] + PENCE_SUFFIX


def in_pence(measure_id: str) -> bool:
    """Whether a measure is a gap given as pence in the pound (100 - gap)."""
    return measure_id.endswith(PENCE_SUFFIX)


# Results reported under ids of their own that belong with a measure (for disclosure rules).
DERIVED = {"pay.mean_pence_in_pound": "pay.mean_gap", "pay.median_pence_in_pound": "pay.median_gap",
           "pay.bonus_mean_pence_in_pound": "pay.bonus_mean_gap",
           "pay.bonus_median_pence_in_pound": "pay.bonus_median_gap"}

MEASURES = [
    Measure("pay.mean_gap", "Ethnicity pay gap: mean hourly pay",
            "Difference between the mean hourly pay of White British employees and of each group (and all ethnic "
            "minorities together), as a percentage of the White British mean; also as pence in the pound "
            "(pay.mean_pence_in_pound).", "(mean_ref - mean_group) / mean_ref x 100",
            "0 is parity; positive means the group is paid less", "Ethnicity pay gap", "pay", ("staff",), mean_gap),
    Measure("pay.median_gap", "Ethnicity pay gap: median hourly pay",
            "As pay.mean_gap with medians, each taken within its own group; also as pence in the pound "
            "(pay.median_pence_in_pound).", "(median_ref - median_group) / median_ref x 100",
            "0 is parity; positive means the group is paid less", "Ethnicity pay gap", "pay", ("staff",), median_gap),
    Measure("pay.quartiles", "Pay quarters by ethnic group",
            "Employees ranked by hourly pay and cut into four near-equal quarters; each group's share of each "
            "quarter (ties spread evenly across a cut).", "count(group, quarter) / count(quarter)",
            "closer to the workforce share in every quarter is better", "Ethnicity pay gap", "composition",
            ("staff",), quartiles),
    Measure("pay.representation", "Pay gap population by ethnic group",
            "Percentage of full-pay relevant employees in each group, not stated as its own row.",
            "count(group) / count(all)", "descriptive", "Ethnicity pay gap", "composition", ("staff",),
            representation),
    Measure("pay.non_disclosure", "Ethnicity non-disclosure rate (pay gap population)",
            "Percentage of full-pay relevant employees who have not stated an ethnicity.",
            "not stated / all", "lower is better", "Ethnicity pay gap", "rate", ("staff",), non_disclosure),
    Measure("pay.bonus_mean_gap", "Ethnicity bonus gap: mean bonus",
            "As pay.mean_gap over employees who received a bonus in the 12 months to the snapshot date.",
            "(mean_ref - mean_group) / mean_ref x 100", "0 is parity; positive means the group receives less",
            "Ethnicity pay gap", "pay", ("staff",), bonus_mean_gap),
    Measure("pay.bonus_median_gap", "Ethnicity bonus gap: median bonus",
            "As pay.median_gap over employees who received a bonus in the 12 months to the snapshot date.",
            "(median_ref - median_group) / median_ref x 100", "0 is parity; positive means the group receives less",
            "Ethnicity pay gap", "pay", ("staff",), bonus_median_gap),
    Measure("pay.bonus_proportion", "Employees receiving a bonus, by ethnic group",
            "Percentage of each group's full-pay relevant employees who received a bonus in the 12 months.",
            "bonus recipients(group) / employees(group)", "closer to the reference group is better",
            "Ethnicity pay gap", "rate", ("staff",), bonus_proportion),
]
