"""Survey results pages: each wave's questions from the stored figures, and their tables as CSV.

Filters are query parameters (``?survey=Staff+survey+2025&directorate=Finance&grouping=ons5``);
a directorate lead asking for another directorate, or anyone but an analyst asking for ethnic
groups within another category (``within``), is refused (403).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ...engine.groupings import GROUPINGS
from ...exports.cells import csv_text
from ..accounts.roles import can_view_records, visible_directorates
from ..audit.services import record
from ..dashboards import services as dashboards
from ..measures.services import figures_notice
from . import services


def _view(request, computed) -> tuple[services.View, dict]:
    waves = services.waves(computed.pk)
    names = [w["survey"] for w in waves]
    survey = request.GET.get("survey", "")
    if survey not in names:
        survey = names[0]
    directorates = services.directorates(computed.pk, survey)
    allowed = visible_directorates(request.user, list(directorates))
    directorate = request.GET.get("directorate", "")
    if directorate and directorate not in directorates:
        directorate = ""
    if directorate and directorate not in allowed:
        raise PermissionDenied("Your role shows the council total and your own directorate only.")
    within = request.GET.get("within", "")
    dimensions = dict(services.DIMENSIONS)
    if within and within not in dimensions:
        within = ""
    if within and not can_view_records(request.user):
        raise PermissionDenied("Ethnic groups within another category are shown to the council's analysts only.")
    if directorate:
        within = ""  # a directorate is shown by ethnic group; categories are the whole council's
    grouping = request.GET.get("grouping", "")
    if grouping not in GROUPINGS:
        grouping = dashboards.chosen_grouping(computed)
    view = services.View(survey, directorate, grouping, within)
    return view, {"waves": waves, "directorates": allowed, "groupings": [(n, g.title) for n, g in GROUPINGS.items()],
                  "dimensions": services.DIMENSIONS if can_view_records(request.user) else ()}


@login_required
def results(request):
    computed = dashboards.current_set()
    if computed is None or not services.waves(computed.pk):
        return render(request, "surveys/empty.html", {"figures_notice": figures_notice()})
    view, choices = _view(request, computed)
    query = request.GET.urlencode()
    return render(request, "surveys/results.html", {
        "view": view, "query": query, "figures_notice": figures_notice(),
        "methodology": dashboards.methodology(computed), "min_responses": services.min_responses(computed),
        "wave_date": next(w["date"] for w in choices["waves"] if w["survey"] == view.survey),
        "page_key": f"survey:{computed.pk}:{computed.created_at.isoformat()}:{view}",
        **choices, **services.page(computed.pk, view)})


@login_required
def table_csv(request):
    """One table of a survey page as CSV (the stored, disclosed figures). Audited."""
    computed = dashboards.current_set()
    if computed is None or not services.waves(computed.pk):
        raise Http404("no survey figures yet")
    view, _ = _view(request, computed)
    table = request.GET.get("table", "groups")
    if table != "groups" and table not in dict(services.DIMENSIONS):
        raise Http404("no such table")
    rows = services.csv_rows(services.page(computed.pk, view), request.GET.get("question", ""), table)
    if not rows:
        raise Http404("no such table")
    record(request.user, "download", f"survey:{view.survey}", {"filters": request.GET.dict(), "rows": len(rows)})
    response = HttpResponse(csv_text(["survey", "question", *dashboards.CSV_HEADER],
                                     [[view.survey, request.GET.get("question", "")] + row
                                      for row in dashboards.csv_rows(rows)]), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="survey-results.csv"'
    return response
