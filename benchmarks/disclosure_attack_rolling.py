"""The attacker against rolling figures: what a viewer's pages publish about staff, promotion and
entering the disciplinary process (two-year rolling), on a synthetic council (docs/disclosure.md).

``python benchmarks/disclosure_attack_rolling.py [--staff 600] [--years 3]``: the figures are
computed by the engine as the app computes them (the four groupings; the whole council and each
directorate; WRES 1 and Social Care WRES 1 by grade) and attacked by the test suite's attacker
(``tests/app/attacker.py``): one unknown per snapshot x directorate x grade x category for the
staff and per snapshot x directorate x category for each outcome (outcome <= staff), a rolling
figure the sum over its snapshots. Too slow for the suite (rolling figures join the snapshots
into one programme); prints how many cells of 1 to 4 people it narrowed. Never a timed unit test.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "app"))
from attacker import WIDTH, engine_rows, pinned, true_counts  # noqa: E402

from parity.engine.compute import Parameters, compute  # noqa: E402
from parity.ingest.engine_input import load_folder  # noqa: E402
from parity.ingest.pseudonymise import Pseudonymiser  # noqa: E402
from parity.synthetic_council import write_council  # noqa: E402

MEASURES = ("workforce.composition", "workforce.declaration_rate", "wres.1", "scwres.1", "workforce.promotion",
            "casework.disciplinary")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=600)
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        write_council(Path(folder), staff=args.staff, years=args.years, seed=7)
        data, _ = load_folder(folder, hasher=Pseudonymiser(b"benchmark secret, not a real one!"))
    staff = data.tables["staff"].to_pylist()
    cases = [c for c in data.tables["casework"].to_pylist() if c["case_type"] == "disciplinary"]
    entered = {(c["staff_id"], s) for c in cases for s in {r["snapshot_date"] for r in staff}
               if s.replace(year=s.year - 1) < c["opened_date"] <= s}
    records = [{**r, "ethnicity": r["ethnicity"], "promoted": bool(r["promoted_in_year"]),
                "disciplinary": (r["staff_id"], r["snapshot_date"]) in entered} for r in staff]
    rows = []
    for grouping in ("ons5", "ons19", "white_british_vs_minorities", "wres_binary"):
        results = compute(data, Parameters(measures=MEASURES, breakdowns=("directorate", "grade"),
                                           grouping=grouping)).results
        rows += engine_rows([r for r in results if "level=" not in r.breakdown
                             and not (r.breakdown.startswith("grade=") and r.measure not in ("wres.1", "scwres.1"))
                             and not (r.measure in ("wres.1", "scwres.1") and r.breakdown.startswith("directorate="))],
                            grouping)
    started = time.perf_counter()
    attacked, found = pinned(rows, true_counts(records))
    print(f"{args.staff:,} staff, {args.years} snapshots: {attacked:,} cells of 1 to 4 attacked in "
          f"{time.perf_counter() - started:.0f} s; narrowed below '1 to 4' (width under {WIDTH}): {len(found)}; "
          f"below 3 possible counts: {sum(w < 2 - 1e-6 for _, w in found)}; pinned: {sum(w < 1e-6 for _, w in found)}")
    for name, width in found[:20]:
        print(f"  {name}: width {width:g}")


if __name__ == "__main__":
    main()
