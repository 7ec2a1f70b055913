"""The annual report's figures and how they are written: reading the stored rows (only tables
every role's pages show), table symbols with their notes, rate tables and bar charts, and the
commentary sentences worked out from each row's change and relative likelihood.

Shared by the annual report's chapters (``annual``); see that module for what the report holds.
"""

from __future__ import annotations

import datetime as dt
import re

import altair as alt

from ...engine import registry
from ...engine.ethnicity import NOT_STATED
from ...engine.results import LOW_POWER, NOT_COMPUTABLE, OK, SUPPRESSED
from ..dashboards import charts, services as dashboard, wording
from ..dashboards.templatetags.figures import figure, interval
from ..measures.models import ComputedSet
from .content import Bullets, Figure, Heading, Paragraph, Table
from .periods import spoken

VERBS = {"recruitment.shortlisting": "be shortlisted", "recruitment.interview": "be interviewed once shortlisted",
         "recruitment.appointment_from_interview": "be appointed once interviewed",
         "scwres.2": "be appointed from shortlisting", "wdes.2": "be appointed from shortlisting",
         "scwres.5": "start non-mandatory training", "plan.training_completion": "complete a training programme",
         "casework.disciplinary": "enter the disciplinary process", "casework.grievance": "raise a formal grievance",
         "casework.capability": "enter the capability process", "scwres.3": "enter the disciplinary process",
         "wdes.3": "enter the capability process", "workforce.retention": "leave",
         "scwres.8": "leave", "workforce.promotion": "be promoted"}
OUTCOMES = (("workforce.promotion", "Promoted in the year"), ("workforce.retention", "Left since the year before"),
            ("recruitment.shortlisting", "Applications shortlisted"))
CHARACTERISTICS = {"sex": "Sex", "disability": "Disability"}
SYMBOLS = {SUPPRESSED: ("c", "not shown to protect the people counted"), NOT_COMPUTABLE: ("x", "not available"),
           LOW_POWER: ("u", "few people, so read with caution"), "not applicable": ("z", "not applicable")}
PEOPLE = {("sex", "Female"): "female {noun}", ("sex", "Male"): "male {noun}",
          ("sex", NOT_STATED): "{noun} who did not state their sex", ("disability", "Disabled"): "Disabled {noun}",
          ("disability", "Not disabled"): "{noun} who are not disabled",
          ("disability", NOT_STATED): "{noun} who did not say whether they are disabled"}
WHAT = {"plan.allies_trained": "share of staff trained as allies",
        "plan.eia_trained": "share of staff trained in equality impact assessment",
        "plan.managers_trained_race_equality": "share of managers trained to support cases of racial discrimination",
        "workforce.declaration_rate": "declaration rate", "workforce.composition": "share of staff",
        "scwres.1": "share of staff", "wdes.1": "share of staff", "scwres.5": "non-mandatory training rate",
        "plan.training_completion": "training completion rate", "workforce.retention": "leaving rate",
        "workforce.promotion": "promotion rate", "recruitment.shortlisting": "shortlisting rate",
        "recruitment.interview": "interview rate", "recruitment.appointment_from_interview": "appointment rate",
        "casework.disciplinary": "disciplinary rate", "casework.grievance": "grievance rate",
        "casework.capability": "capability rate"}
SMALL = "<5"
# every table a signed-in role's pages show (the attacker's download set): the report reads no other
SHOWN = dashboard.page_tables(["overview", "standards", *dashboard.TOPICS])


# --- words ---------------------------------------------------------------------------------

def day_words(iso: str) -> str:
    return spoken(dt.date.fromisoformat(iso))


def cell_name(breakdown: str) -> str:
    """"grade=PO5" -> "Grade PO5"; "sex=Female" -> "Female" (a characteristic's value names itself)."""
    key, _, value = breakdown.partition("=")
    return value if key in CHARACTERISTICS else f"{key.replace('_', ' ').capitalize()} {value}"


def title_of(measure: str) -> str:
    return registry.MEASURES[registry.DERIVED.get(measure, measure)].title


def shown_count(x: float | None) -> str | None:
    if x is None:
        return None
    return SMALL if x == 0 else f"{x:,.0f}"


def bare_value(value: float, mode: str) -> str:
    """A value for a table cell whose header carries the unit."""
    return figure(value, mode).removesuffix("%").removesuffix(" percentage points")


class Notes:
    """A table's symbols: each reason a figure is hidden (or weak) gets a symbol, explained under
    the table; "<5" is explained when a count shows it."""

    def __init__(self):
        self.symbols: dict[tuple[str, str], str] = {}
        self.small = False

    def mark(self, status: str, reason: str) -> str:
        if status == LOW_POWER:
            reason = re.sub(r"\s*\(power \d+%\)", "", reason or "")
        key = (status, reason or "")
        if key not in self.symbols:
            letter = SYMBOLS.get(status, SYMBOLS[NOT_COMPUTABLE])[0]
            same = sum(1 for s, _ in self.symbols if SYMBOLS.get(s, SYMBOLS[NOT_COMPUTABLE])[0] == letter)
            self.symbols[key] = f"[{letter}{same + 1 if same else ''}]"
        return self.symbols[key]

    def count(self, x: float | None, r=None) -> str:
        shown = shown_count(x)
        if shown is None:
            return self.mark(r.status if r is not None else NOT_COMPUTABLE,
                             r.reason if r is not None else "no figure")
        self.small = self.small or shown == SMALL
        return shown

    def value(self, row: dict | None, mode: str | None = None) -> str:
        if row is None:
            return self.mark(NOT_COMPUTABLE, "no figure for this group here")
        r = row["result"]
        if r.value is None:
            return self.mark(r.status, wording.in_words(r.reason))
        shown = bare_value(r.value, mode or row["mode"])
        return f"{shown} {self.mark(LOW_POWER, r.reason)}" if r.status == LOW_POWER else shown

    def before(self, row: dict | None) -> str:
        change = row and row["change"]
        if not change or change.previous_value is None:
            return self.mark(NOT_COMPUTABLE, "no figure for the year before")
        return bare_value(change.previous_value, row["mode"])

    def blocks(self) -> list:
        lines = [f"{symbol} {SYMBOLS.get(status, SYMBOLS[NOT_COMPUTABLE])[1]}: {reason}."
                 for (status, reason), symbol in self.symbols.items()]
        if self.small:
            lines.append(f"{SMALL} a count rounded to 0: from 0 to 4 people.")
        return [Paragraph(" ".join(lines), "note")] if lines else []


# --- rows ------------------------------------------------------------------------------------

class Figures:
    """The stored figures of one snapshot in one grouping, read through the dashboard's service,
    and every measure the report used (for the methodology)."""

    def __init__(self, computed: ComputedSet, snapshot: str, grouping: str):
        self.computed, self.snapshot, self.grouping = computed, snapshot, grouping
        self.filters = dashboard.Filters(snapshot, "", grouping)
        self.labels = dashboard.group_labels(grouping)
        self.used: list[str] = []

    def rows(self, measure: str, prefix: str | None = None) -> list[dict]:
        """The measure's rows (one breakdown's cells with ``prefix``): only a table the dashboard
        pages show every signed-in role (``SHOWN``), so the report adds nothing to what they can
        already download; any other table is empty here."""
        table = prefix.split("=")[0] + "=" if prefix and not dashboard.is_one_way(prefix) else prefix or ""
        if (measure, table) not in SHOWN:
            return []
        if measure not in self.used:
            self.used.append(measure)
        rows = dashboard.measure_rows(self.computed, [measure], self.filters, prefix)[measure]
        return sorted(rows, key=lambda row: (row["result"].breakdown, self.order(row["result"].group)))

    def order(self, group: str) -> tuple:
        """The pages' order of ethnic groups (``dashboards.services.group_order``)."""
        return dashboard.group_order(group, self.labels)


def rates_of(rows: list[dict]) -> list[dict]:
    return [row for row in rows if row["result"].comparator is None]


def ratios_of(rows: list[dict]) -> dict[str, dict]:
    return {row["result"].group: row for row in rows if row["result"].comparator}


def significant_ratio(row: dict) -> bool:
    r = row["result"]
    p = r.p_adjusted if r.p_adjusted is not None else r.p_value
    return r.value is not None and p is not None and p < 0.05


# --- commentary ------------------------------------------------------------------------------

def _people(group: str, noun: str = "staff") -> str:
    """A group as people: "White staff", "staff from Mixed or Multiple ethnic groups"."""
    if group in ("All staff", "All employees", ""):
        return f"all {noun}"
    if group == NOT_STATED:
        return f"{noun} who did not state an ethnicity"
    if group == "Ethnic minorities":
        return f"{noun} from ethnic minorities"
    if group.startswith("Ethnic minorities (combined: "):
        return f"{noun} from the combined ethnic minority groups ({group.removeprefix('Ethnic minorities (combined: ')}"
    if group == "Not disabled":
        return f"non-disabled {noun}"
    if group == "Other ethnic group":
        return f"{noun} from any other ethnic group"
    if "group" in group.lower():
        return f"{noun} from {group}"
    return f"{group} {noun}"


def _among(breakdown: str, noun: str) -> str:
    """The cell a figure is about, as the start of a sentence: "Among female staff, "."""
    if breakdown == "overall":
        return ""
    key, _, value = breakdown.partition("=")
    who = PEOPLE.get((key, value), "{noun} in " + cell_name(breakdown).replace("Grade ", "grade ")).format(noun=noun)
    return f"Among {who}, "


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def change_sentence(row: dict, what: str, noun: str = "staff") -> str | None:
    change, r = row["change"], row["result"]
    if not change or not change.significant or change.previous_value is None or r.value is None:
        return None
    direction = "rose" if change.value > change.previous_value else "fell"
    if r.group.startswith("All") and what != "share of staff":
        subject = f"the {what}"
    elif what == "share of staff":
        subject = f"the share of {noun} who are {r.group}" if r.group not in (NOT_STATED, "Ethnic minorities") else \
            (f"the share of {noun} from ethnic minorities" if r.group == "Ethnic minorities"
             else f"the share of {noun} who did not state an ethnicity")
    else:
        subject = f"the {what} of {_people(r.group, noun)}"
    return (_sentence_start(f"{_among(r.breakdown, noun)}{subject} {direction} from "
                            f"{figure(change.previous_value, row['mode'])} to {figure(r.value, row['mode'])} since "
                            f"{day_words(change.previous_period)}; the change is statistically significant."))


def ratio_sentence(row: dict, measure: str, noun: str = "staff") -> str:
    r = row["result"]
    span = interval(r.ci_low, r.ci_high, "number")
    return _sentence_start(
        f"{_among(r.breakdown, noun)}{_people(r.group, noun)} were {figure(r.value, 'number')} times as likely as "
        f"{_people(r.comparator, noun)} to {VERBS.get(measure, 'have this outcome')}"
        f"{f' (95% interval {span})' if span else ''}; the difference is "
        f"{'' if significant_ratio(row) else 'not '}statistically significant.")


def standard_sentence(fig: "Figures", measure: str, noun: str = "staff") -> str | None:
    """A standard's one relative likelihood (Social Care WRES 2, WDES 3...), significant or not,
    or why it is not shown."""
    row = next((row for row in fig.rows(measure) if row["result"].comparator), None)
    if row is None:
        return None
    if row["result"].value is None:
        return f"{wording.short_name(measure)}: the relative likelihood is not shown: {wording.in_words(row['result'].reason)}."
    return f"{wording.short_name(measure)}: {ratio_sentence(row, measure, noun)}"


def standard_sentence_difference(fig: "Figures", measure: str) -> str | None:
    """A standard's percentage-point difference (Social Care WRES 9): senior leadership against
    the workforce and the local population."""
    out = []
    for row in fig.rows(measure):
        r = row["result"]
        against = "the whole workforce" if r.comparator == "Workforce" else f"the {str(r.comparator).lower()}"
        if r.value is None:
            out.append(f"against {against}, not shown: {wording.in_words(r.reason)}")
        else:
            out.append(f"against {against}, {figure(r.value, 'points')}")
    if not out:
        return None
    return (f"{wording.short_name(measure)} compares the ethnic-minority share of senior leadership with others (below 0, "
            "senior leadership is less diverse): " + "; ".join(out) + ".")


def commentary(rows: list[dict], what: str, measure: str, noun: str = "staff") -> list[str]:
    """What changed significantly since the year before, which relative likelihoods differ
    significantly from parity, and a sentence saying so when nothing did."""
    out = [s for s in (change_sentence(row, what, noun) for row in rows) if s]
    tested = [row for row in rows if row["change"] and row["change"].significant is not None]
    if tested and not out:
        before = day_words(tested[0]["change"].previous_period)
        out.append(f"No {what} figure changed significantly since {before}.")
    elif not tested and rows:
        out.append(f"There is no {what} from the year before to compare with.")
    ratios = [row for row in rows if row["result"].comparator and row["result"].value is not None]
    significant = [row for row in ratios if significant_ratio(row)]
    out += [ratio_sentence(row, measure, noun) for row in significant]
    if ratios and not significant:
        out.append(f"No group's relative likelihood to {VERBS.get(measure, 'have this outcome')} differs "
                   f"significantly from that of {_people(ratios[0]['result'].comparator, noun)}.")
    return out


# --- tables and charts -----------------------------------------------------------------------

def has_before(rows: list[dict]) -> bool:
    return any(row["change"] and row["change"].previous_value is not None for row in rows)


def rate_table(caption: str, rows: list[dict], first: str, number: str, of: str, rate: str,
               label=None) -> list:
    """Group | number | of | rate (%) | year before (%) (when there is one) | relative likelihood
    (when the measure has them), with the notes for its symbols."""
    notes = Notes()
    ratios = ratios_of(rows)
    before = has_before(rates_of(rows))
    header = (first, number, of, f"{rate} (%)") + (("Year before (%)",) if before else ())
    if ratios:
        header += (f"Relative likelihood (compared with {next(iter(ratios.values()))['result'].comparator})",)
    body = []
    for row in rates_of(rows):
        r = row["result"]
        cells = ((label or (lambda rr: rr.group or "All"))(r), notes.count(r.numerator, r),
                 notes.count(r.denominator, r), notes.value(row)) + ((notes.before(row),) if before else ())
        if ratios:
            cells += (notes.value(ratios[r.group], "number") if r.group in ratios else
                      notes.mark("not applicable", "no relative likelihood for the group compared with, all staff "
                                 "together or those who did not state an ethnicity"),)
        body.append(cells)
    return [Table(caption, header, tuple(body), (False,) + (True,) * (len(header) - 1))] + notes.blocks()


def bar_chart(title: str, values: list[dict], axis: str, reference: float | None = None,
              reference_label: str = "") -> list:
    """Horizontal bars (``values``: label, value, low, high, in the axis's units) with 95% interval
    error bars, and optionally a reference line; a Figure whose text alternative gives every figure."""
    values = [v for v in values if v["value"] is not None]
    if not values:
        return []
    base = alt.Chart(alt.Data(values=values))
    y = alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=300))
    layers = base.mark_bar(color="#1d70b8").encode(y=y, x=alt.X("value:Q", title=axis, scale=alt.Scale(zero=True)))
    if any(v.get("low") is not None for v in values):
        layers += base.mark_errorbar(ticks=True, color="#0b0c0c").encode(y=y, x=alt.X("low:Q", title=axis),
                                                                        x2="high:Q")
    if reference is not None:
        layers += alt.Chart(alt.Data(values=[{"x": reference}])).mark_rule(color="#d4351c", strokeWidth=2).encode(
            x=alt.X("x:Q", title=axis))
    chart = layers.properties(title=title, width=420, height=alt.Step(20))
    unit = "%" if "per cent" in axis else ""
    described = "; ".join(f"{v['label']} {v['value']:.{1 if unit else 2}f}{unit}"
                          + (f" (95% interval {v['low']:.{1 if unit else 2}f}{unit} to {v['high']:.{1 if unit else 2}f}"
                             f"{unit})" if v.get("low") is not None else "") for v in values)
    line = f" The red line marks {reference_label} ({reference:.1f}{unit})." if reference is not None else ""
    note = "Error bars show 95% intervals." if any(v.get("low") is not None for v in values) else ""
    return [Figure(f"{title}. {note}{line}".strip(), f"Bar chart, {title}: {described}.{line}",
                   charts.finish(chart))]


def chart_values(rows: list[dict], label=None) -> list[dict]:
    out = []
    for row in rows:
        r = row["result"]
        if r.value is None or r.status not in (OK, LOW_POWER):
            continue
        scale = 100 if row["mode"] == "share" else 1
        out.append({"label": (label or (lambda rr: rr.group))(r), "value": r.value * scale,
                    "low": None if r.ci_low is None else r.ci_low * scale,
                    "high": None if r.ci_high is None else r.ci_high * scale})
    return out


def rate_section(fig: Figures, measure: str, caption: str, number: str, of: str, rate: str, what: str,
                 heading: str | None = None, prefix: str | None = None, noun: str = "staff") -> list:
    """A heading (optional), commentary, the table and a chart of the groups' rates."""
    rows = fig.rows(measure, prefix)
    blocks = [Heading(heading, 3)] if heading else []
    if not rows:
        return blocks + [Paragraph(f"There are no {what} figures for this snapshot.")]
    blocks.append(Bullets(tuple(commentary(rows, what, measure, noun))))
    blocks += rate_table(caption, rows, "Ethnic group", number, of, rate)
    groups = [row for row in rates_of(rows) if not row["result"].group.startswith("All")]
    if sum(1 for row in groups if row["result"].value is not None) >= 2:
        whole = next((row["result"].value for row in rates_of(rows) if row["result"].group.startswith("All")
                      and row["result"].value is not None), None)
        blocks += bar_chart(f"{caption} by ethnic group", chart_values(groups), "per cent",
                            None if whole is None else 100 * whole, "the figure for all staff")
    return blocks


