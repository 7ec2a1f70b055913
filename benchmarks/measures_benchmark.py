"""What a user waits for: ``parity measures`` as a whole command, beside the engine step, against
a pandas program doing the same work, at council and national scale.

``python benchmarks/measures_benchmark.py [--staff 15000 --staff 1000000] [--runs 3]``: for each
size it writes a synthetic council (5 annual snapshots and every file type: staff, applications,
training, casework, panels, survey questions and responses) and then times, each as a fresh
process, files in and JSON out, with the process's peak memory (its maximum resident set, from
``wait4``):

* **files**: ``parity measures DIR --output OUT.json``: reading, validating, hashing, computing
  and writing, everything the user waits for;
* **keep**: ``parity validate DIR --keep DATASET``, once (the cost of "import once");
* **dataset**: ``parity measures DATASET --output OUT.json`` (compute many: no parsing);
* **engine step**: the measure set computed on tables already in memory (``compute()`` alone,
  timed inside the process; shown beside the whole command, never instead of it);
* **pandas**: ``benchmarks/pandas_measures.py DIR``: the same measure set by a pandas program
  (``pd.read_csv``, categoricals, vectorised conversion, the count tables in pandas:
  ``engine/counts/pandas.py``).

Every run's JSON must be byte-identical to the first whole-command run's: the script stops with
an assertion error otherwise. Times are printed for docs/performance.md; targets are the issue's,
not asserted here (a busy machine is not a failing product). Never a timed unit test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINE_STEP = r"""
import json, sys, time
from pathlib import Path
from parity.engine.compute import Parameters, compute
from parity.ingest.dataset import load_dataset
from parity.ingest.pseudonymise import Pseudonymiser, load_or_create_secret

secret = load_or_create_secret(Path(sys.argv[2]))
data = load_dataset(sys.argv[1], Pseudonymiser(secret))
started = time.perf_counter()
result = compute(data, Parameters())
seconds = time.perf_counter() - started
Path(sys.argv[3]).write_text(result.to_json() + "\n", "utf-8")
print(json.dumps({"seconds": seconds}))
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds and peak memory (MiB) of a fresh process, and what it printed."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{text}")
    return seconds, usage.ru_maxrss / 1024, text


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} s (runs: {', '.join(f'{v:.2f}' for v in values)})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, action="append", help="council sizes (default 15000 and 1000000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each timed command (default 3)")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas comparison")
    args = parser.parse_args()
    python = sys.executable
    print(f"Parity measures benchmark, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}", flush=True)
    for staff in args.staff or [15000, 1_000_000]:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            env = os.environ | {"PARITY_HOME": str(tmp / "home")}
            files = tmp / "files"
            seconds, _, _ = timed([python, "-m", "parity.cli", "demo-data", "--staff", str(staff), "--seed", "2",
                                   str(files)], env)
            (files / "SYNTHETIC-DATA.txt").unlink()
            size = sum(p.stat().st_size for p in files.iterdir()) / 1e6
            print(f"\n{staff:,} staff x 5 snapshots: {size:,.0f} MB of CSV, written in {seconds:.1f} s", flush=True)
            reference = tmp / "reference.json"

            def same(output: Path, what: str) -> None:
                assert output.read_bytes() == reference.read_bytes(), f"{what} differs from parity measures"

            rows = {}
            runs = []
            for i in range(args.runs):
                out = reference if i == 0 else tmp / "files.json"
                runs.append(timed([python, "-m", "parity.cli", "measures", str(files), "--output", str(out)], env))
                if i:
                    same(out, "a second run")
            rows["parity measures DIR (whole command)"] = runs
            dataset = tmp / "dataset"
            rows["parity validate DIR --keep DATASET (once)"] = [timed(
                [python, "-m", "parity.cli", "validate", str(files), "--keep", str(dataset)], env)]
            runs = []
            for _ in range(args.runs):
                runs.append(timed([python, "-m", "parity.cli", "measures", str(dataset), "--output",
                                   str(tmp / "dataset.json")], env))
                same(tmp / "dataset.json", "parity measures DATASET")
            rows["parity measures DATASET (whole command)"] = runs
            inner = []
            for _ in range(args.runs):
                _, _, text = timed([python, "-c", ENGINE_STEP, str(dataset), str(tmp / "home" / "secret.key"),
                                    str(tmp / "step.json")], env)
                inner.append(json.loads(text.strip().splitlines()[-1])["seconds"])
                same(tmp / "step.json", "the engine step")
            if not args.no_pandas:
                runs = []
                for _ in range(args.runs):
                    runs.append(timed([python, str(ROOT / "benchmarks" / "pandas_measures.py"), str(files),
                                       "--secret-file", str(tmp / "home" / "secret.key"),
                                       "--output", str(tmp / "pandas.json")], env))
                    same(tmp / "pandas.json", "the pandas program's output")
                rows["pandas program, DIR (whole command)"] = runs
            for what, runs in rows.items():
                print(f"  {what:<44} {summary([r[0] for r in runs])}, peak {max(r[1] for r in runs):,.0f} MiB",
                      flush=True)
            print(f"  {'engine step alone (compute(), in memory)':<44} {summary(inner)}")
            whole = statistics.median(r[0] for r in rows["parity measures DIR (whole command)"])
            if not args.no_pandas:
                ratio = statistics.median(r[0] for r in rows["pandas program, DIR (whole command)"]) / whole
                print(f"  the whole command is {ratio:.1f}x the pandas program's speed")
            print(f"  identical results (asserted): {json.loads(reference.read_text())['results'].__len__():,} "
                  "results", flush=True)


if __name__ == "__main__":
    main()
