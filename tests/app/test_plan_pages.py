"""Plan pages: everyone reads; owners update their own actions; the staff network signs off."""

import datetime as dt
from importlib import resources

import pytest
from django.urls import reverse

from parity.app.plans import services
from parity.app.plans.models import Action, NetworkResponse, ProgressUpdate
from parity.plans.reader import read_plan

pytestmark = pytest.mark.django_db
ROLES = ("admin", "analyst", "directorate_lead", "staff_network", "viewer")


@pytest.fixture
def plan(users):
    with resources.as_file(resources.files("parity.plans") / "demo" / "demo_plan.txt") as path:
        plan = services.import_document(read_plan(path), "test", source_file=path.name)
    services.assign_owner(plan.actions.get(position=1), users["directorate_lead"], "implementation_lead", "test")
    return plan


def _action(plan, n=1):
    return Action.objects.get(plan=plan, position=n)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_plan_pages(login, plan, role):
    client = login(role)
    for url in (reverse("plans:list"), reverse("plans:plan", args=[plan.slug]),
                reverse("plans:objective", args=[plan.slug, "1.1"]), reverse("plans:action", args=[plan.slug, 1]),
                reverse("plans:mine")):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("plans:plan", args=[plan.slug])).content.decode()
    assert "How the RAG status is worked out" in page and 'id="rag-summary"' in page
    assert "Put a trained ethnic-minority panel member on every senior panel" in page


def test_anonymous_visitors_are_sent_to_sign_in(client, plan):
    response = client.get(reverse("plans:plan", args=[plan.slug]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_owner_adds_an_update_and_others_cannot(login, plan, users):
    url = reverse("plans:add_update", args=[plan.slug, 1])
    form = {"text": "Panel training booked", "status": "in_progress", "as_of": "2025-04-02"}
    for role in ("analyst", "staff_network", "viewer"):
        assert login(role).post(url, form).status_code == 403
    assert not ProgressUpdate.objects.exists()
    response = login("directorate_lead").post(url, form)
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert (update.text, update.status, update.as_of, update.author) == (
        "Panel training booked", "in_progress", dt.date(2025, 4, 2), users["directorate_lead"])
    assert _action(plan).status == "in_progress"
    assert login("admin").post(url, {**form, "text": "Admin note"}).status_code == 302
    page = login("viewer").get(reverse("plans:action", args=[plan.slug, 1])).content.decode()
    assert "Panel training booked" in page and "Add a progress update" not in page


def test_a_bad_update_says_what_is_wrong_and_stores_nothing(login, plan):
    response = login("directorate_lead").post(reverse("plans:add_update", args=[plan.slug, 1]),
                                              {"text": " ", "status": "done", "as_of": "2025-02-30"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter what has happened since the last update" in page
    assert "Choose the action&#x27;s status" in page
    assert "Enter the date of the update as a real date" in page
    assert not ProgressUpdate.objects.exists()


def test_network_member_signs_off_and_comments(login, plan, users):
    update = services.add_update(_action(plan), users["directorate_lead"], "Ten panels staffed", "in_progress")
    url = reverse("plans:respond", args=[plan.slug, 1, update.pk])
    assert login("directorate_lead").post(url, {"kind": "sign_off"}).status_code == 403
    assert login("staff_network").post(url, {"kind": "comment", "text": ""}).status_code == 400
    assert login("staff_network").post(url, {"kind": "comment", "text": "Include part-time staff"}).status_code == 302
    assert login("staff_network").post(url, {"kind": "sign_off"}).status_code == 302
    assert list(NetworkResponse.objects.values_list("kind", "author__username")) == [
        ("comment", "staff-network"), ("sign_off", "staff-network")]
    page = login("viewer").get(reverse("plans:action", args=[plan.slug, 1])).content.decode()
    assert "Signed off" in page and "Comment from staff-network" in page


def test_correcting_an_update_keeps_the_original(login, plan, users):
    update = services.add_update(_action(plan), users["directorate_lead"], "Ten panles", "in_progress")
    url = reverse("plans:edit_update", args=[plan.slug, 1, update.pk])
    assert login("directorate_lead").post(url, {"text": "Ten panels"}).status_code == 302
    assert list(ProgressUpdate.objects.order_by("id").values_list("text", "version")) == [
        ("Ten panles", 1), ("Ten panels", 2)]
    page = login("viewer").get(reverse("plans:action", args=[plan.slug, 1])).content.decode()
    assert "Replaced by a correction" in page and "Ten panles" in page


def test_rag_override_needs_a_reason_on_the_page(login, plan):
    url = reverse("plans:override_rag", args=[plan.slug, 1])
    response = login("directorate_lead").post(url, {"rag": "green", "reason": ""})
    assert response.status_code == 400 and "A RAG override needs a reason" in response.content.decode()
    assert login("viewer").post(url, {"rag": "green", "reason": "x"}).status_code == 403
    assert login("directorate_lead").post(url, {"rag": "green", "reason": "Date moved by CLT"}).status_code == 302
    page = login("viewer").get(reverse("plans:action", args=[plan.slug, 1])).content.decode()
    assert "Date moved by CLT" in page and "(set by hand)" in page


def test_my_actions_lists_what_i_own_overdue_first(login, plan, users):
    services.assign_owner(_action(plan, 3), users["directorate_lead"], "implementation_lead", "test")
    rows = services.my_actions(users["directorate_lead"], today=dt.date(2025, 8, 1))
    assert [(r["number"], r["overdue"]) for r in rows] == [(1, True), (3, False)]  # 1 was due 30 June 2025
    page = login("directorate_lead").get(reverse("plans:mine")).content.decode()
    assert page.count('href="/plans/' + plan.slug + '/actions/') == 2
    assert services.my_actions(users["viewer"]) == []


def test_owners_change_their_action(login, plan):
    from parity.app.audit.models import AuditEvent

    url = reverse("plans:edit_action", args=[plan.slug, 1])
    form = {"text": "A trained ethnic-minority panel member on every panel", "timescale": "Q4 2026/27"}
    assert login("viewer").post(url, form).status_code == 403
    assert login("analyst").post(url, form).status_code == 403
    bad = login("directorate_lead").post(url, {"text": " ", "timescale": ""})
    assert bad.status_code == 400 and "An action needs some text" in bad.content.decode()
    assert login("directorate_lead").post(url, form).status_code == 302
    action = _action(plan)
    assert (action.text, action.timescale) == (form["text"], "Q4 2026/27")
    event = AuditEvent.objects.get(action="plan_action_edit")
    assert event.detail["before"]["timescale"] == "Q1 2025/26" and event.detail["after"]["timescale"] == "Q4 2026/27"
