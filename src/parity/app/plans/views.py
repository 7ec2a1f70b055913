"""Plan pages: the plans, a plan's overview, an objective, an action with its history, my actions.

Everyone signed in reads plans. Owners update their own actions (progress, corrections, RAG
override with a reason); staff-network members comment on and sign off updates
(``accounts.roles``). Each view calls ``services`` and renders.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ...plans.rag import KEY, RAGS, STATUSES
from ..accounts.roles import (can_create_plans, can_edit_plan, can_manage_directorate_plan, can_publish,
                              can_read_sign_off_queue, can_respond_to_updates, can_update_action, require)
from . import importing, measure_links, publishing, services
from .editing import as_sentence
from .editing_views import owner_choices
from .models import Action, Plan, PlanPublication, ProgressUpdate

STATUS_LABELS = {s: s.replace("_", " ").capitalize() for s in STATUSES}


def _context(**extra) -> dict:
    return {"status_labels": STATUS_LABELS, "today": dt.date.today(), **extra}


@login_required
def plan_list(request):
    today = dt.date.today()
    plans = [(plan, services.rag_summary(plan, today)) for plan in Plan.objects.all()]
    return render(request, "plans/list.html", _context(plans=plans))


@login_required
def plan_detail(request, slug, step_errors=None, status=200):
    plan = get_object_or_404(Plan, slug=slug)
    tree = services.plan_tree(plan, people=True)
    actions = {a["number"]: a for a in tree["actions"]}
    for p in tree["priorities"]:
        p["linked_measures"] = [m for m in tree["measures"] if m["priority"] == p["number"]]
        for o in p["objectives"]:
            o["actions"] = [actions[n] for n in o["action_numbers"] if actions[n]["objectives"][-1] == o["number"]]
            o["linked_measures"] = [m for m in tree["measures"] if m["objective"] == o["number"]]
    unlinked = [a for a in tree["actions"] if not a["objectives"]]
    return render(request, "plans/plan.html", _context(
        plan=plan, tree=tree, unlinked=unlinked, step_errors=step_errors or {},
        can_manage=can_manage_directorate_plan(request.user, plan.directorate),
        can_edit=can_edit_plan(request.user, plan)), status=status)


@require_POST
@login_required
def planning_step(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    if not can_manage_directorate_plan(request.user, plan.directorate):
        raise PermissionDenied("Only the directorate's leads and administrators record its planning steps.")
    errors = {}
    date = None
    if request.POST.get("date"):
        try:
            date = dt.date.fromisoformat(request.POST["date"])
        except ValueError:
            errors["date"] = "Enter the date as a real date, for example 2025-06-30"
    if not errors:
        try:
            step = request.POST.get("step", "")
            services.set_planning_step(plan, int(step) if step.isdigit() else 0, request.user,
                                       request.POST.get("status", ""), date, request.POST.get("notes", ""))
        except ValueError as exc:
            errors["step"] = as_sentence(exc)
    if errors:
        return plan_detail(request, slug, step_errors=errors, status=400)
    messages.success(request, "Planning step saved.")
    return redirect("plans:plan", slug=slug)


@login_required
def objective_detail(request, slug, number):
    plan = get_object_or_404(Plan, slug=slug)
    objective = get_object_or_404(plan.objectives.select_related("priority"), number=number)
    today = dt.date.today()
    actions = [services.action_data(a, today, people=True)
               for a in objective.actions.prefetch_related(*services.ACTION_PREFETCH)]
    leads = services.leads_data(objective.leads.select_related("user"), people=True)
    can_edit = can_edit_plan(request.user, plan)
    measures = [m for m in measure_links.plan_measures(plan) if m["objective"] == objective.number]
    return render(request, "plans/objective.html", _context(plan=plan, objective=objective, actions=actions,
                                                           leads=leads, can_edit=can_edit, measures=measures,
                                                           **(owner_choices() if can_edit else {})))


def _action(slug, number) -> Action:
    return get_object_or_404(Action.objects.select_related("plan").prefetch_related(*services.ACTION_PREFETCH),
                             plan__slug=slug, position=number)


@login_required
def action_detail(request, slug, number, errors=None, status=200):
    action = _action(slug, number)
    data = services.action_data(action, dt.date.today(), people=True)
    owners = services.owner_ids(action)
    can_edit = can_edit_plan(request.user, action.plan)
    return render(request, "plans/action.html", _context(
        plan=action.plan, action=action, data=data, errors=errors or {}, posted=request.POST,
        can_update=can_update_action(request.user, owners), can_respond=can_respond_to_updates(request.user),
        rags=RAGS, can_edit=can_edit, **(owner_choices() if can_edit else {})), status=status)


def _owner_only(request, action: Action) -> None:
    if not can_update_action(request.user, services.owner_ids(action)):
        raise PermissionDenied("Only the action's owners can change it.")


@require_POST
@login_required
def add_update(request, slug, number):
    action = _action(slug, number)
    _owner_only(request, action)
    errors = {}
    text, status = request.POST.get("text", "").strip(), request.POST.get("status", "")
    try:
        as_of = dt.date.fromisoformat(request.POST.get("as_of") or dt.date.today().isoformat())
    except ValueError:
        errors["as_of"] = "Enter the date of the update as a real date, for example 2025-03-31"
    if not text:
        errors["text"] = "Enter what has happened since the last update"
    if status not in STATUSES:
        errors["status"] = "Choose the action's status"
    if not errors and as_of > dt.date.today():
        errors["as_of"] = "The date of the update must be today or in the past"
    if errors:
        return action_detail(request, slug, number, errors=errors, status=400)
    evidence = [line.strip() for line in request.POST.get("evidence", "").splitlines() if line.strip()]
    services.add_update(action, request.user, text, status, as_of, evidence)
    messages.success(request, "Progress update added.")
    return redirect("plans:action", slug=slug, number=number)


@require_POST
@login_required
def edit_update(request, slug, number, update_id):
    action = _action(slug, number)
    _owner_only(request, action)
    update = get_object_or_404(ProgressUpdate, pk=update_id, action=action)
    text = request.POST.get("text", "").strip()
    if not text:
        return action_detail(request, slug, number, errors={f"edit-{update_id}": "Enter the corrected update"},
                             status=400)
    try:
        services.edit_update(update, request.user, text)
    except ValueError as exc:
        return action_detail(request, slug, number, errors={f"edit-{update_id}": str(exc)}, status=400)
    messages.success(request, "Update corrected. The earlier version is kept in the history.")
    return redirect("plans:action", slug=slug, number=number)


@require_POST
@login_required
def respond(request, slug, number, update_id):
    if not can_respond_to_updates(request.user):
        raise PermissionDenied("Only staff-network members comment on and sign off updates.")
    action = _action(slug, number)
    update = get_object_or_404(ProgressUpdate, pk=update_id, action=action)
    kind = request.POST.get("kind", "")
    try:
        services.respond(update, request.user, kind, request.POST.get("text", ""))
    except ValueError as exc:
        return action_detail(request, slug, number, errors={f"respond-{update_id}": as_sentence(exc)},
                             status=400)
    messages.success(request, "Update signed off." if kind == "sign_off" else "Comment added.")
    return redirect("plans:action", slug=slug, number=number)


@require_POST
@login_required
def edit_action(request, slug, number):
    action = _action(slug, number)
    _owner_only(request, action)
    try:
        services.edit_action(action, request.user, request.POST.get("text", ""), request.POST.get("timescale", ""))
    except ValueError as exc:
        return action_detail(request, slug, number, errors={"action-text": as_sentence(exc)}, status=400)
    messages.success(request, "Action changed.")
    return redirect("plans:action", slug=slug, number=number)


@require_POST
@login_required
def override_rag(request, slug, number):
    action = _action(slug, number)
    _owner_only(request, action)
    colour, reason = request.POST.get("rag", ""), request.POST.get("reason", "")
    try:
        services.override_rag(action, request.user, colour, reason)
    except ValueError as exc:
        return action_detail(request, slug, number, errors={"rag": as_sentence(exc)}, status=400)
    messages.success(request, "RAG status set by hand." if colour else "RAG status worked out by the rule again.")
    return redirect("plans:action", slug=slug, number=number)


@login_required
def mine(request):
    return render(request, "plans/mine.html", _context(actions=services.my_actions(request.user)))


@require_POST
@require(can_publish)
def publish_progress(request, slug):
    """Administrators: publish the plan's RAG summary and chosen actions for the public."""
    plan = get_object_or_404(Plan, slug=slug)
    numbers = [int(n) for n in request.POST.getlist("actions") if n.isdigit()]
    try:
        publication = publishing.publish(request.user, plan, numbers, request.POST.get("title", ""),
                                         request.POST.get("include_updates") == "yes")
    except publishing.ProgressRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Published: {publication.title}. Anyone can now read it without signing in.")
    return redirect("dashboards:publish")


@require_POST
@require(can_publish)
def withdraw_progress(request, pk):
    publication = get_object_or_404(PlanPublication, pk=pk)
    try:
        publishing.withdraw(request.user, publication, request.POST.get("reason", ""))
    except publishing.ProgressRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Withdrawn: {publication.title}. It is no longer on the public pages.")
    return redirect("dashboards:publish")


def public_progress(request, pk):
    """Published plan progress, for anyone: what was fixed when it was published, nothing else."""
    publication = publishing.get_live(pk)
    if publication is None:
        raise Http404("nothing is published here")
    from ..reports.services import council_name

    return render(request, "plans/public_progress.html", {"publication": publication, "p": publication.content,
                                                          "council": council_name(), "rag_key": KEY})


@require(can_create_plans)
def import_plan(request):
    """Bring a plan in: read a file and show what was read (nothing stored), then store it, or
    download it as a workbook to correct and read that instead."""
    context = {"kinds": Plan.Kind.choices, "parents": Plan.objects.filter(kind=Plan.Kind.CORPORATE),
               "form": request.POST, "accepted": ", ".join(importing.SUFFIXES)}
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "read":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise importing.NotAPlan("Choose the plan's file")
            document = importing.read(upload)
        except importing.NotAPlan as exc:
            return render(request, "plans/import.html", {**context, "error": str(exc)}, status=400)
        return _read_plan_page(request, context, document, upload.name)
    if action in ("save", "workbook"):
        try:
            document, file_name = importing.carried(request.POST.get("document", ""))
        except signing.BadSignature:
            return render(request, "plans/import.html", {**context, "error": "The plan read has expired or was "
                          "changed on the way: read the file again"}, status=400)
        document.title = request.POST.get("title", "").strip()[:200] or document.title
        if action == "workbook":
            response = HttpResponse(importing.workbook(document), content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
            response["Content-Disposition"] = 'attachment; filename="plan-to-correct.xlsx"'
            return response
        token = request.POST.get("document", "")
        earlier = importing.saved_before(token)
        if earlier is not None:  # the same reading saved twice (a double click): one plan
            return redirect("plans:plan", slug=earlier.slug)
        kind = request.POST.get("kind") if request.POST.get("kind") in Plan.Kind.values else Plan.Kind.CORPORATE
        parent = Plan.objects.filter(pk=request.POST.get("parent") or None, kind=Plan.Kind.CORPORATE).first()
        plan = services.import_document(document, request.user, source_file=file_name, kind=kind,
                                        directorate=request.POST.get("directorate", "").strip()[:100]
                                        if kind == Plan.Kind.DIRECTORATE else "",
                                        parent=parent if kind == Plan.Kind.DIRECTORATE else None,
                                        reading=importing.reading_key(token))
        messages.success(request, f"Imported {plan.title}: {plan.priorities.count()} priorities, "
                                  f"{plan.objectives.count()} objectives, {plan.actions.count()} actions.")
        return redirect("plans:plan", slug=plan.slug)
    return render(request, "plans/import.html", context)


def _read_plan_page(request, context: dict, document, file_name: str):
    return render(request, "plans/import.html", {
        **context, "document": document, "file_name": file_name, "tree": importing.tree(document),
        "carried": importing.carry(document, file_name)})


@require(can_read_sign_off_queue)
def awaiting_sign_off(request):
    """Progress updates the staff network has not signed off yet, the longest waiting first."""
    return render(request, "plans/awaiting.html", _context(waiting=services.awaiting_sign_off()))
