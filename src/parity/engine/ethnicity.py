"""Ethnicity classification: the ONS 2021 Census categories for England and Wales.

Every ethnicity value Parity reads is mapped to exactly one canonical ``Category``:
one of the 19 ONS 2021 categories, or ``Not stated``. The mapping accepts

* the 19 ONS labels and the five group labels' common spellings ("White British",
  "Black African", "Asian or Asian British - Indian", "Any other White background", ...),
* the 2001 Census / NHS Data Dictionary single-letter codes ``A``..``S`` and ``Z``,
* the two-character codes seen in HR systems (``W1``, ``W2``, ``W9``, ``M1``..``M9``,
  ``A1``..``A9``, ``B1``..``B9``, ``O1``, ``O9``, ``NS``),
* the four-letter school census codes (DfE, 2011 Census layout: ``WBRI``, ``WIRI``, ``MWBC``,
  ``AIND``, ``BCRB``, ``REFU`` ...), which many councils' HR systems reuse.

DfE's ``WROM`` ("Gypsy / Roma") spans two 2021 categories (Gypsy or Irish Traveller; Roma), so it
is not mapped: a council that uses it says which category it means in its column map.

A value that matches none of these is *unmappable*: ``classify`` returns ``None`` and the
importer reports it as a row error. Parity never guesses.

Crosswalk note: in 2001 "Chinese" sat in the "Chinese or other ethnic group" section
(code ``R`` / ``O1``); in 2021 it is in the Asian group. Both codes map to the 2021
category ``Chinese`` in the Asian group, and ``CROSSWALK`` records the move.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

ASIAN = "Asian, Asian British or Asian Welsh"
BLACK = "Black, Black British, Black Welsh, Caribbean or African"
MIXED = "Mixed or Multiple ethnic groups"
WHITE = "White"
OTHER = "Other ethnic group"
NOT_STATED = "Not stated"

GROUPS: tuple[str, ...] = (ASIAN, BLACK, MIXED, WHITE, OTHER)


@dataclass(frozen=True)
class Category:
    """One canonical ethnicity category: a stable ``code``, its ONS ``label`` and ``group``."""

    code: str
    label: str
    group: str

    @property
    def is_stated(self) -> bool:
        return self.code != "not_stated"


CATEGORIES: tuple[Category, ...] = (
    Category("asian_bangladeshi", "Bangladeshi", ASIAN),
    Category("asian_chinese", "Chinese", ASIAN),
    Category("asian_indian", "Indian", ASIAN),
    Category("asian_pakistani", "Pakistani", ASIAN),
    Category("asian_other", "Other Asian", ASIAN),
    Category("black_african", "African", BLACK),
    Category("black_caribbean", "Caribbean", BLACK),
    Category("black_other", "Other Black", BLACK),
    Category("mixed_white_asian", "White and Asian", MIXED),
    Category("mixed_white_black_african", "White and Black African", MIXED),
    Category("mixed_white_black_caribbean", "White and Black Caribbean", MIXED),
    Category("mixed_other", "Other Mixed or Multiple", MIXED),
    Category("white_british", "English, Welsh, Scottish, Northern Irish or British", WHITE),
    Category("white_irish", "Irish", WHITE),
    Category("white_gypsy_irish_traveller", "Gypsy or Irish Traveller", WHITE),
    Category("white_roma", "Roma", WHITE),
    Category("white_other", "Other White", WHITE),
    Category("other_arab", "Arab", OTHER),
    Category("other_any", "Any other ethnic group", OTHER),
)
NOT_STATED_CATEGORY = Category("not_stated", NOT_STATED, NOT_STATED)

BY_CODE: dict[str, Category] = {c.code: c for c in CATEGORIES + (NOT_STATED_CATEGORY,)}

# Phrases naming each category (already in normalised form, see ``normalise``).
_PHRASES: dict[str, tuple[str, ...]] = {
    "asian_bangladeshi": ("bangladeshi",),
    "asian_chinese": ("chinese",),
    "asian_indian": ("indian",),
    "asian_pakistani": ("pakistani",),
    "asian_other": ("other asian", "any other asian background", "any other asian",
                    "asian other", "other asian background"),
    "black_african": ("african",),
    "black_caribbean": ("caribbean",),
    "black_other": ("other black", "any other black background", "any other black",
                    "black other", "other black background",
                    "any other black black british or caribbean background",
                    "any other black african or caribbean background"),
    "mixed_white_asian": ("white and asian", "white asian"),
    "mixed_white_black_african": ("white and black african", "white black african"),
    "mixed_white_black_caribbean": ("white and black caribbean", "white black caribbean"),
    "mixed_other": ("other mixed or multiple", "other mixed", "any other mixed background",
                    "any other mixed", "mixed other", "other mixed background",
                    "any other mixed or multiple ethnic background",
                    "other mixed or multiple ethnic background",
                    "any other mixed multiple ethnic background"),
    "white_british": ("english welsh scottish northern irish or british",
                      "english welsh scottish northern irish british", "british",
                      "english", "welsh", "scottish", "northern irish", "white british",
                      "uk", "british english welsh scottish northern irish"),
    "white_irish": ("irish", "white irish"),
    "white_gypsy_irish_traveller": ("gypsy or irish traveller", "gypsy irish traveller",
                                    "gypsy traveller", "irish traveller", "gypsy",
                                    "traveller of irish heritage", "gypsy or traveller"),
    "white_roma": ("roma",),
    "white_other": ("other white", "any other white background", "any other white",
                    "white other", "other white background"),
    "other_arab": ("arab",),
    "other_any": ("any other ethnic group", "other ethnic group", "any other",
                  "other", "any other ethnic background", "other ethnic background",
                  "any other ethnicity"),
}

# Group prefixes that may stand before a category phrase ("Asian or Asian British: Indian").
_GROUP_PREFIXES: dict[str, tuple[str, ...]] = {
    ASIAN: ("asian", "asian or asian british", "asian british", "asian or asian british or asian welsh",
            "asian asian british or asian welsh", "asian asian british asian welsh",
            "asian or british asian", "british asian"),
    BLACK: ("black", "black or black british", "black british",
            "black black british black welsh caribbean or african",
            "black black british caribbean or african",  # the 2021 census form in England
            "black african caribbean or black british", "black or african or caribbean or black british",
            "black or british black"),
    MIXED: ("mixed", "mixed or multiple ethnic groups", "mixed multiple ethnic groups",
            "mixed or multiple", "mixed ethnic"),
    WHITE: ("white",),
    OTHER: ("other ethnic group", "other", "other ethnic groups", "any other ethnic group"),
}

# Values meaning the person did not state an ethnicity.
NOT_STATED_PHRASES: tuple[str, ...] = (
    "", "not stated", "prefer not to say", "prefer not to state", "not known", "unknown",
    "declined", "refused", "information refused", "not declared", "undisclosed",
    "not disclosed", "do not wish to disclose", "i do not wish to disclose",
    "not provided", "not given", "not specified", "not recorded", "withheld",
)

# 2001 Census / NHS Data Dictionary "ethnic category" codes.
NHS_2001_CODES: dict[str, str] = {
    "A": "white_british", "B": "white_irish", "C": "white_other",
    "D": "mixed_white_black_caribbean", "E": "mixed_white_black_african",
    "F": "mixed_white_asian", "G": "mixed_other",
    "H": "asian_indian", "J": "asian_pakistani", "K": "asian_bangladeshi", "L": "asian_other",
    "M": "black_caribbean", "N": "black_african", "P": "black_other",
    "R": "asian_chinese", "S": "other_any", "Z": "not_stated", "99": "not_stated",
}

# Two-character codes used by HR and education systems (2001 Census layout).
TWO_CHAR_CODES: dict[str, str] = {
    "W1": "white_british", "W2": "white_irish", "W9": "white_other",
    "M1": "mixed_white_black_caribbean", "M2": "mixed_white_black_african",
    "M3": "mixed_white_asian", "M9": "mixed_other",
    "A1": "asian_indian", "A2": "asian_pakistani", "A3": "asian_bangladeshi", "A9": "asian_other",
    "B1": "black_caribbean", "B2": "black_african", "B9": "black_other",
    "O1": "asian_chinese", "O9": "other_any", "NS": "not_stated",
}

# School census main codes (DfE, 2011 Census layout), also used by many HR systems.
SCHOOL_CENSUS_CODES: dict[str, str] = {
    "WBRI": "white_british", "WIRI": "white_irish", "WIRT": "white_gypsy_irish_traveller",
    "WOTH": "white_other",
    "MWBC": "mixed_white_black_caribbean", "MWBA": "mixed_white_black_african", "MWAS": "mixed_white_asian",
    "MOTH": "mixed_other",
    "AIND": "asian_indian", "APKN": "asian_pakistani", "ABAN": "asian_bangladeshi", "AOTH": "asian_other",
    "BCRB": "black_caribbean", "BAFR": "black_african", "BOTH": "black_other",
    "CHNE": "asian_chinese", "OOTH": "other_any", "REFU": "not_stated", "NOBT": "not_stated",
}
# Codes Parity knows and deliberately does not map: each says why.
UNMAPPED_CODES: dict[str, str] = {
    "WROM": "DfE's 'Gypsy / Roma' spans two 2021 categories (Gypsy or Irish Traveller; Roma): say which "
            "one your council means in the column map",
}

CROSSWALK_NOTES: dict[str, str] = {
    "R": "2001: 'Chinese' in the 'Chinese or other ethnic group' section; 2021: Chinese is in the Asian group.",
    "O1": "2001: 'Chinese' in the 'Chinese or other ethnic group' section; 2021: Chinese is in the Asian group.",
    "S": "2001: 'Any other ethnic group'; 2021 splits out Arab, which 2001 data cannot identify.",
    "O9": "2001: 'Any other ethnic group'; 2021 splits out Arab, which 2001 data cannot identify.",
    "C": "2001: 'Any other White background'; 2021 separates Gypsy or Irish Traveller and Roma, "
         "which 2001 data cannot identify.",
    "W9": "2001: 'Any other White background'; 2021 separates Gypsy or Irish Traveller and Roma, "
          "which 2001 data cannot identify.",
    "WIRT": "School census 'Traveller of Irish heritage'.",
    "CHNE": "School census 'Chinese', outside the Asian section; 2021: Chinese is in the Asian group.",
    "OOTH": "School census 'Any other ethnic group'; 2021 splits out Arab, which these codes cannot identify.",
    "NOBT": "School census 'Information not yet obtained'.",
    "REFU": "School census 'Refused'.",
}

_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(value: str) -> str:
    """Lower-case, '&' to 'and', punctuation and separators to single spaces, trimmed."""
    text = value.replace("&", " and ").lower()
    return _NON_WORD.sub(" ", text).strip()


@lru_cache(maxsize=1)
def lookup_table() -> dict[str, str]:
    """Every accepted spelling (normalised) -> category code. Built once, deterministic."""
    table: dict[str, str] = {}

    def add(key: str, code: str) -> None:
        existing = table.get(key)
        if existing is not None and existing != code:
            raise ValueError(f"ambiguous ethnicity spelling {key!r}: {existing} or {code}")
        table[key] = code

    for category in CATEGORIES:
        add(normalise(category.label), category.code)
        prefixes = _GROUP_PREFIXES[category.group]
        for phrase in _PHRASES[category.code]:
            add(phrase, category.code)
            for prefix in prefixes:
                add(f"{prefix} {phrase}", category.code)
                add(f"{phrase} {prefix}", category.code)
    # Group-word-first shorthands not covered by the prefix grid.
    for key, code in {
        "black african": "black_african", "black caribbean": "black_caribbean",
        "african caribbean": "black_caribbean", "afro caribbean": "black_caribbean",
        "white gypsy or irish traveller": "white_gypsy_irish_traveller",
        "white roma": "white_roma", "white english": "white_british",
        "white scottish": "white_british", "white welsh": "white_british",
        "white northern irish": "white_british",
        "white english welsh scottish northern irish british": "white_british",
        "white english welsh scottish northern irish or british": "white_british",
    }.items():
        add(key, code)
    for phrase in NOT_STATED_PHRASES:
        add(phrase, "not_stated")
    return table


def classify(value: object) -> Category | None:
    """Map one raw value to its canonical category, or ``None`` if it cannot be mapped.

    Blank and ``None`` are ``Not stated``. Codes are matched exactly (case-insensitive) before
    words, so ``"A"`` is the 2001 code for White British, not a word.
    """
    if value is None:
        return NOT_STATED_CATEGORY
    raw = str(value).strip()
    upper = raw.upper()
    code = NHS_2001_CODES.get(upper) or TWO_CHAR_CODES.get(upper) or SCHOOL_CENSUS_CODES.get(upper)
    if code is None:
        code = lookup_table().get(normalise(raw))
    return BY_CODE[code] if code is not None else None


def crosswalk() -> list[dict[str, str]]:
    """The documented code table: every code with its 2021 category, group and any note."""
    rows = []
    for scheme, codes in (("2001 Census / NHS", NHS_2001_CODES), ("two-character", TWO_CHAR_CODES),
                          ("school census (DfE)", SCHOOL_CENSUS_CODES)):
        for code, target in codes.items():
            category = BY_CODE[target]
            rows.append({
                "scheme": scheme, "code": code, "category": category.label,
                "group": category.group, "note": CROSSWALK_NOTES.get(code, ""),
            })
    return rows
