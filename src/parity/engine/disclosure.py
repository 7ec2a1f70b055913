"""Disclosure control: one policy for every figure a person can get (ADR 0009, docs/disclosure.md).

The method is the **cell key method** (``engine.cell_key``): every count of people, wherever it
appears (numerator, denominator, comparison counts, a composition's total, a pay group's size),
is published rounded to a multiple of ``min_count`` (5), up or down as the cell's record keys
say. The same people always give the same published count, in every table, grouping, breakdown,
filter, run and year, so subtracting figures gives ranges rather than counts (in the smallest
cells a range can narrow a little: docs/disclosure.md), asking again averages nothing away, and
no count from 1 to 4 is ever published. The measures round each count as they make it
(``DisclosurePolicy.published``) and compute every rate, ratio, interval and test from the
published counts, so no value reveals a count the rounding hides.

Then ``apply`` hides values that would read as more than the rounding allows:

1. a rate, share or ratio any of whose published counts is 0 (fewer than 5: "<5") has no value;
2. survey figures need ``survey_min_responses`` (11) published responses;
3. pay means and medians need ``pay_min_group`` (10) people in each group compared (decided on
   the true size by the pay measures, which publish the sizes rounded).

A hidden result keeps its measure, period, breakdown, group and published counts, loses its
value, interval and p-value, and says why in ``reason``; ``apply`` lists it in the suppression log.

``unprotected()`` is the analyst's local option (``parity measures --unprotected``): no rounding,
nothing hidden, and every result says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .cell_key import rounded
from .results import NOT_COMPUTABLE, SUPPRESSED, Result
from .rollup import Group

COUNT_FIELDS = ("numerator", "denominator", "comparator_numerator", "comparator_denominator")
HIDDEN_FIELDS = ("value", "ci_low", "ci_high", "p_value", "p_adjusted", "band")
FLOOR = 5  # the lowest min_count for anything published or shown to a non-analyst
UNPROTECTED = "unprotected: true counts, not for publication"


def within(part: float, whole: float) -> float:
    """A published part as a statistic reads it: a part rounded above its rounded whole (both
    within one multiple of the base: 7 of 8 can be published 10 of 5) reads as all of it. The
    published counts themselves are left as they are (``DisclosurePolicy.published``)."""
    return min(part, whole)


@dataclass(frozen=True)
class SuppressionEntry:
    measure: str
    period: str
    breakdown: str
    group: str
    comparator: str | None
    rule: str
    reason: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class DisclosurePolicy:
    """The thresholds. ``min_count`` is the rounding base: counts are published as multiples of
    it (1 turns rounding off, for tests and the unprotected option)."""

    min_count: int = 5
    survey_min_responses: int = 11
    free_text_min_responses: int = 11
    pay_min_group: int = 10
    protect: bool = True

    @classmethod
    def unprotected(cls) -> "DisclosurePolicy":
        """True figures for an analyst working locally: nothing rounded or hidden."""
        return cls(min_count=1, survey_min_responses=1, free_text_min_responses=1, pay_min_group=1, protect=False)

    @property
    def rounds(self) -> bool:
        return self.protect and self.min_count > 1

    def describe(self) -> list[str]:
        """The methodology note printed with every output, generated from the policy in force."""
        if not self.protect:
            return ["UNPROTECTED: these are the true figures, with no disclosure control. They can identify "
                    "people and are for the analyst's own use only: do not publish or share them."]
        b = self.min_count
        return [
            f"Every count of people is rounded to a multiple of {b}: up or down at random, with a chance "
            f"that makes the rounding unbiased, fixed by the people counted. The same people always get the "
            f"same rounded count, on every page, download, report and year, so putting figures together gives "
            f"ranges, not exact counts (in the smallest groups it can narrow a range a little), and no count "
            f"from 1 to {b - 1} is ever shown. \"<{b}\" means a count rounded to 0: from 0 to {b - 1} people.",
            f"Rates, percentages, ratios, intervals and tests are worked out from the rounded counts. A rate "
            f"or ratio with a count shown as \"<{b}\" is not shown. Rounding changes small groups' figures most.",
            f"Survey figures need at least {self.survey_min_responses} responses; free-text "
            f"comments at least {self.free_text_min_responses} and a review.",
            f"Pay means and medians need at least {self.pay_min_group} people in each group. A mean or median "
            f"is shown as it is: the sizes of the groups are rounded, not the pay.",
            "Record-level data is never shown outside the analyst role.",
        ]

    def parameters(self) -> dict:
        return dict(self.__dict__)

    def count_label(self, n: float | None) -> str:
        """A published count for reading: a count rounded to 0 reads "<5"."""
        if n is None:
            return ""
        if self.rounds and n == 0:
            return f"<{self.min_count}"
        return f"{n:g}"

    def published_count(self, count: float, key_sum: float, lowest_key: float) -> float:
        """A count as published: rounded by the cell key method (``engine.cell_key``)."""
        return rounded(count, key_sum, self.min_count, lowest_key) if self.rounds else count

    def published(self, found: list[Group]) -> list[Group]:
        """Groups with their counts as published, each rounded on its own keys and never adjusted
        to another: the same people show one figure in every table. So an outcome count can be
        published above its group's size (both within one multiple); statistics read it as
        ``within`` says."""
        if not self.rounds:
            return found
        return [g._replace(x=self.published_count(g.x, g.kx, g.mx), n=self.published_count(g.n, g.kn, g.mn))
                for g in found]

    def primary_reason(self, r: Result, kind: str) -> str | None:
        if not self.protect:
            return None
        if self.rounds and kind != "pay" and any(getattr(r, f) == 0 for f in COUNT_FIELDS):
            return f"fewer than {self.min_count} people (a count shown as <{self.min_count})"
        if kind == "survey" and r.denominator is not None and r.denominator < self.survey_min_responses:
            return f"fewer than {self.survey_min_responses} survey responses"
        return None

    def apply(self, results: list[Result], kinds: dict[str, str] | None = None) -> "Disclosed":
        """Hide values that the published counts cannot carry; ``kinds`` maps measure id to
        count | rate | survey | pay | composition | difference."""
        kinds = kinds or {}
        out, log = [], []
        for r in results:
            why = r.reason if r.status == SUPPRESSED else self.primary_reason(r, kinds.get(r.measure, "count"))
            if why and (r.status != NOT_COMPUTABLE or any(getattr(r, f) == 0 for f in COUNT_FIELDS)):
                out.append(r.hidden(why, HIDDEN_FIELDS))
                log.append(SuppressionEntry(r.measure, r.period, r.breakdown, r.group, r.comparator, "primary", why))
            elif not self.protect:
                out.append(r.with_(reason=f"{r.reason}; {UNPROTECTED}" if r.reason else UNPROTECTED))
            else:
                out.append(r)
        return Disclosed(out, log, self)


@dataclass
class Disclosed:
    results: list[Result]
    log: list[SuppressionEntry] = field(default_factory=list)
    policy: DisclosurePolicy = field(default_factory=DisclosurePolicy)
