"""The attacker of ``attacker.py`` against council shapes Hypothesis makes: a few dozen to a few
hundred staff, sparse directorates, a grade of one person, rare groups, one to three snapshots
with people coming and going. Everything the staff pages publish (composition and declaration
rate in all four groupings, overall and by directorate; WRES 1 and Social Care WRES 1 by grade)
is computed by the engine as the app computes it, with hashed identifiers, and attacked.

The criterion here is weaker than for the realistic council (test_disclosure_attack.py, where no
cell of 1 to 4 may be narrowed at all): in tiny cells the rounding can be undone a little (a
whole of 6 shown as 10 whose other part shows "<5" leaves this part 2 to 4), so here every cell
of 1 to 4 people must keep at least 3 possible counts (docs/disclosure.md gives the measured
rates). The examples are fixed (derandomised) so that a run is repeatable.
"""

import datetime as dt
import hashlib

import pyarrow as pa
from attacker import KEPT, engine_rows, pinned, true_counts
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
                                     st.integers(0, 2), st.integers(0, 2)), min_size=20, max_size=200))
    snapshots = [dt.date(2024 + i, 3, 31) for i in range(draw(st.integers(1, 3)))]
    records = []
    for n, (ethnicity, directorate, grade, first, length) in enumerate(people):
        for year in range(first, min(len(snapshots), first + length + 1)):
            staff_id = hashlib.sha256(f"person {n}".encode()).hexdigest()  # a keyed hash stands in
            records.append({"staff_id": staff_id, "snapshot_date": snapshots[year], "ethnicity": ethnicity,
                            "directorate": directorate, "grade": grade})
    return records


def published_rows(records, policy=None) -> list[dict]:
    data = WorkforceData({"staff": pa.Table.from_pylist(records)}, {"hypothesis": "shape"}, hashed_ids=True)
    rows = []
    for grouping in GROUPINGS:
        results = compute(data, Parameters(measures=("workforce.composition", "workforce.declaration_rate",
                                                     "wres.1", "scwres.1"),
                                           breakdowns=("directorate", "grade"), grouping=grouping), policy).results
        rows += engine_rows([r for r in results if "level=" not in r.breakdown and not (
            r.measure in ("wres.1", "scwres.1") and r.breakdown.startswith("directorate="))], grouping)
    return rows


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(councils())
def test_no_small_cell_can_be_narrowed_in_any_council_shape(records):
    if not records:
        return
    _, found = pinned(published_rows(records), true_counts(records))
    assert all(width >= KEPT - 1e-6 for _, width in found), found[:5]


def test_one_true_small_count_among_the_figures_is_caught():
    records = [{"staff_id": hashlib.sha256(f"person {n}".encode()).hexdigest(), "snapshot_date": dt.date(2025, 3, 31),
                "ethnicity": CATEGORIES[n % 7 if n % 3 else 0], "directorate": f"D{n % 2}", "grade": f"G{n % 3}"}
               for n in range(120)]
    true = true_counts(records)
    rows = published_rows(records)
    attacked, found = pinned(rows, true)
    assert attacked > 10 and all(width >= KEPT - 1e-6 for _, width in found)
    # a page that printed one small cell's true count (1 to 4 Bangladeshi staff in one grade of one directorate)
    (_, period, directorate, grade, *_), count = next((a, v) for a, v in sorted(true.items())
                                                     if a[0] == "staff" and a[4] == "asian_bangladeshi" and 0 < v < 5)
    rows.append({"measure": "workforce.composition", "period": period, "breakdown": "", "group": "Bangladeshi",
                 "comparator": "", "grouping": "ons19", "where": f"directorate={directorate};grade={grade}",
                 "numerator": float(count), "denominator": ""})
    _, leaked = pinned(rows, true)
    assert any(width < 1e-6 for _, width in leaked)
