"""Measures recomputed the slow, obvious way from the CSV files (csv module, plain loops)."""

import csv
import datetime as dt
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from parity.engine import registry
from parity.engine.compute import Parameters, compute
from parity.engine.disclosure import DisclosurePolicy
from parity.engine.ethnicity import classify
from parity.ingest.engine_input import load_folder

REPO = Path(__file__).resolve().parents[2]
NOTHING_HIDDEN = DisclosurePolicy(min_count=1)


@pytest.fixture(scope="module")
def council(small_council):
    data, result = load_folder(small_council)
    assert result.ok
    return small_council, data


def rows(folder, name):
    with open(folder / f"{name}_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def wres_label(text):
    code = classify(text).code
    return "Not stated" if code == "not_stated" else ("White" if code.startswith("white_") else "BME")


def day(text):
    return dt.date.fromisoformat(text)


def in_year(event, snapshot):
    return snapshot.replace(year=snapshot.year - 1) < event <= snapshot


def run(data, measure, **kw):
    params = Parameters(measures=(measure,), min_cell=kw.pop("min_cell", 0), **kw)
    return compute(data, params, NOTHING_HIDDEN).results


def find(results, **match):
    found = [r for r in results if all(getattr(r, k) == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


def test_wres2_appointment_from_shortlisting(council):
    folder, data = council
    snapshot = max(day(r["snapshot_date"]) for r in rows(folder, "staff"))
    counts = Counter()
    for a in rows(folder, "applications"):
        if a["shortlisted"] == "Yes" and in_year(day(a["application_date"]), snapshot):
            group = wres_label(a["ethnicity"])
            counts[(group, "shortlisted")] += 1
            counts[(group, "appointed")] += a["appointed"] == "Yes"
    expected = (counts[("White", "appointed")] / counts[("White", "shortlisted")]) / (
        counts[("BME", "appointed")] / counts[("BME", "shortlisted")])
    r = find(run(data, "wres.2"), period=snapshot.isoformat(), breakdown="overall", group="White", comparator="BME")
    assert r.value == pytest.approx(expected)
    assert (r.numerator, r.denominator) == (counts[("White", "appointed")], counts[("White", "shortlisted")])
    assert (r.comparator_numerator, r.comparator_denominator) == (counts[("BME", "appointed")], counts[("BME", "shortlisted")])


def test_recruitment_funnel_steps_by_ons_group(council):
    """Applied -> shortlisted -> interviewed -> appointed, counted from the CSV with plain loops."""
    folder, data = council
    snapshot = max(day(r["snapshot_date"]) for r in rows(folder, "staff"))
    counts = Counter()
    for a in rows(folder, "applications"):
        if not in_year(day(a["application_date"]), snapshot):
            continue
        group = classify(a["ethnicity"]).group
        shortlisted, interviewed = a["shortlisted"] == "Yes", a["shortlisted"] == "Yes" and a["interviewed"] == "Yes"
        counts[(group, "applied")] += 1
        counts[(group, "shortlisted")] += shortlisted
        counts[(group, "interview_recorded")] += shortlisted and a["interviewed"] != ""
        counts[(group, "interviewed")] += interviewed
        counts[(group, "appointed")] += interviewed and a["appointed"] == "Yes"
    results = run(data, "recruitment", breakdowns=())
    asian = "Asian, Asian British or Asian Welsh"
    for measure, x, n in [("recruitment.shortlisting", "shortlisted", "applied"),
                          ("recruitment.interview", "interviewed", "interview_recorded"),
                          ("recruitment.appointment_from_interview", "appointed", "interviewed")]:
        rate = find(results, measure=measure, period=snapshot.isoformat(), group=asian, comparator=None)
        assert (rate.numerator, rate.denominator) == (counts[(asian, x)], counts[(asian, n)]), measure
        ratio = find(results, measure=measure, period=snapshot.isoformat(), group=asian, comparator="White")
        assert ratio.value == pytest.approx((counts[(asian, x)] / counts[(asian, n)])
                                            / (counts[("White", x)] / counts[("White", n)])), measure
        assert ratio.p_adjusted is not None and "Holm" in ratio.method


def test_interview_steps_need_the_interviewed_column(small_council, tmp_path):
    folder = tmp_path / "no-interviews"
    shutil.copytree(small_council, folder)
    path = folder / "applications_SYNTHETIC.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        applications = list(csv.DictReader(handle))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        columns = [c for c in applications[0] if c != "interviewed"]
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(applications)
    data, result = load_folder(folder)
    assert result.ok
    results = compute(data, Parameters(measures=("recruitment",), breakdowns=())).results
    interview = [r for r in results if r.measure != "recruitment.shortlisting"]
    assert interview and all(r.status == "not_computable" and "interviewed" in r.reason for r in interview)
    assert any(r.measure == "recruitment.shortlisting" and r.status == "ok" for r in results)


def test_wres3_two_year_rolling_disciplinary(council):
    folder, data = council
    staff = rows(folder, "staff")
    snapshots = sorted({day(r["snapshot_date"]) for r in staff})
    cases = [c for c in rows(folder, "casework") if c["case_type"] == "disciplinary"]
    entered, headcount = Counter(), Counter()
    for s in staff:
        snapshot = day(s["snapshot_date"])
        group = wres_label(s["ethnicity"])
        headcount[group] += 1
        entered[group] += any(c["staff_id"] == s["staff_id"] and in_year(day(c["opened_date"]), snapshot)
                              for c in cases)
    expected = (entered["BME"] / headcount["BME"]) / (entered["White"] / headcount["White"])
    results = run(data, "wres.3")
    r = find(results, period=snapshots[1].isoformat(), breakdown="overall", group="BME", comparator="White")
    assert r.value == pytest.approx(expected)
    assert r.numerator == entered["BME"] and r.denominator == headcount["BME"]
    first = find(results, period=snapshots[0].isoformat())
    assert first.status == "not_computable" and "2-year rolling" in first.reason
    single = find(run(data, "wres.3", rolling_years=1), period=snapshots[0].isoformat(), breakdown="overall",
                  group="BME", comparator="White")
    assert single.value is not None


@pytest.mark.parametrize("case_type", ["grievance", "capability", "disciplinary"])
def test_entering_casework_by_ons_group_over_two_years(council, case_type):
    folder, data = council
    staff = rows(folder, "staff")
    snapshots = sorted({day(r["snapshot_date"]) for r in staff})
    cases = [c for c in rows(folder, "casework") if c["case_type"] == case_type]
    entered, headcount = Counter(), Counter()
    for s in staff:  # both snapshots: the 2-year rolling figure at the second
        group = classify(s["ethnicity"]).group
        for key in (group, "All staff"):
            headcount[key] += 1
            entered[key] += any(c["staff_id"] == s["staff_id"] and in_year(day(c["opened_date"]),
                                                                           day(s["snapshot_date"])) for c in cases)
    assert entered["All staff"] > 0, "the synthetic council should have some of these cases"
    results = run(data, f"casework.{case_type}", breakdowns=())
    for group in ("All staff", "White"):
        r = find(results, period=snapshots[1].isoformat(), group=group, comparator=None)
        assert (r.numerator, r.denominator) == (entered[group], headcount[group]), group
    ratios = [r for r in results if r.comparator == "White" and r.period == snapshots[1].isoformat()]
    assert ratios and all(r.p_adjusted is not None or r.status == "not_computable" for r in ratios)


def test_wres4_non_mandatory_training_by_directorate(council):
    folder, data = council
    staff = rows(folder, "staff")
    snapshot = max(day(r["snapshot_date"]) for r in staff)
    courses = [t for t in rows(folder, "training") if t["category"] != "mandatory"]
    directorate = "Adults and Health"
    accessed, headcount = Counter(), Counter()
    for s in staff:
        if day(s["snapshot_date"]) != snapshot or s["directorate"] != directorate:
            continue
        group = wres_label(s["ethnicity"])
        headcount[group] += 1
        accessed[group] += any(t["staff_id"] == s["staff_id"] and in_year(day(t["start_date"]), snapshot)
                               for t in courses)
    r = find(run(data, "wres.4", breakdowns=("directorate",)), period=snapshot.isoformat(),
             breakdown=f"directorate={directorate}", group="White", comparator="BME")
    assert (r.numerator, r.denominator) == (accessed["White"], headcount["White"])
    assert r.value == pytest.approx((accessed["White"] / headcount["White"]) / (accessed["BME"] / headcount["BME"]))


def test_wres1_and_wres9_representation(council):
    folder, data = council
    staff = rows(folder, "staff")
    snapshot = max(day(r["snapshot_date"]) for r in staff)
    latest = [s for s in staff if day(s["snapshot_date"]) == snapshot]
    grade = "Scale 3"
    in_grade = [s for s in latest if s["grade"] == grade]
    bme = sum(wres_label(s["ethnicity"]) == "BME" for s in in_grade)
    results = run(data, "wres.1", breakdowns=())
    r = find(results, period=snapshot.isoformat(), breakdown=f"grade={grade}", group="BME")
    assert (r.numerator, r.denominator) == (bme, len(in_grade))
    not_stated = find(results, period=snapshot.isoformat(), breakdown="overall", group="Not stated")
    assert not_stated.numerator == sum(wres_label(s["ethnicity"]) == "Not stated" for s in latest)
    stated = [s for s in latest if wres_label(s["ethnicity"]) != "Not stated"]
    board = [s for s in stated if s["is_board_member"] == "Yes"]
    wres9 = find(run(data, "wres.9"), period=snapshot.isoformat())
    assert wres9.denominator == len(board) and wres9.comparator_denominator == len(stated)
    senior = [s for s in stated if s["is_senior_leader"] == "Yes"]
    assert len(senior) > 5
    expected = 100 * (sum(wres_label(s["ethnicity"]) == "BME" for s in senior) / len(senior)
                      - sum(wres_label(s["ethnicity"]) == "BME" for s in stated) / len(stated))
    scwres9 = find(run(data, "scwres.9"), period=snapshot.isoformat(), comparator="Workforce")
    assert scwres9.value == pytest.approx(expected)


def test_retention_compares_each_group_with_the_reference(council):
    folder, data = council
    staff = rows(folder, "staff")
    first, second = sorted({day(r["snapshot_date"]) for r in staff})
    later = {s["staff_id"] for s in staff if day(s["snapshot_date"]) == second}
    left, headcount = Counter(), Counter()
    for s in staff:
        if day(s["snapshot_date"]) == first:
            group = classify(s["ethnicity"]).group
            headcount[group] += 1
            left[group] += s["staff_id"] not in later
    asian = "Asian, Asian British or Asian Welsh"
    r = find(run(data, "workforce.retention", breakdowns=()), period=second.isoformat(), breakdown="overall",
             group=asian, comparator="White")
    assert r.value == pytest.approx((left[asian] / headcount[asian]) / (left["White"] / headcount["White"]))
    assert "Holm" in r.method and r.p_adjusted >= r.p_value


def test_same_inputs_give_byte_identical_output(council):
    _, data = council
    params = Parameters(measures=("wres", "workforce"))
    assert compute(data, params).to_json() == compute(data, params).to_json()


def test_a_missing_input_file_is_not_computable_not_a_crash(small_council, tmp_path):
    folder = tmp_path / "no-casework"
    shutil.copytree(small_council, folder)
    (folder / "casework_SYNTHETIC.csv").unlink()
    data, _ = load_folder(folder)
    results = compute(data, Parameters(measures=("wres.3",))).results
    assert results and all(r.status == "not_computable" and "casework" in r.reason for r in results)


def test_rates_never_carry_nan_and_every_result_has_counts_or_a_reason(council):
    _, data = council
    for r in compute(data, Parameters()).results:
        if r.status in ("ok", "low_power"):
            assert r.value is not None and r.ci_low is not None and r.denominator
        else:
            assert r.reason


def test_small_groups_roll_up_and_the_overall_figure_is_always_there(council):
    _, data = council
    results = compute(data, Parameters(measures=("workforce.promotion",), grouping="ons19",
                                       breakdowns=("directorate",)), NOTHING_HIDDEN).results
    rolled = [r for r in results if r.rolled_up_from]
    assert rolled and all("(combined:" in r.group for r in rolled)
    cells = {r.breakdown for r in results}
    assert "overall" in cells and len(cells) > 5
    for cell in cells:
        assert any(r.group == "All staff" for r in results if r.breakdown == cell)


def test_disclosure_is_applied_to_the_default_run(council):
    _, data = council
    measure_set = compute(data, Parameters(measures=("wres.1",)))
    hidden = [r for r in measure_set.results if r.status == "suppressed"]
    assert hidden and all(r.value is None and r.ci_low is None and 0 in (r.numerator, r.denominator) for r in hidden)
    assert len(measure_set.suppression_log) == len(hidden)
    for r in measure_set.results:  # every count published is a multiple of 5 (cell key rounding)
        for n in (r.numerator, r.denominator):
            assert n is None or n % 5 == 0
        if r.status == "ok":
            # (a part rounded above its whole, within one multiple, reads as all of it)
            assert r.numerator >= 5 and r.value == min(r.numerator, r.denominator) / r.denominator


def test_every_measure_is_documented():
    text = (REPO / "docs" / "measures.md").read_text("utf-8")
    assert text == registry.markdown(), "docs/measures.md is stale: run `make docs`"
    for m in registry.MEASURES.values():
        assert m.title and m.definition and m.formula and m.direction and m.standard, m.id
        assert f"`{m.id}`" in text


def test_plan_measures_quote_the_seed_plan():
    seed = REPO / "tests" / "fixtures" / "seed_plan_001.txt"  # tests/fixtures/README.md
    text = re.sub(r"\s+", " ", seed.read_text("utf-8"))
    plan = [m for m in registry.MEASURES.values() if m.id.startswith("plan.")]
    assert len(plan) >= 10
    for m in plan:
        assert m.seed and re.sub(r"\s+", " ", m.seed) in text, m.id


def test_change_since_the_previous_snapshot(council):
    _, data = council
    measure_set = compute(data, Parameters(measures=("wres.4",), breakdowns=()), NOTHING_HIDDEN)
    (change,) = [c for c in measure_set.changes if c.group == "White" and c.comparator == "BME"]
    before = find(measure_set.results, period=change.previous_period, group="White", comparator="BME")
    after = find(measure_set.results, period=change.period, group="White", comparator="BME")
    import math

    from scipy.stats import norm

    # independent of the engine: each year's standard error read back from the interval it shows
    se = [math.log(r.ci_high / r.ci_low) / (2 * norm.ppf(0.975)) for r in (before, after)]
    z = (math.log(after.value) - math.log(before.value)) / math.hypot(*se)
    assert change.p_value == pytest.approx(math.erfc(abs(z) / math.sqrt(2)))
    assert change.significant is (change.p_value < 0.05)
    assert change.difference == pytest.approx(after.value - before.value)
    proportion = [c for c in measure_set.changes if c.group == "BME" and c.comparator is None]
    assert proportion and proportion[0].p_value is not None
    assert "changes" in measure_set.to_dict()


@pytest.mark.parametrize("params", [
    Parameters(),
    Parameters(grouping="ons19", breakdowns=("sex+disability", "age_band"), rolling_years=1, adjustment="bh",
               local_population_share=0.2),
    Parameters(grouping="white_british_vs_minorities", breakdowns=("grade+sex",), min_cell=10),
], ids=["defaults", "ons19-intersections", "minorities-grade-by-sex"])
def test_the_plain_pandas_implementation_gives_identical_results(council, params):
    _, data = council
    assert compute(data, params).to_json() == compute(data, params, backend="pandas").to_json()


def test_keyed_hash_staff_ids_compared_as_numbers_give_the_results_of_the_strings(council):
    """Keyed-hash staff ids are joined on their first 128 bits as numbers (engine.workforce); the
    pandas implementation joins the strings themselves. One person whose id is a digit longer
    keeps every table on strings (the fallback): all three give the same results."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from parity.engine.workforce import WorkforceData, _numeric_staff_ids
    from parity.ingest.pseudonymise import Pseudonymiser

    folder, _ = council
    data, _ = load_folder(folder, hasher=Pseudonymiser(b"a test secret of thirty-two bytes!"))
    assert _numeric_staff_ids(dict(data.tables))  # the numeric route is taken
    params = Parameters(breakdowns=("directorate,grade",))
    numbers = compute(data, params).to_json()
    assert numbers == compute(data, params, backend="pandas").to_json()
    first = data.tables["training"]["staff_id"][0].as_py()
    uneven = {kind: table.set_column(table.column_names.index("staff_id"), "staff_id", pc.if_else(
                  pc.equal(table["staff_id"], first), pa.scalar(first + "0"), table["staff_id"]))
              if "staff_id" in table.column_names else table for kind, table in data.tables.items()}
    assert not _numeric_staff_ids(dict(uneven))
    assert compute(WorkforceData(uneven, data.sources, hashed_ids=True), params).to_json() == numbers
    # with no training or casework file, their empty stand-ins (text ids) meet the numeric staff ids
    fewer = WorkforceData({k: t for k, t in data.tables.items() if k not in ("training", "casework")},
                          data.sources, hashed_ids=True)
    assert compute(fewer, params).to_json() == compute(fewer, params, backend="pandas").to_json()


def test_pay_order_statistics_from_the_histogram_equal_those_from_sorted_lists(council, monkeypatch):
    """National-scale data takes the histogram route for hourly pay; forced here on the small
    council, every pay figure matches the sorted-list route and the pandas implementation."""
    from parity.engine.counts.duckdb import DuckDBCounts
    _, data = council
    params = Parameters(measures=("pay.median_gap", "pay.mean_gap", "pay.bonus_median_gap", "pay.quartiles"),
                        breakdowns=("directorate,grade",))
    lists = compute(data, params).to_json()
    monkeypatch.setattr(DuckDBCounts, "PAY_HISTOGRAM_FROM", 1)
    histogram = compute(data, params).to_json()
    assert histogram == lists == compute(data, params, backend="pandas").to_json()
    assert '"pay.median_gap"' in histogram and '"status": "ok"' in histogram


def test_a_29_february_snapshot_rolls_back_to_28_february():
    import pyarrow as pa

    from parity.engine.workforce import WorkforceData, years_before

    assert years_before(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert years_before(dt.date(2024, 2, 29), 2) == dt.date(2022, 2, 28)
    days = [dt.date(2023, 2, 28)] * 4 + [dt.date(2024, 2, 29)] * 4
    staff = pa.table({"staff_id": ["a", "b", "c", "d"] * 2, "snapshot_date": days,
                      "ethnicity": ["white_british", "asian_indian", "white_irish", "black_african"] * 2,
                      "directorate": ["D"] * 8, "grade": ["G"] * 8})
    cases = pa.table({"case_id": ["k"], "staff_id": ["b"], "case_type": ["disciplinary"],
                      "opened_date": [dt.date(2024, 1, 10)]})
    results = compute(WorkforceData({"staff": staff, "casework": cases}),
                      Parameters(measures=("wres.3",), breakdowns=()), NOTHING_HIDDEN).results
    latest = [r for r in results if r.period == "2024-02-29" and r.group == "BME" and r.comparator is None]
    assert latest and latest[0].numerator == 1 and latest[0].denominator == 4
