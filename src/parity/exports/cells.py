"""Cells made safe for spreadsheets, on every export (CSV and XLSX).

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel and LibreOffice when the file is opened ("CSV injection", e.g.
``=cmd|' /C calc'!A0``). Parity stores such text exactly as it arrived and, on the way out,
puts an apostrophe in front, which spreadsheets show as plain text. Plain numbers ("-3.5") are
left alone: they are not formulas.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise(value: object) -> object:
    """The value, with an apostrophe in front if a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The text ``neutralise`` protected, as it was (for reading back Parity's own exports)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START) and not _PLAIN_NUMBER.match(value[1:]):
        return value[1:]
    return value


def csv_text(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    """A CSV document with every cell (header included) neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return buffer.getvalue()
