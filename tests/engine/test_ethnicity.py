"""The classification: every ONS label, every code, common spellings, and no guesses."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parity.engine import ethnicity as e
from parity.engine import groupings


def test_nineteen_categories_in_five_groups_plus_not_stated():
    assert len(e.CATEGORIES) == 19
    counts = {g: sum(c.group == g for c in e.CATEGORIES) for g in e.GROUPS}
    assert counts == {e.ASIAN: 5, e.BLACK: 3, e.MIXED: 4, e.WHITE: 5, e.OTHER: 2}
    assert len({c.code for c in e.CATEGORIES}) == 19
    assert e.classify("").code == "not_stated" and e.classify(None).code == "not_stated"


@pytest.mark.parametrize("category", e.CATEGORIES, ids=lambda c: c.code)
def test_every_ons_label_maps_to_itself(category):
    assert e.classify(category.label) == category
    assert e.classify(category.label.upper()) == category
    assert e.classify(f"  {category.label.lower()}  ") == category
    # "Group: category" as survey tools and HR systems write it.
    assert e.classify(f"{category.group}: {category.label}") == category
    assert e.classify(f"{category.group} - {category.label}") == category


NHS = {"A": "white_british", "B": "white_irish", "C": "white_other",
       "D": "mixed_white_black_caribbean", "E": "mixed_white_black_african", "F": "mixed_white_asian",
       "G": "mixed_other", "H": "asian_indian", "J": "asian_pakistani", "K": "asian_bangladeshi",
       "L": "asian_other", "M": "black_caribbean", "N": "black_african", "P": "black_other",
       "R": "asian_chinese", "S": "other_any", "Z": "not_stated"}
TWO = {"W1": "white_british", "W2": "white_irish", "W9": "white_other", "M1": "mixed_white_black_caribbean",
       "M2": "mixed_white_black_african", "M3": "mixed_white_asian", "M9": "mixed_other",
       "A1": "asian_indian", "A2": "asian_pakistani", "A3": "asian_bangladeshi", "A9": "asian_other",
       "B1": "black_caribbean", "B2": "black_african", "B9": "black_other", "O1": "asian_chinese",
       "O9": "other_any", "NS": "not_stated"}


# DfE school census main codes (2011 Census layout), written out from the DfE code set.
SCHOOL = {"WBRI": "white_british", "WIRI": "white_irish", "WIRT": "white_gypsy_irish_traveller",
          "WOTH": "white_other", "MWBC": "mixed_white_black_caribbean", "MWBA": "mixed_white_black_african",
          "MWAS": "mixed_white_asian", "MOTH": "mixed_other", "AIND": "asian_indian", "APKN": "asian_pakistani",
          "ABAN": "asian_bangladeshi", "AOTH": "asian_other", "BCRB": "black_caribbean", "BAFR": "black_african",
          "BOTH": "black_other", "CHNE": "asian_chinese", "OOTH": "other_any", "REFU": "not_stated",
          "NOBT": "not_stated"}


def test_gypsy_roma_school_code_is_not_guessed():
    # WROM is 'Gypsy / Roma': two 2021 categories, so Parity does not pick one.
    assert e.classify("WROM") is None
    assert "WROM" in e.UNMAPPED_CODES


@pytest.mark.parametrize("code,expected", sorted((NHS | TWO | SCHOOL).items()))
def test_codes(code, expected):
    assert e.classify(code).code == expected
    assert e.classify(code.lower()).code == expected


def test_chinese_crosswalk_is_recorded():
    assert e.classify("R").group == e.ASIAN
    notes = {row["code"]: row["note"] for row in e.crosswalk()}
    assert "Asian" in notes["R"] and "Asian" in notes["O1"]
    assert {row["code"] for row in e.crosswalk()} >= set(NHS) | set(TWO) | set(SCHOOL)


@pytest.mark.parametrize("text,expected", [
    ("White British", "white_british"), ("British", "white_british"), ("English", "white_british"),
    ("White - English/Welsh/Scottish/Northern Irish/British", "white_british"),
    ("White: Irish", "white_irish"), ("Gypsy/Traveller", "white_gypsy_irish_traveller"),
    ("Any other White background", "white_other"), ("Black African", "black_african"),
    ("Black or Black British - Caribbean", "black_caribbean"), ("African Caribbean", "black_caribbean"),
    ("Mixed: White & Black Caribbean", "mixed_white_black_caribbean"),
    ("Indian (Asian or Asian British)", "asian_indian"), ("Asian or Asian British: Pakistani", "asian_pakistani"),
    ("Any other Asian background", "asian_other"), ("Other ethnic group: Arab", "other_arab"),
    ("Any other ethnic group", "other_any"), ("Prefer not to say", "not_stated"),
    ("Not known", "not_stated"), ("Unknown", "not_stated"), ("Declined", "not_stated"),
])
def test_common_spellings(text, expected):
    assert e.classify(text).code == expected


@pytest.mark.parametrize("text", ["Martian", "BAME", "BME", "Asian", "Black", "Mixed", "X", "W5",
                                  "Whit British", "Other Martian", "123", "Q"])
def test_unmappable_or_ambiguous_values_are_never_guessed(text):
    # A bare group name ("Asian") does not say which category, and "BAME" is not a category.
    assert e.classify(text) is None


def test_every_lookup_key_is_consistent_with_its_group_words():
    """Exhaustive: each accepted spelling that names a group word maps into that group."""
    words = {"asian": e.ASIAN, "black": e.BLACK, "mixed": e.MIXED, "arab": e.OTHER}
    for key, code in e.lookup_table().items():
        category = e.BY_CODE[code]
        if code == "not_stated" or category.group == e.MIXED:
            continue
        for word, group in words.items():
            if key.split()[0] == word:
                assert category.group == group, (key, code)


@given(st.sampled_from(sorted(e.lookup_table())), st.lists(st.sampled_from(" -:/,()"), max_size=3))
def test_case_and_punctuation_do_not_change_the_category(key, noise):
    expected = e.lookup_table()[key]
    noisy = "".join(noise) + key.upper() + "".join(noise)
    assert e.classify(noisy).code == expected


def test_groupings_cover_every_category_and_keep_not_stated_apart():
    for grouping in groupings.GROUPINGS.values():
        assert set(grouping.assignment) == set(e.BY_CODE)
        assert grouping.label_for("not_stated") == "Not stated"
        assert set(grouping.assignment.values()) == set(grouping.labels)


def test_named_groupings():
    ons5 = groupings.get("ons5")
    assert ons5.label_for("asian_chinese") == e.ASIAN
    assert len(groupings.get("ons19").labels) == 20
    wb = groupings.get("white_british_vs_minorities")
    assert wb.label_for("white_british") == "White British"
    assert wb.label_for("white_irish") == "Ethnic minorities"
    wres = groupings.get("wres_binary")
    white = sorted(c for c, label in wres.assignment.items() if label == "White")
    assert white == ["white_british", "white_gypsy_irish_traveller", "white_irish", "white_other", "white_roma"]
    assert wres.label_for("mixed_white_asian") == "BME"
    with pytest.raises(KeyError, match="known"):
        groupings.get("nope")


def test_legacy_label_can_reproduce_a_councils_wording():
    bame = groupings.get("white_british_vs_minorities").relabelled("BAME")
    assert bame.label_for("black_african") == "BAME" and "Ethnic minorities" not in bame.labels
    with pytest.raises(ValueError):
        groupings.get("ons5").relabelled("BAME")


ENGLAND_2021 = {  # the 2021 census question in England, group and category as respondents ticked them
    "Asian or Asian British: Indian": "asian_indian", "Asian or Asian British: Pakistani": "asian_pakistani",
    "Asian or Asian British: Bangladeshi": "asian_bangladeshi", "Asian or Asian British: Chinese": "asian_chinese",
    "Asian or Asian British: Any other Asian background": "asian_other",
    "Black, Black British, Caribbean or African: Caribbean": "black_caribbean",
    "Black, Black British, Caribbean or African: African": "black_african",
    "Black, Black British, Caribbean or African: Any other Black, Black British, or Caribbean background":
        "black_other",
    "Mixed or Multiple ethnic groups: White and Black Caribbean": "mixed_white_black_caribbean",
    "Mixed or Multiple ethnic groups: White and Black African": "mixed_white_black_african",
    "Mixed or Multiple ethnic groups: White and Asian": "mixed_white_asian",
    "Mixed or Multiple ethnic groups: Any other Mixed or Multiple ethnic background": "mixed_other",
    "White: English, Welsh, Scottish, Northern Irish or British": "white_british", "White: Irish": "white_irish",
    "White: Gypsy or Irish Traveller": "white_gypsy_irish_traveller", "White: Roma": "white_roma",
    "White: Any other White background": "white_other", "Other ethnic group: Arab": "other_arab",
    "Other ethnic group: Any other ethnic group": "other_any",
}


@pytest.mark.parametrize("text", sorted(ENGLAND_2021))
def test_the_census_wording_used_in_england_is_read(text):
    assert e.classify(text) is not None and e.classify(text).code == ENGLAND_2021[text]
