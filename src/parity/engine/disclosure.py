"""Disclosure control: one policy, applied to every output (spec/measures.md §8).

``DisclosurePolicy`` holds the thresholds; ``apply`` hides results and writes a log of what it
hid and why. Rules, in order:

1. **Primary suppression.** A result is suppressed when any of its counts (numerator,
   denominator, comparator counts) is between 1 and ``min_count - 1`` (default 1-4, shown as
   "<5"; 0 stays 0); survey results need ``survey_min_responses`` (11) in the denominator; pay
   results need ``pay_min_group`` (10) people in each group compared.
2. **Secondary suppression.** Results are laid out as tables: for one measure, period and
   breakdown dimension, rows are the dimension's values (with the ``overall`` row as the
   column totals) and columns are the groups (with the all-groups column, or the shared
   denominator of a composition, as the row totals). A hidden cell that is the only hidden
   cell in its row or column could be recovered by subtracting the others from the total, so
   the smallest other cell of that line is hidden too (or, failing one, the line's total),
   repeatedly until no line has exactly one hidden cell.
3. A hidden result keeps its measure, period, breakdown and group, loses its counts, value,
   interval and p-value, and says why in ``reason``.

Values are never rounded here; rounding is for display (``count_label``).
Limit: tables are protected one at a time (rows and columns); combinations of different
breakdown dimensions are not cross-checked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .results import OVERALL, SUPPRESSED, Result

COUNT_FIELDS = ("numerator", "denominator", "comparator_numerator", "comparator_denominator")
HIDDEN_FIELDS = COUNT_FIELDS + ("value", "ci_low", "ci_high", "p_value", "p_adjusted", "band")
ALL_GROUPS = "All staff"


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
    min_count: int = 5
    survey_min_responses: int = 11
    free_text_min_responses: int = 11
    pay_min_group: int = 10
    secondary: bool = True

    def describe(self) -> list[str]:
        """The methodology note printed with every output."""
        return [
            f"Counts from 1 to {self.min_count - 1} are shown as \"<{self.min_count}\" (0 stays 0); "
            "rates and ratios built on such a count are hidden too.",
            "Further cells are hidden where a hidden cell could otherwise be worked out by "
            "subtracting the others from a total.",
            f"Survey figures need at least {self.survey_min_responses} responses; free-text "
            f"comments at least {self.free_text_min_responses} and a review.",
            f"Pay means and medians need at least {self.pay_min_group} people in each group.",
            "Record-level data is never shown outside the analyst role.",
        ]

    def parameters(self) -> dict:
        return dict(self.__dict__)

    def count_label(self, n: float | None) -> str:
        if n is None:
            return ""
        if 0 < n < self.min_count:
            return f"<{self.min_count}"
        return f"{n:g}"

    def primary_reason(self, r: Result, kind: str) -> str | None:
        low = self.min_count
        if any(c is not None and 0 < c < low for c in (r.numerator, r.denominator, r.comparator_numerator,
                                                       r.comparator_denominator)):
            return f"a count of 1 to {self.min_count - 1} people"
        if kind == "survey" and r.denominator is not None and r.denominator < self.survey_min_responses:
            return f"fewer than {self.survey_min_responses} survey responses"
        if kind == "pay" and any(c is not None and c < self.pay_min_group
                                 for c in (r.denominator, r.comparator_denominator)):
            return f"fewer than {self.pay_min_group} people in a group"
        return None

    def apply(self, results: list[Result], kinds: dict[str, str] | None = None) -> "Disclosed":
        """Hide what must be hidden; ``kinds`` maps measure id to count | survey | pay | composition."""
        kinds = kinds or {}
        hidden: dict[int, tuple[str, str]] = {}
        for i, r in enumerate(results):
            if r.status == SUPPRESSED:
                hidden[i] = ("primary", r.reason)
                continue
            why = self.primary_reason(r, kinds.get(r.measure, "count"))
            if why:
                hidden[i] = ("primary", why)
        if self.secondary:
            _secondary(results, hidden, kinds)
        out, log = [], []
        for i, r in enumerate(results):
            if i in hidden:
                rule, why = hidden[i]
                reason = why if rule == "primary" else \
                    "hidden so that another hidden figure cannot be worked out from the totals"
                out.append(r.hidden(reason, HIDDEN_FIELDS))
                log.append(SuppressionEntry(r.measure, r.period, r.breakdown, r.group, r.comparator, rule, reason))
            else:
                out.append(r)
        return Disclosed(out, log, self)


@dataclass
class Disclosed:
    results: list[Result]
    log: list[SuppressionEntry] = field(default_factory=list)
    policy: DisclosurePolicy = field(default_factory=DisclosurePolicy)


@lru_cache(maxsize=4096)
def dimension_of(breakdown: str) -> tuple[str, str]:
    """'directorate=Finance' -> ('directorate', 'Finance'); 'overall' -> ('', '')."""
    if breakdown == OVERALL:
        return "", ""
    keys, values = zip(*(part.split("=", 1) for part in breakdown.split(";")))
    return ";".join(keys), ";".join(values)


def tables(results: list[Result]) -> dict[tuple, dict]:
    """Results laid out as tables: key (measure, period, dimension, comparator) -> cells.

    Cells are keyed (row, column): row is the dimension value ('' for the overall row),
    column the group (ALL_GROUPS for the all-groups total). Each overall result belongs to
    the table of every dimension of its measure and period.
    """
    by_key: dict[tuple, dict] = defaultdict(dict)
    overall: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(results):
        dimension, value = dimension_of(r.breakdown)
        if r.breakdown == OVERALL:
            overall[(r.measure, r.period, r.comparator)].append(i)
        else:
            by_key[(r.measure, r.period, dimension, r.comparator)][(value, r.group)] = i
    for (measure, period, dimension, comparator), cells in by_key.items():
        for i in overall.get((measure, period, comparator), []):
            cells[("", results[i].group)] = i
    covered = {(m, p, c) for m, p, _, c in by_key}
    for (measure, period, comparator), indices in overall.items():
        if (measure, period, comparator) not in covered:  # no breakdown: the overall row alone
            by_key[(measure, period, "", comparator)] = {("", results[i].group): i for i in indices}
    return by_key


def _secondary(results: list[Result], hidden: dict[int, tuple[str, str]], kinds: dict[str, str]) -> None:
    for key, cells in tables(results).items():
        measure = key[0]
        if kinds.get(measure) == "pay":
            continue  # means and medians do not add up across cells: nothing to subtract
        if not any(i in hidden for i in cells.values()):
            continue  # nothing hidden in this table, so nothing to protect
        composition = kinds.get(measure) == "composition"
        rows = sorted({r for r, _ in cells})
        cols = sorted({c for _, c in cells})
        lines = []
        for row in rows:  # a row: its groups, total = the All column (or the shared denominator)
            members = [cells[(row, c)] for c in cols if c != ALL_GROUPS and (row, c) in cells]
            total = cells.get((row, ALL_GROUPS))
            if members:
                lines.append((members, total, composition))
        for col in cols:  # a column: the dimension's values, total = the overall row
            members = [cells[(r, col)] for r in rows if r != "" and (r, col) in cells]
            total = cells.get(("", col))
            if members:
                lines.append((members, total, False))
        changed = True
        while changed:
            changed = False
            for members, total, total_is_shared in lines:
                # One equation per line: members (+ the total, unless it is a shared, always
                # published denominator). Exactly one hidden unknown in it would be recoverable.
                unknowable = members + ([total] if total is not None and not total_is_shared else [])
                if total is None and not total_is_shared:
                    continue  # no published total: nothing to subtract from
                if sum(1 for i in unknowable if i in hidden) != 1:
                    continue
                candidates = [i for i in members if i not in hidden]
                if candidates:  # the smallest positive cell, else a zero (hiding a 0 hides it too)
                    pick = min(candidates, key=lambda i: ((results[i].numerator or 0) == 0,
                                                          results[i].numerator or 0, i))
                elif total is not None and not total_is_shared and total not in hidden:
                    pick = total
                else:
                    continue
                hidden[pick] = ("secondary", "")
                changed = True
            if not changed:
                # Lines with two hidden cells can still chain into an exact answer
                # (a cycle of equations); check the table's whole system and widen.
                leak = _first_recoverable(lines, hidden)
                if leak is not None:
                    line = next(ln for ln in lines if leak in ln[0] or leak == ln[1])
                    visible = [i for i in line[0] if i not in hidden]
                    if visible:
                        hidden[min(visible, key=lambda i: ((results[i].numerator or 0) == 0,
                                                           results[i].numerator or 0, i))] = ("secondary", "")
                        changed = True


def _first_recoverable(lines, hidden) -> int | None:
    """A hidden cell whose value follows exactly from the lines' equations, or None.

    Unknowns are the hidden cells; each line is one equation (members minus total, or
    members equal to a published shared total). A cell is recoverable when its unit vector
    lies in the row space of the system, i.e. its column of the null space basis is zero.
    """
    unknown = sorted({i for members, total, shared in lines
                      for i in members + ([total] if total is not None and not shared else [])
                      if i in hidden})
    if not unknown:
        return None
    index = {cell: k for k, cell in enumerate(unknown)}
    equations = []
    for members, total, shared in lines:
        if total is None and not shared:
            continue
        columns = [index[i] for i in members if i in index]
        minus = index.get(total) if total is not None and not shared else None
        if columns or minus is not None:
            equations.append((columns, minus))
    if not equations:
        return None
    a = np.zeros((len(equations), len(unknown)))
    for row, (columns, minus) in enumerate(equations):
        a[row, columns] = 1
        if minus is not None:
            a[row, minus] = -1
    _, singular, vt = np.linalg.svd(a)
    rank = int((singular > 1e-9).sum())
    null = vt[rank:]
    determined = np.all(np.abs(null) < 1e-9, axis=0) if null.shape[0] else np.ones(len(unknown), dtype=bool)
    if determined.any():
        return unknown[int(np.argmax(determined))]
    return None
