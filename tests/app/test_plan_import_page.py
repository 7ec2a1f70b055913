"""Importing a plan in the browser (issue 13 point 2): read, see the tree and what could not be
placed, nothing stored; save; or download the reading as a workbook, correct it, read that."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from parity.app.audit.models import AuditEvent
from parity.app.plans.models import Action, Objective, Plan, Priority

# A plan with themes as headings and lettered references (tests/plans/test_plan_shapes.py reads it too).
HTML_THEMES = (Path(__file__).resolve().parents[1] / "fixtures" / "plan_themes.html").read_text("utf-8")

pytestmark = pytest.mark.django_db


def read(client, name, data, **extra):
    return client.post(reverse("plans:import"), {"action": "read", "file": SimpleUploadedFile(name, data), **extra})


def carried(page: str) -> str:
    return re.search(r'name="document" value="([^"]+)"', page).group(1)


def test_a_plan_is_read_and_shown_before_anything_is_stored_then_saved(login):
    client = login("admin")
    page = read(client, "Race equality plan.html", HTML_THEMES.encode()).content.decode()
    tree = page[page.index('id="plan-tree"'):]
    for text in ("A. Recruitment and progression", "<strong>A1</strong> Diverse shortlists for senior posts",
                 "Use diverse interview panels: March 2026", "Refresh the dignity at work policy: Ongoing (Head of HR)",
                 "B. Culture and belonging"):
        assert text in tree, text
    assert "Everything in the file was placed." in page
    assert Plan.objects.count() == 0  # nothing stored by reading
    response = client.post(reverse("plans:import"), {"action": "save", "document": carried(page),
                                                     "title": "Race Equality Action Plan 2025-2027", "kind": "corporate"})
    plan = Plan.objects.get()
    assert response["Location"] == reverse("plans:plan", args=[plan.slug])
    assert list(Priority.objects.values_list("number", "title")) == [("A", "Recruitment and progression"),
                                                                    ("B", "Culture and belonging")]
    assert list(Objective.objects.values_list("number", flat=True)) == ["A1", "A2", "B1"]
    assert Action.objects.count() == 4 and plan.source_file == "Race equality plan.html"
    assert AuditEvent.objects.filter(action="plan_import", target=plan.slug).exists()
    # The plan's pages open, objectives with lettered numbers included.
    assert client.get(reverse("plans:plan", args=[plan.slug])).status_code == 200
    assert client.get(reverse("plans:objective", args=[plan.slug, "A1"])).status_code == 200


def test_what_could_not_be_placed_is_shown_and_corrected_through_the_workbook(login):
    client = login("admin")
    text = ("# Plan 2025\n\nObjectives\tActions\tLead\tTimescale\n"
            "Better data\tAudit the HR system\tHR Systems Manager\tMay 2025\n")
    page = read(client, "plan.txt", text.encode()).content.decode()
    assert "an objective with no reference was numbered 1.1: &#x27;Better data&#x27;" in page
    workbook = client.post(reverse("plans:import"), {"action": "workbook", "document": carried(page), "title": ""})
    assert workbook["Content-Disposition"] == 'attachment; filename="plan-to-correct.xlsx"'
    book = load_workbook(io.BytesIO(workbook.content))
    book["Objectives"]["C2"] = "Complete, accurate equality data"  # the person corrects the objective's words
    out = io.BytesIO()
    book.save(out)
    again = read(client, "plan-to-correct.xlsx", out.getvalue()).content.decode()
    assert "<strong>1.1</strong> Complete, accurate equality data" in again
    assert Plan.objects.count() == 0


def test_a_changed_or_missing_reading_and_a_file_that_is_no_plan_are_refused_in_words(login):
    client = login("admin")
    page = read(client, "plan.html", HTML_THEMES.encode()).content.decode()
    token = carried(page)
    forged = client.post(reverse("plans:import"), {"action": "save", "document": token[:-3] + "abc"})
    assert forged.status_code == 400 and "read the file again" in forged.content.decode()
    assert Plan.objects.count() == 0
    nothing = read(client, "notes.txt", b"Just some notes about the weather.\n")
    assert nothing.status_code == 400 and "no priorities or objectives were found" in nothing.content.decode()
    wrong = read(client, "plan.pdf", b"%PDF-1.4")
    assert wrong.status_code == 400 and "plan.pdf: Parity reads plans from Word" in wrong.content.decode()
    broken = read(client, "plan.docx", b"not a zip")
    assert broken.status_code == 400 and "plan.docx" in broken.content.decode()
    assert "/tmp" not in broken.content.decode() and "uploads" not in broken.content.decode()


@pytest.mark.parametrize("role", ["analyst", "directorate_lead", "staff_network", "viewer"])
def test_only_administrators_import_plans(login, role):
    client = login(role)
    assert client.get(reverse("plans:import")).status_code == 403
    assert read(client, "plan.html", HTML_THEMES.encode()).status_code == 403
    assert Plan.objects.count() == 0


def test_a_word_document_is_read_on_the_page(login):
    import docx

    document = docx.Document()
    document.add_heading("Workforce Race Equality Plan 2024/25", 0)
    document.add_heading("Data and transparency", 2)
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ("Objective", "Action", "Lead", "By when")):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("Objective 1: Better data", "Raise the declaration rate to 95%",
                                                "HR Systems Manager", "31/03/2025")):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    page = read(login("admin"), "plan.docx", out.getvalue()).content.decode()
    tree = page[page.index('id="plan-tree"'):]
    assert "1. Data and transparency" in tree and "<strong>1</strong> Better data" in tree
    assert "Raise the declaration rate to 95%: 31/03/2025 (HR Systems Manager)" in tree


def test_saving_the_same_reading_twice_stores_one_plan(login):
    client = login("admin")
    token = carried(read(client, "plan.html", HTML_THEMES.encode()).content.decode())
    first = client.post(reverse("plans:import"), {"action": "save", "document": token, "kind": "corporate"})
    second = client.post(reverse("plans:import"), {"action": "save", "document": token, "kind": "corporate"})
    assert Plan.objects.count() == 1 and first["Location"] == second["Location"]
