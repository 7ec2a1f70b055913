"""A survey question as its question list gives it (spec/data-formats.md, "survey responses").

Answer types: ``likert5`` (a five-point agree scale), ``yes_no``, ``choice`` (one of a list) and
``free_text`` (the respondent's own words). The question list says which answers count as
favourable; a question with favourable answers and a counted type gives a favourable share
(``engine.survey``); free-text answers are comments, never counted.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNTED_TYPES = ("likert5", "yes_no", "choice")  # answer types with favourable answers to count
FREE_TEXT = "free_text"


@dataclass(frozen=True)
class Question:
    survey: str
    id: str
    text: str
    type: str
    favourable: tuple[str, ...]
    measure: str | None = None

    @property
    def counted(self) -> bool:
        """Whether its answers give a favourable share (a counted type with favourable answers)."""
        return self.type in COUNTED_TYPES and bool(self.favourable)
