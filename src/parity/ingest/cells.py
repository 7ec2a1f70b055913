"""Vectorised cell parsing: a column of text in, typed values and a mask of bad cells out.

Each function takes a trimmed Arrow string array in which blank cells are null, and returns a
``Parsed``: the typed array (null where blank or bad), a boolean ``bad`` mask and, per bad
cell, the reason. Columns with few distinct values (booleans, categories, ethnicity) are
parsed once per distinct value (``by_distinct_value``), so a million rows cost what their
handful of spellings cost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

EXCEL_EPOCH = dt.date(1899, 12, 30)
LATEST_EXCEL_SERIAL = (dt.date(2100, 12, 31) - EXCEL_EPOCH).days
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


@dataclass
class Parsed:
    values: pa.Array
    bad: pa.Array  # boolean, true where the cell could not be parsed
    reason: str | pa.Array  # one reason for every bad cell, or a reason per row

    def reason_at(self, index: int) -> str:
        if isinstance(self.reason, str):
            return self.reason
        return self.reason[index].as_py()


def trimmed(column: pa.ChunkedArray | pa.Array, plain_ascii: bool = False) -> pa.Array:
    """Cells with surrounding whitespace removed (whitespace as Python's ``str.strip`` has it);
    blank cells as null.

    ``plain_ascii`` says every cell is ASCII with none of the four separator characters
    (0x1C to 0x1F) that Unicode, unlike ASCII, counts as space: the ASCII rule then removes
    exactly what the Unicode rule would, in about half the time.
    """
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    text = (pc.ascii_trim_whitespace if plain_ascii else pc.utf8_trim_whitespace)(column)
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)


def _as_bad(mask: pa.Array) -> pa.Array:
    return pc.fill_null(mask, False)


def by_distinct_value(text: pa.Array, parse: Callable[[str], object], type_: pa.DataType) -> Parsed:
    """Parse each distinct non-blank value once; ``parse`` raises ``ValueError(reason)``."""
    encoded = pc.dictionary_encode(text)
    distinct = encoded.dictionary.to_pylist()
    results, reasons, bad_codes = [], [], []
    for code, raw in enumerate(distinct):
        try:
            results.append(parse(raw))
            reasons.append(None)
        except ValueError as exc:
            results.append(None)
            reasons.append(str(exc))
            bad_codes.append(code)
    indices = encoded.indices
    values = pa.array(results, type=type_).take(indices)
    bad = _as_bad(pc.is_in(indices, value_set=pa.array(bad_codes, type=indices.type)))
    reason = pa.array(reasons, type=pa.string()).take(indices)
    return Parsed(values, bad, reason)


_ISO = r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_UK = r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_SERIAL = r"^\d{1,5}(\.\d+)?$"  # a fraction is the time of day (survey tools' date-times)


def _calendar_date(text: pa.Array, pattern: str) -> pa.Array:
    """Dates whose year, month and day (named groups in ``pattern``) form a real date.

    Built from the parts and checked back against them, so 30 February is refused rather
    than rolled over into March.
    """
    parts = pc.extract_regex(text, pattern)
    y, m, d = (pc.cast(pc.struct_field(parts, k), pa.int64()) for k in ("y", "m", "d"))
    iso = pc.binary_join_element_wise(
        pc.cast(y, pa.string()), pc.utf8_lpad(pc.cast(m, pa.string()), 2, "0"),
        pc.utf8_lpad(pc.cast(d, pa.string()), 2, "0"), "-")
    stamp = pc.strptime(iso, format="%Y-%m-%d", unit="s", error_is_null=True)
    same = pc.and_(pc.and_(pc.equal(pc.year(stamp), y), pc.equal(pc.month(stamp), m)),
                   pc.equal(pc.day(stamp), d))
    return pc.if_else(pc.fill_null(same, False), stamp, pa.scalar(None, pa.timestamp("s")))


def _uk_form(text: pa.Array) -> pa.Array:
    """UK dates written otherwise, as DD/MM/YYYY: '31.03.2024', '31-03-2024', '31 March 2024',
    '31-Mar-2024', '31 Sept 2024' (a month's full name or first three letters, any case); other
    text unchanged."""
    out = pc.utf8_lower(text)
    for separator in (r"\.", "-"):
        out = pc.replace_substring_regex(out, rf"^(\d{{1,2}}){separator}(\d{{1,2}}){separator}(\d{{4}})$",
                                         r"\1/\2/\3")
    for number, name in enumerate(MONTHS, start=1):
        names = "|".join(dict.fromkeys((name, name[:3], "sept" if number == 9 else name[:3])))
        out = pc.replace_substring_regex(out, rf"^(\d{{1,2}})([ -])(?:{names})\.?([ -])(\d{{4}})$",
                                         rf"\1/{number:02d}/\4")
    return pc.if_else(pc.equal(out, pc.utf8_lower(text)), text, out)


def dates(text: pa.Array) -> Parsed:
    """ISO dates (``2024-03-31``), UK dates (``31/03/2024``, ``31.03.2024``, ``31-03-2024``,
    ``31 March 2024``, ``31-Mar-2024``) or Excel serials; a time part (``2024-03-31 10:32:11``,
    ``31/03/2024 10:32``, serial ``45382.43``: survey tools' completion times) is ignored. Two-digit years are
    refused: the century would be a guess.

    An Excel serial is a whole number of days since 1899-12-30 (Excel's epoch, which absorbs
    its 1900 leap-year bug for every date after February 1900). Dates outside 1900-2100 are
    refused as mistyped.
    """
    try:  # fast path: a whole column of strict ISO dates (Arrow refuses 30 February too)
        return _in_date_range(text, pc.cast(text, pa.date32()))
    except pa.ArrowInvalid:
        pass
    iso = _calendar_date(text, _ISO)
    rest = pc.if_else(pc.is_null(iso), text, pa.scalar(None, pa.string()))
    uk = _calendar_date(rest, _UK)
    rest = pc.if_else(pc.is_null(uk), rest, pa.scalar(None, pa.string()))
    if pc.any(pc.is_valid(rest)).as_py():  # the other UK forms, only for what is left
        uk = pc.coalesce(uk, _calendar_date(_uk_form(rest), _UK))
        rest = pc.if_else(pc.is_null(uk), rest, pa.scalar(None, pa.string()))
    serial_text = pc.if_else(pc.match_substring_regex(rest, _SERIAL), rest, pa.scalar(None, pa.string()))
    serial_days = pc.cast(pc.floor(pc.cast(serial_text, pa.float64())), pa.int64())
    serial_ok = pc.and_(pc.greater_equal(serial_days, 1), pc.less_equal(serial_days, LATEST_EXCEL_SERIAL))
    epoch = pa.scalar(dt.datetime(1899, 12, 30), pa.timestamp("s"))
    serial = pc.if_else(serial_ok, pc.add(epoch, pc.multiply(pc.cast(serial_days, pa.duration("s")), 86400)),
                        pa.scalar(None, pa.timestamp("s")))
    stamp = pc.coalesce(iso, uk, serial)
    return _in_date_range(text, pc.cast(stamp, pa.date32()))


def _in_date_range(text: pa.Array, values: pa.Array) -> Parsed:
    in_range = pc.and_(pc.greater_equal(values, pa.scalar(EARLIEST_DATE)),
                       pc.less_equal(values, pa.scalar(LATEST_DATE)))
    values = pc.if_else(in_range, values, pa.scalar(None, pa.date32()))
    bad = _as_bad(pc.and_(pc.is_valid(text), pc.is_null(values)))
    return Parsed(values, bad, "is not a valid date between 1900 and 2100 (write YYYY-MM-DD, "
                               "DD/MM/YYYY or 31 March 2024, or use an Excel date cell)")


_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
_INTEGER = r"^[+-]?\d+(\.0*)?$"


def numbers(text: pa.Array, integer: bool = False) -> Parsed:
    """Decimal numbers; a leading '£' and thousands commas are allowed ('£1,234.50').

    Not-a-number and infinity are refused. Integers accept a zero fraction ('12.0').
    """
    what = "a whole number" if integer else "a number"
    try:  # fast path: a column Arrow converts in one go
        values = pc.cast(text, pa.int64() if integer else pa.float64())
        if integer or pc.all(pc.fill_null(pc.is_finite(values), True)).as_py():
            return Parsed(values, _as_bad(pc.and_(pc.is_valid(text), pc.is_null(values))), f"is not {what}")
    except pa.ArrowException:  # a value Arrow cannot cast: take the careful path
        pass
    cleaned = pc.replace_substring_regex(text, r"^£|,|\s", "")
    ok = pc.match_substring_regex(cleaned, _INTEGER if integer else _NUMBER)
    values = pc.cast(pc.if_else(ok, cleaned, pa.scalar(None, pa.string())), pa.float64())
    if integer:
        values = pc.cast(values, pa.int64())
    bad = _as_bad(pc.and_(pc.is_valid(text), pc.invert(pc.fill_null(ok, False))))
    return Parsed(values, bad, f"is not {what}")


def out_of_range(values: pa.Array, minimum: float | None, maximum: float | None) -> tuple[pa.Array, str] | None:
    """Mask of values outside [minimum, maximum] and the reason, or None without limits."""
    if minimum is None and maximum is None:
        return None
    masks = []
    if minimum is not None:
        masks.append(pc.less(values, minimum))
    if maximum is not None:
        masks.append(pc.greater(values, maximum))
    mask = masks[0] if len(masks) == 1 else pc.or_(*masks)
    if minimum is not None and maximum is not None:
        reason = f"must be between {minimum:g} and {maximum:g}"
    elif minimum is not None:
        reason = f"must be at least {minimum:g}"
    else:
        reason = f"must be at most {maximum:g}"
    return _as_bad(mask), reason


def pattern_mismatch(text: pa.Array, pattern: str) -> pa.Array:
    return _as_bad(pc.and_(pc.is_valid(text), pc.invert(pc.match_substring_regex(text, pattern))))


def blank_mask(text: pa.Array) -> pa.Array:
    return pc.is_null(text)
