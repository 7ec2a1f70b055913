"""A plan measure's verdict from the engine's change test, checked against a plain z test."""

import math

import pytest

from parity.engine.change import IMPROVED, NO_CHANGE, NOT_ENOUGH, WORSENED, verdict
from parity.engine.results import SUPPRESSED, Result
from parity.engine.statistics import proportion, relative_likelihood


def plain_two_proportion_p(x1, n1, x2, n2):
    p = (x1 + x2) / (n1 + n2)
    z = (x2 / n2 - x1 / n1) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return math.erfc(abs(z) / math.sqrt(2))


def test_proportions():
    before, after = proportion("m", "2024-03-31", 100, 1000), proportion("m", "2025-03-31", 150, 1000)
    p = plain_two_proportion_p(100, 1000, 150, 1000)
    assert p < 0.05
    assert verdict(before, after, "higher") == (IMPROVED, f"p = {p:.3g} (change from 2024-03-31 to 2025-03-31)")
    assert verdict(before, after, "lower")[0] == WORSENED
    close = proportion("m", "2025-03-31", 105, 1000)
    assert plain_two_proportion_p(100, 1000, 105, 1000) > 0.05
    assert verdict(before, close, "higher")[0] == NO_CHANGE


def test_ratios_towards_parity():
    before = relative_likelihood("m", "2024", 60, 200, 100, 1000, group="BME", comparator="White")  # 3.0
    after = relative_likelihood("m", "2025", 30, 200, 100, 1000, group="BME", comparator="White")  # 1.5
    assert verdict(before, after, "towards_one")[0] == IMPROVED
    assert verdict(after, before, "towards_one")[0] == WORSENED


def test_not_enough_data():
    before = proportion("m", "2024", 10, 100)
    assert verdict(None, before, "higher") == (NOT_ENOUGH, "only one period to compare")
    assert verdict(None, None, "higher") == (NOT_ENOUGH, "no figures yet")
    hidden = before.hidden("a count of 1 to 4 people", ("numerator", "denominator", "value", "ci_low", "ci_high"))
    assert hidden.status == SUPPRESSED
    assert verdict(before, hidden, "higher")[0] == NOT_ENOUGH
    bare = Result(measure="m", period="2025", value=0.2)
    assert verdict(before, bare, "higher") == (NOT_ENOUGH, "2025: a value without its counts cannot be tested")
    with pytest.raises(ValueError, match="unknown direction"):
        verdict(before, before, "sideways")
