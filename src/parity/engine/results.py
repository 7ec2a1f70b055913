"""One vocabulary for every figure Parity produces.

A ``Result`` is one number with everything needed to read it honestly:

* ``measure``: the registry id (``wres.2``); ``period``: the snapshot date or financial year;
* ``breakdown``: ``overall`` or ``dimension=value`` pairs joined by ``;``
  (``directorate=Finance;grade=PO1``); ``group``: the group the figure is about, labelled
  exactly as the grouping labels it; ``comparator``: the reference group, for comparisons;
* ``numerator``/``denominator``: the counts behind the value (for a ratio, the focus group's;
  the comparator's are ``comparator_numerator``/``comparator_denominator``);
* ``value``, ``ci_low``, ``ci_high`` (95%), ``p_value`` (against parity, where tested), the
  ``method`` that gave them, ``band`` (for relative likelihoods: ``non-adverse`` inside
  0.80 to 1.25, else ``adverse``), ``status`` and ``reason``.

Statuses: ``ok``; ``low_power`` (computed, but the sample could not detect a relative
likelihood of 1.25 with 80% power); ``suppressed`` (hidden by the disclosure policy, with its
reason); ``not_computable`` (0/0, x/0, a missing input file...: the reason says which). A value
is never 0, NaN or a cap in place of "not computable".
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache

OK = "ok"
LOW_POWER = "low_power"
SUPPRESSED = "suppressed"
NOT_COMPUTABLE = "not_computable"
STATUSES = (OK, LOW_POWER, SUPPRESSED, NOT_COMPUTABLE)
OVERALL = "overall"
LOG = logging.getLogger("parity.engine")

FIELDS = ("measure", "period", "breakdown", "group", "comparator", "numerator", "denominator",
          "value", "ci_low", "ci_high", "p_value", "status", "reason", "band",
          "comparator_numerator", "comparator_denominator", "p_adjusted", "method", "rolled_up_from")


@dataclass
class Result:
    """One figure (see the module docstring). A value: never changed once made; ``with_`` and
    ``hidden`` make changed copies. (Not a frozen dataclass only because a frozen one costs three
    and a half times as much to build, and a run builds some 30,000.)"""

    measure: str
    period: str
    breakdown: str = OVERALL
    group: str = ""
    comparator: str | None = None
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    status: str = OK
    reason: str = ""
    band: str | None = None
    comparator_numerator: float | None = None
    comparator_denominator: float | None = None
    p_adjusted: float | None = None
    method: str = ""
    rolled_up_from: tuple[str, ...] = field(default=())

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        for name, v in (("value", self.value), ("ci_low", self.ci_low), ("ci_high", self.ci_high),
                        ("p_value", self.p_value)):
            if v is not None and not math.isfinite(v):
                raise ValueError(f"{self.measure}: {name} is {v}; use status not_computable instead")
        if self.status == NOT_COMPUTABLE and not self.reason:
            raise ValueError(f"{self.measure}: not_computable needs a reason")
        if self.status == NOT_COMPUTABLE and self.value is not None:
            raise ValueError(f"{self.measure}: a not_computable result has no value")

    def to_dict(self) -> dict:
        d = {f: getattr(self, f) for f in FIELDS}
        d["rolled_up_from"] = list(self.rolled_up_from)
        return d

    def with_(self, **changes) -> "Result":
        return replace(self, **changes)

    def hidden(self, reason: str, fields: tuple[str, ...]) -> "Result":
        """This result suppressed: ``fields`` emptied, status and reason set (a fast copy)."""
        copy = object.__new__(Result)
        values = copy.__dict__
        values.update(self.__dict__)
        values.update(_emptied(fields))
        values["status"], values["reason"] = SUPPRESSED, reason
        return copy


@lru_cache(maxsize=8)
def _emptied(fields: tuple[str, ...]) -> dict[str, None]:
    return dict.fromkeys(fields)


def not_computable(measure: str, period: str, reason: str, **kw) -> Result:
    return Result(measure=measure, period=period, status=NOT_COMPUTABLE, reason=reason, **kw)


FAILED = "could not be computed: an unexpected error in Parity (the details are in the log)"


def failed(measure: str, period: str, error: BaseException, where: str = "", **kw) -> Result:
    """A figure the engine failed to compute: ``not_computable`` with ``FAILED`` as its reason,
    the error logged (with ``where``) for the administrators, never shown to the reader."""
    LOG.error("%s %s %s: %s", measure, period, where or kw.get("breakdown", ""), error, exc_info=error)
    return not_computable(measure, period, FAILED, **kw)


def breakdown_label(cell: dict[str, str] | None) -> str:
    """``{'directorate': 'Finance'}`` -> ``'directorate=Finance'``; empty -> ``'overall'``."""
    if not cell:
        return OVERALL
    return ";".join(f"{k}={v}" for k, v in cell.items())


def sort_key(r: Result) -> tuple:
    return (r.measure, r.period, r.breakdown != OVERALL, r.breakdown, r.group, r.comparator or "")


@lru_cache(maxsize=4096)
def dimension_of(breakdown: str) -> tuple[str, str]:
    """'directorate=Finance' -> ('directorate', 'Finance'); 'overall' -> ('', '')."""
    if breakdown == OVERALL:
        return "", ""
    keys, values = zip(*(part.split("=", 1) for part in breakdown.split(";")))
    return ";".join(keys), ";".join(values)
