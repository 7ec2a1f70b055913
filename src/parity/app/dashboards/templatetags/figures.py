"""Figures for reading, on every page: the one way Parity writes a value, an interval, a change."""

import datetime as dt

from django import template

from ....engine import sentences
from ....engine.statistics import NON_ADVERSE

register = template.Library()


UNIT_HEADERS = {"share": "Per cent", "percent": "Per cent", "pence": "Pence in the pound",
                "points": "Percentage points"}  # a table whose every value is one of these says so once


@register.simple_tag
def figure(value, mode, bare=False) -> str:
    """A value for reading. ``mode``: ``share`` (or True) a proportion shown as a percentage;
    ``percent`` already a percentage (pay gaps); ``pence`` pence in the pound; ``points`` a
    difference of two percentages, already in percentage points (the engine's *difference* kind); ``amount``
    a hand-entered figure as it was entered; anything else a ratio
    (``sentences.ratio``: two decimal places, as the sentences and the standards write them).
    ``bare``: without its unit, for a table column whose header gives it (``unit_header``)."""
    if value is None:
        return "not available"
    if mode is True or mode == "share":
        return f"{100 * value:.1f}" + ("" if bare else "%")
    if mode == "percent":
        return f"{value:.1f}" + ("" if bare else "%")
    if mode == "pence":
        return f"{value:.1f}" + ("" if bare else "p")
    if mode == "points":
        return f"{value:.1f}" + ("" if bare else " percentage points")
    if mode == "amount":  # a hand-entered figure, as entered: 12 -> "12", 1234.5 -> "1,234.5"
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    return sentences.ratio(value)


@register.simple_tag
def interval(low, high, mode, bare=False) -> str:
    """"12.0% to 15.5%" ("12.0 to 15.5" ``bare``), or "" when there is no interval."""
    if low is None or high is None:
        return ""
    return f"{figure(low, mode, bare)} to {figure(high, mode, bare)}"


@register.filter(name="unit_header")
def unit_header(rows) -> str:
    """The unit a table's Value column states in its header ("Per cent", "Pence in the pound",
    "Percentage points") when every row is in it, so its cells need not repeat it (spec/pages.md:
    "the % sign in the header, not in each cell"); "" for a table that mixes units (rates with
    the ratios comparing them), whose cells keep theirs."""
    modes = {"share" if row["mode"] is True else row["mode"] for row in rows}
    if len(modes) == 1:
        return UNIT_HEADERS.get(modes.pop(), "")
    if modes <= {"share", "percent"}:
        return "Per cent"
    return ""


@register.filter(name="date_words")
def date_in_words(day) -> str:
    """A date as pages and reports write it: 2026-03-31 (a date or its ISO text) -> "31 March 2026";
    text that is not a date comes back as it is."""
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            return day
    return f"{day.day} {day:%B %Y}"


@register.filter(name="count")
def count(value) -> str:
    """A count of people for reading (``sentences.count``: 15000.0 -> "15,000"); nothing for no count."""
    return "" if value is None else sentences.count(value)


@register.filter(name="in_words")
def in_words(text) -> str:
    """Engine text (a reason, a cell such as "grade=PO5") in words: ``wording.in_words``."""
    from ..wording import in_words as words  # wording writes dates with this module's date_in_words

    return words(text or "")


@register.filter(name="cell_value")
def cell_value(breakdown: str) -> str:
    """A one-way table's cell by its value: "sex=Female" -> "Female"."""
    return breakdown.partition("=")[2]


@register.filter(name="cell_dimension")
def cell_dimension(breakdown: str) -> str:
    """What a one-way table's cells are: "sex=Female" -> "Sex"."""
    return breakdown.partition("=")[0].capitalize()


@register.simple_tag
def band_words(result) -> str:
    """Where a relative likelihood stands against the four-fifths band, in words the interval
    supports: "adverse" only outside the band with an interval that leaves out 1 (glossary, "band")."""
    if not result.band:
        return ""
    where = f"{NON_ADVERSE[0]:.2f} to {NON_ADVERSE[1]:.2f}"
    if result.band == "non-adverse":
        return f"Within {where}"
    clear = result.ci_low is not None and result.ci_high is not None and (result.ci_low > 1 or result.ci_high < 1)
    return f"Outside {where}: adverse" if clear else f"Outside {where}, but it could be chance"


@register.filter(name="has_band")
def has_band(rows) -> bool:
    """Whether any row has a band, so a table shows the column only when it says something."""
    return any(row["result"].band for row in rows)


@register.filter(name="has_counts")
def has_counts(rows) -> bool:
    """Whether any row counts people (a pay gap counts none), so a table shows its Count column
    only when it says something."""
    return any(row["result"].numerator is not None for row in rows)


@register.filter(name="has_before")
def has_before(rows) -> bool:
    """Whether any row has the year before's figure."""
    return any(row.get("change") and row["change"].previous_value is not None for row in rows)


@register.filter(name="definition_words")
def definition_words(text) -> str:
    """A measure registry definition in words: ``wording.definition``."""
    from ..wording import definition

    return definition(text or "")


@register.filter(name="measure_name")
def measure_name(measure_id) -> str:
    """A measure id named for a reader: ``wording.short_name`` ("Social Care WRES 2")."""
    from ..wording import short_name
    from ....engine import registry

    return short_name(measure_id) if measure_id in registry.MEASURES else "another measure"


@register.simple_tag
def significance(result) -> str:
    """Whether a comparison's test is significant at the 5% level, with its p-value (the adjusted
    one where the groups were tested together, glossary "significant"): "Yes (p = 0.003,
    adjusted)", "No (p = 0.410)"; "" for a result with no test."""
    p = result.p_adjusted if result.p_adjusted is not None else result.p_value
    if p is None:
        return ""
    shown = "p less than 0.001" if p < 0.001 else f"p = {p:.3f}"
    return f"{'Yes' if p < 0.05 else 'No'} ({shown}{', adjusted' if result.p_adjusted is not None else ''})"
