"""The recruitment funnel: applied -> shortlisted -> interviewed -> appointed (the dashboard, issue 5).

Each step is a rate over the applications of the year to the snapshot date that reached the
step before, for each group of the run's grouping, with each group's relative likelihood of
passing the step compared with the reference group (Holm-adjusted across groups), so a
dashboard can show where in the process the gap opens. WRES 2 is the shortlisted -> appointed
step with the standard's White / BME groups; these steps use the run's grouping.

The interview steps need the applications file's optional ``interviewed`` column; a year in
which has shortlisted applications but none with it recorded is ``not_computable`` with that reason.
"""

from __future__ import annotations

import datetime as dt

from ..aggregate import OVERALL, pick
from ..results import Result
from .base import Context, Measure, rates

NO_INTERVIEWS = ("no shortlisted application in the year to {} has 'interviewed' recorded (the applications "
                 "file's optional interviewed column is absent or blank)")


def _step(outcome: str, among: str, needs_interviews: bool = False):
    def compute(measure: Measure, ctx: Context) -> list[Result]:
        table = ctx.counts.recruitment("ethnicity")
        blocked: dict[dt.date, str] = {}
        if needs_interviews:
            for period in ctx.periods:
                overall = table.get((period, OVERALL, ()), {})
                shortlisted = sum(c["shortlisted"] for c in overall.values())
                if shortlisted and sum(c["interview_recorded"] for c in overall.values()) == 0:
                    blocked[period] = NO_INTERVIEWS.format(period.isoformat())
        return rates(measure, ctx, pick(table, outcome, among), ctx.grouping, blocked=blocked)
    return compute


MEASURES = [
    Measure("recruitment.shortlisting", "Applications shortlisted, by ethnic group",
            "Applications in the year to the snapshot date that were shortlisted, over all applications in "
            "the year, for each group, with each group's relative likelihood of being shortlisted compared "
            "with the reference group. The first step of the recruitment funnel.",
            "shortlisted(group) / applications(group); ratio to the reference group",
            "higher is better for the groups; 1.00 is parity", "Recruitment", "rate", ("applications",),
            _step("shortlisted", "n")),
    Measure("recruitment.interview", "Shortlisted applicants interviewed, by ethnic group",
            "Shortlisted applications in the year to the snapshot date whose applicant was interviewed, over "
            "the shortlisted applications with the interview recorded, for each group, with each group's "
            "relative likelihood compared with the reference group. The second step of the funnel.",
            "interviewed(group) / shortlisted with interview recorded(group); ratio to the reference group",
            "higher is better for the groups; 1.00 is parity", "Recruitment", "rate", ("applications",),
            _step("interviewed", "interview_recorded", needs_interviews=True)),
    Measure("recruitment.appointment_from_interview", "Interviewed applicants appointed, by ethnic group",
            "Interviewed applications in the year to the snapshot date that led to an appointment, over the "
            "interviewed applications, for each group, with each group's relative likelihood compared with "
            "the reference group. The last step of the funnel.",
            "appointed after interview(group) / interviewed(group); ratio to the reference group",
            "higher is better for the groups; 1.00 is parity", "Recruitment", "rate", ("applications",),
            _step("appointed_after_interview", "interviewed", needs_interviews=True)),
]
