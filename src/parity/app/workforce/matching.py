"""The Upload page's "match the columns" step: one file from a council's own system, its headers
and values matched to Parity's (``ingest.column_matching`` proposes, the person decides), checked
as an import would check it, then imported with that map and, if named, the map saved for next
time (``SavedColumnMap``).

The file waits in the run's private upload folder while the run's status is ``mapping``, like a
replacement waiting for a confirmation: it is deleted when the run is imported, cancelled, or
left for ``jobs.WAITING_LIMIT``. The choices so far are kept in ``run.report["draft_map"]``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyarrow.compute as pc
from django.db import transaction

from ...engine.ethnicity import BY_CODE
from ...ingest import cells
from ...ingest.column_map import ColumnMap, ColumnMapError
from ...ingest.column_matching import Matching, propose
from ...ingest.readers import RawTable, UnreadableFile, read_file
from ...ingest.schemas import KINDS, load
from ...ingest.validate import accepted_values, validate
from ..audit.services import record
from ..dashboards.templatetags.figures import date_in_words
from . import jobs
from .models import ImportRun, SavedColumnMap

PREVIEW_ROWS = 5
MAX_FIXED = 100  # characters of a whole-file value
PROBLEM_GROUPS = 20
HIDDEN = "(hidden: an identifier)"


class NotReadable(Exception):
    """The waiting file cannot be read as a table; the message says why."""


def start(user, upload, saved: SavedColumnMap | None) -> ImportRun:
    """Keep an uploaded file for matching: a run waiting in ``mapping``, its folder private."""
    run = ImportRun.objects.create(user=user, status=ImportRun.Status.UPLOADING)
    stored_as = "000" + (("." + upload.name.rsplit(".", 1)[-1].lower()) if "." in upload.name else "")
    jobs.save_upload(run, stored_as, upload.chunks())
    run.files = [{"name": upload.name, "stored_as": stored_as}]
    body = dict(saved.body) if saved else {}
    last = body.pop("fixed", {})  # a whole-file value (a snapshot date) is this file's own: asked again
    run.report = {"draft_map": body, "started_from": saved.name if saved else "", "last_fixed": last}
    run.status = ImportRun.Status.MAPPING
    run.save(update_fields=["files", "report", "status"])
    return run


def read(run: ImportRun) -> RawTable:
    entry = run.files[0]
    try:
        return read_file(jobs.upload_dir(run) / entry["stored_as"], entry["name"])
    except (UnreadableFile, OSError) as exc:
        raise NotReadable(str(exc)) from None


def draft(run: ImportRun) -> ColumnMap:
    try:
        return ColumnMap.from_dict(run.report.get("draft_map") or {})
    except ColumnMapError:
        return ColumnMap()


def from_form(raw: RawTable, data) -> tuple[ColumnMap, str | None]:
    """The person's choices as a column map for one file type. Headers are the file's own,
    found by position, and only accepted values are taken, so nothing typed into the form can
    name a column or value Parity does not have."""
    kind = data.get("kind") if data.get("kind") in KINDS else None
    if kind is None:
        return ColumnMap(), None
    fields = load(kind).by_name
    columns, used = {}, set()
    for index, header in enumerate(raw.headers):
        target = data.get(f"column-{index}", "")
        if target in fields and target not in used:
            columns[header] = target
            used.add(target)
        else:
            columns[header] = ""  # chosen "not used": remembered, so no usual name brings it back
    in_file = {target: header for header, target in columns.items() if target}
    present = {}  # the values each matched closed column holds, so a map names only what the file has
    values: dict[str, dict[str, str]] = {}
    for key in data:
        if not key.startswith("value-") or not key.endswith("-raw"):
            continue
        number = key[len("value-"):-len("-raw")]
        column, chosen = data.get(f"value-{number}-column", ""), data.get(f"value-{number}", "")
        if column in in_file and chosen in accepted_values(fields[column]):
            if column not in present:
                present[column] = set(pc.unique(cells.trimmed(raw.table[raw.table.column_names[
                    raw.headers.index(in_file[column])]])).to_pylist())
            if data[key] in present[column]:
                values.setdefault(column, {})[data[key]] = chosen
    fixed = {name: data.get(f"fixed-{name}", "").strip()[:MAX_FIXED] for name in fields
             if name not in used and not fields[name].is_identifier and data.get(f"fixed-{name}", "").strip()}
    return ColumnMap(columns={kind: columns}, values={kind: values}, fixed={kind: fixed}), kind


@dataclass
class Check:
    """What the import would say of the file with these choices, before anything is stored."""

    matching: Matching
    rows: int
    errors: int = 0
    problem_groups: list[dict] = field(default_factory=list)
    preview_columns: list[str] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return self.rows > 0 and self.matching.complete and self.errors == 0


def check(raw: RawTable, column_map: ColumnMap, kind: str | None) -> Check:
    matching = propose(raw, column_map, kind)
    result = Check(matching, raw.num_rows)
    if matching.kind is None:
        return result
    validated = validate(raw, matching.kind, matching.column_map)
    errors = validated.report.errors
    result.errors = len(errors)
    groups = Counter((p.column or "", p.reason) for p in errors)
    first_rows: dict[tuple, list[int]] = {}
    for p in errors:
        first_rows.setdefault((p.column or "", p.reason), []).append(p.row)
    result.problem_groups = [{"column": c, "reason": r, "count": n, "rows": [x for x in first_rows[(c, r)][:3] if x]}
                             for (c, r), n in groups.most_common(PROBLEM_GROUPS)]
    if validated.table is not None:
        schema = load(matching.kind)
        shown = [f for f in schema.fields if f.name in validated.headers]
        refused = {(p.row, p.column): p.value for p in errors if p.row is not None}
        result.preview_columns = [f.name for f in shown]
        for row in validated.table.slice(0, PREVIEW_ROWS).to_pylist():
            result.preview.append([
                f"not understood: {refused[key]}" if (key := (row["_row"], validated.headers[f.name])) in refused
                and refused[key] is not None else _shown(f, row[f.name]) for f in shown])
    return result


def _shown(f, value) -> str:
    if f.is_identifier:
        return HIDDEN
    if value is None:
        return ""
    if f.role == "ethnicity":
        return BY_CODE[value].label if value in BY_CODE else str(value)
    if f.type == "boolean":
        return "Yes" if value else "No"
    if hasattr(value, "strftime"):
        return date_in_words(value)
    return str(value)


def import_with(run: ImportRun, user, column_map: ColumnMap, kind: str, name: str) -> bool:
    """Import the waiting file with ``column_map`` (its file type fixed by the file's own name)
    and, when ``name`` is given, save the map under it (replacing a saved map of that name).
    Audited. False when the run no longer waits (imported or cancelled in another tab)."""
    entry = run.files[0]
    body = ColumnMap(files={_exact(entry["name"]): kind}, columns=column_map.columns, values=column_map.values,
                     fixed=column_map.fixed)
    with transaction.atomic():
        if not ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.MAPPING).update(
                status=ImportRun.Status.UPLOADING):
            return False
        jobs.save_upload(run, jobs.MAP_FILE, [body.to_yaml().encode("utf-8")])
        if name:
            kept = ColumnMap(columns=column_map.columns, values=column_map.values, fixed=column_map.fixed)
            SavedColumnMap.objects.update_or_create(name=name, defaults={"body": kept.to_dict(), "saved_by": user})
        record(user, "column_map", f"import_run:{run.pk}",
               {"file": entry["name"], "kind": kind, "saved_as": name or None, "map": body.to_dict()})
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.QUEUED,
                                                   report={}, message="Waiting to start")
    run.refresh_from_db()
    jobs.start(run)
    return True


def _exact(file_name: str) -> str:
    """A file-name pattern matching this name only (fnmatch's special characters bracketed)."""
    return "".join(f"[{c}]" if c in "*?[]" else c for c in file_name)
