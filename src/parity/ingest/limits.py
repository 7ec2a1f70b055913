"""The limits on what Parity reads: one home for each, documented in docs/importing.md ("Limits").

A file past a limit is refused before it is parsed, with a message naming the file and the
limit, so a hostile or broken file costs bounded memory and time instead of taking the worker
down. The values are set for real councils: a national employer's 1,000,000-row staff CSV with
21 columns (the ingest benchmark) is well inside every command-line limit; the web form takes
less (``MAX_UPLOAD_BYTES``) because it validates in the web server's own process, next to the
pages everyone is using, while ``parity import`` runs on its own.
"""

from __future__ import annotations

MiB = 1 << 20
GiB = 1 << 30

# --- any data file (parity validate / import, and the uploads the web form accepted) ---------
MAX_FILE_BYTES = 1 * GiB
"""A data file's size on disk (a 1,000,000-row, 21-column staff CSV is about 190 MB)."""

MAX_ROWS = 5_000_000
"""Rows of one file: five annual snapshots of a 1,000,000-person workforce."""

MAX_COLUMNS = 1_000
"""Columns of one file: the schemas have at most about 25; HR extracts carry extras, ignored."""

MAX_CSV_CELLS = 120_000_000
"""Rows x header columns of a CSV, counted before it is parsed (5,000,000 rows of 24 columns)."""

MAX_SPREADSHEET_CELLS = 32 * MiB
"""Rows x columns of the area a sheet's cells span, from A1 (33,554,432: Excel's 1,048,576 rows
by 32 columns). The spreadsheet reader holds that whole area in memory (about 32 bytes a cell
before any text), so one cell at XFD1048576 alone would ask for 512 GiB: the area is measured
from the cells' own references, never from the sheet's declared dimension."""

# --- zip packages: .xlsx, .xlsm, .ods (data) and .docx (plans) ---------------------------------
MAX_PACKAGE_MEMBERS = 10_000
"""Files inside one package (a workbook has about ten; a Word plan with pictures, a few hundred)."""

MAX_UNCOMPRESSED_BYTES = 2 * GiB
"""All the package's files together, uncompressed (a 1,000,000-row sheet is about 700 MB of XML)."""

MAX_COMPRESSION_RATIO = 100
"""Uncompressed / compressed size of any file in a package bigger than ``RATIO_CHECKED_FROM``:
real sheets compress about 10 to 1; a zip bomb (1 GB of XML in 4 MB) 250 to 1 or more."""

RATIO_CHECKED_FROM = 1 * MiB
"""Small files (styles, settings) may compress far better; they cannot hold a bomb."""

# --- the web form, column maps and plans -------------------------------------------------------
MAX_UPLOAD_BYTES = 100 * MiB
"""One file on the Upload page (about 500,000 staff rows as CSV; larger files:
``parity import`` on the server, which validates outside the web server's process)."""

MAX_COLUMN_MAP_BYTES = 1 * MiB
"""A YAML column map (a real one is a few kilobytes)."""

MAX_PLAN_BYTES = 100 * MiB
"""An action plan read by ``parity plan import`` (Word, HTML or text)."""


def size_text(n: int) -> str:
    """A byte count as people read it: '100 MB', '1 GB', '2.5 KB' (binary units, as the limits)."""
    for unit, size in (("GB", GiB), ("MB", MiB), ("KB", 1 << 10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) or value >= 10 else f"{value:.1f} {unit}"
    return f"{n} bytes"
