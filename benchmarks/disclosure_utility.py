"""What the disclosure protection costs in information: figures for docs/disclosure.md.

``python benchmarks/disclosure_utility.py [--staff 500 --staff 2000 --staff 15000]``: for each
size, a synthetic council (5 snapshots, every file type, seed 1) is computed twice with the
standard parameters, once protected (the policy in force) and once with the true figures, and
the two are compared result by result:

* share of counts changed by the rounding, and of values (rates, shares, ratios) hidden;
* the largest change to a headline figure: the whole-council share of each ONS 5 group
  (``workforce.composition``, overall, latest snapshot), in percentage points;
* whether every whole-council ONS 5 share is shown for the latest snapshot.

Prints a Markdown table. Never a timed unit test.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from parity.engine.compute import Parameters, compute
from parity.engine.disclosure import DisclosurePolicy
from parity.engine.results import OVERALL, SUPPRESSED
from parity.ingest.engine_input import load_folder
from parity.synthetic_council import write_council

COUNTS = ("numerator", "denominator", "comparator_numerator", "comparator_denominator")


def compare(staff: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        write_council(Path(folder), staff=staff, years=5, seed=1)
        data, _ = load_folder(folder)
    protected = compute(data, Parameters())
    true = compute(data, Parameters(), DisclosurePolicy.unprotected())
    by_key = {(r.measure, r.period, r.breakdown, r.group, r.comparator): r for r in true.results}
    counts = changed = values = hidden = 0
    for r in protected.results:
        t = by_key[(r.measure, r.period, r.breakdown, r.group, r.comparator)]
        for f in COUNTS:
            if getattr(t, f) is not None:
                counts += 1
                changed += getattr(r, f) != getattr(t, f)
        if t.value is not None:
            values += 1
            hidden += r.status == SUPPRESSED
    latest = max(r.period for r in true.results if r.measure == "workforce.composition")
    headline = [r for r in protected.results if r.measure == "workforce.composition" and r.period == latest
                and r.breakdown == OVERALL]
    worst = max(abs(r.value - by_key[(r.measure, r.period, r.breakdown, r.group, r.comparator)].value) * 100
                for r in headline if r.value is not None)
    return {"staff": staff, "results": len(protected.results), "counts_changed": changed / counts,
            "values_hidden": hidden / values,
            "values_hidden_true": sum(1 for t in true.results if t.status == SUPPRESSED) / values,
            "headline_worst_points": worst, "headline_all_shown": all(r.value is not None for r in headline),
            "headline_groups": len(headline)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, action="append")
    args = parser.parse_args()
    print("| staff | results | counts changed by rounding | values hidden | largest change to a whole-council "
          "ONS 5 share | every whole-council ONS 5 share shown |")
    print("|---|---|---|---|---|---|")
    for staff in args.staff or [500, 2000, 15000]:
        c = compare(staff)
        print(f"| {c['staff']:,} | {c['results']:,} | {c['counts_changed']:.1%} | {c['values_hidden']:.1%} | "
              f"{c['headline_worst_points']:.2f} points | {'yes' if c['headline_all_shown'] else 'no'} "
              f"({c['headline_groups']} rows) |")


if __name__ == "__main__":
    main()
