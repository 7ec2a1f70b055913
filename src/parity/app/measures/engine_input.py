"""The database's current data as the engine's input tables (the adapter between app and engine)."""

from __future__ import annotations

import pyarrow as pa

from ...engine.workforce import WorkforceData
from ..workforce.importing import RECORD_MODELS
from ..workforce.models import DatasetVersion, SurveyResponse

ENGINE_KIND = {"survey_responses": "survey_answers"}


ARROW = {"DateField": pa.date32(), "BooleanField": pa.bool_(), "FloatField": pa.float64(),
         "PositiveIntegerField": pa.int64()}


def _table(kind: str) -> pa.Table:
    """Current records of one file type, with the schema's column names (``staff_key`` -> ``staff_id``)."""
    model, renames = RECORD_MODELS[kind]
    fields = [f for f in model._meta.concrete_fields
              if not f.primary_key and f.name not in ("version", "source_row", "answers")]
    canonical = {v: k for k, v in renames.items()}
    rows = list(model.objects.filter(version__is_current=True).order_by("id")
                .values_list(*[f.name for f in fields]))
    columns = list(zip(*rows)) if rows else [() for _ in fields]
    return pa.table({canonical.get(f.name, f.name): pa.array(list(col), ARROW.get(f.get_internal_type(), pa.string()))
                     for f, col in zip(fields, columns)})


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
