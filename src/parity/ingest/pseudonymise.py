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

import numpy as np
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
    def __init__(self, secret: bytes, secret_path: Path | None = None):
        self._secret = secret
        self.secret_path = secret_path  # where the secret came from, for messages (never the secret)
        # HMAC (RFC 2104) is SHA256((K xor opad) || SHA256((K xor ipad) || message)), K the secret
        # padded with zeros to SHA-256's 64-byte block (hashed first if longer). The two padded
        # keys fill exactly one block each, so each hash's state after it is kept and copied.
        key = (hashlib.sha256(secret).digest() if len(secret) > BLOCK else secret).ljust(BLOCK, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def hash(self, identifier: str) -> str:
        """``HMAC-SHA256(secret, identifier.strip())`` in hex (``hmac.new``'s result, three times
        quicker: a bulk import hashes millions)."""
        return self._digest(identifier).hex()

    def hash_column(self, column: pa.Array | pa.ChunkedArray) -> pa.Array:
        """Hash every value of a column (once per distinct value); nulls stay null."""
        return self.hash_columns([column])[0]

    def hash_columns(self, columns: list[pa.Array | pa.ChunkedArray], as_dictionary: bool = False) -> list[pa.Array]:
        """Hash every value of several columns, each distinct value once across them all (a staff
        number in the staff, training and casework files is hashed once); nulls stay null.

        ``as_dictionary``: each column dictionary-encoded over the one array of distinct hashes
        (a staff number in five snapshots is held once, not five times: 64 bytes a row become 4)."""
        if not columns:
            return []
        arrays = [c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in columns]
        arrays = [a.dictionary_decode() if pa.types.is_dictionary(a.type) else a for a in arrays]
        encoded = pc.dictionary_encode(pa.concat_arrays([a.cast(pa.string()) for a in arrays]))
        # the dictionary holds each distinct value once and never a null (nulls stay in the indices)
        distinct = hex_strings(b"".join(map(self._digest, encoded.dictionary.to_pylist())))
        out, start = [], 0
        for a in arrays:
            indices = encoded.indices.slice(start, len(a))
            out.append(_own_dictionary(indices, distinct) if as_dictionary else distinct.take(indices))
            start += len(a)
        return out

    def _digest(self, identifier: str) -> bytes:
        inner = self._inner.copy()
        inner.update(identifier.strip().encode("utf-8"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()

    def hash_table(self, table: pa.Table, columns: list[str]) -> pa.Table:
        for name, hashed in zip(columns, self.hash_columns([table[name] for name in columns])):
            table = table.set_column(table.column_names.index(name), name, hashed)
        return table


BLOCK = 64  # SHA-256's block size in bytes, HMAC's padded key length


def _own_dictionary(indices: pa.Array, distinct: pa.Array) -> pa.DictionaryArray:
    """A column as indices into ``distinct``, with the dictionary cut to the values it uses (the
    shared one holds every file's identifiers: a table would otherwise carry them all)."""
    present = np.asarray(indices.is_valid())
    if not present.any():
        return pa.DictionaryArray.from_arrays(indices.cast(pa.int32()), distinct.slice(0, 0))
    codes = indices.to_numpy(zero_copy_only=False)
    used = np.zeros(len(distinct), bool)
    used[codes[present].astype(np.int64)] = True
    renumbered = (np.cumsum(used) - 1).astype(np.int32)
    new_codes = np.where(present, renumbered[np.where(present, codes, 0).astype(np.int64)], 0)
    return pa.DictionaryArray.from_arrays(pa.array(new_codes, pa.int32(), mask=~present),
                                          distinct.filter(pa.array(used)))


def hex_strings(digests: bytes) -> pa.Array:
    """Concatenated SHA-256 digests (32 bytes each) as 64-digit lower-case hex strings."""
    count = len(digests) // 32
    if 64 * count >= 2 ** 31:  # a string array's 32-bit offsets would wrap
        raise ValueError(f"{count:,} distinct identifiers are more than Parity hashes at once "
                         f"({(2 ** 31 - 1) // 64:,}); split the files into folders")
    offsets = pa.py_buffer(np.arange(0, 64 * count + 1, 64, dtype=np.int32))
    return pa.StringArray.from_buffers(count, offsets, pa.py_buffer(digests.hex().encode("ascii")))
