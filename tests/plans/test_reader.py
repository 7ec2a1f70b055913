"""The plan reader: the seed plan, and plans of the same layout written in other shapes."""

from pathlib import Path

import docx
import pytest

from parity.plans.reader import read_plan

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed_plan_001.txt"  # tests/fixtures/README.md


@pytest.fixture(scope="module")
def seed():
    return read_plan(SEED)


def test_seed_priorities_outcomes_and_measures(seed):
    assert [(p.number, p.title) for p in seed.priorities] == [
        ("1", "Staff support"), ("2", "Staff progression, learning and development"),
        ("3", "Communication and engagement"), ("4", "Measurement and impact")]
    assert [len(p.outcomes) for p in seed.priorities] == [7, 4, 7, 7]
    assert [len(p.measures) for p in seed.priorities] == [8, 3, 4, 2]
    assert seed.priorities[0].summary.startswith("Adopt a zero tolerance approach")
    assert "% of recruitment panels with representation from BAME staff" in seed.priorities[1].measures
    assert seed.period == "2021-2023"
    assert seed.ambition.startswith("To achieve a position of 'Zero Tolerance'")
    assert "Corporate Leadership Team" in seed.governance


def test_seed_objectives_actions_and_leads(seed):
    expected = [f"1.{i}" for i in range(1, 7)] + ["2.1", "2.2"] + [f"3.{i}" for i in range(1, 8)] + ["4.1", "4.2"]
    assert [o.number for o in seed.objectives] == expected
    assert seed.objective("1.4").text == ("Ensure BAME staff are supported when they experience and report racism "
                                          "in the workplace")
    assert seed.objective("2.2").points[0] == "Transparency of recruitment process"
    assert len(seed.objective("2.2").points) == 5
    blocks = {}
    for action in seed.actions:
        blocks.setdefault(tuple(action.objectives), []).append(action.text)
    assert {k: len(v) for k, v in blocks.items()} == {
        tuple(f"1.{i}" for i in range(1, 7)): 9, ("2.1", "2.2"): 6, ("3.1", "3.2"): 3,
        tuple(f"3.{i}" for i in range(3, 8)): 5, ("4.1", "4.2"): 3}
    assert blocks[("4.1", "4.2")][1].startswith("Conduct a survey with all BAME staff")
    roles = [lead.role for lead in seed.objective("1.1").leads]
    assert roles == ["senior_responsible_officer", "implementation_lead", "network_member"]
    assert all(lead.name == "" for lead in seed.objective("1.1").leads)  # the seed names nobody
    assert seed.objective("3.3").leads == []  # the seed leaves this block's leads cell empty
    assert seed.unplaced == []


HTML_PLAN = """<html><body>
<h1>Directorate race equality plan 2024/25 (synthetic example)</h1>
<p>Written for the tests; no real council.</p>
<h2>Our vision</h2><p>Everyone can progress here.</p>
<table>
<tr><th>Action</th><th>Objective</th><th>Owner</th><th>Due date</th></tr>
<tr><td colspan="4"><strong>Priority 1: Recruitment and retention</strong></td></tr>
<tr><td>Publish shortlisting data each quarter</td><td>1.1 Fair shortlisting</td>
    <td>Lead officer: Head of Resourcing</td><td>30/06/2024</td></tr>
<tr><td>Train every panel chair</td><td>1.1 Fair shortlisting</td><td>Sponsor: Director of People</td>
    <td>Q3 2024/25</td></tr>
<tr><td><strong>2. Culture</strong></td><td></td><td></td><td></td></tr>
<tr><td>Run listening circles</td><td>2.1 Safe spaces for dialogue</td>
    <td>Staff network lead: Network co-chair</td><td>Ongoing</td></tr>
<tr><td>Review the policy</td><td>2.1 Safe spaces for dialogue</td><td>Wizard: someone</td><td>March 2025</td></tr>
</table>
<table><tr><th>Budget line</th><th>Amount</th></tr><tr><td>Training</td><td>1000</td></tr></table>
</body></html>"""


def test_html_plan_one_row_per_action(tmp_path):
    path = tmp_path / "plan.html"
    path.write_text(HTML_PLAN, encoding="utf-8")
    plan = read_plan(path)
    assert plan.title.startswith("Directorate race equality plan")
    assert plan.period == "2024-2025"
    assert plan.ambition == "Everyone can progress here."
    assert [(p.number, p.title) for p in plan.priorities] == [("1", "Recruitment and retention"), ("2", "Culture")]
    assert [o.number for o in plan.objectives] == ["1.1", "2.1"]
    assert [(a.text, a.objectives, a.timescale) for a in plan.actions] == [
        ("Publish shortlisting data each quarter", ["1.1"], "30/06/2024"),
        ("Train every panel chair", ["1.1"], "Q3 2024/25"),
        ("Run listening circles", ["2.1"], "Ongoing"),
        ("Review the policy", ["2.1"], "March 2025")]
    assert [(lead.role, lead.name) for lead in plan.actions[1].leads] == [
        ("senior_responsible_officer", "Director of People")]
    assert [(lead.role, lead.name) for lead in plan.actions[2].leads] == [("network_member", "Network co-chair")]
    notes = "\n".join(plan.unplaced)
    assert "lead role not recognised: 'Wizard'" in notes
    assert "Budget line" in notes  # the unrecognised table's header row is reported


def test_word_plan(tmp_path):
    document = docx.Document()
    document.add_heading("Race equality action plan 2025-2027 (synthetic example)", level=1)
    document.add_heading("Our ambition", level=2)
    document.add_paragraph("A workforce that reflects the borough at every grade.")
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Key priorities", "Outcomes", "Measures"]):
        cell.text = text
    first = table.rows[1].cells[0].paragraphs[0]
    first.add_run("1. Representation").bold = True
    first.add_run(" More ethnic-minority staff in senior roles")
    table.rows[1].cells[1].text = "Senior roles reflect the workforce"
    table.rows[1].cells[2].text = "% of ethnic-minority staff in the top 5% of earners"
    table.rows[2].cells[0].text = "2. Progression"
    table.rows[2].cells[1].text = "Fair promotion"
    table.rows[2].cells[2].text = "Promotion rate by ethnic group"
    objectives = document.add_table(rows=3, cols=4)
    for cell, text in zip(objectives.rows[0].cells, ["Objectives", "Leads", "Actions", "Timescales"]):
        cell.text = text
    objectives.rows[1].cells[0].text = "1: Representation"
    row = objectives.rows[2].cells
    row[0].text = "1.1 Reverse mentoring for directors"
    row[0].add_paragraph("1.2 Internal First recruitment")
    row[1].text = "SRO:"
    row[1].add_paragraph("Chief Executive")
    row[1].add_paragraph("Implementation lead: Head of OD")
    row[2].text = "Pair every director with a mentor"
    row[2].add_paragraph("Advertise internally first")
    row[3].text = "Q1 2025/26"
    row[3].add_paragraph("31/03/2026")
    path = tmp_path / "plan.docx"
    document.save(path)
    plan = read_plan(path)
    assert plan.title.startswith("Race equality action plan 2025-2027")
    assert plan.ambition == "A workforce that reflects the borough at every grade."
    assert [(p.number, p.title, p.summary) for p in plan.priorities] == [
        ("1", "Representation", "More ethnic-minority staff in senior roles"), ("2", "Progression", "")]
    assert plan.priorities[0].measures == ["% of ethnic-minority staff in the top 5% of earners"]
    assert [o.number for o in plan.objectives] == ["1.1", "1.2"]
    assert [(lead.role, lead.name) for lead in plan.objective("1.1").leads] == [
        ("senior_responsible_officer", "Chief Executive"), ("implementation_lead", "Head of OD")]
    assert [(a.text, a.objectives, a.timescale) for a in plan.actions] == [
        ("Pair every director with a mentor", ["1.1", "1.2"], "Q1 2025/26"),
        ("Advertise internally first", ["1.1", "1.2"], "31/03/2026")]
    assert plan.unplaced == []


def test_text_plan_reports_what_it_cannot_place(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("# Plan 2023-2024\n\nObjectives\tActions\tTimescales\n"
                    "Improve data\tAudit the HR system\tMay 2023\n"
                    "1.1 Better data\tAudit the HR system\tMay 2023\n"
                    "1.1 Better data\tOne\tJune 2023; July 2023\n"
                    "stray\trow\n", encoding="utf-8")
    plan = read_plan(path)
    notes = "\n".join(plan.unplaced)
    # Objectives without a reference are kept and numbered, and the notes say so; the plan's own
    # "1.1" keeps its number.
    assert "line 4: objectives before any priority or theme: kept under priority 1" in notes
    assert "line 4: an objective with no reference was numbered 1.2: 'Improve data'" in notes
    assert "line 7: an objective with no reference was numbered 1.3: 'stray'" in notes
    assert [(o.number, o.text) for o in plan.objectives] == [("1.1", "Better data"), ("1.2", "Improve data"),
                                                             ("1.3", "stray")]
    assert [a.objectives for a in plan.actions] == [["1.2"], ["1.1"], ["1.1"], ["1.3"]]


def test_the_demo_plan_reads_cleanly():
    plan = read_plan(Path(__file__).resolve().parents[2] / "src" / "parity" / "plans" / "demo" / "demo_plan.txt")
    assert plan.introduction.startswith("SYNTHETIC DEMONSTRATION PLAN")
    assert [(lead.role, lead.name) for lead in plan.objective("1.1").leads] == [
        ("senior_responsible_officer", "Director of People"), ("implementation_lead", "Head of Resourcing"),
        ("network_member", "Network co-chair")]
    assert [a.timescale for a in plan.actions] == ["Q1 2025/26", "Q4 2026/27", "31/03/2027", "March 2026",
                                                   "Q4 2026/27"]
    assert plan.unplaced == []
