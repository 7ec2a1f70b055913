"""Comment themes: speed, memory and quality of each method (issue 14 points 2 and 6).

``python benchmarks/themes_benchmark.py [--comments 10000] [--method tfidf-nmf] [--python PY]``

* **Speed** (the target: 10,000 comments in under 2 minutes on 2 cores, the whole command in a
  fresh process): writes a CSV of N comments resampled from the labelled fixture
  (``scripts/make_themed_comments.py --resample N``), then times a new Python that reads it,
  finds the themes (k chosen) and writes the themes, assignments and codebook as JSON. It
  reports the whole command's wall time, the inner ``find_themes`` time, and the child's peak
  memory (VmHWM).
* **Quality** on tests/fixtures/comments_themed.csv, in the same kind of child: adjusted Rand
  index and purity (scikit-learn's metrics) of the main themes against the true theme, over the
  first wave's comments with one true theme or none, k chosen and k=10; and the first wave's
  codebook read on the second wave.

``--python`` runs the children with another interpreter: the embeddings method needs the extra
installed in a separate venv (docs/themes.md). Figures go in docs/themes.md by hand. Never a
timed unit test (tests/engine/test_themes.py has its own looser check of the target).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "scripts" / "make_themed_comments.py"
FIXTURE = ROOT / "tests" / "fixtures" / "comments_themed.csv"

SPEED = r"""
import csv, json, sys, time
started = time.perf_counter()
from parity.engine.themes import find_themes

def peak():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'):
            return int(line.split()[1]) / 1024

source, out, method = sys.argv[1:4]
with open(source, newline='', encoding='utf-8') as handle:
    comments = [r['comment'] for r in csv.DictReader(handle)]
inner = time.perf_counter()
found = find_themes(comments, method=method)
inner = time.perf_counter() - inner
with open(out, 'w', encoding='utf-8') as handle:
    json.dump({'themes': [t.__dict__ for t in found.themes], 'assignments': list(found.assignments),
               'codebook': found.codebook.to_dict()}, handle)
print(json.dumps({'inner_s': inner, 'in_process_s': time.perf_counter() - started, 'peak_mb': peak(),
                  'themes': len(found.themes)}))
"""

QUALITY = r"""
import csv, json, sys, time
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.cluster import contingency_matrix
from parity.engine.themes import find_themes

def peak():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'):
            return int(line.split()[1]) / 1024

def scores(rows, assigned):
    keep = [i for i, r in enumerate(rows) if ';' not in r['themes']]
    truth = [rows[i]['themes'] or 'none' for i in keep]
    found = ['none' if assigned[i] is None else str(assigned[i]) for i in keep]
    table = contingency_matrix(truth, found)
    return round(adjusted_rand_score(truth, found), 3), round(table.max(axis=0).sum() / table.sum(), 3)

fixture, method = sys.argv[1:3]
with open(fixture, newline='', encoding='utf-8') as handle:
    rows = list(csv.DictReader(handle))
first = [r for r in rows if r['wave'] == 'Staff survey 2025']
second = [r for r in rows if r['wave'] == 'Staff survey 2026']
out = {}
for k in (None, 10):
    started = time.perf_counter()
    found = find_themes([r['comment'] for r in first], k=k, method=method)
    seconds = time.perf_counter() - started
    ari, purity = scores(first, found.assignments)
    ari2, purity2 = scores(second, found.codebook.assign([r['comment'] for r in second]))
    out['chosen' if k is None else f'k={k}'] = {
        'k': len(found.themes), 'seconds': round(seconds, 2), 'ari': ari, 'purity': purity,
        'next_wave_ari': ari2, 'next_wave_purity': purity2,
        'labels': [t.label for t in found.themes]}
out['peak_mb'] = peak()
print(json.dumps(out))
"""


def child(python: str, code: str, *args: str) -> tuple[dict, float]:
    started = time.perf_counter()
    done = subprocess.run([python, "-c", code, *args], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1]), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--method", default="tfidf-nmf")
    parser.add_argument("--python", default=sys.executable, help="interpreter for the timed children")
    args = parser.parse_args()
    print(f"# {dt.date.today()} {platform.node()} {platform.processor() or platform.machine()}, "
          f"method {args.method}, {args.python}")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "comments.csv"
        subprocess.run([sys.executable, str(GENERATOR), str(source), "--resample", str(args.comments)],
                       check=True, capture_output=True)
        speed, whole = child(args.python, SPEED, str(source), str(Path(folder) / "themes.json"), args.method)
        size = (Path(folder) / "themes.json").stat().st_size
    print(f"speed: {args.comments} comments, whole command {whole:.1f} s (inner find_themes "
          f"{speed['inner_s']:.1f} s), peak {speed['peak_mb']:.0f} MB, {speed['themes']} themes, "
          f"JSON {size / 1024:.0f} KB")
    quality, _ = child(args.python, QUALITY, str(FIXTURE), args.method)
    for name in ("chosen", "k=10"):
        q = quality[name]
        print(f"quality ({name}, k={q['k']}, {q['seconds']} s on 600): ARI {q['ari']}, purity {q['purity']}; "
              f"next wave ARI {q['next_wave_ari']}, purity {q['next_wave_purity']}")
        print("  themes: " + " | ".join(q["labels"]))
    print(f"quality peak {quality['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
