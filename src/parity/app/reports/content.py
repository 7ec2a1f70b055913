"""What a report says, before it is a file: headings, paragraphs, bullets, tables and figures.

A report is built once, from one computed set and the plan as they stand, into this plain
structure; every format (HTML, PDF, DOCX) is rendered from it, and it is stored with the
generation (``models.GeneratedReport``) so the same file can be made again byte for byte,
whatever has changed since. No Django here: a report's content is data.

Blocks:
- ``Heading(text, level)``: level 1 is a chapter, 2 a section, 3 a subsection;
- ``Paragraph(text, style)``: ``style`` "" for body text, "lead" for an opening summary,
  "note" for small print;
- ``Bullets(items)``;
- ``Table(caption, header, rows, numeric, rag_column)``: the first row of ``rows`` is not a
  header (``header`` is); ``numeric`` marks the columns aligned right; ``rag_column`` is the
  index of a column holding "Red", "Amber" or "Green", coloured in every format;
- ``Figure(caption, alt, spec)``: a Vega-Lite chart (``spec``) with its text alternative.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    rag_column: int | None = None

    def is_numeric(self, column: int) -> bool:
        return column < len(self.numeric) and self.numeric[column]


@dataclass(frozen=True)
class Figure:
    caption: str
    alt: str
    spec: dict


BLOCKS = {cls.__name__: cls for cls in (Heading, Paragraph, Bullets, Table, Figure)}


@dataclass(frozen=True)
class Report:
    """A whole report: what it is (``kind``), its title page and its blocks in order."""
    kind: str
    title: str
    council: str
    period: str  # as the reader sees it: "1 April 2025 to 30 September 2025"
    generated_at: str  # ISO date and time, UTC
    blocks: tuple = ()
    source: dict = field(default_factory=dict)  # what it was built from: computed set, plan, period

    def to_dict(self) -> dict:
        return {"kind": self.kind, "title": self.title, "council": self.council, "period": self.period,
                "generated_at": self.generated_at, "source": self.source,
                "blocks": [{"type": type(b).__name__, **asdict(b)} for b in self.blocks]}

    @classmethod
    def from_dict(cls, data: dict) -> "Report":
        blocks = []
        for raw in data["blocks"]:
            raw = dict(raw)
            kind = BLOCKS[raw.pop("type")]
            if kind is Table:
                raw.update(header=tuple(raw["header"]), rows=tuple(tuple(r) for r in raw["rows"]),
                           numeric=tuple(raw["numeric"]))
            if kind is Bullets:
                raw["items"] = tuple(raw["items"])
            blocks.append(kind(**raw))
        return cls(kind=data["kind"], title=data["title"], council=data["council"], period=data["period"],
                   generated_at=data["generated_at"], blocks=tuple(blocks), source=data.get("source", {}))

    def headings(self) -> list[tuple[int, str]]:
        return [(b.level, b.text) for b in self.blocks if isinstance(b, Heading)]
