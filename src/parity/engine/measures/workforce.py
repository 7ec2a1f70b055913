"""Workforce measures beside the standards: retention, promotion and the declaration rate.

These use the grouping chosen for the run (``ons5`` by default) and compare every group
with the reference group (``White`` for ons5; ``--reference`` changes it).
"""

from __future__ import annotations

from ..results import Result
from .base import Context, Measure, rates, staff_units


def _retention(measure: Measure, ctx: Context) -> list[Result]:
    units = ("SELECT p.period, s.ethnicity AS grp, NOT EXISTS (SELECT 1 FROM staff n WHERE "
             "n.snapshot_date = p.period AND n.staff_id = s.staff_id) AS outcome, s.directorate, s.grade, "
             "s.sex, s.disability, s.age_band FROM periods p JOIN staff s ON s.snapshot_date = "
             "(SELECT max(snapshot_date) FROM staff WHERE snapshot_date < p.period)")
    first = min(ctx.data.snapshots(), default=None)
    return rates(measure, ctx, units, ctx.grouping,
                 periods_ok=lambda p: "leaving needs the previous snapshot, and this is the first"
                 if p == first else None)


def _promotion(measure: Measure, ctx: Context) -> list[Result]:
    return rates(measure, ctx, staff_units("coalesce(s.promoted_in_year, FALSE)"), ctx.grouping)


def _declaration(measure: Measure, ctx: Context) -> list[Result]:
    units = staff_units("s.ethnicity <> 'not_stated'", grp="'-'")
    return rates(measure, ctx, units, None, whole="All staff")


MEASURES = [
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
