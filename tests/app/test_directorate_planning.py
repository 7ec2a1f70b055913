"""Directorate plans feeding the corporate plan, and the six planning steps (seed 003)."""

from importlib import resources

import pytest
from django.urls import reverse

from parity.app.plans import services
from parity.app.plans.models import Plan, PlanningStep
from parity.cli import main

pytestmark = pytest.mark.django_db

DIRECTORATE_PLAN = ("# Adults and Health race equality plan 2025-2026 (synthetic)\n\n"
                    "Objectives\tLeads\tActions\tTimescales\n"
                    "1: Fair recruitment in care services\t\t\t\n"
                    "1.1 Diverse panels for every care manager post\tLead: Head of Care Services\t"
                    "Train ten panel members\tQ2 2025/26\n")


@pytest.fixture
def plans(tmp_path, users):
    with resources.as_file(resources.files("parity.plans") / "demo" / "demo_plan.txt") as path:
        assert main(["plan", "import", str(path)]) == 0
    corporate = Plan.objects.get()
    text = tmp_path / "adults.txt"
    text.write_text(DIRECTORATE_PLAN, encoding="utf-8")
    assert main(["plan", "import", str(text), "--kind", "directorate", "--directorate", "Adults and Health",
                 "--parent", corporate.slug]) == 0
    return corporate, Plan.objects.get(kind="directorate")


def test_a_directorate_objective_contributes_to_a_corporate_one(plans, capsys):
    corporate, directorate = plans
    assert directorate.parent == corporate
    assert main(["plan", "link", directorate.slug, "--objective", "1.1", "--to", "9.9"]) == 2
    assert main(["plan", "link", directorate.slug, "--objective", "1.1", "--to", "1.1"]) == 0
    tree = services.plan_tree(corporate)
    [contribution] = tree["contributions"]["1.1"]
    assert (contribution["directorate"], contribution["objective"]) == ("Adults and Health", "1.1")
    assert sum(contribution["rag_summary"].values()) == 1  # its one action
    assert tree["directorate_plans"] == [directorate.slug]
    assert services.plan_tree(directorate)["priorities"][0]["objectives"][0]["contributes_to"] == "1.1"
    capsys.readouterr()
    assert main(["plan", "show", corporate.slug]) == 0
    assert "1.1 <- Adults and Health 1.1 Diverse panels" in capsys.readouterr().out


def test_contributions_survive_the_spreadsheet(plans, tmp_path):
    corporate, directorate = plans
    services.link_contribution(directorate.objectives.get(number="1.1"), "1.2", "test")
    out = tmp_path / "adults.xlsx"
    assert main(["plan", "export", directorate.slug, "--output", str(out)]) == 0
    assert main(["plan", "import", str(out), "--parent", corporate.slug]) == 0
    copy = Plan.objects.filter(kind="directorate").exclude(pk=directorate.pk).get()
    assert copy.objectives.get(number="1.1").contributes_to.number == "1.2"
    assert main(["plan", "import", str(out)]) == 0  # no parent: kept as a note, not lost silently
    assert "needs --parent" in Plan.objects.order_by("-id").first().import_notes[-1]


def test_the_six_steps(plans, login, capsys):
    corporate, directorate = plans
    assert [s["status"] for s in services.planning_steps(directorate)] == ["not_started"] * 6
    assert main(["plan", "step", directorate.slug, "--step", "1", "--status", "completed", "--date", "2025-06-30",
                 "--notes", "15 focus groups, over 250 staff (synthetic)"]) == 0
    assert main(["plan", "step", corporate.slug, "--step", "1", "--status", "completed"]) == 2
    url = reverse("plans:planning_step", args=[directorate.slug])
    form = {"step": "2", "status": "in_progress", "date": "2025-07-15", "notes": "Data pack shared with DMT"}
    assert login("viewer").post(url, form).status_code == 403
    assert login("staff_network").post(url, form).status_code == 403
    bad = login("directorate_lead").post(url, {**form, "date": "2025-02-30"})
    assert bad.status_code == 400 and "Enter the date as a real date" in bad.content.decode()
    assert login("directorate_lead").post(url, form).status_code == 302  # the Adults and Health lead
    steps = {s.step: (s.status, str(s.date)) for s in PlanningStep.objects.filter(plan=directorate)}
    assert steps[1] == ("completed", "2025-06-30") and steps[2] == ("in_progress", "2025-07-15")
    page = login("viewer").get(reverse("plans:plan", args=[directorate.slug])).content.decode()
    assert "Directorate planning: the six steps" in page and "Data pack shared with DMT" in page
    assert "Record a planning step" not in page
    assert "Record a planning step" in login("directorate_lead").get(
        reverse("plans:plan", args=[directorate.slug])).content.decode()


def test_another_directorates_lead_cannot_record_steps(plans, client):
    from parity.app.accounts.services import create_user

    _, directorate = plans
    other = create_user("finance-lead", "a-long-test-password", "directorate_lead", "Finance")
    client.force_login(other)
    response = client.post(reverse("plans:planning_step", args=[directorate.slug]),
                           {"step": "1", "status": "completed"})
    assert response.status_code == 403
