"""Readers: a CSV or spreadsheet file in, a table of text cells out.

Every cell is read as text (``RawTable``); typing is the validator's job, so a reader never
rejects a value and never guesses a type. What a reader can reject is the file itself (not a
spreadsheet, no header row) or a CSV row with the wrong number of cells; it reports those as
problems rather than raising.

Encodings: UTF-8 (with or without a byte-order mark) is read as is, and UTF-16 with its mark
decoded; a file that is not valid UTF-8 is read as Windows-1252, the encoding Excel on Windows
writes "CSV" in, and a warning says so; rows of another encoding in a UTF-8 file, and rows
holding a NUL byte, are named one by one (``_utf8``). Spreadsheets (``.xlsx``, ``.xlsm``, ``.ods``) are read with python-calamine,
first sheet; date cells become ISO dates. Old binary ``.xls`` files are refused with a message asking
for ``.xlsx``: they are not zip packages, so they cannot be checked before parsing.

Hostile files: every limit in ``limits`` is checked before a file is parsed (size, then for a CSV
its lines and columns, for a workbook the zip package and the area its cells span:
``office_package``), and a file past one is an ``UnreadableFile`` naming the file and the limit.

Row numbers are those a spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import hashlib
import io
import re
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .limits import MAX_COLUMNS, MAX_CSV_CELLS, MAX_FILE_BYTES, MAX_ROWS, size_text
from .office_package import UnsafePackage, inspect_package
from .problems import WARNING, Problem

CSV_SUFFIXES = (".csv", ".tsv")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SUFFIXES = CSV_SUFFIXES + SPREADSHEET_SUFFIXES
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass
class RawTable:
    """A file's cells as text: ``headers`` as written, ``table`` with one string column each."""

    name: str
    headers: list[str]
    table: pa.Table
    row_numbers: pa.Array
    sha256: str
    source_format: str
    problems: list[Problem] = field(default_factory=list)
    # every byte ASCII and no cell edged by a character only Unicode calls a space: cells can be
    # trimmed by the quicker ASCII rule with the same result (``cells.trimmed``)
    plain_ascii: bool = False

    @property
    def num_rows(self) -> int:
        return self.table.num_rows


class UnreadableFile(Exception):
    """The file is not a table this reader can open; the message says why in plain English."""


def read_file(path: str | Path, name: str | None = None) -> RawTable:
    """Read a CSV or spreadsheet file into a ``RawTable`` (all cells as text)."""
    path = Path(path)
    name = name or path.name
    _check_size(path.stat().st_size, name)
    data = path.read_bytes()
    return read_bytes(data, name)


def _check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"{name}: the file is {size_text(size)}; Parity reads files of at most "
                             f"{size_text(MAX_FILE_BYTES)} (split it, for example one file per snapshot)")


def read_bytes(data: bytes, name: str) -> RawTable:
    _check_size(len(data), name)
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise UnreadableFile(f"{name}: old Excel .xls files are not read, because they cannot be checked "
                             "safely before they are opened; save it as an Excel Workbook (.xlsx) or as CSV")
    if suffix in SPREADSHEET_SUFFIXES:
        try:
            inspect_package(data, name, spreadsheet=True)
        except UnsafePackage as exc:
            raise UnreadableFile(str(exc)) from None
        return _read_spreadsheet(data, name)
    if suffix in CSV_SUFFIXES or suffix == "":
        return _read_csv(data, name)
    raise UnreadableFile(f"{name}: files ending {suffix} are not read; use CSV or Excel "
                         f"({', '.join(SUFFIXES)})")


def _unique_headers(headers: list[str]) -> list[str]:
    """Column names for the Arrow table: the headers, made unique with a #n suffix."""
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        n = seen.get(h, 0)
        seen[h] = n + 1
        out.append(h if n == 0 else f"{h}#{n + 1}")
    return out


def _utf8(data: bytes, name: str) -> tuple[bytes, list[Problem]]:
    """The file's bytes as UTF-8 without a byte-order mark, and what reading it that way changed.

    * UTF-16 with its byte-order mark (Excel's "Unicode text") is decoded: nothing is lost.
    * A file that is not UTF-8 anywhere it has accented letters is read as Windows-1252 (Excel's
      "CSV"), with a warning on the file.
    * A file that is UTF-8 except on some rows (pasted from elsewhere) keeps UTF-8, and each
      other row is read as Windows-1252 with a warning naming the row and showing it as read:
      reading the whole file as Windows-1252 would turn every "Café" into "CafÃ©".
    * A NUL byte (0) is no part of any text: each cell holding one is an error naming its row and
      column (``_named_nul_cells``), never a silent deletion.
    """
    problems: list[Problem] = []
    if data.startswith(UTF16_BOMS):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableFile(f"{name}: the file says it is UTF-16 but cannot be read as UTF-16") from None
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    try:
        if not data.isascii():  # ASCII is UTF-8: no need to decode a large file to know
            data.decode("utf-8")
    except UnicodeDecodeError:
        lines = data.split(b"\n")
        bad = [i for i, line in enumerate(lines) if not _is_utf8(line)]
        others = set(range(len(lines))) - set(bad)
        if any(not lines[i].isascii() for i in others):  # UTF-8 text elsewhere: only these rows differ
            for i in bad:
                text = lines[i].decode("cp1252", errors="replace")
                lines[i] = text.encode("utf-8")
                accented = ", ".join(dict.fromkeys(NON_ASCII_WORDS.findall(text)))[:120]  # never the whole row:
                problems.append(Problem(name, i + 1, None, accented or None,  # it may hold an identifier
                                        "this row is not UTF-8 like the rest of the file, so it was read as "
                                        "Windows-1252: check its accented letters", WARNING))
            data = b"\n".join(lines)
        else:
            data = data.decode("cp1252", errors="replace").encode("utf-8")
            problems.append(Problem(
                name, None, None, None,
                "the file is not UTF-8, so it was read as Windows-1252 (Excel's 'CSV' encoding); "
                "check that names of places and groups with accents read correctly", WARNING))
    if b"\x00" in data:  # marked, so that the cells holding one are named once the rows are read
        data = data.replace(b"\x00", NUL_MARK.encode("utf-8"))
    return data, problems


def _named_nul_cells(raw: RawTable) -> RawTable:
    """Each cell that held a NUL byte (``NUL_MARK`` since ``_utf8``) is an error naming its row
    and column, counted by records as every other problem is; the mark is then taken out so the
    rest of the row can still be checked."""
    columns, found = [], 0
    for header, name in zip(raw.headers, raw.table.column_names):
        column = raw.table[name]
        held = pc.match_substring(column, NUL_MARK)
        for row in raw.row_numbers.filter(pc.fill_null(held.combine_chunks(), False)).to_pylist():
            found += 1
            if found <= MAX_NUL_ROWS:
                raw.problems.append(Problem(raw.name, row, header, None, NUL_REASON))
        columns.append(pc.replace_substring(column, NUL_MARK, ""))
    if found > MAX_NUL_ROWS:
        raw.problems.append(Problem(raw.name, None, None, None, f"{found - MAX_NUL_ROWS:,} more cells hold a NUL "
                                    "character: the file may be damaged or saved in another encoding"))
    raw.table = pa.table(dict(zip(raw.table.column_names, columns)))
    raw.headers = [h.replace(NUL_MARK, "") for h in raw.headers]
    return raw


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
NUL_REASON = ("the cell holds a NUL character (byte 0), which no text has: the file may be damaged or saved "
              "in another encoding (save it as CSV UTF-8)")
NUL_MARK = "\ue000"  # a private-use character standing for a NUL byte while the rows are read
NON_ASCII_WORDS = re.compile(r"[^\s,;\t\"]*[^\x00-\x7f][^,;\t\"]*")  # the accented words of a row
MAX_NUL_ROWS = 1000  # rows named one by one; beyond, one problem counts the rest


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def _read_csv(data: bytes, name: str) -> RawTable:
    """Arrow's multi-threaded reader for a well-formed file (the SHA-256 worked out beside it, on
    another thread); the Python csv module, row by row, for a file Arrow refuses, so that each bad
    row is named (``_read_csv_exactly``).

    Arrow first cuts the file into blocks at line breaks and parses them on every core. A quoted
    cell may hold a line break, and a block cut there misreads the record silently (the part
    before the cut is dropped; the part after can pass for a row). Such a file has fewer records
    than lines, and a cut never adds a record, so when the records Arrow found are not exactly
    the file's lines (less the header) it is read again with ``newlines_in_values``, which finds
    each record's end quote by quote on one thread (three times slower, so only when needed). A
    file of one line per record, as nearly every export is, is read in parallel."""
    with ThreadPoolExecutor(1) as pool:  # hashlib lets go of the GIL for large inputs
        digest = pool.submit(lambda: hashlib.sha256(data).hexdigest())
        raw = _parse_csv(data, name, digest)
    raw.sha256 = digest.result()
    return raw


def _parse_csv(data: bytes, name: str, digest) -> RawTable:
    data, problems = _utf8(data, name)
    first_line = data[:65536].split(b"\n", 1)[0].decode("utf-8", errors="replace")
    delimiter = _sniff_delimiter(first_line)
    try:
        header = next(csv.reader(io.StringIO(data[:1 << 20].decode("utf-8", errors="ignore")),
                                 delimiter=delimiter))
    except (StopIteration, csv.Error):
        header = []
    headers = [h.strip() for h in header]
    if not any(headers):
        raise UnreadableFile(f"{name}: the file is empty or has no header row")
    lines = _check_csv_shape(data, name, len(headers))
    names = _unique_headers(headers)

    def arrow_read(newlines_in_values: bool) -> pa.Table:
        return pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=CSV_BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=newlines_in_values),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                quoted_strings_can_be_null=False))

    table = None
    # A carriage return on its own ends a line for Arrow but not for the count of lines; and Arrow
    # loses the line feed of a quoted CR LF that a block boundary splits (pyarrow 26). So a file
    # with carriage returns whose records are not one line each goes to the exact reader.
    lone_return = b"\r" in data and data.count(b"\r") != data.count(b"\r\n")
    try:  # a row of the wrong width raises, and the exact reader below names it
        if not lone_return:
            table = arrow_read(False)
            if table.num_rows != lines:  # some record is not one line
                table = None if b"\r" in data else arrow_read(True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        table = None
    if table is None:
        raw = _read_csv_exactly(data.decode("utf-8"), name, headers, names, delimiter, "", problems)
    else:
        raw = RawTable(name, headers, table, pa.array(np.arange(2, table.num_rows + 2, dtype=np.int64)), "",
                       "csv", problems)
    ascii_only = data.isascii()  # then no NUL was marked either: the mark is not ASCII
    raw.plain_ascii = ascii_only and not any(c in data for c in ODD_WHITESPACE)
    return raw if ascii_only or NUL_MARK.encode("utf-8") not in data else _named_nul_cells(raw)


CSV_BLOCK_BYTES = 1 << 24  # Arrow parses a CSV in blocks of this size, on every core
ODD_WHITESPACE = (b"\x1c", b"\x1d", b"\x1e", b"\x1f")  # space to Unicode (and Python), not to ASCII


def _check_csv_shape(data: bytes, name: str, columns: int) -> None:
    """Refuse a CSV past the row, column or cell limits, counted before it is parsed.

    Lines are counted, not rows: a quoted cell holding a line break makes the count a little high,
    which only matters within a whisker of ``MAX_ROWS``.
    """
    if columns > MAX_COLUMNS:
        raise UnreadableFile(f"{name}: the header has {columns:,} columns; Parity reads at most {MAX_COLUMNS:,}")
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1) - 1  # less the header
    if lines > MAX_ROWS:
        raise UnreadableFile(f"{name}: the file has {lines:,} rows; Parity reads at most {MAX_ROWS:,} rows "
                             "in one file (split it, for example one file per snapshot)")
    if lines * columns > MAX_CSV_CELLS:
        raise UnreadableFile(f"{name}: the file has {lines:,} rows of {columns:,} columns "
                             f"({lines * columns:,} cells); Parity reads at most {MAX_CSV_CELLS:,} cells in one "
                             "file (drop unused columns or split it)")


def _read_csv_exactly(text: str, name: str, headers: list[str], names: list[str], delimiter: str,
                      sha: str, problems: list[Problem]) -> RawTable:
    """The Python csv module's reading, row by row; cells move to Arrow every ``BATCH_ROWS`` rows
    so memory stays near the file's size, and rows of the wrong width past ``MAX_NUL_ROWS`` are
    counted in one problem rather than named one by one."""
    width = len(headers)
    batches: list[list[pa.Array]] = [[] for _ in range(width)]
    columns: list[list[str]] = [[] for _ in range(width)]
    row_numbers: list[int] = []
    wrong_width = 0

    def flush() -> None:
        for i in range(width):
            batches[i].append(pa.array(columns[i], type=pa.string()))
            columns[i].clear()

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        next(reader)
        for record_number, record in enumerate(reader, start=2):
            if not record or all(c == "" for c in record) and len(record) <= 1:
                continue
            if len(record) != width:
                wrong_width += 1
                if wrong_width <= MAX_NUL_ROWS:
                    problems.append(Problem(
                        name, record_number, None, None,
                        f"the row has {len(record)} cells but the header has {width}; "
                        "check for a missing or extra separator or an unclosed quote"))
                continue
            for i, cell in enumerate(record):
                columns[i].append(cell)
            row_numbers.append(record_number)
            if len(row_numbers) % BATCH_ROWS == 0:
                flush()
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, None, None,
                                f"the file cannot be read as CSV here: {exc}"))
    if wrong_width > MAX_NUL_ROWS:
        problems.append(Problem(name, None, None, None, f"{wrong_width - MAX_NUL_ROWS:,} more rows have a "
                                f"number of cells other than the header's {width}"))
    flush()
    table = pa.table({n: pa.chunked_array(b, type=pa.string()) for n, b in zip(names, batches)})
    return RawTable(name, headers, table, pa.array(row_numbers, type=pa.int64()), sha, "csv",
                    problems)


BATCH_ROWS = 65_536


EXCEL_EPOCH = dt.date(1899, 12, 30)


def cell_text(value: object) -> str:
    """One spreadsheet cell as text: dates ISO, whole numbers without '.0', blanks empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@contextmanager
def _without_cycle_collection():
    """Pause the cycle collector while millions of acyclic cell objects are made (~25% faster)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_spreadsheet(data: bytes, name: str) -> RawTable:
    with _without_cycle_collection():
        return _read_spreadsheet_cells(data, name)


def _read_spreadsheet_cells(data: bytes, name: str) -> RawTable:
    from python_calamine import CalamineWorkbook

    sha = hashlib.sha256(data).hexdigest()
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            raise UnreadableFile(f"{name}: the workbook has no sheets")
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except UnreadableFile:
        raise
    except Exception as exc:  # calamine raises several types for a damaged or mislabelled file
        raise UnreadableFile(f"{name}: the file cannot be opened as a spreadsheet ({exc})") from None
    header_index = next((i for i, r in enumerate(rows) if any(cell_text(c).strip() for c in r)), None)
    if header_index is None:
        raise UnreadableFile(f"{name}: the first sheet is empty or has no header row")
    header_cells = [cell_text(c).strip() for c in rows[header_index]]
    while header_cells and header_cells[-1] == "":
        header_cells.pop()
    width = len(header_cells)
    names = _unique_headers(header_cells)
    body = rows[header_index + 1:]
    padded = [r[:width] if len(r) >= width else list(r) + [""] * (width - len(r)) for r in body]
    columns = list(zip(*padded)) if padded else [()] * width
    table = pa.table({n: _column_text(c) for n, c in zip(names, columns)})
    numbers = pa.array(range(header_index + 2, header_index + 2 + len(body)), pa.int64())
    if table.num_rows:
        blank = None
        for column in table.columns:
            empty = pc.equal(pc.utf8_trim_whitespace(column), "")
            blank = empty if blank is None else pc.and_(blank, empty)
        keep = pc.invert(blank)
        table, numbers = table.filter(keep), numbers.filter(keep)
    return RawTable(name, header_cells, table, numbers, sha, "spreadsheet", [])


def _column_text(values: tuple) -> pa.Array:
    """One spreadsheet column as text; whole columns of text or numbers take a fast path."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        return pa.array(values, pa.string())
    if kinds <= {str, float} and all(v == "" for v in values if type(v) is str):
        numbers = pa.array([None if type(v) is str else v for v in values], pa.float64())
        if (pc.max(pc.abs(numbers)).as_py() or 0) < 1e15:  # beyond, Arrow writes exponents
            return pc.fill_null(pc.cast(numbers, pa.string()), "")
    if kinds <= {str, dt.date} and all(v == "" for v in values if type(v) is str):
        days = pa.array([None if type(v) is str else v for v in values], pa.date32())
        return pc.fill_null(pc.cast(days, pa.string()), "")
    return pa.array([cell_text(v) for v in values], pa.string())
