"""The standards' data returns as XLSX: WRES, Social Care WRES and WDES, this year beside last year.

A *data return* is the workbook a council sends or publishes for one standard at one snapshot
date (the *period*): every indicator of the standard, this year's figure beside last year's
(the previous snapshot with results in the same computed set). Its figures are the
``StoredResult`` rows of one ``ComputedSet``, already through the disclosure protection
(docs/disclosure.md); nothing is recomputed and no record-level data is read.

Layout followed: NHS England's *Technical guidance for the NHS Workforce Race Equality
Standard (WRES)* (July 2018 and later editions) and its reporting template, which sets each
indicator's "data for reporting year" beside its "data for previous year", with space for the
narrative and the actions taken and planned:

* indicator 1, staff in each pay band (here the council's grades, then senior leadership, the
  board and the whole workforce) who are White, BME or not stated, counts and percentages;
* indicators 2 to 4, the relative likelihoods, with the counts behind them (each group's
  numerator and denominator, then the ratio with the counts it is made from);
* indicators 5 to 8, the staff survey percentages for White and BME staff;
* indicator 9, the percentage-point difference between the board's BME share and the
  workforce's.

The Social Care WRES and the WDES are laid out the same way, indicator by indicator, for the
indicators Parity computes (WDES 1 to 3: the survey and board indicators 4 to 9 are not in the
data). Councils have grades, not Agenda for Change bands, and no clinical / non-clinical split:
the grades stand in for the bands, in pay order where the council has set its grade bands.

Workbook: a cover sheet (council, standard, period, previous period, when it was generated, how
the figures are protected and what each status means), a ``Return`` sheet in the template's
layout (one headline figure a line, this year beside last year, with empty narrative and action
columns for the council), and one sheet per indicator with every stored row: numerator,
denominator, value, 95% interval and status for each rate and ratio. A figure that is hidden or
not computable is never written as a number: its cell holds the status and the stored reason
("hidden: fewer than 5 people ..."). A count published as 0 reads "<5".

"BME" appears only because the WRES defines it; elsewhere Parity says "ethnic minorities".

The same computed set, standard, period and time of generation give the same bytes: the
workbook's created and modified properties and every zip entry's date are the time given.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Q

from ...engine import registry
from ...engine.grades import parse_bands
from ...engine.measures.base import Measure
from ...engine.results import NOT_COMPUTABLE, OVERALL, SUPPRESSED
from ..measures.models import ComputedSet, MeasureSettings, StoredResult
from ..dashboards import wording
from ..dashboards.templatetags.figures import date_in_words
from .sheets import TITLE_SIZE, generated_text, landscape, put, row_of, steady_bytes, title_rows, widths, workbook

STANDARDS: dict[str, str] = {
    "wres": "NHS Workforce Race Equality Standard",
    "scwres": "Social Care WRES",
    "wdes": "Workforce Disability Equality Standard",
}

# What each stored status is called in the return, and what it means (the cover sheet says so).
STATUS_LABELS = {"ok": "ok", "low_power": "low power", SUPPRESSED: "hidden", NOT_COMPUTABLE: "not computable"}
STATUS_MEANINGS = (
    ("ok", "the figure as computed from the published (rounded) counts."),
    ("low power", "computed, but too few people to detect a relative likelihood of 1.25 (or 0.80) with 80% "
                  "power: read it with its interval."),
    ("hidden", "withheld by the disclosure protection; the cell says why instead of giving a number."),
    ("not computable", "the data cannot give this figure (no one in a group, a missing input, the first "
                       "snapshot of a rolling figure); the cell says why."),
    ("no figure", "nothing is stored for this row at this snapshot (for example, no applications in the year)."),
)
NO_PREVIOUS = "no previous snapshot"
NO_FIGURE = "no figure stored for this snapshot"

# (numerator, denominator) of each indicator's rates, as the return's column headers.
COUNTED = {
    "1": ("Staff", "Staff in the grade or level"),
    "wres.2": ("Appointed", "Shortlisted"), "scwres.2": ("Appointed", "Shortlisted"),
    "wdes.2": ("Appointed", "Shortlisted"),
    "wres.3": ("Entering the disciplinary process", "Headcount (person-years)"),
    "scwres.3": ("Entering the disciplinary process", "Headcount (person-years)"),
    "scwres.4": ("Referred (fitness to practise)", "Headcount (person-years)"),
    "wdes.3": ("Entering the capability process", "Headcount (person-years)"),
    "wres.4": ("Accessing non-mandatory training", "Headcount"),
    "scwres.5": ("Accessing non-mandatory training", "Headcount"),
    "scwres.8": ("Leavers", "Headcount at the previous snapshot"),
    "wres.7": ("Believing it", "Respondents answering"),
}
SURVEY_COUNTED = ("Experiencing it", "Respondents answering")
ADJECTIVES = {"Ethnic minorities": "ethnic-minority"}  # a group's name before a noun
DIFFERENCE_SUBJECT = {"wres.9": "the board", "scwres.9": "senior management"}
GROUP_ORDER = ("White", "BME", "Ethnic minorities", "Disabled", "Not disabled", "Not stated", "All staff")
LEVEL_ORDER = ("level=Senior leadership", "level=Board", OVERALL)

RATE_BLOCK = ("Numerator", "Denominator", "%", "95% CI low", "95% CI high", "Status")
COMPARISON_BLOCK = ("Group: count", "Group: out of", "Compared with: count", "Compared with: out of", "Value",
                    "95% CI low", "95% CI high", "Band", "Status")
PERCENT, RATIO, POINTS, COUNT = "0.0%", "0.00", "0.0", "#,##0"


@dataclass(frozen=True)
class Year:
    """One snapshot's stored rows of one indicator, by (breakdown, group, comparator); ``whole``
    is the reason the whole snapshot is not computable, if a row says so; ``period`` is "" when
    there is no such snapshot (no previous year)."""

    period: str
    rows: dict
    whole: str = ""


def periods(computed: ComputedSet) -> list[str]:
    """Snapshot dates with results of any of the standards in ``computed``, newest first."""
    prefixes = Q()
    for key in STANDARDS:
        prefixes |= Q(measure__startswith=f"{key}.")
    found = (StoredResult.objects.filter(prefixes, computed_set=computed).exclude(period="")
             .values_list("period", flat=True).distinct())
    return sorted(set(found), reverse=True)


def write_return(computed: ComputedSet, standard: str, period: str, generated_at: dt.datetime,
                 council: str = "", grade_bands: str | None = None) -> bytes:
    """The data return of ``standard`` (a key of ``STANDARDS``) at snapshot ``period``, as XLSX
    bytes; ``ValueError`` for an unknown standard or a period with no results. ``grade_bands``
    (the settings' text, which orders the grades) defaults to the council's current bands: a
    stored return keeps the text it was made with, so it is made again the same."""
    if standard not in STANDARDS:
        raise ValueError(f"unknown standard {standard!r}; choose one of {', '.join(STANDARDS)}")
    available = periods(computed)
    if period not in available:
        raise ValueError(f"no results for the snapshot {period!r} in computed set {computed.pk}; "
                         f"snapshots with results: {', '.join(available) or 'none'}")
    previous = next((p for p in available if p < period), "")
    measures = registry.select([standard])
    years = {m.id: (_year(computed, m, period), _year(computed, m, previous)) for m in measures}
    book = workbook(generated_at)
    _cover(book.active, computed, standard, period, previous, generated_at, council, measures)
    _summary(book.create_sheet("Return"), measures, years)
    order = _grade_order(MeasureSettings.current().grade_bands if grade_bands is None else grade_bands)
    for m in measures:
        _indicator(book.create_sheet(sheet_name(m)), m, *years[m.id], min_cell(computed), order)
    return steady_bytes(book, generated_at)


# --- reading the stored rows ---------------------------------------------------------------

def grouping_for(computed: ComputedSet, measure: Measure) -> str:
    """The grouping whose stored rows hold ``measure``: the one its standard's groups are the same
    as (``wres_binary`` for the WRES and the Social Care WRES), else the set's chosen grouping
    (the WDES rows, by disability, are the same in each)."""
    return measure.same_as_grouping or (computed.parameters or {}).get("grouping", "ons5")


def min_cell(computed: ComputedSet) -> int:
    """The rounding base the set's counts were published with (a count of 0 reads "<base")."""
    return int((computed.parameters or {}).get("min_cell") or 5)


def _year(computed: ComputedSet, measure: Measure, period: str) -> Year:
    if not period:
        return Year("", {})
    stored = StoredResult.objects.filter(computed_set=computed, grouping=grouping_for(computed, measure),
                                         measure=measure.id, period=period).order_by("id")
    rows, whole = {}, ""
    for r in stored:
        if not r.group and r.comparator is None and r.status == NOT_COMPUTABLE:
            whole = r.reason
        else:
            rows[(r.breakdown, r.group, r.comparator)] = r
    return Year(period, rows, whole)


def _grade_order(grade_bands: str) -> dict[str, tuple[int, str]]:
    """Each grade's place in pay order and its band, from the council's grade bands (an
    ordering only: no figure comes from the settings); empty when none are set."""
    try:
        bands = parse_bands(grade_bands)
    except ValueError:
        return {}
    return {grade: (i, band.name) for i, (band, grade) in
            enumerate((b, g) for b in bands for g in b.grades)}


def _natural(text: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text))


def _breakdown_key(breakdown: str, order: dict) -> tuple:
    if breakdown.startswith("grade="):
        grade = breakdown[len("grade="):]
        return (0, order.get(grade, (len(order), ""))[0], _natural(grade))
    return (1, LEVEL_ORDER.index(breakdown) if breakdown in LEVEL_ORDER else len(LEVEL_ORDER), ())


def _group_key(group: str) -> tuple:
    return (GROUP_ORDER.index(group) if group in GROUP_ORDER else len(GROUP_ORDER), group)


def _keys(this: Year, last: Year, wanted, order: dict) -> list[tuple]:
    keys = {k for k in (*this.rows, *last.rows) if wanted(k)}
    return sorted(keys, key=lambda k: (_breakdown_key(k[0], order), _group_key(k[1]), k[2] or ""))


def _is_indicator_1(m: Measure) -> bool:
    return m.kind == "composition"


def _wanted(m: Measure):
    """The rows the return shows: indicator 1 by grade, level and the whole workforce; every
    other indicator for the whole organisation, as the standard's return asks."""
    if _is_indicator_1(m):
        return lambda k: k[0] == OVERALL or k[0].startswith(("grade=", "level=")) and ";" not in k[0]
    return lambda k: k[0] == OVERALL


# --- cells ---------------------------------------------------------------------------------

def _count(n: float | None, base: int):
    """A published count: a number, or "<5" for a count published as 0, or empty."""
    if n is None:
        return None
    return f"<{base}" if n == 0 else (round(n), COUNT)


def _value_format(m: Measure, comparison: bool) -> str:
    if m.kind == "difference":
        return POINTS
    return RATIO if comparison else PERCENT


def _missing(year: Year) -> str:
    if not year.period:
        return NO_PREVIOUS
    if year.whole:
        return f"not computable: {year.whole}"
    return NO_FIGURE


def _status(r: StoredResult | None, year: Year) -> str:
    if r is None:
        return "not computable" if year.period and year.whole else "no figure"
    return STATUS_LABELS.get(r.status, r.status)


def _value(r: StoredResult | None, year: Year, fmt: str) -> list:
    """The value and its interval: numbers, or the status and reason in place of the value."""
    if r is None:
        return [_missing(year), None, None]
    if r.status in (SUPPRESSED, NOT_COMPUTABLE) or r.value is None:
        return [f"{STATUS_LABELS.get(r.status, r.status)}: {r.reason or 'no value'}", None, None]
    return [(r.value, fmt), *((v, fmt) if v is not None else None for v in (r.ci_low, r.ci_high))]


def _rate_block(r: StoredResult | None, year: Year, fmt: str, base: int) -> list:
    """Numerator, denominator, value, interval, status."""
    counts = [None, None] if r is None else [_count(r.numerator, base), _count(r.denominator, base)]
    return counts + _value(r, year, fmt) + [_status(r, year)]


def _comparison_block(r: StoredResult | None, year: Year, fmt: str, base: int) -> list:
    """The counts behind a ratio or difference (the group's and the comparator's), its value,
    interval, band and status."""
    if r is None:
        counts = [None] * 4
    else:
        counts = [_count(n, base) for n in (r.numerator, r.denominator, r.comparator_numerator,
                                            r.comparator_denominator)]
    band = r.band if r is not None and r.value is not None else None
    return counts + _value(r, year, fmt) + [band, _status(r, year)]


# --- sheets --------------------------------------------------------------------------------

def sheet_name(m: Measure) -> str:
    """``wres.1`` -> ``WRES 1``; ``scwres.7a`` -> ``SCWRES 7a``."""
    standard, number = m.id.split(".", 1)
    return f"{standard.upper()} {number}"


def _header(ws, row: int, labels: list[str], block: list[str], years: tuple[Year, Year], stride: int) -> int:
    """Two bold header rows, the years over their blocks (last year's ``stride`` columns after this
    year's, so the tables of a sheet line up), then the column names; the first data row."""
    from openpyxl.styles import Alignment, PatternFill

    start = len(labels) + 1
    for i, (title, year) in enumerate(zip(("This year", "Last year"), years)):
        column = start + i * stride
        put(ws, row, column, f"{title}: {date_in_words(year.period) if year.period else NO_PREVIOUS}", bold=True)
        ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + len(block) - 1)
    gap = [None] * (stride - len(block))
    row_of(ws, row + 1, [*labels, *block, *gap, *block], bold=True)
    for column in set(range(1, len(labels) + stride + len(block) + 1)) - set(range(start + len(block), start + stride)):
        cell = ws.cell(row=row + 1, column=column)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    ws.row_dimensions[row + 1].height = max(45, ws.row_dimensions[row + 1].height or 0)
    if not ws.print_title_rows:
        ws.print_title_rows = f"{row}:{row + 1}"
    return row + 2


def _labels(m: Measure, order: dict) -> list[str]:
    if not _is_indicator_1(m):
        return ["Figure", "Group", "Compared with"]
    return ["Grade or level", "Pay band", "Group"] if order else ["Grade or level", "Group"]


def _indicator(ws, m: Measure, this: Year, last: Year, base: int, order: dict):
    """One indicator's sheet: every row the return shows, this year's block beside last year's."""
    labels = _labels(m, order)
    widths(ws, ([30, 14, 14] if len(labels) == 3 and not order else [18, 14, 14][:len(labels)])
            + [11] * 18)
    landscape(ws)
    lines = [wording.definition(m.definition), f"Formula: {m.formula}. Direction: {m.direction}."]
    row = title_rows(ws, f"{sheet_name(m)}: {m.title}", lines + [f"Groups: {m.fixed_groups}."] * bool(m.fixed_groups),
                 len(labels) + 9)
    wanted = _wanted(m)
    rates = _keys(this, last, lambda k: wanted(k) and k[2] is None, order)
    comparisons = _keys(this, last, lambda k: wanted(k) and k[2] is not None, order)
    first = None
    if rates and m.kind != "difference":
        stride = len(COMPARISON_BLOCK) if comparisons else len(RATE_BLOCK)
        row, first = _rates_table(ws, row, m, labels, rates, (this, last), base, order, stride)
    if comparisons:
        row, start = _comparisons_table(ws, row, m, comparisons, (this, last), base)
        first = first or start
    if first is None:
        row_of(ws, row, [f"No figures are stored for this indicator at either snapshot. This year: {_missing(this)}. "
                       f"Last year: {_missing(last)}."], {1: len(labels) + 9})
    else:
        ws.freeze_panes = ws.cell(row=first, column=len(labels) + 1)


def _blocks(labels: list, blocks: list[list], value_at: int, stride: int) -> tuple[list, dict[int, int]]:
    """A data row's cells (each year's block ``stride`` columns wide), and its spans: a value
    given as text (hidden, not computable) is merged across the value and interval columns."""
    cells, spans = list(labels), {}
    for block in blocks:
        if isinstance(block[value_at], str):
            spans[len(cells) + value_at + 1] = 3
        cells += block + [None] * (stride - len(block))
    return cells, spans


def _rates_table(ws, row: int, m: Measure, labels: list, keys: list, years: tuple, base: int, order: dict,
                 stride: int):
    numerator, denominator = COUNTED.get(m.id) or (COUNTED["1"] if _is_indicator_1(m) else SURVEY_COUNTED)
    value = "% of the grade or level" if _is_indicator_1(m) else "%"
    if not _is_indicator_1(m):
        row_of(ws, row, ["Each group's figure"], bold=True)
        row += 1
    row = start = _header(ws, row, labels, [numerator, denominator, value, *RATE_BLOCK[3:]], years, stride)
    figure = f"{numerator}, % of {denominator[0].lower()}{denominator[1:]}"
    for key in keys:
        breakdown, group, _ = key
        names = [*_breakdown_labels(breakdown, order), group] if _is_indicator_1(m) else [figure, group, None]
        row_of(ws, row, *_blocks(names, [_rate_block(y.rows.get(key), y, PERCENT, base) for y in years], 2, stride))
        row += 1
    return row + 1, start


def _breakdown_labels(breakdown: str, order: dict) -> list[str]:
    """Grade or level, and its pay band when the council has set bands."""
    if breakdown.startswith("grade="):
        grade = breakdown[len("grade="):]
        place, band = grade, order.get(grade, (0, ""))[1]
    else:
        place = breakdown[len("level="):] if breakdown.startswith("level=") else "Whole workforce"
        band = ""
    return [place, band] if order else [place]


def _comparisons_table(ws, row: int, m: Measure, keys: list, years: tuple, base: int):
    difference = m.kind == "difference"
    row_of(ws, row, ["Difference in percentage points" if difference else "Relative likelihood"], bold=True)
    block = list(COMPARISON_BLOCK)
    block[4] = "Difference (points)" if difference else "Relative likelihood"
    row = start = _header(ws, row + 1, ["Figure", "Group", "Compared with"], block, years, len(block))
    fmt = _value_format(m, comparison=True)
    for key in keys:
        _, group, comparator = key
        names = [_comparison_label(m, group, comparator), group, comparator]
        row_of(ws, row, *_blocks(names, [_comparison_block(y.rows.get(key), y, fmt, base) for y in years], 4,
                               len(block)))
        row += 1
    return row + 1, start


def _comparison_label(m: Measure, group: str, comparator: str) -> str:
    if m.id in DIFFERENCE_SUBJECT:
        return f"{ADJECTIVES.get(group, group)} share of {DIFFERENCE_SUBJECT[m.id]} minus the {comparator.lower()}'s"
    return f"{group} compared with {comparator}"


# --- the return sheet (the template's layout) and the cover --------------------------------

def _headlines(m: Measure, this: Year, last: Year) -> list[tuple[str, tuple, bool]]:
    """The return's lines for one indicator: (what the figure is, row key, is a comparison)."""
    if _is_indicator_1(m):
        keys = _keys(this, last, lambda k: k[0] == OVERALL and k[2] is None, {})
        return [(f"% of the workforce: {k[1]}", k, False) for k in keys]
    if m.kind in ("rate", "difference"):
        keys = _keys(this, last, lambda k: k[0] == OVERALL and k[2] is not None, {})
        return [(_comparison_label(m, k[1], k[2]), k, True) for k in keys] or [("Relative likelihood", None, True)]
    keys = _keys(this, last, lambda k: k[0] == OVERALL and k[2] is None and k[1] not in ("All staff", "Not stated"),
                 {})
    return [(f"% of {ADJECTIVES.get(k[1], k[1])} respondents", k, False) for k in keys] or [("%", None, False)]


def _summary(ws, measures: list[Measure], years: dict):
    """The template's layout: each indicator's headline figure for the reporting year beside the
    previous year's, with the narrative and action columns left for the council."""
    from openpyxl.styles import Font, PatternFill

    this_period, last_period = (y.period for y in years[measures[0].id])
    widths(ws, [11, 40, 32, 24, 12, 24, 12, 36, 36])
    landscape(ws)
    row = title_rows(ws, "Data return: each indicator this year and last year", [
        "One line for each indicator's headline figure, as the standard's reporting template sets them out. "
        "Every figure's counts, interval and status, and the breakdowns, are on the indicator's own sheet. "
        "Narrative and actions are for the council to write."], 9)
    row_of(ws, row, ["Indicator", "Description", "Figure", f"Data for reporting year ({date_in_words(this_period)})",
                   "Status", "Data for previous year ("
                   + (date_in_words(last_period) if last_period else NO_PREVIOUS) + ")", "Status",
                   "Narrative: the implications of the data", "Action taken and planned"], bold=True)
    for column in range(1, 10):
        ws.cell(row=row, column=column).fill = PatternFill("solid", fgColor="DDE4EE")
    ws.freeze_panes = ws.cell(row=row + 1, column=3)
    for m in measures:
        this, last = years[m.id]
        for label, key, comparison in _headlines(m, this, last):
            row += 1
            cells = [sheet_name(m), m.title, label]
            for year in (this, last):
                r = year.rows.get(key) if key else None
                cells += [_value(r, year, _value_format(m, comparison))[0], _status(r, year)]
            row_of(ws, row, cells)
            ws.cell(row=row, column=1).font = Font(bold=True)


def _cover(ws, computed: ComputedSet, standard: str, period: str, previous: str, generated_at: dt.datetime,
           council: str, measures: list[Measure]):
    """Who, what, when, and how to read it: the protection and the status vocabulary."""
    from openpyxl.styles import Font

    ws.title = "Cover"
    widths(ws, [28, 110])
    landscape(ws)
    ws.cell(row=1, column=1, value=f"{STANDARDS[standard]}: data return").font = Font(bold=True, size=TITLE_SIZE)
    base = min_cell(computed)
    facts = [
        ("Council", council or "(not named)"),
        ("Standard", STANDARDS[standard]),
        ("Period (snapshot date)", f"{period} ({date_in_words(period)})"),
        ("Previous period", f"{previous} ({date_in_words(previous)})" if previous else
         f"{NO_PREVIOUS}: last year's cells say so"),
        ("Generated at", generated_text(generated_at)),
        ("Figures from", "the workforce data in use when the figures were computed, on "
         + date_in_words((computed.finished_at or computed.created_at).date())),
        ("Indicators", ", ".join(sheet_name(m) for m in measures)),
    ]
    for row, (label, value) in enumerate(facts, start=3):
        row_of(ws, row, [label, value])
        ws.cell(row=row, column=1).font = Font(bold=True)
    sections = [
        ("How the figures are protected", list(computed.methodology or [])
         or ["The computed set records no protection statement."]),
        ("Status of each figure", [f"{label}: {meaning}" for label, meaning in STATUS_MEANINGS]
         + [f'A count shown as "<{base}" was rounded to 0 (0 to {base - 1} people); a value that depends on it '
            "is hidden, its cell saying why."]),
        ("Layout and language", [
            "Laid out as the NHS WRES technical guidance's reporting template: each indicator's data for the "
            "reporting year beside the data for the previous year, with the counts behind every rate and ratio.",
            "The council's grades stand in for the Agenda for Change pay bands (in pay order where grade bands "
            "are set); there is no clinical / non-clinical split.",
            *(['"BME" is used only because the WRES defines it; Parity otherwise says "ethnic minorities".']
              if standard == "wres" else []),
            "Relative likelihoods: 1.00 is parity; 0.80 to 1.25 is the non-adverse band. Intervals are 95%."]),
    ]
    row = len(facts) + 4
    for heading, lines in sections:
        row_of(ws, row, [heading], bold=True)
        for row, line in enumerate(lines, start=row + 1):
            row_of(ws, row, [None, line])
        row += 2
