"""Writing a plan in the browser: a new plan, its priorities, objectives and actions, their
owners. Each change is audited with what it was before; a refusal is a ``ValueError`` whose
message the page shows.

Who may: administrators any plan; a directorate lead the plans of their own directorate
(``accounts.roles.can_edit_plan``). Progress, sign-off and RAG are ``services``' own.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from ...plans.document import ROLE_TITLES
from ...plans.references import MAX_REFERENCE
from ..audit.services import record
from .models import Action, Lead, Objective, Plan, Priority
from .services import unique_slug


def as_sentence(exc: Exception) -> str:
    """A refusal's message as the page shows it, starting with a capital."""
    text = str(exc)
    return text[:1].upper() + text[1:]


def _text(value: str, what: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValueError(f"{what} is needed")
    if len(value) > limit:
        raise ValueError(f"{what} is {len(value)} characters long; at most {limit}")
    return value


def _reference(value: str, what: str) -> str:
    value = _text(value, what, MAX_REFERENCE)
    if "/" in value or any(c.isspace() for c in value):
        raise ValueError(f"{what} is a short reference such as 2, A or 1.3, with no spaces or slashes")
    return value


@transaction.atomic
def create_plan(by, title: str, kind: str, directorate: str = "", period: str = "",
                parent: Plan | None = None) -> Plan:
    title = _text(title, "A title", 300)
    if kind not in Plan.Kind.values:
        raise ValueError("a plan is corporate or directorate")
    if kind == Plan.Kind.DIRECTORATE and not directorate.strip():
        raise ValueError("a directorate plan needs its directorate")
    plan = Plan.objects.create(title=title, slug=unique_slug(title), kind=kind,
                               directorate=directorate.strip() if kind == Plan.Kind.DIRECTORATE else "",
                               period=period.strip()[:20],
                               parent=parent if kind == Plan.Kind.DIRECTORATE else None)
    record(by, "plan_create", plan.slug, {"title": plan.title, "kind": plan.kind, "directorate": plan.directorate})
    return plan


def save_priority(plan: Plan, by, number: str, title: str, summary: str = "",
                  priority: Priority | None = None) -> Priority:
    """A new priority, or ``priority`` changed."""
    number, title = _reference(number, "The priority's number"), _text(title, "A title", 300)
    before = None if priority is None else {"number": priority.number, "title": priority.title,
                                            "summary": priority.summary}
    if plan.priorities.filter(number=number).exclude(pk=getattr(priority, "pk", None)).exists():
        raise ValueError(f"the plan has a priority {number} already")
    priority = priority or Priority(plan=plan)
    priority.number, priority.title, priority.summary = number, title, summary.strip()
    priority.save()
    record(by, "plan_priority", plan.slug, {"priority": number, "before": before,
                                            "after": {"title": title, "summary": priority.summary}})
    return priority


def save_objective(plan: Plan, by, priority: Priority, number: str, text: str, timescale: str = "",
                   objective: Objective | None = None) -> Objective:
    """A new objective under ``priority``, or ``objective`` changed (moved, renumbered, reworded)."""
    if priority.plan_id != plan.pk:
        raise ValueError("that priority is in another plan")
    number, text = _reference(number, "The objective's number"), _text(text, "The objective", 5000)
    if plan.objectives.filter(number=number).exclude(pk=getattr(objective, "pk", None)).exists():
        raise ValueError(f"the plan has an objective {number} already")
    before = None if objective is None else {"number": objective.number, "priority": objective.priority.number,
                                             "text": objective.text, "timescale": objective.timescale}
    objective = objective or Objective(plan=plan)
    objective.priority, objective.number, objective.text = priority, number, text
    objective.timescale = timescale.strip()[:200]
    try:
        objective.save()
    except IntegrityError:
        raise ValueError(f"the plan has an objective {number} already") from None
    record(by, "plan_objective", plan.slug, {"objective": number, "before": before,
                                             "after": {"priority": priority.number, "text": text,
                                                       "timescale": objective.timescale}})
    return objective


@transaction.atomic
def add_action(plan: Plan, by, objectives: list[Objective], text: str, timescale: str = "") -> Action:
    """A new action serving ``objectives`` (at least one), numbered after the plan's last."""
    if not objectives:
        raise ValueError("choose the objective (or objectives) the action serves")
    if any(o.plan_id != plan.pk for o in objectives):
        raise ValueError("an objective chosen is in another plan")
    text = _text(text, "The action", 5000)
    last = Plan.objects.select_for_update().get(pk=plan.pk).actions.order_by("-position").first()
    action = Action.objects.create(plan=plan, position=(last.position if last else 0) + 1, text=text,
                                   timescale=timescale.strip()[:200])
    action.objectives.set(objectives)
    record(by, "plan_action", plan.slug, {"action": action.position, "objectives": [o.number for o in objectives],
                                          "text": text, "timescale": action.timescale})
    return action


def set_post(item: Objective | Action, by, role: str, post: str) -> Lead:
    """A lead role held by a post ("Head of HR") rather than a person with an account."""
    if role not in ROLE_TITLES:
        raise ValueError(f"unknown role; use one of {', '.join(ROLE_TITLES.values())}")
    post = _text(post, "The post", 200)
    lead = Lead.objects.create(role=role, name=post, **{_kind(item): item})
    record(by, "plan_owner", item.plan.slug, {"item": _label(item), "role": role, "post": post})
    return lead


def remove_lead(lead: Lead, by) -> None:
    item = lead.action or lead.objective
    record(by, "plan_owner_removed", item.plan.slug, {"item": _label(item), "role": lead.role, "post": lead.name,
                                                      "user": lead.user.username if lead.user else None})
    lead.delete()


def _kind(item) -> str:
    return "action" if isinstance(item, Action) else "objective"


def _label(item) -> str:
    return f"action {item.position}" if isinstance(item, Action) else f"objective {item.number}"
