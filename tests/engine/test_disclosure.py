"""Disclosure control by the cell key method (ADR 0009): tested from outside the engine.

The expected figures here are worked out by the test itself from the raw files (MD5 of each
identifier, its first byte, summed, the rounding rule as docs/disclosure.md states it), never
from ``engine.cell_key``.
"""

import csv
import hashlib
from collections import defaultdict
from pathlib import Path

import pytest

from parity.engine.cell_key import rounded
from parity.engine.compute import Parameters, compute
from parity.engine.disclosure import DisclosurePolicy
from parity.engine.ethnicity import classify
from parity.ingest.engine_input import load_folder
from parity.synthetic_council import write_council

COUNTS = ("numerator", "denominator", "comparator_numerator", "comparator_denominator")


def by_hand(ids: list[str], base: int = 5) -> int:
    """The published count of the people ``ids``, as docs/disclosure.md states the rule."""
    c = len(ids)
    keys = [hashlib.md5(i.encode()).digest()[0] for i in ids]
    low, r = c - c % base, c % base
    if r == 0:
        return c
    if c < base:  # up when the lowest key is below the bar that makes the chance c / base
        return base if min(keys) < 256 * (1 - (1 - c / base) ** (1 / c)) else 0
    return low + base if sum(keys) % 256 / 256 < r / base else low


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cellkey")
    write_council(folder, staff=400, years=3, seed=11)
    data, _ = load_folder(folder)
    return folder, data


def test_the_rounding_rule_over_every_key():
    for c in range(5, 40):
        outs = [rounded(c, key, 5) for key in range(256)]
        assert all(o % 5 == 0 and abs(o - c) <= 4 for o in outs)
        ups = sum(o > c for o in outs)
        assert ups == -(-256 * (c % 5) // 5)  # keys below 256 r / 5 round up: unbiased over cells
    assert rounded(7, 3, 1) == 7  # base 1: no rounding


def test_small_counts_become_0_or_5_with_the_right_chance_and_parts_never_exceed_a_small_whole():
    import itertools
    import random

    for c in range(1, 5):  # every way c keys can fall (sampled): the chance of 5 is c / 5
        rng = random.Random(c)
        trials = [[rng.randrange(256) for _ in range(c)] for _ in range(20000)]
        shown = [rounded(c, sum(keys), 5, min(keys)) for keys in trials]
        assert set(shown) <= {0, 5}
        assert abs(sum(s == 5 for s in shown) / len(shown) - c / 5) < 0.015
    rng = random.Random(9)
    for _ in range(2000):  # a part of a small whole never shows more than the whole
        keys = [rng.randrange(256) for _ in range(rng.randint(2, 4))]
        whole = rounded(len(keys), sum(keys), 5, min(keys))
        for size in range(1, len(keys)):
            for part in itertools.combinations(keys, size):
                assert rounded(size, sum(part), 5, min(part)) <= whole


def test_a_published_count_is_the_one_worked_out_by_hand_from_the_file(council):
    folder, data = council
    with open(Path(folder) / "staff_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        staff = list(csv.DictReader(handle))
    latest = max(r["snapshot_date"] for r in staff)
    people = defaultdict(list)
    for r in staff:
        if r["snapshot_date"] == latest:
            people[(r["directorate"], classify(r["ethnicity"]).group)].append(r["staff_id"])
            people[(r["directorate"], "All")].append(r["staff_id"])
    results = compute(data, Parameters(measures=("workforce.composition",), breakdowns=("directorate",))).results
    checked = 0
    for r in results:
        if r.period == latest and r.breakdown.startswith("directorate=") and "combined" not in r.group:
            directorate = r.breakdown.split("=", 1)[1]
            assert r.numerator == by_hand(people[(directorate, r.group)]), r
            assert r.denominator == by_hand(people[(directorate, "All")]), r
            checked += 1
    assert checked > 20


def test_the_same_people_get_the_same_figure_in_every_grouping_measure_and_run(council):
    _, data = council
    everything = {g: compute(data, Parameters(grouping=g)).results for g in ("ons5", "wres_binary", "ons19")}
    alone = compute(data, Parameters(measures=("workforce.composition",), breakdowns=("grade",))).results

    def figure(results, measure, breakdown, group, field="numerator"):
        (r,) = [r for r in results if r.measure == measure and r.breakdown == breakdown and r.group == group
                and r.comparator is None and r.period == period]
        return getattr(r, field)

    period = max(r.period for r in alone)
    for cell in {r.breakdown for r in alone}:
        # White in ONS 5 and White in WRES are the same people (every White category) ...
        white = figure(everything["ons5"], "workforce.composition", cell, "White")
        assert white == figure(everything["wres_binary"], "workforce.composition", cell, "White")
        # ... in a run of one measure and one breakdown as in a run of everything ...
        assert white == figure(alone, "workforce.composition", cell, "White")
        # ... and the staff in a cell are one figure, whichever measure or grouping shows them.
        total = figure(everything["ons5"], "workforce.composition", cell, "White", "denominator")
        assert total == figure(everything["ons19"], "workforce.declaration_rate", cell, "All staff", "denominator")
        assert total == figure(everything["wres_binary"], "workforce.composition", cell, "White", "denominator")


def test_a_groups_count_in_a_composition_is_its_headcount_in_every_rate(council):
    """A group's count as a part of its cell (composition) and as a rate's denominator (promotion,
    the same people) is one figure, in the finest cells too, where a part and its whole can round
    apart within one multiple (a part is never capped by its whole)."""
    _, data = council
    params = Parameters(measures=("workforce.composition", "workforce.promotion"), grouping="ons19",
                        breakdowns=("grade", "grade+sex+disability"))
    results = [r for r in compute(data, params).results if r.comparator is None and r.group != "All staff"]
    part = {(r.period, r.breakdown, r.group): r.numerator for r in results if r.measure == "workforce.composition"}
    headcount = {(r.period, r.breakdown, r.group): r.denominator for r in results
                 if r.measure == "workforce.promotion"}
    shared = set(part) & set(headcount)
    assert len(shared) > 300
    assert all(part[k] == headcount[k] for k in shared), [(k, part[k], headcount[k]) for k in shared
                                                          if part[k] != headcount[k]][:5]
    whole = {(r.period, r.breakdown): r.denominator for r in results if r.measure == "workforce.composition"}
    assert any(part[k] > whole[k[:2]] for k in part)  # and a part above its whole happens, and is kept


def test_an_outcome_count_is_one_figure_as_a_numerator_and_as_the_next_steps_denominator(council):
    """The interviewed are the numerator of the interview rate and the denominator of appointment
    after interview: one figure, though as a numerator it can round above its own denominator
    (the shortlisted with an interview recorded) and is not capped by it."""
    _, data = council
    params = Parameters(measures=("recruitment.interview", "recruitment.appointment_from_interview"),
                        grouping="ons19", breakdowns=("directorate", "grade"))
    results = compute(data, params).results
    both = {}
    for r in results:
        if r.numerator is not None and r.comparator is None:
            field = r.numerator if r.measure == "recruitment.interview" else r.denominator
            both.setdefault((r.period, r.breakdown, r.group), {})[r.measure] = field
        if r.comparator is not None and r.numerator is not None:  # a comparison row: the group's own counts
            both.setdefault((r.period, r.breakdown, r.group, "compared"), {})[r.measure] = (
                r.numerator if r.measure == "recruitment.interview" else r.denominator)
    shared = [k for k, v in both.items() if len(v) == 2]
    assert len(shared) > 100
    assert all(len(set(both[k].values())) == 1 for k in shared), [(k, both[k]) for k in shared
                                                                    if len(set(both[k].values())) > 1][:5]


def test_a_ratio_whose_rate_is_published_above_its_group_still_gets_its_change():
    """A rate's numerator can be published above its group's size (22 of 23 as 25 of 20); the
    change in its ratio since last year reads it as all of the group, as the ratio did (a
    recompute under one installation's secret failed here with a math domain error)."""
    from parity.engine.change import changes
    from parity.engine.results import Result

    common = dict(measure="recruitment.interview", group="Asian", comparator="White")
    before = Result(period="2025-03-31", numerator=25, denominator=20, comparator_numerator=40,
                    comparator_denominator=50, value=1.25, **common)
    after = Result(period="2026-03-31", numerator=10, denominator=20, comparator_numerator=40,
                   comparator_denominator=50, value=0.625, **common)
    (change,) = changes([before, after], {"recruitment.interview": "rate"})
    assert change.p_value is not None and 0 < change.p_value < 1


def test_no_count_from_1_to_4_and_no_comparison_row_shows_more_than_its_groups_row(council):
    _, data = council
    results = compute(data, Parameters(grouping="ons19")).results
    own = {(r.measure, r.period, r.breakdown, r.group): r for r in results if r.comparator is None}
    for r in results:
        for f in COUNTS:
            value = getattr(r, f)
            assert value is None or (value % 5 == 0 and not 0 < value < 5), (r, f)
        if r.comparator is not None and r.numerator is not None and (r.measure, r.period, r.breakdown, r.group) in own:
            group_row = own[(r.measure, r.period, r.breakdown, r.group)]
            assert (r.numerator, r.denominator) == (group_row.numerator, group_row.denominator), r
            if group_row.value is None and r.numerator is not None and 0 in (group_row.numerator, group_row.denominator):
                assert r.value is None, r  # a group too small for its own rate has no ratio either


def test_a_value_is_worked_out_from_the_published_counts(council):
    _, data = council
    for r in compute(data, Parameters()).results:
        if r.method == "wilson" and r.value is not None and r.measure not in ("pay.quartiles",):
            # (a composition's part published above its whole reads as all of it)
            assert r.value == pytest.approx(min(r.numerator, r.denominator) / r.denominator)
        if r.status == "suppressed":
            assert r.value is None and r.ci_low is None and r.p_value is None and r.reason


def test_unprotected_figures_say_so_on_every_row(council):
    _, data = council
    measure_set = compute(data, Parameters(measures=("workforce",)), DisclosurePolicy.unprotected())
    assert measure_set.results and all("unprotected" in r.reason for r in measure_set.results)
    assert "UNPROTECTED" in measure_set.methodology[0]
    assert any(c is not None and c % 5 for r in measure_set.results for c in (r.numerator, r.denominator))


def test_the_methodology_is_the_policy_in_force():
    text = " ".join(DisclosurePolicy(min_count=10).describe())
    assert "multiple of 10" in text and "1 to 9" in text and "11 responses" in text
    assert "UNPROTECTED" not in text


def test_with_hashed_identifiers_the_key_is_the_first_byte_of_the_keyed_hash(council, tmp_path):
    import hmac

    from parity.ingest.pseudonymise import Pseudonymiser

    folder, _ = council
    secret = b"a test secret of thirty-two bytes!"
    data, _ = load_folder(folder, hasher=Pseudonymiser(secret))
    with open(Path(folder) / "staff_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        staff = list(csv.DictReader(handle))
    latest = max(r["snapshot_date"] for r in staff)
    ids = [r["staff_id"] for r in staff if r["snapshot_date"] == latest]
    keyed = [hmac.new(secret, i.encode(), hashlib.sha256).digest()[0] for i in ids]
    c, key = len(ids), sum(keyed) % 256
    expected = c - c % 5 + (5 if key / 256 < (c % 5) / 5 else 0)
    (total,) = [r for r in compute(data, Parameters(measures=("workforce.declaration_rate",), breakdowns=())).results
                if r.period == latest]
    assert total.denominator == expected
