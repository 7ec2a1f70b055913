"""Fixtures for the app tests: a small plan imported from text; stored dashboard figures."""

import pytest

from parity.app.measures.models import ComputedSet, StoredChange, StoredResult
from parity.app.plans.models import Plan
from parity.cli import main
from parity.engine.statistics import proportion

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


COUNTS = {  # (period, directorate) -> (stated, headcount)
    ("2024-03-31", ""): (900, 1000), ("2025-03-31", ""): (950, 1000),
    ("2025-03-31", "Adults and Health"): (190, 200), ("2025-03-31", "Finance"): (3, 4),
}


ATTACK_SECRET = b"the attacker tests' fixed secret!"  # 32 bytes, in hex in the file as an installation keeps it


@pytest.fixture
def fixed_secret(settings, tmp_path):
    """The installation's identifier secret fixed for the test, so record keys, and so which
    small counts round up, are the same in every run: an attack's outcome is then reproducible
    (a fresh random secret per run made "few narrowed" vary from run to run)."""
    path = tmp_path / "secret.key"
    path.write_text(ATTACK_SECRET.hex())
    settings.PARITY_IDENTIFIER_SECRET_FILE = path
    return ATTACK_SECRET


@pytest.fixture
def fresh_caches():
    from django.core.cache import cache

    from parity.app.dashboards import services
    from parity.app.surveys import services as surveys

    services.clear_caches()
    surveys.clear_caches()
    cache.clear()
    yield
    services.clear_caches()
    surveys.clear_caches()
    cache.clear()


@pytest.fixture
def figures(db, fresh_caches):
    computed = ComputedSet.objects.create(status=ComputedSet.Status.DONE, is_current=True,
                                          parameters={"grouping": "ons5"})
    for (period, directorate), (x, n) in COUNTS.items():
        r = proportion("workforce.declaration_rate", period, x, n, group="All staff",
                       breakdown=f"directorate={directorate}" if directorate else "overall")
        status, reason = ("suppressed", "a count of 1 to 4 people") if n < 5 else (r.status, r.reason)
        StoredResult.objects.create(computed_set=computed, grouping="ons5", measure=r.measure, period=period,
                                    breakdown=r.breakdown,
                                    group=r.group, numerator=None if n < 5 else x, denominator=None if n < 5 else n,
                                    value=None if n < 5 else r.value, ci_low=None if n < 5 else r.ci_low,
                                    ci_high=None if n < 5 else r.ci_high, status=status, reason=reason)
    StoredChange.objects.create(computed_set=computed, grouping="ons5", measure="workforce.declaration_rate",
                                period="2025-03-31",
                                previous_period="2024-03-31", breakdown="overall", group="All staff", value=0.95,
                                previous_value=0.9, difference=0.05, p_value=0.0001, significant=True)
    return computed


SURVEY_ROLES = ("admin", "analyst", "directorate_lead", "staff_network", "viewer")


@pytest.fixture(scope="module")
def imported(small_council, django_db_setup, django_db_blocker):
    """The small synthetic council imported once per test module (rolled back at its end), with a
    user of each role (the directorate lead's directorate: Adults and Health)."""
    from django.db import transaction

    from parity.app.accounts.services import create_user

    with django_db_blocker.unblock():
        with transaction.atomic():
            assert main(["import", str(small_council)]) == 0
            users = {role: create_user(f"survey-{role}", "a-long-test-password", role,
                                       directorate="Adults and Health" if role == "directorate_lead" else "")
                     for role in SURVEY_ROLES}
            yield users
            transaction.set_rollback(True)


@pytest.fixture
def as_role(client, imported):
    """A client signed in as the imported council's user of a role."""
    def signed_in(role):
        client.force_login(imported[role])
        return client
    return signed_in
