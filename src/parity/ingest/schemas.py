"""The input file types, read from their Table Schema JSON files (``schemas/*.json``).

The JSON files are the single source of the formats: the validator, the docs page
(``docs/data-formats.md``) and the blank templates are all generated from them.
Parity's own extensions are ``parity:``-prefixed properties:

* ``parity:requiredColumn``: the column must be present (its value may still be blank);
* ``parity:role``: ``identifier`` (stored only as a keyed hash) or ``ethnicity``;
* ``parity:vocabulary``: ``sex`` or ``disability`` (values normalised, see ``vocabularies``);
* ``parity:blank``: the label a blank value stands for (e.g. ``Not stated``);
* ``parity:period`` (schema level): the column that partitions a file into the periods a
  re-import replaces (a snapshot date, a financial year, a survey).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    required_value: bool
    required_column: bool
    role: str | None
    vocabulary: str | None
    blank: str | None
    enum: tuple[str, ...] | None
    minimum: float | None
    maximum: float | None
    pattern: str | None

    @property
    def is_identifier(self) -> bool:
        return self.role == "identifier"


@dataclass(frozen=True)
class Schema:
    name: str
    title: str
    description: str
    version: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    period_field: str
    period_as: str
    raw: dict

    def field(self, name: str) -> Field:
        return self.by_name[name]

    @property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @property
    def required_columns(self) -> list[str]:
        return [f.name for f in self.fields if f.required_column]


KINDS: tuple[str, ...] = (
    "staff", "applications", "training", "casework", "panels", "survey_questions",
    "survey_responses",
)


def _field(d: dict) -> Field:
    c = d.get("constraints", {})
    enum = c.get("enum")
    return Field(
        name=d["name"], type=d["type"], description=d.get("description", ""),
        required_value=bool(c.get("required")), required_column=bool(d.get("parity:requiredColumn")),
        role=d.get("parity:role"), vocabulary=d.get("parity:vocabulary"), blank=d.get("parity:blank"),
        enum=tuple(enum) if enum else None, minimum=c.get("minimum"), maximum=c.get("maximum"),
        pattern=c.get("pattern"),
    )


@lru_cache(maxsize=None)
def load(kind: str) -> Schema:
    """The schema of one file type; ``KeyError`` naming the known types otherwise."""
    if kind not in KINDS:
        raise KeyError(f"unknown file type {kind!r}; known: {', '.join(KINDS)}")
    text = resources.files("parity.ingest").joinpath("schemas", f"{kind}.json").read_text("utf-8")
    d = json.loads(text)
    period = d["parity:period"]
    return Schema(
        name=d["name"], title=d["title"], description=d["description"], version=d["version"],
        fields=tuple(_field(f) for f in d["fields"]), primary_key=tuple(d["primaryKey"]),
        period_field=period["field"], period_as=period["as"], raw=d,
    )


def all_schemas() -> list[Schema]:
    return [load(k) for k in KINDS]
