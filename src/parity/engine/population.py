"""The local population as a reference for the workforce's ethnic composition.

A council compares its staff with the people it serves: the census count of residents in each
ethnicity category of its area (ONS Census 2021, table TS021 for England and Wales). Counts
are held per category code and summed into any grouping's labels.

Comparison (one group): the staff share among staff with a stated ethnicity, ``p = x / n``
(so that, like the census share, it leaves out "not stated"), has a Wilson 95% interval; the group is
*under-represented* when the whole interval lies below the local share, *over-represented*
when it lies above, and *in line with the local population* otherwise. The local share is a
census count of a whole population, so it is taken as known (no interval of its own).
"""

from __future__ import annotations

from dataclasses import dataclass

from .ethnicity import NOT_STATED
from .disclosure import within
from .groupings import Grouping
from .statistics import wilson

UNDER, OVER, IN_LINE, NOT_COMPARED = ("under-represented", "over-represented", "in line with the local population",
                                      "not compared")


@dataclass(frozen=True)
class PopulationShare:
    label: str
    people: int
    share: float


def shares(counts: dict[str, int], grouping: Grouping) -> dict[str, PopulationShare]:
    """Residents per label of ``grouping`` and their share of all residents with a stated
    ethnicity: ``people(label) / sum of people``. Not stated has no census count."""
    people: dict[str, int] = {}
    for code, n in counts.items():
        label = grouping.assignment[code]
        if label != NOT_STATED:
            people[label] = people.get(label, 0) + n
    total = sum(people.values())
    return {label: PopulationShare(label, n, n / total) for label, n in people.items()} if total else {}


def minority_share(counts: dict[str, int]) -> float | None:
    """The share of residents in an ethnic minority (every category but White British), the
    reference of Social Care WRES 9; None without counts."""
    stated = {code: n for code, n in counts.items() if code != "not_stated"}
    total = sum(stated.values())
    return (total - stated.get("white_british", 0)) / total if total else None


@dataclass(frozen=True)
class Comparison:
    label: str
    staff: int
    stated: int  # staff with a stated ethnicity: the denominator
    share: float | None
    ci_low: float | None
    ci_high: float | None
    population: PopulationShare | None
    verdict: str


def compare(label: str, staff: int | None, stated: int | None, population: PopulationShare | None) -> Comparison:
    """Where a group's staff share stands against its local share (see the module docstring).
    Staff counts hidden by the disclosure policy (None) are not compared."""
    if staff is None or not stated:
        return Comparison(label, staff or 0, stated or 0, None, None, None, population, NOT_COMPARED)
    part = within(staff, stated)
    low, high = wilson(part, stated)
    if population is None:
        verdict = NOT_COMPARED
    elif high < population.share:
        verdict = UNDER
    elif low > population.share:
        verdict = OVER
    else:
        verdict = IN_LINE
    return Comparison(label, staff, stated, part / stated, low, high, population, verdict)
