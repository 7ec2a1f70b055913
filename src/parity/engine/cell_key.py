"""The cell key method: the same people always get the same published count (ADR 0009).

The method ONS used for Census 2021 custom tables and ABS uses for TableBuilder, with random
rounding to a base as its perturbation table:

* every record (a person at a snapshot, an application, a case, a survey respondent, a panel)
  has a **record key**, a number from 0 to 255: the first byte of its identifier's keyed hash
  (HMAC-SHA256 with the installation's secret, ``ingest.pseudonymise``), which is the
  identifier the app stores and ``parity measures`` computes with (``WorkforceData.hashed_ids``),
  so a record key cannot be worked out without the secret. Identifiers given to the engine
  unhashed (tests, benchmarks) take the first byte of their MD5 digest instead;
* a cell's **cell key** is the sum of its records' keys, modulo 256. The same set of records
  has the same cell key whatever table, grouping, breakdown, filter or run counts it;
* its **published count** is the true count ``c`` rounded to a multiple of the base ``b`` (the
  policy's ``min_count``, 5): down to ``b * floor(c / b)`` or up to the next multiple, up when
  ``cell key / 256 < (c mod b) / b``. Over cells, the chance of rounding up is ``(c mod b) / b``,
  so the rounding is unbiased; for one cell it is fixed by its records, so asking again, in
  another table or another year's publication of the same people, gives the same figure and
  averages nothing away. Multiples of the base are never changed.
* a **small count** (1 to ``b - 1``) becomes 0 or ``b``, never itself: ``b`` when the cell's
  lowest record key is below ``256 (1 - (1 - c / b) ^ (1 / c))`` (51.2, 57.7, 67.4 and 84.8 for 1 to 4
  with base 5). That is still a chance of ``c / b`` over cells, and it is *monotone*: a part of a
  small cell never shows more than the cell (its lowest key is no lower, its bar no higher), so
  small parts that each show 5 cannot add up past a whole that shows 0 (the attacker in
  tests/app found exactly that with the cell key alone).

Counts carry their key sums and lowest keys through every sum the engine makes (groupings,
roll-ups, rolling windows): key sums add up and lowest keys take the lower, exactly as for the
records themselves, so a combined group's keys are its records' keys.
"""

from __future__ import annotations

import hashlib

import duckdb
import numpy as np
import pyarrow as pa

KEYS = 256  # record keys run from 0 to KEYS - 1; cell keys are sums modulo KEYS


def record_key(identifier: object, hashed: bool) -> int:
    """The record key of one identifier: the first byte of its keyed hash (``hashed``: the
    identifier is that hash, in hex) or of its MD5 digest."""
    if hashed:
        return int(str(identifier)[:2], 16)
    return hashlib.md5(str(identifier).encode("utf-8")).digest()[0]


def record_keys(ids: pa.ChunkedArray, hashed: bool) -> pa.ChunkedArray:
    """The record key of every identifier of a column (``record_key``), null for a null one.

    Keyed hashes are read in bulk (the first two hex digits of each string, as numbers);
    unhashed ones by their MD5 digest, in DuckDB."""
    if not hashed:
        with duckdb.connect() as con:
            con.register("ids", pa.table({"id": ids}))
            keys = con.sql("SELECT ('0x' || left(md5(CAST(id AS VARCHAR)), 2))::SMALLINT AS k "
                           "FROM ids").to_arrow_table()
        return keys["k"]
    return pa.chunked_array([_hex_byte(chunk) for chunk in ids.chunks], pa.int16())


HEX_DIGITS = np.full(256, -1, np.int16)  # a character's byte -> its hex digit's value (-1: not one)
HEX_DIGITS[np.frombuffer(b"0123456789", np.uint8)] = np.arange(10)
HEX_DIGITS[np.frombuffer(b"abcdef", np.uint8)] = np.arange(10, 16)
HEX_DIGITS[np.frombuffer(b"ABCDEF", np.uint8)] = np.arange(10, 16)


def _hex_byte(chunk: pa.Array) -> pa.Array:
    """The number the first two hex digits of each string spell (the first byte of a keyed hash);
    for a dictionary-encoded column, worked out once per distinct string."""
    if pa.types.is_dictionary(chunk.type):
        return _hex_byte(chunk.dictionary.cast(pa.string())).take(chunk.indices)
    chunk = chunk.cast(pa.string())
    if len(chunk) == 0:
        return pa.array([], pa.int16())
    offsets = np.frombuffer(chunk.buffers()[1], np.int32, len(chunk) + 1, chunk.offset * 4)
    data = np.frombuffer(chunk.buffers()[2], np.uint8) if chunk.buffers()[2] is not None else np.zeros(0, np.uint8)
    valid = np.ones(len(chunk), bool) if chunk.null_count == 0 else chunk.is_valid().to_numpy(zero_copy_only=False)
    starts = offsets[:-1][valid]
    if np.any(offsets[1:][valid] - starts < 2):
        raise ValueError("an identifier is not a keyed hash (fewer than two hex digits)")
    high, low = HEX_DIGITS[data[starts]], HEX_DIGITS[data[starts + 1]]
    if len(starts) and min(high.min(), low.min()) < 0:
        raise ValueError("an identifier is not a keyed hash (not hex digits)")
    keys = np.zeros(len(chunk), np.int16)
    keys[valid] = high * 16 + low
    return pa.array(keys, pa.int16(), mask=~valid)


def small_count_bar(count: int, base: int) -> float:
    """The lowest record key below which a small count (1 to base - 1) is published as ``base``:
    with ``c`` keys drawn evenly, the chance that the lowest is below it is ``c / base``."""
    return KEYS * (1 - (1 - count / base) ** (1 / count))


def rounded(count: float, key_sum: float, base: int, lowest_key: float = KEYS) -> float:
    """``count`` rounded to a multiple of ``base``, as its cell key (or, for a small count, its
    lowest record key) says (see above)."""
    if base <= 1:
        return count
    c = int(round(count))
    low = c - c % base
    remainder = c - low
    if remainder == 0:
        return float(c)
    if c < base:
        return float(base if lowest_key < small_count_bar(c, base) else 0)
    cell_key = int(key_sum) % KEYS
    return float(low + base if cell_key * base < remainder * KEYS else low)
