"""The public pages: what an administrator published, for anyone, without signing in.

Each page shows its publication's snapshot and grouping for the whole council and nothing else:
query parameters are ignored, unpublished pages and withdrawn publications are 404, and there is
no directorate filter, drill-down or record-level data.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from . import measure_pages, publishing, services
from .glossary import TERMS
from .views import csv_response, render_page


def council_name() -> str:
    from ..reports.services import council_name as name  # reports build on the dashboard: imported when used

    return name()

TEMPLATES = {"overview": "dashboards/overview.html"}


def index(request):
    from ..plans import publishing as plan_publishing

    return render(request, "dashboards/public_index.html", {"publications": publishing.live(),
                                                            "plan_publications": plan_publishing.live(),
                                                            "council": council_name()})


def page(request, pk: int, slug: str = "overview"):
    publication = _published(pk, slug)
    kind = slug if slug in ("overview", "standards") else "topic"
    titles = dict(publishing.pages())
    links = [(reverse("public:page", args=[pk, s]), titles[s]) for s in publication.pages]
    return render_page(request, TEMPLATES.get(slug, "dashboards/sections.html"), publication.computed_set,
                       publishing.filters(publication), kind, slug if kind == "topic" else "",
                       {"page_links": links, "publication": publication, "council": council_name(),
                        "published_measures": measure_pages.published_measures(publication)},
                       cache_prefix=f"public:{pk}:")


def measure(request, pk: int, measure: str):
    """A published measure's own page (``measure_pages``): only a measure on a published page."""
    publication = _published(pk)
    page = measure_pages.measure_page(publication, measure)
    if page is None:
        raise Http404("that measure is not published")
    return render(request, "dashboards/public_measure.html", {
        "page": page, "publication": publication, "council": council_name(), "filters": publishing.filters(publication)})


def table_csv(request, pk: int, measure: str):
    """A published table as CSV: only a measure shown on one of the publication's pages."""
    publication = _published(pk)
    cells = request.GET.get("cells", "")
    if (measure, cells) not in _published_tables(publication):
        raise Http404("that table is not published")
    filters = publishing.filters(publication)
    rows = services.measure_rows(publication.computed_set, [measure], filters, cells or None)[measure]
    return csv_response(rows, measure, filters)


def _published(pk: int, slug: str | None = None):
    publication = publishing.get_live(pk)
    if publication is None or (slug is not None and slug not in publication.pages):
        raise Http404("nothing is published here")
    return publication


def _published_tables(publication) -> frozenset[tuple[str, str]]:
    return services.page_tables(publication.pages)


def glossary(request):
    """The words pages use for their figures (``glossary.TERMS``), for anyone."""
    return render(request, "dashboards/glossary.html", {"terms": TERMS})
