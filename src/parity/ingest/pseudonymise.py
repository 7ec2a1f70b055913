"""Pseudonymisation: identifiers are stored only as keyed hashes.

``HMAC-SHA256(secret, identifier)`` in hex. The secret is 32 random bytes generated on first
use for each installation and kept outside the repository (``var/secret.key`` by default,
mode 0600). Without the secret a hash cannot be reversed by trying every likely staff number,
which a plain SHA-256 of a six-digit id would allow in seconds. The same id always gives the
same hash within one installation, so a person can be followed across snapshots and files.
Surrounding whitespace is removed before hashing; nothing else is changed.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc


def load_or_create_secret(path: str | Path) -> bytes:
    """The installation's secret, created (32 random bytes, hex, mode 0600) if absent."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    key = bytes.fromhex(path.read_text().strip())
    if len(key) < 32:
        raise ValueError(f"{path}: the secret is too short; delete it to make a new one "
                         "(existing hashes will no longer match)")
    return key


class Pseudonymiser:
    def __init__(self, secret: bytes):
        self._secret = secret
        # HMAC (RFC 2104) is SHA256((K xor opad) || SHA256((K xor ipad) || message)), K the secret
        # padded with zeros to SHA-256's 64-byte block (hashed first if longer). The two padded
        # keys fill exactly one block each, so each hash's state after it is kept and copied.
        key = (hashlib.sha256(secret).digest() if len(secret) > BLOCK else secret).ljust(BLOCK, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def hash(self, identifier: str) -> str:
        """``HMAC-SHA256(secret, identifier.strip())`` in hex (``hmac.new``'s result, three times
        quicker: a bulk import hashes millions)."""
        inner = self._inner.copy()
        inner.update(identifier.strip().encode("utf-8"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()

    def hash_column(self, column: pa.Array | pa.ChunkedArray) -> pa.Array:
        """Hash every value of a column (once per distinct value); nulls stay null."""
        return self.hash_columns([column])[0]

    def hash_columns(self, columns: list[pa.Array | pa.ChunkedArray]) -> list[pa.Array]:
        """Hash every value of several columns, each distinct value once across them all (a staff
        number in the staff, training and casework files is hashed once); nulls stay null."""
        if not columns:
            return []
        encoded = [pc.dictionary_encode(c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c)
                   for c in columns]
        dictionaries = [e.dictionary.cast(pa.string()) for e in encoded]
        distinct = dictionaries[0] if len(encoded) == 1 else pc.unique(pa.concat_arrays(dictionaries))
        hash_ = self.hash
        hashed = pa.array([None if v is None else hash_(v) for v in distinct.to_pylist()], pa.string())
        if len(encoded) == 1:
            return [hashed.take(encoded[0].indices)]
        return [hashed.take(pc.index_in(d, value_set=distinct)).take(e.indices)
                for d, e in zip(dictionaries, encoded)]

    def hash_table(self, table: pa.Table, columns: list[str]) -> pa.Table:
        for name, hashed in zip(columns, self.hash_columns([table[name] for name in columns])):
            table = table.set_column(table.column_names.index(name), name, hashed)
        return table


BLOCK = 64  # SHA-256's block size in bytes, HMAC's padded key length
