"""Workforce measures beside the standards: composition, retention, promotion, declaration rate.

These use the grouping chosen for the run (``ons5`` by default) and compare every group
with the reference group (``White`` for ons5; ``--reference`` changes it).
"""

from __future__ import annotations

from ..results import Result
from .base import Context, Measure, composition, rates, staff_rate, to_next_snapshot


def _composition(measure: Measure, ctx: Context) -> list[Result]:
    return composition(measure, ctx, ctx.counts.staff(), "n", ctx.grouping)


def _retention(measure: Measure, ctx: Context) -> list[Result]:
    pairs, blocked = to_next_snapshot(ctx, staff_rate(ctx, "left", denominator="has_next"))
    return rates(measure, ctx, pairs, ctx.grouping, blocked=blocked)


def _promotion(measure: Measure, ctx: Context) -> list[Result]:
    return rates(measure, ctx, staff_rate(ctx, "promoted"), ctx.grouping)


def _declaration(measure: Measure, ctx: Context) -> list[Result]:
    return rates(measure, ctx, staff_rate(ctx, "stated"), None, whole="All staff")


MEASURES = [
    Measure("workforce.composition", "Staff by ethnic group",
            "Percentage of staff at the snapshot date in each group of the run's grouping, not stated as its "
            "own row (small groups rolled up).", "headcount(group) / headcount", "descriptive", "Workforce",
            "composition", ("staff",), _composition),
    Measure("workforce.retention", "Leaving rate by ethnic group",
            "Staff in the previous snapshot who are not in this one, over the previous headcount, for each "
            "group, with each group's relative likelihood of leaving compared with the reference group.",
            "leavers(group) / previous headcount(group); ratio to the reference group",
            "lower is better; 1.00 is parity", "Workforce", "rate", ("staff",), _retention),
    Measure("workforce.promotion", "Promotion rate by ethnic group",
            "Staff promoted in the year to the snapshot date (promoted_in_year), over headcount, with each "
            "group's relative likelihood compared with the reference group.",
            "promoted(group) / headcount(group); ratio to the reference group", "higher is better; 1.00 is parity",
            "Workforce", "rate", ("staff",), _promotion),
    Measure("workforce.declaration_rate", "Ethnicity declaration rate",
            "Percentage of staff with a stated ethnicity at the snapshot date.",
            "staff with a stated ethnicity / headcount", "higher is better", "Workforce", "rate", ("staff",),
            _declaration),
]
