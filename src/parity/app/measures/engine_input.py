"""The database's current data as the engine's input tables (the adapter between app and engine)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from django.db import connection

from ...engine.workforce import WorkforceData
from ..workforce.importing import RECORD_MODELS
from ..workforce.models import DatasetVersion, SurveyResponse

ENGINE_KIND = {"survey_responses": "survey_answers"}


ARROW = {"DateField": pa.date32(), "BooleanField": pa.bool_(), "FloatField": pa.float64(),
         "PositiveIntegerField": pa.int64()}


def _table(kind: str) -> pa.Table:
    """Current records of one file type, with the schema's column names (``staff_key`` -> ``staff_id``),
    read a column at a time rather than as model rows (``_current_records``)."""
    model, renames = RECORD_MODELS[kind]
    fields = [f for f in model._meta.concrete_fields
              if not f.primary_key and f.name not in ("version", "source_row", "answers")]
    canonical = {v: k for k, v in renames.items()}
    columns = _current_records(model, [f.column for f in fields],
                               [ARROW.get(f.get_internal_type(), pa.string()) for f in fields])
    return pa.table({canonical.get(f.name, f.name): column for f, column in zip(fields, columns)})


def _current_records(model, columns: list[str], types: list[pa.DataType]) -> list[pa.Array]:
    """The given columns of ``model``'s records in current dataset versions, in id order, one
    Arrow array each.

    On PostgreSQL the rows leave the database as CSV through ``COPY`` and Arrow's reader parses
    them on every core: no Python object per value. On SQLite (a council's single server) the
    driver's tuples are turned into columns in one pass. Either way no model instance is made.
    """
    quote = connection.ops.quote_name
    versions = DatasetVersion._meta.db_table
    sql = (f"SELECT {', '.join(f'r.{quote(c)}' for c in columns)} FROM {quote(model._meta.db_table)} r "
           f"JOIN {quote(versions)} v ON v.id = r.version_id WHERE v.is_current ORDER BY r.id")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT CSV)") as copy:
                data = b"".join(bytes(chunk) for chunk in copy)
        names = [f"c{i}" for i in range(len(columns))]
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict(zip(names, types)), true_values=["t"], false_values=["f"],
                null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=False))
        return [table[name].combine_chunks() for name in names]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    values = list(zip(*rows)) if rows else [() for _ in columns]
    return [_typed(list(column), type_) for column, type_ in zip(values, types)]


def _typed(values: list, type_: pa.DataType) -> pa.Array:
    """A column of driver values as ``type_`` (SQLite hands dates over as ISO text or dates,
    booleans as 0 and 1)."""
    if type_ == pa.bool_():
        return pa.array([None if v is None else bool(v) for v in values], type_)
    if type_ == pa.date32():
        return pc.cast(pa.array([v if v is None or isinstance(v, str) else v.isoformat() for v in values],
                                pa.string()), type_)
    return pa.array(values, type_)


def _survey_answers() -> pa.Table:
    out = {k: [] for k in ("response_id", "survey", "submitted_date", "ethnicity", "directorate", "is_manager",
                           "sex", "disability", "question_id", "answer")}
    for r in SurveyResponse.objects.filter(version__is_current=True).order_by("id").iterator(chunk_size=5000):
        for question, answer in sorted(r.answers.items()):
            out["response_id"].append(r.response_key)
            out["survey"].append(r.survey)
            out["submitted_date"].append(r.submitted_date)
            out["ethnicity"].append(r.ethnicity)
            out["directorate"].append(r.directorate)
            out["is_manager"].append(r.is_manager)
            out["sex"].append(r.sex)
            out["disability"].append(r.disability)
            out["question_id"].append(question)
            out["answer"].append(answer)
    types = {"submitted_date": pa.date32(), "is_manager": pa.bool_()}
    return pa.table({k: pa.array(v, types.get(k, pa.string())) for k, v in out.items()})


def current_data() -> WorkforceData:
    """Every current dataset version as engine tables; provenance is each version's content hash."""
    versions = list(DatasetVersion.objects.filter(is_current=True).order_by("kind", "period"))
    kinds = sorted({v.kind for v in versions})
    tables = {}
    for kind in kinds:
        if kind == "survey_responses":
            tables["survey_answers"] = _survey_answers()
        else:
            tables[kind] = _table(kind)
    sources = {f"{v.kind}:{v.period}:v{v.version}": v.content_sha256 for v in versions}
    return WorkforceData(tables, sources, hashed_ids=True)
