"""Plan measures linked to stored results or entered by hand; verdicts; the SMART check."""

import datetime as dt
import math

import pytest
from django.urls import reverse

from parity.app.measures.models import ComputedSet, StoredResult
from parity.app.plans import measure_links, services
from parity.app.plans.models import Plan
from parity.cli import main

pytestmark = pytest.mark.django_db

def stored(counts: dict[str, tuple[int, int]], grouping: str = "ons5") -> ComputedSet:
    """A current computed set holding plan.senior_leadership for 'Ethnic minorities', per period."""
    computed = ComputedSet.objects.create(status=ComputedSet.Status.DONE, is_current=True,
                                          parameters={"grouping": grouping})
    for period, (x, n) in counts.items():
        StoredResult.objects.create(computed_set=computed, grouping=grouping, measure="plan.senior_leadership",
                                    period=period,
                                    breakdown="overall", group="Ethnic minorities", numerator=x, denominator=n,
                                    value=x / n, ci_low=0.0, ci_high=1.0, status="ok")
    return computed


def plain_p(x1, n1, x2, n2):
    pooled = (x1 + x2) / (n1 + n2)
    z = (x2 / n2 - x1 / n1) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return math.erfc(abs(z) / math.sqrt(2))


def test_a_computed_measure_reads_the_stored_results(plan):
    stored({"2023-03-31": (40, 400), "2024-03-31": (52, 410), "2025-03-31": (70, 420)})
    pm = measure_links.add_measure(plan, "test", "Ethnic-minority senior leaders", "higher",
                                   plan.objectives.get(number="1.1"), measure_id="plan.senior_leadership",
                                   group="Ethnic minorities", target_value=0.2, target_date=dt.date(2026, 3, 31))
    status = measure_links.plan_measures(plan)[0]
    assert status["latest"]["period"] == "2025-03-31" and status["latest"]["value"] == 70 / 420
    assert status["baseline"]["period"] == "2023-03-31"  # the earliest, when none is chosen
    p = plain_p(40, 400, 70, 420)
    assert p < 0.05
    assert (status["verdict"], status["verdict_reason"]) == (
        "improved", f"p = {p:.3g} (change from 2023-03-31 to 2025-03-31)")
    assert status["share"] is True and status["target"]["met"] is False  # 16.7% < 20%
    pm.baseline_period = "2024-03-31"
    pm.save()
    assert measure_links.plan_measures(plan)[0]["verdict"] == (
        "improved" if plain_p(52, 410, 70, 420) < 0.05 else "no significant change")


def test_a_measure_reads_its_own_groupings_results(plan):
    chosen = stored({"2023-03-31": (40, 400), "2025-03-31": (70, 420)})  # as computed in ons5
    StoredResult.objects.create(computed_set=chosen, grouping="white_british_vs_minorities", period="2025-03-31",
                                measure="plan.senior_leadership", breakdown="overall", group="Ethnic minorities",
                                numerator=90, denominator=420, value=90 / 420, status="ok")
    objective = plan.objectives.get(number="1.1")
    with pytest.raises(ValueError, match="unknown grouping 'onz5'"):
        measure_links.add_measure(plan, "test", "x", "higher", objective, measure_id="plan.senior_leadership",
                                  group="Ethnic minorities", grouping="onz5")
    for grouping, value in (("", 70 / 420), ("white_british_vs_minorities", 90 / 420)):
        pm = measure_links.add_measure(plan, "test", "Senior leaders", "higher", objective, grouping=grouping,
                                       measure_id="plan.senior_leadership", group="Ethnic minorities")
        status = measure_links.measure_status(pm, chosen)
        assert status["latest"]["value"] == value  # blank: the grouping the set was computed with


def test_a_computed_measure_without_results_says_why(plan):
    measure_links.add_measure(plan, "test", "Senior leaders", "higher", plan.objectives.get(number="1.1"),
                              measure_id="plan.senior_leadership", group="Ethnic minorities")
    assert measure_links.plan_measures(plan)[0]["verdict_reason"] == "no results yet: import workforce data"
    stored({"2025-03-31": (5, 50)})
    status = measure_links.plan_measures(plan)[0]
    assert (status["verdict"], status["verdict_reason"]) == (
        "not enough data", "the baseline is the latest figure: nothing to compare yet")


def test_bad_links_are_refused(plan):
    objective = plan.objectives.get(number="1.1")
    with pytest.raises(ValueError, match="no engine measure 'wres.99'"):
        measure_links.add_measure(plan, "test", "x", "higher", objective, measure_id="wres.99", group="BME")
    with pytest.raises(ValueError, match="say which group"):
        measure_links.add_measure(plan, "test", "x", "higher", objective, measure_id="wres.2")
    with pytest.raises(ValueError, match="one objective or one priority"):
        measure_links.add_measure(plan, "test", "x", "higher")
    assert main(["plan", "measure", plan.slug, "--objective", "9.9", "--title", "x", "--better", "higher"]) == 2
    assert main(["plan", "measure", plan.slug, "--objective", "1.1", "--title", "x", "--better", "higher",
                 "--measure", "wres.99", "--group", "BME"]) == 2
    assert not plan.plan_measures.exists()


def test_manual_values(plan, capsys):
    assert main(["plan", "measure", plan.slug, "--priority", "1", "--title", "Mentoring pairs active",
                 "--better", "higher", "--target", "0.5", "--target-date", "2026-03-31"]) == 0
    pm = plan.plan_measures.get()
    assert main(["plan", "value", plan.slug, str(pm.pk), "--value", "0.3", "--as-of", "2024-03-31",
                 "--source", "Mentoring scheme register"]) == 0
    assert main(["plan", "value", plan.slug, str(pm.pk), "--value", "0.6", "--as-of", "2025-03-31",
                 "--source", "Mentoring scheme register"]) == 0
    status = measure_links.plan_measures(plan)[0]
    assert status["verdict"] == "not enough data"
    assert status["verdict_reason"] == "2024-03-31: a value without its counts cannot be tested"
    assert status["target"]["met"] is True
    assert main(["plan", "value", plan.slug, str(pm.pk), "--value", "0.6", "--as-of", "2025-06-30",
                 "--source", "", "--count", "3"]) == 2
    assert pm.values.count() == 2


def test_smart_check(plan, capsys):
    gaps = {g["objective"]: g["missing"] for g in services.smart_check(plan)}
    assert gaps == {"1.1": ["measure", "target"], "1.2": ["measure", "target", "date"]}
    measure_links.add_measure(plan, "test", "Promotion rate", "higher", priority=plan.priorities.get(number="1"),
                              measure_id="workforce.promotion", group="Ethnic minorities", target_value=0.1,
                              target_date=dt.date(2026, 3, 31))
    assert {g["objective"]: g["missing"] for g in services.smart_check(plan)} == {"1.2": ["date"]}
    assert main(["plan", "smart", plan.slug]) == 0
    assert "1.2 Mentoring: no date" in capsys.readouterr().out


def test_seed_objectives_all_lack_measures_targets_dates_and_owners(tmp_path):
    from pathlib import Path

    seed = Path(__file__).resolve().parents[1] / "fixtures" / "seed_plan_001.txt"  # tests/fixtures/README.md
    assert main(["plan", "import", str(seed)]) == 0
    gaps = services.smart_check(Plan.objects.get())
    assert len(gaps) == 17 and all(g["missing"] == ["measure", "target", "date", "owner"] for g in gaps)


def test_the_plan_page_shows_measures_and_the_smart_check(plan, login):
    stored({"2023-03-31": (40, 400), "2025-03-31": (70, 420)})
    measure_links.add_measure(plan, "test", "Ethnic-minority senior leaders", "higher",
                              plan.objectives.get(number="1.1"), measure_id="plan.senior_leadership",
                              group="Ethnic minorities")
    page = login("viewer").get(reverse("plans:plan", args=[plan.slug])).content.decode()
    assert "Ethnic-minority senior leaders" in page and "16.7%" in page and "Improved" in page
    assert 'id="smart-check"' in page and "1.2 Mentoring" in page
