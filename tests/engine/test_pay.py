"""Pay gap measures recomputed the slow, obvious way (statistics module, sorted lists)."""

import csv
import statistics as pystats

import pytest

from parity.engine.compute import Parameters, compute
from parity.engine.disclosure import DisclosurePolicy
from parity.engine.ethnicity import classify
from parity.ingest.engine_input import load_folder

NOTHING_HIDDEN = DisclosurePolicy(min_count=1, pay_min_group=1)
ASIAN = "Asian, Asian British or Asian Welsh"


@pytest.fixture(scope="module")
def pay(small_council):
    data, _ = load_folder(small_council)
    with open(small_council / "staff_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        staff = list(csv.DictReader(handle))
    latest = max(r["snapshot_date"] for r in staff)
    people = [r for r in staff if r["snapshot_date"] == latest and r["full_pay_relevant"] == "Yes"]
    results = compute(data, Parameters(measures=("pay",), snapshots=(latest,), breakdowns=()), NOTHING_HIDDEN).results
    return people, results


def hourly(people, test):
    return [float(r["hourly_pay"]) for r in people if test(classify(r["ethnicity"]))]


def one(results, measure, group, breakdown="overall"):
    found = [r for r in results if r.measure == measure and r.group == group and r.breakdown == breakdown]
    assert len(found) == 1, (measure, group, found)
    return found[0]


def test_mean_and_median_gaps(pay):
    people, results = pay
    ref = hourly(people, lambda c: c.code == "white_british")
    asian = hourly(people, lambda c: c.group == ASIAN)
    minorities = hourly(people, lambda c: c.code not in ("white_british", "not_stated"))
    mean_gap = one(results, "pay.mean_gap", ASIAN)
    assert mean_gap.value == pytest.approx(100 * (pystats.mean(ref) - pystats.mean(asian)) / pystats.mean(ref))
    assert (mean_gap.denominator, mean_gap.comparator_denominator) == (len(asian), len(ref))
    assert mean_gap.ci_low < mean_gap.value < mean_gap.ci_high
    median_gap = one(results, "pay.median_gap", "All ethnic minorities")
    expected = 100 * (pystats.median(ref) - pystats.median(minorities)) / pystats.median(ref)
    assert median_gap.value == pytest.approx(expected)
    pence = one(results, "pay.median_pence_in_pound", "All ethnic minorities")
    assert pence.value == pytest.approx(100 - expected)


def test_quartiles_cut_the_ranked_employees_into_four(pay):
    people, results = pay
    stated = [r for r in people if classify(r["ethnicity"]).code != "not_stated"]
    quarters = [r for r in results if r.measure == "pay.quartiles"]
    sizes = {r.breakdown: r.denominator for r in quarters}
    assert sorted(sizes) == ["quarter=Lower", "quarter=Lower middle", "quarter=Upper", "quarter=Upper middle"]
    assert sum(sizes.values()) == len(stated) and max(sizes.values()) - min(sizes.values()) <= 1
    # The top quarter holds the highest-paid quarter of people: its lowest pay is at least
    # the lower quarter's highest (ties are shared, so compare the counts of White British).
    pays = sorted(float(r["hourly_pay"]) for r in stated)
    cut = pays[len(pays) * 3 // 4]
    above = [r for r in stated if float(r["hourly_pay"]) > cut]
    upper_white_british = one(results, "pay.quartiles", "White British", "quarter=Upper").numerator
    strictly_above = sum(classify(r["ethnicity"]).code == "white_british" for r in above)
    assert upper_white_british >= strictly_above
    for quarter in sizes:
        shares = [r.value for r in quarters if r.breakdown == quarter]
        assert sum(shares) == pytest.approx(1.0)


def test_ties_across_a_cut_are_shared_between_groups():
    import datetime as dt

    import pyarrow as pa

    from parity.engine.workforce import WorkforceData

    # 8 people on the same pay: 4 White British, 4 Indian. Each quarter gets one of each.
    n = 8
    staff = pa.table({
        "staff_id": [f"s{i}" for i in range(n)], "snapshot_date": [dt.date(2026, 3, 31)] * n,
        "ethnicity": ["white_british", "asian_indian"] * 4, "directorate": ["D"] * n, "grade": ["G"] * n,
        "sex": ["Female"] * n, "disability": ["Not disabled"] * n, "age_band": ["25-34"] * n,
        "is_senior_leader": [False] * n, "is_board_member": [False] * n, "is_manager": [False] * n,
        "promoted_in_year": [False] * n, "hourly_pay": [15.0] * n, "bonus_pay_12m": [0.0] * n,
        "full_pay_relevant": [True] * n})
    results = compute(WorkforceData({"staff": staff}), Parameters(measures=("pay.quartiles",), breakdowns=()),
                      NOTHING_HIDDEN).results
    for r in results:
        assert r.numerator == 1 and r.denominator == 2


def test_pay_groups_below_ten_are_hidden(small_council):
    data, _ = load_folder(small_council)
    results = compute(data, Parameters(measures=("pay.mean_gap",), breakdowns=())).results
    for r in results:
        if r.status != "suppressed":
            assert r.denominator >= 10 and r.comparator_denominator >= 10
    assert any(r.status == "suppressed" and "10 people" in r.reason for r in results)
