"""Reading an action plan from the documents councils write: HTML, text with HTML cells, Word.

Plans share a common layout (seed 001, and most council race equality plans): a table of
*priorities* with their outcomes and measures, and a table of *objectives* with their leads,
actions and timescales, where a row may hold a block of numbered objectives (``1.1 ... 1.6``)
and the actions that serve them, and rows of one cell introduce each priority. The reader
finds those tables by their header words, not by position, so it reads any plan in this layout:

* ``.html`` / ``.htm``: ``<table>`` rows, headings and paragraphs;
* ``.docx``: Word tables, headings and paragraphs (python-docx);
* anything else as text: ``#`` headings, paragraphs, and table rows as tab-separated cells
  whose contents may be HTML fragments (``<p>``, ``<ul><li>``), as in the seed.

Hostile files: a plan larger than ``ingest.limits.MAX_PLAN_BYTES`` is refused before it is read,
and a ``.docx`` is checked as a zip package first (``ingest.office_package``: zip bombs, DTDs and
entity declarations refused) before python-docx parses it.

Everything the reader cannot place (an unrecognised table, a lead label it does not know, more
timescales than actions) is listed in ``PlanDocument.unplaced`` with where it was found.

Headers it recognises (case-insensitive, any order, extra columns ignored):
priorities table: *priorit...* and *outcome...* or *measure...*; objectives table:
*objective...* and *action...* or *lead...*; columns *lead / owner / responsible*,
*action*, *timescale / date / due / deadline / when*.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..ingest.limits import MAX_PLAN_BYTES, size_text
from ..ingest.office_package import UnsafePackage, inspect_package
from . import references
from .document import ROLES, Action, Lead, Objective, PlanDocument, Priority, period_in, role_of

BULLETS = "•○◦▪▫‣·–-*●"


class UnreadablePlan(Exception):
    """The file cannot be opened as the type its name says (a damaged or mislabelled file)."""


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    text: str


@dataclass
class Row:
    cells: list[list[str]]  # each cell: its items (paragraphs and list items), in order
    where: str = ""


@dataclass
class TableStart:
    """A new table begins (HTML and Word; text rows continue the table before them)."""


def clean(text: str) -> str:
    """Whitespace collapsed, list bullets and markdown emphasis removed."""
    text = html.unescape(text).replace("\xa0", " ")
    text = re.sub(r"\s+", " ", text).strip()
    text = text.replace("**", "").strip()
    while text and text[0] in BULLETS and (len(text) == 1 or text[1] == " "):
        text = text[1:].strip()
    return text


class _HTML(HTMLParser):
    """Headings, paragraphs and table rows from HTML; inside a cell, its items.

    An item ends at every block element (p, li, div, br, headings, cells). A bold run that
    opens an item and is followed by more text is an item of its own ("<b>1. Staff support</b>
    <i>Adopt ...</i>" gives a title and a summary).
    """

    BLOCK = {"p", "li", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "tr", "td", "th", "table"}
    BOLD = {"b", "strong"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list = []
        self.row: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.text: list[str] = []
        self.heading: int | None = None
        self.bold_depth = 0
        self.bold_opened_item = False
        self.tables = 0
        self.rows = 0
        self.hidden = 0  # inside <script>, <style> or <template>: never text of the plan

    def _flush(self):
        text = clean("".join(self.text))
        self.text = []
        self.bold_opened_item = False
        if not text:
            return
        if self.cell is not None:
            self.cell.append(text)
        elif self.heading is not None:
            self.out.append(Heading(self.heading, text))
        else:
            self.out.append(Paragraph(text))

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
            return
        if tag in self.BLOCK:
            self._flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self.cell is None:
            self.heading = int(tag[1])
        elif tag == "table" and self.cell is None:
            self.tables += 1
            self.rows = 0
            self.out.append(TableStart())
        elif tag == "tr":
            self.row = []
            self.rows += 1
        elif tag in ("td", "th"):
            self.cell = []
        elif tag in self.BOLD:
            if not clean("".join(self.text)):
                self.bold_opened_item = True
            self.bold_depth += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden = max(0, self.hidden - 1)
            return
        if tag in self.BOLD:
            self.bold_depth = max(0, self.bold_depth - 1)
            if self.bold_depth == 0 and self.bold_opened_item:
                self._flush()
            return
        if tag in self.BLOCK:
            self._flush()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = None
        elif tag in ("td", "th") and self.cell is not None:
            if self.row is not None:
                self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.out.append(Row(self.row, where=f"table {self.tables}, row {self.rows}"))
            self.row = None

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)

    def close(self):
        super().close()
        self._flush()


def cell_items(fragment: str) -> list[str]:
    """The items of one cell written as an HTML fragment or plain text."""
    parser = _HTML()
    parser.cell = []
    parser.feed(fragment)
    parser.close()
    return parser.cell


def blocks_from_html(text: str) -> list:
    parser = _HTML()
    parser.feed(text)
    parser.close()
    return parser.out


def blocks_from_text(text: str) -> list:
    """Markdown-style text whose table rows are tab-separated cells (as in the seed)."""
    out: list = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if "\t" in line:
            cells = line.split("\t")
            if all(re.fullmatch(r"\s*-*\s*", c) for c in cells):
                continue  # a markdown table rule
            out.append(Row([cell_items(c) for c in cells], where=f"line {number}"))
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            out.append(Heading(len(heading.group(1)), clean(heading.group(2))))
            continue
        out.extend(Paragraph(item) for item in cell_items(line))
    return out


def blocks_from_docx(path: Path) -> list:
    """Word: body paragraphs (headings by style) and tables, in document order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    data = _read_limited(path)
    try:
        inspect_package(data, path.name, spreadsheet=False)
    except UnsafePackage as exc:
        raise UnreadablePlan(str(exc)) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a damaged or mislabelled file
        raise UnreadablePlan(f"{path.name}: the file cannot be opened as a Word document ({exc})") from None

    def items(paragraphs) -> list[str]:
        out = []
        for p in paragraphs:
            runs = [r for r in p.runs if r.text]
            lead = ""
            for r in runs:  # a bold lead-in followed by more text is an item of its own
                if r.bold:
                    lead += r.text
                else:
                    break
            rest = "".join(r.text for r in runs)[len(lead):]
            for text in ((lead, rest) if lead.strip() and rest.strip() else (p.text,)):
                for line in text.split("\n"):
                    if clean(line):
                        out.append(clean(line))
        return out

    out: list = []
    table_number = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = DocxParagraph(child, document)
            text = clean(p.text)
            if not text:
                continue
            style = (p.style.name or "").lower() if p.style is not None else ""
            level = re.match(r"(?:heading|title)\s*(\d?)", style)
            if level:
                out.append(Heading(int(level.group(1) or 1), text))
            else:
                out.extend(Paragraph(t) for t in items([p]))
        elif tag == "tbl":
            table_number += 1
            out.append(TableStart())
            table = Table(child, document)
            for r, row in enumerate(table.rows, start=1):
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats; keep it once, blank after
                        cells.append([])
                        continue
                    seen.add(id(cell._tc))
                    cells.append(items(cell.paragraphs))
                out.append(Row(cells, where=f"table {table_number}, row {r}"))
    return out


def _read_limited(path: Path) -> bytes:
    """The file's bytes, refused before reading when larger than ``MAX_PLAN_BYTES``."""
    size = path.stat().st_size
    if size > MAX_PLAN_BYTES:
        raise UnreadablePlan(f"{path.name}: the file is {size_text(size)}; Parity reads plans of at most "
                             f"{size_text(MAX_PLAN_BYTES)}")
    return path.read_bytes()


def read_plan(path: str | Path) -> PlanDocument:
    """A plan from a file: ``.docx``, ``.html``/``.htm``, else text (see module docstring)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        blocks = blocks_from_docx(path)
    else:
        text = _read_limited(path).decode("utf-8-sig", errors="replace")
        blocks = blocks_from_html(text) if suffix in (".html", ".htm") else blocks_from_text(text)
    return plan_from_blocks(blocks, path.name)


# --- from blocks to a plan ---------------------------------------------------------------

def _columns(header: list[str], words: dict[str, tuple[str, ...]]) -> dict[str, int]:
    found = {}
    for i, text in enumerate(header):
        low = text.lower()
        for name, keys in words.items():
            if name not in found and any(k in low for k in keys):
                found[name] = i
                break
    return found


PRIORITY_COLUMNS = {"priority": ("priorit", "theme"), "outcomes": ("outcome", "success"), "measures": ("measure",)}
OBJECTIVE_COLUMNS = {"objective": ("objective",), "leads": ("lead", "owner", "responsib", "who"),
                     "actions": ("action",), "timescale": ("timescale", "date", "due", "deadline", "when", "by when")}
REFERENCE_HEADERS = ("ref", "ref.", "reference", "no", "no.", "number", "#", "objective ref", "objective no.",
                     "objective number", "item")


def _table_kind(header: list[str]) -> tuple[str, dict[str, int]] | None:
    """What a table's header row says it holds: priorities, objectives (with their actions), or
    actions alone (a theme's actions, one a row, with no objective column)."""
    text = " ".join(header).lower()
    if ("priorit" in text or "theme" in text) and ("outcome" in text or "measure" in text) and "action" not in text:
        return "priorities", _columns(header, PRIORITY_COLUMNS)
    def heads(word: str) -> bool:  # a short cell naming the column, not a row whose text holds the word
        return any(word in cell.lower() and len(cell.split()) <= 4 for cell in header)
    kind = None
    if heads("objective") and ("action" in text or "lead" in text or "owner" in text):
        kind = "objectives"
    elif heads("action") and any(heads(w) for w in ("lead", "owner", "responsib", "timescale", "deadline", "due",
                                                     "when")):
        kind = "actions"
    if kind is None:
        return None
    columns = _columns(header, OBJECTIVE_COLUMNS)
    for i, cell in enumerate(header):
        if cell.strip().lower() in REFERENCE_HEADERS:
            columns["reference"] = i
            break
    return kind, columns


def _header_text(row: Row) -> list[str]:
    return [" ".join(c) for c in row.cells]


def _split_title(text: str) -> tuple[str, str]:
    """"Staff support: Adopt a zero ..." -> ("Staff support", "Adopt a zero ...")."""
    if ":" in text:
        title, summary = text.split(":", 1)
        return title.strip(), summary.strip()
    return text.strip(), ""


class _Builder:
    def __init__(self, source: str):
        self.plan = PlanDocument(title="")
        self.source = source
        self.priority: str | None = None
        self.block: list[str] = []  # the objective numbers of the last objectives row
        self.pending: str | None = None  # a heading that names a theme if objectives follow it
        self.numbered: dict[str, str] = {}  # objectives Parity numbered (they had none): number -> where

    def note(self, where: str, what: str) -> None:
        self.plan.unplaced.append(f"{self.source}, {where}: {what}" if where else f"{self.source}: {what}")

    def add_priority(self, number: str | None, title: str, summary: str = "") -> str:
        """A priority (or theme) and its number; one with no number of its own takes the next."""
        if number is None:
            taken = {p.number for p in self.plan.priorities}
            number = next(str(n) for n in range(1, len(taken) + 2) if str(n) not in taken)
        existing = self.plan.priority(number)
        if existing is None:
            self.plan.priorities.append(Priority(number, title, summary))
        elif not existing.summary:
            existing.summary = summary
        self.priority = number
        self.block = []
        self.pending = None
        return number

    def priority_heading(self, text: str, named_only: bool = False) -> bool:
        """A row or line that introduces a priority ("1: Staff support: ...", "Theme A - ..."); True if it was one."""
        found = references.priority_heading(text, named_only)
        if found is None:
            return False
        number, rest = found
        title, summary = _split_title(rest)
        self.add_priority(number, title, summary)
        return True

    def priorities_row(self, row: Row, cols: dict[str, int]) -> None:
        cell = _cell(row, cols.get("priority", 0))
        if not cell:
            if any(row.cells):
                self.note(row.where, f"a row with no priority: {' | '.join(' '.join(c) for c in row.cells)[:120]}")
            return
        found = references.priority_heading(cell[0])
        if found is None:
            self.note(row.where, f"no priority number in {cell[0][:80]!r}")
            return
        number, rest = found
        title, summary = (rest, " ".join(cell[1:])) if len(cell) > 1 else _split_title(rest)
        priority = self.plan.priority(number)
        if priority is None:
            priority = Priority(number, title.strip(), summary.strip())
            self.plan.priorities.append(priority)
        priority.outcomes.extend(_cell(row, cols.get("outcomes")))
        priority.measures.extend(_cell(row, cols.get("measures")))

    def _current_priority(self, where: str) -> str:
        if self.pending is not None:  # objectives under a heading of their own: the heading is their theme
            title, summary = _split_title(self.pending)
            self.add_priority(None, title, summary)
        elif self.priority is None:
            self.add_priority(None, "Priority 1" if not self.plan.priorities else "Other objectives")
            self.note(where, f"objectives before any priority or theme: kept under priority {self.priority}")
        return self.priority

    def objective(self, reference: str | None, text: str, where: str) -> str:
        """The objective a row names (an existing one again, or a new one), by its reference or,
        when it has none, by its words within the priority; returns its number."""
        if reference is not None and reference in self.numbered and self.plan.objective(reference).text != text:
            self._renumber(reference)  # the plan's own reference wins over one Parity gave
        if reference is not None and self.plan.objective(reference) is not None:
            return reference
        if reference is None:
            for o in self.plan.objectives:
                if o.priority == self.priority and o.text == text:
                    return o.number  # the same objective again (one row per action)
        priority = references.priority_of(reference) if reference else None
        if priority is None:
            priority = self._current_priority(where)
        elif self.plan.priority(priority) is None and self.pending is not None:
            title, summary = _split_title(self.pending)
            self.add_priority(priority, title, summary)
        elif self.plan.priority(priority) is None:
            self.plan.priorities.append(Priority(priority, f"Priority {priority}"))
            self.note(where, f"objective {reference} has no priority {priority} heading; one was made")
        if reference is None:
            within = sum(1 for o in self.plan.objectives if o.priority == priority)
            reference = self._free_number(priority, within + 1)
            self.numbered[reference] = where
        self.plan.objectives.append(Objective(reference, text, priority))
        return reference

    def _free_number(self, priority: str, start: int) -> str:
        return next(f"{priority}.{n}" for n in range(start, start + 1000) if self.plan.objective(f"{priority}.{n}") is None)

    def _renumber(self, number: str) -> None:
        """Give an objective Parity numbered another number, its actions following it."""
        objective = self.plan.objective(number)
        new = self._free_number(objective.priority, int(number.rsplit(".", 1)[1]) + 1)
        objective.number = new
        for action in self.plan.actions:
            action.objectives = [new if n == number else n for n in action.objectives]
        self.block = [new if n == number else n for n in self.block]
        self.numbered[new] = self.numbered.pop(number)

    def finish(self) -> None:
        for number, where in self.numbered.items():
            self.note(where, f"an objective with no reference was numbered {number}: "
                             f"{self.plan.objective(number).text[:60]!r}")

    def objectives_row(self, row: Row, cols: dict[str, int], actions_only: bool = False) -> None:
        objective_cell = [] if actions_only else _cell(row, cols.get("objective", 0))
        filled = [c for c in row.cells if c]
        if len(filled) == 1 and len(filled[0]) == 1 and self.priority_heading(filled[0][0]):
            return  # a row of one cell introducing a priority, whichever column it is in
        reference_cell = _cell(row, cols.get("reference"))
        given = references.bare_reference(reference_cell[0]) if reference_cell else None
        numbers: list[str] = []
        for item in objective_cell:
            found = references.objective_reference(item)
            if found is not None:
                numbers.append(self.objective(found[0], found[1], row.where))
            elif given is not None and not numbers:
                numbers.append(self.objective(given, item, row.where))
            elif numbers:
                self.plan.objective(numbers[-1]).points.append(item)
            elif self.priority_heading(item):
                continue
            else:
                numbers.append(self.objective(None, item, row.where))
        if actions_only and _cell(row, cols.get("actions")):
            numbers = [self._theme_objective(row.where)]
        if numbers:
            self.block = numbers
        elif objective_cell == [] and self.block:
            numbers = self.block  # actions continuing the previous block
        leads = self.leads(_cell(row, cols.get("leads")), row.where)
        for number in (numbers if objective_cell else []):
            objective = self.plan.objective(number)
            objective.leads.extend(lead for lead in leads if lead not in objective.leads)
        actions = _cell(row, cols.get("actions"))
        timescales = _cell(row, cols.get("timescale"))
        if actions and not numbers:
            self.note(row.where, f"{len(actions)} action(s) with no objective: {actions[0][:60]!r}...")
        if len(timescales) == len(actions):
            paired = list(zip(actions, timescales))
        else:
            paired = [(a, timescales[0] if len(timescales) == 1 else "") for a in actions]
            if len(timescales) > 1:
                self.note(row.where, f"{len(timescales)} timescales for {len(actions)} actions: "
                                     f"kept with the objectives")
                for number in numbers:
                    self.plan.objective(number).timescale = "; ".join(timescales)
        if not actions and len(timescales) == 1:
            for number in numbers:
                self.plan.objective(number).timescale = timescales[0]
        per_action_leads = leads if not objective_cell or len(actions) == 1 else []
        for text, timescale in paired:
            self.plan.actions.append(Action(text, list(numbers), timescale, list(per_action_leads)))

    def summary_line(self, text: str) -> bool:
        """A paragraph right under a priority's heading, before its objectives: its summary."""
        priority = self.plan.priority(self.priority) if self.priority else None
        if priority is None or priority.summary or any(o.priority == priority.number for o in self.plan.objectives):
            return False
        priority.summary = text
        return True

    ACTION_LINE = re.compile(r"^(?:actions?|we will)\s*[:\u2013\u2014-]\s*(?P<text>.+)$", re.I | re.S)
    DETAIL = re.compile(r"\s*\((?P<label>owner|owners|lead|leads|responsible|timescale|by|due|deadline|when)"
                        r"\s*:?\s*(?P<value>[^)]*)\)", re.I)

    def list_line(self, text: str, heading: str) -> bool:
        """A plan written as lines rather than a table: "Objective 1.1 ..." (or "A1 ...") starts an
        objective; "Action: ... (Owner: Head of HR) (by March 2026)" adds an action to it. True
        when the line was placed."""
        found = references.objective_reference(text)
        if found is not None:
            self.block = [self.objective(found[0], found[1], f"under {heading!r}" if heading else "")]
            return True
        match = self.ACTION_LINE.match(text)
        if match is None or not self.block:
            return False
        body, leads, timescale = match.group("text"), [], ""
        for detail in self.DETAIL.finditer(body):
            label, value = detail.group("label").lower(), detail.group("value").strip()
            if label in ("timescale", "by", "due", "deadline", "when"):
                timescale = value if label == "timescale" else f"{label.capitalize()} {value}".strip()
            elif value:
                leads.append(Lead("implementation_lead", value))
        action_text = self.DETAIL.sub("", body).strip().rstrip(".;,")
        self.plan.actions.append(Action(action_text, list(self.block), timescale, leads))
        return True

    def _theme_objective(self, where: str) -> str:
        """A table of actions with no objective column: its actions serve their theme as a whole,
        kept under one objective named after the theme (said once per theme)."""
        priority = self.plan.priority(self._current_priority(where))
        text = f"{priority.title}: the actions of this theme"
        for o in self.plan.objectives:
            if o.priority == priority.number and o.text == text:
                return o.number
        self.note(where, f"actions listed without objectives under {priority.title!r}: kept under one "
                         "objective for the theme")
        number = f"{priority.number}.{sum(1 for o in self.plan.objectives if o.priority == priority.number) + 1}"
        self.plan.objectives.append(Objective(number, text, priority.number))
        return number

    def leads(self, items: list[str], where: str) -> list[Lead]:
        leads: list[Lead] = []
        pending: Lead | None = None
        for item in items:
            label, colon, name = item.partition(":")
            if not colon and pending is not None:  # the post on the line after its role
                pending.name = item.strip()
                pending = None
                continue
            if not colon and not _is_role_label(item):  # a post ("Head of HR", "Network co-chair")
                leads.append(Lead(role_of(item) or "implementation_lead", item.strip()))
                pending = None
                continue
            role = role_of(label) if colon else role_of(item)
            if role is not None:
                lead = Lead(role, name.strip() if colon else "")
                leads.append(lead)
                pending = lead if not lead.name else None
            elif colon and label.strip():
                self.note(where, f"lead role not recognised: {label.strip()!r} (kept as an implementation lead)")
                leads.append(Lead("implementation_lead", item.strip()))
                pending = None
            else:
                leads.append(Lead("implementation_lead", item.strip()))
        return leads


def _is_role_label(text: str) -> bool:
    """Whether ``text`` is only a role's name ("SRO", "Implementation lead/s"), whose post
    follows, rather than a post itself ("Learning and Development Lead")."""
    words = re.sub(r"\s+", " ", text.strip().rstrip(":").strip()).lower()
    return any(words in labels for labels in ROLES.values())


def _cell(row: Row, index: int | None) -> list[str]:
    """The items of column ``index`` (none when the row is shorter: a cell spanning columns)."""
    if index is None or index >= len(row.cells):
        return []
    return row.cells[index]


def plan_from_blocks(blocks: list, source: str = "plan") -> PlanDocument:
    b = _Builder(source)
    plan = b.plan
    section = "introduction"
    table: tuple[str, dict[str, int]] | None = None
    width = 0
    heading = ""
    left_out: dict[str, int] = {}  # paragraphs under a heading that are no part of the plan's tree
    for block in blocks:
        if isinstance(block, TableStart):
            table = None
            continue
        if isinstance(block, Heading):
            if not plan.title:
                plan.title = block.text
                continue
            low = block.text.lower()
            table = None
            heading = block.text
            if "ambition" in low or "vision" in low:
                section = "ambition"
            elif "governance" in low or "performance management" in low or "review" in low:
                section = "governance"
            else:
                section = "other"
                if not b.priority_heading(block.text):  # "Theme A: ..." is a theme at once; any
                    b.pending = block.text  # other heading is one if objectives follow it
            continue
        if isinstance(block, Paragraph):
            if section not in ("ambition", "governance") and plan.title and b.priority_heading(
                    block.text, named_only=section == "introduction" and table is None):
                section = "other"
                continue  # "Priority 2: ..." or "Theme B - ..." between or inside tables
            if not plan.title:
                plan.title = block.text
            elif section in ("introduction", "ambition", "governance"):
                current = getattr(plan, section)
                setattr(plan, section, f"{current}\n\n{block.text}".strip())
            elif not b.list_line(block.text, heading) and not b.summary_line(block.text):
                left_out[heading] = left_out.get(heading, 0) + 1
            continue
        # a table row
        kind = _table_kind(_header_text(block))
        if kind is not None:
            table, width = kind, len(block.cells)
            section = "other"
            continue
        if table is None or len(block.cells) > width:
            if any(block.cells):
                b.note(block.where, "a table row outside any plan table: "
                                    f"{' | '.join(' '.join(c) for c in block.cells)[:120]}")
            continue
        if table[0] == "priorities":
            b.priorities_row(block, table[1])
        else:
            b.objectives_row(block, table[1], actions_only=table[0] == "actions")
    for where, count in left_out.items():
        b.note("", f"{count} paragraph{'s' if count > 1 else ''} of text{f' under {where!r}' if where else ''} "
                   "not placed in the plan")
    b.finish()
    plan.title = plan.title or source
    plan.period = period_in(plan.title)
    plan.priorities.sort(key=lambda p: references.sort_key(p.number))
    plan.objectives.sort(key=lambda o: references.sort_key(o.number))
    return plan
