"""The attacker of ``attacker.py`` against council shapes Hypothesis makes: a few dozen to a few
hundred staff, sparse directorates, a grade of one person, rare groups, one to three snapshots
with people coming and going. Everything the staff pages publish (composition and declaration
rate in all four groupings, overall and by directorate; WRES 1 and Social Care WRES 1 by grade)
is computed by the engine as the app computes it, with hashed identifiers, and attacked.
"""

import datetime as dt
import hashlib

import pyarrow as pa
from attacker import engine_rows, pinned, true_counts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity.engine.compute import Parameters, compute
from parity.engine.workforce import WorkforceData

CATEGORIES = ("white_british", "white_irish", "white_other", "asian_indian", "asian_pakistani", "asian_bangladeshi",
              "asian_chinese", "black_african", "black_caribbean", "mixed_white_black_caribbean", "other_arab",
              "not_stated")
GROUPINGS = ("ons5", "ons19", "white_british_vs_minorities", "wres_binary")


@st.composite
def councils(draw):
    directorates = [f"D{i}" for i in range(draw(st.integers(1, 4)))]
    grades = [f"G{i}" for i in range(draw(st.integers(1, 5)))]
    weights = draw(st.lists(st.integers(0, 20), min_size=len(CATEGORIES), max_size=len(CATEGORIES)))
    weights[0] += 30  # mostly White British, as councils are
    pool = [c for c, w in zip(CATEGORIES, weights) for _ in range(w)]
    people = draw(st.lists(st.tuples(st.sampled_from(pool), st.sampled_from(directorates), st.sampled_from(grades),
                                     st.integers(0, 2), st.integers(0, 2)), min_size=20, max_size=300))
    snapshots = [dt.date(2024 + i, 3, 31) for i in range(draw(st.integers(1, 3)))]
    records = []
    for n, (ethnicity, directorate, grade, first, length) in enumerate(people):
        for year in range(first, min(len(snapshots), first + length + 1)):
            staff_id = hashlib.sha256(f"person {n}".encode()).hexdigest()  # a keyed hash stands in
            records.append({"staff_id": staff_id, "snapshot_date": snapshots[year], "ethnicity": ethnicity,
                            "directorate": directorate, "grade": grade})
    return records


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(councils())
def test_no_small_cell_can_be_narrowed_in_any_council_shape(records):
    if not records:
        return
    data = WorkforceData({"staff": pa.Table.from_pylist(records)}, {"hypothesis": "shape"}, hashed_ids=True)
    rows = []
    for grouping in GROUPINGS:
        results = compute(data, Parameters(measures=("workforce.composition", "workforce.declaration_rate",
                                                     "wres.1", "scwres.1"),
                                           breakdowns=("directorate", "grade"), grouping=grouping)).results
        rows += engine_rows([r for r in results if "level=" not in r.breakdown and not (
            r.measure in ("wres.1", "scwres.1") and r.breakdown.startswith("directorate="))], grouping)
    _, found = pinned(rows, true_counts(records))
    assert not found, found[:5]
