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
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

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
    "survey_questions": "survey VARCHAR, id VARCHAR, measure VARCHAR, favourable VARCHAR",
    "survey_answers": "response_id VARCHAR, survey VARCHAR, submitted_date DATE, ethnicity VARCHAR, directorate VARCHAR, sex VARCHAR, "
                      "disability VARCHAR, question_id VARCHAR, answer VARCHAR",
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
        """
        con = duckdb.connect()
        con.execute("SET threads TO 2")
        for kind, table in self.tables.items():
            con.register(kind, with_engine_columns(kind, table))
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
