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
import hmac
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

    def hash(self, identifier: str) -> str:
        return hmac.new(self._secret, identifier.strip().encode("utf-8"), hashlib.sha256).hexdigest()

    def hash_column(self, column: pa.Array | pa.ChunkedArray) -> pa.Array:
        """Hash every value of a column (once per distinct value); nulls stay null."""
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        encoded = pc.dictionary_encode(column)
        hashed = pa.array([None if v is None else self.hash(v)
                           for v in encoded.dictionary.to_pylist()], pa.string())
        return hashed.take(encoded.indices)

    def hash_table(self, table: pa.Table, columns: list[str]) -> pa.Table:
        for name in columns:
            index = table.column_names.index(name)
            table = table.set_column(index, name, self.hash_column(table[name]))
        return table
