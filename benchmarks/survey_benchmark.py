"""Survey breakdowns at 100,000 responses (issue 14, point 6: under 2 s), as a user waits for them.

Run with ``python benchmarks/survey_benchmark.py [--responses N]``. It writes a question list and a
responses file of N responses in two waves (the synthetic council's survey, its respondents
repeated under new response ids), then times

1. the whole job as a fresh process: read and validate both files, every question's favourable
   share by ethnic group in every breakdown cell with gaps and changes, protected, JSON out;
2. beside it, the engine step alone (``engine.survey.survey_results`` on the loaded tables);

and checks the engine's unprotected counts (answers and favourable answers by wave, question,
directorate and ethnic category) against the same counts made plainly in pandas in the same run:
they must be equal. Figures go in docs/performance.md by hand, with the machine and the date.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WHOLE_JOB = """
import json, sys
from parity.engine.survey import survey_results
from parity.ingest.engine_input import load_folder
data, result = load_folder(sys.argv[1])
assert result.ok
found = survey_results(data)
json.dump([[f.survey, f.question, f.result.to_dict()] for f in found.figures], open(sys.argv[2], "w"))
"""


def write_files(out: Path, responses: int) -> None:
    from parity.synthetic_council import write_council

    seed = out / "seed"
    write_council(seed, staff=2000, years=2, seed=11)
    (out / "survey").mkdir()
    (out / "survey" / "survey_questions.csv").write_bytes((seed / "survey_questions_SYNTHETIC.csv").read_bytes())
    with open(seed / "survey_responses_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with open(out / "survey" / "survey_responses.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        for n in range(responses):
            row = dict(rows[n % len(rows)])
            row["response_id"] = f"R{n:09d}"
            writer.writerow(row)


def pandas_counts(folder: Path) -> dict:
    """Answers and favourable answers by wave, question, directorate ("" for the whole council) and
    ONS 19 category label, the plain pandas way."""
    import pandas as pd

    from parity.engine import groupings
    from parity.engine.ethnicity import classify

    questions = pd.read_csv(folder / "survey_questions.csv", dtype=str, keep_default_na=False)
    counted = questions[questions["type"].isin(["likert5", "yes_no", "choice"]) & (questions["favourable"] != "")]
    answers = pd.read_csv(folder / "survey_responses.csv", dtype=str, keep_default_na=False)
    labels = groupings.get("ons19").assignment
    spelling = {s: labels[classify(s).code] if classify(s).code in labels else "Not stated"
                for s in answers["ethnicity"].unique()}
    answers["group"] = answers["ethnicity"].map(spelling)
    out = {}
    for q in counted.itertuples():
        favourable = set(q.favourable.split(";"))
        part = answers[(answers["survey"] == q.survey) & (answers[q.id] != "")]
        flag = part[q.id].isin(favourable)
        for cell, frame in (("", part), *part.groupby("directorate")):
            tally = frame.assign(f=flag.loc[frame.index]).groupby("group")["f"].agg(["sum", "count"])
            for group, (x, n) in tally.iterrows():
                out[(q.survey, q.id, cell, group)] = (float(x), float(n))
    return out


def engine_counts(folder: Path) -> dict:
    from parity.engine.compute import Parameters
    from parity.engine.disclosure import DisclosurePolicy
    from parity.engine.survey import SHARE, survey_results
    from parity.ingest.engine_input import load_folder

    data, result = load_folder(folder)
    assert result.ok
    found = survey_results(data, Parameters(grouping="ons19"), DisclosurePolicy.unprotected())
    out = {}
    for f in found.figures:
        r = f.result
        if r.measure != SHARE or r.group == "All respondents" or r.breakdown.split("=")[0] not in ("overall", "directorate"):
            continue
        cell = "" if r.breakdown == "overall" else r.breakdown.split("=", 1)[1]
        out[(f.survey, f.question, cell, r.group)] = (r.numerator, r.denominator)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=100_000)
    args = parser.parse_args()
    print(f"{platform.node()} {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}; {args.responses:,} responses in two waves")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_files(tmp, args.responses)
        folder = tmp / "survey"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", WHOLE_JOB, str(folder), str(tmp / "out.json")], check=True)
        whole = time.perf_counter() - started
        figures = len(json.loads((tmp / "out.json").read_text()))

        from parity.engine.survey import survey_results
        from parity.ingest.engine_input import load_folder

        data, _ = load_folder(folder)
        started = time.perf_counter()
        survey_results(data)
        step = time.perf_counter() - started
        assert engine_counts(folder) == pandas_counts(folder), "the engine's counts differ from pandas'"
    print(f"whole job, fresh process (files in, JSON of {figures:,} figures out): {whole:6.2f} s")
    print(f"engine step (every breakdown, protected):                   {step:6.2f} s  (target under 2 s)")
    print("engine counts equal the pandas counts: yes")
    return 0 if step < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
