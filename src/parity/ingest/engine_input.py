"""Validated files to the engine's input tables (``engine.workforce.WorkforceData``)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ..engine.workforce import EMPTY_TABLES, WorkforceData, answers_long
from .column_map import ColumnMap
from .folder import FolderResult, validate_folder
from .pseudonymise import Pseudonymiser
from .schemas import load


def workforce_data(result: FolderResult, hasher: Pseudonymiser | None = None) -> WorkforceData:
    """The valid files' tables by kind (several files of one kind are stacked), with only the
    columns the engine reads (``engine.workforce.EMPTY_TABLES``) and identifiers hashed by
    ``hasher`` as an import stores them (so record keys, and so every published count, are the
    same as the app's: ``engine.cell_key``), each distinct identifier once across the files."""
    by_kind: dict[str, list[pa.Table]] = {}
    for table in result.tables:
        if table.kind is None or table.table is None or not table.report.ok:
            continue
        by_kind.setdefault(table.kind, []).append(table.table.select(_read_by_engine(table.kind, table.table)))
    sources = {t.report.file: t.report.sha256 for t in result.tables
               if t.kind is not None and t.table is not None and t.report.ok}
    stacked = {kind: pa.concat_tables(parts, promote_options="default") for kind, parts in by_kind.items()}
    identifiers = {kind: [f.name for f in load(kind).fields if f.is_identifier and f.name in table.column_names]
                   for kind, table in stacked.items()}
    with ThreadPoolExecutor(1) as pool:  # Arrow encodes the other columns while Python hashes
        compacted = {kind: pool.submit(_compact, table, set(identifiers[kind])) for kind, table in stacked.items()}
        columns = [(kind, name) for kind, names in identifiers.items() for name in names]
        hashed = hasher.hash_columns([stacked[kind][name] for kind, name in columns], as_dictionary=True) \
            if hasher else []
        stacked = {kind: future.result() for kind, future in compacted.items()}
    for (kind, name), column in zip(columns, hashed):
        stacked[kind] = stacked[kind].set_column(stacked[kind].column_names.index(name), name, column)
    tables = {}
    for kind, table in stacked.items():
        tables["survey_answers" if kind == "survey_responses" else kind] = \
            answers_long(table) if kind == "survey_responses" else table
    return WorkforceData(tables, sources, hashed_ids=hasher is not None)


def _read_by_engine(kind: str, table: pa.Table) -> list[str]:
    """The columns of a validated table the engine reads; for survey responses, what each answer
    row keeps and every question's column."""
    engine_kind = "survey_answers" if kind == "survey_responses" else kind
    wanted = {part.split()[0] for part in EMPTY_TABLES.get(engine_kind, "").split(",") if part.strip()}
    if engine_kind not in EMPTY_TABLES:
        return [c for c in table.column_names if c != "_row"]
    return [c for c in table.column_names if c in wanted or (kind == "survey_responses" and c.startswith("q:"))]


def _compact(table: pa.Table, identifiers: set[str]) -> pa.Table:
    """Text columns with few distinct values (directorate, grade, ethnicity...) dictionary-encoded.

    The same data in a fraction of the memory; the engine reads them as text. Identifiers are
    left alone: nearly every one is distinct.
    """
    for index, field in enumerate(table.schema):
        if pa.types.is_string(field.type) and table.num_rows and field.name not in identifiers:
            encoded = pc.dictionary_encode(table[field.name].combine_chunks())
            if len(encoded.dictionary) <= max(1000, table.num_rows // 100):
                table = table.set_column(index, field.name, encoded)
    return table


def load_folder(directory: str | Path, column_map: ColumnMap | None = None,
                hasher: Pseudonymiser | None = None) -> tuple[WorkforceData, FolderResult]:
    result = validate_folder(directory, column_map)
    return workforce_data(result, hasher), result
