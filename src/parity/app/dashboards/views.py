"""Dashboard pages: each reads stored results through ``services`` and renders tables.

Filters are query parameters (``?snapshot=2025-03-31&directorate=Finance``), so every view can
be shared and bookmarked. A directorate lead sees the council total and their own directorate;
asking for another directorate by URL is refused (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ...engine import registry
from ...engine.groupings import GROUPINGS
from ...exports.cells import csv_text
from ..accounts.roles import (
    can_publish,
    can_view_records,
    require,
    visible_directorates,
)
from ..audit.services import record
from ..measures.services import EXPLORER_MEASURES, figures_notice
from . import publishing, services
from .models import Publication


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
    groupings = _grouping_choices()
    bands = services.grade_bands()
    band = next((b for b in bands if b.name == request.GET.get("grade_band")), None)
    if band is not None and directorate:
        band = None  # bands are the whole council's grades: a directorate is shown whole
    return (services.Filters(snapshot, directorate, grouping, band.name if band else "", band.grades if band else ()),
            {"snapshots": snapshots, "directorates": allowed, "groupings": groupings, "bands": bands})


def _grouping_choices() -> list[tuple[str, str]]:
    return [(name, g.title) for name, g in GROUPINGS.items()]


def _links(url, pages: list[tuple[str, str]], query: str = "") -> list[tuple[str, str]]:
    """The dashboard's page links: (address, title); ``url(slug)`` gives a page's address."""
    suffix = f"?{query}" if query else ""
    return [(url(slug) + suffix, title) for slug, title in pages]


def _dashboard_url(slug: str) -> str:
    if slug in ("overview", "standards", "explore"):
        return reverse(f"dashboards:{slug}")
    return reverse("dashboards:topic", args=[slug])


def _signed_in_pages(user) -> list[tuple[str, str]]:
    explorer = [("explore", "Intersection explorer")] if can_view_records(user) else []
    return publishing.pages() + explorer


def render_page(request, template: str, computed, filters: services.Filters, page: str, slug: str,
                context: dict, cache_prefix: str = "") -> HttpResponse:
    """A dashboard page from the stored figures. The figures' HTML is kept per worker too (a
    computed set never changes once stored), keyed by everything that chooses them."""
    query = request.GET.urlencode() if not cache_prefix else ""
    drill = not cache_prefix and can_view_records(request.user)  # analysts: links to the records
    page_key = (f"{cache_prefix}{page}:{slug}:{computed.pk}:{computed.created_at.isoformat()}:{filters}:{query}"
                f":{drill}")
    notice = None if cache_prefix else figures_notice()  # signed-in pages only: outside the cached figures
    return render(request, template, {"filters": filters, "query": query, "page_key": page_key, "drill": drill,
                                      "methodology": services.methodology(computed), "figures_notice": notice,
                                      **context,
                                      **services.page_context(page, computed.pk, filters, slug)})


def _page(request, template: str, page: str, slug: str = ""):
    computed = services.current_set()
    if computed is None:
        return render(request, "dashboards/empty.html", {"figures_notice": figures_notice()})
    filters, choices = _filters(request, computed)
    query = request.GET.urlencode()
    links = _links(_dashboard_url, _signed_in_pages(request.user), query)
    return render_page(request, template, computed, filters, page, slug, {"page_links": links, **choices})


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
    cells = request.GET.get("cells", "")
    if (measure, cells) not in services.page_tables(["overview", "standards", *services.TOPICS]):
        raise Http404("no such table")  # only the tables the pages show
    computed = services.current_set()
    if computed is None:
        raise Http404("no figures yet")
    filters, _ = _filters(request, computed)
    rows = services.measure_rows(computed, [measure], filters, cells or None)[measure]
    record(request.user, "download", f"dashboard:{measure}", {"filters": request.GET.dict(), "rows": len(rows)})
    return csv_response(rows, measure, filters)


def csv_response(rows: list[dict], measure: str, filters: services.Filters) -> HttpResponse:
    """A table's rows (``services.csv_rows``) as a CSV download named after the measure and snapshot."""
    response = HttpResponse(csv_text(services.CSV_HEADER, services.csv_rows(rows)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{measure}-{filters.snapshot}.csv"'
    return response


@require(can_view_records)
def explore(request):
    """The intersection explorer: a measure by ethnic group within grade, sex and disability
    cells, whole council. Analysts only: each intersection is protected as a table of its own,
    but not yet against differencing with its margins (ADR 0008), and analysts may see the
    records anyway."""
    computed = services.current_set()
    if computed is None:
        return render(request, "dashboards/empty.html")
    measure = request.GET.get("measure", "")
    if measure not in EXPLORER_MEASURES:
        measure = EXPLORER_MEASURES[0]
    dims = tuple(d for d, _ in services.EXPLORER_DIMENSIONS if request.GET.get(d))
    if not dims:
        dims = ("sex", "disability")
    filters, choices = _filters(request, computed)
    filters = services.Filters(filters.snapshot, "", filters.grouping)
    links = _links(_dashboard_url, _signed_in_pages(request.user), request.GET.urlencode())
    measures = [(m, registry.MEASURES[m].title) for m in EXPLORER_MEASURES]
    return render_page(request, "dashboards/explore.html", computed, filters, "explore",
                       f"{measure}|{'+'.join(dims)}",
                       {"page_links": links, **choices, "measures": measures, "chosen_measure": measure,
                        "dimensions": services.EXPLORER_DIMENSIONS, "chosen_dims": dims})


@login_required
def standards(request):
    return _page(request, "dashboards/sections.html", "standards")


@require(can_publish)
def publish(request):
    """Administrators: publish dashboard pages for the public, and see and withdraw what is live."""
    computed = services.current_set()
    error, status = "", 200
    if request.method == "POST" and computed is not None:
        try:
            publication = publishing.publish(
                request.user, computed, request.POST.get("snapshot", ""), request.POST.get("grouping", ""),
                request.POST.getlist("pages"), request.POST.get("title", ""), request.POST.get("note", ""))
        except publishing.PublishingRefused as exc:
            error, status = str(exc), 400
        else:
            messages.success(request, f"Published: {publication.title}. Anyone can now read it without signing in.")
            return redirect("dashboards:publish")
    context = {"computed": computed, "error": error, "pages": publishing.pages(), "live": publishing.live(),
               "snapshots": services.snapshots(computed) if computed else [],
               "groupings": _grouping_choices(),
               "chosen_grouping": services.chosen_grouping(computed) if computed else "", "form": request.POST,
               **_plan_publishing()}
    return render(request, "dashboards/publish.html", context, status=status)


def _plan_publishing() -> dict:
    """The publish page's plan progress part: each plan with its actions, and what is live."""
    from ..plans import publishing as plan_publishing
    from ..plans.models import Plan

    return {"plans": Plan.objects.prefetch_related("actions"), "live_progress": plan_publishing.live()}


@require_POST
@require(can_publish)
def withdraw(request, pk: int):
    publication = get_object_or_404(Publication, pk=pk)
    try:
        publishing.withdraw(request.user, publication, request.POST.get("reason", ""))
    except publishing.PublishingRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Withdrawn: {publication.title}. It is no longer on the public pages.")
    return redirect("dashboards:publish")
