"""Survey results (engine.survey), checked against the synthetic files read the slow, obvious way
and against statsmodels' intervals and tests, never against the engine's own helpers."""

import csv
from collections import Counter

import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint, proportions_ztest

from parity.engine.compute import Parameters, compute
from parity.engine.disclosure import DisclosurePolicy
from parity.engine.ethnicity import classify
from parity.engine.survey import GAP, SHARE, series_of, survey_results
from parity.ingest.engine_input import load_folder

ONS5 = {"white": "White", "asian": "Asian, Asian British or Asian Welsh",
        "black": "Black, Black British, Black Welsh, Caribbean or African",
        "mixed": "Mixed or Multiple ethnic groups", "other": "Other ethnic group"}
LIKERT_FAVOURABLE = {"Agree", "Strongly agree"}


@pytest.fixture(scope="module")
def council(small_council):
    data, result = load_folder(small_council)
    assert result.ok
    with open(small_council / "survey_responses_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        responses = list(csv.DictReader(handle))
    return data, responses


def ons5(text):
    code = classify(text).code
    if code == "not_stated":
        return "Not stated"
    return ONS5[code.split("_")[0]] if code.split("_")[0] in ONS5 else ONS5["other"]


def tally(responses, survey, question, favourable, keep=lambda r: True):
    """{group: (favourable answers, answers)} by ONS 5 group, blank answers left out."""
    x, n = Counter(), Counter()
    for r in responses:
        if r["survey"] != survey or not r[question] or not keep(r):
            continue
        g = ons5(r["ethnicity"])
        n[g] += 1
        x[g] += r[question] in favourable
    return {g: (x[g], n[g]) for g in n}


def find(figures, survey, question, **match):
    found = [f.result for f in figures if f.survey == survey and f.question == question
             and all(getattr(f.result, k) == v for k, v in match.items())]
    assert len(found) == 1, (survey, question, match, found)
    return found[0]


def test_series_are_names_without_their_year():
    assert series_of("Staff survey 2025") == "Staff survey"
    assert series_of("Staff survey 2024/25") == "Staff survey"
    assert series_of("2023 Race equality survey") == "Race equality survey"
    assert series_of("Pulse") == "Pulse"


def test_each_groups_favourable_share_and_wilson_interval(council):
    data, responses = council
    out = survey_results(data, policy=DisclosurePolicy.unprotected())
    survey = "Staff survey 2025"
    expected = tally(responses, survey, "q_safe", LIKERT_FAVOURABLE)
    assert len(expected) >= 4
    for group, (x, n) in expected.items():
        r = find(out.figures, survey, "q_safe", measure=SHARE, breakdown="overall", group=group)
        low, high = proportion_confint(x, n, method="wilson")
        assert (r.numerator, r.denominator) == (x, n)
        assert r.value == pytest.approx(x / n)
        assert (r.ci_low, r.ci_high) == (pytest.approx(low), pytest.approx(high))
    everyone = find(out.figures, survey, "q_safe", measure=SHARE, breakdown="overall", group="All respondents")
    assert everyone.denominator == sum(n for _, n in expected.values())


def test_breakdowns_by_manager_and_directorate(council):
    data, responses = council
    out = survey_results(data, policy=DisclosurePolicy.unprotected())
    survey = "Staff survey 2026"
    managers = tally(responses, survey, "q_equal_opportunities", {"Yes"}, lambda r: r["is_manager"] == "Yes")
    r = find(out.figures, survey, "q_equal_opportunities", measure=SHARE, breakdown="manager=Yes", group="White")
    assert (r.numerator, r.denominator) == managers["White"]
    directorate = responses[0]["directorate"]
    there = tally(responses, survey, "q_equal_opportunities", {"Yes"}, lambda r: r["directorate"] == directorate)
    r = find(out.figures, survey, "q_equal_opportunities", measure=SHARE, breakdown=f"directorate={directorate}",
             group="White")
    assert (r.numerator, r.denominator) == there["White"]


def test_gap_from_the_reference_group_with_newcombe_interval_and_z_test(council):
    data, responses = council
    out = survey_results(data, policy=DisclosurePolicy.unprotected())
    survey = "Staff survey 2025"
    expected = tally(responses, survey, "q_equal_opportunities", {"Yes"})
    group = "Asian, Asian British or Asian Welsh"
    (x1, n1), (x2, n2) = expected[group], expected["White"]
    r = find(out.figures, survey, "q_equal_opportunities", measure=GAP, breakdown="overall", group=group)
    assert r.comparator == "White"
    assert r.value == pytest.approx(100 * (x1 / n1 - x2 / n2))
    low, high = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff")
    assert (r.ci_low, r.ci_high) == (pytest.approx(100 * low), pytest.approx(100 * high))
    _, p = proportions_ztest([x1, x2], [n1, n2])
    assert r.p_value == pytest.approx(p)
    assert r.p_adjusted is not None and r.p_adjusted >= r.p_value and "Holm" in r.method


def test_change_since_the_previous_wave_of_the_series(council):
    data, responses = council
    out = survey_results(data, policy=DisclosurePolicy.unprotected())
    assert [(w.survey, w.previous) for w in out.waves] == [("Staff survey 2025", None),
                                                             ("Staff survey 2026", "Staff survey 2025")]
    before = tally(responses, "Staff survey 2025", "q_discrimination", {"No"})["White"]
    after = tally(responses, "Staff survey 2026", "q_discrimination", {"No"})["White"]
    [c] = [c.change for c in out.changes if c.survey == "Staff survey 2026" and c.question == "q_discrimination"
           and c.change.breakdown == "overall" and c.change.group == "White"]
    assert c.difference == pytest.approx(after[0] / after[1] - before[0] / before[1])
    _, p = proportions_ztest([after[0], before[0]], [after[1], before[1]])
    assert c.p_value == pytest.approx(p)
    assert not [c for c in out.changes if c.survey == "Staff survey 2025"]


def test_free_text_questions_are_not_counted(council):
    data, _ = council
    out = survey_results(data, policy=DisclosurePolicy.unprotected())
    assert not [f for f in out.figures if f.question == "q_comment"]
    assert any(q.id == "q_comment" and not q.counted for q in out.questions)


def test_protected_figures_hide_small_groups_and_publish_rounded_counts(council):
    data, _ = council
    policy = DisclosurePolicy()
    out = survey_results(data, Parameters(min_cell=policy.min_count))
    shown = [f.result for f in out.figures if f.result.status != "suppressed"]
    hidden = [f.result for f in out.figures if f.result.status == "suppressed"]
    assert shown and hidden
    for r in shown:
        assert r.denominator >= policy.survey_min_responses, r
        for count in (r.numerator, r.denominator, r.comparator_numerator, r.comparator_denominator):
            assert count is None or count % policy.min_count == 0, r
        if r.measure == GAP:
            assert r.comparator_denominator >= policy.survey_min_responses, r
    for r in hidden:  # the share is hidden; its counts, rounded like every count, may still show
        assert r.value is None and r.ci_low is None and r.p_value is None and r.reason
        for count in (r.numerator, r.denominator):
            assert count is None or count % policy.min_count == 0, r
    assert len(out.log) == len(hidden)


def test_the_same_respondents_get_the_same_figure_as_in_the_wres_indicator(council):
    """WRES 7 counts the answers of the question tagged wres.7 in the year to each snapshot; each
    wave falls in one such year, so its counts are the same respondents' and must be published alike."""
    data, _ = council
    survey = survey_results(data, Parameters(grouping="wres_binary"))
    wres = compute(data, Parameters(measures=("wres.7",), grouping="wres_binary")).results
    compared = 0
    for w in survey.waves:
        year = [r for r in wres if r.period >= w.date.isoformat() and r.breakdown == "overall" and r.group == "White"
                and r.comparator is None]
        if not year:
            continue
        first = min(year, key=lambda r: r.period)
        mine = find(survey.figures, w.survey, "q_equal_opportunities", measure=SHARE, breakdown="overall",
                    group="White")
        assert (mine.numerator, mine.denominator) == (first.numerator, first.denominator)
        compared += 1
    assert compared >= 1


def test_no_survey_files_give_no_figures(tmp_path, small_council):
    for name in ("staff", "applications"):
        (tmp_path / f"{name}_SYNTHETIC.csv").write_bytes((small_council / f"{name}_SYNTHETIC.csv").read_bytes())
    data, result = load_folder(tmp_path)
    assert result.ok
    out = survey_results(data)
    assert out.figures == [] and out.waves == [] and out.questions == []
