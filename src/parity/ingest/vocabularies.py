"""Accepted spellings of the small closed vocabularies in input files.

Each ``parse_*`` function takes one raw cell (already trimmed) and returns the canonical value,
or raises ``ValueError`` with the plain-English reason. They are applied once per distinct
value of a column, so they may be as careful as they like.
"""

from __future__ import annotations

from ..engine.ethnicity import NOT_STATED, normalise

TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1"})
FALSE_WORDS = frozenset({"no", "n", "false", "f", "0"})
NOT_STATED_WORDS = frozenset({
    "", "not stated", "prefer not to say", "unknown", "not known", "declined", "refused",
    "not declared", "undisclosed", "not disclosed", "do not wish to disclose",
    "information refused", "not recorded", "withheld",
})

SEX = {"female": "Female", "f": "Female", "woman": "Female", "male": "Male", "m": "Male",
       "man": "Male", "other": "Other", "non binary": "Other", "nonbinary": "Other",
       "intersex": "Other", "in another way": "Other"}
DISABILITY = {"yes": "Disabled", "y": "Disabled", "disabled": "Disabled", "true": "Disabled",
              "no": "Not disabled", "n": "Not disabled", "not disabled": "Not disabled",
              "non disabled": "Not disabled", "false": "Not disabled"}
LIKERT5 = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
_LIKERT_LOOKUP = {normalise(label): label for label in LIKERT5} | {
    str(i + 1): label for i, label in enumerate(LIKERT5)} | {"neutral": LIKERT5[2],
                                                            "neither": LIKERT5[2]}


def parse_boolean(raw: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("is not yes or no (accepted: yes/no, y/n, true/false, 1/0)")


def _vocabulary(raw: str, table: dict[str, str], what: str) -> str:
    key = normalise(raw)
    if key in NOT_STATED_WORDS:
        return NOT_STATED
    try:
        return table[key]
    except KeyError:
        accepted = ", ".join(sorted(set(table.values())))
        raise ValueError(f"is not a recognised {what} value (accepted: {accepted}, or blank "
                         f"for not stated)") from None


def parse_sex(raw: str) -> str:
    return _vocabulary(raw, SEX, "sex")


def parse_disability(raw: str) -> str:
    return _vocabulary(raw, DISABILITY, "disability")


def parse_likert5(raw: str) -> str:
    try:
        return _LIKERT_LOOKUP[normalise(raw)]
    except KeyError:
        raise ValueError("is not an answer on the five-point agree scale "
                         f"({', '.join(LIKERT5)}, or 1 to 5)") from None


def parse_yes_no(raw: str) -> str:
    return "Yes" if parse_boolean(raw) else "No"


VOCABULARIES = {"sex": parse_sex, "disability": parse_disability}
CHOICES = {"sex": ("Female", "Male", "Other", NOT_STATED),  # what a value can be mapped to, as words
           "disability": ("Disabled", "Not disabled", NOT_STATED)}
ANSWER_TYPES = {"likert5": parse_likert5, "yes_no": parse_yes_no}
