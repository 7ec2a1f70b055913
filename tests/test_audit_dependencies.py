"""The dependency audit CI runs: a vulnerability fails it; an audit that could not be made says
so and is never reported as "no known vulnerabilities"."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "audit_dependencies.py"


@pytest.fixture
def audit():
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def answering(pip: dict, npm: dict):
    def run(command, **kwargs):
        report = npm if "npm" in Path(command[0]).name else pip
        return subprocess.CompletedProcess(command, 0, json.dumps(report), "")
    return run


def test_a_known_vulnerability_fails_the_audit(audit, monkeypatch, capsys):
    pip = {"dependencies": [{"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-1", "fix_versions": ["5.2.1"]}]}]}
    monkeypatch.setattr(audit.subprocess, "run", answering(pip, {"vulnerabilities": {}}))
    monkeypatch.setattr(audit.shutil, "which", lambda name: "/usr/bin/npm")
    assert audit.main() == 1
    assert "VULNERABLE django 5.2.0: PYSEC-1 (fixed in 5.2.1)" in capsys.readouterr().out


def test_an_unreachable_advisory_database_is_said_and_not_fatal(audit, monkeypatch, capsys):
    pip = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}
    npm = {"error": {"code": "ENOTFOUND", "summary": "request to registry failed"}}
    monkeypatch.setattr(audit.subprocess, "run", answering(pip, npm))
    monkeypatch.setattr(audit.shutil, "which", lambda name: "/usr/bin/npm")
    assert audit.main() == 0
    out = capsys.readouterr().out
    assert out.count("NOT audited") == 2 and "no known vulnerabilities" not in out


def test_an_audit_that_hangs_is_said_and_not_fatal(audit, monkeypatch, capsys):
    def hang(command, **kwargs):
        raise subprocess.TimeoutExpired(command, kwargs.get("timeout"))

    monkeypatch.setattr(audit.subprocess, "run", hang)
    monkeypatch.setattr(audit.shutil, "which", lambda name: "/usr/bin/npm")
    assert audit.main() == 0
    assert capsys.readouterr().out.count("NOT audited") == 2
