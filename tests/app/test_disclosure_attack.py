"""An attacker with everything a signed-in viewer can download (ADR 0009, docs/disclosure.md).

Independent of the engine's protection code: it signs in as a viewer, downloads the staff and
promotion tables the pages offer (every grouping, snapshot and directorate filter, the grade
tables), reads each published count as an interval (a multiple of 5 within 4 of the truth, "<5"
as 0 to 4), writes one unknown per finest cell and, by linear programming (HiGHS), finds the
narrowest interval it can prove for every cell of 1 to 4 people: each published cell and each
finest cell. It passes when every one keeps at least 3 possible counts and few are narrowed at
all. A planted leak, one true count published beside the rest, is caught.

The reasoning is in ``attacker.py``.
"""

import csv
import io
import re
from itertools import product

from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from attacker import (KEPT, WIDTH, applications, at_detail, collect, figures, grouping_of, members_of, narrowest,
                      offered, pinned, published_sets, records, survey_answers, true_counts, unknowns)
from django.urls import reverse

from parity.app.dashboards.models import Publication
from parity.cli import main
from parity.engine.disclosure import DisclosurePolicy

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_caches", "fixed_secret")]

STAFF_TABLES = (("workforce.composition", ""), ("workforce.declaration_rate", ""), ("wres.1", "grade="),
                ("scwres.1", "grade="), ("workforce.promotion", ""))
# the casework and recruitment tables, with the staff table whose people they are among (by directorate:
# the grade tables are attacked above, and would make this linear programme ten times the size)
EVENT_TABLES = (("workforce.composition", ""), ("casework.disciplinary", ""), ("wres.3", ""),
                ("casework.grievance", ""), ("casework.capability", ""), ("recruitment.shortlisting", ""),
                ("recruitment.interview", ""), ("recruitment.appointment_from_interview", ""), ("wres.2", ""),
                ("wres.5", ""), ("wres.6", ""), ("wres.7", ""), ("wres.8", ""))


@pytest.fixture
def downloaded(small_council, login):
    assert main(["import", str(small_council)]) == 0
    client = login("viewer")
    page = client.get(reverse("dashboards:overview")).content.decode()
    snapshots, directorates = offered(client)
    assert snapshots and directorates
    return collect(client, snapshots, directorates, STAFF_TABLES), true_counts(records(small_council)), page


def test_no_small_cell_can_be_narrowed_from_everything_a_viewer_downloads(downloaded):
    rows, true, _ = downloaded
    assert all(len(values) == 1 for values in figures(rows).values())  # one cell, one figure, everywhere
    attacked, found = pinned(rows, true)
    assert attacked > 50
    # narrowed a little in a few cells (a whole of 6 to 9 shown as 10, the rest "<5"), never further
    assert all(width >= KEPT - 1e-6 for _, width in found), found[:10]
    assert len(found) <= attacked // 50, len(found)


def test_no_small_cell_of_casework_recruitment_or_survey_can_be_narrowed(small_council, login):
    """The casework tables (disciplinary in WRES 3 and its own table, grievance, capability: people
    entering a process over two years), the recruitment funnel (applications, shortlisted,
    interviewed, appointed; WRES 2) and the staff survey (WRES 5 to 8), every grouping, snapshot and directorate, with the staff tables
    they share people with: each outcome's people among its population's, comparison rows read too."""
    assert main(["import", str(small_council)]) == 0
    client = login("viewer")
    snapshots, directorates = offered(client)
    rows = collect(client, snapshots, directorates, EVENT_TABLES)
    assert {r["measure"] for r in rows} >= {m for m, _ in EVENT_TABLES}
    assert any(r["comparator"] and r["numerator"] not in ("", None) for r in rows)
    shown = figures(rows)
    assert all(len(values) == 1 for values in shown.values()), [(k[:4], sorted(k[4])[:2], k[5:], v)
                                                                 for k, v in shown.items() if len(v) > 1][:5]
    true = true_counts(records(small_council), applications(small_council) + survey_answers(small_council))
    attacked, found = pinned(rows, true)
    assert attacked > 100
    assert all(width >= KEPT - 1e-6 for _, width in found), found[:10]
    assert len(found) <= attacked // 50, len(found)
    # and a funnel figure printed unrounded would be caught
    sets = published_sets(rows)
    atoms = unknowns(sets)
    true = at_detail(true, atoms)
    index = {a: i for i, a in enumerate(atoms)}
    small = next(k for k in sets if k[0] == "shortlisted" and k[2]
                 and 0 < sum(true.get(atoms[i], 0) for i in members_of(k, index)) < 5)
    members = frozenset(members_of(small, index))
    exact = sum(true.get(atoms[i], 0) for i in members)
    (after,) = narrowest({**sets, small: (exact, exact)}, atoms, [members])
    assert after < WIDTH - 1e-6


def test_the_attacker_catches_a_planted_leak(downloaded):
    rows, true, _ = downloaded
    sets = published_sets(rows)
    atoms = unknowns(sets)
    true = at_detail(true, atoms)
    # A page that printed one small grade cell's true count, unrounded:
    index = {a: i for i, a in enumerate(atoms)}
    small = next(k for k in sets if k[3] is not None and 0 < sum(true.get(atoms[i], 0) for i in members_of(k, index)) < 5)
    members = frozenset(members_of(small, index))
    exact = sum(true.get(atoms[i], 0) for i in members)
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
    assert all(width >= KEPT - 1e-6 for _, width in found)  # ranges of at least 3 counts, never one
    assert "A rate or ratio with a count shown as \"<5\" is not shown" in claims
    shown_on_a_small_count = [r for r in rows if r["value"] not in ("", None) and any(
        r[f] not in ("", None) and float(r[f]) == 0 for f in ("numerator", "denominator"))]
    assert rows and not shown_on_a_small_count


def test_the_public_with_every_publication_ever_made_cannot_narrow_a_small_cell(small_council, login, client):
    """Publications for every snapshot in every grouping, the representation and retention pages
    too, one of them since withdrawn: the public saved them all."""
    assert main(["import", str(small_council)]) == 0
    admin = login("admin")
    page = admin.get(reverse("dashboards:overview")).content.decode()
    snapshots = sorted(set(re.findall(r'<option value="(\d{4}-\d\d-\d\d)"', page)))
    pages = ["overview", "representation", "retention"]
    made = []
    for snapshot, grouping in product(snapshots, ("ons5", "ons19", "white_british_vs_minorities", "wres_binary")):
        response = admin.post(reverse("dashboards:publish"), {
            "title": f"Workforce profile {snapshot}", "snapshot": snapshot, "grouping": grouping, "pages": pages,
            "note": "Synthetic figures."})
        assert response.status_code == 302
        made.append((Publication.objects.latest("id"), grouping))
    client.logout()
    rows = public_rows(client, made, pages)
    login("admin").post(reverse("dashboards:withdraw", args=[made[0][0].pk]), {"reason": "Superseded"})
    assert {r["measure"] for r in rows} >= {"workforce.composition", "wres.1", "workforce.promotion"}
    assert all(len(values) == 1 for values in figures(rows).values())  # one cell, one figure, in every publication
    attacked, found = pinned(rows, true_counts(records(small_council)))
    assert attacked > 20
    assert all(width >= KEPT - 1e-6 for _, width in found), found[:10]


def test_a_snapshot_published_before_and_after_its_correction_keeps_small_cells(small_council, login, client,
                                                                              tmp_path):
    """The latest snapshot is published, then corrected (three people removed, two people's
    ethnicity changed, as a corrected HR extract would) and published again. The attacker holds
    both publications in every grouping and is told every change cell by cell (an insider who
    made the correction): the cells that changed are two roundings of nearly the same count."""
    assert main(["import", str(small_council)]) == 0
    admin = login("admin")
    snapshot = max(re.findall(r'<option value="(\d{4}-\d\d-\d\d)"',
                              admin.get(reverse("dashboards:overview")).content.decode()))
    pages = ["overview", "representation"]

    def publish_all() -> list[tuple]:
        made = []
        for grouping in ("ons5", "ons19", "white_british_vs_minorities", "wres_binary"):
            response = admin.post(reverse("dashboards:publish"), {
                "title": f"Workforce profile {snapshot}", "snapshot": snapshot, "grouping": grouping,
                "pages": pages, "note": "Synthetic figures."})
            assert response.status_code == 302
            made.append((Publication.objects.latest("id"), grouping))
        return made

    before = publish_all()
    staff = records(small_council)
    latest = [r for r in staff if r["snapshot_date"] == snapshot]
    counts = {}
    for r in latest:
        counts[r["ethnicity"]] = counts.get(r["ethnicity"], 0) + 1
    rare = sorted(latest, key=lambda r: (counts[r["ethnicity"]], r["staff_id"]))  # the smallest groups first
    removed = {r["staff_id"] for r in rare[:3]}
    changed = {r["staff_id"]: "White Irish" if r["ethnicity"] != "White Irish" else "Indian" for r in rare[3:5]}
    corrected = [{**r, "ethnicity": changed.get(r["staff_id"], r["ethnicity"])} for r in latest
                 if r["staff_id"] not in removed]
    (tmp_path / "fix").mkdir()
    with open(small_council / "staff_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        raw = [r for r in csv.DictReader(handle) if r["snapshot_date"] == snapshot and r["staff_id"] not in removed]
    with open(tmp_path / "fix" / "staff_corrected.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(raw[0]))
        writer.writeheader()
        writer.writerows({**r, "ethnicity": changed.get(r["staff_id"], r["ethnicity"])} for r in raw)
    assert main(["import", str(tmp_path / "fix")]) == 1  # it removes three people: refused without --replace
    assert main(["import", str(tmp_path / "fix"), "--replace"]) == 0
    after = publish_all()
    client.logout()
    rows = public_rows(client, before, pages) + public_rows(client, after, pages, " (corrected)")
    totals = {(r["period"], r["denominator"]) for r in rows if r["measure"] == "workforce.composition"
              and r["where"] == "overall"}
    assert {p for p, _ in totals} == {snapshot, snapshot + " (corrected)"}  # both versions were published
    true = true_counts([r for r in staff if r["snapshot_date"] == snapshot]
                       + [{**r, "snapshot_date": snapshot + " (corrected)"} for r in corrected])
    attacked, found = pinned(rows, true, corrections={snapshot + " (corrected)": snapshot})
    shown = figures(rows)
    moved = [k for k in shown if k[1] == (snapshot,)
             and shown.get((k[0], (snapshot + " (corrected)",), *k[2:])) not in (None, shown[k])]
    assert moved  # the correction changed published figures: two roundings of nearly the same cells
    assert attacked > 20
    assert all(width >= KEPT - 1e-6 for _, width in found), found[:10]


def public_rows(client, made, pages, version: str = "") -> list[dict]:
    """Every table the publications' pages offer, read as the public, as the attacker's rows (each
    period marked with ``version``)."""
    rows = []
    for publication, grouping in made:
        for measure, cells in sorted(offered_public(client, publication, pages)):
            response = client.get(reverse("public:table_csv", args=[publication.pk, measure]),
                                  {"cells": cells} if cells else {})
            assert response.status_code == 200, (measure, cells)
            for row in csv.DictReader(io.StringIO(response.content.decode())):
                row["grouping"] = grouping_of(measure, grouping)
                row["where"] = row["breakdown"]
                row["period"] += version
                rows.append(row)
    return rows


def offered_public(client, publication, pages) -> set[tuple[str, str]]:
    found = set()
    for slug in pages:
        text = client.get(reverse("public:page", args=[publication.pk, slug])).content.decode()
        for href in re.findall(r'href="([^"]*/tables/[^"]+\.csv[^"]*)"', text):
            parsed = urlparse(unescape(href))
            found.add((re.search(r"/tables/(.+)\.csv$", parsed.path).group(1), parse_qs(parsed.query).get("cells", [""])[0]))
    return found
