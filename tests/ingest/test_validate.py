"""Validation: every problem at once, with file, row, column, value and a reason."""

import json

import pyarrow as pa

from parity.exports.cells import csv_text, neutralise
from parity.ingest.column_map import ColumnMap
from parity.ingest.folder import validate_files
from parity.ingest.readers import read_bytes
from parity.ingest.validate import validate


def check(text: str, name: str = "staff.csv", **kw):
    return validate(read_bytes(text.encode("utf-8"), name), **kw)


STAFF_HEADER = "staff_id,snapshot_date,ethnicity,directorate,grade,sex,hourly_pay,is_manager\n"


def test_every_problem_in_the_file_is_reported_at_once():
    v = check(STAFF_HEADER
              + "1,2024-03-31,White British,Adults,G5,Female,12.50,yes\n"
              + "2,31/02/2024,Martian,Adults,,Q,abc,maybe\n"
              + "3,45382,W1,Adults,G6,,\"£1,234.50\",n\n")
    problems = [(p.row, p.column, p.value) for p in v.report.errors]
    assert problems == [(3, "ethnicity", "Martian"), (3, "grade", None), (3, "hourly_pay", "abc"),
                        (3, "is_manager", "maybe"), (3, "sex", "Q"), (3, "snapshot_date", "31/02/2024")]
    assert all(p.file == "staff.csv" and p.reason for p in v.report.errors)
    rows = v.table.to_pylist()
    assert rows[2]["snapshot_date"].isoformat() == "2024-03-31"  # Excel serial 45382
    assert rows[2]["hourly_pay"] == 1234.5
    assert rows[0]["ethnicity"] == "white_british" and rows[0]["is_manager"] is True


def test_missing_required_columns_are_all_listed():
    v = check("staff_id,ethnicity\n1,A\n")
    missing = sorted(p.column for p in v.report.errors if p.row is None)
    assert missing == ["directorate", "grade", "snapshot_date"]
    assert v.report.has_file_errors


def test_duplicate_ids_name_the_first_row():
    v = check(STAFF_HEADER + "7,2024-03-31,A,X,G1,,,\n8,2024-03-31,A,X,G1,,,\n7,2024-03-31,B,X,G2,,,\n"
              + "7,2023-03-31,A,X,G1,,,\n")
    dupes = [p for p in v.report.errors if "duplicate" in p.reason]
    assert [(p.row, p.reason) for p in dupes] == [
        (4, "duplicate: the same staff_id and snapshot_date as row 2")]
    assert dupes[0].value is None  # identifiers never appear in reports


def test_identifier_values_never_appear_in_problems():
    v = check("application_id,vacancy_id,application_date,ethnicity,shortlisted,appointed\n"
              "SECRET-ID-1,V1,2024-01-01,A,perhaps,no\n", "applications.csv")
    assert v.report.errors and "SECRET-ID-1" not in json.dumps(v.report.to_dict())


def test_blank_ethnicity_is_not_stated_and_blank_required_values_are_errors():
    v = check(STAFF_HEADER + "1,2024-03-31,,Adults,G5,,,\n,2024-03-31,A,Adults,G5,,,\n")
    assert v.table["ethnicity"].to_pylist() == ["not_stated", "white_british"]
    assert [(p.row, p.column) for p in v.report.errors] == [(3, "staff_id")]


def test_formula_looking_cells_are_kept_as_text_and_neutralised_on_export():
    evil = "=cmd|' /C calc'!A0"
    v = check(STAFF_HEADER + f"1,2024-03-31,A,\"{evil}\",@SUM(A1),,,\n")
    assert v.report.ok
    assert v.table["directorate"].to_pylist() == [evil]
    exported = csv_text(["directorate", "grade", "pay"], [[evil, "@SUM(A1)", "-3.5"]])
    assert "'=cmd|' /C calc'!A0" in exported and "'@SUM(A1)" in exported and ",-3.5" in exported
    for dangerous in ("=1+1", "+1+1", "-1+1", "@x", "\tx", "\rx"):
        assert neutralise(dangerous) == "'" + dangerous
    assert neutralise("-12.5") == "-12.5" and neutralise(3) == 3


def test_column_map_renames_headers_and_values():
    cmap = ColumnMap.from_dict({"columns": {"staff": {"Employee Number": "staff_id", "Ethnic Origin": "ethnicity",
                                                      "Dept": "directorate"}},
                                "values": {"staff": {"sex": {"W": "Female"}, "ethnicity": {"WB": "White British"}}}})
    v = check("Employee Number,Snapshot Date,Ethnic Origin,Dept,GRADE,Sex\n1,2024-03-31,WB,X,G1,W\n",
              "HR extract.csv", kind="staff", column_map=cmap)
    assert v.report.ok, v.report.problems
    assert v.table.to_pylist()[0]["sex"] == "Female"
    assert v.table.to_pylist()[0]["ethnicity"] == "white_british"


HR_EXTRACT = ("Employee No,Ethnic Origin,Grade,Directorate,Date of Birth,Start Date,Gender\n"
              "E1,WBRI,SO1,Adults,1980-02-01,2010-05-01,F\nE2,AIND,PO2,Place,1975-06-12,2015-09-01,M\n"
              "E3,MWBC,SO2,Place,1990-01-01,2020-01-01,F\nE2,BCRB,SO1,Adults,1985-03-03,2019-03-01,M\n")
HR_MAP = {"files": {"HR extract*": "staff"},
          "columns": {"staff": {"Employee No": "staff_id", "Ethnic Origin": "ethnicity", "Gender": "sex"}},
          "fixed": {"staff": {"snapshot_date": "2026-03-31"}}}


def test_a_fixed_value_gives_a_whole_file_its_snapshot_date():
    v = check(HR_EXTRACT.replace("E2,BCRB", "E4,BCRB"), "HR extract Nov.csv", column_map=ColumnMap.from_dict(HR_MAP))
    assert v.kind == "staff" and v.report.ok, v.report.problems
    rows = v.table.to_pylist()
    assert {str(r["snapshot_date"]) for r in rows} == {"2026-03-31"}
    assert [r["ethnicity"] for r in rows] == ["white_british", "asian_indian", "mixed_white_black_caribbean",
                                              "black_caribbean"]
    assert [r["sex"] for r in rows] == ["Female", "Male", "Female", "Male"]


def test_a_fixed_value_still_takes_part_in_the_duplicate_check():
    # E2 twice on the one snapshot date the map gives: a duplicate, as it would be with the column.
    v = check(HR_EXTRACT, "HR extract Nov.csv", column_map=ColumnMap.from_dict(HR_MAP))
    assert [(p.row, p.reason) for p in v.report.errors] == [(5, "duplicate: the same staff_id and snapshot_date "
                                                                "as row 3")]


def test_a_bad_fixed_value_is_one_problem_and_a_file_with_the_column_too_is_refused():
    bad = {**HR_MAP, "fixed": {"staff": {"snapshot_date": "31 Smarch"}}}
    v = check(HR_EXTRACT, "HR extract Nov.csv", column_map=ColumnMap.from_dict(bad))
    fixed = [p for p in v.report.errors if p.row is None]
    assert len(fixed) == 1 and "'31 Smarch'" in fixed[0].reason and "snapshot_date" in fixed[0].column
    both = check(HR_EXTRACT.replace("Gender\n", "Gender,Snapshot\n").replace("M\n", "M,2026-03-31\n")
                 .replace("F\n", "F,2026-03-31\n"), "HR extract Nov.csv",
                 column_map=ColumnMap.from_dict({**HR_MAP, "columns": {"staff": {
                     **HR_MAP["columns"]["staff"], "Snapshot": "snapshot_date"}}}))
    assert any("one value for the whole file" in p.reason for p in both.report.errors)


def test_a_map_reads_back_the_same_from_its_yaml(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text(ColumnMap.from_dict(HR_MAP).to_yaml(), "utf-8")
    assert ColumnMap.load(path) == ColumnMap.from_dict(HR_MAP)
    path.write_text("fixed:\n  staff:\n    snapshot_date: 2026-03-31\n", "utf-8")  # YAML reads a date
    assert ColumnMap.load(path).fixed_values("staff") == {"snapshot_date": "2026-03-31"}


def test_the_gypsy_roma_school_code_says_why_it_is_not_mapped():
    v = check(HR_EXTRACT.replace("MWBC", "WROM"), "HR extract Nov.csv", column_map=ColumnMap.from_dict(HR_MAP))
    reason = next(p.reason for p in v.report.errors if p.value == "WROM")
    assert "two 2021 categories" in reason and "/help/ethnicity/" in reason


def test_unknown_columns_are_ignored_with_a_warning():
    v = check(STAFF_HEADER.strip() + ",favourite_colour\n1,2024-03-31,A,X,G1,,,,blue\n")
    assert v.report.ok and [p.column for p in v.report.warnings] == ["favourite_colour"]


def test_file_type_from_name_then_headers():
    assert check(STAFF_HEADER + "1,2024-03-31,A,X,G1,,,\n", "march_extract.csv").kind == "staff"
    unknown = check("a,b\n1,2\n", "mystery.csv")
    assert unknown.kind is None and not unknown.report.ok


def test_rules_between_columns():
    v = check("application_id,vacancy_id,application_date,ethnicity,shortlisted,interviewed,appointed\n"
              "1,V1,2024-01-01,A,no,no,yes\n2,V1,2024-01-01,A,yes,yes,yes\n", "applications.csv")
    assert [(p.row, p.column) for p in v.report.errors] == [(2, "appointed")]
    v = check("case_id,staff_id,case_type,opened_date,closed_date,litigation\n"
              "C1,1,disciplinary,2024-02-01,2024-01-01,none\nC2,1,Fitness to practise,2024-02-01,,External\n",
              "casework.csv")
    assert [(p.row, p.column) for p in v.report.errors] == [(2, "closed_date")]
    assert v.table["case_type"].to_pylist()[1] == "fitness_to_practise"
    assert v.table["litigation"].to_pylist()[1] == "external"
    v = check("vacancy_id,panel_date,members,members_ethnic_minority\nV1,2024-01-01,3,4\nV2,2024-01-01,2.5,0\n",
              "panels.csv")
    assert [(p.row, p.column) for p in v.report.errors] == [(2, "members_ethnic_minority"), (3, "members")]


def test_survey_answers_are_checked_against_the_question_list():
    questions = ("survey,id,text,type,favourable,measure\n"
                 "S1,q1,Harassed by public?,yes_no,No,wres.5\nS1,q2,I feel safe,likert5,Agree;Strongly agree,\n"
                 "S1,q3,Anything else?,free_text,,\n")
    responses = ("response_id,survey,submitted_date,ethnicity,Q1,q2,q3\n"
                 "r1,S1,2024-10-01,Indian,Yes,Agree,fine\nr2,S1,2024-10-01,A,sometimes,7,\n"
                 "r3,S2,2024-10-01,A,Yes,Agree,\n")
    result = validate_files([("survey_questions.csv", _tmp(questions)), ("survey_responses.csv", _tmp(responses))])
    report = {f.file: f for f in result.report.files}
    assert report["survey_questions.csv"].ok
    errors = [(p.row, p.column) for p in report["survey_responses.csv"].errors]
    assert errors == [(None, "survey"), (3, "Q1"), (3, "q2")]
    table = result.tables[1].table
    assert table["q:q2"].to_pylist()[0] == "Agree"


def test_bad_question_list_values():
    v = check("survey,id,text,type,favourable,measure\nS,q,t,slider,,wres.99x\n", "survey_questions.csv")
    assert sorted(p.column for p in v.report.errors) == ["measure", "type"]


def test_report_json_names_file_row_column_value_reason():
    v = check(STAFF_HEADER + "1,2024-03-31,Martian,X,G1,,,\n")
    d = v.report.to_dict()
    problem = d["problems"][0]
    assert set(problem) >= {"file", "row", "column", "value", "reason"}
    assert d["summary"] == [{"column": "ethnicity", "reason": problem["reason"], "count": 1}]


def test_quarantine_keeps_good_rows_only():
    v = check(STAFF_HEADER + "1,2024-03-31,A,X,G1,,,\n2,2024-03-31,Martian,X,G1,,,\n3,2024-03-31,A,X,G1,,,\n")
    assert v.good_rows()["_row"].to_pylist() == [2, 4]
    assert isinstance(v.good_rows(), pa.Table)


_counter = iter(range(10**6))


def _tmp(text: str):
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / f"f{next(_counter)}.csv"
    path.write_text(text, "utf-8")
    return path


def test_uk_dates_in_the_forms_hr_systems_write_and_two_digit_years_refused():
    # Each written as a UK HR extract might; the expected dates are read off by hand.
    written = {"31/03/2024": "2024-03-31", "31.03.2024": "2024-03-31", "31-03-2024": "2024-03-31",
               "31 March 2024": "2024-03-31", "31-Mar-2024": "2024-03-31", "1 Sept 2024": "2024-09-01",
               "5 MAY 2020": "2020-05-05", "2024-03-31": "2024-03-31"}
    body = "".join(f"S{i},{d},A,X,G1\n" for i, d in enumerate(written))
    v = check("staff_id,snapshot_date,ethnicity,directorate,grade\n" + body)
    assert v.report.ok, v.report.problems
    assert [str(d) for d in v.table["snapshot_date"].to_pylist()] == list(written.values())
    refused = check("staff_id,snapshot_date,ethnicity,directorate,grade\n"
                    "S1,31/03/24,A,X,G1\nS2,30 Feb 2024,A,X,G1\nS3,31.03-2024,A,X,G1\nS4,31 Marchy 2024,A,X,G1\n")
    assert [p.value for p in refused.report.errors] == ["31/03/24", "30 Feb 2024", "31.03-2024", "31 Marchy 2024"]
