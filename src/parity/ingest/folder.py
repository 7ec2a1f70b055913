"""Validate every file of a folder (or an upload) together.

Question lists are validated first, so a survey responses file in the same folder can be
checked against them. ``known_questions`` adds the questions of surveys already imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .column_map import ColumnMap
from .problems import FileReport, Problem, ValidationReport
from .readers import SUFFIXES, RawTable, UnreadableFile, read_file
from .validate import Question, ValidatedTable, validate


@dataclass
class FolderResult:
    report: ValidationReport
    tables: list[ValidatedTable] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report.ok


def questions_from(table: ValidatedTable) -> dict[str, dict[str, Question]]:
    """The questions of a validated survey_questions file (its good rows), by survey and id."""
    out: dict[str, dict[str, Question]] = {}
    for row in table.good_rows().to_pylist():
        favourable = tuple(a.strip() for a in (row["favourable"] or "").split(";") if a.strip())
        out.setdefault(row["survey"], {})[row["id"]] = Question(
            row["survey"], row["id"], row["text"], row["type"], favourable, row["measure"])
    return out


def data_files(directory: str | Path) -> list[Path]:
    """The CSV and spreadsheet files directly inside a folder, by name; hidden files skipped."""
    return sorted(p for p in Path(directory).iterdir()
                  if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$")))


def validate_files(named_paths: list[tuple[str, Path]], column_map: ColumnMap | None = None,
                   known_questions: dict[str, dict[str, Question]] | None = None) -> FolderResult:
    column_map = column_map or ColumnMap()
    result = FolderResult(ValidationReport())
    raws: list[RawTable] = []
    for name, path in named_paths:
        try:
            raws.append(read_file(path, name))
        except UnreadableFile as exc:
            result.report.files.append(FileReport(name, None, 0, [Problem(name, None, None, None, str(exc).split(": ", 1)[-1])]))
    kinds = {raw.name: column_map.kind_of(raw.name, raw.headers) for raw in raws}
    questions = {s: dict(q) for s, q in (known_questions or {}).items()}
    ordered = sorted(raws, key=lambda r: kinds[r.name] != "survey_questions")
    for raw in ordered:
        validated = validate(raw, kinds[raw.name], column_map, questions)
        if validated.kind == "survey_questions" and validated.table is not None:
            for survey, qs in questions_from(validated).items():
                questions.setdefault(survey, {}).update(qs)
        result.tables.append(validated)
        result.report.files.append(validated.report)
    order = {name: i for i, (name, _) in enumerate(named_paths)}
    result.report.files.sort(key=lambda f: order.get(f.file, 0))
    result.tables.sort(key=lambda t: order.get(t.report.file, 0))
    return result


def validate_folder(directory: str | Path, column_map: ColumnMap | None = None,
                    known_questions: dict[str, dict[str, Question]] | None = None) -> FolderResult:
    files = data_files(directory)
    result = validate_files([(p.name, p) for p in files], column_map, known_questions)
    if not files:
        result.report.files.append(FileReport(str(directory), None, 0, [Problem(
            str(directory), None, None, None, "the folder has no CSV or Excel files")]))
    return result
