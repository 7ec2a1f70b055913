"""No exception from degenerate data (issue 11, point 3).

Hypothesis bends a small synthetic council's files into the shapes real extracts take at the
edges (``degenerate.bend``: one person, one group, nobody stated, every flag yes or no,
snapshots sharing nobody, empty files, pay all equal or absent, every survey answer the same)
and runs every measure, in every grouping, overall, by directorate and grade and by an
intersection, as ``parity measures`` would. Each run must finish; every figure not computed
must say why; none may be the engine's "unexpected error" (a contained crash is still a
crash); every interval must hold its own point estimate. The oracles here are the shapes'
definitions, not the engine's functions.
"""

import dataclasses
import shutil
import tempfile
from pathlib import Path

import pytest
from degenerate import bend
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity.engine.compute import Parameters, compute
from parity.engine.results import FAILED
from parity.ingest.engine_input import load_folder
from parity.synthetic_council import write_council

GROUPINGS = ("ons5", "ons19", "white_british_vs_minorities", "wres_binary")
EMPTIABLE = ("applications", "casework", "training", "survey_responses", "panels")
_BASE: list[Path] = []


def base_council() -> Path:
    """A 40-person council over three snapshots with every file, written once."""
    if not _BASE:
        folder = Path(tempfile.mkdtemp(prefix="degenerate-"))
        write_council(folder, staff=40, years=3, seed=3)
        (folder / "SYNTHETIC-DATA.txt").unlink()
        _BASE.append(folder)
    return _BASE[0]


shapes = st.fixed_dictionaries({}, optional={
    "people": st.integers(1, 4),
    "ethnicity": st.sampled_from(["White British", "Not stated", "Black Caribbean", "Indian"]),
    "staff_flags": st.sampled_from(["Yes", "No"]),
    "application_flags": st.sampled_from(["Yes", "No"]),
    "no_overlap": st.just(True),
    "pay": st.sampled_from(["equal", "absent", "zero bonus"]),
    "empty": st.lists(st.sampled_from(EMPTIABLE), unique=True, min_size=1),
    "survey": st.sampled_from(["favourable", "unfavourable"]),
})


def check(results) -> None:
    for r in results:
        assert r.reason != FAILED, (r.measure, r.period, r.breakdown, r.group)
        if r.status == "not_computable":
            assert r.reason and r.value is None
        if r.value is not None and r.ci_low is not None and r.ci_high is not None:
            assert r.ci_low - 1e-9 <= r.value <= r.ci_high + 1e-9, r


def computed(shape: dict, grouping: str):
    folder = Path(tempfile.mkdtemp(prefix="shape-")) / "files"
    shutil.copytree(base_council(), folder)
    try:
        bend(folder, shape)
        data, report = load_folder(folder)
        assert report.ok, [str(p) for p in report.problems[:5]]
        return compute(data, Parameters(grouping=grouping, breakdowns=("directorate,grade", "sex+disability")))
    finally:
        shutil.rmtree(folder.parent)


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(shapes, st.sampled_from(GROUPINGS))
def test_every_measure_finishes_on_degenerate_councils(shape, grouping):
    measure_set = computed(shape, grouping)
    check(measure_set.results)
    assert all(c.reason != FAILED for c in measure_set.changes)


@pytest.mark.parametrize("shape", [
    {"people": 1},  # one person
    {"no_overlap": True},  # an HR id-scheme change: two snapshots share nobody
    {"ethnicity": "White British", "staff_flags": "Yes", "application_flags": "Yes"},  # one group, every rate 100%
    {"ethnicity": "Not stated"},  # nobody stated
    {"empty": list(EMPTIABLE)},  # staff only
    {"staff_flags": "No", "application_flags": "No", "survey": "unfavourable"},  # every rate 0
], ids=["one person", "no overlap", "one group all yes", "nobody stated", "staff only", "all no"])
def test_the_shapes_of_issue_11_finish_in_every_grouping(shape):
    for grouping in GROUPINGS:
        check(computed(shape, grouping).results)


def test_snapshots_sharing_nobody_count_everybody_as_leaving():
    """Snapshots with no staff id in common: the leaving rate is 100% for every group (everyone
    in an earlier snapshot is absent from the next), a figure rather than a crash."""
    measure_set = computed({"no_overlap": True}, "wres_binary")
    leaving = [r for r in measure_set.results if r.measure == "workforce.retention" and r.breakdown == "overall"
               and r.comparator is None and r.status in ("ok", "low_power")]
    assert leaving and all(r.value == 1 for r in leaving)


def test_a_failure_in_one_cell_or_one_period_loses_only_those_figures(small_council, monkeypatch, caplog):
    from parity.engine import registry, statistics

    data, _ = load_folder(small_council)
    params = Parameters(measures=("workforce.promotion", "wres.1"), breakdowns=("directorate",))
    whole = compute(data, params).results
    first_period = min(r.period for r in whole)
    broken = next(r.breakdown for r in whole if r.breakdown.startswith("directorate="))
    proportion = statistics.proportion

    def failing(measure, period, x, n, **kw):  # one cell of one measure goes wrong
        if measure == "workforce.promotion" and kw.get("breakdown") == broken:
            raise ZeroDivisionError("planted")
        return proportion(measure, period, x, n, **kw)

    monkeypatch.setattr(statistics, "proportion", failing)
    wres1 = registry.MEASURES["wres.1"]

    def failing_in_one_period(measure, ctx):  # and one measure in one period
        if any(p.isoformat() == first_period for p in ctx.periods):
            raise RuntimeError("planted")
        return wres1.compute(measure, ctx)

    monkeypatch.setitem(registry.MEASURES, "wres.1", dataclasses.replace(wres1, compute=failing_in_one_period))
    found = compute(data, params).results
    key = lambda r: (r.measure, r.period, r.breakdown, r.group, r.comparator)  # noqa: E731
    kept = {key(r) for r in found if r.reason != FAILED}
    lost = [r for r in whole if key(r) not in kept]
    assert lost and all((r.measure == "workforce.promotion" and r.breakdown == broken)
                        or (r.measure == "wres.1" and r.period == first_period) for r in lost)
    failures = [r for r in found if r.reason == FAILED]
    assert {(r.measure, r.breakdown if r.measure != "wres.1" else r.period) for r in failures} == {
        ("workforce.promotion", broken), ("wres.1", first_period)}
    assert "planted" in caplog.text  # the details go to the log
