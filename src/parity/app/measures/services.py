"""Recomputing the measures from the current data, and storing them with their provenance."""

from __future__ import annotations

import dataclasses
import hashlib
import logging

from django.db import transaction
from django.utils import timezone

from ...engine.change import Change
from ...engine.compute import ParameterError, Parameters, compute
from ...engine.groupings import GROUPINGS
from ...engine.survey import survey_results
from ...engine.results import FIELDS, OVERALL
from django_tasks import task

from ..background import enqueue
from ..bulk_insert import insert_rows, json_value
from ..surveys import services as surveys
from . import local_population
from .engine_input import current_data
from .models import ComputedSet, MeasureSettings, StoredChange, StoredResult

log = logging.getLogger(__name__)
UNEXPECTED = "an unexpected error in Parity (the details are in the server's log)"  # why a recompute failed
CHANGE_FIELDS = list(Change._fields)


def parameters_from(s: MeasureSettings) -> Parameters:
    """The engine's parameters from the settings; the local population's ethnic-minority share
    is the one set by hand, else the current local population file's."""
    share = s.local_population_share
    if share is None:
        share = local_population.current_minority_share()
    return Parameters(grouping=s.grouping, reference=s.reference or None,
                      breakdowns=tuple(b for b in [s.breakdowns] if b), rolling_years=s.rolling_years,
                      min_cell=s.min_cell, adjustment=s.adjustment, local_population_share=share)


# The dashboard's intersection explorer: these measures by ethnic group within each cell of
# these intersections, computed with the rest (pages never compute).
EXPLORER_MEASURES = ("workforce.composition", "workforce.promotion", "workforce.retention",
                     "recruitment.shortlisting")
EXPLORER_BREAKDOWNS = ("sex", "disability", "sex+disability", "grade+sex", "grade+disability",
                       "grade+sex+disability")


def explorer_results(data, params: Parameters) -> tuple[list, list]:
    """The explorer's results: its measures in its intersections, through the disclosure policy
    (each intersection a table of its own, with the overall row as its totals), without the
    overall figures the main run already holds; and the changes since the snapshot before of its
    one-dimension cells (a sex's, a disability status's: the outcome pages' one-way tables say
    them), not of the intersections."""
    found = compute(data, dataclasses.replace(params, measures=EXPLORER_MEASURES, breakdowns=EXPLORER_BREAKDOWNS))
    return ([r for r in found.results if r.breakdown != OVERALL],
            [c for c in found.changes if c.breakdown != OVERALL and ";" not in c.breakdown])


def recompute(trigger: str = "") -> ComputedSet:
    """Compute every measure on the current data, in the chosen grouping and in each of the
    others (for the dashboard's grouping filter); the new set becomes current when complete."""
    chosen = MeasureSettings.current()
    params = parameters_from(chosen)
    computed = ComputedSet.objects.create(trigger=trigger[:100], parameters=params.__dict__ | {
        "breakdowns": list(params.breakdowns)})
    try:
        data = current_data()
        # The dashboard's grouping filter reads stored results: every other grouping too, each
        # with its default reference group (the chosen one's sha256 and provenance are the set's).
        runs = {params.grouping: params, **{g: dataclasses.replace(params, grouping=g, reference=None)
                                            for g in GROUPINGS if g != params.grouping}}
        found_by_grouping = {g: compute(data, p) for g, p in runs.items()}
        explored = {g: explorer_results(data, p) for g, p in runs.items()}
        surveyed = {g: survey_results(data, p) for g, p in runs.items()}
        measure_set = found_by_grouping[params.grouping]
        text = measure_set.to_json()
        with transaction.atomic():
            as_json = json_value(StoredResult, "rolled_up_from")
            for grouping, found in found_by_grouping.items():
                insert_rows(StoredResult, ["computed_set", "grouping"] + list(FIELDS), (
                    [computed.pk, grouping] + [as_json(list(v)) if f == "rolled_up_from" else v
                                               for f, v in ((f, getattr(r, f)) for f in FIELDS)]
                    for r in found.results + explored[grouping][0]))
                insert_rows(StoredChange, ["computed_set", "grouping"] + CHANGE_FIELDS, (
                    [computed.pk, grouping] + [getattr(c, f) for f in CHANGE_FIELDS]
                    for c in found.changes + explored[grouping][1]))
                surveys.store(computed.pk, grouping, surveyed[grouping])
            computed.provenance = measure_set.provenance
            computed.methodology = measure_set.methodology
            computed.suppression_log = [e.to_dict() for e in measure_set.suppression_log]
            computed.output_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
            computed.result_count = len(measure_set.results)
            computed.status = ComputedSet.Status.DONE
            computed.finished_at = timezone.now()
            ComputedSet.objects.filter(is_current=True).update(is_current=False)
            computed.is_current = True
            computed.save()
    except Exception as exc:  # the set must end visibly, whatever went wrong
        log.exception("recompute %s failed", computed.pk)
        computed.status = ComputedSet.Status.FAILED
        computed.message = (str(exc) if isinstance(exc, ParameterError) else UNEXPECTED)[:500]
        computed.finished_at = timezone.now()
        computed.save()
    return computed


def failed_since_current() -> ComputedSet | None:
    """The latest recompute, when it failed after the figures in use were made (the pages keep
    showing the last good figures and say so); None when the latest one succeeded or is running."""
    latest = ComputedSet.objects.exclude(status=ComputedSet.Status.RUNNING).first()
    return latest if latest is not None and latest.status == ComputedSet.Status.FAILED else None


def figures_notice() -> dict | None:
    """What every page showing figures says when the last recompute failed: when the figures in
    use were made, when the recompute failed and why; None when there is nothing to say."""
    failed = failed_since_current()
    if failed is None:
        return None
    current = ComputedSet.objects.filter(is_current=True, status=ComputedSet.Status.DONE).first()
    return {"failed_at": failed.created_at, "reason": failed.message or UNEXPECTED,
            "figures_from": current.finished_at if current else None}


@task()
def recompute_task(trigger: str) -> None:
    recompute(trigger)


def recompute_in_background(trigger: str) -> None:
    """Queue a recompute for the worker (inline when PARITY_JOBS_INLINE is set)."""
    enqueue(recompute_task, trigger[:100])


INTERRUPTED = "it was interrupted by a restart of Parity; a new recompute has been queued"


def recover_interrupted_recomputes() -> list[str]:
    """Recomputes a stopped worker left running: marked failed with the reason (the pages keep
    the figures in use and say so), and one recompute queued in their place."""
    stuck = list(ComputedSet.objects.filter(status=ComputedSet.Status.RUNNING))
    for computed in stuck:
        computed.status, computed.message = ComputedSet.Status.FAILED, INTERRUPTED
        computed.finished_at = timezone.now()
        computed.save(update_fields=["status", "message", "finished_at"])
    if stuck:
        recompute_in_background("after a restart")
    return [f"recompute {c.pk}: marked failed (interrupted by a restart); a new one queued" for c in stuck]
