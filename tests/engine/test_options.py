"""Options are honoured or refused, never ignored (issue 11, point 12): every measure family
run in every grouping, with the default reference and with another one asked for."""

import pytest

from parity.engine import groupings, registry
from parity.engine.compute import DEFAULT_REFERENCE, Parameters, compute
from parity.ingest.engine_input import load_folder

# a reference other than each grouping's default, as a council might ask for
OTHER_REFERENCE = {"ons5": "White", "ons19": "Indian", "white_british_vs_minorities": "White British",
                   "wres_binary": "White"}
NOT_GROUPS = ("Workforce", "Local population")  # comparators that are populations, not ethnic groups


@pytest.fixture(scope="module")
def data(small_council):
    return load_folder(small_council)[0]


@pytest.mark.parametrize("grouping", list(groupings.GROUPINGS))
@pytest.mark.parametrize("asked", [False, True], ids=["default reference", "reference asked"])
def test_every_measure_uses_the_grouping_and_reference_or_says_which_it_uses(data, grouping, asked):
    reference = OTHER_REFERENCE[grouping] if asked else None
    measure_set = compute(data, Parameters(grouping=grouping, reference=reference, breakdowns=()))
    labels = set(groupings.get(grouping).labels)
    default = grouping == "ons5" and reference is None
    for measure in registry.MEASURES.values():
        rows = [r for r in measure_set.results if r.measure == measure.id and r.status != "not_computable"]
        if measure.fixed_groups:
            said = [w for w in measure_set.warnings if w.startswith(f"{measure.id}:")]
            same = grouping == measure.same_as_grouping and reference in (None, DEFAULT_REFERENCE[grouping])
            if default or same:  # asked for nothing else, or for the very groups it uses: no note
                assert not said and not any(measure.fixed_groups in r.method for r in rows), measure.id
            else:
                assert said and all(measure.fixed_groups in r.method for r in rows), measure.id
            continue
        assert rows, measure.id
        for r in rows:
            if measure.id.startswith("pay.") and reference is None:  # White British apart (GOV.UK)
                assert r.comparator in (None, "White British"), (measure.id, r.comparator)
                continue
            assert r.group in labels or r.rolled_up_from or r.group.startswith("All "), (measure.id, r.group)
            if r.comparator is not None and r.comparator not in NOT_GROUPS:
                expected = reference or DEFAULT_REFERENCE[grouping]
                assert r.comparator == expected, (measure.id, r.comparator, expected)


def test_the_pay_gap_compares_with_white_when_asked_as_nhs_bodies_publish(data):
    """--grouping wres_binary --reference White: White against BME, not White British."""
    found = compute(data, Parameters(measures=("pay.mean_gap",), grouping="wres_binary", reference="White",
                                     breakdowns=())).results
    assert {r.comparator for r in found} == {"White"}
    assert "BME" in {r.group for r in found}
    default = compute(data, Parameters(measures=("pay.mean_gap",), grouping="wres_binary", breakdowns=())).results
    assert {r.comparator for r in default} == {"White British"}
