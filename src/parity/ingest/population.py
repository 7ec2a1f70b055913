"""Reading a local population file: residents per ethnicity category (census reference data).

The file (CSV or Excel) has two columns: ``ethnicity`` (an ONS 2021 category, as the census
writes it, or any form Parity recognises: docs/ethnicity.md) and ``people`` (a whole number,
0 or more). Every category may appear once; a census extract's total row (``Total: All usual
residents``) is skipped. Every problem is reported at once, with row, column and value, and
nothing is returned from a file with problems.
"""

from __future__ import annotations

from pathlib import Path

from ..engine import ethnicity
from .validate import ETHNICITY_HELP
from .problems import ERROR, Problem
from .readers import UnreadableFile, read_file

COLUMNS = ("ethnicity", "people")


class PopulationFileProblems(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(p.describe() for p in problems))
        self.problems = problems


def read_population(path: str | Path) -> dict[str, int]:
    """Residents per ethnicity category code, from a local population file."""
    path = Path(path)
    try:
        raw = read_file(path)
    except UnreadableFile as exc:
        raise PopulationFileProblems([Problem(path.name, None, None, None, str(exc))]) from None
    headers = {h.strip().lower(): h for h in raw.headers}
    missing = [c for c in COLUMNS if c not in headers]
    if missing:
        raise PopulationFileProblems([Problem(path.name, None, c, None, "this column is missing (the file needs "
                                              "ethnicity and people)") for c in missing])
    problems: list[Problem] = [p for p in raw.problems if p.severity == ERROR]
    counts: dict[str, int] = {}
    seen: set[str] = set()
    texts = raw.table.column(headers["ethnicity"]).to_pylist()
    numbers = raw.table.column(headers["people"]).to_pylist()
    for row, text, number in zip(raw.row_numbers.to_pylist(), texts, numbers):
        text, number = (text or "").strip(), (number or "").strip()
        if text.lower().startswith("total"):
            continue
        category = ethnicity.classify(text) if text else None
        if category is None or category.code == "not_stated":
            problems.append(Problem(path.name, row, "ethnicity", text, "is not an ONS 2021 ethnicity category "
                                    f"Parity recognises ({ETHNICITY_HELP})"))
        elif category.code in seen:
            problems.append(Problem(path.name, row, "ethnicity", text, "this category appears twice"))
            category = None
        else:
            seen.add(category.code)
        people = number.replace(",", "")
        if not people.isdigit():
            problems.append(Problem(path.name, row, "people", number, "is not a whole number of people (0 or more)"))
        elif category is not None and category.code != "not_stated":
            counts[category.code] = int(people)
    if not problems and not counts:
        problems.append(Problem(path.name, None, None, None, "the file has no rows"))
    if problems:
        raise PopulationFileProblems(problems)
    return counts
