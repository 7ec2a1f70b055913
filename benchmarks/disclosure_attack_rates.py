"""How often the attacker narrows a small cell, on many random council shapes (docs/disclosure.md).

``python benchmarks/disclosure_attack_rates.py [SHAPES]`` (default 200): councils of 20 to 300
staff, one to four directorates, one to five grades, random group mixes (mostly White British),
hashed identifiers; what the staff pages publish (composition and declaration rate in the four
groupings, overall and by directorate, WRES 1 and Social Care WRES 1 by grade) is attacked by the
test suite's attacker (``tests/app/attacker.py``). Prints, per shape and in total, the cells of
1 to 4 people attacked, those narrowed below "1 to 4" (width under 3), below 3 possible counts
(width under 2) and pinned (width 0). Never a timed unit test.
"""

import datetime as dt
import hashlib
import random
import sys
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "app"))
from attacker import at_detail, engine_rows, members_of, narrowest, published_sets, true_counts, unknowns  # noqa: E402

from parity.engine.compute import Parameters, compute  # noqa: E402
from parity.engine.workforce import WorkforceData  # noqa: E402

CATEGORIES = ("white_british", "white_irish", "white_other", "asian_indian", "asian_pakistani", "asian_bangladeshi",
              "asian_chinese", "black_african", "black_caribbean", "mixed_white_black_caribbean", "other_arab",
              "not_stated")
GROUPINGS = ("ons5", "ons19", "white_british_vs_minorities", "wres_binary")


def shape(seed: int) -> list[dict]:
    rng = random.Random(seed)
    directorates, grades, staff = rng.randint(1, 4), rng.randint(1, 5), rng.randint(20, 300)
    weights = [rng.randint(0, 20) for _ in CATEGORIES]
    weights[0] += 30
    pool = [c for c, w in zip(CATEGORIES, weights) for _ in range(w)]
    return [{"staff_id": hashlib.sha256(f"{seed} {i}".encode()).hexdigest(), "snapshot_date": dt.date(2024, 3, 31),
             "ethnicity": rng.choice(pool), "directorate": f"D{rng.randrange(directorates)}",
             "grade": f"G{rng.randrange(grades)}"} for i in range(staff)]


def widths(records: list[dict]) -> list[float]:
    data = WorkforceData({"staff": pa.Table.from_pylist(records)}, {"shape": "random"}, hashed_ids=True)
    rows = []
    for grouping in GROUPINGS:
        results = compute(data, Parameters(measures=("workforce.composition", "workforce.declaration_rate", "wres.1",
                                                     "scwres.1"), breakdowns=("directorate", "grade"),
                                           grouping=grouping)).results
        rows += engine_rows([r for r in results if "level=" not in r.breakdown and not (
            r.measure in ("wres.1", "scwres.1") and r.breakdown.startswith("directorate="))], grouping)
    sets = published_sets(rows)
    atoms = unknowns(sets)
    true = at_detail(true_counts(records), atoms)  # to what the unknowns tell apart
    index = {a: i for i, a in enumerate(atoms)}
    targets = [m for m in (frozenset(members_of(key, index)) for key in sets)
               if 0 < sum(true.get(atoms[i], 0) for i in m) < 5]
    targets += [frozenset([i]) for a, i in index.items() if a[0] == "staff" and 0 < true.get(a, 0) < 5]
    return narrowest(sets, atoms, targets) if targets else []


def main() -> None:
    shapes = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    totals = [0, 0, 0, 0]
    for seed in range(shapes):
        w = widths(shape(seed))
        counts = [len(w), sum(x < 3 - 1e-6 for x in w), sum(x < 2 - 1e-6 for x in w), sum(x < 1e-6 for x in w)]
        totals = [t + c for t, c in zip(totals, counts)]
        print(f"shape {seed}: {counts[0]} cells of 1 to 4 attacked, {counts[1]} narrowed, {counts[2]} below 3 "
              f"possible counts, {counts[3]} pinned", flush=True)
    print(f"{shapes} shapes: {totals[0]:,} cells attacked; narrowed below '1 to 4' {totals[1]} "
          f"({totals[1] / max(totals[0], 1):.2%}); below 3 possible counts {totals[2]}; pinned {totals[3]}")


if __name__ == "__main__":
    main()
