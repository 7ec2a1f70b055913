"""Named ethnicity groupings (spec/measures.md §1.2).

A grouping assigns every canonical category (see ``ethnicity``) one group label. ``Not stated``
is always its own group, never merged into another: it is counted and shown, and excluded
from ratio numerators and denominators by the measures, not here.

* ``ons5``: the five ONS 2021 groups (default for profiles and pay gaps).
* ``ons19``: the 19 detailed categories.
* ``white_british_vs_minorities``: "White British" vs "Ethnic minorities" (every other category,
  White minorities included).
* ``wres_binary``: "White" (British, Irish, Gypsy or Irish Traveller, Roma, Other White) vs "BME"
  (all others), the labels the NHS Workforce Race Equality Standard defines.

A council reproducing an existing plan's wording may rename the minority label of a binary
grouping (for example "BAME"): ``Grouping.relabelled``. Parity's own text keeps
"ethnic minorities".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .ethnicity import BY_CODE, CATEGORIES, GROUPS, NOT_STATED, WHITE, Category


@dataclass(frozen=True)
class Grouping:
    """A named mapping from category code to group label, with the labels in display order."""

    name: str
    title: str
    labels: tuple[str, ...]
    assignment: dict[str, str] = field(repr=False)
    reference: str | None = None
    minority_label: str | None = None

    def label_for(self, category_code: str) -> str:
        return self.assignment[category_code]

    def label_of(self, category: Category) -> str:
        return self.assignment[category.code]

    def relabelled(self, minority_label: str) -> "Grouping":
        """The same binary grouping with its minority label renamed (e.g. to a council's 'BAME')."""
        if self.minority_label is None:
            raise ValueError(f"grouping {self.name!r} has no single minority label to rename")
        old = self.minority_label
        swap = lambda label: minority_label if label == old else label  # noqa: E731
        return Grouping(
            name=self.name, title=self.title,
            labels=tuple(swap(label) for label in self.labels),
            assignment={code: swap(label) for code, label in self.assignment.items()},
            reference=self.reference, minority_label=minority_label,
        )


def _build(name: str, title: str, labels: tuple[str, ...], of: callable, reference=None,
           minority_label=None) -> Grouping:
    assignment = {c.code: of(c) for c in CATEGORIES}
    assignment["not_stated"] = NOT_STATED
    return Grouping(name, title, labels + (NOT_STATED,), assignment, reference, minority_label)


ETHNIC_MINORITIES = "Ethnic minorities"
WHITE_BRITISH = "White British"
BME = "BME"

GROUPINGS: dict[str, Grouping] = {
    g.name: g
    for g in (
        _build("ons5", "ONS 2021 ethnic groups (5)", GROUPS, lambda c: c.group),
        _build("ons19", "ONS 2021 ethnic categories (19)", tuple(c.label for c in CATEGORIES),
               lambda c: c.label),
        _build("white_british_vs_minorities", "White British and ethnic minorities",
               (WHITE_BRITISH, ETHNIC_MINORITIES),
               lambda c: WHITE_BRITISH if c.code == "white_british" else ETHNIC_MINORITIES,
               reference=WHITE_BRITISH, minority_label=ETHNIC_MINORITIES),
        _build("wres_binary", "WRES: White and BME (as the standard defines them)",
               (WHITE, BME), lambda c: WHITE if c.group == WHITE else BME,
               reference=WHITE, minority_label=BME),
    )
}


def get(name: str) -> Grouping:
    """The grouping called ``name``; a clear error naming the known ones otherwise."""
    try:
        return GROUPINGS[name]
    except KeyError:
        raise KeyError(f"unknown grouping {name!r}; known: {', '.join(GROUPINGS)}") from None


def category(code: str) -> Category:
    return BY_CODE[code]
