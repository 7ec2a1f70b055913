"""The measure registry: every measure Parity computes, by id, in one place.

Each entry has an id, a title, a definition, its formula, its direction and the standard it
belongs to (``docs/measures.md`` is generated from here; a test fails if one is undocumented).
"""

from __future__ import annotations

import dataclasses

from .measures import casework, pay, plan, recruitment, scwres, wdes, workforce, wres
from .measures.base import Measure

# The measures that do not use the run's grouping and reference: what they use instead and why
# (by id or id prefix), and the grouping that is the same as theirs, if any (asking for it, with
# its default reference, needs no note). Every other measure uses the grouping and reference given.
FIXED_GROUPS = {
    "wres.": ("White and BME, as the NHS Workforce Race Equality Standard defines them", "wres_binary"),
    "scwres.": ("White and ethnic minorities, as the Social Care Workforce Race Equality Standard defines them",
                "wres_binary"),
    "wdes.": ("disabled and non-disabled staff, as the Workforce Disability Equality Standard defines them", None),
    "plan.": ("White British and ethnic minorities, as the action plan words its measures",
              "white_british_vs_minorities"),
    "workforce.declaration_rate": ("everyone together: a declaration rate is about the whole workforce", None),
    "pay.non_disclosure": ("everyone together: a non-disclosure rate is about the whole pay gap population", None),
}


def _fixed(measure: Measure) -> Measure:
    found = [fixed for key, fixed in FIXED_GROUPS.items() if measure.id == key or measure.id.startswith(key)
             and key.endswith(".")]
    return dataclasses.replace(measure, fixed_groups=found[0][0], same_as_grouping=found[0][1] or "") \
        if found else measure


MEASURES: dict[str, Measure] = {m.id: _fixed(m) for module in (wres, scwres, wdes, pay, workforce, recruitment,
                                                               casework, plan)
                                for m in module.MEASURES}


DERIVED: dict[str, str] = dict(pay.DERIVED)


def kinds() -> dict[str, str]:
    """Every result measure id (derived ones included) -> its measure's shape."""
    out = {m.id: m.kind for m in MEASURES.values()}
    out.update({derived: MEASURES[source].kind for derived, source in DERIVED.items()})
    return out


def get(measure_id: str) -> Measure:
    try:
        return MEASURES[measure_id]
    except KeyError:
        raise KeyError(f"unknown measure {measure_id!r}; see `parity measures --list`") from None


def select(ids: list[str] | None) -> list[Measure]:
    """The measures named (a prefix like ``wres`` selects a whole standard), or all."""
    if not ids:
        return list(MEASURES.values())
    chosen = []
    for text in ids:
        matches = [m for i, m in MEASURES.items() if i == text or i.startswith(text + ".")]
        if not matches:
            get(text)
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


def markdown() -> str:
    """docs/measures.md: every measure with its definition, formula and direction."""
    lines = ["# Measures", "",
             "Generated from the measure registry (`src/parity/engine/registry.py`) by `parity formats-doc`;",
             "do not edit by hand. How to run them: docs/measures-command.md.", ""]
    standard = None
    for m in MEASURES.values():
        if m.standard != standard:
            standard = m.standard
            lines += [f"## {standard}", ""]
        lines += [f"### `{m.id}`: {m.title}", "", m.definition, "",
                  f"- Formula: {m.formula}", f"- Direction: {m.direction}", f"- Shape: {m.kind}",
                  f"- Needs: {', '.join(m.inputs)}"]
        if m.seed:
            lines.append(f"- Answers the seed plan's measure: \"{m.seed}\"")
        lines.append("")
    return "\n".join(lines)
