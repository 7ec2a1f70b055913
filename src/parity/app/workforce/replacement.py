"""What a new version of a period changes before it becomes current: records added, removed
and changed, compared by the file type's key (a person at a staff snapshot, an application, a
case...) against the version in use.

A replacement that removes records waits for someone to confirm it (the run's page, or
``parity import --replace``): an extract of 40 rows dated like a 14,636-person snapshot would
otherwise make that snapshot 40 people, silently. Making an earlier version current again is
the same comparison the other way (``workforce.views.make_current``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

import pyarrow as pa

from ...ingest.schemas import load

EXCLUDED = ("id", "version", "source_row")  # the storage's own columns, not the record's content


@dataclass(frozen=True)
class PeriodChange:
    """One period's replacement, counted in records of its file type."""

    file: str
    kind: str
    period: str
    current_version: int
    current_rows: int
    new_rows: int
    added: int
    removed: int
    changed: int

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def removes(self) -> bool:
        return self.removed > 0


def _value(v: object) -> object:
    """One stored or file value in a form both sides share."""
    if isinstance(v, float):
        return round(v, 9)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, (dict, list)):
        return json.dumps(v, sort_keys=True)
    return v


def _fields(model) -> list:
    return [f for f in model._meta.concrete_fields if f.name not in EXCLUDED]


def _key_fields(kind: str, renames: dict[str, str]) -> list[str]:
    return [renames.get(column, column) for column in load(kind).primary_key]


def stored_records(model, renames: dict[str, str], kind: str, version) -> dict[tuple, tuple]:
    """A stored version's records: key -> content."""
    fields = _fields(model)
    names = [f.name for f in fields]
    keys = [names.index(k) for k in _key_fields(kind, renames)]
    out = {}
    for row in model.objects.filter(version=version).values_list(*names).iterator(chunk_size=5000):
        values = tuple(_value(v) for v in row)
        out[tuple(values[i] for i in keys)] = values
    return out


def file_records(model, renames: dict[str, str], kind: str, table: pa.Table, answers=None) -> dict[tuple, tuple]:
    """A period's rows from a file (identifiers already hashed): key -> content, as stored."""
    canonical = {v: k for k, v in renames.items()}
    fields = _fields(model)
    columns = []
    for f in fields:
        if f.name == "answers":
            columns.append(answers(table))
            continue
        values = table[canonical.get(f.name, f.name)].to_pylist()
        if not f.null:
            values = ["" if v is None else v for v in values]  # as ``importing._insert`` stores them
        columns.append(values)
    names = [f.name for f in fields]
    keys = [names.index(k) for k in _key_fields(kind, renames)]
    out = {}
    for row in zip(*columns):
        values = tuple(_value(v) for v in row)
        out[tuple(values[i] for i in keys)] = values
    return out


def compare(before: dict[tuple, tuple], after: dict[tuple, tuple], **where) -> PeriodChange:
    """Records added, removed and changed from ``before`` to ``after`` (key -> content)."""
    common = before.keys() & after.keys()
    return PeriodChange(current_rows=len(before), new_rows=len(after), added=len(after.keys() - before.keys()),
                        removed=len(before.keys() - after.keys()),
                        changed=sum(1 for k in common if before[k] != after[k]), **where)


def summary(changes: list[dict]) -> str:
    """One sentence a person can check: what the removing replacements would do."""
    parts = [f"{c['kind']} {c['period']}: {c['current_rows']:,} records in use, {c['new_rows']:,} in the new file "
             f"({c['removed']:,} removed, {c['added']:,} added, {c['changed']:,} changed)"
             for c in changes if c["removed"]]
    return "; ".join(parts)
