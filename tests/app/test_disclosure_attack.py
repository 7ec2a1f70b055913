"""An attacker with everything a signed-in viewer can download (ADR 0009, docs/disclosure.md).

Independent of the engine's protection code: it signs in as a viewer, downloads the staff
tables the pages offer (every grouping, snapshot and directorate filter, the grade tables),
reads each published count as "the true count is within 4 of this" (the rounding the
methodology states; "<5" is 0 to 4), writes one unknown per finest cell (snapshot x
directorate x grade x ethnicity category) and, by linear programming (scipy's HiGHS), finds
the narrowest interval it can prove for every cell of 1 to 4 people: each published cell and
each finest cell. It passes when none is narrower than the "1 to 4" that "<5" itself says
(at least 4 possible values). A planted leak, one true count published beside the rest, is
caught.

The category -> group definitions it uses are the public ones (docs/ethnicity.md), taken from
``engine.groupings`` as an attacker would read them.
"""

import csv
import io
import re
from collections import defaultdict
from itertools import product

import numpy as np
import pytest
from django.urls import reverse
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from parity.cli import main
from parity.engine import groupings
from parity.engine.ethnicity import classify

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_caches")]

WIDTH = 3  # "<5" says 1 to 4: an interval narrower than that (hi - lo < 3) is a leak
STAFF_TABLES = (("workforce.composition", ""), ("workforce.declaration_rate", ""), ("wres.1", "grade="),
                ("scwres.1", "grade="))


def _codes(grouping: str, label: str) -> frozenset[str]:
    g = groupings.get("wres_binary").relabelled("Ethnic minorities") if grouping == "scwres" else groupings.get(grouping)
    combined = re.match(r".*\(combined: (.*)\)$", label)
    names, rest = [], combined.group(1) if combined else label
    while rest:  # the combined labels, each a label of the grouping (which may hold commas itself)
        name = max((lab for lab in set(g.assignment.values()) if rest == lab or rest.startswith(lab + ", ")), key=len)
        names.append(name)
        rest = rest[len(name) + 2:]
    codes = frozenset(c for c, lab in g.assignment.items() if lab in names)
    assert codes, (grouping, label)
    return codes


def collect(client, snapshots, directorates) -> list[dict]:
    rows = []
    for grouping, snapshot in product(("ons5", "ons19", "white_british_vs_minorities", "wres_binary"), snapshots):
        for measure, cells in STAFF_TABLES:
            for directorate in ([""] + directorates if not cells else [""]):
                query = {"grouping": grouping, "snapshot": snapshot, "directorate": directorate, "cells": cells}
                response = client.get(reverse("dashboards:table_csv", args=[measure]), query)
                assert response.status_code == 200, (measure, query)
                for row in csv.DictReader(io.StringIO(response.content.decode())):
                    row["grouping"] = "scwres" if measure == "scwres.1" else (
                        "wres_binary" if measure == "wres.1" else grouping)
                    row["where"] = f"directorate={directorate}" if directorate and row["breakdown"] == "overall" \
                        else row["breakdown"]
                    rows.append(row)
    return rows


def published_sets(rows) -> dict[tuple, float]:
    """(period, directorate or None, grade or None, category codes) -> published count."""
    out: dict[tuple, float] = {}
    every = frozenset(groupings.get("ons19").assignment)
    for row in rows:
        if row["comparator"] or row["group"] == "" or "level=" in row["where"]:
            continue
        place = dict(part.split("=", 1) for part in row["where"].split(";")) if row["where"] != "overall" else {}
        cell = (row["period"], place.get("directorate"), place.get("grade"))
        if row["measure"] == "workforce.declaration_rate":
            numerator_codes = every - {"not_stated"}
        else:
            numerator_codes = _codes(row["grouping"], row["group"])
        for codes, value in ((numerator_codes, row["numerator"]), (every, row["denominator"])):
            if value in ("", None):
                continue
            key = (*cell, codes)
            assert out.get(key, float(value)) == float(value), f"one cell, two figures: {key}"
            out[key] = float(value)
    return out


def truth(folder) -> dict[tuple, int]:
    with open(folder / "staff_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        return _count(csv.DictReader(handle))


def _count(records) -> dict[tuple, int]:
    atoms: dict[tuple, int] = defaultdict(int)
    for r in records:
        atoms[(r["snapshot_date"], r["directorate"], r["grade"], classify(r["ethnicity"]).code)] += 1
    return atoms


def members_of(key: tuple, index: dict[tuple, int]) -> list[int]:
    """The unknowns (finest cells) a published figure adds up."""
    period, directorate, grade, codes = key
    return [i for (p, d, g, c), i in index.items() if p == period and (directorate is None or d == directorate)
            and (grade is None or g == grade) and c in codes]


def narrowest(sets: dict[tuple, float], atoms: list[tuple], targets: list[frozenset[int]],
              exact: frozenset | set = frozenset()) -> list[float]:
    """For each target (a set of atom indices, all of one snapshot), the width of the interval of
    its total that every published figure allows (each within 4 of the truth, 0 meaning 0 to 4;
    those in ``exact`` read as exact). Snapshots share no unknowns, so each is solved apart."""
    index = {a: i for i, a in enumerate(atoms)}
    systems = {}
    for period in {a[0] for a in atoms}:
        keys = [k for k in sets if k[0] == period]
        data, rows, cols, b = [], [], [], []
        for k, key in enumerate(keys):  # sum <= value + slack and -sum <= -(value - slack)
            for i in members_of(key, index):
                rows += [2 * k, 2 * k + 1]
                cols += [i, i]
                data += [1.0, -1.0]
            slack = 0.0 if key in exact else 4.0
            b += [sets[key] + slack, -max(sets[key] - slack, 0.0)]
        systems[period] = (csr_matrix((data, (rows, cols)), shape=(2 * len(keys), len(atoms))), np.array(b))
    widths = []
    for target in targets:
        a, b = systems[atoms[next(iter(target))][0]]
        c = np.zeros(len(atoms))
        c[list(target)] = 1
        low = linprog(c, A_ub=a, b_ub=b, bounds=(0, None), method="highs")
        high = linprog(-c, A_ub=a, b_ub=b, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status == 0, (low.message, high.message)
        widths.append(-high.fun - low.fun)
    return widths


@pytest.fixture
def downloaded(small_council, login):
    assert main(["import", str(small_council)]) == 0
    client = login("viewer")
    page = client.get(reverse("dashboards:overview")).content.decode()
    snapshots = sorted(set(re.findall(r'<option value="(\d{4}-\d\d-\d\d)"', page)))
    directorates = sorted(set(re.findall(r'name="directorate".*?</select>', page, re.S)[0].split('value="')[1:]))
    directorates = [d.split('"')[0] for d in directorates if d.split('"')[0]]
    assert snapshots and directorates
    return collect(client, snapshots, directorates), truth(small_council)


def unknowns(sets: dict[tuple, float]) -> list[tuple]:
    """One unknown per snapshot x directorate x grade x ethnicity category the figures name."""
    return list(product(sorted({k[0] for k in sets}), sorted({k[1] for k in sets if k[1]}),
                        sorted({k[2] for k in sets if k[2]}), sorted(groupings.get("ons19").assignment)))


def test_no_small_cell_can_be_narrowed_from_everything_a_viewer_downloads(downloaded):
    rows, true = downloaded
    sets = published_sets(rows)
    atoms = unknowns(sets)
    index = {a: i for i, a in enumerate(atoms)}
    assert sum(true.get(a, 0) for a in atoms) == sum(true.values())  # every person is in one unknown
    # the cells of 1 to 4 people: every published one, and every finest one
    targets, names = [], []
    for key in sets:
        members = frozenset(members_of(key, index))
        if 0 < sum(true.get(atoms[i], 0) for i in members) < 5:
            targets.append(members)
            names.append((*key[:3], sorted(key[3])[:3]))
    for a, i in index.items():
        if 0 < true.get(a, 0) < 5:
            targets.append(frozenset([i]))
            names.append(a)
    assert len(targets) > 50
    widths = narrowest(sets, atoms, targets)
    pinned = [(n, w) for n, w in zip(names, widths) if w < WIDTH - 1e-6]
    assert not pinned, pinned[:10]


def test_the_attacker_catches_a_planted_leak(downloaded):
    rows, true = downloaded
    sets = published_sets(rows)
    atoms = unknowns(sets)
    # A page that printed one small grade cell's true count, unrounded:
    small = next(k for k in sets if k[2] is not None and 0 < sum(
        v for a, v in true.items() if a[0] == k[0] and a[2] == k[2] and a[3] in k[3]) < 5)
    members = frozenset(i for i, a in enumerate(atoms) if a[0] == small[0] and a[2] == small[2] and a[3] in small[3])
    leaked = dict(sets)
    leaked[small] = sum(v for a, v in true.items() if a[0] == small[0] and a[2] == small[2] and a[3] in small[3])
    (before,) = narrowest(sets, atoms, [members])
    (after,) = narrowest(leaked, atoms, [members], exact={small})
    assert before >= WIDTH - 1e-6 and after < WIDTH - 1e-6
