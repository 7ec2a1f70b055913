"""The synthetic council: deterministic, marked synthetic, valid, with the disparities built in.

Each disparity is recomputed here the slow, obvious way with the csv module, not the engine.
"""

import csv
import hashlib
from collections import Counter
from statistics import mean

from parity.engine.ethnicity import classify
from parity.ingest.folder import validate_folder
from parity.synthetic_council import GRADES, write_council


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    write_council(tmp_path / "a", staff=300, years=2, seed=3)
    write_council(tmp_path / "b", staff=300, years=2, seed=3)
    write_council(tmp_path / "c", staff=300, years=2, seed=4)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a")["staff_SYNTHETIC.csv"] != _digest(tmp_path / "c")["staff_SYNTHETIC.csv"]


def test_every_file_is_marked_synthetic_and_valid(tmp_path):
    written = write_council(tmp_path, staff=300, years=2, seed=3)
    assert all("SYNTHETIC" in name for name in written)
    assert "SYNTHETIC" in (tmp_path / "SYNTHETIC-DATA.txt").read_text()
    assert validate_folder(tmp_path).ok


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _minority(text):
    code = classify(text).code
    return None if code == "not_stated" else code != "white_british"


def test_shape_and_disparities_of_a_council(tmp_path):
    write_council(tmp_path, staff=15000, years=5, seed=1)
    staff = _rows(tmp_path / "staff_SYNTHETIC.csv")
    dates = sorted({r["snapshot_date"] for r in staff})
    assert len(dates) == 5 and all(d.endswith("-03-31") for d in dates)
    latest = [r for r in staff if r["snapshot_date"] == dates[-1]]
    assert 14000 <= len(latest) <= 15000
    assert len({r["directorate"] for r in latest}) == 12 and len({r["grade"] for r in latest}) == 15

    stated = [r for r in latest if _minority(r["ethnicity"]) is not None]
    share = mean(_minority(r["ethnicity"]) for r in stated)
    assert 0.15 < share < 0.35
    senior_grades = set(GRADES[11:])
    senior = [r for r in stated if r["grade"] in senior_grades]
    assert mean(_minority(r["ethnicity"]) for r in senior) < share * 0.8  # under-represented

    apps = [a for a in _rows(tmp_path / "applications_SYNTHETIC.csv") if _minority(a["ethnicity"]) is not None]
    def appointed_rate(group):
        shortlisted = [a for a in apps if a["shortlisted"] == "Yes" and _minority(a["ethnicity"]) is group]
        return sum(a["appointed"] == "Yes" for a in shortlisted) / len(shortlisted)
    assert appointed_rate(False) / appointed_rate(True) > 1.25  # White applicants more likely

    cases = _rows(tmp_path / "casework_SYNTHETIC.csv")
    ethnicity_of = {(r["staff_id"]): r["ethnicity"] for r in staff}
    disciplinary = Counter(_minority(ethnicity_of[c["staff_id"]]) for c in cases if c["case_type"] == "disciplinary")
    headcount = Counter(_minority(r["ethnicity"]) for r in staff)
    assert (disciplinary[True] / headcount[True]) / (disciplinary[False] / headcount[False]) > 1.25

    pay = {group: mean(float(r["hourly_pay"]) for r in stated if _minority(r["ethnicity"]) is group)
           for group in (True, False)}
    assert pay[False] > pay[True]  # a pay gap
