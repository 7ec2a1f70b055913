"""Valid small files and ways to change them, for fuzzing the readers (``test_fuzz.py``)."""

from __future__ import annotations

import functools
import io
import random
import zipfile

from hypothesis import strategies as st


@functools.cache
def valid_xlsx() -> bytes:
    """A small staff workbook as openpyxl writes it: text, numbers and a date."""
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["staff_id", "snapshot_date", "ethnicity", "directorate", "grade", "fte"])
    for i in range(12):
        sheet.append([f"S{i:03d}", dt.date(2024, 3, 31), "White British" if i % 2 else "Indian", "Adults",
                      f"G{i % 4}", 1.0 if i % 3 else 0.5])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@functools.cache
def valid_csv() -> bytes:
    rows = ["staff_id,snapshot_date,ethnicity,directorate,grade,fte"]
    rows += [f"S{i:03d},2024-03-31,{'White British' if i % 2 else 'Indian'},Adults,G{i % 4},1" for i in range(12)]
    return ("\n".join(rows) + "\n").encode()


def rezip_sheet(sheet_xml: bytes, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The valid workbook with its sheet's XML replaced, sizes and checksums made right."""
    source = zipfile.ZipFile(io.BytesIO(valid_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for info in source.infolist():
            data = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info.filename)
            z.writestr(info.filename, data)
    return out.getvalue()


def mutations():
    """A change: bytes flipped at relative positions, bytes inserted, and maybe a cut."""
    where = st.floats(min_value=0, max_value=1, allow_nan=False)
    return st.fixed_dictionaries({
        "flips": st.lists(st.tuples(where, st.integers(0, 255)), max_size=8),
        "inserts": st.lists(st.tuples(where, st.sampled_from(
            [b"<", b">", b'"', b"&", b"\x00", b"\xff", b"r=\"XFD1048576\"", b"<c>", b"<row>", b"\n", b",", b'"\n',
             b"<!DOCTYPE x>", b"<c r=\"A1\"/>", b"\xef\xbb\xbf"])), max_size=4),
        "cut": st.one_of(st.none(), where),
    })


def mutate(data: bytes, change: dict) -> bytes:
    out = bytearray(data)
    for at, value in change["flips"]:
        if out:
            out[min(int(at * len(out)), len(out) - 1)] = value
    for at, piece in change["inserts"]:
        i = int(at * len(out))
        out[i:i] = piece
    if change["cut"] is not None:
        del out[int(change["cut"] * len(out)):]
    return bytes(out)


def random_change(rng: random.Random) -> dict:
    return {"flips": [(rng.random(), rng.randrange(256)) for _ in range(rng.randrange(9))],
            "inserts": [(rng.random(), rng.choice([b"<", b'"', b"&", b"\x00", b'r="XFD1048576"', b"<c>", b"\n"]))
                        for _ in range(rng.randrange(4))],
            "cut": rng.random() if rng.random() < 0.3 else None}


def campaign(n: int, seed: int = 11) -> None:
    """``n`` random changes of each valid file, read and validated; raises on anything but a refusal."""
    from parity.ingest.readers import UnreadableFile, read_bytes
    from parity.ingest.validate import validate

    rng = random.Random(seed)
    sheet = zipfile.ZipFile(io.BytesIO(valid_xlsx())).read("xl/worksheets/sheet1.xml")
    for _ in range(n):
        for data, name in ((mutate(valid_xlsx(), random_change(rng)), "staff.xlsx"),
                           (rezip_sheet(mutate(sheet, random_change(rng))), "staff.xlsx"),
                           (mutate(valid_csv(), random_change(rng)), "staff.csv")):
            try:
                raw = read_bytes(data, name)
            except UnreadableFile:
                continue
            validate(raw)
