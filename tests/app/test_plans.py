"""Plans in the app: importing the seed, the plan tree, updates kept as versions, sign-off, RAG."""

import datetime as dt
import json
from pathlib import Path

import pytest

from parity.app.audit.models import AuditEvent
from parity.app.plans import services
from parity.app.plans.models import Action, NetworkResponse, Plan, ProgressUpdate
from parity.cli import main

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed_plan_001.txt"  # tests/fixtures/README.md
def test_import_the_seed_and_show_it_as_json(capsys):
    assert main(["plan", "import", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "4 priorities, 17 objectives" in out and "26 actions" in out
    assert "everything in the file was placed" in out
    plan = Plan.objects.get()
    assert main(["plan", "show", plan.slug, "--format", "json", "--as-of", "2026-01-01"]) == 0
    tree = json.loads(capsys.readouterr().out)
    titles = [p["title"] for p in tree["priorities"]]
    assert titles[:2] == ["Staff support", "Staff progression, learning and development"]
    numbers = [o["number"] for p in tree["priorities"] for o in p["objectives"]]
    assert numbers[:6] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"] and len(numbers) == 17
    assert tree["rag_summary"] == {"red": 0, "amber": 26, "green": 0}  # no timescales in the seed
    assert tree["priorities"][0]["objectives"][0]["leads"][0] == {"role": "senior_responsible_officer", "name": ""}
    assert AuditEvent.objects.filter(action="plan_import").count() == 1


def test_an_unreadable_document_imports_nothing(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("# Just some notes\n\nNothing like a plan here.\n", encoding="utf-8")
    assert main(["plan", "import", str(path)]) == 1
    assert "no priorities or objectives found" in capsys.readouterr().err
    assert not Plan.objects.exists()
    assert main(["plan", "import", str(tmp_path / "missing.docx")]) == 2
    broken = tmp_path / "plan.docx"
    broken.write_bytes(b"this is not a Word file")
    assert main(["plan", "import", str(broken)]) == 1
    assert "plan.docx: the file cannot be opened as a Word document" in capsys.readouterr().err
    assert not Plan.objects.exists()


def test_show_as_text(plan, capsys):
    assert main(["plan", "show", plan.slug, "--as-of", "2024-05-01"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "RAG on 2024-05-01: 0 red, 2 amber, 0 green"
    assert out[out.index("  1.1 Fair promotion") + 1] == (
        "    [AMBER] action 1 (for 1.1): Publish promotion data (not started, Q1 2024/25)")


def test_rag_follows_timescales_and_updates(plan):
    tree = services.plan_tree(plan, dt.date(2024, 5, 1))
    by_text = {a["text"]: a for a in tree["actions"]}
    assert by_text["Publish promotion data"]["due"] == "2024-06-30"
    assert by_text["Publish promotion data"]["rag"] == "amber"  # due soon, not started
    assert by_text["Start reverse mentoring"]["rag_reason"] == "ongoing, not started"  # its timescale is "Ongoing"
    assert services.plan_tree(plan, dt.date(2024, 7, 1))["actions"][0]["rag"] == "red"
    action = Action.objects.get(text="Publish promotion data")
    services.add_update(action, "lead", "Published for 2023/24", "completed", as_of=dt.date(2024, 6, 20))
    assert services.plan_tree(plan, dt.date(2024, 7, 1))["actions"][0]["rag"] == "green"


def test_updates_are_never_rewritten(plan):
    action = Action.objects.get(text="Publish promotion data")
    first = services.add_update(action, "lead", "Drafted the tables", "in_progress", as_of=dt.date(2024, 4, 1))
    first.text = "changed"
    with pytest.raises(ValueError, match="never changed"):
        first.save()
    second = services.edit_update(ProgressUpdate.objects.get(pk=first.pk), "lead", "Drafted the tables for CLT")
    assert ProgressUpdate.objects.get(pk=first.pk).text == "Drafted the tables"
    assert (second.version, second.supersedes_id) == (2, first.pk)
    with pytest.raises(ValueError, match="already been replaced"):
        services.edit_update(ProgressUpdate.objects.get(pk=first.pk), "lead", "again")
    updates = services.plan_tree(plan, dt.date(2024, 4, 2))["actions"][0]["updates"]
    assert [(u["version"], u["current"]) for u in updates] == [(1, False), (2, True)]
    assert AuditEvent.objects.filter(action="plan_update_edit").count() == 1


def test_network_comments_and_sign_off(plan):
    action = Action.objects.get(text="Start reverse mentoring")
    update = services.add_update(action, "lead", "Ten pairs started", "in_progress")
    services.respond(update, "network", "comment", "Please include part-time staff")
    services.respond(update, "network", "sign_off")
    with pytest.raises(ValueError, match="needs some text"):
        services.respond(update, "network", "comment", "")
    assert list(NetworkResponse.objects.values_list("kind", flat=True)) == ["comment", "sign_off"]
    tree = services.plan_tree(plan)
    responses = tree["actions"][1]["updates"][0]["responses"]
    assert [r["kind"] for r in responses] == ["comment", "sign_off"]
    assert AuditEvent.objects.filter(action="plan_sign_off").count() == 1


def test_tags(plan, capsys, login):
    assert main(["plan", "tag", plan.slug, "--objective", "1.1", "--tag", "wres:4",
                 "--tag", "theme:recruitment_and_retention"]) == 0
    assert main(["plan", "tag", plan.slug, "--action", "1", "--tag", "psed:good_relations"]) == 0
    assert main(["plan", "tag", plan.slug, "--priority", "1", "--tag", "theme:nonsense"]) == 2
    assert "unknown tag 'theme:nonsense'" in capsys.readouterr().err
    tree = services.plan_tree(plan)
    assert tree["priorities"][0]["objectives"][0]["tags"] == ["wres:4", "theme:recruitment_and_retention"]
    assert tree["actions"][0]["tags"] == ["psed:good_relations"] and tree["priorities"][0]["tags"] == []
    page = login("viewer").get(f"/plans/{plan.slug}/").content.decode()
    assert "WRES indicator 4" in page and "Recruitment and retention" in page
    assert AuditEvent.objects.filter(action="plan_tags").count() == 2


def test_rag_override_needs_a_reason(plan):
    action = Action.objects.get(text="Publish promotion data")
    with pytest.raises(ValueError, match="needs a reason"):
        services.override_rag(action, "lead", "green", "")
    services.override_rag(action, "lead", "green", "New date agreed at CLT")
    first = services.plan_tree(plan, dt.date(2025, 1, 1))["actions"][0]
    assert (first["rag"], first["rag_overridden"], first["rag_reason"]) == ("green", True, "New date agreed at CLT")
    services.override_rag(action, "lead", "", "")
    assert services.plan_tree(plan, dt.date(2025, 1, 1))["actions"][0]["rag"] == "red"
    assert AuditEvent.objects.filter(action="plan_rag_override").count() == 2


def test_export_to_excel_and_import_back(plan, tmp_path, capsys):
    action = Action.objects.get(text="Publish promotion data")
    services.add_update(action, "lead", "Started", "in_progress")
    out = tmp_path / "plan.xlsx"
    assert main(["plan", "export", plan.slug, "--output", str(out)]) == 0
    assert main(["plan", "import", str(out)]) == 0
    copy = Plan.objects.exclude(pk=plan.pk).get()
    assert services.document_from_plan(copy) == services.document_from_plan(plan)
    assert Action.objects.get(plan=copy, text="Publish promotion data").status == "in_progress"
    assert AuditEvent.objects.filter(action="download", target=plan.slug).exists()
    out.write_bytes(b"broken")
    assert main(["plan", "import", str(out)]) == 1
    assert "cannot be opened as a spreadsheet" in capsys.readouterr().err
    assert Plan.objects.count() == 2
