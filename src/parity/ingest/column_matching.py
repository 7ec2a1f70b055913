"""Matching a council's own file to Parity's columns and values: the proposal the Upload page's
"match the columns" step starts from, and what is still unmatched once a person has chosen.

The proposal never decides anything on its own: it fills in a ``ColumnMap`` the person checks
and changes. It takes, in order,

1. what the map already says (a saved map being reused, or the person's last choices);
2. a header that is a Parity column apart from case and punctuation ("Staff ID");
3. a header that is one of the usual names HR and recruitment systems give the column
   (``USUAL_HEADERS``: "Employee No", "Ethnic Origin", "Gender", ...).

Values are checked with the validator's own parsers (``validate.value_parser``): whatever they
already accept (the ONS labels, 2001 and school census codes, "F"/"M", "Y"/"N") needs no choice,
and each value they refuse is listed with how many rows hold it, to be mapped to an accepted
value (``validate.accepted_values``). Identifier columns never show their values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow.compute as pc

from . import cells
from .column_map import ColumnMap, header_key
from .readers import RawTable
from .schemas import KINDS, Field, load
from .validate import accepted_values, value_parser

# Canonical column -> the usual other names of its header (in ``header_key`` form).
USUAL_HEADERS: dict[str, tuple[str, ...]] = {
    "staff_id": ("employee_no", "employee_number", "employee_id", "emp_no", "emp_id", "emp_ref", "staff_no",
                 "staff_number", "staff_ref", "person_number", "person_id", "person_ref", "payroll_number",
                 "payroll_no", "payroll_ref", "payroll_id", "employee_ref", "employee_reference",
                 "assignment_number", "assignment_no"),
    "application_id": ("application_no", "application_number", "application_ref", "candidate_id",
                       "applicant_id"),
    "vacancy_id": ("vacancy_no", "vacancy_number", "vacancy_ref", "job_ref", "job_reference", "post_ref"),
    "snapshot_date": ("snapshot", "as_at", "as_at_date", "report_date", "extract_date", "census_date"),
    "ethnicity": ("ethnic_origin", "ethnic_group", "ethnicity_code", "ethnic_code", "ethnic_background",
                  "ethnic_origin_code"),
    "directorate": ("department", "dept", "directorate_name", "division"),
    "grade": ("pay_grade", "grade_code", "pay_band", "band", "salary_grade", "spinal_grade"),
    "sex": ("gender", "legal_sex", "sex_code", "gender_code"),
    "disability": ("disabled", "disability_status", "disability_declared", "has_disability"),
    "age_band": ("age_group", "age_range"),
    "religion": ("religion_or_belief", "religion_belief", "faith"),
    "sexual_orientation": ("orientation", "sexuality"),
    "start_date": ("date_started", "date_joined", "hire_date", "joined", "continuous_service_date",
                   "employment_start_date", "course_start", "course_start_date"),
    "leave_date": ("leaving_date", "termination_date", "date_left", "end_date", "leaver_date"),
    "leaving_reason": ("reason_for_leaving", "termination_reason", "leaver_reason"),
    "fte": ("full_time_equivalent", "fte_value"),
    "weekly_hours": ("contracted_hours", "hours_per_week", "weekly_contracted_hours", "contract_hours"),
    "contract_type": ("contract", "employment_type", "contract_status"),
    "hourly_pay": ("hourly_rate", "hourly_pay_rate", "rate_per_hour"),
    "application_date": ("date_applied", "applied_date", "date_of_application"),
    "shortlisted": ("shortlisted_y_n", "was_shortlisted"),
    "interviewed": ("interviewed_y_n", "was_interviewed"),
    "appointed": ("appointed_y_n", "was_appointed", "offered", "hired"),
    "internal_candidate": ("internal", "internal_applicant"),
    "case_id": ("case_no", "case_number", "case_ref", "case_reference"),
    "case_type": ("type_of_case", "case_category"),
    "opened_date": ("date_opened", "open_date", "case_opened", "start_date_of_case"),
    "closed_date": ("date_closed", "close_date", "case_closed"),
    "course": ("course_name", "course_title", "training_course"),
    # survey tools' exports (ingest.survey_tools): Microsoft Forms, SmartSurvey, LimeSurvey
    "response_id": ("id", "responseid", "respondent_id", "user_id", "userid"),
    "submitted_date": ("completion_time", "ended", "submitdate", "date_submitted", "submitted", "submitted_at",
                       "end_time"),
}

VALUES_SHOWN = 50  # a column with more values not understood is not listed: it is likely the wrong column
EXAMPLES = 3


@dataclass
class ColumnChoice:
    """One header of the file, the Parity column it is matched to (or None) and why."""

    header: str
    target: str | None
    how: str  # "the map" | "same name" | "usual name" | "" (not matched)
    examples: list[str]  # a matched column's first values; none for an identifier or a column not matched
    identifier: bool = False


@dataclass
class ValueToMatch:
    """A value of a closed column no parser accepts: how many rows hold it, what it is mapped to."""

    column: str
    header: str
    value: str
    rows: int
    mapped_to: str | None
    choices: tuple[str, ...]


@dataclass
class Matching:
    kind: str | None
    columns: list[ColumnChoice]
    missing: list[Field]  # required columns no header gives and no fixed value fills
    values: list[ValueToMatch] = field(default_factory=list)
    more_values: dict[str, int] = field(default_factory=dict)  # header -> values not understood (too many to list)
    column_map: ColumnMap = field(default_factory=ColumnMap)

    @property
    def fixed(self) -> dict[str, str]:
        """Columns given one value for the whole file."""
        return self.column_map.fixed_values(self.kind) if self.kind else {}

    @property
    def complete(self) -> bool:
        """Every required column is given and every value is matched."""
        return (self.kind is not None and not self.missing and not self.more_values
                and all(v.mapped_to for v in self.values))


def guess_kind(file_name: str, headers: list[str], column_map: ColumnMap) -> str | None:
    """The file type the map, the file name or the headers say; failing those, the type whose
    required columns the usual header names cover best."""
    kind = column_map.kind_of(file_name, headers)
    if kind is not None:
        return kind
    best, best_score = None, 0
    for candidate in KINDS:
        found = {_usual_target(candidate, h) for h in headers} - {None}
        required = set(load(candidate).required_columns)
        score = len(found & required) * 10 + len(found)
        if found & required and score > best_score:
            best, best_score = candidate, score
    return best


def _usual_target(kind: str, header: str) -> str | None:
    key = header_key(header)
    fields = load(kind).by_name
    if key in fields:
        return key
    for target, names in USUAL_HEADERS.items():
        if key in names and target in fields:
            return target
    return None


def propose(raw: RawTable, column_map: ColumnMap, kind: str | None = None) -> Matching:
    """Match ``raw``'s headers and values, starting from ``column_map`` (see the module)."""
    kind = kind or guess_kind(raw.name, raw.headers, column_map)
    if kind is None:
        return Matching(None, [ColumnChoice(h, None, "", []) for h in raw.headers], [])
    fields = load(kind).by_name
    renames = dict(column_map.columns.get(kind, {}))
    choices, taken = [], set()
    for header, arrow_name in zip(raw.headers, raw.table.column_names):
        if header in renames:
            target, how = (renames[header] or None), "the map"
        else:
            target = _usual_target(kind, header)
            how = "" if target is None else ("same name" if header_key(header) == target else "usual name")
        if target is not None and target in taken:  # two headers for one column: the first keeps it
            target, how = None, ""
        taken.add(target)
        identifier = bool(target) and fields[target].is_identifier
        # Values are shown only once a column is matched to one Parity keeps, and never an
        # identifier's: a column not matched may hold anything (payroll numbers, dates of birth).
        examples = _examples(raw.table[arrow_name]) if target and not identifier else []
        choices.append(ColumnChoice(header, target, how, examples, identifier))
    fixed = {k: v for k, v in column_map.fixed_values(kind).items() if k not in taken}
    missing = [f for f in load(kind).fields if f.required_column and f.name not in taken and f.name not in fixed]
    chosen = ColumnMap(  # a column left unused is kept as "" so that reusing the map keeps it unused
        files={}, columns={kind: {c.header: c.target or "" for c in choices}},
        values={kind: {k: v for k, v in column_map.values.get(kind, {}).items() if k in taken}}, fixed={kind: fixed})
    matching = Matching(kind, choices, missing, column_map=chosen)
    _unmatched_values(matching, raw, fields)
    return matching


def _examples(column) -> list[str]:
    text = cells.trimmed(column)
    distinct = pc.unique(pc.drop_null(text)).to_pylist()
    return [str(v) for v in distinct[:EXAMPLES]]


def _unmatched_values(matching: Matching, raw: RawTable, fields: dict[str, Field]) -> None:
    """List, for each closed column matched, the values its parser refuses (by rows, most first)."""
    by_header = dict(zip(raw.headers, raw.table.column_names))
    for choice in matching.columns:
        f = fields.get(choice.target) if choice.target else None
        parse = value_parser(f) if f is not None else None
        if parse is None:
            continue
        mapping = matching.column_map.value_map(matching.kind, f.name)
        counts = pc.value_counts(pc.drop_null(cells.trimmed(raw.table[by_header[choice.header]])))
        refused = []
        for item in counts.to_pylist():
            value, rows = item["values"], item["counts"]
            try:
                parse(value)
                if value not in mapping:
                    continue
            except ValueError:
                pass
            refused.append((value, rows))
        refused.sort(key=lambda vr: (-vr[1], vr[0]))
        choices = accepted_values(f)
        if len(refused) > VALUES_SHOWN:  # not a column of categories: the wrong column, or the wrong file
            matching.more_values[choice.header] = len(refused)
            continue
        for value, rows in refused:
            matching.values.append(ValueToMatch(f.name, choice.header, value, rows,
                                                mapping.get(value) if mapping.get(value) in choices else None,
                                                choices))

