"""Metrics engine speed and memory at council and national scale.

``python benchmarks/measures_benchmark.py [--staff 15000 --staff 1000000]``: for each size it
generates a synthetic council (5 snapshots, every file type), validates it into engine tables,
saves them as Parquet, then in a fresh process loads them and times the full measure set with
the standard breakdowns (overall, directorate, grade), reporting peak memory (VmHWM) of that
process, inputs included. Figures go in docs/performance.md by hand. Never a timed unit test.

Each size runs twice: the engine (DuckDB count tables) and the plain pandas implementation of
the same count tables (``engine/counts/pandas.py``); the two result sets must be identical.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, sys, time
import pyarrow.parquet as pq
from pathlib import Path
from parity.engine.compute import Parameters, compute
from parity.engine.workforce import WorkforceData

def peak():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'):
            return int(line.split()[1]) / 1024

folder = Path(sys.argv[1])
data = WorkforceData({p.stem: pq.read_table(p) for p in folder.glob('*.parquet')}, {"benchmark": "synthetic"},
                     hashed_ids=True)
loaded = peak()
backend = sys.argv[2]
started = time.perf_counter()
result = compute(data, Parameters(), backend=backend)
seconds = time.perf_counter() - started
digest = __import__("hashlib").sha256(result.to_json().encode()).hexdigest()
print(json.dumps({"seconds": seconds, "results": len(result.results), "peak_mb": peak(), "after_load_mb": loaded,
                  "sha256": digest}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, action="append", help="council sizes (default 15000 and 1000000)")
    args = parser.parse_args()
    import pyarrow.parquet as pq

    from parity.ingest.engine_input import load_folder
    from parity.ingest.pseudonymise import Pseudonymiser
    from parity.synthetic_council import write_council

    print(f"Parity measures benchmark, {dt.date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    for staff in args.staff or [15000, 1_000_000]:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            started = time.perf_counter()
            write_council(tmp / "files", staff=staff, years=5, seed=2)
            (tmp / "files" / "SYNTHETIC-DATA.txt").unlink()
            generated = time.perf_counter() - started
            started = time.perf_counter()
            # identifiers hashed as an import and `parity measures` hash them (a fixed benchmark secret)
            data, result = load_folder(tmp / "files", hasher=Pseudonymiser(b"benchmark secret, not a real one!"))
            assert result.ok
            loaded = time.perf_counter() - started
            (tmp / "tables").mkdir()
            for kind, table in data.tables.items():
                pq.write_table(table, tmp / "tables" / f"{kind}.parquet")
            rows = data.tables["staff"].num_rows
            del data
            print(f"{staff:>9,} staff ({rows:,} staff rows): generate {generated:.1f} s, validate {loaded:.1f} s",
                  flush=True)
            digests = {}
            for backend in ("duckdb", "pandas"):
                out = subprocess.run([sys.executable, "-c", CHILD, str(tmp / "tables"), backend], check=True,
                                     capture_output=True, text=True).stdout
                figures = json.loads(out.strip().splitlines()[-1])
                digests[backend] = figures["sha256"]
                print(f"  {backend:<7} full measure set {figures['seconds']:6.2f} s, {figures['results']:,} results, "
                      f"peak {figures['peak_mb']:,.0f} MB (inputs loaded: {figures['after_load_mb']:,.0f} MB)",
                      flush=True)
            assert digests["duckdb"] == digests["pandas"], "the engine and pandas results differ"
            print("  identical results (asserted)", flush=True)


if __name__ == "__main__":
    main()
