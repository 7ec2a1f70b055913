"""A plan's measures linked to the data that answers them, with baseline, target and verdict.

A computed measure reads the current stored results (``measures.StoredResult`` of the current
``ComputedSet``: already through the disclosure policy) for its measure, breakdown cell, group
and comparator; a manual one reads its entered values. The *latest* figure is the newest
period's; the *baseline* is the chosen period's (or the earliest); the verdict is the engine's
change test between the two (``engine.change.verdict``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ...engine import groupings, registry
from ...engine.change import BETTER, NOT_ENOUGH, verdict
from ...engine.results import OK, Result
from ...engine.statistics import proportion
from ..audit.services import record
from ..measures.models import ComputedSet, StoredResult
from .models import ManualValue, Objective, Plan, PlanMeasure, Priority

SHARE_KINDS = ("rate", "composition", "survey")  # values that are proportions (shown as %)


@transaction.atomic
def add_measure(plan: Plan, by, title: str, better: str, objective: Objective | None = None,
                priority: Priority | None = None, measure_id: str = "", group: str = "", comparator: str = "",
                breakdown: str = "overall", baseline_period: str = "", target_value: float | None = None,
                target_date: dt.date | None = None, grouping: str = "") -> PlanMeasure:
    """Link a measure to an objective or a priority; computed when ``measure_id`` is given."""
    if (objective is None) == (priority is None):
        raise ValueError("a measure belongs to one objective or one priority")
    if better not in BETTER:
        raise ValueError(f"unknown direction {better!r}; use {', '.join(BETTER)}")
    if measure_id:
        if measure_id not in registry.kinds():
            raise ValueError(f"no engine measure {measure_id!r} (see parity measures --list)")
        if not group:
            raise ValueError(f"say which group of {measure_id} the plan follows (for example BME, or All staff)")
    if grouping and grouping not in groupings.GROUPINGS:
        raise ValueError(f"unknown grouping {grouping!r}; use {', '.join(groupings.GROUPINGS)}")
    if not title.strip():
        raise ValueError("a measure needs a title")
    pm = PlanMeasure.objects.create(
        plan=plan, objective=objective, priority=priority, title=title.strip(),
        kind=PlanMeasure.Kind.COMPUTED if measure_id else PlanMeasure.Kind.MANUAL, measure_id=measure_id,
        breakdown=breakdown or "overall", group=group, comparator=comparator, grouping=grouping, better=better,
        baseline_period=baseline_period, target_value=target_value, target_date=target_date)
    record(by, "plan_measure", plan.slug, {"measure": pm.pk, "engine_measure": measure_id, "group": group})
    return pm


def record_value(pm: PlanMeasure, by, value: float, as_of: dt.date, source: str,
                 numerator: float | None = None, denominator: float | None = None) -> ManualValue:
    """A new value of a manual measure (never changes an earlier one)."""
    if pm.kind != PlanMeasure.Kind.MANUAL:
        raise ValueError("values are entered only for manual measures; computed ones come from the data")
    if not source.strip():
        raise ValueError("say where the value comes from")
    if (numerator is None) != (denominator is None):
        raise ValueError("give both the count and the total, or neither")
    entry = ManualValue.objects.create(measure=pm, value=value, as_of=as_of, source=source.strip(),
                                       numerator=numerator, denominator=denominator,
                                       author=by if getattr(by, "is_authenticated", False) else None)
    record(by, "plan_measure_value", pm.plan.slug, {"measure": pm.pk, "value": value, "as_of": as_of.isoformat()})
    return entry


def _stored(pm: PlanMeasure, computed: ComputedSet | None) -> dict[str, Result]:
    if computed is None:
        return {}
    grouping = pm.grouping or (computed.parameters or {}).get("grouping", "")
    rows = StoredResult.objects.filter(computed_set=computed, grouping=grouping, measure=pm.measure_id,
                                       breakdown=pm.breakdown,
                                       group=pm.group, comparator=pm.comparator or None)
    return {row.period: row.as_result() for row in rows}


def _manual(pm: PlanMeasure) -> dict[str, Result]:
    out = {}
    for v in pm.values.all():
        period = v.as_of.isoformat()
        if v.numerator is not None:
            out[period] = proportion(pm.title, period, v.numerator, v.denominator)
        else:
            out[period] = Result(measure=pm.title, period=period, value=v.value, method=f"entered: {v.source}")
    return out


def _figure(r: Result | None) -> dict | None:
    if r is None:
        return None
    return {"period": r.period, "value": r.value, "ci_low": r.ci_low, "ci_high": r.ci_high, "status": r.status,
            "reason": r.reason, "numerator": r.numerator, "denominator": r.denominator}


def measure_status(pm: PlanMeasure, computed: ComputedSet | None) -> dict:
    """The measure with its latest figure, baseline, target and verdict, as plain data."""
    by_period = _stored(pm, computed) if pm.kind == PlanMeasure.Kind.COMPUTED else _manual(pm)
    periods = sorted(by_period)
    latest = by_period[periods[-1]] if periods else None
    base_period = pm.baseline_period if pm.baseline_period in by_period else (periods[0] if periods else None)
    baseline = by_period.get(base_period) if base_period else None
    if latest is None:
        if pm.kind == PlanMeasure.Kind.MANUAL:
            why = "no values entered yet"
        elif computed is None:
            why = "no results yet: import workforce data"
        else:
            why = f"no stored result for {pm.measure_id}, {pm.breakdown}, group {pm.group!r}"
        outcome = (NOT_ENOUGH, why)
    elif baseline is latest:
        outcome = (NOT_ENOUGH, "the baseline is the latest figure: nothing to compare yet")
    else:
        outcome = verdict(baseline, latest, pm.better)
    target_met = None
    if pm.target_value is not None and latest is not None and latest.value is not None and latest.status == OK:
        if pm.better == "higher":
            target_met = latest.value >= pm.target_value
        elif pm.better == "lower":
            target_met = latest.value <= pm.target_value
        else:
            target_met = abs(latest.value - 1) <= abs(pm.target_value - 1)
    kind = registry.kinds().get(pm.measure_id, "manual")
    return {
        "id": pm.pk, "title": pm.title, "kind": pm.kind, "measure": pm.measure_id or None, "breakdown": pm.breakdown,
        "group": pm.group, "comparator": pm.comparator or None, "grouping": pm.grouping or None,
        "better": pm.better,
        "objective": pm.objective.number if pm.objective_id else None,
        "priority": pm.priority.number if pm.priority_id else None,
        "share": kind in SHARE_KINDS and not pm.comparator,
        # how its figures read (``figures.figure``): a share as a percentage, a likelihood as a ratio,
        # a hand-entered figure (events held, a count of assessments) as the number it is
        "mode": "share" if kind in SHARE_KINDS and not pm.comparator else "amount" if kind == "manual" else "number",
        "latest": _figure(latest), "baseline": _figure(baseline),
        "target": {"value": pm.target_value, "date": pm.target_date.isoformat() if pm.target_date else None,
                   "met": target_met},
        "verdict": outcome[0], "verdict_reason": outcome[1],
    }


def current_set() -> ComputedSet | None:
    return ComputedSet.objects.filter(is_current=True, status=ComputedSet.Status.DONE).first()


def options(measure_id: str, directorates: list[str]) -> list[dict]:
    """What a plan's measure can follow of ``measure_id``: each group (and comparison) of the
    whole council and of ``directorates`` (the ones the person may see), with its latest stored
    figure (already through the disclosure policy), for the link form's list. Cells finer than a
    directorate are not offered: they are the analysts' alone."""
    computed = current_set()
    if computed is None or measure_id not in registry.kinds():
        return []
    grouping = (computed.parameters or {}).get("grouping", "")
    cells = ["overall"] + [f"directorate={d}" for d in directorates]
    rows = StoredResult.objects.filter(computed_set=computed, grouping=grouping, measure=measure_id,
                                       breakdown__in=cells).order_by("-period")
    latest: dict[tuple, Result] = {}
    for row in rows:
        latest.setdefault((row.breakdown, row.group, row.comparator or ""), row.as_result())
    return [{"key": "|".join(key), "breakdown": key[0], "group": key[1], "comparator": key[2], "latest": r}
            for key, r in sorted(latest.items(), key=lambda kv: (cells.index(kv[0][0]), kv[0][2] != "", kv[0][1]))]


def plan_measures(plan: Plan) -> list[dict]:
    computed = ComputedSet.objects.filter(is_current=True, status=ComputedSet.Status.DONE).first()
    return [measure_status(pm, computed)
            for pm in plan.plan_measures.select_related("objective", "priority").prefetch_related("values")]
