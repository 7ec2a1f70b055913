"""Statistics on aggregated counts (spec/measures.md §7).

Every function takes counts and returns a ``Result`` or plain numbers; none sees a record.

* **Proportion** ``x / n``: Wilson score interval.
* **Relative likelihood** (risk ratio) ``(a / n1) / (b / n2)``: the log (Katz) interval when all
  four cells of the 2x2 table are at least 5, otherwise the adjusted log interval (0.5 added to
  each count and each group size), which stays finite for small and zero cells and is widened,
  where it needs to be, to hold the observed ratio (an interval never excludes its own point
  estimate: 0 of 40 against 6 of 900 is a ratio of 0, its interval starts at 0); p-value from
  Fisher's exact test against parity (RR = 1), two-sided, which is exact whatever the cell sizes.
* **Change between two periods**: for ratios, a z test on the difference of log ratios
  ``(ln RR2 - ln RR1) / sqrt(se1^2 + se2^2)``, each ``se`` the one its interval was drawn with
  (``log_ratio_spread``); for proportions, a z test on the difference with a Newcombe interval.
* **Many groups**: Holm (default) or Benjamini-Hochberg adjustment across the p-values of one
  measure, period and breakdown, stated in ``method``.
* **Low power**: flagged when the sample could not detect a relative likelihood of 1.25 and one
  of 0.80 (each direction that the comparator's rate leaves possible) with 80% power at the 5%
  level (normal approximation on the log scale): the lower of the two powers is the one reported.

Not computable: ``n == 0`` for a proportion; a zero denominator or a comparator rate of 0 for
a ratio; a focus rate of 0 gives a ratio of 0, which is computable.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy.special import stdtr

from .disclosure import within
from .results import LOW_POWER, NOT_COMPUTABLE, OK, Result

Z95 = 1.959963984540054  # the 97.5th centile of the standard normal distribution
NON_ADVERSE = (0.80, 1.25)
SMALL_CELL = 5
POWER_TARGET = 0.8
DETECTABLE_RATIO = NON_ADVERSE[1]  # the ratio the power check is for (and NON_ADVERSE[0] the other way)


def normal_cdf(z: float) -> float:
    return 0.5 * math.erfc(-z / math.sqrt(2))


def normal_two_sided_p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


def wilson(x: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion x/n (95% by default).

    centre = (p + z^2/2n) / (1 + z^2/n); half-width = z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n)
    """
    p = x / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(max(p * (1 - p) / n + z * z / (4 * n * n), 0.0)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def proportion(measure: str, period: str, x: float, n: float, **kw) -> Result:
    """A proportion with its Wilson interval; 0/0 is not computable."""
    if n <= 0:
        return Result(measure=measure, period=period, numerator=x, denominator=n,
                      status=NOT_COMPUTABLE, reason="no one in the denominator (0/0)",
                      method="wilson", **kw)
    low, high = wilson(x, n)
    return Result(measure=measure, period=period, numerator=x, denominator=n, value=x / n,
                  ci_low=low, ci_high=high, status=OK, method="wilson", **kw)


def band(ratio: float) -> str:
    """``non-adverse`` inside the four-fifths band [0.80, 1.25], else ``adverse``."""
    return "non-adverse" if NON_ADVERSE[0] <= ratio <= NON_ADVERSE[1] else "adverse"


def log_ratio_se(a: float, n1: float, b: float, n2: float) -> float | None:
    """Standard error of ln(RR) (Katz): sqrt(1/a - 1/n1 + 1/b - 1/n2); None with a zero cell."""
    if a <= 0 or b <= 0:
        return None
    return math.sqrt(1 / a - 1 / n1 + 1 / b - 1 / n2)


ADJUSTED = 0.5  # added to each count and each group size when a cell of the 2x2 table is small


def log_ratio_spread(a: float, n1: float, b: float, n2: float) -> tuple[float, float, bool]:
    """The centre and standard error on the log scale that a relative likelihood's interval is
    drawn with, and whether they are the adjusted ones: Katz on the counts when every cell of
    the 2x2 table (a, n1 - a, b, n2 - b) is at least ``SMALL_CELL``; otherwise Katz on the
    counts and group sizes with ``ADJUSTED`` added (statsmodels' "log-adjusted"), finite for
    zero cells. The one home of this rule: the interval and the change test both read it."""
    if min(a, n1 - a, b, n2 - b) >= SMALL_CELL:
        return math.log((a / n1) / (b / n2)), log_ratio_se(a, n1, b, n2), False
    a_, n1_, b_, n2_ = a + ADJUSTED, n1 + ADJUSTED, b + ADJUSTED, n2 + ADJUSTED
    return math.log((a_ / n1_) / (b_ / n2_)), math.sqrt(1 / a_ - 1 / n1_ + 1 / b_ - 1 / n2_), True


@lru_cache(maxsize=65536)
def fisher_p(a: int, n1: int, b: int, n2: int) -> float:
    """Two-sided Fisher's exact test of the 2x2 table [[a, n1-a], [b, n2-b]].

    Conditional on the margins, ``a`` is hypergeometric; the p-value sums the probabilities of
    every table no more likely than the one observed (scipy's definition, relative tolerance
    1e-7): the observed table's probability (log-gamma) times the sum of every counted table's
    probability relative to it (a running sum of log ratios of neighbouring tables).
    """
    k = a + b  # total with the outcome
    n = n1 + n2
    low, high = max(0, k - n2), min(k, n1)
    if n > 1 and k > 0 and n - k > 0:
        # Only tables as unlikely as the observed one count, and those more than 12 standard
        # deviations further out than it add less than 1e-30 of it: the support is cut there
        # (and at 40 standard deviations, where every term is below 1e-300).
        mean = k * n1 / n
        sd = math.sqrt(k * (n1 / n) * (n2 / n) * (n - k) / (n - 1))
        if sd > 0:
            reach = min(40.0, abs(a - mean) / sd + 12.0) * sd
            low = max(low, min(a, int(mean - reach) - 1))
            high = min(high, max(a, int(mean + reach) + 1))
    # log pmf(x) relative to pmf(low), from the ratio of neighbours:
    # pmf(x + 1) / pmf(x) = (n1 - x)(k - x) / ((x + 1)(n2 - k + x + 1)), never 0 inside the support.
    steps = np.arange(low, high, dtype=float)
    relative = np.empty(high - low + 1)
    relative[0] = 0.0
    np.cumsum(np.log((n1 - steps) * (k - steps)) - np.log((steps + 1) * (n2 - k + steps + 1)), out=relative[1:])
    relative -= relative[a - low]  # now relative to the observed table
    observed = (math.lgamma(n1 + 1) + math.lgamma(n2 + 1) - math.lgamma(n + 1) + math.lgamma(k + 1)
                + math.lgamma(n - k + 1) - math.lgamma(a + 1) - math.lgamma(n1 - a + 1) - math.lgamma(b + 1)
                - math.lgamma(n2 - b + 1))
    p = math.exp(observed) * float(np.exp(relative[relative <= math.log1p(1e-7)]).sum())
    return min(1.0, p)


def welch_p(mean1: float, sd1: float, n1: float, mean2: float, sd2: float, n2: float) -> float:
    """Two-sided p of Welch's t test from summary statistics (unequal variances).

    v_i = sd_i^2 / n_i; t = (mean1 - mean2) / sqrt(v1 + v2); degrees of freedom (Welch-
    Satterthwaite) (v1 + v2)^2 / (v1^2 / (n1 - 1) + v2^2 / (n2 - 1)); p = 2 P(T_df < -|t|).
    Needs n1, n2 > 1 and a variance above 0 (scipy's ``ttest_ind_from_stats(equal_var=False)``).
    """
    v1, v2 = sd1 * sd1 / n1, sd2 * sd2 / n2
    t = (mean1 - mean2) / math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    return float(2 * stdtr(df, -abs(t)))


def power_for_ratio(n1: float, n2: float, p2: float, ratio: float = DETECTABLE_RATIO) -> float:
    """Power to detect a relative likelihood ``ratio`` given group sizes and comparator rate:
    Phi(|ln ratio| / se - z), se = sqrt((1 - p1) / (n1 p1) + (1 - p2) / (n2 p2)), p1 = ratio p2.
    0 where p1 is not a rate (the comparator's rate times ``ratio`` reaches 100%)."""
    p1 = p2 * ratio
    if min(n1, n2) <= 0 or p1 <= 0 or p2 <= 0 or p1 >= 1 or p2 >= 1:
        return 0.0
    se = math.sqrt((1 - p1) / (n1 * p1) + (1 - p2) / (n2 * p2))
    return normal_cdf(abs(math.log(ratio)) / se - Z95)


def power_both_ways(n1: float, n2: float, p2: float) -> float:
    """The lower power of detecting a relative likelihood of 1.25 and of 0.80 (``NON_ADVERSE``'s
    edges), over the directions the comparator's rate allows (at a rate of 80% or more, 1.25
    would be a rate above 100%, so only 0.80 counts)."""
    possible = [power_for_ratio(n1, n2, p2, r) for r in (NON_ADVERSE[1], NON_ADVERSE[0]) if p2 * r < 1]
    return min(possible, default=0.0)


def relative_likelihood(measure: str, period: str, a: float, n1: float, b: float, n2: float,
                        **kw) -> Result:
    """(a/n1) / (b/n2): the focus group's rate over the comparator's (see module docstring)."""
    counts = dict(numerator=a, denominator=n1, comparator_numerator=b, comparator_denominator=n2)
    if n1 <= 0 or n2 <= 0:
        which = "the group" if n1 <= 0 else "the comparator group"
        return Result(measure=measure, period=period, status=NOT_COMPUTABLE,
                      reason=f"no one in {which} (a rate of x/0)", **counts, **kw)
    if b <= 0:
        return Result(measure=measure, period=period, status=NOT_COMPUTABLE,
                      reason="the comparator group's rate is 0, so the ratio is undefined", **counts, **kw)
    ratio = (a / n1) / (b / n2)
    centre, se, adjusted = log_ratio_spread(a, n1, b, n2)
    low, high = math.exp(centre - Z95 * se), math.exp(centre + Z95 * se)
    if adjusted:  # drawn round the adjusted ratio: widened, where needed, to hold the observed one
        low, high = min(low, ratio), max(high, ratio)
        method = "adjusted log interval (0.5 added to counts and group sizes: a cell under 5); Fisher exact p"
    else:
        method = "log (Katz) interval; Fisher exact p"
    low, high = float(low), float(high)
    if not math.isfinite(high):
        high = None
    p = fisher_p(int(a), int(n1), int(b), int(n2))
    power = power_both_ways(n1, n2, b / n2)
    status = OK if power >= POWER_TARGET else LOW_POWER
    reason = "" if status == OK else (
        f"too few people to detect a relative likelihood of {NON_ADVERSE[1]} or {NON_ADVERSE[0]} "
        f"with 80% power (power {power:.0%})")
    return Result(measure=measure, period=period, value=ratio, ci_low=low, ci_high=high, p_value=p,
                  band=band(ratio), status=status, reason=reason, method=method, **counts, **kw)


def change_in_ratio(before: Result, after: Result) -> dict:
    """z test of ln(RR_after) - ln(RR_before), each standard error the one its interval was
    drawn with (``log_ratio_spread``; where an adjusted interval was widened to hold its point
    estimate, the spread before widening); ``significant`` at the 5% level, or a reason."""
    parts = []
    for r in (before, after):
        if r.value is None or r.value <= 0:
            return {"p_value": None, "significant": None,
                    "reason": f"{r.period}: no ratio to compare ({r.reason or 'ratio is 0'})"}
        _, se, _ = log_ratio_spread(r.numerator, r.denominator, r.comparator_numerator, r.comparator_denominator)
        parts.append((math.log(r.value), se))
    (l1, s1), (l2, s2) = parts
    if s1 == 0 and s2 == 0:  # no sampling spread in either period
        return {"p_value": None, "significant": None,
                "reason": "every group's rate is 100% in both periods: no variation to test"}
    z = (l2 - l1) / math.sqrt(s1 ** 2 + s2 ** 2)
    p = normal_two_sided_p(z)
    return {"difference_log": l2 - l1, "z": z, "p_value": p, "significant": p < 0.05, "reason": ""}


def newcombe(x1: float, n1: float, x2: float, n2: float) -> tuple[float, float]:
    """Newcombe's hybrid score interval for p1 - p2, from the two Wilson intervals.

    d = p1 - p2; low = d - sqrt((p1 - l1)^2 + (u2 - p2)^2); high = d + sqrt((u1 - p1)^2 + (p2 - l2)^2)
    """
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1)
    l2, u2 = wilson(x2, n2)
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def change_in_proportion(x1: float, n1: float, x2: float, n2: float, interval: bool = True) -> dict:
    """Two-proportion z test (pooled) and (unless ``interval`` is False) a Newcombe interval
    for p2 - p1."""
    if n1 <= 0 or n2 <= 0:
        return {"p_value": None, "significant": None, "reason": "an empty period (0/0)"}
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    if pooled in (0, 1):  # nobody, or everybody, in both periods: no difference to test
        out = {"difference": p2 - p1, "p_value": 1.0, "significant": False, "reason": ""}
    else:
        z = (p2 - p1) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        p = normal_two_sided_p(z)
        out = {"difference": p2 - p1, "z": z, "p_value": p, "significant": p < 0.05, "reason": ""}
    if interval:  # Newcombe's interval is defined at 0% and 100% too
        low, high = newcombe(x2, n2, x1, n1)
        out.update(ci_low=float(low), ci_high=float(high))
    return out


def difference(measure_id: str, period: str, x1: float, n1: float, x2: float, n2: float, group: str,
               first: str, second: str, **kw) -> Result:
    """Percentage points between two proportions, ``100 (x1/n1 - x2/n2)``, with a Newcombe
    interval and a pooled two-proportion z test; each part read ``within`` its whole."""
    if n1 <= 0 or n2 <= 0:
        return Result(measure=measure_id, period=period, status=NOT_COMPUTABLE,
                      reason=f"no one in the {first if n1 <= 0 else second} count",
                      group=group, comparator=second, numerator=x1, denominator=n1,
                      comparator_numerator=x2, comparator_denominator=n2, **kw)
    change = change_in_proportion(within(x2, n2), n2, within(x1, n1), n1)
    return Result(measure=measure_id, period=period, group=group, comparator=second, numerator=x1,
                  denominator=n1, comparator_numerator=x2, comparator_denominator=n2,
                  value=100 * (within(x1, n1) / n1 - within(x2, n2) / n2), ci_low=100 * change["ci_low"],
                  ci_high=100 * change["ci_high"], p_value=change["p_value"],
                  method=f"difference in percentage points ({first} minus {second}); "
                  "Newcombe interval treating the two as independent", **kw)


ADJUSTMENTS = ("holm", "bh")


def holm(ps: list[float]) -> list[float]:
    """Holm step-down: sorted p_(i) times (m - i), made non-decreasing, capped at 1."""
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    out, running = [0.0] * m, 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * ps[i]))
        out[i] = running
    return out


def benjamini_hochberg(ps: list[float]) -> list[float]:
    """Benjamini-Hochberg step-up: p_(i) m / i, made non-increasing from the top, capped at 1."""
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i], reverse=True)
    out, running = [0.0] * m, 1.0
    for position, i in enumerate(order):
        rank = m - position
        running = min(running, ps[i] * m / rank)
        out[i] = min(1.0, running)
    return out


def adjust(results: list[Result], method: str = "holm") -> list[Result]:
    """Adjust the p-values of a family of results (Holm or Benjamini-Hochberg)."""
    if method not in ADJUSTMENTS:
        raise ValueError(f"unknown adjustment {method!r}; use holm or bh")
    tested = [i for i, r in enumerate(results) if r.p_value is not None]
    if not tested:
        return results
    ps = [results[i].p_value for i in tested]
    adjusted = holm(ps) if method == "holm" else benjamini_hochberg(ps)
    out = list(results)
    label = "Holm" if method == "holm" else "Benjamini-Hochberg"
    for i, p in zip(tested, adjusted):
        r = out[i]
        out[i] = r.with_(p_adjusted=float(p),
                         method=f"{r.method}; {label} adjusted across {len(tested)} groups")
    return out
