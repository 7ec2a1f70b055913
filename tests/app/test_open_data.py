"""Open data (issue 12): every published table as CSV and XLSX with a data dictionary, and the
read-only JSON API, on a real imported small council.

Oracles independent of the code under test: the ``StoredResult`` and ``StoredChange`` rows read
here with the ORM, the public CSV download (the existing gate), and the CSV links the public
pages themselves offer. The XLSX and the API must carry exactly the CSV's rows, refuse exactly
what the CSV refuses, and serve nothing of a withdrawn publication.
"""

import csv
import io
import json
import math
import re
from html import unescape
from urllib.parse import parse_qs, quote, urlparse

import pytest
from django.urls import reverse
import open_data_fixtures
from openpyxl import load_workbook

from parity.app.dashboards import publishing, services
from parity.app.measures.models import StoredChange, StoredResult
from parity.app.opendata import api as open_api
from parity.app.opendata import dictionary
from parity.engine import registry
from parity.engine.results import STATUSES
from parity.exports.cells import restore

open_data = open_data_fixtures.open_data  # the shared council (a module fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

NUMBERS = ("numerator", "denominator", "value", "ci_low", "ci_high", "p_value", "previous_value")
HIDDEN = ("suppressed", "not_computable")
ODD_CELLS = ("", "grade=", "grade", "grade%3D", "grade=PO1", "grade=PO1;sex=", "grade=%", "sex=", "disability=", "sex",
             "disability", "Sex", " sex", "sex;", "se", "sexx", "sex+disability",
             "sex+disability=", "directorate=", "level=", "quarter=", "grade=;", "GRADE=", " grade=", "grade=\x00",
             "%3D", "=", "gr\u00e4de=", "\u7b49\u7ea7=", "x" * 5000)
ODD_MEASURES = ("", "wres", "wres.", "WRES.2", "wres.2 ", "wres.2\x00", "w\u00e9res.2", "\U0001f600", "..", "x" * 300)


# --- reading each format back, typed the same way -------------------------------------------

def typed(column: str, value):
    """A cell from any format as one comparable value: numbers as floats, blanks as None."""
    if value in (None, ""):
        return None
    if column in NUMBERS:
        return float(value)
    if column == "change_significant":
        return {"True": True, "False": False}.get(value, value) if isinstance(value, str) else bool(value)
    return restore(value) if isinstance(value, str) else value


def rows_of(header: list[str], rows) -> list[tuple]:
    return [tuple(typed(c, v) for c, v in zip(header, row)) for row in rows]


def csv_download(client, pk, measure, cells=""):
    response = client.get(reverse("public:table_csv", args=[pk, measure]), {"cells": cells} if cells else {})
    if response.status_code != 200:
        return response.status_code, None
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    return 200, (lines[0], rows_of(lines[0], lines[1:]))


def xlsx_download(client, pk, measure, cells=""):
    response = client.get(reverse("opendata:table_xlsx", args=[pk, measure]), {"cells": cells} if cells else {})
    if response.status_code != 200:
        return response.status_code, None
    book = load_workbook(io.BytesIO(response.content))
    values = list(book["Data"].iter_rows(values_only=True))
    return 200, (list(values[0]), rows_of(list(values[0]), values[1:]), book, response)


def api_rows(client, pk, measure, cells=""):
    url = f"/api/v1/publications/{pk}/tables/{quote(measure, safe='')}"
    response = client.get(url, {"cells": cells} if cells else {})
    if response.status_code != 200:
        return response.status_code, None
    body = response.json()
    return 200, (body, rows_of(body["columns"], [[row[c] for c in body["columns"]] for row in body["rows"]]))


def stored(publication, measure, cells) -> list[tuple]:
    """The oracle: the publication's stored rows of one table, with their changes, by the ORM."""
    found = StoredResult.objects.filter(computed_set=publication.computed_set, grouping=publication.grouping,
                                        measure=measure, period=publication.snapshot)
    changes = {(c.breakdown, c.group, c.comparator): c for c in StoredChange.objects.filter(
        computed_set=publication.computed_set, grouping=publication.grouping, measure=measure,
        period=publication.snapshot)}

    def wanted(r):  # the whole council; one dimension's cells ("grade="); or each sex's whole staff ("sex")
        if not cells:
            return r.breakdown == "overall"
        if "=" not in cells:
            return r.breakdown.split("=")[0] == cells and ";" not in r.breakdown and r.group == "All staff" \
                and r.comparator is None
        return r.breakdown.startswith(cells) and ";" not in r.breakdown

    out = []
    for r in found:
        if not wanted(r):
            continue
        c = changes.get((r.breakdown, r.group, r.comparator))
        raw = {"measure": r.measure, "period": r.period, "breakdown": r.breakdown, "group": r.group,
               "comparator": r.comparator, "numerator": r.numerator, "denominator": r.denominator,
               "value": r.value, "ci_low": r.ci_low, "ci_high": r.ci_high, "p_value": r.p_value,
               "status": r.status, "reason": r.reason, "band": r.band,
               "previous_value": c.previous_value if c else None, "change_significant": c.significant if c else None}
        out.append(tuple(typed(k, raw[k]) for k in services.CSV_HEADER))
    return out


def same(xlsx_rows, csv_rows) -> bool:
    """Equal rows, numbers to the 15 significant digits a spreadsheet keeps."""
    return len(xlsx_rows) == len(csv_rows) and all(
        len(a) == len(b) and all(x == y or (isinstance(x, float) and isinstance(y, float)
                                            and math.isclose(x, y, rel_tol=1e-14)) for x, y in zip(a, b))
        for a, b in zip(xlsx_rows, csv_rows))


def ordered(rows):
    return sorted(rows, key=lambda row: tuple("" if v is None else str(v) for v in row))


def offered(client, publication) -> set[tuple[str, str]]:
    """(measure, cells) of every CSV link the publication's public pages offer."""
    found = set()
    for slug in publication.pages:
        page = client.get(reverse("public:page", args=[publication.pk, slug]))
        assert page.status_code == 200, slug
        for href in re.findall(r'href="([^"]*/tables/[^"]+\.csv[^"]*)"', page.content.decode()):
            parsed = urlparse(unescape(href))
            found.add((re.search(r"/tables/(.+)\.csv$", parsed.path).group(1),
                       parse_qs(parsed.query).get("cells", [""])[0]))
    return found


# --- the tests -------------------------------------------------------------------------------

def test_every_published_table_is_the_same_in_csv_xlsx_and_the_api_and_is_the_stored_rows(open_data, client):
    publication = open_data.live
    detail = client.get(f"/api/v1/publications/{publication.pk}").json()
    listed = {(t["measure"], t["cells"]) for t in detail["tables"]}
    assert listed == offered(client, publication)  # the API lists exactly the tables the pages offer
    hidden = shown = 0
    for table in detail["tables"]:
        measure, cells = table["measure"], table["cells"]
        status, (csv_header, from_csv) = csv_download(client, publication.pk, measure, cells)
        assert status == 200 and csv_header == services.CSV_HEADER
        status, (xlsx_header, from_xlsx, _, _) = xlsx_download(client, publication.pk, measure, cells)
        assert status == 200 and xlsx_header == csv_header
        status, (body, from_api) = api_rows(client, publication.pk, measure, cells)
        assert status == 200 and body["columns"] == csv_header
        assert same(from_xlsx, from_csv), measure  # same rows, same order
        assert from_api == from_csv, measure
        assert ordered(from_api) == ordered(stored(publication, measure, cells)), (measure, cells)
        for row in body["rows"]:
            if row["status"] in HIDDEN:
                hidden += 1
                assert row["value"] is None and row["ci_low"] is None and row["reason"], row
            else:
                shown += 1
        # the links the publication gives lead to the same table
        assert client.get(table["rows"]).json()["rows"] == body["rows"]
        assert client.get(table["csv"]).status_code == client.get(table["xlsx"]).status_code == 200
    assert hidden > 0 and shown > hidden  # a small council: some figures are hidden, most are not


def test_the_xlsx_and_the_api_refuse_exactly_what_the_csv_refuses(open_data, client):
    publication = open_data.standards  # the standards page only, in ons19
    allowed = services.page_tables(publication.pages)
    measures = sorted(set(registry.kinds()) | set(ODD_MEASURES) - {""})
    served = 0
    for measure in measures:
        for cells in ODD_CELLS + ("grade=", "level="):
            expected = 200 if (measure, cells) in allowed else 404
            csv_status, from_csv = csv_download(client, publication.pk, measure, cells)
            xlsx_status, from_xlsx = xlsx_download(client, publication.pk, measure, cells)
            api_status, from_api = api_rows(client, publication.pk, measure, cells)
            assert csv_status == xlsx_status == expected, (measure, cells, csv_status, xlsx_status)
            assert api_status == expected or (expected == 404 and api_status == 422), (measure, cells, api_status)
            if expected == 200:
                served += 1
                assert same(from_xlsx[1], from_csv[1]) and from_api[1] == from_csv[1]
                assert all(";" not in row[2] for row in from_api[1])
                assert {row[1] for row in from_api[1]} == {publication.snapshot}
    assert served == len(allowed)


def test_a_withdrawn_or_unknown_publication_serves_nothing(open_data, client):
    gone = open_data.withdrawn
    listed = [p["id"] for p in client.get("/api/v1/publications").json()]
    assert gone.pk not in listed and {open_data.live.pk, open_data.standards.pk} <= set(listed)
    for pk in (gone.pk, max(listed) + 100, 0, 2 ** 63, 10 ** 30):
        for measure, cells in sorted(services.page_tables(gone.pages)):
            query = {"cells": cells} if cells else {}
            assert client.get(reverse("public:table_csv", args=[gone.pk, measure]), query).status_code == 404
            assert client.get(reverse("opendata:table_xlsx", args=[pk, measure]), query).status_code == 404
            assert client.get(f"/api/v1/publications/{pk}/tables/{measure}", query).status_code in (404, 422)
        assert client.get(reverse("opendata:dictionary_csv", args=[pk])).status_code == 404
        for url in (f"/api/v1/publications/{pk}", f"/api/v1/publications/{pk}/data-dictionary"):
            response = client.get(url)
            assert response.status_code in (404, 422) and "rows" not in response.json()


def test_odd_parameters_are_404_or_422_never_a_server_error_nor_a_row(open_data, client):
    pk = open_data.live.pk
    allowed = services.page_tables(open_data.live.pages)
    odd = ["grade%3D", "grade%3", "%", "%%", "'; DROP TABLE x; --", "\u202egrade=", "\u00a0",
           "grade=" * 400, "level=Board", "quarter=Lower", "a" * 100000]
    for measure in ("wres.1", "pay.quartiles", "workforce.composition", "\u00fcber", "x" * 101):
        for cells in odd:
            if (measure, cells) in allowed:
                continue
            for response in (client.get(f"/api/v1/publications/{pk}/tables/{quote(measure, safe='')}",
                                        {"cells": cells}),
                             client.get(reverse("opendata:table_xlsx", args=[pk, measure]), {"cells": cells})):
                assert response.status_code in (404, 422), (measure, cells[:20], response.status_code)
    for path in ("/api/v1/publications/abc", "/api/v1/publications/-1", f"/api/v1/publications/{10 ** 40}",
                 f"/api/v1/publications/{pk}/tables/", f"/api/v1/publications/{pk}/tables/wres.2/x",
                 "/api/v1/publications/1.5/data-dictionary"):
        assert client.get(path).status_code in (404, 422), path


def test_the_xlsx_has_a_bold_frozen_header_and_says_what_it_is(open_data, client, settings):
    publication = open_data.live
    status, (_, rows, book, response) = xlsx_download(client, publication.pk, "wres.1", "grade=")
    assert status == 200 and rows
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="wres.1-{publication.snapshot}.xlsx"' in response["Content-Disposition"]
    data = book["Data"]
    assert data.freeze_panes == "A2" and all(cell.font.bold for cell in data[1])
    assert book.sheetnames == ["Data", "About"]
    about = "\n".join(str(v) for row in book["About"].iter_rows(values_only=True) for v in row if v)
    methodology = publication.computed_set.methodology
    assert methodology and all(line in about for line in methodology)
    for text in (publication.title, publication.snapshot, publication.note, "Source",
                 f"computed set {publication.computed_set.pk}", registry.MEASURES["wres.1"].title,
                 registry.MEASURES["wres.1"].definition, "grade="):
        assert text in about, text
    assert all(s in about for s in STATUSES)


def test_the_data_dictionary_documents_every_column_status_and_published_measure(open_data, client):
    documented = {c.name: c for c in dictionary.columns()}
    assert list(documented) == services.CSV_HEADER
    undocumented = [name for name, c in documented.items() if not c.meaning or not c.unit]
    assert not undocumented, f"CSV columns with no meaning or unit in opendata/dictionary.py: {undocumented}"
    assert set(dictionary.statuses()) == set(STATUSES) and all(dictionary.statuses().values())
    assert list(open_api.ROW_TYPES) == services.CSV_HEADER  # the API's rows are the CSV's columns

    publication = open_data.live
    response = client.get(reverse("opendata:dictionary_csv", args=[publication.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["name"] for r in rows if r["section"] == "column"] == services.CSV_HEADER
    assert {r["name"] for r in rows if r["section"] == "status"} == set(STATUSES)
    published = {m for m, _ in services.page_tables(publication.pages)}
    measures = {r["name"]: r for r in rows if r["section"] == "measure"}
    assert set(measures) == published
    for measure_id, row in measures.items():
        source = registry.MEASURES[registry.DERIVED.get(measure_id, measure_id)]
        assert source.title in row["title"] and source.definition in row["meaning"]
        assert row["formula"] and row["interpretation"] and row["unit"] and row["comparison_unit"]
    assert "pence" in measures["pay.mean_pence_in_pound"]["unit"]
    assert "proportion" in measures["workforce.composition"]["unit"]
    assert "relative likelihood" in measures["wres.2"]["comparison_unit"]

    from_api = client.get(f"/api/v1/publications/{publication.pk}/data-dictionary").json()
    assert [c["name"] for c in from_api["columns"]] == services.CSV_HEADER
    assert {m["id"] for m in from_api["measures"]} == published
    standards_only = client.get(f"/api/v1/publications/{open_data.standards.pk}/data-dictionary").json()
    assert {m["id"] for m in standards_only["measures"]} == {m.id for m in services.standards()}
    everything = client.get("/api/v1/data-dictionary").json()
    all_pages = services.page_tables([slug for slug, _ in publishing.pages()])
    assert {m["id"] for m in everything["measures"]} == {m for m, _ in all_pages}


def test_one_publication_lists_its_pages_and_tables(open_data, client):
    publication = open_data.standards
    body = client.get(f"/api/v1/publications/{publication.pk}").json()
    assert body["title"] == "Standards only" and body["snapshot"] == publication.snapshot
    assert body["grouping"] == "ons19" and [p["slug"] for p in body["pages"]] == ["standards"]
    assert body["methodology"] == list(publication.computed_set.methodology)
    assert {(t["measure"], t["cells"]) for t in body["tables"]} == offered(client, publication)
    assert client.get(body["pages"][0]["url"]).status_code == 200


def test_the_openapi_schema_and_the_api_page(open_data, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {"/api/v1/publications", "/api/v1/publications/{pk}", "/api/v1/publications/{pk}/tables/{measure}",
            "/api/v1/publications/{pk}/data-dictionary", "/api/v1/data-dictionary"} <= paths
    assert all(list(operations) == ["get"] for operations in schema["paths"].values())  # read-only
    assert list(schema["components"]["schemas"]["Row"]["properties"]) == services.CSV_HEADER
    page = client.get("/api/v1/")
    text = page.content.decode()
    assert page.status_code == 200 and "openapi.json" in text
    assert all(path in text for path in paths)
    assert "cdn" not in text.lower() and "<script>" not in text  # the content security policy holds
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_the_api_only_reads(open_data, client):
    for url in ("/api/v1/publications", f"/api/v1/publications/{open_data.live.pk}"):
        assert client.post(url, {}).status_code == 405
        assert client.delete(url).status_code == 405
