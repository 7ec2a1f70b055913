"""Main facts: the few plain sentences a page opens with (``spec/pages.md``, "Main facts first").

Generated from the rows the page's tables show (``services.measure_rows``), so a fact never says
more than a table beside it: significant changes since the year before come first, then
likelihoods whose interval leaves out 1 (the groups' rates differ beyond chance) and pay gaps or
differences whose interval leaves out 0, then the rest in table order.
"""

from __future__ import annotations

from ...engine import registry
from ...engine.results import OK, OVERALL
from . import wording
from .templatetags.figures import count, date_in_words, figure, interval

MAIN_FACTS = 5  # at most, as the style guide asks (three to five)


def main_facts(rows: list[dict], titled: bool = False) -> list[str]:
    """Up to ``MAIN_FACTS`` sentences from ``rows`` (``fact``), most telling first. ``titled``:
    each names its measure, for a page of several measures."""
    shown = [row for row in rows if row["result"].status in (OK, "low_power")]

    def rank(row) -> int:
        change = row["change"]
        if change is not None and change.significant:
            return 0
        return 1 if _stands_out(row) else 2
    picked, said = [], set()
    for row in sorted(shown, key=rank):
        r = row["result"]
        same = (r.period, r.numerator, r.denominator, r.comparator is None, round(r.value, 6))
        if r.numerator is not None and same in said:  # one figure given by two standards (WRES 4, SC-WRES 5)
            continue
        said.add(same)
        picked.append(row)
    return [fact(row, titled) for row in picked[:MAIN_FACTS]]


def notable(rows: list[dict]) -> list[str]:
    """The facts of a page of several measures: only its significant changes and its likelihoods
    clearly away from 1 (a page of twenty tables has too many "the rest" to pick from), each
    naming its measure; never a figure of few people (read with caution, not repeated); none
    when nothing stands out."""
    picked = [row for row in rows if row["result"].status == OK and (
        (row["change"] is not None and row["change"].significant) or _stands_out(row))]
    return main_facts(picked, titled=True)


def _stands_out(row: dict) -> bool:
    return _clear_of_parity(row) or _clear_of_no_gap(row)


def _clear_of_parity(row: dict) -> bool:
    """A likelihood (not a pay gap or a difference) whose 95% interval leaves out 1."""
    r = row["result"]
    return bool(r.comparator) and r.ci_low is not None and r.ci_high is not None \
        and row["kind"] not in ("pay", "difference") and not r.ci_low <= 1 <= r.ci_high


def _clear_of_no_gap(row: dict) -> bool:
    """A pay gap or a difference whose 95% interval leaves out 0. Its pence-in-the-pound reading
    is the same gap again, so it is never a fact of its own."""
    r = row["result"]
    return bool(r.comparator) and r.ci_low is not None and r.ci_high is not None \
        and row["kind"] in ("pay", "difference") and row["mode"] != "pence" and not r.ci_low <= 0 <= r.ci_high


def fact(row: dict, titled: bool = False) -> str:
    """A row's sentence as a main fact: without the date (the page has it), dates in words. With
    ``titled`` (a page of several measures), a short fact of its own that names the measure:
    "Leaving rate by ethnic group: Black ... were 1.30 times as likely as White (95% interval 1.04
    to 1.63); the difference is statistically significant."."""
    if titled:
        return _short(row)
    r, text = row["result"], wording.in_words(row["sentence"])
    dated = f", {date_in_words(r.period)}: "
    text = text[text.index(dated) + len(dated):] if dated in text else text
    return text[:1].upper() + text[1:]


def _short(row: dict) -> str:
    r = row["result"]
    name = registry.MEASURES[registry.DERIVED.get(r.measure, r.measure)].title
    return f"{name}: {_said(row)}."


def headline(rows: list[dict]) -> str:
    """One table's figure in a sentence, for a summary of many tables: its first comparison of
    the whole organisation (a likelihood or a gap), else its first figure shown."""
    shown = [row for row in rows if row["result"].status == OK]
    compared = [row for row in shown if row["result"].comparator and row["result"].breakdown == OVERALL]
    if not shown:
        return "No figure shown: too few people, or not computable (the table says why)."
    text = _said((compared or shown)[0])
    return f"{text[:1].upper()}{text[1:]}."


def _said(row: dict) -> str:
    """What a row says, in words, naming its group and comparison but not its measure."""
    r, change, mode = row["result"], row["change"], row["mode"]
    who = row.get("group") or r.group
    if r.breakdown != OVERALL and not r.breakdown.startswith("directorate="):  # the page names its directorate
        who = f"{wording.in_words(r.breakdown).replace(';', ',')}, {who[:1].lower() + who[1:]}"
    if r.comparator and row["kind"] in ("pay", "difference"):  # a gap, not a likelihood
        text = f"{who} compared with {r.comparator}: {figure(r.value, mode)}"
        if r.ci_low is not None and r.ci_high is not None:
            text += f" (95% interval {interval(r.ci_low, r.ci_high, mode)})"
            if _clear_of_no_gap(row):
                text += "; a gap beyond what chance could explain"
    elif r.comparator:
        text = f"{who} were {figure(r.value, mode)} times as likely as {r.comparator}"
        if r.ci_low is not None and r.ci_high is not None:
            text += f" (95% interval {interval(r.ci_low, r.ci_high, mode)})"
            if _clear_of_parity(row):
                text += "; the difference is statistically significant"
    else:
        text = f"{who}: {figure(r.value, mode)}"
        if r.numerator is not None and r.denominator is not None:
            text += f" ({count(r.numerator)} of {count(r.denominator)})"
    if change is not None and change.significant and change.previous_value is not None:
        text += f"; {figure(change.previous_value, mode)} the year before, a statistically significant change"
    return text
