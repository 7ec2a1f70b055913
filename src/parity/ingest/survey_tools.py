"""Survey tools' exports, and how each maps onto Parity's survey responses file.

A staff survey run in Microsoft Forms, SmartSurvey or LimeSurvey is imported from the tool's own
CSV or Excel export with a small column map (``ingest.column_map``), never by reshaping the file:

* the tool's response number and completion time are the ``response_id`` and ``submitted_date``
  (their usual names are recognised without a map: ``column_matching.USUAL_HEADERS``);
* the survey's name, which the export does not carry, is given once for the whole file
  (``fixed``);
* the questions about the respondent (ethnic group, directorate, sex, disability, whether they
  manage staff) are mapped to those columns, and their answers to Parity's values if they differ;
* every other question's column is found by its wording (or id) in the question list; where the
  tool heads columns with its own codes, the map's ``questions`` section names them;
* columns that would identify the respondent (email, name, IP address) are mapped to blank: they
  are not read, and never stored.

This module is the one description of each tool: the help page (``/help/surveys/``) and
``docs/survey-tools.md`` are generated from it, and the tests build each tool's export from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class SurveyTool:
    name: str
    export: str  # how to get the file out of the tool
    response_id: str  # the export's header for the response number
    submitted: str  # ... and for the time the response was submitted
    identifying: tuple[str, ...]  # headers that would identify the respondent: never read
    other: tuple[str, ...]  # other headers the tool adds, not used
    questions_by: str  # "wording" (columns headed by the question) or "code" (by the tool's question code)
    answers: str  # what the answers look like
    file: str  # csv or xlsx


TOOLS = (
    SurveyTool("Microsoft Forms",
               "In the form's Responses tab, choose \"Open results in Excel\" (or \"Download a copy\") and upload "
               "the .xlsx file as it is.",
               "ID", "Completion time", ("Email", "Name"), ("Start time", "Last modified time"), "wording",
               "The answer as it was chosen (\"Agree\", \"Yes\"); dates are Excel date-time cells.", "xlsx"),
    SurveyTool("SmartSurvey",
               "In Results, choose Export, then the raw data export as CSV (or Excel), with the answers as "
               "text.",
               "Response ID", "Ended", ("IP Address", "Email Address"), ("Started", "Status"), "wording",
               "The answer as text; dates as day/month/year with a time (\"14/03/2025 10:32\").", "csv"),
    SurveyTool("LimeSurvey",
               "In Responses, choose Export results, CSV, with \"Question code\" headings; answers as full "
               "answers or as answer codes (a map turns codes into answers).",
               "id", "submitdate", ("ipaddr", "token"), ("lastpage", "startlanguage", "seed", "startdate",
                                                          "datestamp"), "code",
               "Full answers, or answer codes such as A1 to A5 that the map's values turn into answers; dates "
               "as year, month and day with a time.", "csv"),
)

RESPONDENT_COLUMNS = ("ethnicity", "directorate", "is_manager", "sex", "disability")


def example_map(tool: SurveyTool, survey: str, respondent_questions: dict[str, str],
                question_codes: dict[str, str] | None = None,
                answer_codes: dict[str, dict[str, str]] | None = None) -> dict:
    """A column map for one survey's export from ``tool``: ``respondent_questions`` maps the
    tool's header of each question about the respondent to Parity's column (``ethnicity``...),
    ``question_codes`` the tool's codes to question ids (tools that head columns by code), and
    ``answer_codes`` a question id's answer codes to its answers."""
    columns = {tool.response_id: "response_id", tool.submitted: "submitted_date",
               **{h: "" for h in tool.identifying + tool.other}, **respondent_questions}
    out = {"files": {f"{survey}*.{tool.file}": "survey_responses"}, "columns": {"survey_responses": columns},
           "fixed": {"survey_responses": {"survey": survey}}}
    if question_codes:
        out["questions"] = dict(question_codes)
    if answer_codes:
        out["values"] = {"survey_responses": {q: dict(codes) for q, codes in answer_codes.items()}}
    return out


EXAMPLE_RESPONDENT = {"Microsoft Forms": {"What is your ethnic group?": "ethnicity",
                                          "Which directorate do you work in?": "directorate",
                                          "Do you manage staff?": "is_manager", "What is your sex?": "sex",
                                          "Do you consider yourself disabled?": "disability"},
                      "SmartSurvey": {"Ethnic group": "ethnicity", "Directorate": "directorate",
                                      "Do you line manage staff?": "is_manager", "Sex": "sex",
                                      "Disability": "disability"},
                      "LimeSurvey": {"ETH": "ethnicity", "DIR": "directorate", "MGR": "is_manager", "SEX": "sex",
                                     "DIS": "disability"}}
EXAMPLE_CODES = {"Q1": "q_safe", "Q2": "q_manager_support", "Q3": "q_comment"}
EXAMPLE_ANSWER_CODES = {"q_safe": {"A1": "Strongly disagree", "A2": "Disagree", "A3": "Neither agree nor disagree",
                                   "A4": "Agree", "A5": "Strongly agree"}}


def markdown() -> str:
    """The guide to bringing in a survey from each tool (help page and docs/survey-tools.md)."""
    parts = ["# Bringing in a staff survey from a survey tool", "",
             "Generated from `src/parity/ingest/survey_tools.py`; do not edit by hand.", "",
             "A survey comes in as two files: its **question list** (one row per question: its id, its "
             "wording, its answer type and which answers count as favourable; see [the data formats]"
             "(data-formats.md)) and its **responses**, the survey tool's own export, as it comes out of "
             "the tool. A small column map tells Parity which of the tool's columns is which. Nothing in "
             "the export has to be renamed or moved.", "",
             "- The tool's response number and completion time are the response id and the date "
             "submitted. The response number is kept only as a keyed hash.",
             "- The survey's name is not in the export: the map gives it once for the whole file (its "
             "`fixed` section). The map's `files` pattern says which file is the export (a tool names its "
             "download after the survey's title); it is optional, since a file with the columns the map "
             "names is recognised anyway. Name "
             "each year's survey alike but for the year (\"Staff survey 2025\", \"Staff survey 2026\"): "
             "Parity then compares each question with the survey before.",
             "- The questions about the respondent (ethnic group, directorate, sex, disability, whether "
             "they manage staff) are mapped to those columns. Their answers are read like any other file's "
             "(the ONS ethnic groups' wording, \"Yes\"/\"No\"...); other answers are mapped in `values`.",
             "- Every other question is found by its wording in the question list (or its id), so a "
             "question's column needs no map when the export heads it with the question as asked. Where "
             "the tool heads columns with its own codes, the map's `questions` section names them.",
             "- Columns that would identify the respondent (email, name, IP address) are mapped to blank: "
             "Parity does not read them, and they are never stored. Do not add a name question to a "
             "staff survey.",
             "- Comments (free-text questions) are read in redacted, and shown to others only as themes "
             "once an analyst has reviewed them ([surveys.md](surveys.md)).",
             "- A question in the list with no column in the export is reported, so a question headed a "
             "little differently from its wording is not lost: map it in `questions`.",
             ""]
    for tool in TOOLS:
        codes = EXAMPLE_CODES if tool.questions_by == "code" else None
        answers = EXAMPLE_ANSWER_CODES if tool.questions_by == "code" else None  # every coded question needs its own
        example = example_map(tool, "Staff survey 2026", EXAMPLE_RESPONDENT[tool.name], codes, answers)
        parts += [f"## {tool.name}", "", f"**Export:** {tool.export}", "",
                  "**Columns** (as a typical export names them: the names change with the tool's version, "
                  "language and export settings, so check your file's first row and change the map to match): "
                  f"the response number is \"{tool.response_id}\" and the time submitted "
                  f"\"{tool.submitted}\". Columns that identify people, never read: "
                  f"{', '.join(repr(h) for h in tool.identifying)}. Other columns the tool adds, not used: "
                  f"{', '.join(repr(h) for h in tool.other)}. Questions are headed by "
                  f"{'their wording' if tool.questions_by == 'wording' else 'the question codes set in the tool'}.",
                  "", f"**Answers:** {tool.answers}"
                  + (" Repeat the codes under each question's id in `values`; the example shows one."
                     if tool.questions_by == "code" else ""), "",
                  "An example map (the questions about the respondent as this council asked them):", "",
                  "```yaml", yaml.safe_dump(example, sort_keys=False, allow_unicode=True).rstrip(), "```", ""]
    return "\n".join(parts)
