"""Each survey tool's export (ingest.survey_tools) comes in with its column map and gives the same
survey figures as Parity's own responses file; the columns that identify people are never read."""

import csv
import datetime as dt

import pytest
import yaml
from openpyxl import Workbook

from parity.engine.disclosure import DisclosurePolicy
from parity.engine.survey import SHARE, survey_results
from parity.ingest.column_map import ColumnMap
from parity.ingest.engine_input import load_folder
from parity.ingest.survey_tools import EXAMPLE_ANSWER_CODES, EXAMPLE_RESPONDENT, TOOLS, example_map

SURVEY = "Staff survey 2026"
LIKERT = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
RESPONDENT = {"ethnicity": "ethnicity", "directorate": "directorate", "is_manager": "is_manager", "sex": "sex",
              "disability": "disability"}
CODES = {"q_public_harassment": "Q10", "q_staff_harassment": "Q11", "q_equal_opportunities": "Q12",
         "q_discrimination": "Q13", "q_safe": "Q14", "q_manager_support": "Q15", "q_comment": "Q16"}


def rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def canonical(small_council, tmp_path):
    """The synthetic council's own question list and responses, for one wave."""
    folder = tmp_path / "canonical"
    folder.mkdir()
    for name in ("survey_questions_SYNTHETIC.csv", "survey_responses_SYNTHETIC.csv"):
        kept = [r for r in rows(small_council / name) if r["survey"] == SURVEY]
        with open(folder / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, list(kept[0]))
            writer.writeheader()
            writer.writerows(kept)
    return folder


def export(tool, small_council, folder):
    """The wave's responses as ``tool`` exports them: its own columns (with an email and a name
    in those that identify people), the questions about the respondent in this council's wording,
    the other questions headed by their wording or by the tool's codes, and for a tool of codes the
    five-point answers as codes."""
    questions = {q["id"]: q for q in rows(small_council / "survey_questions_SYNTHETIC.csv") if q["survey"] == SURVEY}
    wording = {column: header for header, column in EXAMPLE_RESPONDENT[tool.name].items()}
    by_code = tool.questions_by == "code"
    header = [tool.response_id, *tool.other, tool.submitted, *tool.identifying,
              *(wording[c] for c in RESPONDENT), *((CODES[q] if by_code else questions[q]["text"]) for q in questions)]
    body = []
    for i, r in enumerate(rows(small_council / "survey_responses_SYNTHETIC.csv")):
        if r["survey"] != SURVEY:
            continue
        day = dt.date.fromisoformat(r["submitted_date"])
        when = {"xlsx": dt.datetime.combine(day, dt.time(10, 32, 11)),
                "SmartSurvey": f"{day:%d/%m/%Y} 10:32", "LimeSurvey": f"{day.isoformat()} 10:32:11"}
        submitted = when["xlsx"] if tool.file == "xlsx" else when[tool.name]
        answers = []
        for q in questions:
            a = r[q]
            if by_code and q in EXAMPLE_ANSWER_CODES and a:
                a = f"A{LIKERT.index(a) + 1}"
            answers.append(a)
        body.append([r["response_id"], *("x" for _ in tool.other), submitted,
                     *(f"person{i}@example.org" for _ in tool.identifying),
                     *(r[c] for c in RESPONDENT), *answers])
    name = f"{SURVEY}(1-{len(body)}).{tool.file}"
    if tool.file == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(header)
        for line in body:
            sheet.append(line)
        book.save(folder / name)
    else:
        with open(folder / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(body)
    return folder / name


@pytest.mark.parametrize("tool", TOOLS, ids=[t.name for t in TOOLS])
def test_a_tools_export_gives_the_same_figures_as_parity_s_own_file(tool, small_council, tmp_path):
    own, _ = load_folder(canonical(small_council, tmp_path))
    folder = tmp_path / "tool"
    folder.mkdir()
    (folder / "survey_questions_SYNTHETIC.csv").write_bytes(
        (tmp_path / "canonical" / "survey_questions_SYNTHETIC.csv").read_bytes())
    export(tool, small_council, folder)
    by_code = tool.questions_by == "code"
    column_map = example_map(tool, SURVEY, EXAMPLE_RESPONDENT[tool.name],
                             {code: q for q, code in CODES.items()} if by_code else None,
                             EXAMPLE_ANSWER_CODES if by_code else None)
    path = tmp_path / "map.yaml"
    path.write_text(yaml.safe_dump(column_map), encoding="utf-8")
    data, result = load_folder(folder, ColumnMap.load(path))
    assert result.ok, [str(p) for f in result.report.files for p in f.problems][:5]
    assert len(result.report.files) == 2
    warnings = [p for f in result.report.files for p in f.problems]
    assert not warnings, warnings[:3]  # the tool's own columns are named in the map, so nothing is left over
    stored = data.tables["survey_answers"]
    for column in stored.column_names:  # no email of the export is anywhere in what is kept
        assert not any("@example.org" in str(v) for v in stored[column].unique().to_pylist()), column
    unprotected = DisclosurePolicy.unprotected()
    theirs, ours = survey_results(data, policy=unprotected), survey_results(own, policy=unprotected)
    key = lambda f: (f.survey, f.question, f.result.breakdown, f.result.group, f.result.comparator)  # noqa: E731
    mine = {key(f): (f.result.numerator, f.result.denominator) for f in ours.figures}
    got = {key(f): (f.result.numerator, f.result.denominator) for f in theirs.figures}
    assert got == mine
    assert any(k[1] == "q_safe" and k[3] == "White" for k in got)
    assert sum(1 for f in theirs.figures if f.result.measure == SHARE) > 50


def test_a_question_the_export_heads_otherwise_is_reported_not_dropped_in_silence(small_council, tmp_path):
    folder = canonical(small_council, tmp_path)
    path = folder / "survey_responses_SYNTHETIC.csv"
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    assert "q_safe" in header
    path.write_text(header.replace("q_safe", "I feel safe speaking up about racism at work.") + "\n" + rest,
                    encoding="utf-8")
    _, result = load_folder(folder)
    said = [p.reason for f in result.report.files for p in f.problems]
    assert any("'q_safe'" in r and "has no column in this file" in r for r in said), said
    assert any("if it is a survey question" in r for r in said), said


def test_a_missing_survey_name_and_an_unmapped_answer_code_say_what_to_do(small_council, tmp_path):
    tool = next(t for t in TOOLS if t.name == "LimeSurvey")
    folder = tmp_path / "tool"
    folder.mkdir()
    canonical(small_council, tmp_path)
    (folder / "survey_questions_SYNTHETIC.csv").write_bytes(
        (tmp_path / "canonical" / "survey_questions_SYNTHETIC.csv").read_bytes())
    export(tool, small_council, folder)
    column_map = example_map(tool, SURVEY, EXAMPLE_RESPONDENT[tool.name], {code: q for q, code in CODES.items()})
    del column_map["fixed"]
    path = tmp_path / "map.yaml"
    path.write_text(yaml.safe_dump(column_map), encoding="utf-8")
    _, result = load_folder(folder, ColumnMap.load(path))
    said = [p.reason for f in result.report.files for p in f.problems]
    assert any("'survey' is missing" in r and "fixed section" in r for r in said), said
    column_map["fixed"] = {"survey_responses": {"survey": SURVEY}}  # now the codes: no values section
    path.write_text(yaml.safe_dump(column_map), encoding="utf-8")
    _, result = load_folder(folder, ColumnMap.load(path))
    said = [p.reason for f in result.report.files for p in f.problems]
    assert any(p.value == "A4" for f in result.report.files for p in f.problems)
    assert any("values section turns a survey tool's answer codes" in r for r in said), said[:3]
