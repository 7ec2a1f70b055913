"""An Office file as a zip package of XML parts, checked before any parser sees it.

``.xlsx``, ``.xlsm``, ``.ods`` and ``.docx`` files are zip archives of XML. The parsers that read
them (python-calamine for workbooks, python-docx for plans) trust what the archive and the XML
say, so a few hundred hostile bytes can ask them for gigabytes. ``inspect_package`` reads the
archive once, in chunks, and refuses (``UnsafePackage``, the message naming the file and the
limit passed) a package that

* is not a zip, or is encrypted, or uses a compression other than stored or deflate (Office and
  LibreOffice write only those);
* has more than ``MAX_PACKAGE_MEMBERS`` files, declares more than ``MAX_UNCOMPRESSED_BYTES``
  uncompressed, or has a file compressed more than ``MAX_COMPRESSION_RATIO`` to 1 (a zip bomb);
* holds more than a file declares: every file is decompressed here with its declared size as a
  hard stop, so a lying header cannot make this pass (or the parser after it) read on;
* holds a DTD (``<!DOCTYPE`` / ``<!ENTITY``) in any XML part: the Open Packaging Conventions
  forbid them, and entity expansion ("billion laughs") needs them;
* (workbooks) has cells spanning an area past ``MAX_ROWS``, ``MAX_COLUMNS`` or
  ``MAX_SPREADSHEET_CELLS``. The area is measured from the cells' own references (``r="B2"``),
  never from the sheet's declared ``<dimension>``, because the reader allocates the whole area
  from A1 to the furthest cell. Sheets as Excel, LibreOffice and the common libraries write them
  (every cell starting ``<c r="...``) are measured with a few regular-expression passes; a sheet
  written any other way, and an OpenDocument sheet (whose rows and cells repeat by count), is
  measured exactly with expat, more slowly.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from xml.parsers import expat

from .limits import (MAX_COLUMNS, MAX_COMPRESSION_RATIO, MAX_PACKAGE_MEMBERS, MAX_ROWS,
                     MAX_SPREADSHEET_CELLS, MAX_UNCOMPRESSED_BYTES, RATIO_CHECKED_FROM, size_text)

CHUNK = 1 << 20
OVERLAP = 32  # bytes carried from one chunk to the next, longer than anything the patterns match
LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")

DTD = re.compile(rb"<!(?i:doctype|entity)")
# A cell whose first attribute is not r="...": positional cells, or attributes in another order.
ODD_CELL = re.compile(rb"<c(?!\sr=\")(?=[\s/>])")
PREFIXED_CELL = re.compile(rb":c[\s/>]")
# An attribute ending in r whose value is not a plain small reference (A1..Z999999, or a row
# number up to 999999): those bound the area to 999,999 x 26 without being read one by one.
BIG_OR_ODD_REF = re.compile(rb'r(?!="[A-Z]?\d{1,6}")\s*=')
REF_VALUE = re.compile(rb'"([A-Z]{0,3})(\d{1,7})"')
PLAIN_REF = re.compile(rb'r="([A-Z]{0,3})(\d{1,7})"')
SMALL_REF_ROWS, SMALL_REF_COLUMNS = 999_999, 26
WHITESPACE = b" \t\r\n"


class UnsafePackage(Exception):
    """The package is refused; the message names the file and the limit it passed."""


def column_number(letters: str) -> int:
    """'A' -> 1, 'Z' -> 26, 'AA' -> 27, 'XFD' -> 16384."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out or "A"


@dataclass
class _Area:
    """The furthest row and column (1-based) of the references read one by one."""

    rows: int = 0
    columns: int = 0
    needs_exact_parse: bool = False

    def reach(self, rows: int, columns: int) -> None:
        self.rows = max(self.rows, rows)
        self.columns = max(self.columns, columns)


def _within_limits(rows: int, columns: int) -> bool:
    return rows <= MAX_ROWS + 1 and columns <= MAX_COLUMNS and rows * columns <= MAX_SPREADSHEET_CELLS


# What zipfile raises on a damaged or unusual archive (the fuzz tests in tests/ingest feed it many)
DAMAGED_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError,
               struct.error, UnicodeDecodeError, KeyError, IndexError, OverflowError)


def inspect_package(data: bytes, name: str, *, spreadsheet: bool) -> None:
    """Refuse ``data`` (a file called ``name``) unless it is a zip package inside every limit."""
    if not data.startswith(b"PK"):
        what = "a spreadsheet: .xlsx, .xlsm and .ods files are" if spreadsheet else "a Word document: .docx files are"
        raise UnsafePackage(f"{name}: the file cannot be opened as {what} zip packages, and this one is not "
                            "(check it was saved in that format, not renamed)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except DAMAGED_ZIP as exc:
        raise UnsafePackage(f"{name}: the file is a damaged zip package ({exc})") from None
    _check_directory(members, name)
    if spreadsheet and any(m.filename.lower().endswith(".bin") and "worksheets/" in m.filename.lower()
                           for m in members):
        raise UnsafePackage(f"{name}: binary workbooks (.xlsb) are not read; save it as .xlsx")
    area = _Area()
    xml_parts = [m for m in members if _scan_member(data, m, name, area if spreadsheet else None)]
    if not spreadsheet:
        return
    content = next((m for m in members if m.filename == "content.xml"), None)
    if content is not None:  # the reader may take the package as OpenDocument, whatever its name
        _check_area(_ods_area(data, content, name), name)
    if area.needs_exact_parse:
        area = _Area()
        for member in xml_parts:
            _expat_area(_contents(data, member, name), area, member.filename, name)
    elif not _within_limits(max(area.rows, SMALL_REF_ROWS), max(area.columns, SMALL_REF_COLUMNS)):
        _plain_area(data, xml_parts, name, area)
    _check_area(area, name)


def _check_directory(members: list[zipfile.ZipInfo], name: str) -> None:
    if len(members) > MAX_PACKAGE_MEMBERS:
        raise UnsafePackage(f"{name}: the package holds {len(members):,} files; Parity reads packages of at "
                            f"most {MAX_PACKAGE_MEMBERS:,}")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnsafePackage(f"{name}: the package would uncompress to {size_text(total)}; Parity reads at most "
                            f"{size_text(MAX_UNCOMPRESSED_BYTES)} uncompressed")
    for m in members:
        if m.flag_bits & 0x1:
            raise UnsafePackage(f"{name}: the file is encrypted (password-protected); save a copy without a "
                                "password")
        if m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsafePackage(f"{name}: {m.filename} is compressed in a way Office files never are "
                                f"(method {m.compress_type}); save the file again from Excel or Word")
        if m.file_size > RATIO_CHECKED_FROM and m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1):
            raise UnsafePackage(
                f"{name}: {m.filename} would uncompress to {size_text(m.file_size)} from "
                f"{size_text(m.compress_size)} ({m.file_size // max(m.compress_size, 1):,} to 1); Parity "
                f"refuses files compressed more than {MAX_COMPRESSION_RATIO} to 1 (a zip bomb)")


def _contents(data: bytes, member: zipfile.ZipInfo, name: str):
    """The member's bytes in chunks, never more than it declares (a lie is refused, not read)."""
    offset = member.header_offset
    try:
        header = LOCAL_HEADER.unpack_from(data, offset)
    except struct.error:
        raise UnsafePackage(f"{name}: the file is a damaged zip package ({member.filename})") from None
    if header[0] != b"PK\x03\x04":
        raise UnsafePackage(f"{name}: the file is a damaged zip package ({member.filename})")
    start = offset + LOCAL_HEADER.size + header[10] + header[11]
    raw = memoryview(data)[start:start + member.compress_size]
    if len(raw) < member.compress_size:
        raise UnsafePackage(f"{name}: the file is a damaged zip package ({member.filename} is cut short)")
    declared = member.file_size
    if member.compress_type == zipfile.ZIP_STORED:
        if member.compress_size != declared:
            raise _lied(name, member)
        for i in range(0, len(raw), CHUNK):
            yield bytes(raw[i:i + CHUNK])
        return
    inflater = zlib.decompressobj(-15)
    produced = 0
    try:
        for i in range(0, len(raw), CHUNK):
            pending = raw[i:i + CHUNK]
            while pending:
                out = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                produced += len(out)
                if produced > declared:
                    raise _lied(name, member)
                if out:
                    yield out
                if inflater.eof:
                    break
            if inflater.eof:
                break
    except zlib.error:
        raise UnsafePackage(f"{name}: the file is a damaged zip package ({member.filename})") from None
    if not inflater.eof or produced != declared:
        raise UnsafePackage(f"{name}: the file is a damaged zip package ({member.filename} does not hold the "
                            "size it declares)")


def _lied(name: str, member: zipfile.ZipInfo) -> UnsafePackage:
    return UnsafePackage(f"{name}: {member.filename} holds more than the {size_text(member.file_size)} it "
                         "declares (a zip bomb); refused without reading it")


def _is_xml(member: zipfile.ZipInfo) -> bool:
    return member.filename.lower().endswith((".xml", ".rels", ".vml"))


def _scan_member(data: bytes, member: zipfile.ZipInfo, name: str, area: _Area | None) -> bool:
    """Decompress one member to its end (checking its size); scan XML for a DTD and references.

    References are looked for from ``sheetData`` on: the reader takes cells from there only, and
    other parts (themes, drawings) have attributes named r of their own. Returns whether the
    member is XML (by its name, or by starting with '<').
    """
    carry = b""
    is_xml = None
    in_sheet = False
    for chunk in _contents(data, member, name):
        buf = carry + chunk
        if is_xml is None:
            if buf.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in buf[:4]:
                if _is_xml(member) or b"<" in buf[:8]:
                    raise UnsafePackage(f"{name}: {member.filename} is XML in UTF-16 or UTF-32, which Office "
                                        "never writes; save the file again from Excel or Word")
            is_xml = buf.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"
            if _is_xml(member) and not is_xml:
                raise UnsafePackage(f"{name}: {member.filename} is not XML; the file is damaged")
        if not is_xml:
            continue  # a picture or a macro project: read to its end for the size check only
        if DTD.search(buf):
            raise UnsafePackage(f"{name}: {member.filename} declares a DTD or entities (<!DOCTYPE / <!ENTITY), "
                                "which Office files never hold and entity-expansion attacks need; refused")
        carry = buf[-OVERLAP:]
        if area is None or area.needs_exact_parse:
            continue
        if not in_sheet:
            start = buf.find(b"sheetData")
            if start < 0:
                continue
            in_sheet, buf = True, buf[start:]
            carry = buf[-OVERLAP:]
        _scan_references(buf, area, final=False)
    if area is not None and in_sheet and not area.needs_exact_parse:
        _scan_references(carry, area, final=True)
    return bool(is_xml) or (is_xml is None and _is_xml(member))


def _scan_references(buf: bytes, area: _Area, final: bool) -> None:
    """The quick pass over XML: cells not written <c r="...", and every reference beyond Z999999."""
    limit = len(buf) if final else len(buf) - OVERLAP
    for pattern in (ODD_CELL, PREFIXED_CELL):
        odd = pattern.search(buf)
        if odd and (final or odd.start() < len(buf) - 8):  # near the end: seen again with the next chunk
            area.needs_exact_parse = True
            return
    for m in BIG_OR_ODD_REF.finditer(buf):
        if m.start() >= limit:
            break
        if m.start() == 0 or buf[m.start() - 1] not in WHITESPACE:
            continue  # another attribute ending in r (header=, xmlns:r=)
        value = REF_VALUE.match(buf, m.end())
        if value is None:
            area.needs_exact_parse = True
            return
        letters, digits = value.groups()
        area.reach(int(digits), column_number(letters.decode()) if letters else 0)


def _plain_area(data: bytes, xml_parts: list[zipfile.ZipInfo], name: str, area: _Area) -> None:
    """The exact area of sheets whose every cell starts <c r="...": every reference read."""
    for member in xml_parts:
        carry = b""
        in_sheet = False
        for chunk in _contents(data, member, name):
            buf = carry + chunk
            if not in_sheet:
                start = buf.find(b"sheetData")
                if start < 0:
                    carry = buf[-OVERLAP:]
                    continue
                in_sheet, buf = True, buf[start:]
            refs = PLAIN_REF.findall(buf)
            if refs:
                letters = {a for a, _ in refs} - {b""}
                area.reach(max(map(int, {d for _, d in refs})),
                           max((column_number(a.decode()) for a in letters), default=0))
            carry = buf[-OVERLAP:]


def _check_area(area: _Area, name: str) -> None:
    furthest = f"{column_letters(area.columns)}{area.rows}"
    spans = (f"{name}: the sheet's cells reach {furthest} ({area.rows:,} rows x {area.columns:,} columns = "
             f"{area.rows * area.columns:,} cells, counted from A1)")
    advice = "delete the unused rows and columns, or save the data as CSV"
    if area.rows > MAX_ROWS + 1:
        raise UnsafePackage(f"{spans}; Parity reads at most {MAX_ROWS:,} rows ({advice})")
    if area.columns > MAX_COLUMNS:
        raise UnsafePackage(f"{spans}; Parity reads at most {MAX_COLUMNS:,} columns ({advice})")
    if area.rows * area.columns > MAX_SPREADSHEET_CELLS:
        raise UnsafePackage(f"{spans}; Parity reads at most {MAX_SPREADSHEET_CELLS:,} cells ({advice})")


REF_TEXT = re.compile(r"^([A-Za-z]*)(\d+)$")


def _expat_area(chunks, area: _Area, part: str, name: str) -> None:
    """The exact furthest cell of one XML part, following the reader's rules for cells without r."""
    state = {"row": 0, "col": 0, "in_sheet": False}

    def start(tag: str, attrs: dict) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local == "sheetData":
            state["in_sheet"] = True
        elif not state["in_sheet"]:
            return
        elif local == "row":
            r = attrs.get("r")
            state["row"] = _number(r, part, name) if r is not None else state["row"] + 1
            state["col"] = 0
            area.reach(state["row"], 0)
        elif local == "c":
            r = attrs.get("r")
            if r is None:
                row, col = max(state["row"], 1), state["col"] + 1
            else:
                match = REF_TEXT.match(r.strip())
                if not match:
                    raise UnsafePackage(f"{name}: {part} has a cell reference {r[:20]!r} that is not a cell "
                                        "reference")
                row = int(match.group(2))
                col = column_number(match.group(1)) if match.group(1) else state["col"] + 1
            state["col"] = col
            area.reach(row, col)

    def end(tag: str) -> None:
        if tag.rsplit(":", 1)[-1] == "sheetData":
            state["in_sheet"] = False

    _parse(chunks, start, end, part, name)


def _number(text: str, part: str, name: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise UnsafePackage(f"{name}: {part} has a row number {text[:20]!r} that is not a number") from None


def _ods_area(data: bytes, member: zipfile.ZipInfo, name: str) -> _Area:
    """An OpenDocument sheet's furthest non-empty cell, counting rows and cells repeated by number."""
    area = _Area()
    state = {"row": 0, "row_repeat": 1, "row_columns": 0, "col": 0, "cell_repeat": 0, "cell_full": False}

    def repeat(attrs: dict, key: str) -> int:
        for k, v in attrs.items():
            if k.rsplit(":", 1)[-1] == key:
                return max(1, _number(v, member.filename, name))
        return 1

    def start(tag: str, attrs: dict) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local == "table":
            state["row"] = 0
        elif local == "table-row":
            state.update(row_repeat=repeat(attrs, "number-rows-repeated"), row_columns=0, col=0)
        elif local in ("table-cell", "covered-table-cell"):
            state.update(cell_repeat=repeat(attrs, "number-columns-repeated"),
                         cell_full=any(k.rsplit(":", 1)[-1] == "value-type" for k in attrs))
        elif state["cell_repeat"]:
            state["cell_full"] = True  # a paragraph or other content inside the cell

    def end(tag: str) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local in ("table-cell", "covered-table-cell") and state["cell_repeat"]:
            state["col"] += state["cell_repeat"]
            if state["cell_full"]:
                state["row_columns"] = state["col"]
            state["cell_repeat"] = 0
        elif local == "table-row":
            state["row"] += state["row_repeat"]
            if state["row_columns"]:
                area.reach(state["row"], state["row_columns"])

    _parse(_contents(data, member, name), start, end, member.filename, name)
    return area


def _parse(chunks, start, end, part: str, name: str) -> None:
    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end

    def refuse(*_args) -> None:
        raise UnsafePackage(f"{name}: {part} declares a DTD or entities, which Office files never hold; refused")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise UnsafePackage(f"{name}: {part} is not well-formed XML ({exc}); the file is damaged") from None
