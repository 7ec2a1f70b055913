"""A validated folder kept as a columnar dataset: validate once, compute many times.

``parity validate DIR --keep DATASET`` writes, when every file is valid, the engine's input
tables (``engine_input.workforce_data``: only the columns the engine reads, identifiers already
hashed with this installation's secret, text with repeated values dictionary-encoded) as one
Arrow IPC file (Feather version 2, LZ4-compressed: Arrow's own layout on disk, which pandas, R,
Polars and DuckDB read too) per table, and ``manifest.json`` beside them:

* ``sources``: each input file's name and SHA-256, which become the results' provenance, so
  ``parity measures DATASET`` gives byte for byte what ``parity measures DIR`` gives;
* ``tables``: each table's file, rows and the SHA-256 of its file;
* ``secret``: a fingerprint of the installation's secret (an HMAC of a fixed text, never the
  secret): a dataset hashed under another installation's secret would give record keys, and so
  protected counts, that differ from this installation's, so it is refused;
* ``format``: the dataset format's version; another is refused ("keep it again").

A dataset holds pseudonymised record-level data, as the app's database does: keep it where the
original files are kept. It is written to a temporary folder beside the target and renamed into
place, so a dataset is never half-written; on reading, every table's file is checked against
its SHA-256, so a damaged or edited dataset is refused rather than silently computed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.feather as feather

from ..engine.workforce import WorkforceData
from .pseudonymise import Pseudonymiser

MANIFEST = "manifest.json"
FORMAT_NAME = "parity-dataset"
FORMAT = f"{FORMAT_NAME}/1"  # Arrow IPC files; see docs/adr/0015 for why not Parquet
SUFFIX = ".arrow"
FINGERPRINT_TEXT = "parity dataset secret fingerprint"


class DatasetError(Exception):
    """The folder is not a dataset this version can read; the message says what to do."""


def is_dataset(folder: str | Path) -> bool:
    """Whether ``folder`` holds a dataset Parity kept (a manifest of Parity's, in any format
    version): another program's ``manifest.json`` does not make a folder of files a dataset."""
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and str(manifest.get("format", "")).startswith(FORMAT_NAME + "/")


def looks_kept(folder: str | Path) -> bool:
    """Whether ``folder`` has a kept dataset's table files, or a ``manifest.json``, and no data
    files: a dataset whose manifest is missing or damaged, not a folder of files to read."""
    from .folder import data_files

    folder = Path(folder)
    kept = (folder / MANIFEST).exists() or any(folder.glob(f"*{SUFFIX}"))
    return kept and not data_files(folder)


def _only_a_dataset(folder: Path) -> bool:
    """Whether ``folder`` holds nothing but a kept dataset's manifest and the table files it
    lists, so that replacing it loses nothing of the user's (an Arrow file of their own included)."""
    if not is_dataset(folder):
        return False
    tables = json.loads((folder / MANIFEST).read_text("utf-8")).get("tables")
    listed = {str(e.get("file")) for e in tables.values() if isinstance(e, dict)} if isinstance(tables, dict) else set()
    return all(p.name == MANIFEST or (p.name in listed and p.is_file() and not p.is_symlink())
               for p in folder.iterdir())


def check_target(folder: str | Path) -> None:
    """Refuse, before any work, a place ``save_dataset`` would not write: a link, a file, or a
    folder holding anything but a kept dataset."""
    folder = Path(folder)
    if not folder.name or folder.name in (".", ".."):
        raise DatasetError(f"{str(folder)!r} is not a folder's name: give the dataset's folder")
    if folder.is_symlink():
        raise DatasetError(f"{folder} is a link: give the folder's own path")
    if folder.exists() and not folder.is_dir():
        raise DatasetError(f"{folder} is a file: give a folder's name")
    if folder.is_dir() and any(folder.iterdir()) and not _only_a_dataset(folder):
        raise DatasetError(f"{folder} holds more than a kept dataset: give a new folder's name")


def secret_fingerprint(hasher: Pseudonymiser) -> str:
    """Sixteen hex digits telling installations' secrets apart, revealing nothing of them."""
    return hasher.hash(FINGERPRINT_TEXT)[:16]


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            digest.update(chunk)
    return digest.hexdigest()


def save_dataset(data: WorkforceData, folder: str | Path, hasher: Pseudonymiser) -> None:
    """Write ``data`` (hashed with ``hasher``) as a dataset at ``folder``, replacing a dataset
    there; a folder that exists and is not a dataset is left alone (``DatasetError``)."""
    folder = Path(folder)
    check_target(folder)
    if not data.hashed_ids:
        raise ValueError("a dataset keeps hashed identifiers only")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        tables = {}
        for kind, table in sorted(data.tables.items()):
            path = staging / f"{kind}{SUFFIX}"
            # one record batch: each chunk would carry its own copy of a column's dictionary
            feather.write_feather(table.combine_chunks(), path, compression="lz4", chunksize=max(1, table.num_rows))
            path.chmod(0o600)  # records about people, if pseudonymised: the owner's only, as the folder
            tables[kind] = {"file": path.name, "rows": table.num_rows, "sha256": _file_sha256(path)}
        manifest = {"format": FORMAT, "sources": dict(sorted((data.sources or {}).items())),
                    "secret": secret_fingerprint(hasher), "tables": tables}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        (staging / MANIFEST).chmod(0o600)
        if folder.exists():
            old = folder.with_name(f".{folder.name}-old-{os.getpid()}")
            folder.rename(old)
            try:
                staging.rename(folder)
            except BaseException:
                old.rename(folder)  # the dataset that was there stays
                raise
            shutil.rmtree(old)
        else:
            staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def load_dataset(folder: str | Path, hasher: Pseudonymiser) -> WorkforceData:
    """The engine's input tables from a dataset, checked against its manifest."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{folder / MANIFEST} cannot be read ({exc}): keep the dataset again") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DatasetError(f"{folder} was kept in another dataset format ({manifest.get('format')!r}, this "
                           f"version reads {FORMAT!r}): keep it again with parity validate DIR --keep")
    if manifest.get("secret") != secret_fingerprint(hasher):
        raise DatasetError(f"{folder} was kept by another installation (its identifiers were hashed with another "
                           "secret, so its protected figures would not match this installation's; this one's "
                           f"secret is {hasher.secret_path or 'not from a file'}: check PARITY_HOME): keep it "
                           "again here with parity validate DIR --keep")
    tables = {}
    entries = manifest.get("tables")
    if not isinstance(entries, dict) or not all(isinstance(e, dict) for e in entries.values()):
        raise DatasetError(f"{folder / MANIFEST} does not list the tables as a kept dataset does: keep it again")
    for kind, entry in entries.items():
        path = folder / str(entry.get("file", ""))
        if path.parent != folder or not path.is_file():
            raise DatasetError(f"{folder}: the table {kind!r} is missing ({path.name}): keep the dataset again")
        content = path.read_bytes()  # read once: hashed, then parsed from memory
        if hashlib.sha256(content).hexdigest() != entry.get("sha256"):
            raise DatasetError(f"{path} has changed since the dataset was kept (its SHA-256 differs): keep the "
                               "dataset again")
        table = feather.read_table(pa.BufferReader(content))
        if table.num_rows != entry.get("rows"):
            raise DatasetError(f"{path} has {table.num_rows:,} rows, not the {entry.get('rows')} kept: keep the "
                               "dataset again")
        tables[kind] = table
    return WorkforceData(tables, dict(manifest.get("sources", {})), hashed_ids=True)
