"""Importing validated files into the database: all or nothing, nothing ever lost.

``import_files`` validates every file together (``parity.ingest``), then

* if any file has an error and the import is not quarantining: stores nothing (status
  ``rejected``), the report says why;
* if quarantining: a file with a whole-file problem (a missing required column, say) still
  stops everything; otherwise the good rows are stored and each bad row is kept with its
  reasons (``QuarantinedRow``, identifiers hashed) for download;
* the rows of each period (staff snapshot date, financial year, survey) become a new
  ``DatasetVersion`` unless the current version of that period has the same content, in which
  case nothing changes (importing the same file twice is a no-op). A new version replaces the
  current one, which stays in history with its records;
* a replacement is compared with the version in use first (``replacement``: records added,
  removed, changed); one that removes records stores nothing until it is confirmed (status
  ``confirm``; ``run.replace_confirmed``);
* a period with rows kept aside by a quarantining import is stored as an ``incomplete``
  version and never made current: its missing people would otherwise count as leavers.

Everything a run stores is written in one database transaction.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ...ingest.column_map import ColumnMap
from ...ingest.folder import FolderResult, validate_files
from ...ingest.pseudonymise import Pseudonymiser, load_or_create_secret
from ...ingest.validate import QUESTION_PREFIX, Question, ValidatedTable
from ..audit.services import record
from ..bulk_insert import insert_rows, json_value
from . import replacement
from .models import (
    Application,
    Case,
    DatasetVersion,
    ImportRun,
    Panel,
    QuarantinedRow,
    StaffRecord,
    SurveyQuestion,
    SurveyResponse,
    TrainingRecord,
)
from .replacement import PeriodChange

# File type -> (model, renames from canonical column to model field)
RECORD_MODELS = {
    "staff": (StaffRecord, {"staff_id": "staff_key"}),
    "applications": (Application, {"application_id": "application_key"}),
    "training": (TrainingRecord, {"staff_id": "staff_key"}),
    "casework": (Case, {"case_id": "case_key", "staff_id": "staff_key"}),
    "panels": (Panel, {}),
    "survey_questions": (SurveyQuestion, {"id": "question_id"}),
    "survey_responses": (SurveyResponse, {"response_id": "response_key"}),
}

Progress = Callable[[int, str], None]


def pseudonymiser() -> Pseudonymiser:
    return Pseudonymiser(load_or_create_secret(settings.PARITY_IDENTIFIER_SECRET_FILE))


def stored_questions() -> dict[str, dict[str, Question]]:
    """Questions of the surveys already imported (current versions), by survey and id."""
    out: dict[str, dict[str, Question]] = {}
    for q in SurveyQuestion.objects.filter(version__is_current=True):
        favourable = tuple(a.strip() for a in (q.favourable or "").split(";") if a.strip())
        out.setdefault(q.survey, {})[q.question_id] = Question(
            q.survey, q.question_id, q.text, q.type, favourable, q.measure)
    return out


def financial_year_label(start_year: int) -> str:
    """1 April ``start_year`` to 31 March of the next year, written '2023/24'."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def period_keys(table: pa.Table, kind: str) -> pa.Array:
    """Each row's period: the snapshot date, the financial year or the survey."""
    from ...ingest.schemas import load

    schema = load(kind)
    column = table[schema.period_field].combine_chunks()
    if schema.period_as == "date":
        return pc.strftime(column, format="%Y-%m-%d")
    if schema.period_as == "financial_year":
        start = pc.subtract(pc.year(column), pc.cast(pc.less(pc.month(column), 4), pa.int64()))
        encoded = pc.dictionary_encode(start)
        labels = pa.array([financial_year_label(y) for y in encoded.dictionary.to_pylist()], pa.string())
        return labels.take(encoded.indices)
    return column


def content_sha256(table: pa.Table, key: tuple[str, ...]) -> str:
    """A hash of a period's rows that ignores row order and source row numbers."""
    body = table.drop_columns(["_row"]).sort_by([(k, "ascending") for k in key])
    buffer = io.BytesIO()
    pacsv.write_csv(body, buffer)
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def _identifier_columns(vt: ValidatedTable) -> list[str]:
    return [f.name for f in vt.schema.fields if f.is_identifier]


def _insert(model, version: DatasetVersion, table: pa.Table, renames: dict[str, str]) -> None:
    """Insert a table's rows as records of ``version`` (fast path: see ``bulk_insert``)."""
    canonical = {v: k for k, v in renames.items()}
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = []
    for f in fields:
        if f.name == "version":
            columns.append([version.pk] * table.num_rows)
        elif f.name == "source_row":
            columns.append(table["_row"].to_pylist())
        elif f.name == "answers":
            as_json = json_value(model, f.name)
            columns.append([as_json(a) for a in _answers(table)])
        else:
            values = table[canonical.get(f.name, f.name)].to_pylist()
            if not f.null:
                values = [("" if v is None else v) for v in values]
            columns.append(values)
    insert_rows(model, [f.name for f in fields], zip(*columns))


def _answers(table: pa.Table) -> list[dict]:
    questions = [c for c in table.column_names if c.startswith(QUESTION_PREFIX)]
    columns = {c[len(QUESTION_PREFIX):]: table[c].to_pylist() for c in questions}
    return [{q: values[i] for q, values in columns.items() if values[i] is not None}
            for i in range(table.num_rows)]


@dataclass
class PlannedPeriod:
    """One period of one file, hashed and ready to store, with what it would change."""

    period: str
    part: pa.Table
    digest: str
    current: DatasetVersion | None
    change: PeriodChange | None  # against the version in use, when it replaces one
    incomplete: bool  # rows of this period were kept aside: stored, never made current


def _plan_table(vt: ValidatedTable, quarantine: bool, hasher: Pseudonymiser) -> list[PlannedPeriod]:
    """Each period of a validated file: its rows (identifiers hashed), its content hash, the
    version in use and what replacing it would change."""
    model, renames = RECORD_MODELS[vt.kind]
    table = hasher.hash_table(vt.good_rows() if quarantine else vt.table, _identifier_columns(vt))
    kept_aside = _periods_kept_aside(vt) if quarantine and vt.report.bad_rows else set()
    keys = period_keys(table, vt.kind)
    planned = []
    for period in sorted(k for k in pc.unique(keys).to_pylist() if k is not None):
        part = table.filter(pc.equal(keys, period))
        digest = content_sha256(part, vt.schema.primary_key)
        current = DatasetVersion.objects.filter(kind=vt.kind, period=period, is_current=True).first()
        incomplete = ALL_PERIODS in kept_aside or period in kept_aside
        change = None
        if current is not None and current.content_sha256 != digest and not incomplete:
            change = replacement.compare(
                replacement.stored_records(model, renames, vt.kind, current),
                replacement.file_records(model, renames, vt.kind, part, _answers),
                file=vt.report.file, kind=vt.kind, period=period, current_version=current.version)
        planned.append(PlannedPeriod(period, part, digest, current, change, incomplete))
    return planned


ALL_PERIODS = object()  # a row kept aside whose period could not be read: every period is incomplete


def _periods_kept_aside(vt: ValidatedTable) -> set:
    """The periods of the rows a quarantining import keeps aside (``ALL_PERIODS`` when a kept
    row's own period is missing or unreadable)."""
    wanted = pa.array(sorted(vt.report.bad_rows), pa.int64())
    bad = vt.table.filter(pc.is_in(vt.table["_row"], value_set=wanted))
    periods = {ALL_PERIODS if p is None else p for p in period_keys(bad, vt.kind).to_pylist()}
    if bad.num_rows < len(wanted):  # a row the reader could not read (a wrong number of cells): period unknown
        periods.add(ALL_PERIODS)
    return periods


def _store_table(vt: ValidatedTable, planned: list[PlannedPeriod], run: ImportRun, quarantine: bool,
                 hasher: Pseudonymiser) -> dict:
    model, renames = RECORD_MODELS[vt.kind]
    outcome = {"file": vt.report.file, "kind": vt.kind, "new_versions": [], "unchanged": [], "incomplete": []}
    if quarantine and vt.report.bad_rows:
        _quarantine(vt, run, hasher, _identifier_columns(vt))
    for plan in planned:
        current = plan.current
        if current is not None and current.content_sha256 == plan.digest and not plan.incomplete:
            outcome["unchanged"].append(plan.period)
            continue
        if plan.incomplete and DatasetVersion.objects.filter(kind=vt.kind, period=plan.period, incomplete=True,
                                                             content_sha256=plan.digest).exists():
            outcome["unchanged"].append(plan.period)  # the same incomplete rows, kept already
            continue
        last = DatasetVersion.objects.filter(kind=vt.kind, period=plan.period).order_by("-version").first()
        version = DatasetVersion.objects.create(
            kind=vt.kind, period=plan.period, version=(last.version + 1) if last else 1,
            content_sha256=plan.digest, file_name=vt.report.file, file_sha256=vt.report.sha256 or "",
            import_run=run, rows=plan.part.num_rows, is_current=False, incomplete=plan.incomplete)
        _insert(model, version, plan.part, renames)
        run.stored_rows += plan.part.num_rows
        if plan.incomplete:  # kept, never current: its missing people would count as leavers
            outcome["incomplete"].append({"period": plan.period, "version": version.version,
                                          "rows": plan.part.num_rows})
            continue
        make_current(version, current)
        outcome["new_versions"].append({"period": plan.period, "version": version.version,
                                        "rows": plan.part.num_rows, "replaced": current is not None,
                                        "change": plan.change.to_dict() if plan.change else None})
    return outcome


def make_current(version: DatasetVersion, current: DatasetVersion | None) -> None:
    """``version`` becomes its period's version in use; ``current`` (if any) is kept, replaced."""
    if current is not None:
        current.is_current = False
        current.replaced_at = timezone.now()
        current.replaced_by = version
        current.save(update_fields=["is_current", "replaced_at", "replaced_by"])
    version.is_current = True
    version.save(update_fields=["is_current"])


def _quarantine(vt: ValidatedTable, run: ImportRun, hasher: Pseudonymiser, identifiers: list[str]) -> None:
    bad = sorted(vt.report.bad_rows)
    reasons: dict[int, list[str]] = {}
    for p in vt.report.errors:
        if p.row is not None:
            reasons.setdefault(p.row, []).append(
                f"{p.column}: {p.reason}" if p.column else p.reason)
    rows = vt.table.filter(pc.is_in(vt.table["_row"], value_set=pa.array(bad, pa.int64())))
    rows = hasher.hash_table(rows, identifiers)
    objects = []
    for row in rows.to_pylist():
        number = row.pop("_row")
        values = {vt.headers.get(k, k): (v.isoformat() if hasattr(v, "isoformat") else v)
                  for k, v in row.items() if k in vt.headers or k.startswith(QUESTION_PREFIX)}
        objects.append(QuarantinedRow(import_run=run, file_name=vt.report.file, kind=vt.kind,
                                      row=number, values=values, reasons=reasons.get(number, [])))
    unread = set(bad) - {o.row for o in objects}  # rows the reader could not read: kept aside with no values
    objects += [QuarantinedRow(import_run=run, file_name=vt.report.file, kind=vt.kind, row=number, values={},
                               reasons=reasons.get(number, [])) for number in sorted(unread)]
    QuarantinedRow.objects.bulk_create(objects, batch_size=2000)
    run.quarantined_rows += len(objects)


def import_files(run: ImportRun, named_paths: list[tuple[str, Path]], column_map: ColumnMap | None = None,
                 progress: Progress | None = None) -> FolderResult:
    """Validate and (if allowed) store files for ``run``; sets the run's status and report."""
    progress = progress or (lambda percent, message: None)
    progress(5, f"Checking {len(named_paths)} file(s)")
    shown = run.report.get("changes") if run.replace_confirmed and run.source == "upload" else None
    result = validate_files(named_paths, column_map, known_questions=stored_questions())
    run.report = result.report.to_dict()
    uploaded = [e for e in run.files if "stored_as" in e]  # where an upload's files wait (jobs.upload_dir)
    run.files = []
    for f in result.report.files:
        entry = {"name": f.file, "kind": f.kind, "rows": f.rows, "sha256": f.sha256}
        same = next((e for e in uploaded if e["name"] == f.file), None)
        if same is not None:
            uploaded.remove(same)
            entry["stored_as"] = same["stored_as"]
        run.files.append(entry)
    blocked = any(f.has_file_errors for f in result.report.files)
    if not result.ok and (not run.quarantine or blocked):
        run.status = ImportRun.Status.REJECTED
        run.message = _rejection_message(result, run.quarantine)
        return result
    progress(60, "Comparing with the data in use")
    hasher = pseudonymiser()
    with transaction.atomic():
        plans = [(vt, _plan_table(vt, run.quarantine, hasher)) for vt in _store_order(result.tables)]
        changes = [p.change.to_dict() for _, planned in plans for p in planned if p.change is not None]
        run.report["changes"] = changes
        if any(c["removed"] for c in changes) and not _confirmed(run, changes, shown):
            run.status, run.replace_confirmed = ImportRun.Status.CONFIRM, False
            run.message = ("Nothing is imported yet: these files would remove records from data in use ("
                           + replacement.summary(changes) + "). Check the changes, then confirm or cancel.")[:500]
            run.save()
            return result
        progress(70, "Storing the data")
        outcomes = [_store_table(vt, planned, run, run.quarantine, hasher) for vt, planned in plans]
        new = sum(len(o["new_versions"]) for o in outcomes)
        incomplete = [f"{o['kind']} {i['period']}" for o in outcomes for i in o["incomplete"]]
        if new == 0 and run.quarantined_rows == 0:
            run.status = ImportRun.Status.UNCHANGED
            run.message = "Every period in these files is already imported with the same content."
        elif run.quarantined_rows:
            run.status = ImportRun.Status.QUARANTINED
            run.message = (f"{run.quarantined_rows} rows with problems were kept aside (download them with their "
                           "reasons).")
            if incomplete:
                run.message = (f"Not in use: {', '.join(incomplete)}. Rows of these periods had problems, so the "
                               "data in use for them is unchanged. " + run.message + " Correct those rows in your "
                               "file (the download gives their row numbers) and import the whole file again.")
            if new:
                run.message += f" {new} other period(s) were imported."
            run.message = run.message[:500]
        else:
            run.status = ImportRun.Status.IMPORTED
            run.message = f"Imported {run.stored_rows} rows in {new} new dataset version(s)."
        run.report["stored"] = outcomes
        run.finished_at = timezone.now()
        run.save()
        record(run.user, "import", f"import_run:{run.pk}",
               {"status": run.status, "files": run.files, "stored_rows": run.stored_rows,
                "quarantined_rows": run.quarantined_rows, "versions": outcomes,
                "replace_confirmed": run.replace_confirmed})
    return result


def _confirmed(run: ImportRun, changes: list[dict], shown: list[dict] | None) -> bool:
    """Whether the removals ``changes`` make were confirmed: on the command line, ``--replace``
    goes ahead with what this same run prints; on the pages, a confirmation covers exactly what
    the page showed (the same versions in use, the same records removed). If the data in use
    changed since, the run waits again and shows the new comparison."""
    if not run.replace_confirmed:
        return False
    if run.source != "upload":
        return True
    seen = {(c["kind"], c["period"], c["current_version"], c["removed"]) for c in shown or ()}
    return all((c["kind"], c["period"], c["current_version"], c["removed"]) in seen for c in changes if c["removed"])


def _store_order(tables: list[ValidatedTable]) -> list[ValidatedTable]:
    return sorted(tables, key=lambda t: t.kind != "survey_questions")


def _rejection_message(result: FolderResult, quarantine: bool) -> str:
    errors = sum(len(f.errors) for f in result.report.files)
    files = sum(1 for f in result.report.files if not f.ok)
    text = f"Nothing was imported: {errors} problem(s) in {files} file(s)."
    if quarantine:
        text += " A problem with a whole file (such as a missing column) stops a quarantining import too."
    return text
