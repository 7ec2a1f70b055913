"""Published plan progress in the open-data API (``/api/v1/plans/...``).

GET only and anonymous: what an administrator published (``plans.publishing``), as it was fixed
when published; an unknown or withdrawn publication is 404. No person's name: leads by role,
no staff-network comments (a sign-off is a yes or no).
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.urls import reverse
from ninja import Field, Path, Router, Schema

from ..plans import publishing
from . import tables
from .errors import Invalid, Message

router = Router(tags=["plan progress"])


class PublishedPlanSummary(Schema):
    id: int
    title: str
    plan: str = Field(description="the plan's title")
    as_of: dt.date = Field(description="the day the RAG statuses are for")
    published_at: dt.datetime
    url: str = Field(description="this publication in the API")
    page: str = Field(description="the public page")


class Update(Schema):
    as_of: dt.date
    status: str = Field(description="not_started, in_progress, completed or on_hold")
    text: str
    signed_off: bool = Field(description="whether the staff network signed the update off")


class Objective(Schema):
    number: str
    text: str


class PublishedAction(Schema):
    number: int
    text: str
    timescale: str
    due: dt.date | None = Field(description="the last day the timescale allows, when it names one")
    status: str
    rag: str = Field(description="red, amber or green, by the rule the plan pages state")
    rag_reason: str
    objectives: list[Objective]
    leads: list[str] = Field(description="lead roles (no names)")
    updates: list[Update] = Field(description="the current version of each dated update, if published")


class PublishedPlan(PublishedPlanSummary):
    period: str
    rag_summary: dict[str, int] = Field(description="every action of the plan by RAG status")
    actions: list[PublishedAction] = Field(description="the actions the administrator chose to publish")


def _summary(publication) -> dict:
    return {"id": publication.pk, "title": publication.title, "plan": publication.content["plan"],
            "as_of": publication.content["as_of"], "published_at": publication.published_at,
            "url": reverse("api_v1:published_plan", args=[publication.pk]),
            "page": reverse("public:plan_progress", args=[publication.pk])}


@router.get("/", response=list[PublishedPlanSummary], summary="Every live publication of plan progress")
def published_plans(request):
    return [_summary(p) for p in publishing.live()]


@router.get("/{pk}", response={200: PublishedPlan, 404: Message, 422: Invalid}, url_name="published_plan",
            summary="One publication of plan progress: the RAG summary and the chosen actions")
def published_plan(request, pk: int = Path(..., ge=1, le=tables.MAX_PK, description="a publication's id")):
    publication = publishing.get_live(pk)
    if publication is None:
        raise Http404("nothing is published here")
    content = publication.content
    return {**_summary(publication), "period": content.get("period", ""), "rag_summary": content["rag_summary"],
            "actions": content["actions"]}
