"""Plans to Excel and back: nothing lost, edits read, bad rows named."""

from pathlib import Path

import openpyxl
import pytest

from parity.plans.document import Action, Lead, Objective, PlanDocument, Priority
from parity.plans.reader import read_plan
from parity.plans.spreadsheet import WorkbookProblem, read_workbook, write_workbook

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed_plan_001.txt"  # tests/fixtures/README.md


def small_plan() -> PlanDocument:
    return PlanDocument(
        title="Synthetic plan 2024-2025", kind="directorate", directorate="Adults and Health", period="2024-2025",
        introduction="Made up for the tests.", ambition="=HYPERLINK(\"http://x\")", governance="Quarterly to CLT",
        priorities=[Priority("1", "People", "Fairer progression", ["Senior roles reflect the workforce"],
                             ["% of ethnic-minority staff in the top 5% of earners", "-5 points gap"],
                             ["theme:progression", "psed:equality_of_opportunity"])],
        objectives=[Objective("1.1", "Fair promotion", "1", ["Publish data", "@mention the network"],
                              [Lead("senior_responsible_officer", "Director of People"), Lead("network_member", "")],
                              "Q1 2024/25", "2.3", ["wres:7"]),
                    Objective("1.10", "Tenth objective", "1")],
        actions=[Action("Publish promotion data", ["1.1", "1.10"], "31/03/2025",
                        [Lead("implementation_lead", "Head of OD"), Lead("implementation_lead", "HR analyst")],
                        "in_progress", ["wres:2", "theme:recruitment_and_retention"]),
                 Action("+ a plus sign", ["1.1"], "", [], "not_started")])


def test_round_trip_keeps_everything(tmp_path):
    plan = small_plan()
    assert read_workbook(write_workbook(plan, tmp_path / "plan.xlsx")) == plan


def test_the_seed_survives_the_round_trip(tmp_path):
    seed = read_plan(SEED)
    again = read_workbook(write_workbook(seed, tmp_path / "seed.xlsx"))
    assert again == seed
    assert len(again.actions) == 26


def test_formulas_are_written_as_text(tmp_path):
    path = write_workbook(small_plan(), tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    assert book["Plan"]["B7"].value == "'=HYPERLINK(\"http://x\")"
    assert book["Actions"]["C3"].value == "'+ a plus sign"
    assert book["Actions"]["A1"].value == "Priority"  # one row per action, on the first sheet
    assert book.sheetnames[0] == "Actions"


def test_edits_made_in_excel_are_read(tmp_path):
    path = write_workbook(small_plan(), tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    actions = book["Actions"]
    actions.append([1, "1.1", "A new action typed in Excel", "March 2025", "completed", None, "Team lead", None])
    book["Priorities"]["A2"] = 1  # typed as a number
    book.save(path)
    plan = read_workbook(path)
    assert plan.priorities[0].number == "1"
    new = plan.actions[-1]
    assert (new.text, new.objectives, new.timescale, new.status) == (
        "A new action typed in Excel", ["1.1"], "March 2025", "completed")
    assert new.leads == [Lead("implementation_lead", "Team lead")]


def test_bad_rows_are_named(tmp_path):
    path = write_workbook(small_plan(), tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    book["Actions"].append([1, "9.9", "Orphan", "", "", None, None, None])
    book["Actions"].append([1, "1.1", "Odd status", "", "finished", None, None, None])
    book["Actions"].append([1, "1.1", "Odd tag", "", "", None, None, None, "wres:12"])
    book.save(path)
    with pytest.raises(WorkbookProblem) as problem:
        read_workbook(path)
    message = str(problem.value)
    assert "sheet Actions, row 4: no objective 9.9 on the Objectives sheet" in message
    assert "sheet Actions, row 5, column Status: 'finished' is not one of" in message
    assert "sheet Actions, row 6, column Tags: unknown tag 'wres:12'" in message
    del book["Plan"]
    book.save(path)
    with pytest.raises(WorkbookProblem, match="not a plan workbook: no sheet named Plan"):
        read_workbook(path)
    (tmp_path / "junk.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(WorkbookProblem, match="cannot be opened as a spreadsheet"):
        read_workbook(tmp_path / "junk.xlsx")


def test_status_is_written_and_read_in_words_with_a_list_to_choose_from(tmp_path):
    from openpyxl import load_workbook

    from parity.plans.document import Action, Objective, PlanDocument, Priority
    from parity.plans.spreadsheet import read_workbook, write_workbook

    plan = PlanDocument("Plan", priorities=[Priority("1", "People")], objectives=[Objective("1.1", "Data", "1")],
                        actions=[Action("Audit", ["1.1"], "May 2026", status="in_progress")])
    path = write_workbook(plan, tmp_path / "plan.xlsx")
    book = load_workbook(path)
    sheet = book["Actions"]
    status = [c.value for c in sheet[1]].index("Status")
    assert sheet.cell(row=2, column=status + 1).value == "In progress"
    assert any('"Not started,In progress,Completed,On hold"' in v.formula1 for v in sheet.data_validations.dataValidation)
    sheet.cell(row=2, column=status + 1).value = "completed"  # typed in another case: still read
    book.save(path)
    assert read_workbook(path).actions[0].status == "completed"
    sheet.cell(row=2, column=status + 1).value = "Finished-ish"
    book.save(path)
    import pytest

    from parity.plans.spreadsheet import WorkbookProblem
    with pytest.raises(WorkbookProblem, match="'Finished-ish' is not one of Not started, In progress, Completed, On hold"):
        read_workbook(path)
