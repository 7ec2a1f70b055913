"""How long a person waits for a report (issue 12, point 10): `parity report ...` timed as a fresh
process, files out, on a database holding the demo council (`parity setup --demo`, 15,000 staff
over five snapshots). Each report is checked after it is written: its stored copy is made again
and must match byte for byte (`parity report check`), so the time is for a correct file.

    PARITY_HOME=var python benchmarks/reports_benchmark.py [--runs 3]

Prints one line per report and format: the slowest and median wall-clock time of the runs.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET = 10.0  # seconds: the target for the committee and the annual report


def parity(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "parity"), *args], capture_output=True, text=True,
                          env=os.environ.copy())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    plans = parity("plan", "list").stdout.split()
    if not plans:
        print("no plan in the database: run `parity setup --demo` first", file=sys.stderr)
        return 1
    plan = plans[0]
    cases = [("committee", fmt, ["--plan", plan, "--period", "2025/26"]) for fmt in ("docx", "pdf", "html")]
    cases += [("annual", fmt, []) for fmt in ("docx", "pdf", "html")]
    cases += [("paygap", "pdf", []), ("wres", "xlsx", [])]
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for kind, fmt, extra in cases:
            times = []
            for run in range(args.runs):
                out = Path(folder) / f"{kind}-{run}.{fmt}"
                start = time.perf_counter()
                done = parity("report", kind, *extra, "--format", fmt, "--output", str(out))
                times.append(time.perf_counter() - start)
                if done.returncode != 0 or not out.stat().st_size:
                    print(done.stdout, done.stderr, file=sys.stderr)
                    return 1
                stored = re.search(r"stored as report (\d+)", done.stdout).group(1)
                if parity("report", "check", stored).returncode != 0:
                    print(f"{kind} {fmt}: report {stored} is not made again the same", file=sys.stderr)
                    return 1
            over = kind in ("committee", "annual") and max(times) > BUDGET
            failed |= over
            print(f"{kind:9} {fmt:5} median {statistics.median(times):5.2f} s, slowest {max(times):5.2f} s"
                  f"{'  OVER the 10 s budget' if over else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
