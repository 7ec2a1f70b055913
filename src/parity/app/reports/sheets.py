"""Writing a workbook's cells as a person reads them, and its bytes the same every time: cells
made spreadsheet-safe and wrapped, rows fitted to their text, titles, column widths, landscape
printing, document times in UTC, and zip entries dated with the workbook's own time (a stored
return is made again byte for byte). Used by the standards returns (``returns``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from ...exports.cells import neutralise
from .package import steady_zip

TITLE_SIZE = 14


def workbook(generated_at: dt.datetime):
    from openpyxl import Workbook

    book = Workbook()
    book.properties.created = book.properties.modified = utc(generated_at)
    book.properties.creator = book.properties.lastModifiedBy = "Parity"
    return book


def utc(moment: dt.datetime) -> dt.datetime:
    """A naive UTC time (openpyxl writes document times as UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def put(ws, row: int, column: int, cell, bold: bool = False):
    """One cell: ``cell`` is a value or ``(number, number format)``; text is made spreadsheet-safe
    and wraps; a count shown as "<5" is aligned with the numbers."""
    from openpyxl.styles import Alignment, Font

    value, fmt = cell if isinstance(cell, tuple) else (cell, None)
    target = ws.cell(row=row, column=column, value=neutralise(value))
    if fmt:
        target.number_format = fmt
    if bold:
        target.font = Font(bold=True)
    right = isinstance(value, str) and value[:1] == "<"
    target.alignment = Alignment(wrap_text=True, vertical="top", horizontal="right" if right else None)
    return target


def row_of(ws, row: int, cells: list, spans: dict[int, int] | None = None, bold: bool = False):
    """A row of cells (``spans``: column -> columns a text cell is merged across), its height
    fitted to the longest wrapped text."""
    from openpyxl.utils import get_column_letter

    lines = 1
    for column, cell in enumerate(cells, start=1):
        if cell is None:
            continue
        put(ws, row, column, cell, bold)
        span = (spans or {}).get(column, 1) if isinstance(cell, str) else 1
        if span > 1:
            ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + span - 1)
        if isinstance(cell, str):
            width = sum(ws.column_dimensions[get_column_letter(c)].width or 10 for c in range(column, column + span))
            lines = max(lines, *(-(-len(part) // max(1, int(width * 0.95))) for part in cell.split("\n")))
    ws.row_dimensions[row].height = 15 * lines


def title_rows(ws, title: str, lines: list[str], width: int) -> int:
    """The sheet's title and explanatory lines, each across ``width`` columns; the next free row."""
    from openpyxl.styles import Font

    ws.cell(row=1, column=1, value=neutralise(title)).font = Font(bold=True, size=TITLE_SIZE)
    for row, line in enumerate(lines, start=2):
        row_of(ws, row, [line], {1: width})
    return len(lines) + 3


def widths(ws, widths: list[int]):
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def landscape(ws):
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def generated_text(moment: dt.datetime) -> str:
    return utc(moment).strftime("%Y-%m-%d %H:%M UTC") if moment.tzinfo else moment.strftime("%Y-%m-%d %H:%M")


def steady_bytes(book, generated_at: dt.datetime) -> bytes:
    """The workbook as XLSX bytes, every zip entry dated ``generated_at`` (openpyxl stamps the
    modified time when it saves: its writer is used directly; ``package.steady_zip`` dates the entries)."""
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return steady_zip(raw.getvalue(), utc(generated_at))
