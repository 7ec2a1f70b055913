"""Dashboard pages: each reads stored results through ``services`` and renders tables.

Filters are query parameters (``?snapshot=2025-03-31&directorate=Finance``), so every view can
be shared and bookmarked. A directorate lead sees the council total and their own directorate;
asking for another directorate by URL is refused (403).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ...engine import registry
from ...engine.groupings import GROUPINGS
from ...exports.cells import csv_text
from ..accounts.roles import visible_directorates
from ..audit.services import record
from . import charts, services


def _filters(request, computed):
    snapshots = services.snapshots(computed)
    directorates = services.directorates(computed)
    allowed = visible_directorates(request.user, directorates)
    snapshot = request.GET.get("snapshot") or (snapshots[0] if snapshots else "")
    directorate = request.GET.get("directorate", "")
    if snapshot not in snapshots and snapshots:
        snapshot = snapshots[0]
    if directorate and directorate not in directorates:
        directorate = ""
    if directorate and directorate not in allowed:
        raise PermissionDenied("Your role shows the council total and your own directorate only.")
    grouping = request.GET.get("grouping", "")
    if grouping not in GROUPINGS:
        grouping = services.chosen_grouping(computed)
    groupings = [(name, g.title) for name, g in GROUPINGS.items()]
    return (services.Filters(snapshot, directorate, grouping),
            {"snapshots": snapshots, "directorates": allowed, "groupings": groupings})


def _page(request, template: str, build):
    computed = services.current_set()
    if computed is None:
        return render(request, "dashboards/empty.html")
    filters, choices = _filters(request, computed)
    query = request.GET.urlencode()
    return render(request, template, {"filters": filters, "query": query, "topics": services.TOPICS.values(),
                                      **choices, **build(computed, filters)})


@login_required
def overview(request):
    def build(computed, filters):
        rows = services.measure_rows(computed, ["workforce.declaration_rate", "workforce.composition"], filters)
        return {"declaration": rows["workforce.declaration_rate"], "composition": rows["workforce.composition"],
                "trend": services.trend(computed, "workforce.declaration_rate", "All staff", filters)}
    return _page(request, "dashboards/overview.html", build)


@login_required
def topic(request, slug):
    chosen = services.TOPICS.get(slug)
    if chosen is None:
        raise Http404("no such dashboard page")

    def build(computed, filters):
        return {"topic": chosen, "sections": services.topic_sections(computed, chosen, filters)}
    return _page(request, "dashboards/topic.html", build)


@login_required
def table_csv(request, measure):
    """One measure's table for the current filters, as CSV (the stored, disclosed figures). Audited."""
    if measure not in registry.kinds():
        raise Http404("no such measure")
    computed = services.current_set()
    if computed is None:
        raise Http404("no figures yet")
    filters, _ = _filters(request, computed)
    cells = request.GET.get("cells", "")
    rows = services.measure_rows(computed, [measure], filters, cells or None)[measure]
    record(request.user, "download", f"dashboard:{measure}", {"filters": request.GET.dict(), "rows": len(rows)})
    response = HttpResponse(csv_text(services.CSV_HEADER, services.csv_rows(rows)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{measure}-{filters.snapshot}.csv"'
    return response


@login_required
def standards(request):
    def build(computed, filters):
        measures = services.standards()
        rows = services.measure_rows(computed, [m.id for m in measures], filters)
        return {"sections": [{"id": m.id, "title": m.title, "definition": m, "rows": rows[m.id], "cells": "",
                              "chart": charts.interval_chart(m.title, rows[m.id])} for m in measures]}
    return _page(request, "dashboards/standards.html", build)
