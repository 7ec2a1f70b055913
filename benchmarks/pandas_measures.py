"""``parity measures DIR --output OUT.json``, written as a pandas program: the whole-command comparison.

``python benchmarks/pandas_measures.py DIR --secret-file PATH --output OUT.json`` reads a folder of
well-formed files (a synthetic council from ``parity demo-data``) with ``pd.read_csv``, types and
hashes them the pandas way, computes the full measure set with the engine's pandas count tables
(``compute(..., backend="pandas")``) and writes it as ``parity measures`` does. With the same
secret (``$PARITY_HOME/secret.key``, which ``parity measures`` reads) the two outputs are
byte-identical, so the command's time and memory can be set beside a program a good pandas
programmer would write: columns the measures use only (``usecols``), text with few values read
as Categoricals, and every conversion (trimming, dates, yes/no, sex, disability, ethnicity,
survey answers, keyed hashes) made once per distinct value and taken by code.

It reuses Parity's definitions (the schemas' column types, the vocabularies, the ethnicity
classification, ``answers_long``'s shape, the engine) but not its readers or validation: it checks
nothing a well-formed file would fail (``parity validate`` is for that) and stops at the first
value it cannot convert. It prints nothing but errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import io
import re
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa

from parity.engine.compute import Parameters, compute
from parity.engine.ethnicity import NOT_STATED, classify
from parity.engine.workforce import EMPTY_TABLES, WorkforceData
from parity.ingest.schemas import KINDS, load
from parity.ingest.vocabularies import ANSWER_TYPES, VOCABULARIES, parse_boolean

SUFFIXES = (".csv",)
# the columns the engine reads from each file type (survey responses: their answers' table, less
# the answer columns, which are the question columns of the file)
USED = {kind: [part.split()[0] for part in EMPTY_TABLES[kind].split(",")] for kind in EMPTY_TABLES}
USED["survey_responses"] = [c for c in USED.pop("survey_answers") if c not in ("question_id", "answer")]


def file_kind(name: str) -> str | None:
    """The file type a file name starts with (``staff_2024.csv`` is staff)."""
    stem = re.sub(r"[^a-z0-9]+", "_", Path(name).stem.strip().lower()).strip("_")
    return next((k for k in sorted(KINDS, key=len, reverse=True) if stem.startswith((k, k.rstrip("s")))), None)


def by_value(column: pd.Series, convert) -> pd.Series:
    """``convert`` applied once per distinct value of a text column, to the value trimmed (a
    blank one is None), as a Categorical of the results: each row takes its value's by code."""
    codes, distinct = pd.factorize(column)  # a blank cell's code is -1 ...
    results = [convert(value.strip() or None) for value in distinct] + [convert(None)]
    result_codes, categories = pd.factorize(pd.Series(results, dtype=object))  # (a None result's is -1)
    # ... so it takes the last result, the blank's
    return pd.Series(pd.Categorical.from_codes(result_codes[codes], categories), index=column.index)


def ethnicity_code(raw: str | None) -> str:
    category = classify(raw)
    if category is None:
        raise ValueError(f"{raw!r} is not an ethnicity Parity recognises")
    return category.code


def iso_date(raw: str | None) -> dt.date | None:
    return None if raw is None else dt.date.fromisoformat(raw)


def closed_values(allowed: tuple[str, ...]):
    """The parser of a column with a list of allowed values, matched ignoring case and punctuation."""
    key = lambda text: re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")  # noqa: E731
    lookup = {key(a): a for a in allowed}
    return lambda raw: None if raw is None else lookup[key(raw)]


class Hasher:
    """Identifiers as Parity stores them: HMAC-SHA256 with the installation's secret, in hex, of
    the trimmed identifier (``parity.ingest.pseudonymise``), once per distinct identifier of all
    the files (a staff number is in the staff, training and casework files)."""

    def __init__(self, secret: bytes):
        self.keyed = hmac.new(secret, digestmod=hashlib.sha256)  # copied for each identifier
        self.hashes: dict[str, str] = {}

    def __call__(self, raw: str | None) -> str | None:
        if raw is None:
            return None
        if raw not in self.hashes:
            h = self.keyed.copy()
            h.update(raw.encode("utf-8"))
            self.hashes[raw] = h.hexdigest()
        return self.hashes[raw]


def typed(frame: pd.DataFrame, kind: str, hasher: Hasher) -> pd.DataFrame:
    """The schema's columns of one file typed: identifiers hashed, dates, yes/no, numbers,
    ethnicity codes, sex and disability, allowed values, blanks as the schema says."""
    out = {}
    for f in load(kind).fields:
        if f.name not in frame:  # an optional column the file lacks: blank (the engine adds nulls) or its label
            blank = "not_stated" if f.role == "ethnicity" else f.blank or (NOT_STATED if f.vocabulary else None)
            if f.name in USED[kind] and blank is not None:
                out[f.name] = pd.Series(blank, index=frame.index, dtype="category")
            continue
        column = frame[f.name]
        if f.type in ("number", "integer"):
            out[f.name] = column
        elif f.is_identifier:
            out[f.name] = by_value(column, hasher)
        elif f.type == "date":
            out[f.name] = by_value(column, iso_date).astype("datetime64[ms]")
        elif f.type == "boolean":
            out[f.name] = by_value(column, lambda raw: None if raw is None else parse_boolean(raw)).astype("boolean")
        elif f.role == "ethnicity":
            out[f.name] = by_value(column, ethnicity_code)
        elif f.vocabulary:
            parse = VOCABULARIES[f.vocabulary]
            out[f.name] = by_value(column, lambda raw: NOT_STATED if raw is None else parse(raw))
        elif f.enum:
            out[f.name] = by_value(column, closed_values(f.enum))
        else:
            out[f.name] = by_value(column, lambda raw, blank=f.blank: raw if raw is not None else blank)
    return pd.DataFrame(out)


def read(data: bytes, kind: str, questions: pd.DataFrame | None) -> pd.DataFrame:
    """One CSV file: the columns the measures use, numbers as numbers, all else as text (typed
    by ``typed``, once per distinct value)."""
    header = pd.read_csv(io.BytesIO(data), nrows=0).columns
    fields = {f.name: f for f in load(kind).fields}
    wanted = [c for c in header if c in USED[kind]]
    if kind == "survey_responses":
        wanted += [c for c in header if c in set(questions["id"])]
    dtypes = {c: {"number": "float64", "integer": "Int64"}.get(fields[c].type if c in fields else "", "str")
              for c in wanted}
    return pd.read_csv(io.BytesIO(data), engine="pyarrow", usecols=wanted, dtype=dtypes, keep_default_na=False,
                       na_values=[""])


def answers(responses: pd.DataFrame, raw: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Survey responses in long form (``workforce.answers_long``): one row per response and
    question answered, each answer read as its question's type says (yes/no, agree scale)."""
    fixed = list(responses.columns)
    asked = questions[questions["survey"].isin(responses["survey"].dropna().unique())]
    wide = responses.copy()
    for qid in dict.fromkeys(asked["id"]):
        if qid not in raw:
            continue
        text = by_value(raw[qid], lambda value: value)
        answer = text.astype(object)
        for survey, answer_type in asked.loc[asked["id"] == qid, ["survey", "type"]].itertuples(index=False):
            parse = ANSWER_TYPES.get(answer_type)
            if parse is not None:
                parsed = by_value(raw[qid], lambda value, p=parse: None if value is None else p(value))
                answer = answer.where(responses["survey"] != survey, parsed.astype(object))
        wide[qid] = answer
    long = wide.melt(id_vars=fixed, value_vars=[c for c in wide if c not in fixed], var_name="question_id",
                     value_name="answer")
    return long[long["answer"].notna()].astype({"question_id": "category", "answer": "category"})


def arrow(frame: pd.DataFrame) -> pa.Table:
    """A frame as the engine's Arrow table: Categoricals dictionary-encoded, dates as dates."""
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)  # no pandas dtypes
    for i, field in enumerate(table.schema):
        if pa.types.is_timestamp(field.type):
            table = table.set_column(i, field.name, table[field.name].cast(pa.date32()))
    return table


def workforce_data(folder: Path, hasher: Hasher) -> WorkforceData:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                   and not p.name.startswith((".", "~$")))
    kinds = {p: file_kind(p.name) for p in files}
    unknown = [p.name for p, k in kinds.items() if k is None]
    if unknown:
        raise ValueError(f"cannot tell which type of file {', '.join(unknown)} is")
    sources, frames, questions = {}, {}, None
    for path in sorted(files, key=lambda p: kinds[p] != "survey_questions"):  # question lists first
        kind, data = kinds[path], path.read_bytes()
        sources[path.name] = hashlib.sha256(data).hexdigest()
        raw = read(data, kind, questions)
        frame = typed(raw, kind, hasher)
        if kind == "survey_questions":
            questions = pd.concat([questions, frame]) if questions is not None else frame
        if kind == "survey_responses":
            kind, frame = "survey_answers", answers(frame, raw, questions)
        frames.setdefault(kind, []).append(frame)
    tables = {kind: arrow(pd.concat(parts, ignore_index=True)) for kind, parts in frames.items()}
    return WorkforceData(tables, sources, hashed_ids=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--secret-file", type=Path, required=True,
                        help="the installation's secret ($PARITY_HOME/secret.key)")
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    secret = bytes.fromhex(args.secret_file.read_text().strip())
    data = workforce_data(args.dir, Hasher(secret))
    measure_set = compute(data, Parameters(), backend="pandas")
    args.output.write_text(measure_set.to_json() + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
