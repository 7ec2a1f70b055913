"""Help pages: the data formats, the ethnicity codes and bringing in a survey tool's export,
rendered from the same generators as ``docs/data-formats.md``, ``docs/ethnicity.md`` and
``docs/survey-tools.md`` (so the page and the file never differ), for
anyone, signed in or not. Every help link in an import message points here.

The Markdown is Parity's own, generated from the schemas and the ethnicity tables, never a
user's text; Python-Markdown renders it, and GOV.UK classes are added to its elements.
"""

from __future__ import annotations

import re

import markdown

from ...ingest.formats_doc import ethnicity_markdown
from ...ingest.formats_doc import markdown as formats_markdown
from ...ingest.survey_tools import markdown as survey_tools_markdown

PAGES = {"data-formats": formats_markdown, "ethnicity": ethnicity_markdown, "surveys": survey_tools_markdown}
_CLASSES = {"h1": "govuk-heading-l", "h2": "govuk-heading-m", "h3": "govuk-heading-s", "p": "govuk-body",
            "ul": "govuk-list govuk-list--bullet", "table": "govuk-table", "thead": "govuk-table__head",
            "tbody": "govuk-table__body", "tr": "govuk-table__row", "th": "govuk-table__header",
            "td": "govuk-table__cell", "a": "govuk-link"}
_GENERATED_NOTE = re.compile(r"^Generated from .*?(?:\n\n)", re.S | re.M)
_DOC_LINK = re.compile(r'href="([a-z-]+)\.md"')


def page(name: str) -> tuple[str, str]:
    """A help page's title and HTML body; ``KeyError`` for a page that does not exist."""
    text = _GENERATED_NOTE.sub("", PAGES[name](), count=1)
    title, _, body = text.partition("\n")
    html = markdown.markdown(body, extensions=["tables"], output_format="html")
    html = _DOC_LINK.sub(lambda m: f'href="/help/{m.group(1)}/"' if m.group(1) in PAGES else m.group(0), html)
    for tag, css in _CLASSES.items():
        html = re.sub(rf"<{tag}(?=[ >])", f'<{tag} class="{css}"', html)
    return title.lstrip("# ").strip(), _scrolling_tables(html)


def _scrolling_tables(html: str) -> str:
    """Each table in a scrolling region (phones), named after the heading above it."""
    out, heading = [], "Table"
    for part in re.split(r"(<h[23][^>]*>.*?</h[23]>|<table .*?</table>)", html, flags=re.S):
        if part.startswith("<h"):
            heading = re.sub(r"<[^>]+>", "", part).strip()
        elif part.startswith("<table"):
            part = (f'<div class="parity-table-scroll" tabindex="0" role="region" aria-label="{heading}">'
                    f"{part}</div>")
        out.append(part)
    return "".join(out)
