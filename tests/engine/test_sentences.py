"""Plain-English sentences for results, checked against hand-written ones."""

from parity.engine.change import Change
from parity.engine.results import Result
from parity.engine.sentences import sentence
from parity.engine.statistics import proportion, relative_likelihood


def change(before, after, significant, p=0.2, reason=""):
    return Change(after.measure, after.period, before.period, after.breakdown, after.group, after.comparator,
                  after.value, before.value, None, p, significant, reason)


def test_a_ratio_reads_like_the_issue_example():
    before = relative_likelihood("wres.2", "2024-03-31", 70, 250, 50, 250, group="White", comparator="BME")  # 1.4
    after = relative_likelihood("wres.2", "2025-03-31", 80, 250, 50, 250, group="White", comparator="BME")  # 1.6
    text = sentence(after, "Relative likelihood of appointment from shortlisting", "rate",
                    change(before, after, False))
    assert text == (f"Relative likelihood of appointment from shortlisting, 2025-03-31: White were 1.60 times as "
                    f"likely as BME (95% interval {after.ci_low:.2f} to {after.ci_high:.2f}), from 80 of 250 against "
                    f"50 of 250; the year before (2024-03-31) 1.40; the change is not statistically significant.")


def test_a_proportion_with_counts():
    r = proportion("workforce.declaration_rate", "2025-03-31", 930, 1000, group="All staff")
    text = sentence(r, "Ethnicity declaration rate", "rate")
    assert text == (f"Ethnicity declaration rate, 2025-03-31: All staff: 93.0% (930 of 1,000; 95% interval "
                    f"{100 * r.ci_low:.1f}% to {100 * r.ci_high:.1f}%); no figure for the year before to "
                    f"compare with.")


def test_hidden_and_not_computable_say_why():
    hidden = proportion("wres.1", "2025-03-31", 3, 40, group="Black").hidden("a count of 1 to 4 people",
                                                                            ("numerator", "value"))
    assert sentence(hidden, "Staff by grade", "composition") == (
        "Staff by grade, Black: not shown for 2025-03-31, a count of 1 to 4 people.")
    nc = Result(measure="wres.3", period="2022-03-31", status="not_computable", reason="needs two snapshots")
    assert sentence(nc, "Disciplinary", "rate") == "Disciplinary: not computable for 2022-03-31: needs two snapshots."


def test_untestable_change_says_why():
    before = proportion("m", "2024", 10, 100, group="Asian")
    after = proportion("m", "2025", 12, 100, group="Asian")
    text = sentence(after, "Rate", "rate", change(before, after, None, None, "2024: a zero cell"))
    assert text.endswith("the year before (2024) 10.0%; the change cannot be tested (2024: a zero cell).")


def test_a_difference_reads_in_percentage_points_not_as_a_ratio():
    """wres.9 and scwres.9 store percentage points (7.7% of the board minus 16.2% of the
    workforce = -8.5 points): never "times as likely", never multiplied by 100 again."""
    r = Result(measure="scwres.9", period="2026-03-31", group="Ethnic minorities", comparator="Workforce",
               value=-8.5, ci_low=-10.2, ci_high=-6.8, numerator=75, denominator=970)
    text = sentence(r, "Senior management compared with the workforce", "difference")
    assert text.startswith("Senior management compared with the workforce, 2026-03-31: Ethnic minorities compared "
                           "with Workforce: -8.5 percentage points (95% interval -10.2 percentage points to -6.8 "
                           "percentage points)")
    assert "times as likely" not in text
