"""Published pages (issue 12, point 5): a published measure's own page in the style of GOV.UK's
Ethnicity facts and figures, and published plan progress. Anyone reads them without signing in;
only what was published is served, and published progress is fixed when it is published."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from parity.app.dashboards import publishing
from parity.app.plans import publishing as plan_publishing
from parity.app.plans import services as plans
from parity.app.plans.models import PlanPublication
from parity.app.reports.models import ReportSettings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]


def visible(response) -> str:
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


@pytest.fixture
def published(figures, users):
    ReportSettings.objects.update_or_create(pk=ReportSettings.current().pk, defaults={"council": "Testshire Council"})
    return publishing.publish(users["admin"], figures, "2025-03-31", "ons5", ["overview"], "Workforce 2025")


def test_a_published_measure_has_its_own_page_with_main_facts_first(client, published):
    response = client.get(reverse("public:measure", args=[published.pk, "workforce.declaration_rate"]))
    assert response.status_code == 200
    text = visible(response)
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", response.content.decode())
    assert headings[:3] == ["Main facts and figures", "Things you need to know", "What the data measures"]
    assert headings[-1] == "Methodology" and "By ethnicity" in headings
    assert "Testshire Council: 31 March 2025" in text
    # the main fact is the stored figure (950 of 1,000 stated) with its significant change
    assert "95.0%" in text and "statistically significant" in text
    assert "95.0% of staff stated an ethnicity" in text
    assert "Published on" in text and "How small numbers are protected" in text
    assert "workforce.declaration_rate" not in text  # no internal code for a reader
    assert "Download this table: CSV : " in text and "or Excel" in text and "data dictionary" in text


def test_a_measure_not_published_withdrawn_or_odd_is_not_found(client, published, users):
    for measure in ("casework.grievance", "workforce.declaration_rate/../x", "nope", "workforce.", "%00",
                    "workforce.declaration_rate" * 20):
        assert client.get(f"/public/{published.pk}/measures/{measure}/").status_code == 404, measure
    assert client.get("/public/999/measures/workforce.declaration_rate/").status_code == 404
    publishing.withdraw(users["admin"], published, "superseded")
    assert client.get(reverse("public:measure", args=[published.pk, "workforce.declaration_rate"])).status_code == 404


def test_the_publication_pages_link_to_each_measure_page_and_say_whose_figures(client, published):
    text = client.get(reverse("public:page", args=[published.pk, "overview"])).content.decode()
    assert reverse("public:measure", args=[published.pk, "workforce.declaration_rate"]) in text
    assert "Testshire Council: Workforce 2025" in text and "31 March 2025" in text


@pytest.fixture
def progress(plan, users):
    first, second = plan.actions.order_by("position")
    update = plans.add_update(second, users["admin"], "Twelve mentoring pairs matched.", "in_progress",
                              as_of=dt.date(2024, 9, 1))
    plans.respond(update, users["staff_network"], "comment", "A private view from the network.")
    plans.respond(update, users["staff_network"], "sign_off")
    return plan


def test_published_plan_progress_shows_the_chosen_actions_and_no_names(client, progress, users):
    publication = plan_publishing.publish(users["admin"], progress, [2], "Progress 2024", today=dt.date(2024, 10, 1))
    response = client.get(reverse("public:plan_progress", args=[publication.pk]))
    assert response.status_code == 200
    text = visible(response)
    assert "2. Start reverse mentoring" in text and "Publish promotion data" not in text
    assert re.search(r"Showing 1 of the plan\S* 2 actions", text)
    assert "Twelve mentoring pairs matched." in text and "signed off by the staff network" in text
    assert "1 September 2024" in text and "1 October 2024" in text
    assert "A private view from the network." not in text
    for username in ("admin", "staff-network", "viewer"):
        assert not re.search(rf"\b{username}\b", text), username
    summary = re.search(r"Every action in the plan by RAG status.*?</table>", response.content.decode(), re.S).group(0)
    assert sum(int(n) for n in re.findall(r'numeric">(\d+)</td>', summary)) == 2  # the whole plan's actions
    # fixed when published: a later update is not shown until published again
    plans.add_update(progress.actions.get(position=2), users["admin"], "Pairs met twice.", "in_progress",
                     as_of=dt.date(2024, 12, 1))
    assert "Pairs met twice." not in visible(client.get(reverse("public:plan_progress", args=[publication.pk])))
    index = visible(client.get(reverse("public:index")))
    assert "Progress 2024" in index


def test_only_administrators_publish_progress_and_withdrawn_progress_is_gone(client, login, progress, users):
    url = reverse("plans:publish_progress", args=[progress.slug])
    for role in ("analyst", "directorate_lead", "staff_network", "viewer"):
        assert login(role).post(url, {"actions": ["1"], "title": "x"}).status_code == 403
    assert not PlanPublication.objects.exists()
    admin = login("admin")
    response = admin.post(url, {"title": "", "actions": ["9"]}, follow=True)
    assert "the plan has no action 9" in response.content.decode() and "give the publication a title" in \
        response.content.decode()
    admin.post(url, {"title": "Progress", "actions": ["1", "2"], "include_updates": "yes"})
    publication = PlanPublication.objects.get()
    assert publication.actions == [1, 2] and publication.include_updates
    admin.post(reverse("plans:withdraw_progress", args=[publication.pk]), {"reason": "out of date"})
    client.logout()
    assert client.get(reverse("public:plan_progress", args=[publication.pk])).status_code == 404
    assert client.get("/public/plans/0/").status_code == 404


def test_the_api_serves_published_progress_as_published_and_nothing_else(client, progress, users):
    publication = plan_publishing.publish(users["admin"], progress, [2], "Progress 2024", today=dt.date(2024, 10, 1))
    listed = client.get("/api/v1/plans/").json()
    assert [p["id"] for p in listed] == [publication.pk]
    body = client.get(f"/api/v1/plans/{publication.pk}").json()
    assert body["rag_summary"] == publication.content["rag_summary"]
    assert [a["number"] for a in body["actions"]] == [2]
    action = body["actions"][0]
    assert action["updates"] == [{"as_of": "2024-09-01", "status": "in_progress",
                                  "text": "Twelve mentoring pairs matched.", "signed_off": True}]
    assert "A private view from the network." not in str(body) and "staff-network" not in str(body)
    assert "/api/v1/plans/{pk}" in client.get("/api/v1/openapi.json").json()["paths"]
    plan_publishing.withdraw(users["admin"], publication, "old")
    assert client.get(f"/api/v1/plans/{publication.pk}").status_code == 404
    assert client.get("/api/v1/plans/").json() == []
    assert client.get("/api/v1/plans/99999999999999999999").status_code in (404, 422)
