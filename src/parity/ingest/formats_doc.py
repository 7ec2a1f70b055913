"""The data formats page and blank templates, generated from the schemas.

``markdown()`` is ``docs/data-formats.md`` (a test fails if the committed page is stale);
``write_templates(out_dir)`` writes a blank CSV and XLSX per file type, with the column
descriptions on a second sheet of the XLSX, and an example column map.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .schemas import Field, all_schemas

EXAMPLE_MAP_NAME = "column-map.example.yaml"
EXAMPLE_MAP = """\
# Example column map, for the Upload page or `parity import DIR --map column-map.yaml`.
# Left: your system's header or value. Right: Parity's name. Delete what you do not need.
# The Upload page's "Match the columns" step writes a map like this for you.
files:
  "HR extract*.xlsx": staff
columns:
  staff:
    Employee Number: staff_id
    Ethnic Origin: ethnicity
    Department: directorate
    Gender: sex
values:
  staff:
    sex:
      W: Female
    ethnicity:
      WROM: Roma
fixed:
  staff:
    snapshot_date: 2026-03-31
"""


def _required(f: Field) -> str:
    if f.required_value:
        return "yes"
    if f.required_column:
        return "column yes, value may be blank"
    return "no"


def _allowed(f: Field) -> str:
    parts = []
    if f.enum:
        parts.append("one of " + ", ".join(f"`{e}`" for e in f.enum))
    if f.minimum is not None:
        parts.append(f"at least {f.minimum:g}")
    if f.maximum is not None:
        parts.append(f"at most {f.maximum:g}")
    if f.pattern:
        parts.append(f"pattern `{f.pattern}`")
    if f.role == "identifier":
        parts.append("stored only as a keyed hash")
    if f.role == "ethnicity":
        parts.append("see [Ethnicity classification](ethnicity.md)")
    return "; ".join(parts)


def markdown() -> str:
    lines = [
        "# Data formats",
        "",
        "Generated from `src/parity/ingest/schemas/*.json` by `parity formats-doc`; do not edit by hand.",
        "",
        "Each file type below is a Table Schema. Column names are matched ignoring case, spaces and",
        "punctuation (`Staff ID` is `staff_id`); a column map renames anything else. Extra columns are",
        "ignored with a warning. Dates: `YYYY-MM-DD`; UK dates `DD/MM/YYYY`, `DD.MM.YYYY`,",
        "`DD-MM-YYYY`, `31 March 2024` or `31-Mar-2024` (two-digit years are refused); or Excel dates",
        "(cells or serial numbers). Yes/no columns: yes/no, y/n, true/false, 1/0. Row numbers in",
        "problem reports are spreadsheet rows: the header is row 1.",
        "",
        "A file with other column names or codes can be matched on the Upload page (\"Match a file's",
        "columns and values\"), which writes a column map for it.",
        "",
        "A file's type comes from the column map, else its name (`staff_2025.csv`), else its headers.",
        "Re-importing replaces a *period*: a staff snapshot date, a financial year (1 April to",
        "31 March) of applications, training, casework or panels, or one survey.",
        "",
    ]
    for s in all_schemas():
        lines += [f"## {s.title} (`{s.name}`, version {s.version})", "", s.description, "",
                  f"Unique key: {', '.join(f'`{k}`' for k in s.primary_key)}. "
                  f"Period: `{s.period_field}` ({s.period_as.replace('_', ' ')}).", "",
                  "| column | type | required | allowed | meaning |", "|---|---|---|---|---|"]
        for f in s.fields:
            lines.append(f"| `{f.name}` | {f.type} | {_required(f)} | {_allowed(f)} | {f.description} |")
        lines.append("")
    return "\n".join(lines)


def ethnicity_markdown() -> str:
    """docs/ethnicity.md: the categories, groupings, accepted spellings and the code crosswalk."""
    from ..engine import ethnicity, groupings

    lines = [
        "# Ethnicity classification",
        "",
        "Generated from `src/parity/engine/ethnicity.py` and `groupings.py` by `parity formats-doc`;",
        "do not edit by hand.",
        "",
        "Every value is mapped to one of the 19 ONS 2021 categories (England and Wales) or `Not stated`.",
        "Blank is Not stated. A value that matches nothing below is an import error for that row:",
        "Parity never guesses. Matching ignores case, punctuation and spacing, and accepts a group",
        "name before or after the category (`Asian or Asian British - Indian`, `Indian (Asian)`).",
        "A bare group name (`Asian`) is refused: it does not say which category.",
        "",
        "## Categories",
        "",
        "| code | ONS 2021 category | group |",
        "|---|---|---|",
    ]
    for c in ethnicity.CATEGORIES + (ethnicity.NOT_STATED_CATEGORY,):
        lines.append(f"| `{c.code}` | {c.label} | {c.group} |")
    lines += ["", "## Groupings", ""]
    for g in groupings.GROUPINGS.values():
        members = {}
        for code, label in g.assignment.items():
            members.setdefault(label, []).append(ethnicity.BY_CODE[code].label)
        lines += [f"### `{g.name}`: {g.title}", ""]
        lines += [f"- **{label}**: {'; '.join(members[label])}" for label in g.labels]
        lines.append("")
    lines += ["## Codes (2001 Census / NHS data dictionary, two-character and school census codes)", "",
              "| scheme | code | 2021 category | group | note |", "|---|---|---|---|---|"]
    for row in ethnicity.crosswalk():
        lines.append(f"| {row['scheme']} | `{row['code']}` | {row['category']} | {row['group']} | {row['note']} |")
    lines += ["", "Codes Parity knows but does not map, because they do not name one 2021 category:", ""]
    lines += [f"- `{code}`: {why}." for code, why in ethnicity.UNMAPPED_CODES.items()]
    lines += ["", "## Every accepted spelling", "",
              "Normalised form (lower case, punctuation as spaces) and the category it maps to.", "",
              "| spelling | code |", "|---|---|"]
    for key, code in sorted(ethnicity.lookup_table().items()):
        lines.append(f"| {key or '(blank)'} | `{code}` |")
    lines.append("")
    return "\n".join(lines)


def write_docs(out_dir: str | Path) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    from ..engine import registry
    from .survey_tools import markdown as survey_tools_markdown

    pages = {"data-formats.md": markdown(), "ethnicity.md": ethnicity_markdown(),
             "measures.md": registry.markdown(), "survey-tools.md": survey_tools_markdown()}
    for name, text in pages.items():
        (out / name).write_text(text, "utf-8")
    return [out / name for name in pages]


def template_files() -> dict[str, bytes]:
    """The blank templates (a CSV and an XLSX with the columns described, per file type) and the
    example column map, by file name."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    files = {}
    for s in all_schemas():
        names = [f.name for f in s.fields]
        text = io.StringIO(newline="")
        csv.writer(text).writerow(names)
        files[f"{s.name}.csv"] = text.getvalue().encode("utf-8")
        book = Workbook()
        sheet = book.active
        sheet.title = s.name
        sheet.append(names)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        about = book.create_sheet("About these columns")
        about.append(["column", "type", "required", "allowed", "meaning"])
        for f in s.fields:
            about.append([f.name, f.type, _required(f), _allowed(f), f.description])
        xlsx = io.BytesIO()
        book.save(xlsx)
        files[f"{s.name}.xlsx"] = xlsx.getvalue()
    files[EXAMPLE_MAP_NAME] = EXAMPLE_MAP.encode("utf-8")
    return files


def write_templates(out_dir: str | Path) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, body in template_files().items():
        (out / name).write_bytes(body)
        written.append(out / name)
    return written
