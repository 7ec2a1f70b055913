"""The local population as a reference: census counts into a grouping's shares; staff compared."""

import math

import pytest

from parity.engine import groupings
from parity.engine.population import (
    IN_LINE,
    NOT_COMPARED,
    OVER,
    UNDER,
    PopulationShare,
    compare,
    minority_share,
    shares,
)
from parity.ingest.population import PopulationFileProblems, read_population

COUNTS = {"white_british": 6000, "white_irish": 200, "asian_indian": 1500, "asian_pakistani": 1300,
          "black_african": 700, "mixed_other": 300}


def test_counts_sum_into_the_groupings_labels():
    ons5 = shares(COUNTS, groupings.get("ons5"))
    assert ons5["White"].people == 6200 and ons5["White"].share == pytest.approx(6200 / 10000)
    assert ons5["Asian, Asian British or Asian Welsh"].share == pytest.approx(0.28)
    binary = shares(COUNTS, groupings.get("white_british_vs_minorities"))
    assert binary["White British"].share == pytest.approx(0.6)
    assert minority_share(COUNTS) == pytest.approx(0.4)
    assert minority_share({}) is None


def wilson_by_hand(x, n, z=1.959963984540054):
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize("staff, local, verdict", [(100, 0.20, UNDER), (300, 0.20, OVER), (200, 0.20, IN_LINE)])
def test_a_group_is_under_or_over_represented_only_when_its_whole_interval_says_so(staff, local, verdict):
    c = compare("Asian", staff, 1000, PopulationShare("Asian", 2000, local))
    low, high = wilson_by_hand(staff, 1000)
    assert (c.ci_low, c.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert c.share == staff / 1000 and c.verdict == verdict


def test_hidden_counts_and_missing_census_figures_are_not_compared():
    assert compare("Asian", None, 1000, PopulationShare("Asian", 1, 0.2)).verdict == NOT_COMPARED
    assert compare("Asian", 10, 1000, None).verdict == NOT_COMPARED


def test_a_census_table_is_read_with_its_own_wording(tmp_path):
    path = tmp_path / "ts021.csv"
    path.write_text("Ethnicity,People\n"
                    "\"White: English, Welsh, Scottish, Northern Irish or British\",\"6,000\"\n"
                    "\"Asian, Asian British or Asian Welsh: Indian\",1500\n"
                    "Total: All usual residents,7500\n", encoding="utf-8")
    assert read_population(path) == {"white_british": 6000, "asian_indian": 1500}


def test_every_problem_in_a_population_file_is_reported_at_once(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("ethnicity,people\nMartian,10\nIndian,many\nIndian,5\n,3\n", encoding="utf-8")
    with pytest.raises(PopulationFileProblems) as caught:
        read_population(path)
    found = {(p.row, p.column, p.value) for p in caught.value.problems}
    assert found == {(2, "ethnicity", "Martian"), (3, "people", "many"), (4, "ethnicity", "Indian"),
                     (5, "ethnicity", "")}
    assert "bad.csv, row 2, column 'ethnicity': value 'Martian'" in str(caught.value)
