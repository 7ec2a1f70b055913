"""Survey results pages: each wave's questions from the stored figures, and their tables as CSV.

Filters are query parameters (``?survey=Staff+survey+2025&directorate=Finance&grouping=ons5``);
a directorate lead asking for another directorate, or anyone but an analyst asking for ethnic
groups within another category (``within``), is refused (403). Survey comments (reading in,
the name list, review, themes: ``comments``) are the analysts'.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ...engine.groupings import GROUPINGS
from ...exports.cells import csv_text
from ..accounts.roles import can_view_records, require, visible_directorates
from ..audit.services import record
from ..dashboards import services as dashboards
from ..measures.services import figures_notice
from ..plans.editing import as_sentence
from . import comments, services
from .models import NameList, SurveyComment


def _view(request, computed) -> tuple[services.View, dict]:
    waves = services.waves(computed)
    names = [w["survey"] for w in waves]
    survey = request.GET.get("survey", "")
    if survey not in names:
        survey = names[0]
    directorates = services.directorates(computed, survey)
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
    if computed is None or not services.waves(computed):
        return render(request, "surveys/empty.html", {"figures_notice": figures_notice()})
    view, choices = _view(request, computed)
    query = request.GET.urlencode()
    page = services.page(computed, view)
    least = services.min_responses(computed)
    min_cell = (computed.parameters or {}).get("min_cell", 5)
    questions = [{**q, "comments": _themes_shown(view, q, min_cell)} for q in page["questions"]]
    return render(request, "surveys/results.html", {
        "view": view, "query": query, "figures_notice": figures_notice(),
        "methodology": dashboards.methodology(computed), "min_responses": least,
        "wave_date": next(w["date"] for w in choices["waves"] if w["survey"] == view.survey),
        "page_key": (f"survey:{computed.pk}:{computed.created_at.isoformat()}:{view}:{comments.stamp(view.survey)}"
                     f":{can_view_records(request.user)}"),
        **choices, "questions": questions, "can_review": can_view_records(request.user)})


def _themes_shown(view: services.View, q: dict, min_cell: int) -> dict | None:
    """A free-text question's themes as others see them (the whole council only), with each
    theme's prevalence as table rows."""
    if q["type"] != "free_text" or view.directorate:
        return None
    found = comments.shown(view.survey, q["id"], view.grouping, min_cell)
    if found is None:
        return None
    for theme in found["themes"]:
        theme["rows"] = [services.row_for(r, None, f"{q['text']}: {theme['label']}") for r in theme["shares"]]
    return found


@login_required
def table_csv(request):
    """One table of a survey page as CSV (the stored, disclosed figures). Audited."""
    computed = dashboards.current_set()
    if computed is None or not services.waves(computed):
        raise Http404("no survey figures yet")
    view, _ = _view(request, computed)
    table = request.GET.get("table", "groups")
    if table != "groups" and table not in dict(services.DIMENSIONS):
        raise Http404("no such table")
    rows = services.csv_rows(services.page(computed, view), request.GET.get("question", ""), table)
    if not rows:
        raise Http404("no such table")
    record(request.user, "download", f"survey:{view.survey}", {"filters": request.GET.dict(), "rows": len(rows)})
    response = HttpResponse(csv_text(["survey", "question", *dashboards.CSV_HEADER],
                                     [[view.survey, request.GET.get("question", "")] + row
                                      for row in dashboards.csv_rows(rows)]), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="survey-results.csv"'
    return response


# --- comments: analysts read, review and theme them --------------------------------------------

def _comment_choice(request, source) -> tuple[str, str, list, list]:
    """The wave and free-text question chosen (``source``: GET or POST), and the choices."""
    waves = comments.waves_with_comments()
    survey = source.get("survey", "")
    if survey not in waves:
        survey = waves[0] if waves else ""
    questions = comments.free_text_questions(survey) if survey else []
    question = source.get("question", "")
    if question not in [q.question_id for q in questions]:
        question = questions[0].question_id if questions else ""
    return survey, question, waves, questions


def _back(survey: str, question: str):
    from urllib.parse import urlencode

    return redirect(reverse("surveys:comments") + "?" + urlencode({"survey": survey, "question": question}))


@require(can_view_records)
def comment_review(request):
    """Analysts: read the wave's comments in (redacted), review them, upload the name list, theme them."""
    survey, question, waves, questions = _comment_choice(request, request.GET)
    awaiting = list(comments.current(survey, question).filter(status=SurveyComment.Status.AWAITING)
                    .order_by("id")[:PAGE])
    book = comments.codebook(survey, question) if question else None
    themes = []
    if book is not None:
        from ...engine.themes import Codebook as Book

        read = Book.from_dict(book.data)
        sizes = comments.theme_sizes(survey, question)
        themes = [{"id": t.id, "label": t.label, "words": ", ".join(read.words(t.id)), "size": sizes.get(t.id, 0)}
                  for t in read.themes]
    return render(request, "surveys/comments.html", {
        "survey": survey, "question": question, "waves": waves, "questions": questions,
        "counts": comments.counts(survey, question) if question else {}, "awaiting": awaiting, "page_size": PAGE,
        "name_list": NameList.objects.first(), "codebook": book, "themes": themes})


PAGE = 50  # comments listed for review at once


@require_POST
@require(can_view_records)
def comment_action(request, what: str):
    survey, question, _, _ = _comment_choice(request, request.POST)
    try:
        if what == "read":
            added = comments.prepare(survey)
            messages.success(request, f"{added:,} comments read in and redacted.")
        elif what == "names":
            upload = request.FILES.get("names")
            if upload is None or upload.size > NAME_LIST_BYTES:
                raise ValueError(f"choose a text or CSV file of names of at most {NAME_LIST_BYTES // 1_000_000} MB")
            words = comments.upload_names(request.user, upload.read())
            messages.success(request, f"Name list in use: {words:,} name words, kept only as keyed hashes. "
                                      "Comments awaiting review were redacted again with it.")
        elif what == "approve_clean":
            shown = [int(i) for i in request.POST.getlist("shown") if i.isdigit()]
            done = comments.approve_clean(request.user, survey, question, shown)
            messages.success(request, f"{done:,} comments in which nothing was found approved.")
        elif what == "review":
            comment = get_object_or_404(SurveyComment, pk=request.POST.get("comment") or 0)
            comments.review(request.user, comment, request.POST.get("decision", ""), request.POST.get("text"))
            messages.success(request, f"Comment {comment.get_status_display().lower()}.")
            survey, question = comment.survey, comment.question
        elif what == "theme":
            comments.theme(request.user, survey, question)
            messages.success(request, "Comments themed.")
        elif what == "change_themes":
            ids = [int(i) for i in request.POST.getlist("themes") if i.isdigit()]
            comments.change_codebook(request.user, survey, question, request.POST.get("change", ""), ids,
                                     request.POST.get("label", ""))
            messages.success(request, "Themes changed; the comments were read again with them.")
        else:
            raise Http404("no such action")
    except ValueError as exc:
        messages.error(request, as_sentence(exc))
    return _back(survey, question)


NAME_LIST_BYTES = 5_000_000
