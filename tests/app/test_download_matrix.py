"""Every role x table x cell filter: a download is exactly a table the role's pages link to.

The oracle is the pages themselves: the test signs in as each role (and reads each
publication as the public), collects the "Download this table as CSV" links every page offers,
then asks for every measure in the registry with every cell filter the pages use, prefixes and
odd values included. A download answers 200 only for a (measure, filter) some page links to,
404 for everything else; and what it serves never holds an intersection or another dimension.
"""

import csv
import io
import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse


from parity.app.dashboards.models import Publication
from parity.cli import main
from parity.engine import registry

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_caches")]

ODD_CELLS = ("", "grade=", "grade", "grade=PO1;sex=", "grade=%", "sex=", "disability=", "sex+disability=",
             "directorate=", "level=", "quarter=", "grade=;", "GRADE=", " grade=", "grade=\x00", "%3D", "=",
             "sex", "disability", "Sex", "sex ", "se", "sexx", "sex;disability", "sex+disability", "directorate")
ROLES = ("admin", "analyst", "directorate_lead", "staff_network", "viewer")  # as tests/conftest.py
TOPIC_SLUGS = ("representation", "recruitment", "training", "casework", "pay", "retention")


def offered(client, pages: list[str]) -> set[tuple[str, str]]:
    """(measure, cells) of every CSV link on the given pages."""
    found = set()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        for href in re.findall(r'href="([^"]*/tables/[^"]+\.csv[^"]*)"', response.content.decode()):
            parsed = urlparse(unescape(href))
            measure = re.search(r"/tables/(.+)\.csv$", parsed.path).group(1)
            found.add((measure, parse_qs(parsed.query).get("cells", [""])[0]))
    return found


@pytest.fixture(scope="module")
def measures():
    return sorted(set(registry.kinds()))


@pytest.fixture
def council(small_council):
    assert main(["import", str(small_council)]) == 0


def check(client, url_of, allowed: set[tuple[str, str]], measures, cells_seen: set[str]) -> None:
    for measure in measures:
        for cells in sorted(set(ODD_CELLS) | cells_seen):
            response = client.get(url_of(measure), {"cells": cells} if cells else {})
            expected = 200 if (measure, cells) in allowed else 404
            assert response.status_code == expected, (measure, cells, response.status_code)
            if expected == 200:
                for row in csv.DictReader(io.StringIO(response.content.decode())):
                    assert ";" not in row["breakdown"], (measure, cells, row["breakdown"])
                    if cells:
                        assert row["breakdown"].startswith(cells) or row["breakdown"] == "overall", (cells, row)
                    if cells and "=" not in cells:  # a one-way table: each cell's whole staff, nothing within
                        assert row["breakdown"].split("=")[0] == cells and row["group"] == "All staff" \
                            and not row["comparator"], (cells, row)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_downloads_exactly_the_tables_its_pages_show(council, login, measures, role):
    client = login(role)
    pages = [reverse("dashboards:overview"), reverse("dashboards:standards")] + [
        reverse("dashboards:topic", args=[slug]) for slug in TOPIC_SLUGS]
    allowed = offered(client, pages)
    assert len(allowed) > 20
    check(client, lambda m: reverse("dashboards:table_csv", args=[m]), allowed, measures,
          {cells for _, cells in allowed})


def test_the_public_downloads_exactly_the_published_tables(council, login, client, measures):
    admin = login("admin")
    snapshot = re.findall(r'<option value="(\d{4}-\d\d-\d\d)"', admin.get(reverse("dashboards:overview"))
                          .content.decode())[0]
    response = admin.post(reverse("dashboards:publish"), {
        "title": "Workforce profile", "snapshot": snapshot, "grouping": "ons5",
        "pages": ["overview", "representation", "pay", "retention"], "note": "Synthetic figures."})
    assert response.status_code == 302
    publication = Publication.objects.get()
    client.logout()
    pages = [reverse("public:page", args=[publication.pk, slug]) for slug in ("overview", "representation", "pay",
                                                                                      "retention")]
    allowed = offered(client, pages)
    assert allowed and all(m for m, _ in allowed) and ("workforce.promotion", "sex") in allowed
    check(client, lambda m: reverse("public:table_csv", args=[publication.pk, m]), allowed, measures,
          {cells for _, cells in allowed})
    # signed-in downloads stay closed to the public
    assert client.get(reverse("dashboards:table_csv", args=["workforce.composition"])).status_code == 302
