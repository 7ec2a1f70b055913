"""Workforce Disability Equality Standard, HR-data part: wdes.1 .. wdes.3 (spec/measures.md §4).

The same machinery with disability as the characteristic: Disabled, Not disabled, Not stated.
"""

from __future__ import annotations

from ..results import Result
from .base import Context, Measure, in_year, rates, snapshots_in_window, staff_units
from .wres import representation

DISABLED, NOT_DISABLED = "Disabled", "Not disabled"


def _representation(measure: Measure, ctx: Context) -> list[Result]:
    return representation(measure, ctx, grouping=None, grp="s.disability")


def _appointed(measure: Measure, ctx: Context) -> list[Result]:
    units = (f"SELECT p.period, a.disability AS grp, a.appointed AS outcome, a.directorate, a.grade, a.sex, "
             f"a.ethnicity FROM periods p JOIN applications a ON {in_year('a.application_date')} WHERE a.shortlisted")
    return rates(measure, ctx, units, None, {"directorate", "grade", "sex"}, NOT_DISABLED, DISABLED)


def _capability(measure: Measure, ctx: Context) -> list[Result]:
    years = max(1, ctx.rolling_years)
    outcome = (f"EXISTS (SELECT 1 FROM casework c WHERE c.staff_id = s.staff_id AND c.case_type = 'capability' "
               f"AND {in_year('c.opened_date', 's.snapshot_date')})")
    units = staff_units(outcome, grp="s.disability", window_years=years)
    return rates(measure, ctx, units, None, {"directorate", "grade", "sex", "age_band"}, DISABLED, NOT_DISABLED,
                 periods_ok=snapshots_in_window(ctx, years))


MEASURES = [
    Measure("wdes.1", "Staff in each grade by disability (WDES 1)",
            "Percentage of staff in each grade, senior leadership and board who are Disabled, not disabled or "
            "have not stated.", "count(group, grade) / count(grade)",
            "closer to the workforce share is better", "WDES", "composition", ("staff",), _representation),
    Measure("wdes.2", "Relative likelihood of non-disabled applicants being appointed from shortlisting (WDES 2)",
            "Shortlisted applications in the year: non-disabled appointment rate over Disabled.",
            "(non-disabled appointed / shortlisted) / (Disabled appointed / shortlisted)",
            "1.00 is parity; above 1.25 non-disabled applicants are favoured", "WDES", "rate",
            ("applications",), _appointed),
    Measure("wdes.3", "Relative likelihood of Disabled staff entering the formal capability process (WDES 3)",
            "Staff entering a formal capability process, over headcount; two-year rolling as wres.3.",
            "(Disabled entering / Disabled headcount) / (non-disabled entering / non-disabled headcount)",
            "1.00 is parity; above 1.25 Disabled staff are more likely to enter", "WDES", "rate",
            ("staff", "casework"), _capability),
]
