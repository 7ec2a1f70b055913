"""The attacker of ``attacker.py`` against the intersection explorer's figures and their margins.

The explorer shows staff, promotion, leaving and shortlisting by ethnic group within sex,
disability and grade cells and their intersections (``grade+sex+disability`` the finest), whole
council, in every grouping. Staff by group is attacked here. Each intersection is a split of its
margins (the sex cells, the grade table the representation page shows, the whole council), which
under table-by-table suppression let a hidden cell be worked out (ADR 0008). Here the explorer's
tables for both snapshots of the 600-staff synthetic council, in all four groupings, are
attacked together with the whole-council and grade tables the pages show: one unknown per
snapshot x grade x sex x disability x ethnicity category, every figure an interval (the attacker
takes outcomes by intersection too, each among its population of the same cell, but a system
with them is too large for the suite). The same criterion as the viewer's attack: every cell of
1 to 4 people keeps at least 3 possible counts, and at most one in 50 is narrowed at all.
"""

import pytest
from attacker import KEPT, WIDTH, applications, at_detail, engine_rows, figures, members_of, narrowest, pinned, \
    published_sets, records, true_counts, unknowns

from parity.app.measures.services import EXPLORER_BREAKDOWNS
from parity.engine.compute import Parameters, compute
from parity.ingest.engine_input import load_folder
from parity.ingest.pseudonymise import Pseudonymiser

GROUPINGS = ("ons5", "ons19", "white_british_vs_minorities", "wres_binary")


# Each explorer measure with the tables of the people it counts among. Only staff by group is
# attacked in the suite: with the promoted, the leavers or the applications beside the staff the
# system is several times larger and one measure takes many minutes (ADR 0009: why the explorer
# stays with analysts).
POPULATIONS = {"workforce.composition": (), "workforce.promotion": ("workforce.composition",),
               "workforce.retention": ("workforce.composition",), "recruitment.shortlisting": ()}
ATTACKED = ("workforce.composition",)


@pytest.fixture(scope="module")
def council(small_council):
    data, _ = load_folder(small_council, hasher=Pseudonymiser(b"a test secret of thirty-two bytes!"))
    return data, true_counts(records(small_council), applications(small_council))


def explorer_rows(data, measure: str) -> list[dict]:
    """The explorer's tables of ``measure`` (and of the people it counts among), and the whole-council
    and grade tables the pages show, in every grouping, both snapshots."""
    rows = []
    for grouping in GROUPINGS:
        explorer = compute(data, Parameters(measures=(measure, *POPULATIONS[measure]), grouping=grouping,
                                            breakdowns=EXPLORER_BREAKDOWNS)).results
        pages = compute(data, Parameters(measures=(measure, *POPULATIONS[measure]), grouping=grouping,
                                         breakdowns=("grade",))).results
        rows += engine_rows([r for r in explorer + pages if "directorate=" not in r.breakdown], grouping)
    return rows


@pytest.mark.parametrize("measure", ATTACKED)
def test_no_small_cell_can_be_narrowed_from_the_intersections_and_their_margins(council, measure):
    data, true = council
    rows = explorer_rows(data, measure)
    assert any("grade=" in r["where"] and "sex=" in r["where"] and "disability=" in r["where"] for r in rows)
    assert all(len(values) == 1 for values in figures(rows).values())  # one cell, one figure, in every table
    shown = [float(r[f]) for r in rows for f in ("numerator", "denominator") if r[f] not in ("", None)]
    assert shown and all(c % 5 == 0 for c in shown)  # no count from 1 to 4 anywhere
    count, found = pinned(rows, true)
    assert count > 500
    assert all(width >= KEPT - 1e-6 for _, width in found), found[:10]
    assert len(found) <= count // 50, len(found)


def test_the_attacker_catches_a_leaked_intersection(council):
    data, true = council
    rows = explorer_rows(data, "workforce.composition")
    sets = published_sets(rows)
    atoms = unknowns(sets)
    true = at_detail(true, atoms)
    index = {a: i for i, a in enumerate(atoms)}
    small = next(k for k in sets if k[3] and k[5] and k[6]
                 and 0 < sum(true.get(atoms[i], 0) for i in members_of(k, index)) < 5)
    members = frozenset(members_of(small, index))
    exact = sum(true.get(atoms[i], 0) for i in members)
    (after,) = narrowest({**sets, small: (exact, exact)}, atoms, [members])
    assert after < WIDTH - 1e-6
