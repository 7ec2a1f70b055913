"""Fixtures for the app tests: a small plan imported from text."""

import pytest

from parity.app.plans.models import Plan
from parity.cli import main

PLAN_TEXT = ("# Synthetic plan 2024-2025\n\nObjectives\tLeads\tActions\tTimescales\n"
             "1: People: fairer progression\t\t\t\n"
             "1.1 Fair promotion\tSRO: Director of People\tPublish promotion data\tQ1 2024/25\n"
             "1.2 Mentoring\tImplementation lead: Head of OD\tStart reverse mentoring\tOngoing\n")


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN_TEXT, encoding="utf-8")
    assert main(["plan", "import", str(path)]) == 0
    return Plan.objects.get()
