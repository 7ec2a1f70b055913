"""Disclosure control: primary rules, and no hidden cell can be recovered by differencing."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity.engine.disclosure import ALL_GROUPS, DisclosurePolicy
from parity.engine.results import Result

POLICY = DisclosurePolicy()
KINDS = {"comp": "composition", "rate": "count", "survey": "survey", "pay": "pay"}


def r(measure="rate", breakdown="overall", group="A", numerator=10, denominator=100, **kw):
    return Result(measure=measure, period="2024-03-31", breakdown=breakdown, group=group,
                  numerator=numerator, denominator=denominator, value=numerator / denominator, **kw)


def test_primary_rules():
    results = [r(numerator=3), r(group="B", numerator=0, denominator=50), r(group="C", numerator=20, denominator=4),
               r(measure="survey", group="D", numerator=5, denominator=10),
               r(measure="pay", group="E", numerator=12, denominator=12, comparator_denominator=9)]
    out = POLICY.apply(results, KINDS)
    assert [x.status for x in out.results] == ["suppressed", "ok", "suppressed", "suppressed", "suppressed"]
    hidden = out.results[0]
    assert hidden.value is None and hidden.numerator is None and hidden.ci_low is None
    assert "1 to 4" in hidden.reason
    assert {e.rule for e in out.log} == {"primary"} and len(out.log) == 4
    assert POLICY.count_label(3) == "<5" and POLICY.count_label(0) == "0" and POLICY.count_label(12) == "12"


def test_a_lone_hidden_group_takes_the_next_smallest_with_it():
    results = [r(measure="comp", group=g, numerator=n, denominator=70) for g, n in
               (("White", 40), ("Asian", 3), ("Black", 9), ("Mixed", 18))]
    out = POLICY.apply(results, KINDS)
    assert [x.status for x in out.results] == ["ok", "suppressed", "suppressed", "ok"]
    assert [e.rule for e in out.log] == ["primary", "secondary"]


def _composition(table: np.ndarray) -> list[Result]:
    """Rows: directorates; columns: groups; each cell a share of its row; plus the overall row."""
    results = []
    for i, row in enumerate(table):
        for j, n in enumerate(row):
            results.append(Result(measure="comp", period="p", breakdown=f"directorate=d{i}", group=f"g{j}",
                                  numerator=float(n), denominator=float(row.sum())))
    for j, n in enumerate(table.sum(axis=0)):
        results.append(Result(measure="comp", period="p", group=f"g{j}", numerator=float(n),
                              denominator=float(table.sum())))
    return results


def _recoverable(table: np.ndarray, hidden: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Hidden cells an attacker could compute exactly from every published number.

    Rows are cells (directorates and the overall row ``-1``); unknowns are the hidden cells.
    Published: every shown cell, every row total (the shared denominators, the worst case)
    and the grand total. A hidden cell is recoverable when its unit vector lies in the row
    space of the equations.
    """
    rows, cols = table.shape
    unknowns = sorted(hidden)
    index = {cell: k for k, cell in enumerate(unknowns)}
    equations = []
    for i in list(range(rows)) + [-1]:  # row sums = row totals (known)
        eq = np.zeros(len(unknowns))
        for j in range(cols):
            if (i, j) in index:
                eq[index[(i, j)]] = 1
        equations.append(eq)
    for j in range(cols):  # column sums: directorates add up to the overall row
        eq = np.zeros(len(unknowns))
        for i in range(rows):
            if (i, j) in index:
                eq[index[(i, j)]] = 1
        if (-1, j) in index:
            eq[index[(-1, j)]] = -1
        equations.append(eq)
    a = np.array(equations)
    rank = np.linalg.matrix_rank(a) if len(unknowns) else 0
    leaked = []
    for cell, k in index.items():
        unit = np.zeros(len(unknowns))
        unit[k] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            leaked.append(cell)
    return leaked


tables = st.integers(2, 5).flatmap(lambda rows: st.integers(2, 5).flatmap(
    lambda cols: st.lists(st.lists(st.integers(0, 30), min_size=cols, max_size=cols),
                          min_size=rows, max_size=rows)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_no_suppressed_cell_can_be_recovered_by_differencing(cells):
    table = np.array(cells)
    out = POLICY.apply(_composition(table), KINDS)
    hidden = set()
    for result in out.results:
        if result.status == "suppressed":
            i = -1 if result.breakdown == "overall" else int(result.breakdown.split("=d")[1])
            hidden.add((i, int(result.group[1:])))
    # Every primary cell (a count of 1-4) is hidden ...
    for i, row in enumerate(table):
        for j, n in enumerate(row):
            if 0 < n < 5 or 0 < row.sum() < 5:
                assert (i, j) in hidden
    # ... and none can be worked out from what is published.
    assert _recoverable(table, hidden) == []


def test_rate_tables_use_the_all_groups_column_as_the_total():
    results = [r(group="White", numerator=30, denominator=300), r(group="BME", numerator=2, denominator=90),
               r(group="Not stated", numerator=6, denominator=40), r(group=ALL_GROUPS, numerator=38, denominator=430)]
    out = POLICY.apply(results, KINDS)
    assert [x.status for x in out.results] == ["ok", "suppressed", "suppressed", "ok"]


def test_policy_is_described_for_the_methodology_note():
    text = " ".join(DisclosurePolicy(min_count=10).describe())
    assert "1 to 9" in text and "<10" in text and "11 responses" in text
