"""A council's own headers and values, mapped onto Parity's canonical names.

A column map is a small YAML file::

    files:                        # optional: which file type a file is, by file-name pattern
      "HR extract*.xlsx": staff
    columns:                      # per file type: the council's header -> Parity's column
      staff:
        Employee Number: staff_id
        Ethnic Origin: ethnicity
        Date of Birth: ""         # blank: not used, even if its name were Parity's
    values:                       # per file type and column: a council's value -> accepted value
      staff:
        sex:
          W: Female
    fixed:                        # per file type: a value for the whole file, for a column it lacks
      staff:
        snapshot_date: 2026-03-31
    questions:                    # survey responses: a question's column -> its id in the question list
      "Q3. I feel safe to speak up": q_safe

A map is read with PyYAML's safe loader, refusing aliases (``*name``): a few hundred bytes of
nested aliases expand to gigabytes ("billion laughs"), and a column map never needs them. Maps
larger than ``MAX_COLUMN_MAP_BYTES`` are refused before they are parsed.

A survey responses file's question columns are found by the question's id or its wording in the
question list without a map (a survey tool's export heads each column with the question); the
``questions`` section names the others. Answers are mapped like any value, under the question's
id in ``values``.

A fixed value is checked like a cell of that column (a fixed date must be a date); a file that
has the column as well as a fixed value for it is refused, since the two would disagree.

Without a map, headers still match when they differ from the canonical name only in case,
spaces or punctuation ("Staff ID" is ``staff_id``). A file's type comes from the map, else from
its name (``staff_2024.csv`` is a staff file), else from the headers it has.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .limits import MAX_COLUMN_MAP_BYTES, size_text
from .schemas import KINDS, load


SECTIONS = ("files", "columns", "values", "fixed", "questions")


def _text(value: object) -> str:
    """A fixed value as the text a cell would hold (YAML reads 2026-03-31 as a date)."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class ColumnMapError(Exception):
    """The map file itself is wrong; the message names the file and the problem."""


def header_key(header: str) -> str:
    """'Staff ID ' -> 'staff_id': lower case, runs of non-alphanumerics to one underscore."""
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases (the anchors they point at are then harmless)."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"aliases (*{event.anchor}, line {event.start_mark.line + 1}) are not allowed in a "
                "column map: write each value out in full")
        return super().compose_node(parent, index)


def read_yaml(path: Path) -> object:
    """A column map's YAML, refused before parsing when larger than ``MAX_COLUMN_MAP_BYTES``."""
    size = path.stat().st_size
    if size > MAX_COLUMN_MAP_BYTES:
        raise ColumnMapError(f"{path.name}: the column map is {size_text(size)}; Parity reads maps of at most "
                             f"{size_text(MAX_COLUMN_MAP_BYTES)}")
    with path.open("rb") as f:
        data = f.read(MAX_COLUMN_MAP_BYTES + 1)
    return yaml.load(data.decode("utf-8"), Loader=_NoAliasLoader)


@dataclass
class ColumnMap:
    files: dict[str, str] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    values: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    fixed: dict[str, dict[str, str]] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)  # survey responses: header -> question id

    @classmethod
    def load(cls, path: str | Path | None) -> "ColumnMap":
        if path is None:
            return cls()
        path = Path(path)
        try:
            data = read_yaml(path) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ColumnMapError(f"{path}: cannot read the column map ({exc})") from None
        return cls.from_dict(data, str(path))

    @classmethod
    def from_dict(cls, data: dict, source: str = "column map") -> "ColumnMap":
        if not isinstance(data, dict):
            raise ColumnMapError(f"{source}: expected sections 'files', 'columns', 'values'")
        unknown = set(data) - set(SECTIONS)
        if unknown:
            raise ColumnMapError(f"{source}: unknown section(s) {', '.join(sorted(unknown))}; "
                                 f"expected {', '.join(repr(s) for s in SECTIONS)}")
        for section in SECTIONS:
            if not isinstance(data.get(section) or {}, dict):
                raise ColumnMapError(f"{source}: the section {section!r} should be a list of 'name: value' lines")
        files = {str(k): str(v) for k, v in (data.get("files") or {}).items()}
        columns = {str(k): {str(a): str(b) for a, b in (v or {}).items()}
                   for k, v in (data.get("columns") or {}).items()}
        values = {str(k): {str(c): {str(a): str(b) for a, b in (m or {}).items()}
                           for c, m in (v or {}).items()}
                  for k, v in (data.get("values") or {}).items()}
        fixed = {str(k): {str(c): _text(v) for c, v in (m or {}).items()}
                 for k, m in (data.get("fixed") or {}).items()}
        questions = {str(k): str(v) for k, v in (data.get("questions") or {}).items()}
        for header, question in questions.items():
            if not question.strip():
                raise ColumnMapError(f"{source}: the question column {header!r} needs its question id")
        for kind in list(files.values()) + list(columns) + list(values) + list(fixed):
            if kind not in KINDS:
                raise ColumnMapError(f"{source}: unknown file type {kind!r}; known: {', '.join(KINDS)}")
        for kind, targets in list(columns.items()) + [(k, {c: c for c in m}) for k, m in fixed.items()]:
            known = load(kind).by_name
            for target in targets.values():
                if target and target not in known:  # blank: the column is not used
                    raise ColumnMapError(f"{source}: {kind} has no column {target!r}")
        return cls(files, columns, values, fixed, questions)

    def to_dict(self) -> dict:
        """The map as its YAML sections (empty ones left out): ``from_dict(m.to_dict()) == m``."""
        return {name: value for name, value in (("files", self.files), ("columns", self.columns),
                                                ("values", self.values), ("fixed", self.fixed),
                                                ("questions", self.questions)) if value}

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)

    def fixed_values(self, kind: str) -> dict[str, str]:
        """Columns given one value for the whole file: canonical column -> its text."""
        return self.fixed.get(kind, {})

    def canonical_name(self, kind: str, header: str) -> str | None:
        """The canonical column a header stands for in a file of this type, if any."""
        renames = self.columns.get(kind, {})
        if header in renames:
            return renames[header] or None
        by_key = {header_key(k): v for k, v in renames.items()}
        key = header_key(header)
        if key in by_key:
            return by_key[key] or None
        return key if key in load(kind).by_name else None

    def is_unused(self, kind: str, header: str) -> bool:
        """Whether the map says a header is not used (mapped to blank): it is left out silently."""
        renames = self.columns.get(kind, {})
        if header in renames:
            return renames[header] == ""
        return any(v == "" and header_key(k) == header_key(header) for k, v in renames.items())

    def question_for(self, header: str) -> str | None:
        """The question id the ``questions`` section gives a survey responses header, if any."""
        if header in self.questions:
            return self.questions[header]
        return next((q for h, q in self.questions.items() if header_key(h) == header_key(header)), None)

    def value_map(self, kind: str, column: str) -> dict[str, str]:
        return self.values.get(kind, {}).get(column, {})

    def kind_of(self, file_name: str, headers: list[str]) -> str | None:
        """The file type of a file: by the map's patterns, then its name, then its headers."""
        for pattern, kind in self.files.items():
            if fnmatch.fnmatch(file_name, pattern) or fnmatch.fnmatch(file_name.lower(), pattern.lower()):
                return kind
        stem = header_key(Path(file_name).stem)
        for kind in sorted(KINDS, key=len, reverse=True):
            if stem.startswith(kind) or stem.startswith(kind.rstrip("s")):
                return kind
        best, best_score = None, 0
        for kind in KINDS:
            schema = load(kind)
            present = ({self.canonical_name(kind, h) for h in headers} | set(self.fixed_values(kind))) - {None}
            if set(schema.required_columns) <= present:
                score = len(present)
                if score > best_score:
                    best, best_score = kind, score
        return best
