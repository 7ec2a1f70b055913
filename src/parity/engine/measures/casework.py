"""Entering formal casework, by ethnic group: disciplinary, grievance and capability.

WRES 3 compares White and BME staff entering the disciplinary process; these measures give
every group of the run's grouping, and add grievances (raised by the member of staff) and the
capability process, each with each group's relative likelihood against the reference group
(Holm-adjusted). Like WRES 3 they sum ``rolling_years`` years (default 2) to the snapshot:
entries over headcounts at each snapshot (person-years), so small numbers are steadier.
"""

from __future__ import annotations

from ..results import Result
from .base import Context, Measure, rates, rolling, staff_rate


def _entering(flag: str):
    def compute(measure: Measure, ctx: Context) -> list[Result]:
        pairs, blocked = rolling(ctx, staff_rate(ctx, flag), max(1, ctx.rolling_years))
        return rates(measure, ctx, pairs, ctx.grouping, blocked=blocked)
    return compute


def _measure(flag: str, process: str, title: str) -> Measure:
    return Measure(
        f"casework.{flag}", title,
        f"Staff entering {process} in the years to the snapshot date (rolling_years, default 2), over the "
        "headcounts at those snapshots, for each group, with each group's relative likelihood compared "
        "with the reference group.",
        "entries(group) / person-years(group); ratio to the reference group",
        "lower is better; 1.00 is parity", "Casework", "rate", ("staff", "casework"), _entering(flag))


MEASURES = [
    _measure("disciplinary", "the formal disciplinary process (an investigation)",
             "Entering the disciplinary process, by ethnic group"),
    _measure("grievance", "a formal grievance they raised", "Raising a formal grievance, by ethnic group"),
    _measure("capability", "the formal capability process", "Entering the capability process, by ethnic group"),
]
