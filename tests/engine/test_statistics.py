"""Statistics checked against published worked examples and recomputed the slow, obvious way."""

import math

import pytest
from scipy import stats as scipy_stats

from parity.engine import statistics as st
from parity.engine.results import NOT_COMPUTABLE, Result


@pytest.mark.parametrize("x,n,low,high", [
    # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score).
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_matches_newcombes_worked_examples(x, n, low, high):
    lo, hi = st.wilson(x, n)
    assert lo == pytest.approx(low, abs=5e-5) and hi == pytest.approx(high, abs=5e-5)


def test_wilson_formula_by_hand():
    x, n, z = 37, 120, scipy_stats.norm.ppf(0.975)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert st.wilson(x, n) == pytest.approx((centre - half, centre + half), abs=1e-12)


def test_proportion_of_nobody_is_not_computable():
    r = st.proportion("m", "2024-03-31", 0, 0)
    assert r.status == NOT_COMPUTABLE and r.value is None and "0/0" in r.reason


def test_relative_likelihood_katz_interval_by_hand():
    # WRES-style: White 100 appointed of 500 shortlisted; BME 50 of 400.
    r = st.relative_likelihood("wres.2", "2024-03-31", 100, 500, 50, 400, group="White", comparator="BME")
    assert r.value == pytest.approx((100 / 500) / (50 / 400)) == pytest.approx(1.6)
    se = math.sqrt(1 / 100 - 1 / 500 + 1 / 50 - 1 / 400)
    z = scipy_stats.norm.ppf(0.975)
    assert (r.ci_low, r.ci_high) == pytest.approx((1.6 * math.exp(-z * se), 1.6 * math.exp(z * se)))
    assert r.p_value == pytest.approx(scipy_stats.fisher_exact([[100, 400], [50, 350]]).pvalue)
    assert r.band == "adverse" and "Katz" in r.method
    assert (r.numerator, r.denominator, r.comparator_numerator, r.comparator_denominator) == (100, 500, 50, 400)


def test_small_cells_use_the_adjusted_interval_and_zero_focus_rate_is_a_ratio_of_zero():
    r = st.relative_likelihood("wres.3", "p", 0, 40, 6, 900)
    assert r.value == 0 and r.ci_low < r.ci_high and r.ci_high > 1
    assert "adjusted" in r.method
    r = st.relative_likelihood("wres.3", "p", 3, 40, 12, 900)
    # By hand: Katz on the counts and group sizes with 0.5 added (statsmodels "log-adjusted").
    a, n1, b, n2 = 3.5, 40.5, 12.5, 900.5  # 0.5 added to each count and each group size
    ratio = (a / n1) / (b / n2)
    se = math.sqrt(1 / a - 1 / n1 + 1 / b - 1 / n2)
    z = scipy_stats.norm.ppf(0.975)
    assert (r.ci_low, r.ci_high) == pytest.approx((ratio * math.exp(-z * se), ratio * math.exp(z * se)), rel=1e-6)
    assert r.value == pytest.approx((3 / 40) / (12 / 900))
    for cells in ((40, 40, 6, 900), (1, 1, 0.0 + 1, 2), (0, 3, 3, 3)):
        r = st.relative_likelihood("m", "p", *cells)
        assert r.ci_low is not None and r.ci_high is not None and r.ci_low <= r.ci_high


@pytest.mark.parametrize("a,n1,b,n2,why", [(0, 0, 5, 100, "the group"), (5, 100, 0, 0, "comparator group"),
                                           (0, 0, 0, 0, "the group"), (5, 100, 0, 100, "rate is 0")])
def test_ratios_over_nothing_are_not_computable(a, n1, b, n2, why):
    r = st.relative_likelihood("m", "p", a, n1, b, n2)
    assert r.status == NOT_COMPUTABLE and r.value is None and why in r.reason


def test_band_is_the_four_fifths_rule():
    assert st.band(0.80) == st.band(1.25) == st.band(1.0) == "non-adverse"
    assert st.band(0.79) == st.band(1.26) == "adverse"


def test_low_power_is_flagged_for_small_groups():
    small = st.relative_likelihood("m", "p", 6, 30, 40, 300)
    big = st.relative_likelihood("m", "p", 600, 3000, 4000, 30000)
    assert small.status == "low_power" and "power" in small.reason
    assert big.status == "ok"


def test_power_formula_by_hand():
    n1, n2, p2 = 400, 2000, 0.1
    p1 = 0.125
    se = math.sqrt((1 - p1) / (n1 * p1) + (1 - p2) / (n2 * p2))
    expected = scipy_stats.norm.cdf(math.log(1.25) / se - scipy_stats.norm.ppf(0.975))
    assert st.power_for_ratio(n1, n2, p2) == pytest.approx(expected)


def test_change_in_ratio_is_a_z_test_on_log_ratios():
    before = st.relative_likelihood("m", "2023", 100, 500, 50, 400)
    after = st.relative_likelihood("m", "2024", 90, 500, 70, 400)
    change = st.change_in_ratio(before, after)
    se1 = st.log_ratio_se(100, 500, 50, 400)
    se2 = st.log_ratio_se(90, 500, 70, 400)
    z = (math.log(after.value) - math.log(before.value)) / math.sqrt(se1 ** 2 + se2 ** 2)
    assert change["p_value"] == pytest.approx(2 * scipy_stats.norm.sf(abs(z)))
    assert change["significant"] is (change["p_value"] < 0.05)
    nothing = st.relative_likelihood("m", "2024", 0, 0, 1, 10)
    assert st.change_in_ratio(before, nothing)["p_value"] is None


def test_change_in_proportion_matches_statsmodels():
    from statsmodels.stats.proportion import proportions_ztest

    change = st.change_in_proportion(30, 200, 50, 210)
    _, p = proportions_ztest([50, 30], [210, 200])
    assert change["p_value"] == pytest.approx(p)


def test_holm_and_bh_adjustments_match_statsmodels():
    from statsmodels.stats.multitest import multipletests

    ps = [0.01, 0.04, 0.03, 0.2]
    results = [Result(measure="m", period="p", group=str(i), p_value=p) for i, p in enumerate(ps)]
    for method, sm in (("holm", "holm"), ("bh", "fdr_bh")):
        adjusted = [r.p_adjusted for r in st.adjust(results, method)]
        assert adjusted == pytest.approx(list(multipletests(ps, method=sm)[1]))
    # Holm by hand: sorted p times (m - rank), made monotone.
    assert [r.p_adjusted for r in st.adjust(results)] == pytest.approx([0.04, 0.09, 0.09, 0.2])


def test_results_refuse_nan_and_values_on_not_computable():
    with pytest.raises(ValueError):
        Result(measure="m", period="p", value=float("nan"))
    with pytest.raises(ValueError):
        Result(measure="m", period="p", status="not_computable", reason="x", value=0.0)
    with pytest.raises(ValueError):
        Result(measure="m", period="p", status="not_computable")


from hypothesis import given, settings
from hypothesis import strategies as hst


@settings(max_examples=300, deadline=None)
@given(hst.integers(0, 60), hst.integers(1, 60), hst.integers(0, 60), hst.integers(1, 60))
def test_fisher_exact_matches_scipy(a, n1, b, n2):
    a, b = min(a, n1), min(b, n2)
    expected = scipy_stats.fisher_exact([[a, n1 - a], [b, n2 - b]]).pvalue
    assert st.fisher_p(a, n1, b, n2) == pytest.approx(expected, rel=1e-6, abs=1e-12)


def test_fisher_exact_on_large_tables_matches_scipy():
    for table in ((3000, 100000, 1700, 200000), (120, 5000, 95, 5200), (0, 4000, 10, 4000)):
        a, n1, b, n2 = table
        expected = scipy_stats.fisher_exact([[a, n1 - a], [b, n2 - b]]).pvalue
        assert st.fisher_p(a, n1, b, n2) == pytest.approx(expected, rel=1e-6, abs=1e-300)


@settings(max_examples=200, deadline=None)
@given(hst.integers(0, 500), hst.integers(1, 500))
def test_wilson_matches_statsmodels(x, n):
    from statsmodels.stats.proportion import proportion_confint

    x = min(x, n)
    assert st.wilson(x, n) == pytest.approx(proportion_confint(x, n, method="wilson"), abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(hst.integers(1, 60), hst.integers(5, 60), hst.integers(1, 60), hst.integers(5, 60))
def test_small_cell_interval_matches_statsmodels_log_adjusted(a, n1, b, n2):
    from statsmodels.stats.proportion import confint_proportions_2indep

    a, b = min(a, n1), min(b, n2)
    r = st.relative_likelihood("m", "p", a, n1, b, n2)
    if "adjusted" in r.method:
        expected = confint_proportions_2indep(a, n1, b, n2, method="log-adjusted", compare="ratio")
        assert (r.ci_low, r.ci_high) == pytest.approx(expected, rel=1e-9)


@settings(max_examples=200, deadline=None)
@given(hst.integers(0, 80), hst.integers(1, 80), hst.integers(0, 80), hst.integers(1, 80))
def test_newcombe_interval_matches_statsmodels(x1, n1, x2, n2):
    from statsmodels.stats.proportion import confint_proportions_2indep

    x1, x2 = min(x1, n1), min(x2, n2)
    expected = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff")
    assert st.newcombe(x1, n1, x2, n2) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("summary", [(20.5, 4.1, 120, 22.0, 5.3, 300), (15.0, 0.5, 12, 15.1, 3.0, 9),
                                     (30.0, 10.0, 2, 31.0, 12.0, 4000)])
def test_welch_t_test_matches_scipy(summary):
    m1, s1, n1, m2, s2, n2 = summary
    expected = scipy_stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False).pvalue
    assert st.welch_p(*summary) == pytest.approx(expected, rel=1e-12)


def test_a_change_between_two_ratios_of_100_percent_rates_is_not_computable_not_a_crash():
    from parity.engine.results import Result
    from parity.engine.statistics import change_in_ratio

    def ratio(period, a, n1, b, n2):
        return Result(measure="m", period=period, value=(a / n1) / (b / n2), numerator=a, denominator=n1,
                      comparator_numerator=b, comparator_denominator=n2)

    out = change_in_ratio(ratio("2025", 5, 5, 6, 6), ratio("2026", 10, 10, 5, 5))
    assert out["p_value"] is None and out["significant"] is None and "100%" in out["reason"]


@settings(max_examples=400, deadline=None)
@given(hst.integers(0, 12), hst.integers(1, 12), hst.integers(1, 12), hst.integers(1, 12))
def test_an_interval_always_holds_its_own_point_estimate(a, n1, b, n2):
    a, b = min(a, n1), min(b, n2)
    r = st.relative_likelihood("m", "p", a, n1, b, n2)
    ratio = (a / n1) / (b / n2)  # the definition, not the engine's figure
    assert r.value == pytest.approx(ratio)
    assert r.ci_low <= ratio and (r.ci_high is None or ratio <= r.ci_high)


def test_an_observed_ratio_of_zero_has_an_interval_starting_at_zero():
    r = st.relative_likelihood("wres.3", "p", 0, 40, 6, 900)
    assert r.value == 0 and r.ci_low == 0 and r.ci_high > 1


def test_low_power_is_checked_towards_0_80_as_well_as_1_25():
    # Comparator rate 70%: a ratio of 1.25 (a rate of 87.5%) is easier to detect than one of
    # 0.80 (56%). Powers by hand (normal approximation on the log scale):
    z = scipy_stats.norm.ppf(0.975)

    def power(n1, n2, p2, ratio):
        p1 = p2 * ratio
        se = math.sqrt((1 - p1) / (n1 * p1) + (1 - p2) / (n2 * p2))
        return scipy_stats.norm.cdf(abs(math.log(ratio)) / se - z)

    n1, n2, p2 = 160, 160, 0.7
    up, down = power(n1, n2, p2, 1.25), power(n1, n2, p2, 0.80)
    assert up >= 0.8 > down  # one direction detectable, the other not
    r = st.relative_likelihood("m", "p", 112, n1, 112, n2)
    assert r.status == "low_power" and f"{down:.0%}" in r.reason
    # at a comparator rate of 90%, 1.25 would be a rate above 100%: only 0.80 is checked
    assert st.relative_likelihood("m", "p", 900, 1000, 900, 1000).status == "ok"


def test_the_change_test_uses_the_spread_of_the_intervals_shown():
    # small cells (adjusted intervals) in both years: the standard errors come from the
    # intervals as published, ln(high / low) / 2z, not from the Katz formula on the raw counts
    z = scipy_stats.norm.ppf(0.975)
    before = st.relative_likelihood("m", "2024", 3, 40, 30, 300)
    after = st.relative_likelihood("m", "2025", 4, 30, 25, 310)
    assert "adjusted" in before.method and "adjusted" in after.method
    se = [math.log(r.ci_high / r.ci_low) / (2 * z) for r in (before, after)]
    expected_z = (math.log(after.value) - math.log(before.value)) / math.hypot(*se)
    assert st.change_in_ratio(before, after)["p_value"] == pytest.approx(2 * scipy_stats.norm.sf(abs(expected_z)))


def test_a_difference_between_two_full_proportions_has_an_interval():
    # 6 of 6 against 9 of 9: no difference to test, but Newcombe's interval exists
    change = st.change_in_proportion(6, 6, 9, 9)
    assert change["p_value"] == 1.0 and change["ci_low"] < 0 < change["ci_high"]
