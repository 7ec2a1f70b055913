"""A published table as an XLSX workbook: the CSV's rows and columns on a sheet "Data" (bold,
frozen header row), and a sheet "About" saying whose figures they are, which snapshot, where
they come from and how small numbers were protected (the computed set's own methodology).

Text cells are made spreadsheet-safe as in the CSV (``exports.cells.neutralise``).
"""

from __future__ import annotations

import datetime as dt
import io

from ...exports.cells import neutralise
from ..dashboards import services
from ..dashboards.models import Publication
from ..reports.models import ReportSettings
from . import dictionary

DATA, ABOUT = "Data", "About"


def council() -> str:
    """The council's name as reports carry it (read, never created here)."""
    found = ReportSettings.objects.order_by("id").first()
    return found.council if found else ""


def about(published: Publication, measure: str, cells: str) -> list[tuple[str, list[str]]]:
    """The About sheet's (heading, lines) in order; shared with the tests as the sheet's content."""
    computed = published.computed_set
    finished = computed.finished_at or computed.created_at
    source = f"The council's workforce records as imported into Parity; figures from computed set {computed.pk}"
    if finished:
        source += f", computed {_utc(finished):%Y-%m-%d %H:%M} UTC"
    if computed.output_sha256:
        source += f" (output sha256 {computed.output_sha256[:12]})"
    entry = dictionary.measure(measure)
    return [
        ("Council", [council() or "(not named)"]),
        ("Publication", [published.title] + ([published.note] if published.note else [])),
        ("Published", [f"{_utc(published.published_at):%Y-%m-%d}"]),
        ("Table", [f"{entry.title} ({measure})" + (f", cell by cell: {cells}" if cells else ", whole council")]),
        ("Snapshot", [published.snapshot]),
        ("Grouping", [published.grouping]),
        ("Source", [source + "."]),
        ("What the figure is", [entry.definition, f"Formula: {entry.formula}", entry.interpretation,
                                f"Value: {entry.value_unit}; a comparison: {entry.comparison_unit}."]),
        ("How small numbers are protected", list(computed.methodology or [])
         or ["The computed set records no protection statement."]),
        ("Status of each figure", [f"{s}: {meaning}" for s, meaning in dictionary.statuses().items()]),
        ("Columns", [f"{c.name}: {c.meaning} ({c.unit})" for c in dictionary.columns()]),
    ]


def table_xlsx(published: Publication, measure: str, cells: str, rows: list[list]) -> bytes:
    """The workbook's bytes: ``rows`` are ``services.csv_rows`` of the published table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    stamp = _utc(published.published_at).replace(tzinfo=None)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = book.properties.lastModifiedBy = "Parity"
    book.properties.title = f"{published.title}: {measure}"
    data = book.active
    data.title = DATA
    data.append([neutralise(h) for h in services.CSV_HEADER])
    for cell in data[1]:
        cell.font = Font(bold=True)
    for row in rows:
        data.append([neutralise(v) for v in row])
    data.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJKLMNOP", (30, 12, 24, 28, 24, 12, 12, 12, 12, 12, 12, 14, 50, 12, 14, 18)):
        data.column_dimensions[column].width = width

    sheet = book.create_sheet(ABOUT)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 32, 110
    sheet.append([neutralise(f"{published.title}: {dictionary.title(measure)}")])
    sheet["A1"].font = Font(bold=True, size=14)
    for heading, lines in about(published, measure, cells):
        sheet.append([])
        sheet.append([neutralise(heading), neutralise(lines[0]) if lines else None])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for line in lines[1:]:
            sheet.append([None, neutralise(line)])
    for row in sheet.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.timezone.utc) if moment.tzinfo else moment
