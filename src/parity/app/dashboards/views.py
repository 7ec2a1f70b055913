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
from . import services


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


def _page(request, template: str, page: str, slug: str = ""):
    computed = services.current_set()
    if computed is None:
        return render(request, "dashboards/empty.html")
    filters, choices = _filters(request, computed)
    query = request.GET.urlencode()
    # The figures' HTML is kept per worker too: a computed set never changes once stored.
    page_key = f"{page}:{slug}:{computed.pk}:{computed.created_at.isoformat()}:{filters}:{query}"
    return render(request, template, {"filters": filters, "query": query, "topics": services.TOPICS.values(),
                                      "page_key": page_key, **choices,
                                      **services.page_context(page, computed.pk, filters, slug)})


@login_required
def overview(request):
    return _page(request, "dashboards/overview.html", "overview")


@login_required
def topic(request, slug):
    if slug not in services.TOPICS:
        raise Http404("no such dashboard page")
    return _page(request, "dashboards/sections.html", "topic", slug)


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
    return _page(request, "dashboards/sections.html", "standards")
