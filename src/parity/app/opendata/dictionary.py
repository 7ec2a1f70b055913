"""The data dictionary of the open data: every column of a published table, the status and band
vocabularies, and every published measure, generated from their one home each.

The columns are ``dashboards.services.CSV_HEADER`` (the CSV, the XLSX and the API's rows all
use it), each explained here (a test fails if a column is not); the statuses are
``engine.results.STATUSES``; the measures are the registry's (``engine.registry.MEASURES``:
title, definition, formula, direction), with the unit each one's value is in, worked out as the
pages work it out (``services.display_mode``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ...engine import registry
from ...engine.results import LOW_POWER, NOT_COMPUTABLE, OK, STATUSES, SUPPRESSED, Result
from ..dashboards import services

PROPORTION = "proportion from 0 to 1 (0.25 is 25%)"
COUNT = ("count of people (or applications, cases, responses), rounded to a multiple of 5 by the cell key "
         "method; 0 means fewer than 5 (0 to 4)")

# Each CSV column: (meaning, unit). The CSV_HEADER names every column; a test checks each is here.
COLUMNS: dict[str, tuple[str, str]] = {
    "measure": ("The measure's id; the measures below give its title, definition and formula.", "text (an id)"),
    "period": ("The snapshot date the figure is for; a figure about a year (leavers, promotions, cases) is "
               "for the year ending on that date.", "date, YYYY-MM-DD"),
    "breakdown": ('"overall" for the whole council, or one cell of a breakdown as dimension=value '
                  '("grade=PO1", "level=Board", "quarter=Lower", "sex=Female").', "text"),
    "group": ("The group the figure is about, named as the publication's grouping names it, or as the measure's "
              'standard fixes its groups ("White" and "BME" for the NHS WRES); "All staff" for everyone in the '
              "cell (a table by sex or by disability has only these rows: each sex's or disability status's "
              "whole staff, every ethnic group together).", "text"),
    "comparator": ("For a comparison (relative likelihood, pay gap, difference), the reference group the group is "
                   "compared with; blank for the group's own figure.", "text"),
    "numerator": ("The count the value is worked out from: the people in the group with the outcome (for a "
                  "comparison, the group's; for a pay gap, blank).", COUNT),
    "denominator": ("The count the numerator is out of: the people in the group (for a pay gap, the people in the "
                    "group whose pay is compared).", COUNT),
    "value": ("The figure, worked out from the published (rounded) counts; blank when hidden or not computable "
              "(the status and reason say why).", "depends on the measure: see each measure's value unit"),
    "ci_low": ("The lower end of the 95% interval of the value.", "the value's unit"),
    "ci_high": ("The upper end of the 95% interval of the value.", "the value's unit"),
    "p_value": ("For a comparison tested against parity, the p-value of that test (small values: a difference "
                "unlikely to be chance); blank where not tested.", "probability from 0 to 1"),
    "status": ("Whether and how the figure can be read: one of the statuses below.", "text (a status)"),
    "reason": ("Why a figure is hidden or not computable, in words; blank otherwise.", "text"),
    "band": ("For a relative likelihood, whether it lies inside the four-fifths band 0.80 to 1.25 "
             "(non-adverse) or outside it (adverse); blank otherwise.", 'text: "non-adverse" or "adverse"'),
    "previous_value": ("The same figure at the previous snapshot, for a share, rate or relative likelihood that "
                       "has one; blank otherwise.", "the value's unit"),
    "change_significant": ("Whether the change since the previous snapshot is statistically significant (a z "
                           "test at the 5% level); blank where there is no previous figure or it cannot be "
                           "tested.", "True, False or blank"),
}

STATUS_MEANINGS: dict[str, str] = {
    OK: "The figure as computed from the published (rounded) counts.",
    LOW_POWER: ("Computed, but the groups are too small to detect a relative likelihood of 1.25 (or 0.80) with "
                "80% power: read it with its interval."),
    SUPPRESSED: ("Hidden by the disclosure protection (a count published as fewer than 5, or fewer than 10 "
                 "people for a pay figure): the value is blank and the reason says why."),
    NOT_COMPUTABLE: ("The data cannot give this figure (no one in a group, a missing input file, no previous "
                     "snapshot for a figure over two years): the value is blank and the reason says which."),
}

BANDS: dict[str, str] = {
    "non-adverse": "A relative likelihood from 0.80 to 1.25: inside the four-fifths band.",
    "adverse": "A relative likelihood below 0.80 or above 1.25.",
}

UNITS = {
    "share": PROPORTION,
    "percent": "percentage (a pay gap of 5.0 is 5%: the group earns 5% less than the reference group)",
    "pence": "pence the group earns for every pound the reference group earns",
    "points": "percentage points: one percentage minus another (-8.2 is 8.2 points below)",
    "ratio": "relative likelihood: the group's rate divided by the reference group's (1 is parity)",
    "number": "a number as recorded in the action plan",
}


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    unit: str


@dataclass(frozen=True)
class MeasureEntry:
    id: str
    title: str
    standard: str
    shape: str
    definition: str
    formula: str
    interpretation: str
    value_unit: str  # a group's own figure
    comparison_unit: str  # a row with a comparator


def columns() -> list[Column]:
    """Every column of a published table, in the download's order (unknown ones with no meaning)."""
    return [Column(name, *COLUMNS.get(name, ("", ""))) for name in services.CSV_HEADER]


def statuses() -> dict[str, str]:
    return {status: STATUS_MEANINGS.get(status, "") for status in STATUSES}


def unit(measure_id: str, comparison: bool) -> str:
    """What a value of ``measure_id`` is in (a group's own figure, or a row with a comparator)."""
    kind = registry.kinds().get(measure_id, "rate")
    mode = services.display_mode(Result(measure=measure_id, period="", comparator="x" if comparison else None),
                                 kind)
    if mode == "number":
        mode = "number" if kind == "manual" else "ratio"
    return UNITS[mode]


def title(measure_id: str) -> str:
    source = registry.DERIVED.get(measure_id, measure_id)
    if source not in registry.MEASURES:
        return measure_id
    extra = ", in pence in the pound" if source != measure_id else ""
    return registry.MEASURES[source].title + extra


def measure(measure_id: str) -> MeasureEntry:
    """One measure's entry; a derived one (pence in the pound) is described from its gap."""
    source = registry.DERIVED.get(measure_id, measure_id)
    m = registry.MEASURES[source]
    definition, formula = m.definition, m.formula
    if source != measure_id:
        definition = (f"The {source} gap read as pence in the pound: what the group earns for every pound the "
                      f"reference group earns. {m.definition}")
        formula = f"100 - ({m.formula})"
    direction = m.direction if source == measure_id else "100 is parity; below 100 the group is paid less"
    interpretation = f"{direction[:1].upper()}{direction[1:]}." if direction else ""
    if m.fixed_groups:
        interpretation += f" Its groups are {m.fixed_groups}."
    return MeasureEntry(measure_id, title(measure_id), m.standard, m.kind, definition, formula,
                        interpretation.strip(), unit(measure_id, False), unit(measure_id, True))


def measures(measure_ids) -> list[MeasureEntry]:
    return [measure(i) for i in sorted(set(measure_ids))]


def publishable_measures() -> list[str]:
    """Every measure some publishable page shows."""
    from ..dashboards import publishing

    return sorted({m for m, _ in services.page_tables([slug for slug, _ in publishing.pages()])})


def as_dict(measure_ids) -> dict:
    return {"columns": [asdict(c) for c in columns()], "statuses": statuses(), "bands": BANDS,
            "measures": [asdict(m) for m in measures(measure_ids)]}


CSV_HEADER = ["section", "name", "meaning", "unit", "title", "standard", "shape", "formula", "interpretation",
              "comparison_unit"]


def csv_rows(measure_ids) -> list[list]:
    """The dictionary as one CSV: a row per column, per status, per band and per measure."""
    out = [["column", c.name, c.meaning, c.unit, "", "", "", "", "", ""] for c in columns()]
    out += [["status", s, meaning, "", "", "", "", "", "", ""] for s, meaning in statuses().items()]
    out += [["band", b, meaning, "", "", "", "", "", "", ""] for b, meaning in BANDS.items()]
    out += [["measure", m.id, m.definition, m.value_unit, m.title, m.standard, m.shape, m.formula, m.interpretation,
             m.comparison_unit] for m in measures(measure_ids)]
    return out
