"""Validation: a file's text cells checked against its schema, every problem reported at once.

``validate`` never stops at the first problem. It checks, in order, the file (can its type be
told, are the required columns there, does a column appear twice), every cell of every known
column (type, required, allowed values, range, pattern), the rules between columns of a row
(appointed implies shortlisted, a case closes after it opens, ...) and the uniqueness of the
schema's primary key. The result holds the typed table (``_row`` is each record's row number)
and the ``FileReport``. Whether anything is stored is the importer's decision, not this one's.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..engine import ethnicity
from ..engine.questions import Question
from . import cells, vocabularies
from .column_map import ColumnMap, header_key
from .problems import WARNING, FileReport, Problem
from .readers import RawTable
from .schemas import Field, Schema, load

ARROW_TYPES = {"string": pa.string(), "date": pa.date32(), "boolean": pa.bool_(),
               "number": pa.float64(), "integer": pa.int64()}
QUESTION_PREFIX = "q:"
COLUMN_THREADS = 2  # columns checked side by side: the machines Parity is sized for have two cores
# what a missing column's message adds where a file of that type usually lacks it
WHOLE_FILE_HINTS = {("survey_responses", "survey"): (": a survey tool's export has no such column, so give the "
                                                     "survey's name for the whole file in the column map's fixed "
                                                     "section (/help/surveys/)")}
ANSWER_HINT = ("; a column map's values section turns a survey tool's answer codes into answers, under the "
               "question's id (/help/surveys/)")
ETHNICITY_HELP = "the accepted values are listed at /help/ethnicity/"


@dataclass
class ValidatedTable:
    kind: str | None
    table: pa.Table | None
    report: FileReport
    headers: dict[str, str] = field(default_factory=dict)  # canonical column -> file's header

    @property
    def schema(self) -> Schema:
        return load(self.kind)

    def good_rows(self) -> pa.Table:
        """The rows with no error (for a quarantining import)."""
        bad = sorted(self.report.bad_rows)
        if not bad:
            return self.table
        keep = pc.invert(pc.is_in(self.table["_row"], value_set=pa.array(bad, pa.int64())))
        return self.table.filter(keep)


def _parse_ethnicity(raw: str) -> str:
    category = ethnicity.classify(raw)
    if category is None:
        known = ethnicity.UNMAPPED_CODES.get(raw.strip().upper())
        if known:
            raise ValueError(f"is not mapped: {known} ({ETHNICITY_HELP})")
        raise ValueError("is not an ethnicity Parity recognises (use an ONS 2021 category, a 2001/NHS, "
                         f"HR or school census code, or blank for not stated; {ETHNICITY_HELP})")
    return category.code


def _enum_parser(allowed: tuple[str, ...]):
    lookup = {header_key(a): a for a in allowed}

    def parse(raw: str) -> str:
        try:
            return lookup[header_key(raw)]
        except KeyError:
            raise ValueError(f"is not one of: {', '.join(allowed)}") from None
    return parse


def value_parser(f: Field):
    """The parser of a column with a closed set of values (ethnicity, sex, disability, an allowed
    list, yes/no), which raises ``ValueError`` with the reason; ``None`` for other columns."""
    if f.role == "ethnicity":
        return _parse_ethnicity
    if f.vocabulary:
        return vocabularies.VOCABULARIES[f.vocabulary]
    if f.enum:
        return _enum_parser(f.enum)
    if f.type == "boolean":
        return vocabularies.parse_boolean
    return None


def accepted_values(f: Field) -> tuple[str, ...]:
    """The values a closed column's cells may be mapped to, in words its parser accepts."""
    if f.role == "ethnicity":
        return tuple(c.label for c in ethnicity.CATEGORIES) + (ethnicity.NOT_STATED,)
    if f.vocabulary:
        return vocabularies.CHOICES[f.vocabulary]
    if f.enum:
        return f.enum
    if f.type == "boolean":
        return ("Yes", "No")
    return ()


def _with_value_map(parse, mapping: dict[str, str]):
    if not mapping:
        return parse
    return lambda raw: parse(mapping.get(raw, raw))


class _Checker:
    """Collects problems for one file, turning masks into ``Problem`` rows."""

    def __init__(self, raw: RawTable, report: FileReport):
        self.raw = raw
        self.report = report
        self.rows = raw.row_numbers

    def flag(self, mask: pa.Array, header: str | None, reason, text: pa.Array | None,
             hide_value: bool = False) -> None:
        indices = pc.indices_nonzero(mask).to_pylist()
        if not indices:
            return
        rows = self.rows.take(pa.array(indices)).to_pylist()
        values = [None] * len(indices) if (text is None or hide_value) else \
            text.take(pa.array(indices)).to_pylist()
        for index, row, value in zip(indices, rows, values):
            why = reason if isinstance(reason, str) else reason(index)
            self.report.problems.append(Problem(self.raw.name, row, header, value, why))

    def file_problem(self, reason: str, column: str | None = None, severity: str = "error") -> None:
        self.report.problems.append(Problem(self.raw.name, None, column, None, reason, severity))


def validate(raw: RawTable, kind: str | None = None, column_map: ColumnMap | None = None,
             questions: dict[str, dict[str, Question]] | None = None) -> ValidatedTable:
    """Check one file against its schema; see the module docstring for what is checked."""
    column_map = column_map or ColumnMap()
    kind = kind or column_map.kind_of(raw.name, raw.headers)
    report = FileReport(raw.name, kind, raw.num_rows, list(raw.problems), raw.sha256)
    check = _Checker(raw, report)
    if kind is None:
        check.file_problem("cannot tell which type of file this is: start its name with staff, "
                           "applications, training, casework, panels, survey_questions or "
                           "survey_responses, or name it in the column map's 'files' section")
        return ValidatedTable(None, None, report)
    schema = load(kind)
    arrow_names = raw.table.column_names
    mapped: dict[str, tuple[str, str]] = {}  # canonical -> (file header, arrow column name)
    extras: list[tuple[str, str]] = []
    for header, arrow_name in zip(raw.headers, arrow_names):
        canonical = column_map.canonical_name(kind, header)
        if canonical is None:
            extras.append((header, arrow_name))
        elif canonical in mapped:
            check.file_problem(f"columns {mapped[canonical][0]!r} and {header!r} both give "
                               f"{canonical}; keep one or map them apart", header)
        else:
            mapped[canonical] = (header, arrow_name)
    fixed = column_map.fixed_values(kind)
    for name in fixed:
        if name in mapped:
            check.file_problem(f"the column map gives {name} one value for the whole file, but the file has "
                               f"the column {mapped[name][0]!r} too; keep one", mapped[name][0])
    for name in schema.required_columns:
        if name not in mapped and name not in fixed:
            hint = WHOLE_FILE_HINTS.get((kind, name), "")
            check.file_problem(f"the required column {name!r} is missing{hint}", name)

    def checked(f: Field) -> pa.Array:
        header, arrow_name = mapped[f.name]
        text = cells.trimmed(raw.table[arrow_name], raw.plain_ascii)
        return _check_field(check, f, header, text, column_map.value_map(kind, f.name))

    with ThreadPoolExecutor(COLUMN_THREADS) as pool:  # Arrow's kernels let go of the GIL
        in_file = {f.name: pool.submit(checked, f) for f in schema.fields if f.name in mapped}
    columns: dict[str, pa.Array] = {"_row": raw.row_numbers}
    for f in schema.fields:
        if f.name in mapped:
            columns[f.name] = in_file[f.name].result()
        elif f.name in fixed:
            columns[f.name] = _fixed_column(check, f, fixed[f.name], column_map.value_map(kind, f.name))
        else:
            columns[f.name] = _absent(f, raw.num_rows)

    if kind == "survey_responses":
        question_columns, extras = _check_answers(check, raw, columns, extras, questions or {}, column_map)
        columns.update(question_columns)
    unused = ("; if it is a survey question, head it with the question's id or wording as in the question "
              "list, or name it in the column map's questions section") if kind == "survey_responses" else ""
    for header, _ in extras:
        if not column_map.is_unused(kind, header):  # the map says so: left out without a word
            check.file_problem(f"column {header!r} is not used by Parity and was ignored{unused}", header,
                               WARNING)
    table = pa.table(columns)
    labels = {k: v[0] for k, v in mapped.items()} | {k: _fixed_label(k) for k in fixed if k not in mapped}
    _check_rows(check, kind, table, labels)
    _check_unique(check, schema, table, labels)
    report.problems.sort(key=lambda p: (p.row is not None, p.row or 0, p.column or ""))
    return ValidatedTable(kind, table, report, labels)


def _fixed_column(check: _Checker, f: Field, value: str, value_map: dict[str, str]) -> pa.Array:
    """A column the column map gives one value for the whole file, checked as a cell of that
    column would be; a bad value is one problem with the file, not one on every row."""
    raw = check.raw
    text = cells.trimmed(pa.array([value] * raw.num_rows, pa.string()))
    probe = FileReport(raw.name, check.report.kind, raw.num_rows, [], None)
    values = _check_field(_Checker(raw, probe), f, _fixed_label(f.name), text, value_map)
    if probe.problems:
        check.file_problem(f"the column map's value {value!r} for {f.name} {probe.problems[0].reason}",
                           _fixed_label(f.name))
    return values


def _fixed_label(name: str) -> str:
    """How problems name a column the column map gives one value for the whole file."""
    return f"{name} (fixed in the column map)"


def _absent(f: Field, n: int) -> pa.Array:
    if f.role == "ethnicity":
        return pa.array(["not_stated"] * n, pa.string())
    if f.blank or f.vocabulary:
        return pa.array([f.blank or ethnicity.NOT_STATED] * n, pa.string())
    return pa.nulls(n, ARROW_TYPES[f.type])


def _check_field(check: _Checker, f: Field, header: str, text: pa.Array,
                 value_map: dict[str, str]) -> pa.Array:
    hide = f.is_identifier
    if f.required_value:
        check.flag(cells.blank_mask(text), header, f"{f.name} is required but the cell is blank",
                   None)
    parsed: cells.Parsed | None = None
    closed = value_parser(f)
    if closed is not None:
        parsed = cells.by_distinct_value(text, _with_value_map(closed, value_map),
                                         pa.bool_() if f.type == "boolean" else pa.string())
        if f.role == "ethnicity":
            parsed.values = pc.fill_null(parsed.values, "not_stated")
        elif f.vocabulary:
            parsed.values = pc.if_else(pc.is_null(text), ethnicity.NOT_STATED, parsed.values)
    elif f.type == "date":
        parsed = cells.dates(text)
    elif f.type in ("number", "integer"):
        parsed = cells.numbers(text, integer=f.type == "integer")
    if parsed is None:  # plain text
        values = text
        if value_map:
            values = cells.by_distinct_value(text, lambda raw: value_map.get(raw, raw), pa.string()).values
        if f.pattern:
            check.flag(cells.pattern_mismatch(values, f.pattern), header,
                       f"does not have the expected form ({f.description})", text, hide)
        if f.blank:
            values = pc.fill_null(values, f.blank)
        return values
    check.flag(parsed.bad, header, parsed.reason_at, text, hide)
    values = parsed.values
    if f.type in ("number", "integer"):
        limits = cells.out_of_range(values, f.minimum, f.maximum)
        if limits is not None:
            mask, reason = limits
            check.flag(mask, header, reason, text, hide)
    return values


def _check_answers(check: _Checker, raw: RawTable, columns: dict[str, pa.Array],
                   extras: list[tuple[str, str]], questions: dict[str, dict[str, Question]],
                   column_map: ColumnMap):
    """Question columns of a survey responses file, checked against each survey's questions.

    A column is a question's when the map's ``questions`` section says so, or its header is the
    question's id or its wording (apart from case and punctuation: a survey tool's export heads
    each column with the question as asked). Answers go through the map's values for that
    question id, then the answer type's parser."""
    surveys = [s for s in pc.unique(columns["survey"]).to_pylist() if s is not None]
    for survey in surveys:
        if survey not in questions:
            check.file_problem(f"there is no question list for the survey {survey!r}: import its "
                               "survey_questions file first, or put it in the same folder", "survey")
    asked = [q for s in surveys for q in questions.get(s, {}).values()]
    known_ids = {q.id for q in asked}
    by_key = {header_key(q.id): q.id for q in asked}
    by_wording = {header_key(q.text): q.id for q in asked if q.text}
    answer_columns: dict[str, pa.Array] = {}
    left = []
    for header, arrow_name in extras:
        qid = column_map.question_for(header)
        if qid is None:
            qid = header if header in known_ids else by_key.get(header_key(header)) or by_wording.get(header_key(header))
        if qid is None:
            left.append((header, arrow_name))
            continue
        if QUESTION_PREFIX + qid in answer_columns:
            check.file_problem(f"two columns give the answers to the question {qid!r}; keep one", header)
            continue
        text = cells.trimmed(raw.table[arrow_name], raw.plain_ascii)
        out = text
        value_map = column_map.value_map("survey_responses", qid)
        for survey in surveys:
            question = questions.get(survey, {}).get(qid)
            in_survey = pc.equal(columns["survey"], survey)
            if question is None:
                continue
            parse = vocabularies.ANSWER_TYPES.get(question.type)
            subset = pc.if_else(in_survey, text, pa.scalar(None, pa.string()))
            if parse is None:
                if value_map:
                    mapped = cells.by_distinct_value(subset, lambda raw: value_map.get(raw, raw), pa.string())
                    out = pc.if_else(in_survey, mapped.values, out)
                continue
            parsed = cells.by_distinct_value(subset, _with_value_map(parse, value_map), pa.string())
            check.flag(parsed.bad, header, lambda i, reason_at=parsed.reason_at: reason_at(i) + ANSWER_HINT, text)
            out = pc.if_else(in_survey, parsed.values, out)
        answer_columns[QUESTION_PREFIX + qid] = out
    for q in asked:
        if QUESTION_PREFIX + q.id not in answer_columns:
            check.file_problem(f"the question {q.id!r} ({q.text}) of {q.survey!r} has no column in this file: its "
                               "answers are not imported; head its column with the question's id or wording, or "
                               "name it in the column map's questions section", None, WARNING)
    return answer_columns, left


def _check_rows(check: _Checker, kind: str, table: pa.Table, headers: dict[str, str]) -> None:
    """Rules between the columns of one row."""

    def rule(mask, column, reason):
        if column in headers:
            check.flag(pc.fill_null(mask, False), headers[column], reason, None)

    t = table
    if kind == "applications":
        not_shortlisted = pc.equal(t["shortlisted"], False)
        rule(pc.and_(pc.equal(t["appointed"], True), not_shortlisted), "appointed",
             "the application is marked appointed but not shortlisted")
        rule(pc.and_(pc.equal(t["interviewed"], True), not_shortlisted), "interviewed",
             "the application is marked interviewed but not shortlisted")
    elif kind == "casework":
        rule(pc.less(t["closed_date"], t["opened_date"]), "closed_date",
             "the case closes before it opened")
    elif kind == "staff":
        rule(pc.less(t["leave_date"], t["start_date"]), "leave_date",
             "the leaving date is before the start date")
        rule(pc.greater(t["start_date"], t["snapshot_date"]), "start_date",
             "the start date is after the snapshot date, so the person was not yet in post")
    elif kind == "panels":
        rule(pc.greater(t["members_ethnic_minority"], t["members"]), "members_ethnic_minority",
             "more ethnic-minority members than members")
        rule(pc.greater(t["members_trained_anti_discrimination"], t["members"]),
             "members_trained_anti_discrimination", "more trained members than members")


def _check_unique(check: _Checker, schema: Schema, table: pa.Table, headers: dict[str, str]) -> None:
    """Every row after the first with the same primary key is a duplicate."""
    key = list(schema.primary_key)
    if not all(k in headers for k in key) or table.num_rows < 2:
        return
    index = pa.array(np.arange(table.num_rows, dtype=np.int64))
    slim = table.select(key).append_column("_index", index).append_column("_r", table["_row"])
    cols = ", ".join(f'"{k}"' for k in key)
    not_null = " AND ".join(f'"{k}" IS NOT NULL' for k in key)
    con = duckdb.connect()
    con.register("t", slim)
    keyed, distinct = con.execute(f"SELECT count(*), count(DISTINCT ({cols})) FROM t WHERE {not_null}").fetchone()
    if keyed == distinct:  # the usual case, told by one hash aggregate rather than a window over every row
        con.close()
        return
    dupes = con.execute(
        f"SELECT _index, first_row FROM (SELECT _index, min(_r) OVER (PARTITION BY {cols}) AS first_row, "
        f"_r FROM t WHERE {not_null}) WHERE _r <> first_row ORDER BY _index").fetchall()
    con.close()
    if not dupes:
        return
    first_by_index = dict(dupes)
    mask = pc.is_in(index, value_set=pa.array(list(first_by_index), pa.int64()))
    names = " and ".join(key)
    check.flag(mask, headers[key[0]],
               lambda index: f"duplicate: the same {names} as row {first_by_index[index]}", None)
