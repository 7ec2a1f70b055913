"""The disclosure attacker reads the reports too (issue 12, point 7).

A viewer can download the annual and pay gap reports an analyst made (the standards returns are
for administrators and analysts: a viewer is refused them). The attacker
(test_disclosure_attack.py) already solves the linear programme over every table the viewer can
download as CSV. A report adds nothing to that system when each count it prints is one the CSV
downloads already give: so this test reads every count out of the files as a reader would (the
HTML tables, the workbooks' cells), and requires each to be among the viewer's CSV figures, the
same cell's figure where the cell can be named; and it scans every count for a number of people
from 1 to 4, which no output may carry. Independent of the report code.
"""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from itertools import product

import pytest
from django.urls import reverse

from parity.app.reports.models import GeneratedReport
from parity.cli import main

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_caches", "fixed_secret")]


def csv_rows(client, measure: str, snapshot: str, grouping: str, cells: str = "") -> list[dict]:
    response = client.get(reverse("dashboards:table_csv", args=[measure]),
                          {"snapshot": snapshot, "grouping": grouping, "cells": cells})
    assert response.status_code == 200, (measure, grouping, cells)
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def number(text) -> float | None:
    text = str(text).replace(",", "").strip()
    return float(text) if re.fullmatch(r"\d+(\.\d+)?", text) else None


def small(n: float | None) -> bool:
    return n is not None and 0 < n < 5


@pytest.fixture
def made(small_council, login):
    assert main(["import", str(small_council)]) == 0
    analyst = login("analyst")
    reports = {}
    page = analyst.get(reverse("reports:list")).content.decode()
    select = re.search(r'name="paygap_period">(.*?)</select>', page, re.S).group(1)
    snapshots = re.findall(r'<option value="([\d-]+)"', select)
    snapshot = snapshots[0]
    for kind, form in (("paygap", {"paygap_period": snapshot, "paygap_format": "html"}),
                       ("annual", {"annual_period": snapshot, "annual_format": "html"}),
                       ("wres", {"wres_period": snapshot, "wres_format": "xlsx", "standard": "wres"}),
                       ("scwres", {"wres_period": snapshot, "wres_format": "xlsx", "standard": "scwres"}),
                       ("wdes", {"wres_period": snapshot, "wres_format": "xlsx", "standard": "wdes"})):
        response = analyst.post(reverse("reports:generate"), {"kind": kind if kind in ("paygap", "annual") else "wres",
                                                              **form})
        assert response.status_code == 302, response.content.decode()[:500]
        reports[kind] = GeneratedReport.objects.first()
    files = {kind: analyst.get(reverse("reports:download", args=[report.pk])).content for kind, report in reports.items()}
    viewer = login("viewer")
    for kind, report in reports.items():
        response = viewer.get(reverse("reports:download", args=[report.pk]))
        assert response.status_code == (200 if kind in ("paygap", "annual") else 403), kind
    return {"viewer": viewer, "snapshot": snapshot, "snapshots": snapshots, "files": files}


def html_tables(data: bytes) -> list[dict]:
    text = data.decode()
    out = []
    for caption, body in re.findall(r"<caption>(.*?)</caption>(.*?)</table>", text, re.S):
        rows = [[unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
                for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
        out.append({"caption": unescape(caption), "header": rows[0], "rows": rows[1:]})
    return out


def test_the_reports_print_only_what_the_viewer_can_download_and_no_small_count(made):
    """One council imported for every check (it takes a while): the pay gap report, the annual
    report, the returns."""
    pay_gap_report_prints_the_downloadable_figures(made)
    annual_report_prints_only_counts_the_viewer_can_download(made)
    returns_carry_no_small_count(made)
    # a planted leak is caught: a true count no download gives, and a count of 3
    for planted in ("9,999", "3"):
        leaky = made["files"]["annual"].replace(b"</tbody>", f"<tr><th>Planted</th><td>{planted}</td></tr></tbody>"
                                                .encode(), 1)
        with pytest.raises(AssertionError):
            annual_report_prints_only_counts_the_viewer_can_download({**made, "files": {"annual": leaky}})


def pay_gap_report_prints_the_downloadable_figures(made):
    viewer, snapshot = made["viewer"], made["snapshot"]
    tables = html_tables(made["files"]["paygap"])
    grouping = "ons5"
    sizes = {row["group"]: number(row["denominator"]) for row in csv_rows(viewer, "pay.mean_gap", snapshot, grouping)
             if row["comparator"]}
    gaps = next(t for t in tables if t["caption"].startswith("Hourly pay gaps"))
    assert gaps["rows"]
    for row in gaps["rows"]:
        printed = number(row[1])
        assert printed == sizes.get(row[0]), (row, sizes.get(row[0]))
        assert not small(printed)
    quarters = {(r["breakdown"], r["group"]): r["value"] for r in
                csv_rows(viewer, "pay.quartiles", snapshot, grouping, "quarter=")}
    quarter_table = next(t for t in tables if t["caption"].startswith("Each ethnic group's share"))
    for row in quarter_table["rows"]:
        for group, cell in zip(quarter_table["header"][1:], row[1:]):
            value = quarters.get((f"quarter={row[0]}", group))
            if value:
                assert cell == f"{100 * float(value):.1f}%", (row[0], group)
            else:
                assert not re.search(r"\d", cell.replace("<5", "")) or cell.startswith("not shown"), cell
    for table in tables:  # every "n of N" and every bare count in any table
        for row in table["rows"]:
            for cell in row:
                for n in re.findall(r"(\d[\d,]*) of (\d[\d,]*)", cell):
                    assert not any(small(number(x)) for x in n), (table["caption"], cell)


def returns_carry_no_small_count(made) -> None:
    from openpyxl import load_workbook

    counts = []  # whole numbers not shown as a percentage or a ratio: counts of people
    for sheet in (s for standard in ("wres", "scwres", "wdes")
                  for s in load_workbook(io.BytesIO(made["files"][standard]), read_only=True).worksheets):
        for row in sheet.iter_rows():
            for cell in row:
                value = getattr(cell, "value", None)
                if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() \
                        and "%" not in cell.number_format and "0.0" not in cell.number_format:
                    counts.append((sheet.title, value))
    assert counts
    assert not [(sheet, v) for sheet, v in counts if small(v)]


def viewer_counts(viewer, snapshots) -> set[float]:
    """Every count (numerator, denominator) in every CSV the viewer's pages offer, at every snapshot,
    and in every survey table the Surveys page offers (each wave's questions, whole council)."""
    from parity.app.dashboards.services import TOPICS, page_tables

    found = set()
    rows = []
    for (measure, cells), snapshot in product(sorted(page_tables(["overview", "standards", *TOPICS])), snapshots):
        rows += csv_rows(viewer, measure, snapshot, "ons5", cells)
    page = viewer.get(reverse("surveys:results")).content.decode()
    waves = re.findall(r'<option value="([^"]+)"[^>]*>[^<]*</option>', page.split('name="survey"')[1].split("</select>")[0])
    for wave in waves:
        wave_page = viewer.get(reverse("surveys:results"), {"survey": wave, "grouping": "ons5"}).content.decode()
        for question in set(re.findall(r"question=([a-z_0-9]+)&amp;table=groups", wave_page)):
            response = viewer.get(reverse("surveys:table_csv"), {"survey": wave, "grouping": "ons5",
                                                                 "question": question, "table": "groups"})
            assert response.status_code == 200
            rows += list(csv.DictReader(io.StringIO(response.content.decode())))
    for row in rows:
        for field in ("numerator", "denominator"):
            if row[field]:
                found.add(number(row[field]))
    return found


def annual_report_prints_only_counts_the_viewer_can_download(made):
    tables = html_tables(made["files"]["annual"])
    assert len(tables) > 10
    published = viewer_counts(made["viewer"], made["snapshots"])
    printed = []
    for table in tables:
        for row in table["rows"]:
            for header, cell in zip(table["header"][1:], row[1:]):
                if "%" in header or "rate" in header.lower() or "likel" in header.lower():
                    continue
                n = number(cell)
                if n is not None and n.is_integer():
                    printed.append((table["caption"], header, n))
    assert printed
    assert not [p for p in printed if small(p[2])]
    unexplained = [p for p in printed if p[2] not in published]
    assert not unexplained, unexplained[:10]
