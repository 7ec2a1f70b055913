"""Readers: encodings, delimiters, spreadsheets, Excel dates, broken rows."""

import datetime as dt

import pytest
from openpyxl import Workbook

from parity.ingest.readers import UnreadableFile, read_bytes, read_file

HEADER = "staff_id,snapshot_date,ethnicity,directorate,grade\n"


def test_utf8_with_bom_reads_the_first_header_cleanly():
    raw = read_bytes(b"\xef\xbb\xbf" + (HEADER + "1,2024-03-31,Indian,Adults,G1\n").encode(), "staff.csv")
    assert raw.headers[0] == "staff_id"
    assert raw.problems == []


def test_windows_1252_is_read_with_a_warning():
    data = (HEADER + "1,2024-03-31,White British,Caf\u00e9 Services \u2013 North,G1\n").encode("cp1252")
    raw = read_bytes(data, "staff.csv")
    assert raw.table["directorate"].to_pylist() == ["Caf\u00e9 Services \u2013 North"]
    assert [p.severity for p in raw.problems] == ["warning"]
    assert "Windows-1252" in raw.problems[0].reason


def test_semicolon_separated_files_are_detected():
    raw = read_bytes(b"staff_id;snapshot_date;ethnicity;directorate;grade\n1;2024-03-31;A;X;G1\n", "s.csv")
    assert raw.table.num_rows == 1 and raw.table["grade"].to_pylist() == ["G1"]


def test_a_row_with_the_wrong_number_of_cells_is_reported_with_its_row_number():
    text = HEADER + "1,2024-03-31,A,X,G1\n2,2024-03-31,A,X\n3,2024-03-31,A,X,G1,extra\n4,2024-03-31,A,X,G1\n"
    raw = read_bytes(text.encode(), "staff.csv")
    assert [(p.row, p.severity) for p in raw.problems] == [(3, "error"), (4, "error")]
    assert raw.row_numbers.to_pylist() == [2, 5]


def test_quoted_newlines_keep_spreadsheet_row_numbers():
    text = HEADER + '1,2024-03-31,A,"Two\nlines",G1\n2,2024-03-31,A,X,G1\n'
    raw = read_bytes(text.encode(), "staff.csv")
    assert raw.table["directorate"].to_pylist() == ["Two\nlines", "X"]
    assert raw.row_numbers.to_pylist() == [2, 3]


def test_empty_and_unreadable_files_are_refused_with_a_reason(tmp_path):
    with pytest.raises(UnreadableFile, match="empty"):
        read_bytes(b"", "staff.csv")
    with pytest.raises(UnreadableFile, match="spreadsheet"):
        read_bytes(b"this is not a zip file", "staff.xlsx")
    with pytest.raises(UnreadableFile, match="not read"):
        read_bytes(b"x", "staff.pdf")


def test_xlsx_dates_numbers_and_formula_text(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Staff ID", "snapshot_date", "ethnicity", "directorate", "grade", "hourly_pay", "start_date"])
    sheet.append([101, dt.datetime(2024, 3, 31), "W1", "=cmd|' /C calc'!A0", "G1", 12.5, 45000])
    sheet["D2"].data_type = "s"  # stored as text, as a pasted value would be
    path = tmp_path / "staff.xlsx"
    book.save(path)
    raw = read_file(path)
    row = raw.table.to_pylist()[0]
    assert row["Staff ID"] == "101"
    assert row["snapshot_date"] == "2024-03-31"
    assert row["hourly_pay"] == "12.5"
    assert row["start_date"] == "45000"
    assert row["directorate"] == "=cmd|' /C calc'!A0"
    assert raw.row_numbers.to_pylist() == [2]


def test_one_windows_1252_row_in_a_utf8_file_is_named_and_the_rest_stay_utf8():
    """The issue's case: 'Café Services' in UTF-8 on one row and in Windows-1252 on another
    must not become two directorates ('CafÃ© Services' and 'Café Services')."""
    data = (HEADER + "1,2024-03-31,A,Caf\u00e9 Services,G1\n").encode("utf-8") \
        + "2,2024-03-31,A,Caf\u00e9 Services,G1\n".encode("cp1252") \
        + "3,2024-03-31,A,Caf\u00e9 Services,G1\n".encode("utf-8")
    raw = read_bytes(data, "staff.csv")
    assert raw.table["directorate"].to_pylist() == ["Caf\u00e9 Services"] * 3
    (warning,) = raw.problems
    assert (warning.row, warning.severity, warning.value) == (3, "warning", "Caf\u00e9 Services")  # not the id
    assert "not UTF-8 like the rest of the file" in warning.reason


def test_nul_bytes_are_errors_naming_their_rows_never_dropped_silently():
    data = (HEADER + "1,2024-03-31,A,Adults,G1\n2,2024-03-31,A,Adu\x00lts,G1\n3,2024-03-31,A,Adults,G1\n"
            "4,2024-03-31,\x00A,Adults,G1\n").encode()
    raw = read_bytes(data, "staff.csv")
    assert sorted((p.row, p.column, p.severity) for p in raw.problems) == [(3, "directorate", "error"),
                                                                           (5, "ethnicity", "error")]
    assert "NUL" in raw.problems[0].reason


def test_nul_rows_are_numbered_by_record_past_a_quoted_line_break():
    data = (HEADER + '1,2024-03-31,A,"Two\nlines",G1\n2,2024-03-31,A,Adu\x00lts,G1\n').encode()
    raw = read_bytes(data, "staff.csv")
    assert [(p.row, p.column) for p in raw.problems] == [(3, "directorate")]
    assert raw.table["directorate"].to_pylist() == ["Two\nlines", "Adults"]


def test_nul_rows_stop_a_folder_import_and_name_file_and_row(tmp_path):
    from parity.ingest.folder import validate_folder

    (tmp_path / "staff.csv").write_bytes((HEADER + "1,2024-03-31,A,Adults,G1\n2,2024-03-31,A,Adu\x00lts,G1\n").encode())
    result = validate_folder(tmp_path)
    assert not result.ok
    assert any("staff.csv, row 3" in p.describe() and "NUL" in p.reason for f in result.report.files for p in f.errors)


def test_utf16_with_its_mark_is_decoded_not_flagged():
    raw = read_bytes((HEADER + "1,2024-03-31,A,Caf\u00e9 Services,G1\n").encode("utf-16"), "staff.csv")
    assert raw.problems == [] and raw.table["directorate"].to_pylist() == ["Caf\u00e9 Services"]


@pytest.mark.parametrize("block", [64, 100, 257, 1 << 24])
def test_quoted_line_breaks_are_read_whatever_the_block_the_fast_reader_cuts(block, monkeypatch):
    """Arrow's fast reader cuts the file into blocks at line breaks; a cut inside a quoted cell
    must never give wrong rows (it is refused and the exact reader reads the file)."""
    from parity.ingest import readers

    monkeypatch.setattr(readers, "CSV_BLOCK_BYTES", block)
    lines, expected = [HEADER.strip()], []
    for i in range(200):
        directorate = f"Line one\nline {i}" if i % 3 == 0 else f"D{i}"
        grade = f'G "{i}"\nnext' if i % 7 == 0 else f"G{i}"
        lines.append(f'{i},2024-03-31,A,"{directorate}","{grade.replace(chr(34), chr(34) * 2)}"')
        expected.append((str(i), directorate, grade))
    raw = read_bytes(("\n".join(lines) + "\n").encode(), "staff.csv")
    got = list(zip(raw.table["staff_id"].to_pylist(), raw.table["directorate"].to_pylist(),
                   raw.table["grade"].to_pylist()))
    assert got == expected and raw.problems == []
    assert raw.row_numbers.to_pylist() == list(range(2, 202))  # a spreadsheet's rows: one per record


def test_cells_are_trimmed_as_python_strips_them_on_either_path():
    """An ASCII file is trimmed by the quicker ASCII rule; a file with a character only Unicode
    calls a space (0x1C to 0x1F) or any non-ASCII text by the Unicode rule: both as ``str.strip``."""
    from parity.ingest.validate import validate

    cells = [" a ", "\tb\x0b", "c\r", "\x0cd", "  ", "e"]
    for extra, ascii_expected in (("", True), ("\x1ef\x1f", False), ("\u00a0g\u2003", False)):
        values = cells + [extra] if extra else cells
        text = "staff_id,snapshot_date,ethnicity,directorate,grade\n" + "".join(
            f"{i},2024-03-31,Indian,\"{v}\",G1\n" for i, v in enumerate(values))
        raw = read_bytes(text.encode(), "staff.csv")
        assert raw.plain_ascii is ascii_expected
        table = validate(raw).table
        assert table["directorate"].to_pylist() == [v.strip() or None for v in values]


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
@pytest.mark.parametrize("inner", ["\n", "\r\n", "\r"])
def test_a_block_cut_inside_a_quoted_line_break_never_misreads_a_record(ending, inner, monkeypatch):
    """The text after the cut can pass for a whole row ('see email, March' has as many commas as
    the cell's column has before it); the reader must still give every record exactly as the
    csv module reads it, wherever Arrow's blocks end (a reviewer's case)."""
    import csv
    import io

    from parity.ingest import readers

    head = "staff_id,notes,snapshot_date,ethnicity,directorate,grade" + ending
    rows = [f"E{i},,2024-03-31,White British,Adults,5{ending}" for i in range(1, 10)]
    rows.insert(5, f'E500,"Moved team{inner}see email, March",2024-03-31,Indian,Adults,6{ending}')
    rows.insert(2, f'"E2{inner}00",x,2024-03-31,Indian,Adults,6{ending}')
    data = (head + "".join(rows)).encode()
    expected = list(csv.reader(io.StringIO(data.decode(), newline="")))[1:]
    for block in range(8, len(data) + 2):
        monkeypatch.setattr(readers, "CSV_BLOCK_BYTES", block)
        raw = read_bytes(data, "staff.csv")
        got = [list(row.values()) for row in raw.table.to_pylist()]
        assert got == expected, f"block of {block} bytes"
