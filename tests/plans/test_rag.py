"""The RAG rule and reading timescales as dates."""

import datetime as dt

import pytest

from parity.plans.rag import AMBER, GREEN, RED, due_date, rag

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("31/03/2022", D(2022, 3, 31)), ("2023-06-30", D(2023, 6, 30)), ("March 2022", D(2022, 3, 31)),
    ("by Feb 2024", D(2024, 2, 29)), ("Q1 2022/23", D(2022, 6, 30)), ("Q3 2022/23", D(2022, 12, 31)),
    ("Q4 2022/23", D(2023, 3, 31)), ("Q2 2024", D(2024, 6, 30)), ("2022/23", D(2023, 3, 31)),
    ("Ongoing", None), ("", None), ("31/02/2022", None),
])
def test_due_dates(text, expected):
    assert due_date(text) == expected


TODAY = D(2024, 5, 1)


def test_rule_in_order():
    assert rag("completed", D(2020, 1, 1), TODAY).colour == GREEN  # complete beats overdue
    overdue = rag("in_progress", D(2024, 4, 30), TODAY, D(2024, 4, 29))
    assert (overdue.colour, overdue.reason) == (RED, "overdue: due 2024-04-30")
    assert rag("in_progress", None, TODAY, TODAY).reason == "no date set"
    assert rag("not_started", D(2024, 7, 1), TODAY).colour == AMBER
    assert rag("not_started", D(2025, 7, 1), TODAY).colour == GREEN
    assert rag("on_hold", D(2025, 7, 1), TODAY).reason == "on hold"
    assert rag("in_progress", D(2025, 7, 1), TODAY, D(2024, 1, 1)).reason == "no recent update"
    assert rag("in_progress", D(2025, 7, 1), TODAY, None).colour == AMBER
    assert rag("in_progress", D(2025, 7, 1), TODAY, D(2024, 4, 1)).colour == GREEN


def test_override_needs_a_reason():
    with pytest.raises(ValueError, match="needs a reason"):
        rag("in_progress", None, TODAY, override=GREEN, override_reason=" ")
    with pytest.raises(ValueError, match="unknown RAG"):
        rag("in_progress", None, TODAY, override="purple", override_reason="why")
    r = rag("in_progress", D(2020, 1, 1), TODAY, override=GREEN, override_reason="Agreed new date with CLT")
    assert (r.colour, r.overridden, r.reason) == (GREEN, True, "Agreed new date with CLT")


@pytest.mark.parametrize("text, ongoing", [
    ("Ongoing", True), ("On-going", True), ("Annually", True), ("Quarterly review", True), ("Rolling programme", True),
    ("By the next review", False), ("", False), ("March 2026", False), ("Annually, from March 2026", False),
])
def test_open_ended_timescales(text, ongoing):
    from parity.plans.rag import open_ended
    assert open_ended(text) is ongoing


def test_an_ongoing_action_is_judged_by_its_updates_not_by_a_missing_date():
    assert rag("in_progress", None, TODAY, D(2024, 4, 1), ongoing=True).colour == GREEN
    assert rag("in_progress", None, TODAY, D(2023, 4, 1), ongoing=True).reason == "no recent update"
    assert rag("not_started", None, TODAY, ongoing=True).reason == "ongoing, not started"
    assert rag("on_hold", None, TODAY, TODAY, ongoing=True).reason == "on hold"
    assert rag("in_progress", None, TODAY, TODAY).reason == "no date set"  # a missing date is still said
