"""Plan-writing pages: a new plan, a priority, an objective, an action, an owner. Each page is
one form (``plans/item_form.html``) that calls ``editing`` and returns to the plan; a refusal
is shown on the form, with what was typed kept."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ...engine import registry
from ...plans.document import ROLE_TITLES
from ..accounts.models import User
from ..accounts.roles import can_create_plans, can_edit_plan, require, visible_directorates
from ..dashboards.services import directorates as all_directorates
from ..dashboards.templatetags.figures import date_in_words, figure, interval
from . import editing, measure_links
from .editing import as_sentence
from .models import Action, Lead, Objective, Plan, Priority
from .services import assign_owner


@dataclass
class Field:
    name: str
    label: str
    value: str = ""
    hint: str = ""
    kind: str = "text"  # text | textarea | select | checkboxes
    options: list[tuple[str, str]] = field(default_factory=list)
    chosen: list[str] = field(default_factory=list)  # checkboxes


def item_form(request, title: str, fields: list[Field], back: str, error: str = "", caption: str = "", status=200):
    """The one-form page (``plans/item_form.html``), with what was typed kept after a refusal."""
    if request.method == "POST":
        for f in fields:
            if f.kind == "checkboxes":
                f.chosen = request.POST.getlist(f.name)
            else:
                f.value = request.POST.get(f.name, f.value)
    return render(request, "plans/item_form.html", {"title": title, "fields": fields, "back": back, "error": error,
                                                    "caption": caption}, status=status)


def _editable(request, slug: str) -> Plan:
    plan = get_object_or_404(Plan, slug=slug)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied("Only administrators, and a directorate's leads for its own plans, change a plan.")
    return plan


@require(can_create_plans)
def new_plan(request):
    fields = [Field("title", "Title", hint="For example: Race Equality Action Plan 2026 to 2028"),
              Field("kind", "Kind of plan", kind="select", options=list(Plan.Kind.choices)),
              Field("directorate", "Directorate (a directorate plan only)"),
              Field("period", "Period", hint="For example 2026-2028 or 2026/27")]
    if request.method == "POST":
        try:
            plan = editing.create_plan(request.user, request.POST.get("title", ""), request.POST.get("kind", ""),
                                       request.POST.get("directorate", ""), request.POST.get("period", ""))
        except ValueError as exc:
            return item_form(request, "A new plan", fields, reverse("plans:list"), as_sentence(exc), status=400)
        messages.success(request, f"Created {plan.title}. Add its priorities, objectives and actions.")
        return redirect("plans:plan", slug=plan.slug)
    return item_form(request, "A new plan", fields, reverse("plans:list"))


@login_required
def priority_form(request, slug: str, number: str = ""):
    plan = _editable(request, slug)
    priority = get_object_or_404(Priority, plan=plan, number=number) if number else None
    fields = [Field("number", "Number", priority.number if priority else _next_priority(plan),
                    hint="As the plan numbers it: 1, 2, A, B"),
              Field("title", "Title", priority.title if priority else ""),
              Field("summary", "Summary (optional)", priority.summary if priority else "", kind="textarea")]
    title = f"Change priority {priority.number}" if priority else "Add a priority"
    if request.method == "POST":
        try:
            editing.save_priority(plan, request.user, request.POST.get("number", ""), request.POST.get("title", ""),
                                  request.POST.get("summary", ""), priority)
        except ValueError as exc:
            return item_form(request, title, fields, _back(plan), as_sentence(exc), plan.title, status=400)
        return redirect("plans:plan", slug=plan.slug)
    return item_form(request, title, fields, _back(plan), caption=plan.title)


@login_required
def objective_form(request, slug: str, number: str = ""):
    plan = _editable(request, slug)
    objective = get_object_or_404(Objective, plan=plan, number=number) if number else None
    priorities = list(plan.priorities.all())
    if not priorities:
        messages.info(request, "Add a priority first: every objective belongs to one.")
        return redirect("plans:add_priority", slug=plan.slug)
    chosen = objective.priority if objective else next(
        (p for p in priorities if p.number == request.GET.get("priority")), priorities[0])
    fields = [Field("priority", "Priority", chosen.number, kind="select",
                    options=[(p.number, f"{p.number}. {p.title}") for p in priorities]),
              Field("number", "Number", objective.number if objective else _next_objective(plan, chosen),
                    hint="As the plan numbers it: 1.2, A3, 7"),
              Field("text", "Objective", objective.text if objective else "", kind="textarea"),
              Field("timescale", "Timescale (optional)", objective.timescale if objective else "",
                    hint="A date, a month, a financial year (2026/27), Ongoing or Annually")]
    title = f"Change objective {objective.number}" if objective else "Add an objective"
    if request.method == "POST":
        priority = next((p for p in priorities if p.number == request.POST.get("priority")), None)
        try:
            if priority is None:
                raise ValueError("choose the priority the objective belongs to")
            saved = editing.save_objective(plan, request.user, priority, request.POST.get("number", ""),
                                           request.POST.get("text", ""), request.POST.get("timescale", ""), objective)
        except ValueError as exc:
            return item_form(request, title, fields, _back(plan), as_sentence(exc), plan.title, status=400)
        return redirect("plans:objective", slug=plan.slug, number=saved.number)
    return item_form(request, title, fields, _back(plan), caption=plan.title)


@login_required
def action_form(request, slug: str):
    plan = _editable(request, slug)
    objectives = list(plan.objectives.select_related("priority"))
    if not objectives:
        messages.info(request, "Add an objective first: every action serves one.")
        return redirect("plans:add_objective", slug=plan.slug)
    fields = [Field("objectives", "The objectives it serves", kind="checkboxes",
                    options=[(o.number, f"{o.number} {o.text[:120]}") for o in objectives],
                    chosen=[request.GET["objective"]] if request.GET.get("objective") else []),
              Field("text", "Action", kind="textarea"),
              Field("timescale", "Timescale", hint="A date, a month, a quarter (Q3 2026/27), a financial year, "
                                                   "Ongoing or Annually")]
    if request.method == "POST":
        chosen = [o for o in objectives if o.number in request.POST.getlist("objectives")]
        try:
            action = editing.add_action(plan, request.user, chosen, request.POST.get("text", ""),
                                        request.POST.get("timescale", ""))
        except ValueError as exc:
            return item_form(request, "Add an action", fields, _back(plan), as_sentence(exc), plan.title, status=400)
        messages.success(request, "Action added. Give it an owner, who can then record its progress.")
        return redirect("plans:action", slug=plan.slug, number=action.position)
    return item_form(request, "Add an action", fields, _back(plan), caption=plan.title)


@require_POST
@login_required
def add_owner(request, slug: str, number: str, what: str):
    """An owner for an action or an objective: a person with an account (who may then update
    it) or a post, in one of the plan roles."""
    plan = _editable(request, slug)
    item = (get_object_or_404(Action, plan=plan, position=number) if what == "action"
            else get_object_or_404(Objective, plan=plan, number=number))
    role, username, post = (request.POST.get(k, "").strip() for k in ("role", "user", "post"))
    try:
        if username:
            person = User.objects.filter(username=username, is_active=True).first()
            if person is None:
                raise ValueError("choose a person who can sign in")
            if what != "action":
                raise ValueError("a person owns actions; give an objective's lead as a post")
            assign_owner(item, person, role, request.user)
        else:
            editing.set_post(item, request.user, role, post)
    except ValueError as exc:
        messages.error(request, as_sentence(exc))
    return redirect(f"plans:{what}", slug=plan.slug, number=number)


@require_POST
@login_required
def remove_owner(request, slug: str, pk: int):
    plan = _editable(request, slug)
    lead = get_object_or_404(Lead.objects.select_related("action", "objective"), pk=pk)
    item = lead.action or lead.objective
    if item.plan_id != plan.pk:
        raise PermissionDenied("That owner belongs to another plan.")
    editing.remove_lead(lead, request.user)
    if lead.action is not None:
        return redirect("plans:action", slug=plan.slug, number=lead.action.position)
    return redirect("plans:objective", slug=plan.slug, number=lead.objective.number)


def owner_choices() -> dict:
    """What the owner form offers: the roles and the people who can sign in."""
    return {"owner_roles": list(ROLE_TITLES.items()),
            "people": list(User.objects.filter(is_active=True).order_by("username").values_list("username", flat=True))}


def _back(plan: Plan) -> str:
    return reverse("plans:plan", args=[plan.slug])


def _next_priority(plan: Plan) -> str:
    numbers = set(plan.priorities.values_list("number", flat=True))
    return next(str(n) for n in range(1, len(numbers) + 2) if str(n) not in numbers)


def _next_objective(plan: Plan, priority: Priority) -> str:
    numbers = set(plan.objectives.values_list("number", flat=True))
    return next(f"{priority.number}.{n}" for n in range(1, len(numbers) + 2) if f"{priority.number}.{n}" not in numbers)



BETTER_WORDS = {"higher": "Higher is better", "lower": "Lower is better", "towards_one": "Closer to 1 (parity) is better"}


@login_required
def link_measure(request, slug: str, number: str):
    """Link a measure of the workforce data to an objective: pick the measure, then what of it
    to follow (a group, or a comparison, for the council or a directorate), each offered with its
    latest figure; then its direction and target."""
    plan = _editable(request, slug)
    objective = get_object_or_404(Objective, plan=plan, number=number)
    measures = [m for m in registry.select([]) if m.id in registry.kinds()]
    posted = request.POST if request.method == "POST" else {}
    chosen = posted.get("measure", "")
    follow = []
    if chosen in registry.kinds():
        follow = [{**o, "label": _option_label(o, registry.kinds()[chosen])}
                  for o in measure_links.options(chosen, _directorates_for(request.user))]
    error = ""
    if posted.get("action") == "save":
        picked = next((o for o in follow if o["key"] == posted.get("follow")), None)
        try:
            if picked is None:
                raise ValueError("choose what of the measure to follow")
            target = posted.get("target", "").strip()
            target_date = posted.get("target_date", "").strip()
            measure_links.add_measure(
                plan, request.user, posted.get("title", ""), posted.get("better", ""), objective=objective,
                measure_id=chosen, group=picked["group"], comparator=picked["comparator"], breakdown=picked["breakdown"],
                target_value=float(target) if target else None,
                target_date=_date(target_date) if target_date else None)
        except ValueError as exc:
            error = as_sentence(exc)
        else:
            messages.success(request, "Measure linked. Its latest figure and verdict show on the plan.")
            return redirect("plans:objective", slug=plan.slug, number=objective.number)
    elif posted and chosen not in registry.kinds():
        error = "Choose a measure"
    return render(request, "plans/link_measure.html", {
        "plan": plan, "objective": objective, "measures": measures, "follow": follow, "posted": posted,
        "better": list(BETTER_WORDS.items()), "error": error}, status=400 if error else 200)


def _directorates_for(user) -> list[str]:
    computed = measure_links.current_set()
    return visible_directorates(user, all_directorates(computed)) if computed else []


def _option_label(option: dict, kind: str) -> str:
    """'Whole council: BME compared with White: 1.26 (95% interval 1.13 to 1.40), 31 March 2026'."""
    r = option["latest"]
    where = "Whole council" if option["breakdown"] == "overall" else option["breakdown"].split("=", 1)[1]
    who = f"{option['group']} compared with {option['comparator']}" if option["comparator"] else option["group"]
    mode = "share" if kind in measure_links.SHARE_KINDS and not option["comparator"] else "number"
    if r.value is None:
        shown = "not shown (too few people or not computable)"
    else:
        shown = figure(r.value, mode)
        if r.ci_low is not None and r.ci_high is not None:
            shown += f" (95% interval {interval(r.ci_low, r.ci_high, mode)})"
    return f"{where}: {who}: {shown}, {date_in_words(r.period)}"


def _date(text: str) -> dt.date:
    """A date typed as 31/03/2027 or 2027-03-31."""
    for form in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise ValueError(f"the target date {text!r} is not a date: write it as 31/03/2027")
