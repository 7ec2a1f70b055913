"""The ethnicity pay gap report, following the GOV.UK guidance for employers ("Ethnicity pay
reporting: guidance for employers", 2023).

For one snapshot, from one stored computed set (already through the disclosure policy: a
hidden figure says why, never a number), in the grouping the council chose:

1. **Main facts**: the mean and median hourly pay gaps between White British employees and all
   ethnic minorities together, as percentages and as pence in the pound, each with its change
   since the year before and whether that change is statistically significant; the share of
   employees who did not state an ethnicity;
2. **Hourly pay gaps** by ethnic group: mean and median, with 95% intervals and group sizes;
3. **Pay quarters**: each group's share of each quarter of the pay range, with a chart;
4. **Bonus pay**: mean and median bonus gaps and the share of each group receiving a bonus;
5. **Who did not state an ethnicity**;
6. **The council's narrative**: what the officer writes (why the gaps exist, what is being done);
7. **Things you need to know**: the definitions (from the measure registry) and the protection.
"""

from __future__ import annotations

import datetime as dt

import altair as alt

from ...engine import registry
from ...engine.measures.pay import ALL_MINORITIES, QUARTERS
from ...engine.results import OK
from ..dashboards import charts, services as dashboard, wording
from ..dashboards.templatetags.figures import figure, interval
from ..measures.models import ComputedSet, StoredResult
from .content import Bullets, Figure, Heading, Paragraph, Report, Table
from .periods import spoken

TITLE = "Ethnicity pay gap report"
GAPS = ("pay.mean_gap", "pay.median_gap", "pay.mean_pence_in_pound", "pay.median_pence_in_pound")
BONUS = ("pay.bonus_mean_gap", "pay.bonus_median_gap", "pay.bonus_proportion")
MEASURE_IDS = GAPS + BONUS + ("pay.quartiles", "pay.representation", "pay.non_disclosure")
QUARTER_COLOURS = ("#1d70b8", "#28a197", "#f47738", "#912b88", "#d53880", "#85994b", "#6f72af", "#505a5f")


def _value(row: dict | None) -> str:
    if row is None:
        return "no figure"
    r = row["result"]
    if r.value is None:
        return f"not shown: {r.reason or r.status}"
    return figure(r.value, row["mode"])


def _spread(row: dict | None) -> str:
    if row is None or row["result"].value is None:
        return ""
    return interval(row["result"].ci_low, row["result"].ci_high, row["mode"]) or "none"


def _size(row: dict | None) -> str:
    return "" if row is None or row["result"].denominator is None else f"{row['result'].denominator:,.0f}"


def _by_group(rows: list[dict]) -> dict[str, dict]:
    return {row["result"].group: row for row in rows}


def _change(row: dict | None, before: StoredResult | None) -> str:
    """The year before's figure, and whether the change is significant where a test was made
    (``row["change"]``); a pay gap's change is not tested, so its figure the year before
    (``before``, the stored row of the previous snapshot) is given as it is."""
    change = row and row["change"]
    if change and change.previous_value is not None:
        earlier = figure(change.previous_value, row["mode"])
        if change.significant is None:
            return (f"The year before ({spoken(change.previous_period)}) it was {earlier}; the change cannot be "
                    f"tested ({change.reason}).")
        return (f"The year before ({spoken(change.previous_period)}) it was {earlier}; the change is "
                f"{'' if change.significant else 'not '}statistically significant.")
    if before is None:
        return "There is no figure for the year before to compare with."
    if before.value is None:
        return f"The year before ({spoken(before.period)}) it was not shown: {before.reason}."
    return (f"The year before ({spoken(before.period)}) it was {figure(before.value, row['mode'])} (the change in a "
            "pay gap is not tested for significance).")


def _year_before(computed: ComputedSet, grouping: str, row: dict | None) -> StoredResult | None:
    """The same figure's stored row at the snapshot before, if there is one."""
    if row is None:
        return None
    r = row["result"]
    earlier = [p for p in dashboard.snapshots(computed) if p < r.period]
    if not earlier:
        return None
    return StoredResult.objects.filter(computed_set=computed, grouping=grouping, measure=r.measure, period=max(earlier),
                                       breakdown=r.breakdown, group=r.group, comparator=r.comparator).first()


def _main_facts(rows: dict[str, list[dict]], reference: str, computed: ComputedSet, grouping: str) -> list:
    facts = []
    for gap, pence, words in (("pay.mean_gap", "pay.mean_pence_in_pound", "mean"),
                              ("pay.median_gap", "pay.median_pence_in_pound", "median")):
        row = _by_group(rows[gap]).get(ALL_MINORITIES)
        pence_row = _by_group(rows[pence]).get(ALL_MINORITIES)
        if row is None or row["result"].value is None:
            facts.append(f"The {words} hourly pay gap between {reference} employees and ethnic minority employees is "
                         f"{_value(row)}.")
            continue
        direction = "less" if row["result"].value > 0 else "more"
        facts.append(f"Ethnic minority employees are paid {figure(abs(row['result'].value), 'percent')} {direction} "
                     f"than {reference} employees on the {words} hourly rate ({_value(pence_row)} for every pound; "
                     f"95% interval {_spread(row)}). {_change(row, _year_before(computed, grouping, row))}")
    stated = rows["pay.non_disclosure"][0] if rows["pay.non_disclosure"] else None
    facts.append(f"{_value(stated)} of employees in the pay gap population did not state an ethnicity, so are "
                 "not in the gaps.")
    return [Heading("Main facts", 2), Bullets(tuple(facts))]


def _gap_table(rows: dict[str, list[dict]], ids: tuple[str, str], caption: str) -> Table:
    mean, median = (_by_group(rows[i]) for i in ids)
    groups = list(mean) + [g for g in median if g not in mean]
    return Table(caption, ("Ethnic group", "Employees", "Mean gap", "95% interval", "Median gap", "95% interval"),
                 tuple((g, _size(mean.get(g)), _value(mean.get(g)), _spread(mean.get(g)), _value(median.get(g)),
                        _spread(median.get(g))) for g in groups),
                 (False, True, True, True, True, True))


def _quarters(rows: list[dict]) -> list:
    cells = {(row["result"].breakdown.removeprefix("quarter="), row["result"].group): row for row in rows}
    groups = list(dict.fromkeys(row["result"].group for row in rows))
    table = Table("Each ethnic group's share of each pay quarter", ("Pay quarter",) + tuple(groups),
                  tuple((q,) + tuple(_value(cells.get((q, g))) for g in groups) for q in QUARTERS),
                  (False,) + (True,) * len(groups))
    values = [{"quarter": q, "group": g, "share": 100 * cells[(q, g)]["result"].value, "order": i}
              for q in QUARTERS for i, g in enumerate(groups)
              if (q, g) in cells and cells[(q, g)]["result"].value is not None and cells[(q, g)]["result"].status == OK]
    blocks = [Heading("Pay quarters", 2),
              Paragraph("Employees are ranked by hourly pay and cut into four quarters of near-equal size. Where "
                        "pay is fair, each group's share of every quarter is close to its share of the workforce."),
              table]
    if values:
        spec = charts.finish(alt.Chart(alt.Data(values=values)).mark_bar().encode(
            y=alt.Y("quarter:N", sort=list(QUARTERS), title=None),
            x=alt.X("share:Q", title="per cent of the quarter", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("group:N", title="Ethnic group", sort=groups,
                            scale=alt.Scale(domain=groups, range=list(QUARTER_COLOURS[:len(groups)])),
                            legend=alt.Legend(orient="bottom", columns=2, labelLimit=360)),
            order=alt.Order("order:Q"))
            .properties(width=440, height=alt.Step(30), title="Pay quarters by ethnic group"))
        described = "; ".join(f"{q}: " + ", ".join(f"{v['group']} {v['share']:.1f}%" for v in values
                                                    if v["quarter"] == q) for q in QUARTERS)
        blocks.append(Figure("Pay quarters by ethnic group",
                             f"Stacked bar chart of each pay quarter's make-up by ethnic group. {described}.", spec))
    return blocks


def _rate_table(rows: list[dict], caption: str, label: str) -> Table:
    return Table(caption, ("Ethnic group", label, "95% interval", "Of employees"),
                 tuple((row["result"].group, _value(row), _spread(row), _size(row)) for row in rows
                       if row["result"].comparator is None),
                 (False, True, True, True))


def _definitions(computed: ComputedSet) -> list:
    items = tuple(f"{registry.MEASURES[m].title}: {wording.definition(registry.MEASURES[m].definition)}"
                  for m in MEASURE_IDS if m in registry.MEASURES)
    return [Heading("Things you need to know", 2), Bullets(items),
            Paragraph("Every figure is protected as every figure Parity shows is:"),
            Bullets(tuple(computed.methodology or ()))]


def build(computed: ComputedSet, snapshot: str, council: str, generated_at: dt.datetime, narrative: str = "") -> Report:
    """The pay gap report's content for ``snapshot`` (see the module docstring)."""
    grouping = dashboard.chosen_grouping(computed)
    filters = dashboard.Filters(snapshot, "", grouping)
    rows = dashboard.measure_rows(computed, [m for m in MEASURE_IDS if m != "pay.quartiles"], filters)
    rows["pay.quartiles"] = dashboard.measure_rows(computed, ["pay.quartiles"], filters, "quarter=")["pay.quartiles"]
    reference = next((r["result"].comparator for r in rows["pay.mean_gap"] if r["result"].comparator), "White British")
    day = spoken(snapshot)
    blocks = [Paragraph(f"The ethnicity pay gap of {council or 'the council'} on {day}: the difference between the "
                        f"average hourly pay of {reference} employees and of ethnic minority employees, by group, "
                        "with pay quarters and bonuses, as the GOV.UK guidance for employers sets out.", "lead")]
    blocks += _main_facts(rows, reference, computed, grouping)
    blocks += [Heading("Hourly pay gaps", 2),
               Paragraph(f"A positive gap means the group is paid less than {reference} employees on average; a "
                         "negative gap, more. The 95% interval shows how far the gap could be from chance alone."),
               _gap_table(rows, ("pay.mean_gap", "pay.median_gap"), f"Hourly pay gaps compared with {reference} "
                                                                     "employees"),
               Table("Pence in the pound", ("Ethnic group", "Mean", "Median"),
                     tuple((g, _value(row), _value(_by_group(rows["pay.median_pence_in_pound"]).get(g)))
                           for g, row in _by_group(rows["pay.mean_pence_in_pound"]).items()), (False, True, True))]
    blocks += _quarters(rows["pay.quartiles"])
    blocks += [Heading("Bonus pay", 2),
               _gap_table(rows, ("pay.bonus_mean_gap", "pay.bonus_median_gap"),
                          f"Bonus gaps compared with {reference} employees"),
               _rate_table(rows["pay.bonus_proportion"], "Employees receiving a bonus in the 12 months",
                           "Received a bonus")]
    blocks += [Heading("Who did not state an ethnicity", 2),
               _rate_table(rows["pay.non_disclosure"], "Employees who did not state an ethnicity", "Not stated"),
               _rate_table(rows["pay.representation"], "The pay gap population by ethnic group", "Share")]
    blocks.append(Heading("What the council is doing", 2))
    if narrative.strip():
        blocks += [Paragraph(p.strip()) for p in narrative.split("\n\n") if p.strip()]
    else:
        blocks.append(Paragraph("No narrative was written for this report. The guidance asks employers to explain "
                                "their gaps and set out what they will do about them.", "note"))
    blocks += _definitions(computed)
    return Report(kind="paygap", title=TITLE, council=council, period=f"Snapshot date {day}",
                  generated_at=generated_at.isoformat(timespec="seconds"), blocks=tuple(blocks),
                  source={"computed_set": computed.pk, "snapshot": snapshot, "grouping": grouping})
