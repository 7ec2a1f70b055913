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

The reasoning is in ``attacker.py``.
"""

import csv
import io
import re
from itertools import product

from html import unescape

import pytest
from attacker import WIDTH, figures, narrowest, pinned, published_sets, true_counts, unknowns
from django.urls import reverse

from parity.cli import main
from parity.engine.disclosure import DisclosurePolicy

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_caches")]

STAFF_TABLES = (("workforce.composition", ""), ("workforce.declaration_rate", ""), ("wres.1", "grade="),
                ("scwres.1", "grade="))


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


@pytest.fixture
def downloaded(small_council, login):
    assert main(["import", str(small_council)]) == 0
    client = login("viewer")
    page = client.get(reverse("dashboards:overview")).content.decode()
    snapshots = sorted(set(re.findall(r'<option value="(\d{4}-\d\d-\d\d)"', page)))
    directorates = sorted(set(re.findall(r'name="directorate".*?</select>', page, re.S)[0].split('value="')[1:]))
    directorates = [d.split('"')[0] for d in directorates if d.split('"')[0]]
    assert snapshots and directorates
    with open(small_council / "staff_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        return collect(client, snapshots, directorates), true_counts(csv.DictReader(handle)), page


def test_no_small_cell_can_be_narrowed_from_everything_a_viewer_downloads(downloaded):
    rows, true, _ = downloaded
    assert all(len(values) == 1 for values in figures(rows).values())  # one cell, one figure, everywhere
    attacked, found = pinned(rows, true)
    assert attacked > 50
    assert not found, found[:10]


def test_the_attacker_catches_a_planted_leak(downloaded):
    rows, true, _ = downloaded
    sets = published_sets(rows)
    atoms = unknowns(sets)
    # A page that printed one small grade cell's true count, unrounded:
    small = next(k for k in sets if k[2] is not None and 0 < sum(
        v for a, v in true.items() if a[0] == k[0] and a[2] == k[2] and a[3] in k[3]) < 5)
    members = frozenset(i for i, a in enumerate(atoms) if a[0] == small[0] and a[2] == small[2] and a[3] in small[3])
    exact = sum(v for a, v in true.items() if a[0] == small[0] and a[2] == small[2] and a[3] in small[3])
    leaked = {**sets, small: (exact, exact)}
    (before,) = narrowest(sets, atoms, [members])
    (after,) = narrowest(leaked, atoms, [members])
    assert before >= WIDTH - 1e-6 and after < WIDTH - 1e-6


def test_what_the_pages_say_about_protection_is_what_the_attacker_finds(downloaded):
    rows, true, page = downloaded
    said = [unescape(line) for line in re.findall(r"<li>(.*?)</li>", page.split('id="protection"')[1].split("</details>")[0])]
    assert said == DisclosurePolicy().describe()  # generated from the policy in force
    claims = " ".join(said)
    counts = [float(r[f]) for r in rows for f in ("numerator", "denominator") if r[f] not in ("", None)]
    assert "rounded to a multiple of 5" in claims and all(c % 5 == 0 for c in counts)
    assert "no count from 1 to 4 is ever shown" in claims and not any(0 < c < 5 for c in counts)
    assert "the same people always get the same rounded count" in claims.lower()
    assert all(len(values) == 1 for values in figures(rows).values())
    assert "ranges, not exact counts" in claims
    _, found = pinned(rows, true)
    assert not found  # here not even a little: every cell of 1 to 4 keeps the whole "1 to 4"
    assert "A rate or ratio with a count shown as \"<5\" is not shown" in claims
    shown_on_a_small_count = [r for r in rows if r["value"] not in ("", None) and any(
        r[f] not in ("", None) and float(r[f]) == 0 for f in ("numerator", "denominator"))]
    assert rows and not shown_on_a_small_count
