"""Counting in DuckDB: unit rows in, counts per period, breakdown cell and group out.

A *count table* is built from unit rows (one per person-snapshot, application, answer, case...)
carrying ``period`` (the snapshot date), ``grp`` (an ethnicity category code or another
characteristic's value), the breakdown dimensions and any number of boolean *flags*. One
``GROUPING SETS`` query counts, for every requested breakdown cell and group, the units and
the units with each flag. Measures then read the columns they need, so one pass over the staff
serves every staff-based measure. Groupings and roll-ups are applied afterwards, in Python, to
these small tables.

Breakdowns are written ``directorate`` or, for an intersection, ``sex+disability``; a blank
dimension value is counted as ``Not recorded``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import duckdb

DIMENSIONS = ("directorate", "grade", "sex", "disability", "age_band")
NOT_RECORDED = "Not recorded"
UNITS = "n"


@dataclass(frozen=True)
class Breakdown:
    dimensions: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> "Breakdown":
        dims = tuple(d.strip() for d in text.replace("×", "+").split("+") if d.strip())
        unknown = [d for d in dims if d not in DIMENSIONS]
        if unknown:
            raise ValueError(f"unknown breakdown {', '.join(unknown)}; known: {', '.join(DIMENSIONS)}")
        return cls(dims)

    @property
    def name(self) -> str:
        return "+".join(self.dimensions) if self.dimensions else "overall"


OVERALL = Breakdown()


def parse_breakdowns(specs: list[str] | None) -> list[Breakdown]:
    """``['directorate,grade', 'sex+disability']`` -> overall, directorate, grade, sex+disability."""
    out = [OVERALL]
    for spec in specs or []:
        for part in spec.split(","):
            if part.strip():
                b = Breakdown.parse(part)
                if b not in out:
                    out.append(b)
    return out


# (period, breakdown, cell values) -> {grp: {"n": units, flag: units with the flag}}
CountTable = dict[tuple, dict[str, dict[str, float]]]


def count(con: duckdb.DuckDBPyConnection, units_sql: str, flags: dict[str, str],
          breakdowns: list[Breakdown], available: set[str]) -> CountTable:
    """Count units and flagged units by period, group and each breakdown's cells.

    ``flags`` maps a name to a boolean SQL expression over the unit columns. Breakdowns using
    a dimension the units do not carry (``available``) are skipped.
    """
    usable = [b for b in breakdowns if set(b.dimensions) <= available]
    dims = sorted({d for b in usable for d in b.dimensions})
    sets = ", ".join("(" + ", ".join(["period", "grp", *b.dimensions]) + ")" for b in usable)
    dim_cols = "".join(f", coalesce(CAST({d} AS VARCHAR), '{NOT_RECORDED}')" for d in dims)
    grouping = "".join(f", GROUPING({d})" for d in dims)
    flag_names = list(flags)
    flag_sql = "".join(f", count(*) FILTER (WHERE {flags[f]})" for f in flag_names)
    sql = (f"WITH units AS ({units_sql}) SELECT period, grp{dim_cols}{grouping}, count(*){flag_sql} "
           f"FROM units GROUP BY GROUPING SETS ({sets})")
    rows = con.execute(sql).fetchall()
    by_set = {frozenset(b.dimensions): b for b in usable}
    out: CountTable = defaultdict(dict)
    k = len(dims)
    for row in rows:
        period, grp = row[0], row[1]
        values = dict(zip(dims, row[2:2 + k]))
        flags_set = dict(zip(dims, row[2 + k:2 + 2 * k]))
        present = frozenset(d for d in dims if flags_set[d] == 0)
        breakdown = by_set[present]
        key = (period, breakdown, tuple(values[d] for d in breakdown.dimensions))
        counts = {UNITS: float(row[2 + 2 * k])}
        counts.update({f: float(v) for f, v in zip(flag_names, row[3 + 2 * k:])})
        out[key][grp] = counts
    return out


def pick(table: CountTable, x: str, n: str = UNITS) -> dict[tuple, dict[str, list[float]]]:
    """The (x, n) pairs of two columns of a count table."""
    return {key: {grp: [c[x], c[n]] for grp, c in groups.items()} for key, groups in table.items()}
