"""The attacker (``attacker.py``) on the one-way tables by sex and by disability: leaving,
promotion and shortlisting for everyone of each sex and each disability status, which the
outcome pages show every role (and the annual report prints).

Beside them it holds the tables that count the same people by ethnic group and directorate
(staff, declaration, leaving, promotion; applications and shortlisting) and the WDES tables that
count them by disability (staff, appointment from shortlisting, capability), every grouping,
snapshot and directorate. One unknown per snapshot x directorate x ethnic category x sex x
disability; for every published cell of 1 to 4 people and every finest cell of 1 to 4, the
narrowest interval linear programming proves. A one-way table that printed a small cell's true
count is caught.
"""


import pytest
from attacker import (KEPT, WIDTH, applications, at_detail, collect, figures, members_of, narrowest, offered, pinned,
                      published_sets, records, true_counts, unknowns)

from parity.app.dashboards.services import ONE_WAY, TOPICS, page_tables
from parity.cli import main

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_caches", "fixed_secret")]

ONE_WAY_TABLES = tuple(sorted((m, cells) for m, cells in page_tables(list(TOPICS)) if cells in ONE_WAY))
# the tables that count the same people by ethnic group (and directorate), and by disability (WDES)
STAFF = (("workforce.composition", ""), ("workforce.declaration_rate", ""), ("workforce.retention", ""),
         ("workforce.promotion", ""))
APPLICATIONS = (("workforce.composition", ""), ("recruitment.shortlisting", ""), ("wres.2", ""))
BY_DISABILITY = {"staff": (("wdes.1", ""), ("wdes.3", "")), "applications": (("wdes.2", ""),)}


def test_the_pages_offer_the_one_way_tables_this_attack_reads():
    assert {m for m, _ in ONE_WAY_TABLES} == {"workforce.retention", "workforce.promotion",
                                             "recruitment.shortlisting"}
    assert {cells for _, cells in ONE_WAY_TABLES} == {"sex", "disability"}


@pytest.fixture
def viewer_downloads(small_council, login):
    assert main(["import", str(small_council)]) == 0
    client = login("viewer")
    snapshots, directorates = offered(client)
    assert snapshots and directorates

    def download(tables):
        return collect(client, snapshots, directorates, tables)
    return download


def _one_way_rows(rows):
    return [r for r in rows if r["breakdown"].split("=")[0] in ONE_WAY]


def test_a_one_way_download_holds_each_cells_whole_staff_and_nothing_within_it(viewer_downloads):
    rows = viewer_downloads(ONE_WAY_TABLES)
    assert rows and all(r["group"] == "All staff" and not r["comparator"] and ";" not in r["breakdown"]
                        for r in rows)
    assert {r["breakdown"].split("=")[0] for r in rows} == set(ONE_WAY)
    counts = [float(r[f]) for r in rows for f in ("numerator", "denominator") if r[f] not in ("", None)]
    assert counts and all(c % 5 == 0 for c in counts)


@pytest.mark.parametrize("population,dimension", [(p, d) for p in ("staff", "applications") for d in ONE_WAY])
def test_no_small_cell_can_be_narrowed_with_the_one_way_tables(small_council, viewer_downloads, population,
                                                                dimension):
    """One characteristic at a time: the sex and the disability systems share only the ethnic
    tables, which each holds."""
    applied = population == "applications"
    one_way = tuple(t for t in ONE_WAY_TABLES if t[1] == dimension and (t[0] == "recruitment.shortlisting") == applied)
    tables = (APPLICATIONS if applied else STAFF) + one_way
    rows = viewer_downloads(tables + (BY_DISABILITY[population] if dimension == "disability" else ()))
    assert _one_way_rows(rows)
    shown = figures(rows)
    # one cell, one figure: a sex's staff in the promotion table is the same count in the leaving table's
    assert all(len(values) == 1 for values in shown.values()), [(k[:4], k[5:], v) for k, v in shown.items()
                                                                if len(v) > 1][:5]
    at = 5 if dimension == "sex" else 6
    families = {"shortlisted", "applied"} if applied else {"left", "promoted", "staff"}
    assert {k[0] for k in shown if k[at]} >= families  # the cells were read
    true = true_counts(records(small_council), applications(small_council) if applied else ())
    attacked, found = pinned(rows, true)
    assert attacked > 100
    assert all(width >= KEPT - 1e-6 for _, width in found), found[:10]
    assert len(found) <= attacked // 50, len(found)


def test_a_one_way_table_that_printed_a_true_count_would_be_caught(small_council, viewer_downloads):
    """The smallest sex cell's staff, printed unrounded beside everything else, is pinned: the
    attacker reads the one-way cells as constraints on the same unknowns as the ethnic tables."""
    rows = viewer_downloads(STAFF + tuple(t for t in ONE_WAY_TABLES if t[1] == "sex"))
    sets = published_sets(rows)
    atoms = unknowns(sets)
    true = at_detail(true_counts(records(small_council)), atoms)
    index = {a: i for i, a in enumerate(atoms)}
    total = {k: sum(true.get(atoms[i], 0) for i in members_of(k, index)) for k in sets if k[5] and k[0] == "staff"}
    small = min((k for k in total if total[k]), key=total.get)
    members = frozenset(members_of(small, index))
    (before,) = narrowest(sets, atoms, [members])
    (after,) = narrowest({**sets, small: (total[small], total[small])}, atoms, [members])
    assert before >= WIDTH and after < WIDTH - 1e-6
