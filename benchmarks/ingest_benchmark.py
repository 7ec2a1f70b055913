"""Ingest speed at council and national scale, against a plain pandas implementation.

Run with ``make benchmark`` (or ``python benchmarks/ingest_benchmark.py [--quick]``). It measures

1. validate + import the whole 15k-staff demo council (5 snapshots, every file type) into a
   fresh SQLite database (target: under 10 s), then, separately, recompute and store every
   measure in all four groupings (``parity recompute``, which ``parity import`` also runs);
2. validate a 1,000,000-row staff CSV (target: under 15 s);
3. validate a 100,000-row staff XLSX (target: under 5 s);

and, for 2, the same checks written plainly in pandas, in the same run, which must find the
same problems. Figures go in docs/performance.md by hand, with the machine and the date.
Never a timed unit test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parents[1]


def timed(label: str, fn):
    started = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - started
    print(f"{label:<58} {seconds:7.2f} s", flush=True)
    return value, seconds


def pandas_validate_staff(path: Path) -> int:
    """The staff checks, the plain pandas way: returns the number of cell problems found."""
    import pandas as pd

    from parity.engine.ethnicity import classify
    from parity.ingest import vocabularies

    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems = 0
    for column in ("staff_id", "directorate", "grade", "snapshot_date"):
        problems += int((df[column].str.strip() == "").sum())
    for column in ("snapshot_date", "start_date"):
        text = df[column].str.strip()
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        problems += int(((text != "") & parsed.isna()).sum())
    distinct = df["ethnicity"].str.strip().unique()
    bad_ethnicity = {v for v in distinct if classify(v) is None}
    problems += int(df["ethnicity"].str.strip().isin(bad_ethnicity).sum())
    for column, parse in (("sex", vocabularies.parse_sex), ("disability", vocabularies.parse_disability)):
        bad = set()
        for v in df[column].str.strip().unique():
            try:
                if v:
                    parse(v)
            except ValueError:
                bad.add(v)
        problems += int(df[column].str.strip().isin(bad).sum())
    for column in ("is_senior_leader", "is_board_member", "is_manager", "full_pay_relevant", "promoted_in_year"):
        text = df[column].str.strip().str.lower()
        ok = text.isin(vocabularies.TRUE_WORDS | vocabularies.FALSE_WORDS) | (text == "")
        problems += int((~ok).sum())
    for column, low, high in (("fte", 0, 1.5), ("weekly_hours", 0, 100), ("hourly_pay", 0, None),
                              ("bonus_pay_12m", 0, None)):
        text = df[column].str.strip().str.replace(r"^£|,", "", regex=True)
        number = pd.to_numeric(text, errors="coerce")
        problems += int(((text != "") & number.isna()).sum())
        problems += int((number < low).sum()) + (int((number > high).sum()) if high is not None else 0)
    problems += int(df.duplicated(subset=["staff_id", "snapshot_date"]).sum())
    return problems


def with_mistakes(table):
    """Plant a mistake in one row in 1,000 of each of three columns, so both validators work."""
    import pyarrow as pa
    import pyarrow.compute as pc

    index = pa.array(range(table.num_rows))
    for column, offset, bad in (("ethnicity", 0, "Martian"), ("hourly_pay", 1, "abc"),
                                ("snapshot_date", 2, "2024-02-30")):
        text = pc.cast(table[column], pa.string())
        mask = pc.equal(pc.bit_wise_and(pc.add(index, offset), 1023), 0)
        table = table.set_column(table.column_names.index(column), column,
                                 pc.if_else(mask, bad, text))
    return table


def parity_validate(path: Path):
    from parity.ingest.readers import read_file
    from parity.ingest.validate import validate

    return validate(read_file(path), "staff")


def import_demo(folder: Path, home: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PARITY_HOME"] = str(home)
    subprocess.run([sys.executable, "-m", "parity.cli", "setup"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "parity.cli", "import", str(folder), "--no-recompute"], env=env,
                         check=True, capture_output=True, text=True).stdout
    imported = time.perf_counter() - started
    started = time.perf_counter()
    recomputed = subprocess.run([sys.executable, "-m", "parity.cli", "recompute"], env=env, check=True,
                                capture_output=True, text=True).stdout
    message = next(line for line in out.splitlines() if line.startswith("Import "))
    return message, imported, recomputed.strip().splitlines()[-1], time.perf_counter() - started


def write_xlsx(source: Path, target: Path, rows: int) -> None:
    """An XLSX as Excel writes it: shared strings, date cells with a date format."""
    import xlsxwriter

    table = pacsv.read_csv(source, read_options=pacsv.ReadOptions(block_size=1 << 24)).slice(0, rows)
    book = xlsxwriter.Workbook(target)
    sheet = book.add_worksheet("staff")
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, table.column_names)
    for r, row in enumerate(zip(*(table[c].to_pylist() for c in table.column_names)), start=1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100k staff instead of 1M (a smoke run)")
    args = parser.parse_args()
    national = 100_000 if args.quick else 1_000_000
    from parity.synthetic_council import write_council

    print(f"Parity ingest benchmark, {dt.date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        council = tmp / "council"
        timed("generate the 15k demo council (5 snapshots, all files)", lambda: write_council(council))
        (council / "SYNTHETIC-DATA.txt").unlink()
        message, seconds, recomputed, recompute_seconds = import_demo(council, tmp / "home")
        print(f"{'validate + import the 15k demo council on SQLite':<58} {seconds:7.2f} s   ({message})")
        print(f"{'recompute every measure, all four groupings':<58} {recompute_seconds:7.2f} s   ({recomputed})")

        big = tmp / "big"
        _, gen = timed(f"generate {national:,} staff x 5 snapshots (demo-data)",
                       lambda: write_council(big, staff=national, years=5, seed=2))
        staff = big / "staff_SYNTHETIC.csv"
        one_year = tmp / "staff_1m.csv"
        table = pacsv.read_csv(staff, read_options=pacsv.ReadOptions(block_size=1 << 24),
                               convert_options=pacsv.ConvertOptions(strings_can_be_null=False))
        pacsv.write_csv(with_mistakes(table.slice(0, national)), one_year)
        del table
        result, parity_seconds = timed(f"Parity: validate a {national:,}-row staff CSV", lambda: parity_validate(one_year))
        problems, pandas_seconds = timed("pandas: the same checks on the same file", lambda: pandas_validate_staff(one_year))
        print(f"  problems found: Parity {len(result.report.errors)}, pandas {problems}; "
              f"Parity is {pandas_seconds / parity_seconds:.1f}x the speed of pandas")

        xlsx = tmp / "staff_100k.xlsx"
        timed("write a 100,000-row staff XLSX (xlsxwriter, setup only)", lambda: write_xlsx(one_year, xlsx, 100_000))
        result, _ = timed("Parity: validate a 100,000-row staff XLSX", lambda: parity_validate(xlsx))
        print(f"  problems found: {len(result.report.errors)}")


if __name__ == "__main__":
    main()
