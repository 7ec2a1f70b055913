"""Grade bands: a council's grades in order, grouped into the bands it reports by.

Configuration is text, one band a line, grades in pay order: ``Scale 1-6: Scale 1, Scale 2, ...``.
A grade belongs to at most one band; grades in no band are simply not in any band's view.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GradeBand:
    name: str
    grades: tuple[str, ...]


def parse_bands(text: str) -> list[GradeBand]:
    """Bands from their configuration text; ``ValueError`` listing every problem (by line)."""
    bands, problems, seen = [], [], {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, colon, rest = line.partition(":")
        grades = tuple(g.strip() for g in rest.split(",") if g.strip())
        if not colon or not name.strip() or not grades:
            problems.append(f"line {number}: write a band as 'Band name: grade, grade, ...'")
            continue
        for grade in grades:
            if grade in seen:
                problems.append(f"line {number}: grade {grade!r} is already in band {seen[grade]!r}")
            seen[grade] = name.strip()
        if any(b.name == name.strip() for b in bands):
            problems.append(f"line {number}: band {name.strip()!r} is named twice")
        bands.append(GradeBand(name.strip(), grades))
    if problems:
        raise ValueError("; ".join(problems))
    return bands
