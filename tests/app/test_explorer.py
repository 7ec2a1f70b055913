"""The intersection explorer: a measure by ethnic group within grade, sex and disability cells,
read from results computed with the rest (recomputed here by hand from the CSV)."""

import csv
import re
from collections import Counter
from html import unescape

import pytest
from django.urls import reverse

from parity.cli import main
from parity.engine.ethnicity import classify

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_caches")]


def test_the_explorer_shows_each_groups_share_within_each_cell(small_council, login):
    assert main(["import", str(small_council)]) == 0
    with open(small_council / "staff_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        staff = list(csv.DictReader(handle))
    latest = max(r["snapshot_date"] for r in staff)
    cell, group = Counter(), Counter()
    for r in staff:
        if r["snapshot_date"] == latest:
            sex = r["sex"] or "Not recorded"
            cell[sex] += 1
            group[(sex, classify(r["ethnicity"]).group)] += 1
    client = login("analyst")
    response = client.get(reverse("dashboards:explore") + f"?measure=workforce.composition&sex=1&snapshot={latest}")
    page = unescape(response.content.decode())
    assert response.status_code == 200
    sex = max(cell, key=cell.get)  # the largest cell: its White figure is never hidden
    row = re.search(rf'<th scope="row" class="govuk-table__header">{re.escape(sex)}</th>(.*?)</tr>', page, re.S)
    white = group[(sex, "White")]
    # Published counts are the true ones rounded to a multiple of 5 (the cell key method), the
    # share worked out from them.
    shown = [(float(p), int(w), int(t)) for p, w, t in re.findall(r"([\d.]+)% \((\d+) of (\d+)\)", row.group(1))]
    assert any(abs(w - white) <= 4 and abs(t - cell[sex]) <= 4 and w % 5 == 0 and t % 5 == 0
               and f"{100 * w / t:.1f}" == f"{p:.1f}" for p, w, t in shown), (white, cell[sex], shown)
    assert "Not shown:" in page or "combined:" in page  # small cells are protected here too
    three = client.get(reverse("dashboards:explore") + "?measure=workforce.promotion&grade=1&sex=1&disability=1")
    text = three.content.decode()  # in 600 staff, three-way cells' promotions are mostly under 5
    assert three.status_code == 200 and ("likelihood" in text or "Not shown: fewer than 5" in text)


@pytest.mark.parametrize("role", ["admin", "directorate_lead", "staff_network", "viewer"])
def test_only_analysts_reach_the_explorer_and_its_figures(figures, login, role):
    """Intersections are not yet protected against differencing with their margins (ADR 0008):
    the explorer and its stored figures are for analysts, who may see the records anyway."""
    client = login(role)
    assert client.get(reverse("dashboards:explore")).status_code == 403
    assert "Intersection explorer" not in client.get(reverse("dashboards:overview")).content.decode()
    for cells in ("sex=", "disability=", "grade=PO1;sex="):
        url = reverse("dashboards:table_csv", args=["workforce.composition"]) + f"?cells={cells}"
        assert client.get(url).status_code == 404
    assert client.get(reverse("dashboards:table_csv", args=["wres.1"]) + "?cells=grade%3D").status_code == 200
