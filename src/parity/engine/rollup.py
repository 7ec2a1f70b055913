"""Groups for one breakdown cell: categories summed into a grouping's labels, small ones rolled up.

Counts arrive per ethnicity category (or per value of another characteristic). They are summed
into the grouping's labels; then a label whose size (people in the group, or for composition
the count shown) is below ``min_cell`` is rolled up along the declared hierarchy:

1. a detailed category into its ONS group, together with the other small categories of that
   group: "Asian, Asian British or Asian Welsh (combined: Bangladeshi, Chinese)";
2. what is still small, into "Ethnic minorities (combined: ...)" (never with White British);
3. what is still small stays as it is, for the disclosure policy to hide.

A rolled-up group lists the labels it combines (``rolled_up_from``). ``Not stated`` and the
reference group are never rolled up. The figure for all groups together is always kept.
"""

from __future__ import annotations

from typing import NamedTuple

from .aggregate import NO_KEY, add_counts
from .ethnicity import BY_CODE, NOT_STATED
from .groupings import Grouping

ALL_GROUPS = "All staff"
MINORITIES_COMBINED = "Ethnic minorities"


class Group(NamedTuple):
    """One group of a cell: its label, outcome count ``x`` and size ``n``, their record keys'
    sums ``kx``, ``kn`` and lowest record keys ``mx``, ``mn`` (``engine.cell_key``; a light tuple:
    a run makes tens of thousands)."""
    label: str
    x: float
    n: float
    rolled_up_from: tuple[str, ...] = ()
    kx: float = 0.0
    kn: float = 0.0
    mx: float = NO_KEY
    mn: float = NO_KEY


def groups(by_grp: dict[str, list[float]], grouping: Grouping | None, min_cell: int = 0,
           reference: str | None = None, size: str = "n") -> list[Group]:
    """The cell's groups in display order, then the all-groups total (label ``ALL_GROUPS``).

    ``by_grp`` maps each category to ``[x, n, key sum of x, key sum of n, lowest key of x,
    lowest key of n]`` (``aggregate.add_counts``)."""
    sums: dict[str, list[float]] = {}
    parent: dict[str, str] = {}
    assignment = grouping.assignment if grouping is not None else None
    total = [0.0, 0.0, 0.0, 0.0, NO_KEY, NO_KEY]
    for grp, counts in by_grp.items():
        label = assignment[grp] if assignment is not None else grp
        acc = sums.get(label)
        if acc is None:
            sums[label] = list(counts)
        else:
            add_counts(acc, counts)
        add_counts(total, counts)
        if assignment is not None:
            category = BY_CODE.get(grp)
            if category is not None:
                parent[label] = category.group
    order = grouping.labels if grouping else sorted(sums)
    current = [Group(label, *sums[label][:2], (), *sums[label][2:]) for label in order if label in sums]
    if grouping is not None and min_cell > 0 and any(_small(g, min_cell, size) for g in current):
        current = _roll_up(current, parent, min_cell, reference, size)
    current.append(Group(ALL_GROUPS, *total[:2], (), *total[2:]))
    return current


def _small(g: Group, min_cell: int, size: str) -> bool:
    value = g.x if size == "x" else g.n
    return 0 < value < min_cell


def _roll_up(current: list[Group], parent: dict[str, str], min_cell: int, reference: str | None,
             size: str) -> list[Group]:
    fixed = {NOT_STATED, reference, "White British", BY_CODE["white_british"].label}

    def merge(members: list[Group], label: str) -> Group:
        names = tuple(n for m in members for n in (m.rolled_up_from or (m.label,)))
        return Group(f"{label} (combined: {', '.join(names)})", sum(m.x for m in members),
                     sum(m.n for m in members), names, sum(m.kx for m in members), sum(m.kn for m in members),
                     min(m.mx for m in members), min(m.mn for m in members))

    def replace(groups: list[Group], members: list[Group], merged: Group) -> list[Group]:
        out, placed = [], False
        for g in groups:
            if g in members:
                if not placed:
                    out.append(merged)
                    placed = True
            else:
                out.append(g)
        return out

    def small(g: Group) -> bool:
        return g.label not in fixed and _small(g, min_cell, size)

    # Step 1: small detailed categories of one ONS group together.
    by_parent: dict[str, list[Group]] = {}
    for g in current:
        if small(g) and parent.get(g.label, g.label) != g.label:
            by_parent.setdefault(parent[g.label], []).append(g)
    for group_label, members in by_parent.items():
        if len(members) >= 2:
            current = replace(current, members, merge(members, group_label))
    # Step 2: whatever is still small, together as ethnic minorities.
    still = [g for g in current if small(g)]
    if len(still) >= 2:
        current = replace(current, still, merge(still, MINORITIES_COMBINED))
    return current

