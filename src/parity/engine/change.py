"""Change since the previous period, for every rate and relative likelihood that has one.

For a relative likelihood: a z test on the difference of the log ratios
(``statistics.change_in_ratio``); for a proportion: a two-proportion z test with a Newcombe
interval (``statistics.change_in_proportion``). Computed on disclosed results, so a hidden
figure has no change either. Verdicts: ``improved`` / ``worsened`` need a direction and
belong to the plan's measures (issue 4); here ``significant`` is true, false or null (with a
reason).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from . import statistics
from .disclosure import within
from .results import FAILED, NOT_COMPUTABLE, SUPPRESSED, Result, failed

COMPARABLE_KINDS = ("rate", "survey", "composition")


class Change(NamedTuple):
    """One result's change since the previous period (immutable; a run makes thousands)."""
    measure: str
    period: str
    previous_period: str
    breakdown: str
    group: str
    comparator: str | None
    value: float | None
    previous_value: float | None
    difference: float | None
    p_value: float | None
    significant: bool | None
    reason: str

    def to_dict(self) -> dict:
        return self._asdict()


def changes(results: list[Result], kinds: dict[str, str]) -> list[Change]:
    comparable = {m for m, kind in kinds.items() if kind in COMPARABLE_KINDS}
    by_key: dict[tuple, dict[str, Result]] = {}
    for r in results:
        if r.measure in comparable and r.period:
            by_key.setdefault((r.measure, r.breakdown, r.group, r.comparator or ""), {})[r.period] = r
    out = []
    for key in sorted(by_key):
        by_period = by_key[key]
        periods = sorted(by_period)
        for before, after in zip(periods, periods[1:]):
            try:
                out.append(_change(by_period[before], by_period[after]))
            except Exception as error:  # contained: this change is not tested, the others stand
                failed(key[0], after, error, where=f"change since {before}, {key[1]}")
                out.append(Change(key[0], after, before, key[1], key[2], key[3] or None, by_period[after].value,
                                  by_period[before].value, None, None, None, FAILED))
    return out


def _change(before: Result, after: Result) -> Change:
    def change(difference, p_value, significant, reason) -> Change:
        return Change(after.measure, after.period, before.period, after.breakdown, after.group, after.comparator,
                      after.value, before.value, difference, p_value, significant, reason)

    for r in (before, after):
        if r.status in (SUPPRESSED, NOT_COMPUTABLE) or r.value is None:
            return change(None, None, None, f"{r.period}: {r.reason or r.status}")
    if after.comparator is not None:
        test = statistics.change_in_ratio(*(r.with_(  # each rate read ``within``, as its ratio was
            numerator=within(r.numerator, r.denominator),
            comparator_numerator=within(r.comparator_numerator, r.comparator_denominator)) for r in (before, after)))
        difference = after.value - before.value
    else:
        test = statistics.change_in_proportion(within(before.numerator, before.denominator), before.denominator,
                                               within(after.numerator, after.denominator), after.denominator,
                                               interval=False)
        difference = test.get("difference")
    return change(difference, test.get("p_value"), test.get("significant"), test.get("reason", ""))


IMPROVED, WORSENED, NO_CHANGE, NOT_ENOUGH = "improved", "worsened", "no significant change", "not enough data"
VERDICTS = (IMPROVED, WORSENED, NO_CHANGE, NOT_ENOUGH)
BETTER = ("higher", "lower", "towards_one")  # which way is better for a plan's measure


def verdict(before: Result | None, after: Result | None, better: str) -> tuple[str, str]:
    """A plan measure's verdict, from the change test between two periods, and why.

    ``improved`` / ``worsened``: the change is significant (5% level, ``_change``) and goes the
    better / worse way: ``higher`` or ``lower`` value, or for a ratio ``towards_one`` (parity),
    a smaller ``|ln ratio|``. ``no significant change``: the test ran and was not significant.
    ``not enough data``: a period is missing, hidden or not computable, or a value has no counts
    to test.
    """
    if better not in BETTER:
        raise ValueError(f"unknown direction {better!r}; use {', '.join(BETTER)}")
    if before is None or after is None:
        return NOT_ENOUGH, "only one period to compare" if (before or after) else "no figures yet"
    for r in (before, after):
        if after.comparator is None and (r.numerator is None or r.denominator is None) and r.value is not None:
            return NOT_ENOUGH, f"{r.period}: a value without its counts cannot be tested"
    change = _change(before, after)
    if change.significant is None:
        return NOT_ENOUGH, change.reason
    if not change.significant:
        return NO_CHANGE, f"p = {change.p_value:.3g} (change from {before.period} to {after.period})"
    if better == "towards_one":
        up = abs(math.log(after.value)) < abs(math.log(before.value))
    else:
        up = (after.value > before.value) == (better == "higher")
    return (IMPROVED if up else WORSENED), f"p = {change.p_value:.3g} (change from {before.period} to {after.period})"
