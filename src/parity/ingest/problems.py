"""Problems found in an input file, and the report that lists them all at once.

A ``Problem`` names the file, the row (as a spreadsheet shows it: the header is row 1, the
first record row 2; ``None`` for a problem with the whole file), the column, the value and a
plain-English reason. ``severity`` is ``error`` (the file cannot be imported as it is) or
``warning`` (imported, but worth knowing: an ignored column, a guessed encoding).

Identifier values (staff ids, application ids) never appear in a problem: the row number
locates them, and reports are stored.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: str
    severity: str = ERROR

    def describe(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        shown = f" value {self.value!r}:" if self.value is not None else ""
        return f"{', '.join(where)}:{shown} {self.reason}"


@dataclass
class FileReport:
    """What validation found in one file: its kind, rows, problems and any notices."""

    file: str
    kind: str | None
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    sha256: str | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> set[int]:
        return {p.row for p in self.errors if p.row is not None}

    @property
    def has_file_errors(self) -> bool:
        """True when a problem concerns the whole file (no row), so no row can be kept."""
        return any(p.row is None for p in self.errors)

    def summary(self) -> list[dict]:
        """Errors counted by column and reason, most frequent first."""
        counts = Counter((p.column, p.reason) for p in self.errors)
        return [{"column": c, "reason": r, "count": n} for (c, r), n in counts.most_common()]

    def to_dict(self) -> dict:
        return {
            "file": self.file, "kind": self.kind, "rows": self.rows, "sha256": self.sha256,
            "ok": self.ok, "error_count": len(self.errors), "warning_count": len(self.warnings),
            "bad_row_count": len(self.bad_rows), "summary": self.summary(),
            "problems": [asdict(p) for p in self.problems],
        }


@dataclass
class ValidationReport:
    """The reports of every file in a folder or upload."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files)

    def to_dict(self) -> dict:
        return {"ok": self.ok, "files": [f.to_dict() for f in self.files]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True, default=str)

    def lines(self, limit_per_file: int | None = 50) -> list[str]:
        """Human-readable lines: a heading per file, then each problem (up to a limit)."""
        out = []
        for f in self.files:
            status = "OK" if f.ok else f"{len(f.errors)} error(s) in {len(f.bad_rows)} row(s)"
            out.append(f"{f.file} ({f.kind or 'unknown type'}, {f.rows} rows): {status}")
            shown = f.problems if limit_per_file is None else f.problems[:limit_per_file]
            out.extend(f"  {p.severity.upper()}: {p.describe()}" for p in shown)
            if len(shown) < len(f.problems):
                out.append(f"  ... and {len(f.problems) - len(shown)} more (see the JSON report)")
                out.extend(f"  {s['count']} x {s['column']}: {s['reason']}" for s in f.summary())
        return out
