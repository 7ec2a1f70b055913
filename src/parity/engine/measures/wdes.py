"""Workforce Disability Equality Standard, HR-data part: wdes.1 .. wdes.3 (spec/measures.md §4).

The same machinery with disability as the characteristic: Disabled, Not disabled, Not stated.
"""

from __future__ import annotations

from ..aggregate import pick
from ..results import Result
from .base import Context, Measure, rates
from .wres import entering_formal_process, representation

DISABLED, NOT_DISABLED = "Disabled", "Not disabled"


def _representation(measure: Measure, ctx: Context) -> list[Result]:
    return representation(measure, ctx, grouping=None, characteristic="disability")


def _appointed(measure: Measure, ctx: Context) -> list[Result]:
    pairs = pick(ctx.counts.applications("disability"), "appointed")
    return rates(measure, ctx, pairs, None, NOT_DISABLED, DISABLED)


_capability = entering_formal_process("capability", DISABLED, NOT_DISABLED, lambda: None, "disability")


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
