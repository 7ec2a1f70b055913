"""A plan as an Excel workbook and back, with nothing lost: councils edit their plans in Excel.

Sheets (the first is the one most people edit):

* **Actions**: one row per action: its priority, the objectives it serves (``1.1; 1.2``), the
  action, timescale, status, and its leads by role;
* **Objectives**: number, priority, text, sub-points (one per line), timescale, leads by role,
  and (for a directorate plan) the corporate objective it contributes to;
* **Priorities**: number, title, summary, outcomes and measures (one per line);
* **Plan**: title, kind, directorate, period, introduction, ambition, governance.

In a cell holding several values, lines separate outcomes, measures and sub-points, and
``; `` separates objective numbers and the people in one lead role. Text a spreadsheet would
run as a formula is written with an apostrophe in front (``exports.cells.neutralise``) and
read back without it. ``read_workbook(write_workbook(plan))`` equals ``plan``.
"""

from __future__ import annotations

from pathlib import Path

from ..exports.cells import neutralise, restore
from .document import ROLE_TITLES, Action, Lead, Objective, PlanDocument, Priority, check_tags
from .rag import STATUS_WORDS, status_from_words

ROLE_COLUMNS = list(ROLE_TITLES.items())  # (role, column title)
ACTIONS = ["Priority", "Objectives", "Action", "Timescale", "Status", *[t for _, t in ROLE_COLUMNS]]
OBJECTIVES = ["Objective", "Priority", "Text", "Sub-points", "Timescale", *[t for _, t in ROLE_COLUMNS]]
CONTRIBUTES = "Contributes to (corporate objective)"  # optional: directorate plans
TAGS = "Tags"  # optional on every sheet: "wres:2; theme:culture"
PRIORITIES = ["Priority", "Title", "Summary", "Outcomes", "Measures"]
PLAN_FIELDS = [("Title", "title"), ("Kind", "kind"), ("Directorate", "directorate"), ("Period", "period"),
               ("Introduction", "introduction"), ("Ambition", "ambition"), ("Governance", "governance")]


class WorkbookProblem(ValueError):
    """The workbook is not a plan workbook, or a row cannot be read; says where."""


def _leads_cells(leads: list[Lead]) -> list[str]:
    return ["; ".join(lead.name or "(to be named)" for lead in leads if lead.role == role)
            for role, _ in ROLE_COLUMNS]


def _leads(row: dict) -> list[Lead]:
    out = []
    for role, title in ROLE_COLUMNS:
        for name in _split(row.get(title, ""), ";"):
            out.append(Lead(role, "" if name == "(to be named)" else name))
    return out


def _split(text: str, separator: str = "\n") -> list[str]:
    return [part.strip() for part in (text or "").split(separator) if part.strip()]


def write_workbook(plan: PlanDocument, path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheets = []

    def sheet(title: str, header: list[str], rows: list[list[str]], widths: list[int]):
        ws = book.active if not sheets else book.create_sheet()
        sheets.append(ws)
        ws.title = title
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([neutralise(v) for v in row])
        for i, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + i)].width = width
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"

    by_number = {o.number: o for o in plan.objectives}
    sheet("Actions", [*ACTIONS, TAGS], [
        [by_number[a.objectives[0]].priority if a.objectives else "", "; ".join(a.objectives), a.text, a.timescale,
         STATUS_WORDS.get(a.status, a.status), *_leads_cells(a.leads), "; ".join(a.tags)] for a in plan.actions],
        [9, 14, 60, 16, 13, 22, 22, 22, 24])
    from openpyxl.worksheet.datavalidation import DataValidation

    status_column = chr(ord("A") + [*ACTIONS, TAGS].index("Status"))
    choices = DataValidation(type="list", formula1='"' + ",".join(STATUS_WORDS.values()) + '"', allow_blank=True,
                             error="Choose a status from the list", showErrorMessage=True)
    sheets[0].add_data_validation(choices)
    choices.add(f"{status_column}2:{status_column}{max(2, len(plan.actions) + 200)}")
    sheet("Objectives", [*OBJECTIVES, CONTRIBUTES, TAGS], [
        [o.number, o.priority, o.text, "\n".join(o.points), o.timescale, *_leads_cells(o.leads), o.contributes_to,
         "; ".join(o.tags)] for o in plan.objectives], [10, 9, 60, 40, 16, 22, 22, 22, 14, 24])
    sheet("Priorities", [*PRIORITIES, TAGS], [
        [p.number, p.title, p.summary, "\n".join(p.outcomes), "\n".join(p.measures), "; ".join(p.tags)]
        for p in plan.priorities], [9, 30, 50, 60, 60, 24])
    sheet("Plan", ["Field", "Value"], [[label, getattr(plan, name)] for label, name in PLAN_FIELDS], [14, 100])
    path = Path(path)
    book.save(path)
    return path


def _text(value) -> str:
    """A cell as text: whole numbers without ".0" (a priority typed as 1 reads back as "1")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return restore(str(value)).strip()


def _tags(row: dict, sheet: str, number: int, problems: list[str]) -> list[str]:
    tags = _split(row.get(TAGS, ""), ";")
    try:
        return check_tags(tags)
    except ValueError as exc:
        problems.append(f"sheet {sheet}, row {number}, column {TAGS}: {exc}")
        return []


def read_workbook(path: str | Path) -> PlanDocument:
    """A plan from a workbook written by ``write_workbook`` (and edited in Excel)."""
    from python_calamine import CalamineWorkbook

    import io

    from ..ingest.limits import MAX_PLAN_BYTES, size_text
    from ..ingest.office_package import UnsafePackage, inspect_package

    path = Path(path)
    size = path.stat().st_size
    if size > MAX_PLAN_BYTES:
        raise WorkbookProblem(f"{path.name}: the file is {size_text(size)}; Parity reads plans of at most "
                              f"{size_text(MAX_PLAN_BYTES)}")
    data = path.read_bytes()
    try:  # zip bombs, DTDs and cells spanning a vast area are refused before the reader sees them
        inspect_package(data, path.name, spreadsheet=True)
    except UnsafePackage as exc:
        raise WorkbookProblem(str(exc)) from None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several types for a damaged or mislabelled file
        raise WorkbookProblem(f"{path.name}: the file cannot be opened as a spreadsheet ({exc})") from None
    missing = [name for name in ("Actions", "Objectives", "Priorities", "Plan") if name not in book.sheet_names]
    if missing:
        raise WorkbookProblem(f"{path.name}: not a plan workbook: no sheet named {', '.join(missing)} "
                              f"(export a plan with `parity plan export` for the layout)")

    def rows(name: str, header: list[str]) -> list[tuple[int, dict]]:
        values = book.get_sheet_by_name(name).to_python()
        if not values:
            return []
        found = [_text(v) for v in values[0]]
        absent = [h for h in header if h not in found]
        if absent:
            raise WorkbookProblem(f"{path.name}, sheet {name}: no column {', '.join(absent)}")
        out = []
        for number, row in enumerate(values[1:], start=2):
            cells = {h: _text(row[i]) if i < len(row) else "" for i, h in enumerate(found)}
            if any(cells.values()):
                out.append((number, cells))
        return out

    fields = {row["Field"]: row["Value"] for _, row in rows("Plan", ["Field", "Value"])}
    plan = PlanDocument(**{name: fields.get(label, "") for label, name in PLAN_FIELDS})
    plan.kind = plan.kind or "corporate"
    problems = []
    for number, row in rows("Priorities", PRIORITIES):
        plan.priorities.append(Priority(row["Priority"], row["Title"], row["Summary"], _split(row["Outcomes"]),
                                        _split(row["Measures"]), _tags(row, "Priorities", number, problems)))
    for number, row in rows("Objectives", OBJECTIVES):
        if plan.priority(row["Priority"]) is None:
            problems.append(f"sheet Objectives, row {number}: no priority {row['Priority']!r} on the Priorities sheet")
            continue
        plan.objectives.append(Objective(row["Objective"], row["Text"], row["Priority"], _split(row["Sub-points"]),
                                         _leads(row), row["Timescale"], row.get(CONTRIBUTES, ""),
                                         _tags(row, "Objectives", number, problems)))
    for number, row in rows("Actions", ACTIONS):
        objectives = _split(row["Objectives"], ";")
        unknown = [o for o in objectives if plan.objective(o) is None]
        status = status_from_words(row["Status"]) if row["Status"] else "not_started"
        if unknown:
            problems.append(f"sheet Actions, row {number}: no objective {', '.join(unknown)} on the Objectives sheet")
        elif status is None:
            problems.append(f"sheet Actions, row {number}, column Status: {row['Status']!r} is not one of "
                            f"{', '.join(STATUS_WORDS.values())}")
        else:
            plan.actions.append(Action(row["Action"], objectives, row["Timescale"], _leads(row), status,
                                       _tags(row, "Actions", number, problems)))
    if problems:
        raise WorkbookProblem(f"{path.name}: " + "; ".join(problems))
    return plan
