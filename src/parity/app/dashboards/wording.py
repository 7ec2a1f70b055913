"""The registry's words for a reader: definitions without measure ids, column or parameter names.

The measure registry (``engine.registry``) is written for analysts and names other measures by
id ("as pay.mean_gap") and data columns by name ("(is_senior_leader)"). Pages and reports show
its definitions to people who should see none of that: ``definition`` says the same in words.
"""

from __future__ import annotations

import re

from ...engine import registry
from ...engine.rollup import ALL_GROUPS
from .templatetags.figures import date_in_words

COLUMNS = ("rolling_years", "is_senior_leader", "promoted_in_year", "is_manager")


def short_name(measure_id: str) -> str:
    """A measure named for a reader: its standard's short name ("Social Care WRES 3") or its title."""
    title = registry.MEASURES[measure_id].title
    m = re.search(r"\(((?:NHS |Social Care )?(?:WRES|WDES) \w+)\)$", title)
    return m.group(1) if m else title[:1].lower() + title[1:]


# who "everyone" is in a measure's all-groups row, by the data it counts (``Measure.inputs``)
EVERYONE = {"applications": "All applicants", "survey_answers": "All respondents"}


def everyone(measure_id: str) -> str:
    """The all-groups row's name for a reader: "All applicants" for a recruitment measure, "All
    respondents" for a survey one, "All staff" otherwise (the engine calls them all "All staff")."""
    source = registry.DERIVED.get(measure_id, measure_id)
    inputs = registry.MEASURES[source].inputs if source in registry.MEASURES else ()
    return next((EVERYONE[i] for i in inputs if i in EVERYONE), ALL_GROUPS)


def definition(text: str) -> str:
    """``text`` (a registry definition) in words: "(pay.mean_pence_in_pound)" goes, "As
    pay.mean_gap" names the measure, "(rolling_years, default 2)" says "(two years by default)"."""
    text = re.sub(r"\s*\((?:also as [^()]*?)?\b[a-z]+\.[a-z_]+\)", "", text)
    text = re.sub(r"; also as pence in the pound\b", "; also given as pence in the pound", text)
    text = re.sub(r"\b(pay\.[a-z_]+)", lambda m: "the " + registry.MEASURES[m.group(1)].title.lower()
                  if m.group(1) in registry.MEASURES else m.group(1), text)
    text = re.sub(r"\s*\(rolling_years, default 2\)", " (two years by default)", text)
    text = re.sub(r"\s*\((?:" + "|".join(COLUMNS) + r")\)", "", text)
    text = re.sub(r"\(the question tagged [^)]*\)", "(the survey question marked for this indicator)", text)
    return re.sub(r"\b((?:wres|scwres|wdes|workforce|recruitment|casework|plan)\.[a-z0-9_]+)",
                  lambda m: short_name(m.group(1)) if m.group(1) in registry.MEASURES else "another measure", text)


def in_words(text: str) -> str:
    """Engine text for a reader: ISO dates spoken ("31 March 2026"), a parameter's name in
    brackets gone, cell codes ("grade=PO5") in words ("Grade PO5"), a tiny p-value ("p = 2.91e-19")
    as "p less than 0.001"."""
    text = re.sub(r"\b(\d{4}-\d{2}-\d{2})\b", lambda m: date_in_words(m.group(1)), text)
    text = re.sub(r"\bp = (?:\d(?:\.\d+)?e-\d+|0\.000\d*)", "p less than 0.001", text)
    text = re.sub(r"\s*\([a-z]+_[a-z_]+\)", "", text)
    return re.sub(r"\b([a-z_]+)=([^;,)]+)", lambda m: f"{m.group(1).replace('_', ' ').capitalize()} {m.group(2)}",
                  text)
