"""Statistics on aggregated counts (spec/measures.md §7).

Every function takes counts and returns a ``Result`` or plain numbers; none sees a record.

* **Proportion** ``x / n``: Wilson score interval.
* **Relative likelihood** (risk ratio) ``(a / n1) / (b / n2)``: the log (Katz) interval when all
  four cells of the 2x2 table are at least 5, otherwise the score interval for a ratio
  (Koopman; Miettinen-Nurminen), which stays valid for small and zero cells; p-value from
  Fisher's exact test against parity (RR = 1), two-sided.
* **Change between two periods**: for ratios, a z test on the difference of log ratios
  ``(ln RR2 - ln RR1) / sqrt(se1^2 + se2^2)``; for proportions, a z test on the difference with
  a Newcombe interval.
* **Many groups**: Holm (default) or Benjamini-Hochberg adjustment across the p-values of one
  measure, period and breakdown, stated in ``method``.
* **Low power**: flagged when the sample could not detect a relative likelihood of 1.25 (or
  0.80) with 80% power at the 5% level (normal approximation on the log scale).

Not computable: ``n == 0`` for a proportion; a zero denominator or a comparator rate of 0 for
a ratio; a focus rate of 0 gives a ratio of 0, which is computable.
"""

from __future__ import annotations

import math

from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from .results import LOW_POWER, NOT_COMPUTABLE, OK, Result

Z95 = stats.norm.ppf(0.975)
NON_ADVERSE = (0.80, 1.25)
SMALL_CELL = 5
POWER_TARGET = 0.8
DETECTABLE_RATIO = 1.25


def wilson(x: float, n: float, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson score interval for a proportion x/n."""
    low, high = proportion_confint(x, n, alpha=alpha, method="wilson")
    return float(low), float(high)


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


def fisher_p(a: int, n1: int, b: int, n2: int) -> float:
    """Two-sided Fisher's exact test of the 2x2 table [[a, n1-a], [b, n2-b]]."""
    return float(stats.fisher_exact([[a, n1 - a], [b, n2 - b]]).pvalue)


def power_for_ratio(n1: float, n2: float, p2: float, ratio: float = DETECTABLE_RATIO) -> float:
    """Power to detect a relative likelihood ``ratio`` given group sizes and comparator rate."""
    p1 = min(p2 * ratio, 1.0)
    if min(n1, n2) <= 0 or p1 <= 0 or p2 <= 0 or p1 >= 1 or p2 >= 1:
        return 0.0
    se = math.sqrt((1 - p1) / (n1 * p1) + (1 - p2) / (n2 * p2))
    return float(stats.norm.cdf(abs(math.log(ratio)) / se - Z95))


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
    small = min(a, n1 - a, b, n2 - b) < SMALL_CELL
    if small:
        low, high = confint_proportions_2indep(a, n1, b, n2, method="score", compare="ratio")
        method = "score interval (Koopman); Fisher exact p"
    else:
        se = log_ratio_se(a, n1, b, n2)
        low, high = ratio * math.exp(-Z95 * se), ratio * math.exp(Z95 * se)
        method = "log (Katz) interval; Fisher exact p"
    low, high = float(low), float(high)
    if not math.isfinite(high):
        high = None
    p = fisher_p(int(a), int(n1), int(b), int(n2))
    power = power_for_ratio(n1, n2, b / n2)
    status = OK if power >= POWER_TARGET else LOW_POWER
    reason = "" if status == OK else (
        f"too few people to detect a relative likelihood of {DETECTABLE_RATIO} with 80% power "
        f"(power {power:.0%})")
    return Result(measure=measure, period=period, value=ratio, ci_low=low, ci_high=high, p_value=p,
                  band=band(ratio), status=status, reason=reason, method=method, **counts, **kw)


def change_in_ratio(before: Result, after: Result) -> dict:
    """z test of ln(RR_after) - ln(RR_before); ``significant`` at the 5% level, or a reason."""
    parts = []
    for r in (before, after):
        if r.value is None or r.value <= 0:
            return {"p_value": None, "significant": None,
                    "reason": f"{r.period}: no ratio to compare ({r.reason or 'ratio is 0'})"}
        se = log_ratio_se(r.numerator, r.denominator, r.comparator_numerator, r.comparator_denominator)
        if se is None:
            return {"p_value": None, "significant": None, "reason": f"{r.period}: a zero cell"}
        parts.append((math.log(r.value), se))
    (l1, s1), (l2, s2) = parts
    z = (l2 - l1) / math.sqrt(s1 ** 2 + s2 ** 2)
    p = float(2 * stats.norm.sf(abs(z)))
    return {"difference_log": l2 - l1, "z": z, "p_value": p, "significant": p < 0.05, "reason": ""}


def change_in_proportion(x1: float, n1: float, x2: float, n2: float) -> dict:
    """Two-proportion z test (pooled) and a Newcombe interval for p2 - p1."""
    if n1 <= 0 or n2 <= 0:
        return {"p_value": None, "significant": None, "reason": "an empty period (0/0)"}
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    if pooled in (0, 1):
        return {"difference": p2 - p1, "p_value": 1.0, "significant": False, "reason": ""}
    z = (p2 - p1) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    low, high = confint_proportions_2indep(x2, n2, x1, n1, method="newcomb", compare="diff")
    p = float(2 * stats.norm.sf(abs(z)))
    return {"difference": p2 - p1, "ci_low": float(low), "ci_high": float(high), "z": z,
            "p_value": p, "significant": p < 0.05, "reason": ""}


ADJUSTMENTS = {"holm": "holm", "bh": "fdr_bh"}


def adjust(results: list[Result], method: str = "holm") -> list[Result]:
    """Adjust the p-values of a family of results (Holm or Benjamini-Hochberg)."""
    if method not in ADJUSTMENTS:
        raise ValueError(f"unknown adjustment {method!r}; use holm or bh")
    tested = [i for i, r in enumerate(results) if r.p_value is not None]
    if not tested:
        return results
    adjusted = multipletests([results[i].p_value for i in tested], method=ADJUSTMENTS[method])[1]
    out = list(results)
    label = "Holm" if method == "holm" else "Benjamini-Hochberg"
    for i, p in zip(tested, adjusted):
        r = out[i]
        out[i] = r.with_(p_adjusted=float(p),
                         method=f"{r.method}; {label} adjusted across {len(tested)} groups")
    return out
