"""Hostile files get a clear refusal naming the file and the limit, in bounded memory and time.

Every case of issue 11 is read in a child process (``hostile_files.read_in_child``: address
space capped, peak resident memory and time reported) and must be refused with a message naming
the file, its peak under ``PEAK_CAP_MIB`` (512 MiB, the documented cap) and its time under
``TIME_CAP_SECONDS``. Before the limits, the one-cell XLSX aborted the worker (a 512 GiB
allocation) and the zip bomb and the YAML map took it past 6 GiB.
"""

from __future__ import annotations

import pytest
from hostile_files import (BILLION_LAUGHS, PEAK_CAP_MIB, TIME_CAP_SECONDS, YAML_ALIAS_BOMB,
                           big_honest_sheet_xlsx, docx_with_entities, docx_zip_bomb, lying_size, ods,
                           ods_cell, read_in_child, text_cell, workbook, xlsx_with_sheet, zip_bomb_xlsx)

from parity.ingest.column_map import ColumnMap, ColumnMapError
from parity.ingest.limits import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, MAX_UPLOAD_BYTES
from parity.ingest.office_package import column_letters
from parity.ingest.readers import UnreadableFile, read_bytes


def refused_in_bounds(call: str, name: str, *words: str) -> str:
    result = read_in_child(call)
    assert result["outcome"] in ("UnreadableFile", "ColumnMapError", "UnreadablePlan"), result
    message = result["message"]
    assert name in message, message
    for word in words:
        assert word in message, message
    assert "Traceback" not in message
    assert result["peak_mib"] < PEAK_CAP_MIB, result
    assert result["seconds"] < TIME_CAP_SECONDS, result
    return message


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_one_cell_at_xfd1048576_is_refused_by_the_area_its_cell_spans(tmp_path):
    # 1.8 KB; the reader would pad the sheet from A1 to the cell: 17 billion cells, 512 GiB.
    path = write(tmp_path, "staff.xlsx", workbook({"XFD1048576": "x"}))
    assert path.stat().st_size < 6000
    refused_in_bounds(f"read_file({str(path)!r})", "staff.xlsx", "XFD1048576", "17,179,869,184 cells")


def test_a_header_and_one_far_cell_is_refused_before_the_reader_allocates(tmp_path):
    # The reader itself (not only the padding) allocates the area between its first and last cell.
    path = write(tmp_path, "staff.xlsx", workbook({"A1": "staff_id", "XFD1048576": "x"}))
    refused_in_bounds(f"read_file({str(path)!r})", "staff.xlsx", "XFD1048576")


@pytest.mark.parametrize("cell", [
    '<c t="inlineStr" r="XFD1048576"><is><t>x</t></is></c>',  # r not first
    text_cell("xfd1048576", "x"),  # lower case
    text_cell("A2", "x").replace('r="A2"', 'r="A2" r="XFD1048576"'),  # the reader takes the last r
    text_cell("A2", "x").replace('r="A2"', "r = 'XFD1048576'"),  # spaces and single quotes
])
def test_far_cells_written_oddly_are_found_too(tmp_path, cell):
    path = write(tmp_path, "staff.xlsx", xlsx_with_sheet(f'<row r="1">{text_cell("A1", "staff_id")}</row>'
                                                          f'<row r="1048576">{cell}</row>'))
    refused_in_bounds(f"read_file({str(path)!r})", "staff.xlsx", "XFD1048576")


def test_cells_without_references_are_counted_where_the_reader_puts_them(tmp_path):
    cells = "".join(text_cell(None, str(i)) for i in range(40))
    path = write(tmp_path, "staff.xlsx", xlsx_with_sheet(f'<row r="1">{text_cell("A1", "staff_id")}</row>'
                                                          f'<row r="1000000">{cells}</row>'))
    refused_in_bounds(f"read_file({str(path)!r})", "staff.xlsx", "cells")


def test_a_declared_dimension_is_not_trusted_either_way(tmp_path):
    # A vast declared dimension with two real cells is read; the cells decide.
    data = xlsx_with_sheet(f'<row r="1">{text_cell("A1", "staff_id")}</row><row r="2">{text_cell("A2", "7")}</row>',
                           dimension="A1:XFD1048576")
    raw = read_bytes(data, "staff.xlsx")
    assert raw.headers == ["staff_id"] and raw.table.column(0).to_pylist() == ["7"]


def test_a_gigabyte_of_sheet_xml_in_a_few_megabytes_is_refused_quickly(tmp_path):
    path = tmp_path / "staff.xlsx"
    zip_bomb_xlsx(path, gib=1.0)
    assert path.stat().st_size < 8 << 20
    refused_in_bounds(f"read_file({str(path)!r})", "staff.xlsx", "zip bomb", "to 1")


def test_a_part_holding_more_than_it_declares_is_refused_without_reading_on(tmp_path):
    # Declared 1,000 bytes, holds 64 MiB: the ratio check cannot see it; the size stop does.
    path = write(tmp_path, "staff.xlsx", lying_size(big_honest_sheet_xlsx(64), "xl/worksheets/sheet1.xml", 1000))
    refused_in_bounds(f"read_file({str(path)!r})", "staff.xlsx", "declares")


def test_entity_expansion_in_a_workbook_is_refused(tmp_path):
    path = write(tmp_path, "staff.xlsx", xlsx_with_sheet(text_cell("A1", "&lol9;"), prolog=BILLION_LAUGHS))
    refused_in_bounds(f"read_file({str(path)!r})", "staff.xlsx", "DOCTYPE")


def test_entity_expansion_in_a_word_plan_is_refused(tmp_path):
    path = write(tmp_path, "plan.docx", docx_with_entities())
    refused_in_bounds(f"read_plan({str(path)!r})", "plan.docx", "DOCTYPE")


def test_a_zip_bomb_word_plan_is_refused(tmp_path):
    path = write(tmp_path, "plan.docx", docx_zip_bomb(512))
    refused_in_bounds(f"read_plan({str(path)!r})", "plan.docx", "zip bomb")


def test_a_billion_laughs_column_map_is_refused(tmp_path):
    path = write(tmp_path, "map.yaml", YAML_ALIAS_BOMB.encode())
    assert path.stat().st_size < 500
    refused_in_bounds(f"ColumnMap.load({str(path)!r})", "map.yaml", "aliases")


def test_an_oversize_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "staff.csv"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing written to disk
    refused_in_bounds(f"read_file({str(path)!r})", "staff.csv", "at most 1 GB")


def test_too_many_rows_are_refused_before_parsing(tmp_path):
    path = write(tmp_path, "staff.csv", b"staff_id\n" + b"1\n" * (MAX_ROWS + 1))
    refused_in_bounds(f"read_file({str(path)!r})", "staff.csv", f"{MAX_ROWS + 1:,} rows", f"{MAX_ROWS:,}")


def test_too_many_columns_are_refused_before_parsing(tmp_path):
    header = ",".join(f"c{i}" for i in range(MAX_COLUMNS + 1))
    path = write(tmp_path, "staff.csv", f"{header}\n1\n".encode())
    refused_in_bounds(f"read_file({str(path)!r})", "staff.csv", f"{MAX_COLUMNS + 1:,} columns")


def test_a_spreadsheet_wider_than_the_column_limit_is_refused(tmp_path):
    far = column_letters(MAX_COLUMNS + 1)
    path = write(tmp_path, "staff.xlsx", workbook({"A1": "staff_id", f"{far}1": "x"}))
    refused_in_bounds(f"read_file({str(path)!r})", "staff.xlsx", f"{far}1", f"at most {MAX_COLUMNS:,} columns")


def test_an_opendocument_sheet_repeating_cells_into_a_vast_area_is_refused(tmp_path):
    rows = f'<table:table-row table:number-rows-repeated="1000000">{ods_cell("x", 16000)}</table:table-row>'
    path = write(tmp_path, "staff.ods", ods(rows))
    refused_in_bounds(f"read_file({str(path)!r})", "staff.ods", "16,000 columns")


def test_an_opendocument_sheet_with_trailing_empty_repeats_is_read(tmp_path):
    # LibreOffice pads rows and columns with empty repeats to the sheet's edge; they hold nothing.
    rows = (f'<table:table-row>{ods_cell("staff_id")}<table:table-cell table:number-columns-repeated="16383"/>'
            '</table:table-row><table:table-row>' + ods_cell("7") + '</table:table-row>'
            '<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
            'table:number-columns-repeated="16384"/></table:table-row>')
    raw = read_bytes(ods(rows), "staff.ods")
    assert raw.headers == ["staff_id"] and raw.table.column(0).to_pylist() == ["7"]


def test_a_sheet_written_oddly_but_small_is_still_read():
    # Cells without references, attributes in another order: measured exactly (expat), then read.
    data = xlsx_with_sheet(f'<row>{text_cell(None, "staff_id")}{text_cell(None, "grade")}</row>'
                           f'<row><c t="inlineStr" r="A2"><is><t>7</t></is></c>{text_cell(None, "B")}</row>')
    raw = read_bytes(data, "staff.xlsx")
    assert raw.headers == ["staff_id", "grade"]
    assert raw.table.to_pylist() == [{"staff_id": "7", "grade": "B"}]


def test_old_binary_excel_is_refused_with_advice():
    with pytest.raises(UnreadableFile, match=r"staff\.xls: .*save it as an Excel Workbook \(\.xlsx\)"):
        read_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600, "staff.xls")


def test_a_renamed_file_is_not_read_as_another_format():
    with pytest.raises(UnreadableFile, match="staff.xlsx: the file cannot be opened as a spreadsheet"):
        read_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600, "staff.xlsx")


def test_aliases_are_refused_even_when_small(tmp_path):
    path = write(tmp_path, "map.yaml", b"columns:\n  staff: &m {Employee: staff_id}\n  leavers: *m\n")
    with pytest.raises(ColumnMapError, match=r"map\.yaml: .*aliases \(\*m, line 3\)"):
        ColumnMap.load(path)


def test_an_oversize_column_map_is_refused_before_parsing(tmp_path):
    path = tmp_path / "map.yaml"
    with path.open("wb") as f:
        f.truncate(2 << 20)
    with pytest.raises(ColumnMapError, match=r"map\.yaml: the column map is 2 MB; .*at most 1 MB"):
        ColumnMap.load(path)


def test_rows_of_the_wrong_width_are_named_up_to_a_limit_then_counted():
    data = b"staff_id,grade\n" + b"1,A,extra\n" * 3000 + b"2,B\n"
    raw = read_bytes(data, "staff.csv")
    assert raw.table.to_pylist() == [{"staff_id": "2", "grade": "B"}]
    assert len(raw.problems) == 1001
    assert "2,000 more rows" in raw.problems[-1].reason


def test_the_upload_form_refuses_an_oversize_file_before_saving_it():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parity.app.workforce.forms import UploadForm

    big = SimpleUploadedFile("staff.csv", b"staff_id\n1\n")
    big.size = MAX_UPLOAD_BYTES + 1
    column_map = SimpleUploadedFile("map.yaml", b"columns: {}\n")
    column_map.size = (1 << 20) + 1
    form = UploadForm({}, {"files": [big], "column_map": column_map})
    assert not form.is_valid()
    assert "staff.csv is 100 MB; the Upload page takes files of at most 100 MB" in form.errors["files"][0]
    assert "map.yaml is 1.0 MB; the Upload page takes files of at most 1 MB" in form.errors["column_map"][0]


def test_the_upload_form_takes_a_file_within_the_limit():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parity.app.workforce.forms import UploadForm

    form = UploadForm({}, {"files": [SimpleUploadedFile("staff.csv", b"staff_id\n1\n")]})
    assert form.is_valid(), form.errors
