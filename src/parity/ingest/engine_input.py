"""Validated files to the engine's input tables (``engine.workforce.WorkforceData``)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from ..engine.workforce import WorkforceData, answers_long
from .column_map import ColumnMap
from .folder import FolderResult, validate_folder
from .pseudonymise import Pseudonymiser


def workforce_data(result: FolderResult, hasher: Pseudonymiser | None = None) -> WorkforceData:
    """The valid files' tables by kind (several files of one kind are stacked), with identifiers
    hashed by ``hasher`` as an import stores them (so record keys, and so every published count,
    are the same as the app's: ``engine.cell_key``)."""
    by_kind: dict[str, list[pa.Table]] = {}
    for table in result.tables:
        if table.kind is None or table.table is None or not table.report.ok:
            continue
        rows = table.table.drop_columns(["_row"])
        if hasher is not None:
            rows = hasher.hash_table(rows, [f.name for f in table.schema.fields
                                            if f.is_identifier and f.name in rows.column_names])
        by_kind.setdefault(table.kind, []).append(rows)
    sources = {t.report.file: t.report.sha256 for t in result.tables
               if t.kind is not None and t.table is not None and t.report.ok}
    tables = {}
    for kind, parts in by_kind.items():
        stacked = _compact(pa.concat_tables(parts, promote_options="default"))
        if kind == "survey_responses":
            tables["survey_answers"] = answers_long(stacked)
        else:
            tables[kind] = stacked
    return WorkforceData(tables, sources, hashed_ids=hasher is not None)


def _compact(table: pa.Table) -> pa.Table:
    """Text columns with few distinct values (directorate, grade, ethnicity...) dictionary-encoded.

    The same data in a fraction of the memory; the engine reads them as text.
    """
    import pyarrow.compute as pc

    for index, field in enumerate(table.schema):
        if pa.types.is_string(field.type) and table.num_rows:
            column = table[field.name]
            if pc.count_distinct(column).as_py() <= max(1000, table.num_rows // 100):
                table = table.set_column(index, field.name, pc.dictionary_encode(column))
    return table


def load_folder(directory: str | Path, column_map: ColumnMap | None = None,
                hasher: Pseudonymiser | None = None) -> tuple[WorkforceData, FolderResult]:
    result = validate_folder(directory, column_map)
    return workforce_data(result, hasher), result
