"""Plans: import a document, read the tree, add updates, respond, override RAG. All audited."""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.utils.text import slugify

from ...plans import document as doc
from ...plans.document import PLANNING_STEPS, ROLE_TITLES, PlanDocument, check_tags
from ...plans.rag import SOON, STATUSES, check_override, due_date, open_ended, rag
from .. import notifications
from ..audit.services import record
from . import measure_links
from .models import (
    Action,
    Lead,
    NetworkResponse,
    Objective,
    Plan,
    PlanningStep,
    Priority,
    ProgressUpdate,
)

RESERVED_SLUGS = {"my-actions", "import", "publications", "sign-off", "new"}  # page addresses beside the plans' own


def unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "plan"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Plan.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def import_document(document: PlanDocument, actor, source_file: str = "", kind: str = "",
                    directorate: str = "", parent: Plan | None = None, reading: str = "") -> Plan:
    """Store a plan read from a document: all of it or, on any error, none of it. ``reading``
    names the page's reading (``importing.reading_key``), kept in the audit log so that saving
    the same reading twice stores one plan."""
    corporate = {o.number: o for o in parent.objectives.all()} if parent else {}
    notes = list(document.unplaced) + [
        f"objective {o.number} contributes to corporate objective {o.contributes_to}, "
        f"which {'the parent plan does not have' if parent else 'needs --parent'}"
        for o in document.objectives if o.contributes_to and o.contributes_to not in corporate]
    plan = Plan.objects.create(
        title=document.title, slug=unique_slug(document.title), kind=kind or document.kind,
        directorate=directorate or document.directorate, parent=parent, period=document.period,
        introduction=document.introduction, ambition=document.ambition, governance=document.governance,
        source_file=source_file, import_notes=notes)
    priorities = {}
    for p in document.priorities:
        priorities[p.number] = Priority.objects.create(plan=plan, number=p.number, title=p.title, summary=p.summary,
                                                       outcomes=p.outcomes, measures=p.measures,
                                                       tags=check_tags(p.tags))
    objectives = {}
    for o in document.objectives:
        objective = Objective.objects.create(plan=plan, priority=priorities[o.priority], number=o.number,
                                             text=o.text, points=o.points, timescale=o.timescale,
                                             contributes_to=corporate.get(o.contributes_to), tags=check_tags(o.tags))
        objectives[o.number] = objective
        Lead.objects.bulk_create(Lead(objective=objective, role=lead.role, name=lead.name) for lead in o.leads)
    for position, a in enumerate(document.actions, start=1):
        action = Action.objects.create(plan=plan, position=position, text=a.text, timescale=a.timescale,
                                       status=a.status, tags=check_tags(a.tags))
        action.objectives.set([objectives[n] for n in a.objectives])
        Lead.objects.bulk_create(Lead(action=action, role=lead.role, name=lead.name) for lead in a.leads)
    if plan.kind == Plan.Kind.DIRECTORATE:
        PlanningStep.objects.bulk_create(PlanningStep(plan=plan, step=n) for n in PLANNING_STEPS)
    record(actor, "plan_import", plan.slug, {"source": source_file, "priorities": len(priorities),
                                            "objectives": len(objectives), "actions": len(document.actions),
                                            "unplaced": len(document.unplaced),
                                            **({"reading": reading} if reading else {})})
    return plan


@transaction.atomic
def add_update(action: Action, author, text: str, status: str, as_of: dt.date | None = None,
               evidence: list[str] | None = None) -> ProgressUpdate:
    """A new dated progress update; the action takes its status."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; use {', '.join(STATUSES)}")
    if not text.strip():
        raise ValueError("a progress update needs some text")
    update = ProgressUpdate.objects.create(action=action, as_of=as_of or dt.date.today(), text=text.strip(),
                                           status=status, evidence=evidence or [], author=_user(author))
    Action.objects.filter(pk=action.pk).update(status=status)
    action.status = status
    record(author, "plan_update", f"{action.plan.slug}/action/{action.position}",
           {"update": update.pk, "status": status, "as_of": update.as_of.isoformat()})
    transaction.on_commit(notifications.soon)  # the staff network hears it awaits their sign-off
    return update


@transaction.atomic
def edit_update(update: ProgressUpdate, author, text: str) -> ProgressUpdate:
    """A corrected update: a new version superseding ``update``; the old one is kept."""
    if ProgressUpdate.objects.filter(supersedes=update).exists():
        raise ValueError("this update has already been replaced; edit the newest version")
    new = ProgressUpdate.objects.create(action=update.action, supersedes=update, version=update.version + 1,
                                        as_of=update.as_of, text=text.strip(), status=update.status,
                                        evidence=update.evidence, author=_user(author))
    record(author, "plan_update_edit", f"{update.action.plan.slug}/action/{update.action.position}",
           {"update": new.pk, "supersedes": update.pk, "version": new.version})
    return new


def respond(update: ProgressUpdate, author, kind: str, text: str = "") -> NetworkResponse:
    """A staff-network comment on an update, or its sign-off."""
    if kind not in ("comment", "sign_off"):
        raise ValueError("a response is a comment or a sign_off")
    if kind == "comment" and not text.strip():
        raise ValueError("a comment needs some text")
    if kind == "sign_off" and update.responses.filter(kind="sign_off").exists():
        raise ValueError("this update is signed off already; add a comment instead")
    response = NetworkResponse.objects.create(update=update, kind=kind, text=text.strip(), author=_user(author))
    record(author, f"plan_{kind}", f"{update.action.plan.slug}/action/{update.action.position}",
           {"update": update.pk})
    return response


def edit_action(action: Action, by, text: str, timescale: str) -> Action:
    """An owner rewords an action or moves its timescale. Audited with the old and new values."""
    if not text.strip():
        raise ValueError("an action needs some text")
    before = {"text": action.text, "timescale": action.timescale}
    action.text, action.timescale = text.strip(), timescale.strip()
    action.save(update_fields=["text", "timescale"])
    record(by, "plan_action_edit", f"{action.plan.slug}/action/{action.position}",
           {"before": before, "after": {"text": action.text, "timescale": action.timescale}})
    return action


def override_rag(action: Action, author, colour: str, reason: str) -> Action:
    """Set (or with colour "" clear) a manual RAG; a reason is required to set one."""
    if colour:
        check_override(colour, reason)
    action.rag_override, action.rag_override_reason = colour, reason.strip() if colour else ""
    action.save(update_fields=["rag_override", "rag_override_reason"])
    record(author, "plan_rag_override", f"{action.plan.slug}/action/{action.position}",
           {"rag": colour, "reason": action.rag_override_reason})
    return action


def assign_owner(action: Action, user, role: str, by) -> Lead:
    """Make ``user`` an owner of ``action`` in ``role`` (they may then update it). Audited."""
    if role not in ROLE_TITLES:
        raise ValueError(f"unknown role {role!r}; use {', '.join(ROLE_TITLES)}")
    lead, _ = Lead.objects.get_or_create(action=action, role=role, user=user)
    record(by, "plan_owner", f"{action.plan.slug}/action/{action.position}", {"user": user.username, "role": role})
    return lead


def current_updates(action: Action) -> tuple[list[ProgressUpdate], set[int], ProgressUpdate | None]:
    """An action's updates (prefetched), the ids corrections replaced, and its latest current
    update (by date, then by when it was written), if any."""
    history = list(action.updates.all())
    superseded = {u.supersedes_id for u in history if u.supersedes_id}
    latest = max((u for u in history if u.pk not in superseded), key=lambda u: (u.as_of, u.pk), default=None)
    return history, superseded, latest


def awaiting_sign_off(plan: Plan | None = None) -> list[dict]:
    """The latest update of each action that the staff network has not signed off, oldest first
    (the one waiting longest leads), with its plan and action."""
    actions = Action.objects.select_related("plan").prefetch_related("updates__responses")
    if plan is not None:
        actions = actions.filter(plan=plan)
    waiting = []
    for a in actions:
        latest = current_updates(a)[2]
        if latest is None:
            continue
        if not any(x.kind == "sign_off" for x in latest.responses.all()):
            waiting.append({"plan": a.plan, "action": a, "update": latest,
                            "comments": [x for x in latest.responses.all() if x.kind == "comment"]})
    return sorted(waiting, key=lambda w: (w["update"].as_of, w["plan"].title, w["action"].position))


def owner_ids(action: Action) -> set[int]:
    """Users who own the action: leads on it, or on an objective it serves."""
    return set(Lead.objects.filter(models.Q(action=action) | models.Q(objective__actions=action),
                                   user__isnull=False).values_list("user_id", flat=True))


def my_actions(user, today: dt.date | None = None) -> list[dict]:
    """The actions ``user`` owns, overdue first, then by due date, with their plan and RAG."""
    today = today or dt.date.today()
    actions = (Action.objects.filter(models.Q(leads__user=user) | models.Q(objectives__leads__user=user))
               .distinct().select_related("plan").prefetch_related(*ACTION_PREFETCH))
    out = []
    for a in actions:
        data = action_data(a, today)
        due = due_date(a.timescale)
        data.update(plan=a.plan.slug, plan_title=a.plan.title,
                    overdue=data["rag"] == "red" and not data["rag_overridden"] and due is not None and due < today,
                    due_soon=due is not None and today <= due <= today + SOON and a.status != "completed")
        out.append(data)
    return sorted(out, key=lambda d: (not d["overdue"], d["due"] or "9999", d["plan"], d["number"]))


SMART_PARTS = ("measure", "target", "date", "owner")


def set_tags(item: Priority | Objective | Action, tags: list[str], by) -> None:
    """Replace the tags of a priority, objective or action (checked against ``plans.document.TAGS``)."""
    item.tags = check_tags(tags)
    item.save(update_fields=["tags"])
    label = f"action {item.position}" if isinstance(item, Action) else f"{type(item).__name__.lower()} {item.number}"
    record(by, "plan_tags", item.plan.slug, {"item": label, "tags": item.tags})


def link_contribution(objective: Objective, corporate_number: str, by) -> Objective:
    """A directorate objective contributes to an objective of its corporate (parent) plan."""
    parent = objective.plan.parent
    if parent is None:
        raise ValueError(f"{objective.plan.slug} has no corporate plan; import it with --parent")
    target = parent.objectives.filter(number=corporate_number).first()
    if target is None:
        raise ValueError(f"the corporate plan {parent.slug} has no objective {corporate_number}")
    objective.contributes_to = target
    objective.save(update_fields=["contributes_to"])
    record(by, "plan_link", objective.plan.slug, {"objective": objective.number, "corporate": corporate_number})
    return objective


def set_planning_step(plan: Plan, step: int, by, status: str, date: dt.date | None = None,
                      notes: str = "") -> PlanningStep:
    """Record where a directorate plan is in the six planning steps."""
    if plan.kind != Plan.Kind.DIRECTORATE:
        raise ValueError("the six planning steps are tracked for directorate plans")
    if step not in PLANNING_STEPS:
        raise ValueError(f"the steps are numbered 1 to {len(PLANNING_STEPS)}")
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; use {', '.join(STATUSES)}")
    row, _ = PlanningStep.objects.update_or_create(plan=plan, step=step, defaults={
        "status": status, "date": date, "notes": notes.strip()})
    record(by, "plan_step", plan.slug, {"step": step, "status": status, "date": date.isoformat() if date else None})
    return row


def planning_steps(plan: Plan) -> list[dict]:
    rows = {s.step: s for s in plan.planning_steps.all()}
    return [{"step": n, "title": title, "about": about, "status": rows[n].status if n in rows else "not_started",
             "date": rows[n].date.isoformat() if n in rows and rows[n].date else None,
             "notes": rows[n].notes if n in rows else ""} for n, (title, about) in PLANNING_STEPS.items()]


def contributions(plan: Plan, today: dt.date | None = None) -> dict[str, list[dict]]:
    """For a corporate plan: each objective's contributions from directorate plans, with their RAG."""
    today = today or dt.date.today()
    out: dict[str, list[dict]] = {}
    linked = (Objective.objects.filter(contributes_to__plan=plan).select_related("plan", "contributes_to")
              .prefetch_related(*(f"actions__{p}" for p in ACTION_PREFETCH)))
    for o in linked:
        out.setdefault(o.contributes_to.number, []).append({
            "plan": o.plan.slug, "directorate": o.plan.directorate or o.plan.title, "objective": o.number,
            "text": o.text, "rag_summary": _rag_counts(action_data(a, today)["rag"] for a in o.actions.all())})
    return out


def smart_check(plan: Plan, measures: list[dict] | None = None) -> list[dict]:
    """Objectives missing a measure, a target (value and date), a date, or an owner.

    *Measure*: a linked measure on the objective or its priority. *Target*: one of those has a
    target value and date. *Date*: the objective, or one of its actions, has a timescale read as
    a date. *Owner*: a lead with a post or a user on the objective or one of its actions.
    """
    measures = measure_links.plan_measures(plan) if measures is None else measures
    out = []
    for o in plan.objectives.select_related("priority").prefetch_related("leads", "actions__leads"):
        linked = [m for m in measures if m["objective"] == o.number
                  or (m["objective"] is None and m["priority"] == o.priority.number)]
        leads = list(o.leads.all()) + [lead for a in o.actions.all() for lead in a.leads.all()]
        has = {
            "measure": bool(linked),
            "target": any(m["target"]["value"] is not None and m["target"]["date"] for m in linked),
            "date": due_date(o.timescale) is not None or any(due_date(a.timescale) for a in o.actions.all()),
            "owner": any(lead.name or lead.user_id for lead in leads),
        }
        missing = [part for part in SMART_PARTS if not has[part]]
        if missing:
            out.append({"objective": o.number, "text": o.text, "missing": missing})
    return out


def document_from_plan(plan: Plan) -> PlanDocument:
    """A stored plan as a document again (for the spreadsheet export): everything but its history."""
    def leads(queryset) -> list[doc.Lead]:
        return [doc.Lead(lead.role, lead.name) for lead in queryset]

    return PlanDocument(
        title=plan.title, kind=plan.kind, directorate=plan.directorate, period=plan.period,
        ambition=plan.ambition, governance=plan.governance, introduction=plan.introduction,
        priorities=[doc.Priority(p.number, p.title, p.summary, list(p.outcomes), list(p.measures), list(p.tags))
                    for p in plan.priorities.order_by("id")],
        objectives=[doc.Objective(o.number, o.text, o.priority.number, list(o.points), leads(o.leads.all()),
                                  o.timescale, o.contributes_to.number if o.contributes_to_id else "", list(o.tags))
                    for o in plan.objectives.select_related("priority", "contributes_to").prefetch_related("leads")
                    .order_by("id")],
        actions=[doc.Action(a.text, [o.number for o in a.objectives.all()], a.timescale, leads(a.leads.all()),
                            a.status, list(a.tags))
                 for a in plan.actions.prefetch_related("objectives", "leads")])


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def leads_data(queryset, people: bool = False) -> list[dict]:
    return [{"role": lead.role, "name": lead.name, **({"user": lead.user.username if lead.user else None,
                                                        "id": lead.pk} if people else {})} for lead in queryset]


ACTION_PREFETCH = ("objectives", "leads__user", "updates__author", "updates__responses__author")


def action_data(a: Action, today: dt.date, people: bool = False) -> dict:
    """One action with its RAG (by ``plans.rag``) and its whole update history, as plain data.

    ``people`` adds who wrote each update and response and which users hold each lead role
    (for the pages; the JSON for other tools leaves accounts out). Expects ``ACTION_PREFETCH``.
    """
    history, superseded, latest = current_updates(a)
    last = latest.as_of if latest else None
    due = due_date(a.timescale)
    r = rag(a.status, due, today, last, a.rag_override, a.rag_override_reason, ongoing=open_ended(a.timescale))

    def by(row) -> dict:
        return {"by": row.author.username if row.author else "system"} if people else {}

    sign_off = None if latest is None else max(
        (x for x in latest.responses.all() if x.kind == "sign_off"), key=lambda x: x.pk, default=None)

    return {
        "number": a.position, "text": a.text, "objectives": [o.number for o in a.objectives.all()],
        "timescale": a.timescale, "due": due.isoformat() if due else None, "ongoing": open_ended(a.timescale),
        "status": a.status, "tags": a.tags,
        "rag": r.colour, "rag_reason": r.reason, "rag_overridden": r.overridden,
        "leads": leads_data(a.leads.all(), people),
        "sign_off": None if latest is None else {  # the latest update's, if the staff network signed it off
            "update": latest.pk, "signed": sign_off is not None,
            "at": sign_off.created_at.date().isoformat() if sign_off else None,
            "text": sign_off.text if sign_off else "", **(by(sign_off) if sign_off else {})},
        "updates": [{"id": u.pk, "version": u.version, "supersedes": u.supersedes_id,
                     "current": u.pk not in superseded, "as_of": u.as_of.isoformat(), "status": u.status,
                     "text": u.text, "evidence": u.evidence, **by(u),
                     "responses": [{"kind": x.kind, "text": x.text, "at": x.created_at.date().isoformat(), **by(x)}
                                   for x in u.responses.all()],
                     "signed_off": any(x.kind == "sign_off" for x in u.responses.all())}
                    for u in history],
    }


def _rag_counts(colours) -> dict[str, int]:
    colours = list(colours)
    return {colour: colours.count(colour) for colour in ("red", "amber", "green")}


def rag_summary(plan: Plan, today: dt.date | None = None) -> dict[str, int]:
    """How many of the plan's actions are red, amber and green today."""
    today = today or dt.date.today()
    return _rag_counts(action_data(a, today)["rag"] for a in plan.actions.prefetch_related(*ACTION_PREFETCH))


def plan_tree(plan: Plan, today: dt.date | None = None, people: bool = False) -> dict:
    """The whole plan with statuses and RAG, as plain data (``parity plan show --format json``)."""
    today = today or dt.date.today()
    actions = list(plan.actions.prefetch_related(*ACTION_PREFETCH))
    rendered = {a.pk: action_data(a, today, people) for a in actions}
    by_objective: dict[int, list[dict]] = {}
    for a in actions:
        for o in a.objectives.all():
            by_objective.setdefault(o.pk, []).append(rendered[a.pk])
    summary = _rag_counts(a["rag"] for a in rendered.values())
    measures = measure_links.plan_measures(plan)
    return {
        "plan": plan.slug, "title": plan.title, "kind": plan.kind, "directorate": plan.directorate,
        "parent": plan.parent.slug if plan.parent else None, "period": plan.period,
        "introduction": plan.introduction, "ambition": plan.ambition, "governance": plan.governance,
        "as_of": today.isoformat(), "rag_summary": summary, "import_notes": plan.import_notes,
        "priorities": [{
            "number": p.number, "title": p.title, "summary": p.summary, "outcomes": p.outcomes,
            "measures": p.measures, "tags": p.tags,
            "objectives": [{
                "number": o.number, "text": o.text, "points": o.points, "timescale": o.timescale, "tags": o.tags,
                "leads": leads_data(o.leads.all(), people),
                "contributes_to": o.contributes_to.number if o.contributes_to_id else None,
                "action_numbers": [a["number"] for a in by_objective.get(o.pk, [])],
            } for o in p.objectives.select_related("contributes_to").prefetch_related("leads__user").order_by("id")],
        } for p in plan.priorities.order_by("id")],
        "actions": [rendered[a.pk] for a in actions],
        "measures": measures,
        "smart_gaps": smart_check(plan, measures),
        "planning_steps": planning_steps(plan) if plan.kind == Plan.Kind.DIRECTORATE else [],
        "contributions": contributions(plan, today) if plan.kind == Plan.Kind.CORPORATE else {},
        "directorate_plans": [p.slug for p in plan.directorate_plans.all()],
    }
