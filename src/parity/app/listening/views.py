"""Listening pages: "you said, we did" for everyone signed in; sessions, their notes and themes for
those who record them. Forms are the plan pages' one-form page (``plans/item_form.html``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ..accounts.roles import can_record_listening, require
from ..dashboards import services as dashboards
from ..plans.editing import as_sentence
from ..plans.editing_views import Field, item_form
from . import services
from .models import ListeningSession, Theme


def _directorates() -> list[str]:
    computed = dashboards.current_set()
    return dashboards.directorates(computed) if computed else []


@login_required
def you_said(request):
    return render(request, "listening/you_said.html", {"themes": services.you_said_we_did(),
                                                       "can_record": can_record_listening(request.user)})


@require(can_record_listening)
def sessions(request):
    return render(request, "listening/sessions.html",
                  {"sessions": ListeningSession.objects.prefetch_related("themes")})


@require(can_record_listening)
def new_session(request):
    known = _directorates()
    fields = [Field("kind", "Kind of session", kind="select",
                    options=[("", "Choose"), *ListeningSession.Kind.choices]),
              Field("title", "Title", hint="For example: Black staff focus group on progression"),
              Field("held_on", "Date held", hint="For example 14/03/2026 or 14 March 2026"),
              Field("directorate", "Directorate", kind="select", options=[("", "Whole council")] + [(d, d) for d in known]),
              Field("attendance", "How many came", hint="A number; leave blank if not counted. Never their names."),
              Field("notes", "Notes", kind="textarea",
                    hint="What was discussed, in summary. Do not write names or anything that identifies a person.")]
    back = reverse("listening:sessions")
    if request.method == "POST":
        p = request.POST
        try:
            session = services.record_session(request.user, p.get("kind", ""), p.get("title", ""), p.get("held_on", ""),
                                              p.get("directorate", ""), p.get("attendance", ""), p.get("notes", ""),
                                              known)
        except ValueError as exc:
            return item_form(request, "Record a session", fields, back, as_sentence(exc), status=400)
        messages.success(request, f"Recorded {session.title}. Add the themes people raised.")
        return redirect("listening:session", pk=session.pk)
    return item_form(request, "Record a session", fields, back)


@require(can_record_listening)
def session(request, pk: int):
    s = get_object_or_404(ListeningSession, pk=pk)
    others = Theme.objects.exclude(sessions=s)
    if request.method == "POST":  # a theme already recorded, raised here too
        theme = get_object_or_404(Theme, pk=request.POST.get("theme") or 0)
        services.raised_again(request.user, theme, s)
        messages.success(request, f"{theme.title}: raised here too.")
        return redirect("listening:session", pk=s.pk)
    return render(request, "listening/session.html", {"session": s, "themes": s.themes.all(), "others": others})


@require(can_record_listening)
def new_theme(request, pk: int):
    s = get_object_or_404(ListeningSession, pk=pk)
    fields = [Field("title", "What people raised, in a few words", hint="For example: Feedback after interviews"),
              Field("said", "What was said, in summary", kind="textarea",
                    hint="No names, and nothing that points to one person."),
              Field("actions", "Plan actions that answer it", kind="checkboxes", options=services.action_choices()),
              Field("objectives", "Plan objectives that answer it", kind="checkboxes",
                    options=services.objective_choices())]
    back = reverse("listening:session", args=[s.pk])
    if request.method == "POST":
        p = request.POST
        try:
            services.add_theme(request.user, s, p.get("title", ""), p.get("said", ""), p.getlist("actions"),
                               p.getlist("objectives"))
        except ValueError as exc:
            return item_form(request, "A theme raised", fields, back, as_sentence(exc), caption=s.title, status=400)
        messages.success(request, "Theme recorded.")
        return redirect("listening:session", pk=s.pk)
    return item_form(request, "A theme raised", fields, back, caption=s.title)


@require(can_record_listening)
def theme_links(request, pk: int):
    theme = get_object_or_404(Theme, pk=pk)
    fields = [Field("actions", "Plan actions that answer it", kind="checkboxes", options=services.action_choices(),
                    chosen=[str(i) for i in theme.actions.values_list("pk", flat=True)]),
              Field("objectives", "Plan objectives that answer it", kind="checkboxes",
                    options=services.objective_choices(),
                    chosen=[str(i) for i in theme.objectives.values_list("pk", flat=True)])]
    back = reverse("listening:you_said")
    if request.method == "POST":
        try:
            services.link(request.user, theme, request.POST.getlist("actions"), request.POST.getlist("objectives"))
        except ValueError as exc:
            return item_form(request, "What answers this theme", fields, back, as_sentence(exc), caption=theme.title,
                         status=400)
        messages.success(request, f"{theme.title}: links saved.")
        return redirect("listening:you_said")
    return item_form(request, "What answers this theme", fields, back, caption=theme.title)

