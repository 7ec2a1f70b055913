"""The start page's first steps: what a person in each role does first, in order, given where
the council has got to (no data yet, no figures yet, no plan yet). Each step links to the page
that does it; a step the role may not take is never offered (``roles`` decides)."""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlencode

from django.urls import reverse

from .models import Role


class Step(NamedTuple):
    text: str
    url: str


class Progress(NamedTuple):
    """Where the council has got to."""
    has_data: bool
    has_figures: bool
    has_plan: bool


def first_steps(user, progress: Progress) -> list[Step]:
    """The steps for ``user``'s role (see the module docstring)."""
    data = Step("Upload the council's workforce extracts (HR, recruitment, training, casework, survey): "
                "Parity checks every file and says what it could not read", reverse("workforce:upload"))
    figures = Step("Read the workforce profile: who works here, by ethnic group, and how it has changed",
                   reverse("dashboards:overview"))
    standards = Step("Read the standards indicators (WRES, Social Care WRES, WDES) with their intervals",
                     reverse("dashboards:standards"))
    plans = Step("Read the race equality action plans and how each action is going", reverse("plans:list"))
    mine = Step("Give an update on the actions you lead", reverse("plans:mine"))
    sign_off = Step("Read the updates awaiting the staff network's sign-off, comment on them and sign them off",
                    reverse("plans:awaiting_sign_off"))
    reports = Step("Make the committee progress report, the annual equality report or the pay gap report",
                   reverse("reports:list"))
    role = user.role
    if role == Role.ADMIN:
        steps = [data, Step("Bring in the council's race equality action plan from its Word document or web page, "
                            "or start one here", reverse("plans:import")),
                 Step("Set the council's name, shown on every report and published page, and upload the "
                      "committee template", reverse("reports:list") + "#house-style"),
                 Step("Add the people who use Parity and give each a role", reverse("admin:accounts_user_changelist")),
                 figures, Step("Publish pages of figures and the plan's progress for the public",
                               reverse("dashboards:publish")), reports]
    elif role == Role.ANALYST:
        steps = [data, figures, Step("Explore the figures by grade, sex and disability together",
                                     reverse("dashboards:explore")), standards, reports]
    elif role == Role.DIRECTORATE_LEAD:
        own = Step(f"Read your directorate's figures ({user.directorate or 'your directorate'}) beside the "
                   "whole council's", reverse("dashboards:overview") +
                   ("?" + urlencode({"directorate": user.directorate}) if user.directorate else ""))
        steps = [own, mine, plans, Step("Make the committee progress report for your plan", reverse("reports:list"))]
    elif role == Role.STAFF_NETWORK:
        steps = [sign_off, plans, mine, figures]
    else:
        steps = [figures, standards, plans]
    if not progress.has_data and data not in steps:
        steps.insert(0, Step("Nothing to read yet: the council's analysts or administrators have not uploaded "
                             "its workforce data", ""))
    elif not progress.has_figures and progress.has_data:
        steps.insert(0 if data not in steps else 1, Step("The figures have not yet been worked out from the data "
                                                         "uploaded; an import's page shows how far it has got", ""))
    if not progress.has_plan:
        steps = [s for s in steps if s not in (plans, mine, sign_off)]
    return steps
