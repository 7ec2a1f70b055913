"""The annual workforce equality report: what a council publishes under the Public Sector
Equality Duty (Equality Act 2010 s.149; the specific duties' annual equality information).

For one snapshot, from one stored computed set (already through the disclosure policy: a hidden
figure shows a symbol whose note says why, never a number), in the grouping the council chose:

1. **Introduction** (the council's own text, or a short generated one) and **Main facts**;
2. **Staff and the local population**: staff by ethnic group, over time, against the local
   population when one is on file, and the declaration rate;
3. **Representation by grade**, and in senior leadership and on the board;
4. **Recruitment**: the funnel from application to appointment;
5. **Training**; 6. **Casework**; 7. **Leavers**; 8. **Promotion**; 9. **Pay gap** (a summary);
10. **Other characteristics** the data holds (sex, disability: whatever breakdowns are stored);
11. **Staff survey**: the newest survey up to the snapshot, each question by ethnic group
    (``surveys.report``);
12. **The council's narrative**;
13. **Methodology**: each measure used, from the measure registry, and the protection in force.

Each chapter: commentary worked out from the figures (what changed since the year before and
whether it is statistically significant; relative likelihoods that differ significantly from
parity), tables with ethnic groups in rows and the counts beside every rate, and a chart where
there is something to draw. Labels are in words: no measure ids or cell codes reach a reader.
"""

from __future__ import annotations

import datetime as dt
import re

import altair as alt

from ...engine import groupings, registry
from ...engine import population as engine_population
from ...engine.ethnicity import NOT_STATED
from ...engine.results import NOT_COMPUTABLE, SUPPRESSED
from ..dashboards import charts, services as dashboard, wording
from ..dashboards.templatetags.figures import figure
from ..measures import local_population
from ..measures.models import ComputedSet
from ..surveys import report as survey_report
from .content import Bullets, Figure, Heading, Paragraph, Report, Table
from .annual_figures import (CHARACTERISTICS, Figures, Notes, OUTCOMES, SMALL, WHAT, bar_chart,
                             bare_value, cell_name, change_sentence, chart_values, commentary,
                             day_words, has_before, rate_section, rate_table, rates_of,
                             ratio_sentence, ratios_of, shown_count, significant_ratio,
                             standard_sentence, standard_sentence_difference, title_of)

TITLE = "Workforce equality report"
CHAPTERS = ("Introduction", "Main facts", "Staff and the local population", "Representation by grade",
            "Recruitment", "Training", "Casework", "Leavers", "Promotion", "Pay gap", "Other characteristics",
            "Staff survey", "The council's narrative", "Methodology")
# what a relative likelihood is of, for the commentary: "... times as likely as White staff to <verb>"

# --- chapters --------------------------------------------------------------------------------

def _main_facts(fig: Figures, population) -> list:
    facts = []
    share = {row["result"].group: row for row in fig.rows("scwres.1")}
    minority = share.get("Ethnic minorities")
    if minority and minority["result"].value is not None:
        r = minority["result"]
        fact = (f"People from ethnic minorities (every group other than White) are {figure(r.value, 'share')} of "
                f"staff ({shown_count(r.numerator)} of {shown_count(r.denominator)}).")
        if population is not None:
            local = engine_population.shares(population.counts(), groupings.get("wres_binary")).get("BME")
            if local:
                fact += f" They are {figure(local.share, 'share')} of the people of {population.area}."
        facts.append(fact)
    declaration = next(iter(rates_of(fig.rows("workforce.declaration_rate"))), None)
    if declaration and declaration["result"].value is not None:
        facts.append(f"{figure(declaration['result'].value, 'share')} of staff have told the council their "
                     "ethnicity.")
    changes = []
    for measure in fig.used:
        for row in fig.rows(measure):
            c = row["change"]
            if c and c.significant and row["result"].comparator is None and row["result"].value is not None:
                changes.append((abs(c.difference or 0), measure, row))
    if changes:
        _, measure, row = max(changes, key=lambda t: t[0])
        facts.append(change_sentence(row, WHAT.get(measure, f"figure for {title_of(measure).lower()}")))
    else:
        facts.append("No whole-council figure in this report changed significantly since the year before.")
    gap = next((row for row in fig.rows("pay.mean_gap") if row["result"].group == "All ethnic minorities"), None)
    if gap and gap["result"].value is not None:
        v = gap["result"].value
        facts.append(f"On average, ethnic minority employees (here everyone but {gap['result'].comparator} employees, "
                     f"as the pay gap guidance compares) are paid {figure(abs(v), 'percent')} "
                     f"{'less' if v > 0 else 'more'} per hour than {gap['result'].comparator} employees (the mean "
                     "hourly pay gap).")
    likely = []
    for measure in ("casework.disciplinary", "recruitment.shortlisting", "recruitment.appointment_from_interview",
                    "workforce.promotion", "workforce.retention"):
        likely += [(measure, row) for row in fig.rows(measure)
                   if row["result"].comparator and significant_ratio(row)]
    if likely:
        facts += [ratio_sentence(row, measure, "applicants" if measure.startswith("recruitment") else "staff")
                  for measure, row in likely[:2]]
    else:
        facts.append("In recruitment, casework, promotion and leaving, no ethnic group's relative likelihood "
                     "differs significantly from that of White staff.")
    return [Heading("Main facts", 2), Bullets(tuple(facts[:6]))]


def _composition(fig: Figures, population) -> list:
    rows = fig.rows("workforce.composition")
    blocks = [Heading("Staff and the local population", 2),
              Paragraph("Who works for the council, by ethnic group, and how that compares with the people it "
                        "serves."),
              Heading("Staff by ethnic group", 3),
              Bullets(tuple(commentary(rows, "share of staff", "workforce.composition")))]
    blocks += rate_table(f"Staff by ethnic group on {day_words(fig.snapshot)}", rows, "Ethnic group", "Staff",
                         "Of all staff", "Share")
    blocks += bar_chart("Share of staff by ethnic group", chart_values(rates_of(rows)), "per cent")
    trend = dashboard.composition_trend(fig.computed, fig.filters)
    if len(trend["rows"]) > 1:
        periods = trend["rows"][-5:]
        notes = Notes()
        body = []
        for i, group in enumerate(trend["groups"]):
            cells = []
            for p in periods:
                r = p["cells"][i]
                if r is None:
                    cells.append(notes.mark("not applicable", "this group was combined with others that year"))
                elif r.value is None:
                    cells.append(notes.mark(r.status, wording.in_words(r.reason)))
                else:
                    cells.append(bare_value(r.value, "share"))
            body.append((group, *cells))
        body.sort(key=lambda cells: fig.order(cells[0]))
        blocks += [Table("Share of staff by ethnic group over time (%)",
                         ("Ethnic group",) + tuple(day_words(p["period"]) for p in periods), tuple(body),
                         (False,) + (True,) * len(periods))] + notes.blocks()
    blocks.append(Heading("Compared with the local population", 3))
    declaration = fig.rows("workforce.declaration_rate")
    comparison = dashboard.population_comparison(rows, declaration, fig.filters) if population else None
    if comparison is None:
        blocks.append(Paragraph("No local population figures are on file, so staff are not compared with the "
                                "people of the area.", "note"))
    else:
        notes = Notes()
        body = []
        for c in sorted(comparison["rows"], key=lambda c: fig.order(c.label)):
            local = c.population
            hidden = None if c.share is not None else notes.mark(SUPPRESSED, "the group's count of staff is not shown")
            body.append((c.label, notes.count(c.staff) if c.share is not None else hidden,
                         bare_value(c.share, "share") if c.share is not None else hidden,
                         f"{bare_value(c.ci_low, 'share')} to {bare_value(c.ci_high, 'share')}" if c.ci_low is not None
                         else notes.mark(NOT_COMPUTABLE, "no interval for a hidden share"),
                         bare_value(local.share, "share") if local else notes.mark(NOT_COMPUTABLE, "no census count"),
                         c.verdict))
        blocks += [Bullets(tuple(f"{c.label}: {c.verdict}." for c in comparison["rows"]
                                 if c.verdict in (engine_population.UNDER, engine_population.OVER))
                           or ("Every group's share of staff is in line with its share of the local population.",)),
                   Table(f"Staff who stated their ethnicity and the people of {comparison['area']}",
                         ("Ethnic group", "Staff", "Share of staff (%)", "95% interval (%)", "Local population (%)",
                          "Compared"), tuple(body), (False, True, True, True, True, False)),
                   *notes.blocks(),
                   Paragraph(f"The local population: {comparison['source']}. A group is under- or "
                             "over-represented when the whole 95% interval of its share of staff lies below or "
                             "above its share of the local population.", "note")]
        blocks += [Figure(f"Staff and the people of {comparison['area']} by ethnic group. Error bars show 95% "
                          "intervals; the red marks are the local population's shares.",
                          "Bar chart of each group's share of staff with its 95% interval and its share of the "
                          "local population: " + "; ".join(
                              f"{c.label} {100 * c.share:.1f}% of staff, {100 * c.population.share:.1f}% locally"
                              for c in comparison["rows"] if c.share is not None and c.population) + ".", spec)
                   for spec in [charts.population_chart("Staff and the local population", comparison["rows"])]
                   if spec]
    blocks.append(Heading("Declaration rate", 3))
    blocks.append(Bullets(tuple(commentary(declaration, "declaration rate", "workforce.declaration_rate"))))
    trend = dashboard.trend(fig.computed, "workforce.declaration_rate", "All staff", fig.filters)
    notes = Notes()
    blocks += [Table("Staff who stated their ethnicity", ("Snapshot", "Stated", "Staff", "Declaration rate (%)"),
                     tuple((day_words(r.period), notes.count(r.numerator, r), notes.count(r.denominator, r),
                            notes.value({"result": r, "mode": "share"})) for r in trend[-5:]),
                     (False, True, True, True))] + notes.blocks()
    return blocks


def _grade_order(cells: list[str]) -> list[str]:
    """Grades from highest to lowest as the council's grade bands list them (lowest first), the
    rest after in natural order."""
    listed = [g for band in dashboard.grade_bands() for g in band.grades]
    known = [f"grade={g}" for g in reversed(listed) if f"grade={g}" in cells]

    def natural(text: str):
        return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]
    return known + sorted((c for c in cells if c not in known), key=natural)


def _representation(fig: Figures) -> list:
    blocks = [Heading("Representation by grade", 2),
              Paragraph("The share of staff in each grade, in senior leadership and on the board who are from "
                        "ethnic minorities (every group other than White), White, or did not state an ethnicity "
                        "(Social Care WRES 1). Where the workforce is fair, each grade looks like the whole.")]
    whole = {row["result"].group: row for row in fig.rows("scwres.1")}
    minority_whole = whole.get("Ethnic minorities")
    for prefix, heading, caption in (("grade=", "By grade", "Staff in each grade by ethnic group"),
                                     ("level=", "Senior leadership and the board",
                                      "Senior leadership and the board by ethnic group")):
        rows = fig.rows("scwres.1", prefix)
        cells = _grade_order(sorted({row["result"].breakdown for row in rows})) if prefix == "grade=" else \
            sorted({row["result"].breakdown for row in rows})
        by = {(row["result"].breakdown, row["result"].group): row for row in rows}
        notes = Notes()
        body = []
        for cell in cells:
            minority = by.get((cell, "Ethnic minorities"))
            any_row = next((row for (b, _), row in by.items() if b == cell), None)
            body.append((cell.partition("=")[2],
                         notes.count(any_row["result"].denominator, any_row["result"]) if any_row else "[x]",
                         notes.count(minority["result"].numerator, minority["result"]) if minority else "[x]",
                         notes.value(minority), notes.value(by.get((cell, "White"))),
                         notes.value(by.get((cell, NOT_STATED)))))
        blocks += [Heading(heading, 3),
                   Bullets(tuple(commentary(rows, "share of staff", "scwres.1")))]
        if prefix == "level=":
            blocks.append(Bullets(tuple(s for s in (standard_sentence_difference(fig, "scwres.9"),) if s)))
        if not body:
            blocks.append(Paragraph("There are no figures for this snapshot.", "note"))
            continue
        if minority_whole is not None and minority_whole["result"].value is not None:
            r = minority_whole["result"]
            body.append(("All staff", shown_count(r.denominator), shown_count(r.numerator), bare_value(r.value, "share"),
                         notes.value(whole.get("White")), notes.value(whole.get(NOT_STATED))))
        blocks += [Table(caption, ("Grade" if prefix == "grade=" else "Level", "Staff", "Ethnic minorities",
                                   "Ethnic minorities (%)", "White (%)", "Not stated (%)"), tuple(body),
                         (False, True, True, True, True, True))] + notes.blocks()
        blocks += bar_chart(f"Ethnic-minority share of staff {'in each grade' if prefix == 'grade=' else 'by level'}",
                            chart_values([by[(c, 'Ethnic minorities')] for c in cells if (c, 'Ethnic minorities') in by],
                                    lambda r: cell_name(r.breakdown).removeprefix("Level ")), "per cent",
                            100 * minority_whole["result"].value if minority_whole and
                            minority_whole["result"].value is not None else None, "the share of all staff")
    return blocks


def _recruitment(fig: Figures) -> list:
    steps = [(measure, step, fig.rows(measure)) for measure, step in dashboard.FUNNEL]
    reference = next((row["result"].comparator for _, _, rows in steps for row in rows if row["result"].comparator),
                     "the reference group")
    blocks = [Heading("Recruitment", 2),
              Paragraph("Applications in the year to the snapshot date, followed through the recruitment funnel: "
                        "shortlisted, interviewed, then appointed. At each step the rate is the share of those who "
                        f"reached it; the relative likelihood compares each group with {reference} applicants "
                        "(1.00 is parity).")]
    if not any(rows for _, _, rows in steps):
        return blocks + [Paragraph("There are no recruitment figures for this snapshot.", "note")]
    sentences = []
    for measure, step, rows in steps:
        sentences += commentary(rows, WHAT[measure], measure, "applicants")
    sentences += [s for s in (standard_sentence(fig, "scwres.2", "applicants"),) if s]
    rates = [{row["result"].group: row for row in rates_of(rows)} for _, _, rows in steps]
    ratios = [ratios_of(rows) for _, _, rows in steps]
    groups = sorted({g for by in rates for g in by}, key=fig.order)
    combined = "counted in a combined group at this step"
    label = {"All staff": "All applicants"}
    numbers, shares, likely = Notes(), Notes(), Notes()

    def count(by: dict, group: str, field: str) -> str:
        row = by.get(group)
        return numbers.mark("not applicable", combined) if row is None else \
            numbers.count(getattr(row["result"], field), row["result"])

    def rate(by: dict, group: str, notes: Notes, mode: str | None = None) -> str:
        return notes.mark("not applicable", combined) if group not in by else notes.value(by[group], mode)
    blocks += [Bullets(tuple(dict.fromkeys(sentences))),
               Table("Applications at each step of the funnel",
                     ("Ethnic group", "Applications", "Shortlisted", "Interviewed", "Appointed"),
                     tuple((label.get(g, g), count(rates[0], g, "denominator"),
                            *(count(by, g, "numerator") for by in rates)) for g in groups),
                     (False, True, True, True, True))] + numbers.blocks()
    blocks += [Table("Rate at each step (%)", ("Ethnic group", "Shortlisted (%)", "Interviewed (%)", "Appointed (%)"),
                     tuple((label.get(g, g), *(rate(by, g, shares) for by in rates)) for g in groups),
                     (False, True, True, True))] + shares.blocks()
    compared = [g for g in groups if any(g in by for by in ratios)]
    if compared:
        blocks += [Table(f"Relative likelihood at each step, compared with {reference} applicants",
                         ("Ethnic group", "Shortlisted", "Interviewed", "Appointed"),
                         tuple((g, *(rate(by, g, likely, "number") for by in ratios)) for g in compared),
                         (False, True, True, True))] + likely.blocks()
    names = [step for _, step, _ in steps]
    values = [{"group": label.get(g, g), "step": step, "value": 100 * by[g]["result"].value}
              for g in groups for step, by in zip(names, rates)
              if g in by and by[g]["result"].value is not None]
    if values:
        spec = charts.finish(alt.Chart(alt.Data(values=values)).mark_bar().encode(
            y=alt.Y("group:N", sort=[label.get(g, g) for g in groups], title=None, axis=alt.Axis(labelLimit=300)),
            yOffset=alt.YOffset("step:N", sort=names),
            x=alt.X("value:Q", title="per cent of those who reached the step", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("step:N", sort=names, title="Step", scale=alt.Scale(domain=names,
                                                                               range=["#1d70b8", "#28a197", "#f47738"]),
                            legend=alt.Legend(orient="bottom")))
            .properties(width=420, height=alt.Step(8), title="Rate at each step of the recruitment funnel"))
        described = "; ".join(f"{v['group']} {v['step'].lower()} {v['value']:.1f}%" for v in values)
        blocks.append(Figure("Rate at each step of the recruitment funnel, by ethnic group",
                             f"Grouped bar chart of the rate at each step of the funnel: {described}.", spec))
    return blocks


def _training(fig: Figures) -> list:
    blocks = [Heading("Training", 2),
              Paragraph("Access to non-mandatory training and continuing professional development (Social Care "
                        "WRES 5) and completion of apprenticeships and training programmes.")]
    blocks += rate_section(fig, "scwres.5", "Staff starting non-mandatory training", "Started", "Staff",
                           "Rate", "non-mandatory training rate", "Non-mandatory training")
    blocks += rate_section(fig, "plan.training_completion", "Staff completing a programme", "Completed", "Staff",
                           "Rate", "completion rate", "Apprenticeships and training programmes")
    notes = Notes()
    body = []
    for measure in ("plan.managers_trained_race_equality", "plan.allies_trained", "plan.eia_trained"):
        row = next(iter(rates_of(fig.rows(measure))), None)
        if row is not None:
            r = row["result"]
            body.append((title_of(measure), notes.count(r.numerator, r), notes.count(r.denominator, r),
                         notes.value(row), notes.before(row)))
    if body:
        blocks += [Heading("Equality training", 3),
                   Table("Equality training across the council", ("Training", "Trained", "Of", "Rate (%)",
                                                                  "Year before (%)"), tuple(body),
                         (False, True, True, True, True))] + notes.blocks()
    return blocks


def _casework(fig: Figures) -> list:
    blocks = [Heading("Casework", 2),
              Paragraph("Staff entering formal processes in the two years to the snapshot date, over the staff "
                        "counted at each snapshot in those years (staff-years). Lower is better for each group; "
                        "the relative likelihood compares each group with White staff (1.00 is parity).")]
    for measure, heading, number in (("casework.disciplinary", "Disciplinary", "Entered"),
                                     ("casework.grievance", "Grievance", "Raised"),
                                     ("casework.capability", "Capability", "Entered")):
        blocks += rate_section(fig, measure, title_of(measure).split(",")[0], number, "Staff-years", "Rate",
                               f"{heading.lower()} rate", heading)
    extra = [s for s in (standard_sentence(fig, "scwres.3"), standard_sentence(fig, "scwres.4")) if s]
    if extra:
        blocks += [Heading("All ethnic minorities together", 3), Bullets(tuple(extra))]
    return blocks


def _pay(fig: Figures) -> list:
    mean, median = fig.rows("pay.mean_gap"), {row["result"].group: row for row in fig.rows("pay.median_gap")}
    blocks = [Heading("Pay gap", 2),
              Paragraph("A summary of the ethnicity pay gap: the difference between the average hourly pay of "
                        "each group and of the reference group, as a percentage of the reference group's. A positive "
                        "gap means the group is paid less. The full analysis, with pay quarters and bonuses, is in "
                        "the council's ethnicity pay gap report.")]
    if not mean:
        return blocks + [Paragraph("There are no pay figures for this snapshot.", "note")]
    sentences = []
    for row in mean:
        r, c = row["result"], row["change"]
        if r.group == "All ethnic minorities" and r.value is not None:
            sentences.append(f"The mean hourly pay gap between {r.comparator} employees and all ethnic minority "
                             f"employees together is {figure(r.value, 'percent')}"
                             + (f"; the median gap is {figure(median[r.group]['result'].value, 'percent')}."
                                if r.group in median and median[r.group]["result"].value is not None else "."))
            if c and c.previous_value is not None:
                sentences.append(f"On {day_words(c.previous_period)} the mean gap was {figure(c.previous_value, 'percent')}.")
    notes = Notes()
    before = has_before(mean)
    body = tuple((row["result"].group, notes.count(row["result"].denominator, row["result"]), notes.value(row),
                  notes.value(median.get(row["result"].group))) + ((notes.before(row),) if before else ())
                 for row in mean)
    reference = mean[0]["result"].comparator
    blocks += [Bullets(tuple(sentences) or ("The gap for all ethnic minorities together is not shown.",)),
               Table(f"Hourly pay gaps compared with {reference} employees",
                     ("Ethnic group", "Employees", "Mean gap (%)", "Median gap (%)")
                     + (("Mean gap a year before (%)",) if before else ()), body,
                     (False, True, True, True, True))] + notes.blocks()
    blocks += bar_chart(f"Mean hourly pay gap compared with {reference} employees", chart_values(mean), "per cent")
    return blocks


def _characteristic(fig: Figures, dim: str, name: str) -> list:
    """Leaving, promotion and shortlisting for everyone in each category of the characteristic,
    all ethnic groups together: the outcome pages' one-way tables (``dashboards.services.ONE_WAY``).
    Ethnic groups within a category stay with the analysts (ADR 0009)."""
    notes = Notes()
    body, facts, changes, bars = [], [], [], []
    for measure, outcome in OUTCOMES:
        rows = sorted(fig.rows(measure, dim), key=lambda row: row["result"].breakdown.endswith(NOT_STATED))
        noun = "applicants" if measure.startswith("recruitment") else "staff"
        shown = [row for row in rows if row["result"].value is not None]
        if shown:
            facts.append(f"The {WHAT[measure]}: " + ", ".join(
                f"{cell_name(row['result'].breakdown)} {figure(row['result'].value, row['mode'])}" for row in shown)
                + ".")
        changes += [s for s in commentary(rows, WHAT[measure], measure, noun) if "is statistically significant" in s]
        for row in rows:
            r = row["result"]
            body.append((cell_name(r.breakdown), outcome, notes.count(r.numerator, r), notes.count(r.denominator, r),
                         notes.value(row), row))
        bars += chart_values(shown, lambda r, outcome=outcome: f"{outcome}: {cell_name(r.breakdown)}")
    if not body:
        return []
    before = has_before([cells[-1] for cells in body])
    if not changes and before:
        changes = [f"No {name.lower()} category's promotion, leaving or shortlisting rate changed significantly "
                   "since the year before."]
    body = [cells[:-1] + ((notes.before(cells[-1]),) if before else ()) for cells in body]
    return ([Heading(name, 3),
             Paragraph(f"Promotion, leaving and shortlisting for everyone in each {name.lower()} category, all ethnic "
                       f"groups together. Ethnic groups within each {name.lower()} category are not published: the "
                       "checks that no one could be identified from them are not complete."),
             Bullets(tuple(facts + changes)),
             Table(f"Promotion, leaving and shortlisting by {name.lower()}",
                   (name, "Outcome", "Number", "Of", "Rate (%)") + (("Year before (%)",) if before else ()),
                   tuple(body), (False, False, True, True, True, True))] + notes.blocks()
            + bar_chart(f"Promotion, leaving and shortlisting rates by {name.lower()}", bars, "per cent"))


def _wdes(fig: Figures) -> list:
    whole = {row["result"].group: row for row in fig.rows("wdes.1")}
    senior = {row["result"].group: row for row in fig.rows("wdes.1", "level=Senior leadership")
              if row["result"].breakdown == "level=Senior leadership"}
    if not whole:
        return []
    notes = Notes()
    ordered = sorted(whole.items(), key=lambda kv: kv[0] == NOT_STATED)
    any_whole, any_senior = next(iter(whole.values())), next(iter(senior.values()), None)
    if senior:
        header = ("Disability", "Staff", "Share (%)", "Senior leaders", "Share of senior leaders (%)")
        body = tuple((g, notes.count(row["result"].numerator, row["result"]), notes.value(row),
                      notes.count(senior[g]["result"].numerator, senior[g]["result"]) if g in senior else "[x]",
                      notes.value(senior.get(g))) for g, row in ordered)
        body += (("All staff", notes.count(any_whole["result"].denominator, any_whole["result"]), "100.0",
                  notes.count(any_senior["result"].denominator, any_senior["result"]), "100.0"),)
    else:
        header = ("Disability", "Staff", "Share (%)")
        body = tuple((g, notes.count(row["result"].numerator, row["result"]), notes.value(row)) for g, row in ordered)
        body += (("All staff", notes.count(any_whole["result"].denominator, any_whole["result"]), "100.0"),)
    sentences = [s for s in (standard_sentence(fig, "wdes.2", "applicants"), standard_sentence(fig, "wdes.3")) if s]
    return [Paragraph("The Workforce Disability Equality Standard (WDES 1 to 3): staff by disability"
                      + (", in the whole workforce and in senior leadership" if senior else "")
                      + "; appointment from shortlisting and entry to the capability process."),
            *([Bullets(tuple(sentences))] if sentences else []),
            Table("Staff by disability (WDES 1)", header, body, (False,) + (True,) * (len(header) - 1)),
            *notes.blocks()]


def _other(fig: Figures) -> list:
    """Sex and disability: each outcome for everyone in each category (``_characteristic``), and
    disability through the WDES tables every role's pages show."""
    blocks = [Heading("Other characteristics", 2)]
    wdes = _wdes(fig)
    for dim, name in CHARACTERISTICS.items():
        chapter = _characteristic(fig, dim, name)
        if dim == "disability" and wdes:
            chapter = (chapter or [Heading(name, 3)]) + wdes
        blocks += chapter
    if len(blocks) == 1:
        blocks.append(Paragraph("The data holds no other protected characteristic than ethnicity.", "note"))
    return blocks


def _methodology(fig: Figures, computed: ComputedSet) -> list:
    grouping = groupings.get(fig.grouping)
    measures = tuple(f"{title_of(m)}: {wording.definition(registry.MEASURES[m].definition)}" for m in fig.used
                     if m in registry.MEASURES)
    symbols = (f"{SMALL}: a count rounded to 0 (from 0 to 4 people).",
               "[c]: not shown to protect the people counted; the note under the table says why.",
               "[u]: few people, so the figure could not detect a relative likelihood of 1.25 and should be read "
               "with caution.", "[x]: not available; [z]: not applicable.")
    return [Heading("Methodology", 2),
            Heading("The figures", 3),
            Paragraph(f"Every figure is for staff on the snapshot date, {day_words(fig.snapshot)}, or for the year to it. "
                      f"Ethnic groups are the {grouping.title}; groups too small to show on their own are combined. "
                      "\"Ethnic minorities\" means every group other than White where a standard compares the two."),
            Heading("Measures used", 3), Bullets(measures),
            Heading("How the figures protect the people in them", 3),
            Bullets(tuple(computed.methodology or dashboard.methodology(computed))
                    or ("No disclosure policy is recorded with these figures.",)),
            Heading("Symbols in the tables", 3), Bullets(symbols),
            Heading("Terms used", 3),
            Bullets(("Relative likelihood: one group's rate divided by the reference group's; 1.00 is parity.",
                     "95% interval: the range the true figure is likely to lie in, given chance alone.",
                     "Statistically significant: unlikely to be chance alone (a test at the 5% level, adjusted "
                     "for the many groups compared)."))]


def build(computed: ComputedSet, snapshot: str, council: str, generated_at: dt.datetime, introduction: str = "",
          narrative: str = "") -> Report:
    """The annual workforce equality report's content for ``snapshot`` (see the module docstring)."""
    grouping = dashboard.chosen_grouping(computed)
    fig = Figures(computed, snapshot, grouping)
    population = local_population.current()
    day = day_words(snapshot)
    who = council or "the council"
    blocks = [Paragraph(f"The workforce equality information of {who} on {day}: who works for the council, and "
                        "how staff of each ethnic group fare in recruitment, training, casework, promotion, leaving "
                        "and pay.", "lead"),
              Heading("Introduction", 2)]
    if introduction.strip():
        blocks += [Paragraph(p.strip()) for p in introduction.split("\n\n") if p.strip()]
    else:
        blocks += [Paragraph(f"This report is {who}'s annual publication of workforce equality information under "
                             "the Public Sector Equality Duty (Equality Act 2010, section 149). It shows the make-up "
                             "of the workforce by ethnic group and other protected characteristics, and how staff "
                             "of each group fare at work, with what changed since the year before."),
                   Paragraph("Figures are rounded to protect the people in them; the methodology at the end says "
                             "how.", "note")]
    chapters = (_composition(fig, population) + _representation(fig) + _recruitment(fig) + _training(fig)
                + _casework(fig)
                + [Heading("Leavers", 2),
                   Paragraph("Staff at the previous snapshot who are no longer on the staff list: the leaving rate "
                             "of each group, and its relative likelihood of leaving compared with White staff.")]
                + rate_section(fig, "workforce.retention", "Leaving rate", "Left", "Staff a year before", "Rate",
                               "leaving rate")
                + [s for s in [_scwres8(fig)] if s]
                + [Heading("Promotion", 2),
                   Paragraph("Staff promoted in the year to the snapshot date, over the staff on the snapshot date.")]
                + rate_section(fig, "workforce.promotion", "Promotion rate", "Promoted", "Staff", "Rate",
                               "promotion rate")
                + _pay(fig) + _other(fig) + survey_report.section(computed, snapshot, grouping))
    main_facts = _main_facts(fig, population)
    blocks += main_facts + chapters
    blocks.append(Heading("The council's narrative", 2))
    if narrative.strip():
        blocks += [Paragraph(p.strip()) for p in narrative.split("\n\n") if p.strip()]
    else:
        blocks.append(Paragraph("No narrative was written for this report. The council should explain what the "
                                "figures show and what it is doing about them.", "note"))
    blocks += _methodology(fig, computed)
    return Report(kind="annual", title=TITLE, council=council, period=f"Snapshot date {day}",
                  generated_at=generated_at.isoformat(timespec="seconds"), blocks=tuple(blocks),
                  source={"computed_set": computed.pk, "snapshot": snapshot, "grouping": grouping})


def _scwres8(fig: Figures) -> Bullets | None:
    sentence = standard_sentence(fig, "scwres.8")
    return Bullets((sentence,)) if sentence else None
