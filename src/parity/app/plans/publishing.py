"""Publishing plan progress to the public (issue 12): the RAG summary and the actions an
administrator chooses, with their dated progress updates if chosen.

What is published is fixed when it is published (``PlanPublication.content``): the public never
sees a change until an administrator publishes again. It carries no person's name or account:
leads by their role only, no staff-network comments (a sign-off is shown as a fact), no owner.
Only administrators publish and withdraw; both are audited.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ...plans.document import ROLE_TITLES
from ..accounts.roles import can_publish
from .. import withdrawable
from ..audit.services import record
from . import services
from .models import Plan, PlanPublication


class ProgressRefused(ValueError):
    """A publication of plan progress that cannot be made; the message says every reason."""


def public_progress(plan: Plan, numbers: list[int], include_updates: bool, today: dt.date) -> dict:
    """The plan's RAG summary (all its actions) and the chosen actions, as the public reads them."""
    tree = services.plan_tree(plan, today=today)
    chosen = [a for a in tree["actions"] if a["number"] in numbers]
    titles = {o["number"]: o["text"] for p in tree["priorities"] for o in p["objectives"]}
    objective_leads = {o["number"]: o["leads"] for p in tree["priorities"] for o in p["objectives"]}
    return {
        "plan": plan.title, "period": plan.period, "as_of": today.isoformat(), "rag_summary": tree["rag_summary"],
        "total_actions": len(tree["actions"]),
        "actions": [{
            "number": a["number"], "text": a["text"], "timescale": a["timescale"], "due": a["due"],
            "status": a["status"], "rag": a["rag"], "rag_reason": a["rag_reason"],
            "objectives": [{"number": n, "text": titles.get(n, "")} for n in a["objectives"]],
            "leads": sorted({ROLE_TITLES.get(lead["role"], lead["role"])  # the action's, else its objectives'
                             for lead in a["leads"] or [x for n in a["objectives"] for x in objective_leads.get(n, [])]}),
            "updates": [{"as_of": u["as_of"], "status": u["status"], "text": u["text"],
                         "signed_off": any(r["kind"] == "sign_off" for r in u["responses"])}
                        for u in a["updates"] if u["current"]] if include_updates else [],
        } for a in chosen],
    }


@transaction.atomic
def publish(user, plan: Plan, numbers: list[int], title: str, include_updates: bool = True,
            today: dt.date | None = None) -> PlanPublication:
    if not can_publish(user):
        raise ProgressRefused("Only an administrator publishes plan progress.")
    known = set(plan.actions.values_list("position", flat=True))
    problems = []
    if not numbers:
        problems.append("choose at least one action to publish")
    unknown = sorted(set(numbers) - known)
    if unknown:
        problems.append(f"the plan has no action {', '.join(map(str, unknown))}")
    if not title.strip():
        problems.append("give the publication a title")
    if problems:
        raise ProgressRefused("Not published: " + "; ".join(problems) + ".")
    numbers = sorted(set(numbers))
    content = public_progress(plan, numbers, include_updates, today or dt.date.today())
    publication = PlanPublication.objects.create(plan=plan, title=title.strip()[:200], actions=numbers,
                                                 include_updates=include_updates, content=content, published_by=user)
    record(user, "publish_plan", f"plan_publication:{publication.pk}",
           {"plan": plan.slug, "actions": numbers, "include_updates": include_updates})
    return publication


def withdraw(user, publication: PlanPublication, reason: str) -> PlanPublication:
    return withdrawable.withdraw(user, publication, reason, ProgressRefused, "withdraw_plan",
                                 f"plan_publication:{publication.pk}")


def live() -> list[PlanPublication]:
    return list(PlanPublication.objects.filter(withdrawn_at__isnull=True).select_related("plan"))


def get_live(pk: int) -> PlanPublication | None:
    return PlanPublication.objects.filter(pk=pk, withdrawn_at__isnull=True).first()
