"""The `parity` command: exit codes 0 / 1 / 2, reports, templates, and the generated docs."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from parity.cli import main
from parity.ingest.folder import validate_folder
from parity.ingest.formats_doc import ethnicity_markdown, markdown
from parity.ingest.survey_tools import markdown as survey_tools_markdown

REPO = Path(__file__).resolve().parents[1]


def with_unknown_ethnicity(council: Path, tmp_path: Path) -> Path:
    """A copy of the council whose staff file ends with one row of an unknown ethnicity."""
    folder = tmp_path / "bad"
    shutil.copytree(council, folder)
    with open(folder / "staff_SYNTHETIC.csv", "a", encoding="utf-8") as handle:
        handle.write("E1,2026-03-31,Martian,Adults and Health,Scale 1,,,,,,,,,,,,,,,,\n")
    return folder


def test_validate_a_good_folder_exits_0(small_council, capsys):
    assert main(["validate", str(small_council)]) == 0
    assert "All files are valid" in capsys.readouterr().out


def test_validate_a_bad_folder_exits_1_with_a_json_report(small_council, tmp_path, capsys):
    folder = with_unknown_ethnicity(small_council, tmp_path)
    report = tmp_path / "report.json"
    assert main(["validate", str(folder), "--report", str(report)]) == 1
    out = capsys.readouterr().out
    assert "value 'Martian'" in out and "nothing would be imported" in out
    data = json.loads(report.read_text())
    staff = next(f for f in data["files"] if f["file"] == "staff_SYNTHETIC.csv")
    assert staff["problems"][0]["column"] == "ethnicity" and staff["problems"][0]["row"] >= 2


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope")]) == 2
    assert "no such folder" in capsys.readouterr().err
    bad_map = tmp_path / "map.yaml"
    bad_map.write_text("columns:\n  staff:\n    Foo: not_a_column\n")
    assert main(["validate", str(tmp_path), "--map", str(bad_map)]) == 2
    assert "no column 'not_a_column'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2


def test_installed_command_has_help():
    out = subprocess.run([sys.executable, "-m", "parity.cli", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for command in ("demo-data", "templates", "validate", "import", "serve"):
        assert command in out.stdout


def test_templates_are_generated_from_the_schemas_and_validate(tmp_path):
    assert main(["templates", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "staff.csv" in names and "staff.xlsx" in names and "column-map.example.yaml" in names
    assert (tmp_path / "staff.csv").read_text().startswith("staff_id,snapshot_date,ethnicity")
    # Blank templates are valid files with no rows, CSV and XLSX alike.
    for suffix in ("csv", "xlsx"):
        folder = tmp_path / suffix
        folder.mkdir()
        for p in tmp_path.glob(f"*.{suffix}"):
            shutil.copy(p, folder)
        result = validate_folder(folder)
        assert result.ok, result.report.lines()
        assert len(result.report.files) == 7


def test_the_data_formats_page_is_generated_from_the_schemas():
    committed = (REPO / "docs" / "data-formats.md").read_text("utf-8")
    assert committed == markdown(), "docs/data-formats.md is stale: run `make docs`"
    for kind in ("staff", "applications", "training", "casework", "panels", "survey_questions", "survey_responses"):
        assert f"`{kind}`" in committed
    assert (REPO / "docs" / "ethnicity.md").read_text("utf-8") == ethnicity_markdown(), \
        "docs/ethnicity.md is stale: run `make docs`"
    assert (REPO / "docs" / "survey-tools.md").read_text("utf-8") == survey_tools_markdown(), \
        "docs/survey-tools.md is stale: run `make docs`"


def test_every_schema_field_is_documented():
    from parity.ingest.schemas import all_schemas

    for schema in all_schemas():
        for field in schema.fields:
            assert field.description.strip(), f"{schema.name}.{field.name} has no description"


RESULT_FIELDS = {"measure", "period", "breakdown", "group", "comparator", "numerator", "denominator", "value",
                 "ci_low", "ci_high", "p_value", "status", "reason", "band"}


def test_measures_json_on_a_folder_with_no_database(small_council, tmp_path):
    out = tmp_path / "results.json"
    assert main(["measures", str(small_council), "--measure", "wres.2", "--measure", "wres.4",
                 "--by", "directorate", "--output", str(out)]) == 0
    data = json.loads(out.read_text())
    assert {"provenance", "results", "suppression_log", "methodology"} <= set(data)
    assert set(data["provenance"]["inputs"]) >= {"staff_SYNTHETIC.csv", "applications_SYNTHETIC.csv"}
    assert data["provenance"]["parameters"]["rolling_years"] == 2
    results = data["results"]
    assert {r["measure"] for r in results} == {"wres.2", "wres.4"}
    assert all(RESULT_FIELDS <= set(r) for r in results)
    assert {r["group"] for r in results} >= {"White", "BME", "Not stated"}
    assert any(r["breakdown"].startswith("directorate=") for r in results)
    ratio = next(r for r in results if r["measure"] == "wres.2" and r["breakdown"] == "overall" and r["comparator"])
    assert (ratio["group"], ratio["comparator"]) == ("White", "BME") and ratio["band"] in ("adverse", "non-adverse")


def test_measures_csv_and_usage_errors(small_council, tmp_path, capsys):
    assert main(["measures", str(small_council), "--format", "csv", "--measure", "workforce.declaration_rate"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("measure,period,breakdown,group,comparator,numerator,denominator,value")
    assert all(line.startswith("workforce.declaration_rate,") for line in lines[1:])
    assert main(["measures", str(small_council), "--measure", "nope"]) == 2
    assert main(["measures", str(small_council), "--snapshot", "1999-03-31"]) == 2
    assert main(["measures", str(small_council), "--grouping", "ons5", "--reference", "Martians"]) == 2
    assert "unknown measure" in capsys.readouterr().err


def test_measures_on_invalid_files_exits_1_with_the_report(small_council, tmp_path, capsys):
    folder = with_unknown_ethnicity(small_council, tmp_path)
    assert main(["measures", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "Martian" in err and "no measures were computed" in err


def test_plan_measure_directions_are_the_engines(capsys):
    """The command lists ``engine.change.BETTER`` by value (importing it would load scipy on
    every ``parity`` call); this keeps the two the same."""
    from parity.engine.change import BETTER

    with pytest.raises(SystemExit):
        main(["plan", "measure", "--help"])
    assert f"{{{','.join(BETTER)}}}" in capsys.readouterr().out


def test_measures_are_protected_by_default_and_unprotected_only_when_asked(small_council, tmp_path, capsys):
    out = tmp_path / "protected.json"
    assert main(["measures", str(small_council), "--measure", "workforce", "--output", str(out)]) == 0
    protected = json.loads(out.read_text())
    counts = [r[f] for r in protected["results"] for f in ("numerator", "denominator") if r[f] is not None]
    assert counts and all(c % 5 == 0 for c in counts)  # every count rounded to a multiple of 5
    assert "rounded to a multiple of 5" in protected["methodology"][0]
    capsys.readouterr()

    assert main(["measures", str(small_council), "--measure", "workforce", "--min-cell", "3"]) == 2
    assert "cannot be below 5" in capsys.readouterr().err

    out = tmp_path / "true.json"
    assert main(["measures", str(small_council), "--measure", "workforce", "--unprotected", "--output", str(out)]) == 0
    assert "UNPROTECTED" in capsys.readouterr().err
    true = json.loads(out.read_text())
    assert true["methodology"][0].startswith("UNPROTECTED")
    assert all("unprotected" in r["reason"] for r in true["results"])
    assert any(r["numerator"] is not None and r["numerator"] % 5 for r in true["results"])


def test_an_interrupted_command_says_so_without_a_traceback(monkeypatch, capsys):
    import parity.cli as cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_validate", interrupted)
    assert cli.main(["validate", "."]) == 130
    assert capsys.readouterr().err == "parity: interrupted\n"
