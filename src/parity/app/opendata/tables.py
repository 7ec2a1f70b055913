"""The published tables of a live publication: which there are, and their rows.

The one gate for every open-data format (CSV, XLSX, JSON): a table is a (measure, cell prefix)
pair of ``services.page_tables(publication.pages)``, read exactly as the public CSV reads it
(``services.measure_rows`` with the publication's filters, then ``services.csv_rows``). A
withdrawn or unknown publication, or a table not in the allow-list, is ``NotPublished``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..dashboards import publishing, services
from . import dictionary
from ..dashboards.models import Publication

# Largest primary key the databases hold (a signed 64-bit integer): a bigger one names nothing.
MAX_PK = 2 ** 63 - 1


class NotPublished(LookupError):
    """Nothing is published under that publication and table; views answer 404."""


@dataclass(frozen=True)
class Table:
    measure: str
    cells: str  # "" the whole-council table, one dimension's cells ("grade="), or a one-way table ("sex")
    title: str


def publication(pk: int) -> Publication:
    """The live publication ``pk``; ``NotPublished`` when it is unknown or withdrawn."""
    found = publishing.get_live(pk) if 0 < pk <= MAX_PK else None
    if found is None:
        raise NotPublished("nothing is published here")
    return found


def tables(published: Publication) -> list[Table]:
    """Every table the publication's pages show, in a stable order (measure, then cells)."""
    return [Table(m, cells, dictionary.title(m)) for m, cells in sorted(services.page_tables(published.pages))]


def is_published(published: Publication, measure: str, cells: str) -> bool:
    return (measure, cells) in services.page_tables(published.pages)


def rows(published: Publication, measure: str, cells: str = "") -> list[list]:
    """The table's rows as the CSV has them (``services.CSV_HEADER`` columns), or ``NotPublished``."""
    if not is_published(published, measure, cells):
        raise NotPublished("that table is not published")
    filters = publishing.filters(published)
    found = services.measure_rows(published.computed_set, [measure], filters, cells or None)[measure]
    return services.csv_rows(found)


def records(published: Publication, measure: str, cells: str = "") -> list[dict]:
    """The same rows as dictionaries keyed by the CSV's column names."""
    return [dict(zip(services.CSV_HEADER, row)) for row in rows(published, measure, cells)]


def filename(published: Publication, measure: str, extension: str) -> str:
    """As the CSV download names it: the measure and the snapshot."""
    return f"{measure}-{published.snapshot}.{extension}"
