"""Counting in DuckDB: unit rows in, counts per period, breakdown cell and group out.

A measure describes its *units* as SQL (one row per person, application, response...) with
the columns ``period`` (the snapshot date), ``grp`` (an ethnicity category code, or another
characteristic's value), ``outcome`` (boolean, for rates) and the breakdown dimensions. This
module counts them for every requested breakdown in one ``GROUPING SETS`` query, at the finest
group level; groupings and roll-ups are applied afterwards to these small tables in Python.

Breakdowns are written ``directorate`` or, for an intersection, ``sex+disability``; a blank
dimension value is counted as ``Not recorded``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import duckdb

DIMENSIONS = ("directorate", "grade", "sex", "disability", "age_band", "level")
NOT_RECORDED = "Not recorded"


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


# (period, breakdown, cell values) -> {grp: [x, n]}
Counts = dict[tuple, dict[str, list[float]]]


def count(con: duckdb.DuckDBPyConnection, units_sql: str, breakdowns: list[Breakdown],
          available: set[str]) -> Counts:
    """Count units (``n``) and outcomes (``x``) by period, group and each breakdown's cells.

    Breakdowns using a dimension the units do not have are skipped (``available`` lists the
    dimensions the units carry).
    """
    usable = [b for b in breakdowns if set(b.dimensions) <= available]
    dims = sorted({d for b in usable for d in b.dimensions})
    sets = ", ".join("(" + ", ".join(["period", "grp", *b.dimensions]) + ")" for b in usable)
    select_dims = "".join(f", coalesce(CAST({d} AS VARCHAR), '{NOT_RECORDED}') AS {d}" for d in dims)
    grouping = "".join(f", GROUPING({d}) AS g_{d}" for d in dims)
    sql = (f"WITH units AS ({units_sql}), u AS (SELECT period, grp, outcome{select_dims} FROM units) "
           f"SELECT period, grp{''.join(', ' + d for d in dims)}{grouping}, count(*) AS n, "
           f"count(*) FILTER (WHERE outcome) AS x FROM u GROUP BY GROUPING SETS ({sets})")
    rows = con.execute(sql).fetchall()
    by_set = {frozenset(b.dimensions): b for b in usable}
    out: Counts = defaultdict(dict)
    for row in rows:
        period, grp = row[0], row[1]
        values = dict(zip(dims, row[2:2 + len(dims)]))
        flags = dict(zip(dims, row[2 + len(dims):2 + 2 * len(dims)]))
        present = tuple(d for d in dims if flags[d] == 0)
        breakdown = by_set[frozenset(present)]
        key = (period, breakdown, tuple(values[d] for d in breakdown.dimensions))
        out[key][grp] = [float(row[-1]), float(row[-2])]
    return out
