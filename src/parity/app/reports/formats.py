"""A report's content (``content.Report``) as a file, looked up by format name.

- ``html``: one self-contained page (charts inlined as PNG with their text alternatives),
  ``lang="en-GB"``, tables with captions and header cells;
- ``pdf``: WeasyPrint from that same HTML, tagged (PDF/UA-1: headings, tables, figures with
  their alternative text, the language), A4 with page numbers;
- ``docx``: Word with real headings ("Heading 1" to "Heading 3"), tables whose header row
  repeats on every page, pictures with alternative text and the language set; or, given a
  council's own committee template, that template filled by docxtpl, the report landing where
  the template says ``{{p report }}`` in the template's own styles.

Every format is deterministic: the same content (and template) gives the same bytes, so a stored
generation can be made again and checked (``services.regenerate``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass

from django.template.loader import render_to_string

from . import pictures
from .content import Bullets, Figure, Heading, Paragraph, Report, Table
from .package import steady_zip

RAG_CLASSES = {"Red": "red", "Amber": "amber", "Green": "green"}
RAG_FILLS = {"red": "F4CDC6", "amber": "FFF7BF", "green": "CCE2D8"}
LANGUAGE = "en-GB"
TEMPLATE_FIELDS = ("title", "council", "period", "made_on", "report")  # what a council's template may use


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extension: str
    media_type: str


FORMATS = {f.name: f for f in (
    Format("html", "Web page (HTML)", "html", "text/html; charset=utf-8"),
    Format("pdf", "PDF", "pdf", "application/pdf"),
    Format("docx", "Word (DOCX)", "docx",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    Format("xlsx", "Excel (XLSX)", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
)}


def made_on(report: Report) -> str:
    when = dt.datetime.fromisoformat(report.generated_at)
    return f"{when.day} {when:%B %Y}"


def when(report: Report) -> dt.datetime:
    return dt.datetime.fromisoformat(report.generated_at)


# --- HTML and PDF ---------------------------------------------------------------------------

def _cells(table: Table, row: tuple[str, ...]) -> list[dict]:
    return [{"text": text, "numeric": table.is_numeric(i),
             "rag": RAG_CLASSES.get(text) if i == table.rag_column else None} for i, text in enumerate(row)]


def html(report: Report) -> bytes:
    blocks = []
    for block in report.blocks:
        kind = type(block).__name__
        if isinstance(block, Table):
            blocks.append({"type": kind, "caption": block.caption,
                           "header": [{"text": h, "numeric": block.is_numeric(i)} for i, h in enumerate(block.header)],
                           "rows": [_cells(block, row) for row in block.rows]})
        elif isinstance(block, Figure):
            blocks.append({"type": kind, "caption": block.caption, "alt": block.alt,
                           "src": pictures.data_uri(block.spec)})
        else:
            blocks.append({"type": kind, **block.__dict__})
    return render_to_string("reports/report.html", {"report": report, "blocks": blocks,
                                                    "made_on": made_on(report)}).encode("utf-8")


@contextmanager
def _source_date(moment: dt.datetime):
    """The fonts WeasyPrint embeds are stamped with the time (fontTools), unless
    ``SOURCE_DATE_EPOCH`` says otherwise: the report's own time, for the length of one PDF."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def pdf(report: Report) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only PDFs need it

    # from the content with its keys sorted: a JSON column may hand the stored content back reordered
    identifier = hashlib.sha256(json.dumps(report.to_dict(), sort_keys=True).encode("utf-8")).hexdigest()[:32]
    identifier = identifier.encode("ascii")
    page = html(report).decode("utf-8")
    with _source_date(when(report)):
        return HTML(string=page).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier, custom_metadata=True)


# --- Word -----------------------------------------------------------------------------------

def _set_language(document) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _style(body, name: str, fallback: str | None = None) -> str | None:
    """The style ``name`` when the document has it (a council's template may not), else the fallback."""
    styles = body.part.document.styles if hasattr(body, "part") else body.styles
    names = {s.name for s in styles}
    if name in names:
        return name
    return fallback if fallback in names else None


def _table(body, block: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    caption = body.add_paragraph(block.caption, style=_style(body, "Caption"))
    caption.paragraph_format.keep_with_next = True
    table = body.add_table(rows=1, cols=len(block.header))
    style = _style(body, "Table Grid")
    if style:
        table.style = style
    for i, text in enumerate(block.header):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        if block.is_numeric(i):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _repeat_header(table.rows[0])
    widths = column_widths(block)
    for row in block.rows:
        cells = table.add_row().cells
        for i, text in enumerate(row):
            cells[i].text = text
            if block.is_numeric(i):
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if i == block.rag_column and text in RAG_CLASSES:
                _shade(cells[i], RAG_FILLS[RAG_CLASSES[text]])
                for run in cells[i].paragraphs[0].runs:
                    run.bold = True
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid (LibreOffice reads it)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


CHARACTER_CM, CELL_PADDING_CM = 0.3, 0.6  # a bold 11-point character, and a cell's margins, in Word


def column_widths(block: Table):
    """Each column's width on an A4 page (16 cm between the margins). A short column (dates,
    numbers, RAG: texts of 15 characters or fewer on average) gets room for its longest word; the
    prose columns share the rest in proportion to their texts' average length."""
    from docx.shared import Cm

    short, prose = {}, {}
    for column in range(len(block.header)):
        texts = [block.header[column]] + [row[column] for row in block.rows if column < len(row)]
        longest_word = max((len(w) for t in texts for w in t.split()), default=1)
        average = sum(len(t) for t in texts) / len(texts)
        if average <= 15:
            short[column] = longest_word * CHARACTER_CM + CELL_PADDING_CM
        else:
            prose[column] = min(average, 60)
    room = max(pictures.WIDTH_CM - sum(short.values()), 3.0 * len(prose))
    widths = {**short, **{c: room * w / sum(prose.values()) for c, w in prose.items()}}
    scale = min(1.0, pictures.WIDTH_CM / sum(widths.values()))
    return [Cm(widths[c] * scale) for c in range(len(block.header))]


def _figure(body, block: Figure) -> None:
    from docx.shared import Cm

    paragraph = body.add_paragraph()
    run = paragraph.add_run()
    shape = run.add_picture(io.BytesIO(pictures.png(block.spec)), width=Cm(pictures.WIDTH_CM))
    shape._inline.docPr.set("descr", block.alt)
    shape._inline.docPr.set("title", block.caption)
    body.add_paragraph(block.caption, style=_style(body, "Caption"))


def _fill(body, report: Report, heading_offset: int = 0) -> None:
    for block in report.blocks:
        if isinstance(block, Heading):
            body.add_heading(block.text, level=min(block.level + heading_offset, 9))
        elif isinstance(block, Paragraph):
            style = {"note": _style(body, "Caption")}.get(block.style)
            body.add_paragraph(block.text, style=style)
        elif isinstance(block, Bullets):
            for item in block.items:
                body.add_paragraph(item, style=_style(body, "List Bullet"))
        elif isinstance(block, Table):
            _table(body, block)
        elif isinstance(block, Figure):
            _figure(body, block)


def _properties(document, report: Report) -> None:
    props = document.core_properties
    props.title = f"{report.title}: {report.period}"
    props.author = report.council or "Parity"
    props.last_modified_by = "Parity"
    props.language = LANGUAGE
    props.subject = report.title
    props.created = props.modified = when(report).replace(tzinfo=None)
    props.revision = 1


def docx(report: Report, template: bytes | None = None) -> bytes:
    """The report in Word; with ``template`` (a council's .docx), that template filled."""
    if template is not None:
        return _filled_template(report, template)
    from docx import Document

    document = Document()
    _set_language(document)
    document.add_paragraph(report.council, style="Subtitle")
    document.add_heading(report.title, level=0)
    document.add_paragraph(f"{report.period}. Made by Parity on {made_on(report)}.")
    _fill(document, report)
    _properties(document, report)
    out = io.BytesIO()
    document.save(out)
    return steady_zip(out.getvalue(), when(report))


class TemplateProblem(ValueError):
    """A council's template that cannot be used; the message says why."""


def check_template(data: bytes) -> None:
    """Refuse a file that is not a Word document with a ``{{p report }}`` placeholder."""
    from docxtpl import DocxTemplate

    from ...ingest.office_package import DAMAGED_ZIP

    try:
        template = DocxTemplate(io.BytesIO(data))
        fields = template.get_undeclared_template_variables()
    except DAMAGED_ZIP + (KeyError, ValueError) as exc:
        raise TemplateProblem(f"this is not a Word document Parity can read ({type(exc).__name__})") from None
    except Exception as exc:  # a Jinja syntax error in the document's placeholders
        raise TemplateProblem(f"its placeholders cannot be read: {exc}") from None
    if "report" not in fields:
        raise TemplateProblem("it has no {{p report }} placeholder for the report itself")
    unknown = sorted(set(fields) - set(TEMPLATE_FIELDS))
    if unknown:
        raise TemplateProblem(f"it uses placeholders Parity does not fill: {', '.join(unknown)} "
                              f"(the ones it fills: {', '.join(TEMPLATE_FIELDS)})")


def _filled_template(report: Report, template: bytes) -> bytes:
    from docxtpl import DocxTemplate

    check_template(template)
    document = DocxTemplate(io.BytesIO(template))
    body = document.new_subdoc()
    _fill(body, report)
    document.render({"title": report.title, "council": report.council, "period": report.period,
                     "made_on": made_on(report), "report": body}, autoescape=True)
    _properties(document.docx, report)
    out = io.BytesIO()
    document.save(out)
    return steady_zip(out.getvalue(), when(report))


RENDERERS = {"html": html, "pdf": pdf, "docx": docx}
