"""A published measure's own page, in the style of GOV.UK's Ethnicity facts and figures
(``spec/pages.md``): main facts first, things you need to know, what the data measures and the
ethnic groups used, one section per published breakdown (chart, table, downloads), then the
methodology with the date published and the source.

Built from the publication's stored figures only (already through the disclosure policy), and
only for a measure on one of its published pages: the tables are exactly those
``services.page_tables`` allows for download.
"""

from __future__ import annotations


from ...engine import registry
from ...engine.groupings import GROUPINGS
from ...engine.results import NOT_COMPUTABLE, SUPPRESSED
from . import charts, facts, services, wording
from .templatetags.figures import date_in_words as spoken
from .models import Publication

BREAKDOWN_WORDS = {"": "By ethnicity", "grade=": "By ethnicity and grade", "level=": "By ethnicity and level",
                   "quarter=": "By ethnicity and pay quarter"}
BME_NOTE = ("\"BME\" (Black and minority ethnic) is the label the Workforce Race Equality Standard defines: everyone "
            "who is not White. Parity uses it only for the standard's own indicators.")


def published_measures(publication: Publication) -> list[tuple[str, str]]:
    """(measure id, title) of every measure on the publication's pages, in page order."""
    seen: dict[str, str] = {}
    for slug in publication.pages:
        for measure_id, _ in sorted(services.page_tables([slug]), key=lambda t: _page_order(slug, t[0])):
            seen.setdefault(measure_id, services.measure_title(measure_id))
    return list(seen.items())


def _page_order(slug: str, measure_id: str) -> int:
    if slug in services.TOPICS:
        ids = [m for m, _ in services.TOPICS[slug].measures]
        return ids.index(measure_id) if measure_id in ids else len(ids)
    return 0


def _things_to_know(publication: Publication, measure, rows: list[dict]) -> list[str]:
    computed = publication.computed_set
    items = [f"The figures are for {spoken(publication.snapshot)}, for the whole council."]
    if measure is not None:
        items.append(f"Who is counted and how: {wording.definition(measure.definition)}")
    declaration = services.measure_rows(computed, ["workforce.declaration_rate"],
                                        services.Filters(publication.snapshot, "", publication.grouping))
    stated = next((row["result"] for row in declaration["workforce.declaration_rate"]
                   if row["result"].group == "All staff" and row["result"].value is not None), None)
    if stated is not None:
        items.append(f"{100 * stated.value:.1f}% of staff stated an ethnicity. Staff who did not are shown as "
                     "\"Not stated\" where the table has that row, and are not in any ethnic group's figure.")
    hidden = [row["result"] for row in rows if row["result"].status == SUPPRESSED]
    if hidden:
        reasons = sorted({r.reason for r in hidden if r.reason})
        items.append(f"{len(hidden)} figure{'s are' if len(hidden) != 1 else ' is'} not shown to protect the people "
                     f"in small groups ({'; '.join(reasons)}).")
    not_computable = sorted({row["result"].reason for row in rows if row["result"].status == NOT_COMPUTABLE})
    if not_computable:
        items.append("Some figures cannot be worked out: " + "; ".join(not_computable) + ".")
    return items


def measure_page(publication: Publication, measure_id: str) -> dict | None:
    """What the measure's page shows, or None when the measure is not published here."""
    tables = sorted(cells for m, cells in services.page_tables(publication.pages) if m == measure_id)
    if not tables:
        return None
    filters = services.Filters(publication.snapshot, "", publication.grouping)
    computed = publication.computed_set
    measure = registry.MEASURES.get(registry.DERIVED.get(measure_id, measure_id))
    title = services.measure_title(measure_id)
    sections = []
    for cells in tables:
        rows = services.measure_rows(computed, [measure_id], filters, cells or None)[measure_id]
        one_way = services.is_one_way(cells)
        sections.append({"title": f"By {cells} (all ethnic groups together)" if one_way else
                         BREAKDOWN_WORDS.get(cells, "By ethnicity and " + cells.rstrip("=")),
                         "rows": rows, "cells": cells, "by_cell": bool(cells), "one_way": one_way,
                         "chart": charts.interval_chart(title, rows, one_way),
                         "id": f"{measure_id}-{cells.rstrip('=')}" if cells else measure_id})
    all_rows = [row for s in sections for row in s["rows"]]
    grouping = GROUPINGS.get(publication.grouping)
    groups_used = []
    if measure is not None and measure.fixed_groups:
        groups_used.append(measure.fixed_groups)
    elif grouping is not None:
        groups_used.append(f"Ethnic groups: {grouping.title}.")
    if measure_id.startswith(("wres.", "scwres.")):
        groups_used.append(BME_NOTE)
    return {"measure_id": measure_id, "title": title, "definition": measure, "sections": sections,
            "definition_text": wording.definition(measure.definition) if measure else "",
            "main_facts": facts.main_facts(all_rows), "things_to_know": _things_to_know(publication, measure, all_rows),
            "groups_used": groups_used, "snapshot": spoken(publication.snapshot),
            "methodology": list(computed.methodology or ())}
