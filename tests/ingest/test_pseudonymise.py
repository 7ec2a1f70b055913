"""Identifiers hashed in bulk give exactly the keyed hashes the standard library's HMAC gives."""

from __future__ import annotations

import hashlib
import hmac

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity.ingest.pseudonymise import Pseudonymiser

IDENTIFIERS = st.lists(st.one_of(st.none(), st.text(max_size=40),
                                 st.from_regex(r"\s*[A-Z]{0,2}\d{1,8}\s*", fullmatch=True)), max_size=60)


def oracle(secret: bytes, value: str | None) -> str | None:
    return None if value is None else hmac.new(secret, value.strip().encode("utf-8"), hashlib.sha256).hexdigest()


@pytest.mark.parametrize("secret", [b"", b"s" * 32, b"k" * 64, bytes(range(100))])
@settings(max_examples=60, deadline=None)
@given(first=IDENTIFIERS, second=IDENTIFIERS)
def test_bulk_hashes_are_hmac_sha256_of_the_stripped_identifier(secret, first, second):
    hasher = Pseudonymiser(secret)
    halves = pa.chunked_array([pa.array(first[: len(first) // 2], pa.string()),
                               pa.array(first[len(first) // 2:], pa.string())], pa.string())
    a, b = hasher.hash_columns([halves, pa.array(second, pa.string()).dictionary_encode()])
    assert a.to_pylist() == [oracle(secret, v) for v in first]
    assert b.to_pylist() == [oracle(secret, v) for v in second]
    assert hasher.hash_column(pa.array(second, pa.string())).to_pylist() == b.to_pylist()
    c, d = hasher.hash_columns([halves, pa.array(second, pa.string())], as_dictionary=True)
    assert c.to_pylist() == a.to_pylist() and d.to_pylist() == b.to_pylist()
    for encoded, values in ((c, first), (d, second)):  # each column's dictionary: its own values only
        assert set(encoded.dictionary.to_pylist()) == {oracle(secret, v) for v in values if v is not None}
    for value in first:
        if value is not None:
            assert hasher.hash(value) == oracle(secret, value)


def test_a_table_keeps_its_other_columns_and_nulls():
    hasher = Pseudonymiser(b"a test secret of thirty-two bytes!")
    table = pa.table({"staff_id": [" E1", "E1 ", None], "grade": ["G1", "G2", "G3"], "case_id": ["C1", None, "E1"]})
    out = hasher.hash_table(table, ["staff_id", "case_id"])
    e1 = oracle(b"a test secret of thirty-two bytes!", "E1")
    assert out["staff_id"].to_pylist() == [e1, e1, None]
    assert out["case_id"].to_pylist() == [oracle(b"a test secret of thirty-two bytes!", "C1"), None, e1]
    assert out["grade"].to_pylist() == ["G1", "G2", "G3"] and out.column_names == table.column_names
