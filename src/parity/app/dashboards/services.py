"""The workforce profile dashboard: stored results (never recomputed on a page view), as rows.

Every figure comes from the current ``ComputedSet`` (already through the disclosure policy),
with its change since the previous snapshot (``StoredChange``) and a plain-English sentence
(``engine.sentences``). A view is chosen by its filters (snapshot, directorate), which live in
the URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...engine import registry
from ...engine.change import Change
from ...engine.results import FIELDS, OVERALL, Result
from ...engine.sentences import sentence
from ..measures.models import ComputedSet, StoredChange, StoredResult

STANDARDS = ("WRES", "Social Care WRES", "WDES")


@dataclass(frozen=True)
class Filters:
    snapshot: str
    directorate: str = ""  # "" is the whole council

    @property
    def breakdown(self) -> str:
        return f"directorate={self.directorate}" if self.directorate else OVERALL


def current_set() -> ComputedSet | None:
    return ComputedSet.objects.filter(is_current=True, status=ComputedSet.Status.DONE).first()


def snapshots(computed: ComputedSet) -> list[str]:
    """Snapshot dates with results, newest first."""
    return sorted(set(StoredResult.objects.filter(computed_set=computed, measure="workforce.declaration_rate")
                      .values_list("period", flat=True)), reverse=True)


def directorates(computed: ComputedSet) -> list[str]:
    prefix = "directorate="
    names = (StoredResult.objects.filter(computed_set=computed, measure="workforce.declaration_rate",
                                         breakdown__startswith=prefix).values_list("breakdown", flat=True))
    return sorted({b[len(prefix):] for b in names})


def _result(row: StoredResult) -> Result:
    fields = {f: getattr(row, f) for f in FIELDS if f != "rolled_up_from"}
    return Result(**fields, rolled_up_from=tuple(row.rolled_up_from))


def _change(row: StoredChange) -> Change:
    return Change(row.measure, row.period, row.previous_period, row.breakdown, row.group, row.comparator,
                  row.value, row.previous_value, row.difference, row.p_value, row.significant, row.reason)


def measure_rows(computed: ComputedSet, measure_ids: list[str], filters: Filters,
                 breakdown_prefix: str | None = None) -> dict[str, list[dict]]:
    """Per measure, its results for the chosen snapshot and breakdown (or every cell of a
    breakdown dimension, ``breakdown_prefix`` such as ``grade=``), each with its change and sentence."""
    results = StoredResult.objects.filter(computed_set=computed, measure__in=measure_ids, period=filters.snapshot)
    changes = StoredChange.objects.filter(computed_set=computed, measure__in=measure_ids, period=filters.snapshot)
    if breakdown_prefix:
        results = results.filter(breakdown__startswith=breakdown_prefix)
        changes = changes.filter(breakdown__startswith=breakdown_prefix)
    else:
        results = results.filter(breakdown=filters.breakdown)
        changes = changes.filter(breakdown=filters.breakdown)
    by_key = {(c.measure, c.breakdown, c.group, c.comparator): _change(c) for c in changes}
    kinds = registry.kinds()
    out: dict[str, list[dict]] = {m: [] for m in measure_ids}
    for row in results.order_by("measure", "breakdown", "id"):
        r = _result(row)
        change = by_key.get((r.measure, r.breakdown, r.group, r.comparator))
        kind = kinds.get(r.measure, "rate")
        title = _title(r.measure)
        out[r.measure].append({"result": r, "change": change, "kind": kind,
                               "percent": kind in ("rate", "composition", "survey") and r.comparator is None,
                               "sentence": sentence(r, title, kind, change)})
    return out


def _title(measure_id: str) -> str:
    source = registry.DERIVED.get(measure_id, measure_id)
    return registry.MEASURES[source].title if source in registry.MEASURES else measure_id


def trend(computed: ComputedSet, measure_id: str, group: str, filters: Filters) -> list[Result]:
    """One group's result for every snapshot, oldest first (the breakdown from the filters)."""
    rows = StoredResult.objects.filter(computed_set=computed, measure=measure_id, group=group,
                                       breakdown=filters.breakdown, comparator__isnull=True).order_by("period")
    return [_result(r) for r in rows]


def standards() -> list:
    return [m for m in registry.select([]) if m.standard in STANDARDS]
