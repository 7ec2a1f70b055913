"""Hostile files, built in code (no binary fixtures), and a child process to read them in.

Each hostile file is read in a fresh Python process whose address space is capped
(``RLIMIT_AS``, so a runaway allocation fails there instead of taking the machine), and which
reports what happened, its peak resident memory (``VmHWM``) and the time taken. The tests in
``test_hostile_files.py`` assert a clear refusal naming the file, under ``PEAK_CAP_MIB`` and
``TIME_CAP_SECONDS``; ``python tests/ingest/hostile_files.py OUT_DIR`` writes the files, to
measure any version of the readers by hand.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

PEAK_CAP_MIB = 512  # documented in docs/importing.md ("Limits")
TIME_CAP_SECONDS = 20  # a refusal takes well under a second; the margin is for a busy machine
ADDRESS_SPACE_CAP = 3 << 30  # the child's virtual memory: imports need ~1.5 GiB of it, mostly reserved
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
BILLION_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                            for i in range(1, 10)) + "]>")


def read_in_child(call: str, *, pythonpath: str | None = None, timeout: float = 300) -> dict:
    """Run ``call`` (Python, using ``path``) in a capped child; its outcome, message, peak and time."""
    code = textwrap.dedent(f"""
        import json, resource, time
        resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE_CAP}, {ADDRESS_SPACE_CAP}))
        from parity.ingest.readers import read_file
        from parity.ingest.column_map import ColumnMap
        from parity.plans.reader import read_plan
        started = time.perf_counter()
        outcome, message = "read", ""
        try:
            {call}
        except Exception as exc:
            outcome, message = type(exc).__name__, str(exc)
        seconds = time.perf_counter() - started
        peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
        print(json.dumps({{"outcome": outcome, "message": message, "seconds": seconds, "peak_mib": peak / 1024}}))
    """)
    env = None
    if pythonpath:
        import os
        env = {**os.environ, "PYTHONPATH": pythonpath}
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"outcome": f"still running after {timeout} s (killed)", "message": "", "seconds": None,
                "peak_mib": None}
    if proc.returncode != 0 or not proc.stdout.strip():
        return {"outcome": f"crashed (exit {proc.returncode})", "message": proc.stderr[-400:],
                "seconds": None, "peak_mib": None}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- workbooks ----------------------------------------------------------------------------------

def workbook(cells: dict[str, str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for ref, value in cells.items():
        book.active[ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_part(package: bytes, part: str, content: bytes) -> bytes:
    """The package with one part's content replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            if info.filename != part:
                z.writestr(info.filename, source.read(info.filename))
        z.writestr(part, content)
    return out.getvalue()


def sheet(rows_xml: str, prolog: str = "", dimension: str = "A1") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{SHEET_NS}">'
            f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>').encode()


def xlsx_with_sheet(rows_xml: str, prolog: str = "", dimension: str = "A1") -> bytes:
    return with_part(workbook({"A1": "staff_id"}), "xl/worksheets/sheet1.xml", sheet(rows_xml, prolog, dimension))


def text_cell(ref: str | None, text: str, attrs: str = "") -> str:
    r = f' r="{ref}"' if ref else ""
    return f'<c{r} t="inlineStr"{attrs}><is><t>{text}</t></is></c>'


def zip_bomb_xlsx(path: Path, gib: float = 1.0) -> None:
    """A valid workbook whose sheet is ``gib`` GiB of XML, deflated to a few megabytes."""
    base = zipfile.ZipFile(io.BytesIO(workbook({"A1": "staff_id"})))
    row = f'<row>{text_cell(None, "x")}</row>'.encode()
    block = row * ((1 << 20) // len(row))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in base.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info.filename, base.read(info.filename))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as w:
            w.write(f'<worksheet xmlns="{SHEET_NS}"><sheetData>'.encode())
            for _ in range(int(gib * 1024)):
                w.write(block)
            w.write(b"</sheetData></worksheet>")


def lying_size(package: bytes, part: str, declared: int) -> bytes:
    """The package with ``part``'s declared uncompressed size changed (local and central headers)."""
    data = bytearray(package)
    info = zipfile.ZipFile(io.BytesIO(package)).getinfo(part)
    struct.pack_into("<L", data, info.header_offset + 22, declared)
    end = data.rindex(b"PK\x05\x06")
    offset = struct.unpack_from("<L", data, end + 16)[0]
    while data[offset:offset + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<3H", data, offset + 28)
        if data[offset + 46:offset + 46 + name_len].decode() == part:
            struct.pack_into("<L", data, offset + 24, declared)
        offset += 46 + name_len + extra_len + comment_len
    return bytes(data)


def big_honest_sheet_xlsx(mib: int = 64) -> bytes:
    row = f'<row>{text_cell(None, "x")}</row>'
    body = row * ((mib << 20) // len(row))
    return xlsx_with_sheet(body)


def ods(rows_xml: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
            'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'))
        z.writestr("content.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:'
            'opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
            f'<office:spreadsheet><table:table table:name="staff">{rows_xml}</table:table></office:spreadsheet>'
            "</office:body></office:document-content>"))
    return out.getvalue()


def ods_cell(text: str, repeat: int = 1) -> str:
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{times}><text:p>{text}</text:p></table:table-cell>'


# --- Word and YAML -------------------------------------------------------------------------------

def docx_document() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Race equality action plan", 1)
    document.add_paragraph("Priority 1: fair recruitment")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_with_entities() -> bytes:
    package = docx_document()
    body = zipfile.ZipFile(io.BytesIO(package)).read("word/document.xml").decode()
    declaration, rest = body.split("?>", 1)
    rest = rest.replace("Priority 1: fair recruitment", "&lol9;")
    return with_part(package, "word/document.xml", (declaration + "?>" + BILLION_LAUGHS + rest).encode())


def docx_zip_bomb(mib: int = 512) -> bytes:
    package = docx_document()
    body = zipfile.ZipFile(io.BytesIO(package)).read("word/document.xml")
    filler = b"<w:p/>" * ((mib << 20) // 6)
    return with_part(package, "word/document.xml", body.replace(b"<w:body>", b"<w:body>" + filler, 1))


YAML_ALIAS_BOMB = "values:\n  staff:\n    sex:\n" + "\n".join(
    ["      a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"      {b}: &{b} [{','.join(['*' + a] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi")]) + "\n"
"""Nine levels of nine aliases: 387,420,489 "lol"s once expanded (the map's values are made text)."""


def write_all(out: Path) -> dict[str, Path]:
    """Every hostile file of the tests, written to ``out`` (for measuring by hand)."""
    from parity.ingest.limits import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS

    out.mkdir(parents=True, exist_ok=True)
    files = {
        "xfd1048576.xlsx": workbook({"XFD1048576": "x"}),
        "a1_and_xfd1048576.xlsx": workbook({"A1": "staff_id", "XFD1048576": "x"}),
        "entities.xlsx": xlsx_with_sheet(text_cell("A1", "&lol9;"), prolog=BILLION_LAUGHS),
        "lying_size.xlsx": lying_size(big_honest_sheet_xlsx(64), "xl/worksheets/sheet1.xml", 1000),
        "entities.docx": docx_with_entities(),
        "zip_bomb.docx": docx_zip_bomb(),
        "map.yaml": YAML_ALIAS_BOMB.encode(),
        "too_many_rows.csv": b"staff_id\n" + b"1\n" * (MAX_ROWS + 1),
        "too_many_columns.csv": (",".join(f"c{i}" for i in range(MAX_COLUMNS + 1)) + "\n1\n").encode(),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = out / name
        paths[name].write_bytes(data)
    zip_bomb_xlsx(out / "zip_bomb.xlsx")
    paths["zip_bomb.xlsx"] = out / "zip_bomb.xlsx"
    oversize = out / "oversize.csv"
    with oversize.open("wb") as f:  # sparse: no disk used
        f.truncate(MAX_FILE_BYTES + 1)
    paths["oversize.csv"] = oversize
    return paths


if __name__ == "__main__":
    for name, path in write_all(Path(sys.argv[1])).items():
        print(name, path.stat().st_size)
