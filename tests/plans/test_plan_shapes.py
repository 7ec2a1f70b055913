"""Plans of several shapes, written for these tests in the styles of the seeds' councils (issue 13
point 2): themes given as headings outside tables, objective references "1.1", "A1", "Objective 3"
or none, a separate reference column, one row per objective or per action, actions as bullet
lists in a cell, owners as job titles, timescales as months, financial years, "Ongoing" and
"Annually". Each expected tree is written out by hand from the document."""

from pathlib import Path

import docx

from parity.plans.reader import read_plan

HTML_THEMES = (Path(__file__).resolve().parents[1] / "fixtures" / "plan_themes.html").read_text("utf-8")


def test_html_themes_with_lettered_references_in_a_column_of_their_own(tmp_path):
    path = tmp_path / "plan.html"
    path.write_text(HTML_THEMES, "utf-8")
    plan = read_plan(path)
    assert plan.title == "Race Equality Action Plan 2025-2027"
    assert [(p.number, p.title) for p in plan.priorities] == [("A", "Recruitment and progression"),
                                                              ("B", "Culture and belonging")]
    assert [(o.number, o.priority, o.text) for o in plan.objectives] == [
        ("A1", "A", "Diverse shortlists for senior posts"), ("A2", "A", "Development for aspiring leaders"),
        ("B1", "B", "Zero tolerance of racism")]
    assert [(a.text, a.objectives, a.timescale, [(x.role, x.name) for x in a.leads]) for a in plan.actions] == [
        ("Use diverse interview panels", ["A1"], "March 2026", []),
        ("Publish shortlisting rates by ethnic group", ["A1"], "2025/26", []),
        ("Run a positive action leadership programme", ["A2"], "Annually",
         [("implementation_lead", "Director of People")]),
        ("Refresh the dignity at work policy", ["B1"], "Ongoing", [("implementation_lead", "Head of HR")])]
    assert [(x.role, x.name) for x in plan.objective("A1").leads] == [("implementation_lead", "Head of Resourcing")]
    assert plan.priorities[0].summary == "Fair recruitment and careers for ethnic-minority staff."
    assert plan.unplaced == []


def test_word_plain_headings_objective_n_and_one_row_per_action(tmp_path):
    document = docx.Document()
    document.add_heading("Workforce Race Equality Plan 2024/25", 0)
    document.add_paragraph("Agreed with the Black Staff Forum.")
    for heading, rows in (
            ("Leadership and accountability", [
                ("Objective 1: Leaders own race equality", "Race equality objective in every director's appraisal",
                 "Chief Executive", "June 2025"),
                ("Objective 1: Leaders own race equality", "Quarterly report to the leadership team",
                 "Head of Equality", "Quarterly")]),
            ("Data and transparency", [
                ("Objective 2: Better data", "Raise the ethnicity declaration rate to 95%", "HR Systems Manager",
                 "31/03/2025")])):
        document.add_heading(heading, 2)
        table = document.add_table(rows=1, cols=4)
        for cell, text in zip(table.rows[0].cells, ("Objective", "Action", "Lead", "By when")):
            cell.text = text
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = text
    path = tmp_path / "plan.docx"
    document.save(path)
    plan = read_plan(path)
    assert [(p.number, p.title) for p in plan.priorities] == [("1", "Leadership and accountability"),
                                                              ("2", "Data and transparency")]
    assert [(o.number, o.priority, o.text) for o in plan.objectives] == [
        ("1", "1", "Leaders own race equality"), ("2", "2", "Better data")]
    assert [(a.text, a.objectives, a.timescale) for a in plan.actions] == [
        ("Race equality objective in every director's appraisal", ["1"], "June 2025"),
        ("Quarterly report to the leadership team", ["1"], "Quarterly"),
        ("Raise the ethnicity declaration rate to 95%", ["2"], "31/03/2025")]
    assert [x.name for x in plan.objective("1").leads] == ["Chief Executive", "Head of Equality"]
    assert plan.unplaced == []


def test_text_with_no_references_and_priorities_as_paragraphs(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "# Building an Inclusive Workforce Action Plan 2021/22\n\n"
        "Priority 1: Representation\n"
        "Objectives\tActions\tLead\tTimescale\n"
        "More ethnic-minority managers\tReverse mentoring for senior managers\tHead of OD\tSeptember 2021\n"
        "A workforce that reflects the city\tTargeted apprenticeships\tApprenticeship Lead\t2021/22\n"
        "Priority 2: Experience at work\n"
        "Objectives\tActions\tLead\tTimescale\n"
        "Staff feel safe to speak up\tTrain Freedom to Speak Up guardians\tHead of HR\tOngoing\n", "utf-8")
    plan = read_plan(path)
    assert [(p.number, p.title) for p in plan.priorities] == [("1", "Representation"), ("2", "Experience at work")]
    assert [(o.number, o.text) for o in plan.objectives] == [
        ("1.1", "More ethnic-minority managers"), ("1.2", "A workforce that reflects the city"),
        ("2.1", "Staff feel safe to speak up")]
    assert [a.objectives for a in plan.actions] == [["1.1"], ["1.2"], ["2.1"]]
    assert [a.timescale for a in plan.actions] == ["September 2021", "2021/22", "Ongoing"]
    # Parity numbered them, and says so for each.
    assert sum("an objective with no reference was numbered" in note for note in plan.unplaced) == 3


def test_a_table_of_actions_alone_under_each_theme(tmp_path):
    path = tmp_path / "plan.html"
    path.write_text("""<h1>Race Action Plan</h1>
<h2>Recruitment</h2>
<table><tr><th>Action</th><th>Owner</th><th>Deadline</th></tr>
<tr><td>Anonymise application forms</td><td>Recruitment Manager</td><td>December 2025</td></tr>
<tr><td>Advertise on community job boards</td><td>Recruitment Manager</td><td>Ongoing</td></tr></table>
<h2>Training</h2>
<table><tr><th>Action</th><th>Owner</th><th>Deadline</th></tr>
<tr><td>Anti-racism training for managers</td><td>Learning and Development Lead</td><td>2025/26</td></tr></table>
""", "utf-8")
    plan = read_plan(path)
    assert [(p.number, p.title) for p in plan.priorities] == [("1", "Recruitment"), ("2", "Training")]
    assert [(o.number, o.text) for o in plan.objectives] == [("1.1", "Recruitment: the actions of this theme"),
                                                             ("2.1", "Training: the actions of this theme")]
    assert [(a.text, a.objectives, [x.name for x in a.leads]) for a in plan.actions] == [
        ("Anonymise application forms", ["1.1"], ["Recruitment Manager"]),
        ("Advertise on community job boards", ["1.1"], ["Recruitment Manager"]),
        ("Anti-racism training for managers", ["2.1"], ["Learning and Development Lead"])]
    assert sum("actions listed without objectives" in note for note in plan.unplaced) == 2


def test_the_seed_plan_reads_as_before():
    seed = Path(__file__).resolve().parents[1] / "fixtures" / "seed_plan_001.txt"
    plan = read_plan(seed)
    assert (len(plan.priorities), len(plan.objectives), len(plan.actions)) == (4, 17, 26)
    assert plan.objectives[0].number == "1.1" and plan.objectives[-1].number == "4.2" and plan.unplaced == []


def test_a_plan_written_as_lines_and_narrative_left_out_is_said(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text(
        "# Borough Race Equality Plan 2025-2027\n\nOur plan with the staff network.\n\n"
        "Priority 1: Fair recruitment\nObjective 1.1 Diverse shortlists for senior roles\n"
        "- Action: Use diverse interview panels (Owner: Head of Resourcing) (by March 2026)\n"
        "- Action: Publish shortlisting rates (Owner: HR Analytics Lead) (Timescale: Quarterly)\n"
        "Priority 2: Culture\nObjective 2.1 Zero tolerance of racism\n"
        "- Action: Refresh the dignity at work policy (Lead: Head of HR)\n\n"
        "## Background\nSome narrative text that is not part of the plan.\nMore narrative.\n", "utf-8")
    plan = read_plan(path)
    assert [(p.number, p.title) for p in plan.priorities] == [("1", "Fair recruitment"), ("2", "Culture")]
    assert [(o.number, o.text) for o in plan.objectives] == [("1.1", "Diverse shortlists for senior roles"),
                                                             ("2.1", "Zero tolerance of racism")]
    assert [(a.text, a.objectives, a.timescale, [x.name for x in a.leads]) for a in plan.actions] == [
        ("Use diverse interview panels", ["1.1"], "By March 2026", ["Head of Resourcing"]),
        ("Publish shortlisting rates", ["1.1"], "Quarterly", ["HR Analytics Lead"]),
        ("Refresh the dignity at work policy", ["2.1"], "", ["Head of HR"])]
    assert plan.unplaced == ["plain.txt: 2 paragraphs of text under 'Background' not placed in the plan"]
    assert plan.introduction == "Our plan with the staff network."


def test_a_numbered_list_in_an_introduction_is_not_a_plan(tmp_path):
    path = tmp_path / "update.txt"
    path.write_text("# Scrutiny update on the race review\n\nThe recommendations centred on:\n"
                    "1. Recruitment and retention of staff\n2. Safe spaces for dialogue\n", "utf-8")
    assert read_plan(path).priorities == []


def test_script_and_style_in_a_web_page_are_not_read_as_the_plan(tmp_path):
    path = tmp_path / "plan.html"
    path.write_text(HTML_THEMES.replace("Zero tolerance of racism", "Zero tolerance of racism<script>alert('x')</script>")
                    .replace("<body>", "<body><style>p { color: red }</style>"), "utf-8")
    plan = read_plan(path)
    assert plan.objective("B1").text == "Zero tolerance of racism"
    assert "color" not in plan.introduction
