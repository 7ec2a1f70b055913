"""The staff survey section of the committee and annual reports, from the stored survey figures.

The section reports the newest wave with responses on or before the report's date: for each
question with favourable answers, each ethnic group's favourable share (with the counts, the
95% interval and the previous survey's share), then in words the gaps from the reference group
that are statistically significant and the shares that changed significantly since the previous
survey. Hidden figures show the report's symbols, explained under each table; figures are the
pages' own (``services.page``), so a report never says a number a page does not.
"""

from __future__ import annotations

from ...engine.results import SUPPRESSED
from ..measures.models import ComputedSet
from ..reports.annual_figures import Notes, day_words, shown_count
from ..reports.content import Bullets, Heading, Paragraph, Table
from . import services


def newest_wave(computed: ComputedSet, on_or_before: str) -> dict | None:
    """The newest wave whose last response is on or before the date (ISO), if any."""
    return next((w for w in services.waves(computed) if w["date"] <= on_or_before), None)


def _significant(row: dict) -> bool:
    r = row["result"]
    p = r.p_adjusted if r.p_adjusted is not None else r.p_value
    return r.status != SUPPRESSED and p is not None and p < 0.05


def section(computed: ComputedSet | None, on_or_before: str, grouping: str, directorate: str = "",
            level: int = 2) -> list:
    """The report blocks (``reports.content``) of the survey section; a short note when no survey
    has been imported up to the date."""
    blocks = [Heading("Staff survey", level)]
    wave = newest_wave(computed, on_or_before) if computed is not None else None
    if wave is None:
        return blocks + [Paragraph("No staff survey up to this date has been imported.", "note")]
    view = services.View(wave["survey"], directorate, grouping)
    page = services.page(computed, view)
    least = services.min_responses(computed)
    blocks.append(Paragraph(
        f"{wave['survey']}, responses up to {day_words(wave['date'])}{', ' + directorate if directorate else ''}: "
        "for each question, the share of respondents of each ethnic group who gave a favourable answer. "
        f"Figures for fewer than {least} responses are not shown; counts are rounded."))
    for q in page["questions"]:
        if not q["counted"]:
            continue
        notes = Notes()
        body = []
        for row in q["shares"]:
            r = row["result"]
            shown = shown_count(r.numerator) is not None and r.value is not None
            value = notes.value(row)  # the figure, or the symbol saying why it is hidden
            body.append((row["group"], notes.count(r.numerator, r), notes.count(r.denominator, r), value,
                         f"{100 * r.ci_low:.1f} to {100 * r.ci_high:.1f}" if shown else value, _before(notes, row)))
        blocks += [Heading(q["text"], level + 1),
                   Paragraph(f"Favourable answers: {', '.join(q['favourable'])}.", "note"),
                   Table(q["text"], ("Group", "Favourable", "Answers", "Favourable (%)", "95% interval (%)",
                                     "Previous survey (%)"), tuple(body), (False, True, True, True, False, True))]
        blocks += notes.blocks()
        said = [_gap_words(row["group"], row["result"]) for row in q["gaps"] if _significant(row)]
        said += [f"{row['group']}: {100 * row['change'].previous_value:.1f}% in the previous survey, "
                 f"{100 * row['result'].value:.1f}% now, a statistically significant change."
                 for row in q["shares"] if row["change"] and row["change"].significant]
        if said:
            blocks.append(Bullets(tuple(said)))
    return blocks


def _gap_words(group: str, r) -> str:
    """"Asian ...: 5.8 percentage points lower than the White group (95% interval 1.4 to 10.4
    points lower), statistically significant": the interval as distances the same way as the gap,
    where it lies wholly on that side."""
    way = "lower" if r.value < 0 else "higher"
    low, high = sorted((abs(r.ci_low), abs(r.ci_high)))
    same_side = (r.ci_low < 0) == (r.ci_high < 0) == (r.value < 0)
    spread = (f"{low:.1f} to {high:.1f} points {way}" if same_side
              else f"{r.ci_low:.1f} to {r.ci_high:.1f} percentage points")
    return (f"{group}: {abs(r.value):.1f} percentage points {way} than the {r.comparator} group (95% interval "
            f"{spread}), statistically significant.")


def _before(notes: Notes, row: dict) -> str:
    change = row["change"]
    if not change or change.previous_value is None:
        return notes.mark("not_computable", "no figure from the previous survey")
    return f"{100 * change.previous_value:.1f}"
