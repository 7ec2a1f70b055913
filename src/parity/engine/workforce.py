"""The engine's input: typed tables of workforce data, and the periods they cover.

``WorkforceData`` holds one Arrow table per file type (``staff``, ``applications``,
``training``, ``casework``, ``panels``, ``survey_questions``) with the canonical column names of
the schemas, plus ``survey_answers``: one row per response and question (long form). Where
the tables come from (a folder of files, the database) is not the engine's business.

**Periods.** A period is a staff snapshot date ``D``. Event measures count the events of the
year ending on it: ``D - 1 year < event date <= D`` (for 31 March snapshots, the financial year
1 April to 31 March). Results are labelled with ``D`` (ISO date).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .aggregate import RECORD_KEY
from .cell_key import record_keys

KINDS = ("staff", "applications", "training", "casework", "panels", "survey_questions", "survey_answers")

# Columns the engine reads from each table, for an absent one (its measures are not computable,
# but shared queries still run).
EMPTY_TABLES = {
    "staff": "staff_id VARCHAR, snapshot_date DATE, ethnicity VARCHAR, directorate VARCHAR, grade VARCHAR, "
             "sex VARCHAR, disability VARCHAR, age_band VARCHAR, is_senior_leader BOOLEAN, "
             "is_board_member BOOLEAN, is_manager BOOLEAN, promoted_in_year BOOLEAN, hourly_pay DOUBLE, "
             "bonus_pay_12m DOUBLE, full_pay_relevant BOOLEAN",
    "applications": "application_id VARCHAR, application_date DATE, ethnicity VARCHAR, disability VARCHAR, "
                    "directorate VARCHAR, grade VARCHAR, sex VARCHAR, shortlisted BOOLEAN, interviewed BOOLEAN, "
                    "appointed BOOLEAN",
    "training": "staff_id VARCHAR, category VARCHAR, start_date DATE, completed BOOLEAN",
    "casework": "case_id VARCHAR, staff_id VARCHAR, case_type VARCHAR, opened_date DATE, litigation VARCHAR, "
                "positive_resolution BOOLEAN, decision_maker_ethnicity VARCHAR",
    "panels": "vacancy_id VARCHAR, panel_date DATE, members BIGINT, members_ethnic_minority BIGINT",
    "survey_questions": "survey VARCHAR, id VARCHAR, text VARCHAR, type VARCHAR, measure VARCHAR, favourable VARCHAR",
    "survey_answers": "response_id VARCHAR, survey VARCHAR, submitted_date DATE, ethnicity VARCHAR, directorate VARCHAR, sex VARCHAR, "
                      "disability VARCHAR, is_manager BOOLEAN, question_id VARCHAR, answer VARCHAR",
}


@dataclass
class WorkforceData:
    tables: dict[str, pa.Table] = field(default_factory=dict)
    sources: dict[str, str] | None = None  # what the tables came from -> content hash (provenance)
    hashed_ids: bool = False  # identifiers are the installation's keyed hashes, in hex (engine.cell_key)
    _snapshots: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def has(self, kind: str) -> bool:
        return kind in self.tables and self.tables[kind].num_rows > 0

    def snapshots(self) -> list[dt.date]:
        """Staff snapshot dates, oldest first (worked out once per staff table)."""
        if not self.has("staff"):
            return []
        staff = self.tables["staff"]
        if self._snapshots is None or self._snapshots[0] is not staff:
            self._snapshots = (staff, sorted(pc.unique(staff["snapshot_date"]).to_pylist()))
        return list(self._snapshots[1])

    def connect(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with every table registered under its kind.

        A column the engine reads but a table lacks (an optional column nobody supplied) is
        added as nulls, so a measure that needs it says "not computable" rather than failing.
        Each table of records carries its records' keys (``RECORD_KEY``, ``engine.cell_key``),
        and keyed-hash staff identifiers are compared as numbers (``_numeric_staff_ids``).
        """
        con = duckdb.connect()
        con.execute("SET threads TO 2")
        con.execute("SET enable_progress_bar = false")  # never a bar on the user's terminal
        tables = {kind: with_engine_columns(kind, table) for kind, table in self.tables.items()}
        for kind, column in RECORD_IDS.items():
            if kind in tables:
                hashed = self.hashed_ids and kind != "panels"  # vacancy numbers are not people's ids
                tables[kind] = tables[kind].append_column(RECORD_KEY, record_keys(tables[kind][column], hashed))
        numeric = self.hashed_ids and _numeric_staff_ids(tables)
        for kind, table in tables.items():
            if numeric and kind in STAFF_ID_TABLES:
                con.register(f"{kind}_by_number", table)
                con.execute(f"CREATE VIEW {kind} AS SELECT * EXCLUDE (id_high, id_low), "
                            f"(id_high::UHUGEINT << 64) | id_low AS staff_id FROM {kind}_by_number")
            else:
                con.register(kind, table)
        return con

    def fingerprints(self) -> dict[str, str]:
        """Provenance of the inputs: the caller's ``sources`` (file or dataset-version hashes),
        else the SHA-256 of each table's content (rows sorted, as CSV)."""
        if self.sources is not None:
            return dict(sorted(self.sources.items()))
        out = {}
        for kind in sorted(self.tables):
            table = self.tables[kind]
            ordered = table.sort_by([(c, "ascending") for c in table.column_names])
            buffer = io.BytesIO()
            pacsv.write_csv(ordered, buffer)
            out[kind] = hashlib.sha256(buffer.getvalue()).hexdigest()
        return out


RECORD_IDS = {"staff": "staff_id", "applications": "application_id", "casework": "case_id",
              "survey_answers": "response_id", "panels": "vacancy_id"}  # each table's record identifier
STAFF_ID_TABLES = ("staff", "training", "casework")  # the tables joined on staff_id
ID_BITS = 128  # keyed-hash staff ids are compared on their first 128 bits (32 hex digits)


def _numeric_staff_ids(tables: dict[str, pa.Table]) -> bool:
    """Replace, in place, the keyed-hash ``staff_id`` of every table joined on it by its first
    ``ID_BITS`` bits as two unsigned 64-bit columns (``id_high``, ``id_low``): joining and grouping
    1M people's 64-digit strings costs more than the rest of the staff count. Two different
    people share 128 bits of an HMAC with a chance of about 10^-27 at a million people. Done
    only when every such identifier has the same length of at least 32 digits (as keyed hashes
    do); otherwise the strings stay and False is returned."""
    present = [kind for kind in STAFF_ID_TABLES if kind in tables]
    numbers = {}
    for kind in present:
        parts = [_leading_bits(chunk) for chunk in tables[kind]["staff_id"].chunks]
        if any(p is None for p in parts):
            return False
        numbers[kind] = parts
    for kind in present:
        table = tables[kind].drop_columns(["staff_id"])
        high = pa.chunked_array([p[0] for p in numbers[kind]], pa.uint64())
        low = pa.chunked_array([p[1] for p in numbers[kind]], pa.uint64())
        tables[kind] = table.append_column("id_high", high).append_column("id_low", low)
    return True


def _leading_bits(chunk: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """The first ``ID_BITS`` / 4 (32) hex digits of each string as two 64-bit numbers, or None
    unless every string is present and of one length of at least 32 (a multiple of 8); for a
    dictionary-encoded column, worked out once per distinct string."""
    if pa.types.is_dictionary(chunk.type):
        if chunk.null_count:
            return None
        distinct = _leading_bits(chunk.dictionary.cast(pa.string()))
        if distinct is None:
            return None
        indices = chunk.indices.to_numpy()
        return distinct[0][indices], distinct[1][indices]
    chunk = chunk.cast(pa.string())
    if chunk.null_count:
        return None
    if len(chunk) == 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.uint64)
    offsets = np.frombuffer(chunk.buffers()[1], np.int32, len(chunk) + 1, chunk.offset * 4)
    width = int(offsets[1] - offsets[0])
    if width < ID_BITS // 4 or width % 8 or np.any(np.diff(offsets) != width):
        return None
    words = np.frombuffer(chunk.buffers()[2], np.uint64, len(chunk) * width // 8, int(offsets[0]))
    words = words.reshape(len(chunk), width // 8)
    return ((_hex_word(words[:, 0]) << np.uint64(32)) | _hex_word(words[:, 1]),
            (_hex_word(words[:, 2]) << np.uint64(32)) | _hex_word(words[:, 3]))


def _hex_word(word: np.ndarray) -> np.ndarray:
    """Eight hex digits read as one little-endian 64-bit word each -> their 32-bit value."""
    w = word.byteswap()  # the first digit in the top byte
    v = (w & np.uint64(0x0F0F0F0F0F0F0F0F)) + np.uint64(9) * ((w >> np.uint64(6)) & np.uint64(0x0101010101010101))
    v = (v | (v >> np.uint64(4))) & np.uint64(0x00FF00FF00FF00FF)
    v = (v | (v >> np.uint64(8))) & np.uint64(0x0000FFFF0000FFFF)
    return (v | (v >> np.uint64(16))) & np.uint64(0x00000000FFFFFFFF)


ARROW_TYPES = {"VARCHAR": pa.string(), "DATE": pa.date32(), "BOOLEAN": pa.bool_(), "BIGINT": pa.int64(),
               "DOUBLE": pa.float64()}


def with_engine_columns(kind: str, table: pa.Table) -> pa.Table:
    """``table`` with any column of ``EMPTY_TABLES[kind]`` it lacks added as typed nulls."""
    for part in EMPTY_TABLES.get(kind, "").split(","):
        if not part.strip():
            continue
        name, sql_type = part.split()
        if name not in table.column_names:
            table = table.append_column(name, pa.nulls(table.num_rows, ARROW_TYPES[sql_type]))
    return table


def years_before(day: dt.date, years: int = 1) -> dt.date:
    """The same date ``years`` earlier (29 February -> 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def answers_long(responses: pa.Table, prefix: str = "q:") -> pa.Table:
    """Wide survey responses (one ``q:<id>`` column per question) to one row per answer."""
    fixed = [c for c in responses.column_names if not c.startswith(prefix) and c != "_row"]
    parts = []
    for column in (c for c in responses.column_names if c.startswith(prefix)):
        part = responses.select(fixed)
        part = part.append_column("question_id", pa.array([column[len(prefix):]] * responses.num_rows, pa.string()))
        part = part.append_column("answer", responses[column].cast(pa.string()))
        parts.append(part)
    if not parts:
        empty = responses.select(fixed).slice(0, 0)
        return empty.append_column("question_id", pa.array([], pa.string())) \
            .append_column("answer", pa.array([], pa.string()))
    table = pa.concat_tables(parts)
    return table.filter(pc.is_valid(table["answer"]))
