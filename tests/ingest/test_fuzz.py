"""Fuzzing the readers and the validator: no input crashes them; every rejection has a reason."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity.ingest.readers import UnreadableFile, read_bytes
from parity.ingest.schemas import KINDS, load
from parity.ingest.validate import validate

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _validate_anything(data: bytes, name: str):
    try:
        raw = read_bytes(data, name)
    except UnreadableFile as exc:
        assert str(exc).strip()
        return
    result = validate(raw)
    for p in result.report.problems:
        assert p.reason and p.file == name
    if result.table is not None:
        assert result.table.num_rows == raw.num_rows


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_as_csv(data):
    _validate_anything(data, "staff.csv")


@FUZZ
@given(st.binary(max_size=500))
def test_random_bytes_as_xlsx(data):
    _validate_anything(data, "staff.xlsx")


cell = st.one_of(st.text(max_size=12), st.sampled_from(
    ["", "2024-03-31", "31/03/2024", "45382", "yes", "No", "A", "White British", "=1+1", "@x",
     "-3", "£1,000", "1e9", "\x00", "\ufeff", "NaN", "inf", "2024-02-30", "99999999"]))


@FUZZ
@given(st.sampled_from(KINDS), st.lists(st.lists(cell, min_size=0, max_size=30), max_size=8),
       st.booleans())
def test_structured_files_with_hostile_cells(kind, rows, cp1252):
    header = [f.name for f in load(kind).fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row[: len(header)])
    text = buffer.getvalue()
    data = text.encode("cp1252", errors="replace") if cp1252 else text.encode("utf-8")
    try:
        raw = read_bytes(data, f"{kind}.csv")
    except UnreadableFile:
        return
    result = validate(raw, kind)
    assert result.kind == kind
    for p in result.report.errors:
        assert p.reason
        assert p.row is None or p.row >= 2
    # Rows without errors are exactly the rows a quarantining import would keep.
    kept = set(result.good_rows()["_row"].to_pylist())
    assert kept.isdisjoint(result.report.bad_rows)
    assert kept | result.report.bad_rows >= set(raw.row_numbers.to_pylist())


# --- mutations of valid files: flipped bytes, cuts, insertions (issue 11) ------------------------
# Random bytes rarely get past a reader's first check; a valid file changed a little reaches every
# layer: the zip package checks, the XML scans, the spreadsheet reader, the CSV reader.

import io as _io  # noqa: E402
import zipfile  # noqa: E402

from hypothesis_helpers import mutate, mutations, rezip_sheet, valid_csv, valid_xlsx  # noqa: E402

MUTATE = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@MUTATE
@given(mutations())
def test_mutated_workbook_bytes(change):
    _validate_anything(mutate(valid_xlsx(), change), "staff.xlsx")


@MUTATE
@given(mutations(), st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
def test_mutated_sheet_xml_in_a_sound_package(change, compression):
    # The package's sizes and checksums are right, so the reader parses the damaged XML itself.
    sheet = zipfile.ZipFile(_io.BytesIO(valid_xlsx())).read("xl/worksheets/sheet1.xml")
    _validate_anything(rezip_sheet(mutate(sheet, change), compression), "staff.xlsx")


@MUTATE
@given(mutations())
def test_mutated_csv(change):
    _validate_anything(mutate(valid_csv(), change), "staff.csv")


def test_mutations_stay_within_the_memory_cap():
    """A fixed campaign of 300 mutations of each file in a child: no other exception, peak under cap."""
    from hostile_files import PEAK_CAP_MIB, read_in_child

    result = read_in_child("import sys; sys.path.insert(0, 'tests/ingest'); import hypothesis_helpers as h; "
                           "h.campaign(300)")
    assert result["outcome"] == "read", result
    assert result["peak_mib"] < PEAK_CAP_MIB, result
