"""Plans and people in the browser (issue 13 point 3): a plan written on the pages (priorities,
objectives, actions, owners), each change audited, each page refused to those who may not write
the plan; a sign-off's comment shown; updates awaiting sign-off listed; what is signed off shown
on the plan page."""

import datetime as dt

import pytest
from django.urls import reverse

from parity.app.accounts.services import create_user
from parity.app.audit.models import AuditEvent
from parity.app.plans import services
from parity.app.plans.models import Action, Lead, Objective, Plan, Priority

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-9"


def test_an_administrator_writes_a_plan_on_the_pages(login):
    client = login("admin")
    response = client.post(reverse("plans:new"), {"title": "Race Equality Action Plan 2026-2028", "kind": "corporate",
                                                  "period": "2026-2028"})
    plan = Plan.objects.get()
    assert response["Location"] == reverse("plans:plan", args=[plan.slug])
    client.post(reverse("plans:add_priority", args=[plan.slug]), {"number": "A", "title": "Fair recruitment"})
    client.post(reverse("plans:add_objective", args=[plan.slug]),
                {"priority": "A", "number": "A1", "text": "Diverse shortlists", "timescale": "2026/27"})
    response = client.post(reverse("plans:add_action", args=[plan.slug]),
                           {"objectives": ["A1"], "text": "Use diverse interview panels", "timescale": "Ongoing"})
    action = Action.objects.get()
    assert response["Location"] == reverse("plans:action", args=[plan.slug, 1])
    assert (action.position, action.text, action.timescale) == (1, "Use diverse interview panels", "Ongoing")
    assert [o.number for o in action.objectives.all()] == ["A1"]
    # Owners: a person with an account (who may then update the action), and a post.
    client.post(reverse("plans:action_owner", args=[plan.slug, 1]), {"role": "implementation_lead", "user": "directorate-lead"})
    client.post(reverse("plans:objective_owner", args=[plan.slug, "A1"]),
                {"role": "senior_responsible_officer", "post": "Director of People"})
    assert Lead.objects.get(action=action).user.username == "directorate-lead"
    assert Lead.objects.get(objective__number="A1").name == "Director of People"
    # Changes: the objective reworded and renumbered, the priority retitled.
    client.post(reverse("plans:change_objective", args=[plan.slug, "A1"]),
                {"priority": "A", "number": "A2", "text": "Diverse shortlists for every senior post", "timescale": ""})
    client.post(reverse("plans:change_priority", args=[plan.slug, "A"]), {"number": "A", "title": "Fair recruitment "
                                                                                                 "and progression"})
    assert Objective.objects.get().number == "A2" and Priority.objects.get().title == "Fair recruitment and progression"
    page = client.get(reverse("plans:plan", args=[plan.slug])).content.decode()
    assert "Fair recruitment and progression" in page and "Use diverse interview panels" in page
    actions = list(AuditEvent.objects.filter(target=plan.slug).values_list("action", flat=True))
    for done in ("plan_create", "plan_priority", "plan_objective", "plan_action", "plan_owner"):
        assert done in actions, done
    change = AuditEvent.objects.filter(action="plan_objective").order_by("-id").first().detail
    assert change["before"]["number"] == "A1" and change["after"]["text"] == "Diverse shortlists for every senior post"


def test_refusals_are_said_on_the_form_and_nothing_changes(login, plan):
    client = login("admin")
    duplicate = client.post(reverse("plans:add_objective", args=[plan.slug]),
                            {"priority": "1", "number": "1.1", "text": "Again"})
    assert duplicate.status_code == 400 and "The plan has an objective 1.1 already" in duplicate.content.decode()
    blank = client.post(reverse("plans:add_action", args=[plan.slug]), {"objectives": [], "text": "x"})
    assert blank.status_code == 400 and "Choose the objective" in blank.content.decode()
    odd = client.post(reverse("plans:add_priority", args=[plan.slug]), {"number": "2/3", "title": "Odd"})
    assert odd.status_code == 400 and "no spaces or slashes" in odd.content.decode()
    assert Objective.objects.count() == 2 and Priority.objects.count() == 1 and Action.objects.count() == 2


@pytest.mark.parametrize("role,writes", [("admin", True), ("analyst", False), ("directorate_lead", False),
                                        ("staff_network", False), ("viewer", False)])
def test_who_writes_a_corporate_plan(login, plan, role, writes):
    client = login(role)
    slug = plan.slug
    urls = [reverse("plans:add_priority", args=[slug]), reverse("plans:add_objective", args=[slug]),
            reverse("plans:add_action", args=[slug]), reverse("plans:change_priority", args=[slug, "1"]),
            reverse("plans:change_objective", args=[slug, "1.1"])]
    for url in urls:
        assert (client.get(url).status_code == 200) == writes, url
    posted = client.post(reverse("plans:add_priority", args=[slug]), {"number": "9", "title": "Sneaked in"})
    assert posted.status_code == (302 if writes else 403)
    owner = client.post(reverse("plans:action_owner", args=[slug, 1]), {"role": "implementation_lead", "post": "x"})
    assert owner.status_code == (302 if writes else 403)
    assert client.get(reverse("plans:new")).status_code == (200 if writes else 403)
    assert Priority.objects.filter(number="9").exists() == writes


def test_a_directorate_lead_writes_their_own_directorates_plan_only(login, users):
    admin = login("admin")
    admin.post(reverse("plans:new"), {"title": "Adults plan", "kind": "directorate", "directorate": "Adults and Health"})
    admin.post(reverse("plans:new"), {"title": "Finance plan", "kind": "directorate", "directorate": "Finance"})
    own, other = Plan.objects.get(title="Adults plan"), Plan.objects.get(title="Finance plan")
    lead = login("directorate_lead")  # of Adults and Health
    assert lead.post(reverse("plans:add_priority", args=[own.slug]), {"number": "1", "title": "Ours"}).status_code == 302
    assert lead.post(reverse("plans:add_priority", args=[other.slug]), {"number": "1", "title": "Theirs"}).status_code \
        == 403
    assert list(Priority.objects.values_list("plan__title", "title")) == [("Adults plan", "Ours")]


def test_a_sign_off_comment_is_shown_and_the_queue_and_the_plan_say_what_is_signed_off(login, plan, users):
    action = Action.objects.get(position=1)
    services.add_update(action, "lead", "Tables drafted", "in_progress", as_of=dt.date(2026, 1, 10))
    services.add_update(Action.objects.get(position=2), "lead", "Pairs matched", "in_progress",
                        as_of=dt.date(2026, 1, 5))
    network = login("staff_network")
    queue = network.get(reverse("plans:awaiting_sign_off")).content.decode()
    assert queue.index("Start reverse mentoring") < queue.index("Publish promotion data")  # longest waiting first
    update = action.updates.get()
    network.post(reverse("plans:respond", args=[plan.slug, 1, update.pk]),
                 {"kind": "sign_off", "text": "Agreed at the network meeting"})
    page = network.get(reverse("plans:action", args=[plan.slug, 1])).content.decode()
    assert "Signed off</strong> by staff-network" in page and "Agreed at the network meeting" in page
    queue = network.get(reverse("plans:awaiting_sign_off")).content.decode()
    assert "Publish promotion data" not in queue and "Start reverse mentoring" in queue
    plan_page = network.get(reverse("plans:plan", args=[plan.slug])).content.decode()
    rows = {text: plan_page[plan_page.index(text):plan_page.index("</tr>", plan_page.index(text))]
            for text in ("Publish promotion data", "Start reverse mentoring")}
    assert "Signed off" in rows["Publish promotion data"] and "Awaiting sign-off" in rows["Start reverse mentoring"]
    for role, allowed in (("admin", 200), ("analyst", 403), ("viewer", 403), ("directorate_lead", 403)):
        assert login(role).get(reverse("plans:awaiting_sign_off")).status_code == allowed, role


def test_a_person_from_another_plan_cannot_be_removed_through_this_one(login, plan):
    client = login("admin")
    client.post(reverse("plans:new"), {"title": "Second plan", "kind": "corporate"})
    other = Plan.objects.get(title="Second plan")
    lead = Lead.objects.filter(objective__plan=plan).first()
    assert client.post(reverse("plans:remove_owner", args=[other.slug, lead.pk])).status_code == 403
    assert Lead.objects.filter(pk=lead.pk).exists()
    assert client.post(reverse("plans:remove_owner", args=[plan.slug, lead.pk])).status_code == 302
    assert not Lead.objects.filter(pk=lead.pk).exists()
    assert AuditEvent.objects.filter(action="plan_owner_removed").exists()


def test_an_inactive_person_cannot_be_made_an_owner(login, plan):
    gone = create_user("gone", PASSWORD, "viewer")
    gone.is_active = False
    gone.save()
    client = login("admin")
    client.post(reverse("plans:action_owner", args=[plan.slug, 1]), {"role": "implementation_lead", "user": "gone"})
    assert not Lead.objects.filter(user=gone).exists()


def test_a_measure_is_linked_from_lists_with_each_choice_s_latest_figure(login, plan, figures):
    """The measure from a list; then what of it to follow, each offered with its latest stored
    figure; the linked measure then shows its figure on the objective's page. A directorate
    lead is offered only the council and their own directorate."""
    from parity.app.measures.models import StoredResult
    from parity.app.plans.models import PlanMeasure

    StoredResult.objects.create(computed_set=figures, grouping="ons5", measure="workforce.promotion",
                                period="2025-03-31", breakdown="overall", group="Black, Black British, Black Welsh, "
                                "Caribbean or African", comparator="White", numerator=20, denominator=400, value=0.8,
                                ci_low=0.6, ci_high=1.05, status="ok")
    client = login("admin")
    url = reverse("plans:link_measure", args=[plan.slug, "1.1"])
    first = client.get(url).content.decode()
    assert 'value="workforce.declaration_rate"' in first and 'value="workforce.promotion"' in first
    second = client.post(url, {"measure": "workforce.declaration_rate", "action": "choose"}).content.decode()
    assert "Whole council: All staff: 95.0% (95% interval" in second and "31 March 2025" in second
    assert "Adults and Health: All staff: 95.0%" in second
    assert "Finance: All staff: not shown (too few people or not computable)" in second
    comparison = client.post(url, {"measure": "workforce.promotion", "action": "choose"}).content.decode()
    assert ("Whole council: Black, Black British, Black Welsh, Caribbean or African compared with White: 0.80 "
            "(95% interval 0.60 to 1.05), 31 March 2025") in comparison
    saved = client.post(url, {"measure": "workforce.declaration_rate", "follow": "overall|All staff|",
                              "title": "Ethnicity declared", "better": "higher", "target": "0.98",
                              "target_date": "31/03/2027", "action": "save"})
    assert saved["Location"] == reverse("plans:objective", args=[plan.slug, "1.1"])
    pm = PlanMeasure.objects.get()
    assert (pm.measure_id, pm.breakdown, pm.group, pm.target_value, str(pm.target_date)) == (
        "workforce.declaration_rate", "overall", "All staff", 0.98, "2027-03-31")
    page = client.get(reverse("plans:objective", args=[plan.slug, "1.1"])).content.decode()
    assert "Ethnicity declared" in page and "95.0%" in page and "31 March 2025" in page
    refused = client.post(url, {"measure": "workforce.declaration_rate", "follow": "grade=PO5|All staff|",
                                "title": "Sneaky", "better": "higher", "action": "save"})
    assert refused.status_code == 400 and PlanMeasure.objects.count() == 1
    # A directorate lead writing their directorate's plan sees the council and their own directorate only.
    client.post(reverse("plans:new"), {"title": "Adults plan", "kind": "directorate", "directorate": "Adults and Health"})
    adults = Plan.objects.get(title="Adults plan")
    client.post(reverse("plans:add_priority", args=[adults.slug]), {"number": "1", "title": "People"})
    client.post(reverse("plans:add_objective", args=[adults.slug]), {"priority": "1", "number": "1.1", "text": "Data"})
    lead = login("directorate_lead")
    offered = lead.post(reverse("plans:link_measure", args=[adults.slug, "1.1"]),
                        {"measure": "workforce.declaration_rate", "action": "choose"}).content.decode()
    assert "Adults and Health: All staff" in offered and "Finance" not in offered


def test_an_update_is_signed_off_once(login, plan):
    action = Action.objects.get(position=1)
    update = services.add_update(action, "test", "Tables drafted", "in_progress", as_of=dt.date(2026, 1, 10))
    network = login("staff_network")
    url = reverse("plans:respond", args=[plan.slug, 1, update.pk])
    network.post(url, {"kind": "sign_off", "text": ""})
    page = network.get(reverse("plans:action", args=[plan.slug, 1])).content.decode()
    assert "Sign off this update" not in page and "Add comment" in page
    again = network.post(url, {"kind": "sign_off", "text": ""})
    assert "signed off already" in again.content.decode()
    assert update.responses.filter(kind="sign_off").count() == 1
