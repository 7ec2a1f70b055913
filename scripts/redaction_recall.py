"""Recall and precision of comment redaction on the labelled set, by kind, origin and context.

``python scripts/redaction_recall.py [--misses]`` prints the Markdown tables pasted into
docs/redaction.md (``--misses`` also lists every missed name on the deny-list and every false
positive: the set is synthetic, so it names no one). The deny-list is the ``staff_name`` of
every row marked ``deny_listed`` = yes, hashed with a fixed test key; each comment is redacted
twice, with that list and with none.

A labelled detail counts as caught when every character of it but spaces is inside a masked
finding of its kind (a quasi-identifier: when a flag overlaps it). A finding is correct when
it overlaps a labelled detail of its kind. "Masked or flagged" also counts a name covered by
possible-name flags, which the analyst sees in the review queue.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from parity.ingest.pseudonymise import Pseudonymiser
from parity.ingest.redaction import PLACEHOLDERS, NameList, Redacted, redact

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "fixtures" / "comments_labelled.csv"
TEST_KEY = b"redaction-recall-test-key-32byte"
KINDS = (*PLACEHOLDERS, "quasi_identifier", "name_or_flag")
"""Scored kinds: the masked ones, the flagged quasi-identifiers, and names masked or flagged."""


def load(path: Path = LABELLED) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["spans"] = [tuple(s) for s in json.loads(row["spans"])]
    return rows


def deny_list(rows: list[dict]) -> NameList:
    """The council's list: the staff names of the people marked as on it."""
    return NameList.from_names((r["staff_name"] for r in rows if r["deny_listed"] == "yes"),
                               Pseudonymiser(TEST_KEY))


@dataclass
class Tally:
    """Labelled details caught / all, and findings correct / all, with what went wrong."""
    labelled: int = 0
    caught: int = 0
    found: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return self.caught / self.labelled if self.labelled else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.found if self.found else None


def covered(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Every character of text[start:end] but spaces lies inside one of ``spans``."""
    return all(text[i].isspace() or any(s <= i < e for s, e in spans) for i in range(start, end))


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def views(row: dict) -> list[tuple]:
    """The tallies a comment counts in."""
    listed, held_out = row["deny_listed"] or "n/a", row["held_out"]
    return [("all",), ("listed", listed), ("origin", row["origin"], listed), ("context", row["context"], listed),
            ("held_out", held_out), ("held_out", held_out, listed)]


def score(row: dict, redacted: Redacted, tallies: dict[tuple, Tally]) -> None:
    """Add one comment's labels and findings to every tally it counts in."""
    text = row["comment"]
    found, labels = defaultdict(list), defaultdict(list)
    for f in redacted.findings + redacted.flags:
        found[f.kind].append((f.start, f.end))
    for kind, start, end in row["spans"]:
        labels[kind].append((start, end))
    found["name_or_flag"] = found["name"] + found["possible_name"]
    labels["name_or_flag"] = labels["name"]
    for kind in KINDS:
        caught = [overlaps(s, e, found[kind]) if kind == "quasi_identifier" else covered(text, s, e, found[kind])
                  for s, e in labels[kind]]
        correct = [overlaps(s, e, labels[kind]) for s, e in found[kind]]
        for view in views(row):
            tally = tallies[view + (kind,)]
            tally.labelled += len(caught)
            tally.caught += sum(caught)
            tally.found += len(correct)
            tally.correct += sum(correct)
            tally.misses += [f"{row['id']}: {text[s:e]!r} in {text!r}" for (s, e), c in zip(labels[kind], caught)
                             if not c]
            tally.wrong += [f"{row['id']}: {text[s:e]!r} in {text!r}" for (s, e), c in zip(found[kind], correct)
                            if not c]


def measure(rows: list[dict], names: NameList | None) -> dict[tuple, Tally]:
    """Tallies keyed by view + kind: ("all", kind), ("listed", yes|no, kind),
    ("origin", origin, listed, kind), ("context", context, listed, kind), ("held_out", yes|no[, listed], kind)."""
    tallies: dict[tuple, Tally] = defaultdict(Tally)
    for row in rows:
        score(row, redact(row["comment"], names), tallies)
    return tallies


def figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def kind_table(listed: dict, unlisted: dict, scope: tuple = ("all",)) -> list[str]:
    """Recall and precision per kind, with the deny-list and without one."""
    lines = ["| kind | labelled | recall, deny-list | recall, no list | findings, deny-list | "
             "precision, deny-list | precision, no list |", "|---|---:|---:|---:|---:|---:|---:|"]
    held = scope[1:]

    def line(label: str, a: Tally, b: Tally, precision: bool = True) -> str:
        p = (figure(a.precision), figure(b.precision)) if precision else ("", "")
        return (f"| {label} | {a.labelled} | {figure(a.recall)} | {figure(b.recall)} | "
                f"{a.found if precision else ''} | {p[0]} | {p[1]} |")

    for kind in KINDS:
        label = {"name": "name (all)", "name_or_flag": "name, masked or flagged as possible",
                 "quasi_identifier": "quasi-identifier (flagged)"}.get(kind, kind)
        if not (listed[scope + (kind,)].labelled or listed[scope + (kind,)].found):
            continue
        lines.append(line(label, listed[scope + (kind,)], unlisted[scope + (kind,)]))
        if kind == "name":
            for flag, label in (("yes", "name on the deny-list"), ("no", "name not on the deny-list")):
                key = ("held_out", *held, flag, kind) if held else ("listed", flag, kind)
                lines.append(line(label, listed[key], unlisted[key], precision=False))
    return lines


def name_table(view: str, values: list[str], listed: dict, unlisted: dict) -> list[str]:
    """Name recall for each origin or context: names on the list and not (deny-list in use),
    then every name with no list, masked and masked or flagged."""
    lines = [f"| {view} | on list: n | on list: recall | not on list: n | not on list: recall | "
             "all, no list: recall | all, no list: masked or flagged |", "|---|---:|---:|---:|---:|---:|---:|"]
    for value in values:
        on, off = (listed[(view, value, flag, "name")] for flag in ("yes", "no"))
        alone = [unlisted[(view, value, flag, kind)] for flag in ("yes", "no") for kind in ("name", "name_or_flag")]
        n = alone[0].labelled + alone[2].labelled
        masked = figure((alone[0].caught + alone[2].caught) / n)
        flagged = figure((alone[1].caught + alone[3].caught) / n)
        lines.append(f"| {value} | {on.labelled} | {figure(on.recall)} | {off.labelled} | {figure(off.recall)} | "
                     f"{masked} | {flagged} |")
    return lines


def report(rows: list[dict], show_misses: bool = False) -> str:
    names = deny_list(rows)
    listed, unlisted = measure(rows, names), measure(rows, None)
    named = [r for r in rows if r["deny_listed"]]
    origins = sorted({r["origin"] for r in named})
    contexts = sorted({r["context"] for r in named})
    out = [f"{len(rows)} comments ({sum(r['held_out'] == 'yes' for r in rows)} held out), "
           f"{sum(not r['spans'] for r in rows)} with nothing to redact; deny-list of "
           f"{sum(r['deny_listed'] == 'yes' for r in rows)} staff names ({len(names)} word hashes).",
           "", "By kind, every comment:", "", *kind_table(listed, unlisted),
           "", "By kind, the held-out comments only:", "", *kind_table(listed, unlisted, ("held_out", "yes")),
           "", "Names by origin:", "", *name_table("origin", origins, listed, unlisted),
           "", "Names by context:", "", *name_table("context", contexts, listed, unlisted)]
    if show_misses:
        out += ["", "Missed names on the deny-list:", *listed[("listed", "yes", "name")].misses]
        for label, tallies in (("deny-list", listed), ("no list", unlisted)):
            for kind in KINDS:
                if kind not in ("name", "name_or_flag"):
                    out += ["", f"Missed {kind} ({label}):", *tallies[("all", kind)].misses]
                out += ["", f"Wrong {kind} ({label}):", *tallies[("all", kind)].wrong]
    return "\n".join(out)


if __name__ == "__main__":
    print(report(load(), "--misses" in sys.argv[1:]))
