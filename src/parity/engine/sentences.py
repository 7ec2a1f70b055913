"""A result in plain English, with last year's figure and whether the change is significant.

Every figure on a page or in a report comes with one of these sentences beside its table and
chart, so that a reader who cannot see the chart, or does not read intervals, gets the same
message: the value, its 95% interval, the counts behind it, last year's value, and whether
the change is statistically significant (``engine.change``). Hidden and not-computable
results say why instead.
"""

from __future__ import annotations

from .change import Change
from .measures import pay
from .results import NOT_COMPUTABLE, OVERALL, SUPPRESSED, Result

PERCENT_KINDS = ("rate", "composition", "survey")


def _pct(v: float) -> str:
    return f"{100 * v:.1f}%"


def count(v: float) -> str:
    """A count of people as every page and sentence writes it: 14605.0 -> "14,605"."""
    return f"{v:,.0f}"


def ratio(v: float) -> str:
    """A ratio (a relative likelihood, a likelihood's interval) as every page, sentence and report
    writes it: to two decimal places, as the WRES reports them (1.3 -> "1.30")."""
    return f"{v:.2f}"


def _change_text(change: Change | None, show, before: str) -> str:
    if change is None or change.previous_value is None:
        return f"no figure for {before} to compare with"
    last = f"{before} ({change.previous_period}) {show(change.previous_value)}"
    if change.significant is None:
        return f"{last}; the change cannot be tested ({change.reason})"
    return f"{last}; the change is {'' if change.significant else 'not '}statistically significant"


def sentence(r: Result, title: str, kind: str, change: Change | None = None, before: str = "the year before") -> str:
    """One sentence for one result (see the module docstring); a cell's figure names its cell
    ("All staff in grade Scale 1"). ``before`` names the period a change is from ("the previous
    survey"). A difference with a test says whether it is significant (its adjusted p where the
    groups were adjusted together)."""
    who = (r.group or "all") + ("" if r.breakdown == OVERALL else
                                " in " + r.breakdown.replace("=", " ").replace(";", ", "))
    if r.status == NOT_COMPUTABLE:
        return f"{title}: not computable for {r.period}: {r.reason}."
    if r.status == SUPPRESSED:
        return f"{title}, {who}: not shown for {r.period}, {r.reason}."
    interval = ""
    if r.comparator is not None and kind not in ("pay", "difference"):
        show = ratio
        if r.ci_low is not None:
            interval = f" (95% interval {ratio(r.ci_low)} to {ratio(r.ci_high)})"
        counts = ""
        if r.numerator is not None and r.comparator_numerator is not None:
            counts = (f", from {count(r.numerator)} of {count(r.denominator)} against "
                      f"{count(r.comparator_numerator)} of {count(r.comparator_denominator)}")
        body = f"{who} were {ratio(r.value)} times as likely as {r.comparator}{interval}{counts}"
    elif kind == "pay" or kind == "difference":
        unit = ("p" if pay.in_pence(r.measure) else "%") if kind == "pay" else " percentage points"

        def show(v: float) -> str:  # already in their unit: a pay gap in % (or pence in the pound), a difference in points
            return f"{v:.1f}{unit}"
        if r.ci_low is not None:
            interval = f" (95% interval {show(r.ci_low)} to {show(r.ci_high)})"
        against = f" compared with {r.comparator}" if kind == "difference" and r.comparator else ""
        body = f"{who}{against}: {show(r.value)}{interval}"
        p = r.p_adjusted if r.p_adjusted is not None else r.p_value
        if kind == "difference" and p is not None:
            body += f", {'' if p < 0.05 else 'not '}statistically significant"
    else:
        show = _pct if kind in PERCENT_KINDS else ratio
        if r.ci_low is not None:
            interval = f"; 95% interval {show(r.ci_low)} to {show(r.ci_high)}"
        counts = f" ({count(r.numerator)} of {count(r.denominator)}{interval})" if r.denominator else interval
        body = f"{who}: {show(r.value)}{counts}"
    return f"{title}, {r.period}: {body}; {_change_text(change, show, before)}."
