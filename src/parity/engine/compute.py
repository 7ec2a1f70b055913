"""Computing a set of measures: parameters in, disclosed results with provenance out.

``compute(data, parameters)`` runs every chosen measure for every chosen snapshot, applies the
disclosure policy, and returns a ``MeasureSet`` whose JSON is byte-identical for the same
inputs and parameters (results in a fixed order; no clock time in it: the app stores when it
computed beside the set).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from .. import __version__
from . import groupings, registry
from .aggregate import parse_breakdowns
from .change import Change, changes
from .counts.duckdb import DuckDBCounts
from .disclosure import DisclosurePolicy, SuppressionEntry
from .measures.base import Context
from .results import Result, sort_key
from .workforce import EMPTY_TABLES, WorkforceData

DEFAULT_REFERENCE = {"ons5": "White", "ons19": "English, Welsh, Scottish, Northern Irish or British",
                     "white_british_vs_minorities": "White British", "wres_binary": "White"}


@dataclass(frozen=True)
class Parameters:
    measures: tuple[str, ...] = ()
    snapshots: tuple[str, ...] = ()
    breakdowns: tuple[str, ...] = ("directorate,grade",)
    grouping: str = "ons5"
    reference: str | None = None
    rolling_years: int = 2
    min_cell: int = 5
    adjustment: str = "holm"
    local_population_share: float | None = None

    def resolved_reference(self) -> str:
        return self.reference or DEFAULT_REFERENCE[self.grouping]

    def policy(self) -> DisclosurePolicy:
        """The disclosure policy these parameters ask for: counts rounded to ``min_cell``."""
        return DisclosurePolicy(min_count=max(1, self.min_cell))


@dataclass
class MeasureSet:
    results: list[Result]
    suppression_log: list[SuppressionEntry]
    provenance: dict
    methodology: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # options a measure could not honour, and why

    def to_dict(self) -> dict:
        return {"provenance": self.provenance, "methodology": self.methodology, "warnings": self.warnings,
                "results": [r.to_dict() for r in self.results],
                "changes": [c.to_dict() for c in self.changes],
                "suppression_log": [e.to_dict() for e in self.suppression_log]}

    def to_json(self) -> str:
        """The set as JSON, keys sorted: one line, as the standard library's C encoder writes it
        (with an indent it falls back to its Python encoder, 2.5 times slower: 0.4 s of a
        council-sized ``parity measures``). ``python -m json.tool`` lays it out for reading."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)


BACKENDS = ("duckdb", "pandas")


class ParameterError(ValueError):
    """A choice the data cannot satisfy (a reference group not in the grouping, a snapshot that
    is not there): its message is written for the person who chose."""


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while a measure set is built.

    A run allocates tens of thousands of small, acyclic objects (results, count dicts); each
    allocation burst triggers full collections that walk every live object, which cost about a
    fifth of a council-sized run. Reference counting still frees everything; the collector is
    restored (and catches up) afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compute(data: WorkforceData, parameters: Parameters | None = None,
            policy: DisclosurePolicy | None = None, backend: str = "duckdb") -> MeasureSet:
    """Every chosen measure for every chosen snapshot, disclosed, with provenance.

    ``backend`` picks who builds the count tables: DuckDB (the engine) or plain pandas (the
    comparison); the results are identical.
    """
    with collector_paused():
        return _compute(data, parameters, policy, backend)


def _compute(data: WorkforceData, parameters: Parameters | None, policy: DisclosurePolicy | None,
             backend: str) -> MeasureSet:
    p = parameters or Parameters()
    policy = policy or p.policy()
    grouping = groupings.get(p.grouping)
    reference = p.resolved_reference()
    if reference not in grouping.labels:
        raise ParameterError(f"reference group {reference!r} is not a label of {p.grouping}: "
                         f"{', '.join(grouping.labels)}")
    snapshots = data.snapshots()
    if p.snapshots:
        wanted = {dt.date.fromisoformat(s) for s in p.snapshots}
        missing = sorted(wanted - set(snapshots))
        if missing:
            raise ParameterError(f"no staff snapshot dated {', '.join(d.isoformat() for d in missing)}; "
                             f"snapshots: {', '.join(d.isoformat() for d in snapshots) or 'none'}")
        snapshots = sorted(wanted)
    breakdowns = parse_breakdowns(list(p.breakdowns))
    con = None
    if backend == "duckdb":
        con = data.connect()
        for kind, columns in EMPTY_TABLES.items():
            if kind not in data.tables:
                con.execute(f"CREATE TEMP TABLE {kind} ({columns})")
        days = ", ".join(f"(DATE '{d.isoformat()}')" for d in snapshots) or "(NULL::DATE)"
        con.execute(f"CREATE OR REPLACE TEMP VIEW periods AS SELECT * FROM (VALUES {days}) AS t(period) "
                    "WHERE period IS NOT NULL")
        counts = DuckDBCounts(con, breakdowns)
    elif backend == "pandas":
        from .counts.pandas import PandasCounts  # pandas is imported only by those who ask for it

        counts = PandasCounts(data, snapshots, breakdowns)
    else:
        raise ValueError(f"unknown backend {backend!r}; use {' or '.join(BACKENDS)}")
    ctx = Context(data=data, counts=counts, periods=snapshots, breakdowns=breakdowns,
                  grouping=grouping, reference=reference, rolling_years=p.rolling_years,
                  min_cell=p.min_cell, adjustment=p.adjustment, policy=policy,
                  local_population_share=p.local_population_share, asked_reference=p.reference)
    measures = registry.select(list(p.measures))
    raw: list[Result] = []
    for m in measures:
        raw.extend(m.run(ctx))
    if con is not None:
        con.close()
    raw.sort(key=sort_key)
    raw, warnings = _fixed_groups_said(raw, measures, p)
    disclosed = policy.apply(raw, registry.kinds())
    provenance = {
        "engine_version": __version__,
        "inputs": data.fingerprints(),
        "parameters": {**asdict(p), "reference": reference, "disclosure": policy.parameters()},
        "snapshots": [d.isoformat() for d in snapshots],
        "measures": [m.id for m in measures],
    }
    kinds = registry.kinds()
    return MeasureSet(disclosed.results, disclosed.log, provenance, policy.describe(),
                      changes(disclosed.results, kinds), warnings)


def _fixed_groups_said(raw: list[Result], measures: list, p: Parameters) -> tuple[list[Result], list[str]]:
    """When a grouping or reference other than the defaults is asked for, the measures whose
    standard fixes their groups (``Measure.fixed_groups``) say so: a warning each, and in every
    row's ``method``. Options are honoured or refused, never silently ignored."""
    if p.grouping == Parameters.grouping and p.reference is None:
        return raw, []
    fixed = {m.id: m.fixed_groups for m in measures if m.fixed_groups and not (
        p.grouping == m.same_as_grouping and p.reference in (None, DEFAULT_REFERENCE[p.grouping]))}
    fixed.update({derived: fixed[source] for derived, source in registry.DERIVED.items() if source in fixed})
    asked = f"grouping {p.grouping}" + (f", reference {p.reference}" if p.reference else "")
    warnings = [f"{m}: uses {text}, not the {asked} asked for" for m, text in fixed.items()
                if m not in registry.DERIVED]
    said = [r.with_(method=f"{r.method}; groups: {fixed[r.measure]} (not the {asked} asked for)".lstrip("; "))
            if r.measure in fixed else r for r in raw]
    return said, warnings
