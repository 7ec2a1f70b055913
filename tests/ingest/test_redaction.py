"""Redaction of survey comments (issue 14.3): each detector against hand-written expectations,
the deny-list's hashing, hostile input, and recall and precision on the labelled set with
thresholds set from the figures measured on 2026-12-02 (docs/redaction.md)."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import re
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity.ingest.pseudonymise import Pseudonymiser
from parity.ingest.redaction import (MAX_COMMENT_CHARS, PLACEHOLDERS, CommentTooLong, NameList, _pattern_findings,
                                     _quasi_identifiers, needs_review, redact)

ROOT = Path(__file__).resolve().parents[2]
HASHER = Pseudonymiser(b"a-test-key-of-thirty-two-bytes!!")
STAFF = ["Grace Okafor", "Lukasz Wojcik", "Zoë Smith-Jones", "Siobhán O'Connor", "Wei He", "Ben Green",
         "Will Hall", "Chidi Eze", "Can Yılmaz", "Şerban Popescu"]


def script(name: str):
    path = ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def staff() -> NameList:
    return NameList.from_names(STAFF, HASHER)


def masked(text: str, names: NameList | None = None) -> str:
    return redact(text, names).text


# --- emails, phones, NI numbers, postcodes -------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Email grace.okafor@leeds.gov.uk today", "Email [email] today"),
    ("write to o'connor+survey@council.gov.uk.", "write to [email]."),
    ("(lukasz_w@gmail.com)", "([email])"),
    ("me@localhost and a@b and @handle", "me@localhost and a@b and @handle"),
])
def test_emails(text, expected):
    assert masked(text) == expected


@pytest.mark.parametrize("number", [
    "07700 900123", "07700-900-123", "07700900123", "+44 7700 900123", "+447700900123", "+44 (0)20 7946 0958",
    "020 7946 0958", "(020) 7946 0958", "0113 496 0000", "(0161) 496 0000", "01632 960000", "0044 7700 900123",
    "016977 2345", "+234 803 123 4567", "+48 601 234 567",
])
def test_phone_numbers(number):
    assert masked(f"Call me on {number} after six.") == "Call me on [phone] after six."


@pytest.mark.parametrize("text", [
    "Between 2019 2020 2021 nothing changed", "I earn £28,000 a year", "on 01/02/2023 at 09.30-17.00",
    "extension 0800", "ref 123456789012", "room 2.14", "0000 000 0000", "07700 9001234567",
])
def test_numbers_that_are_not_phones(text):
    assert masked(text) == text


@pytest.mark.parametrize("number", ["AB123456C", "AB 12 34 56 C", "ab123456c", "JT 123456 A", "ZX123456",
                                    "CE 12 34 56 D"])
def test_ni_numbers(number):
    assert masked(f"My NI number is {number}.") == "My NI number is [NI number]."


@pytest.mark.parametrize("text", [
    "QQ123456C is HMRC's example", "GB123456A", "DA123456A", "AO123456A", "NK123456B", "AB123456E",
    "on 12 03 24 a meeting was held", "ab 12 34 56 c",
])
def test_not_ni_numbers(text):
    assert masked(text) == text


@pytest.mark.parametrize("code", ["LS6 1AA", "sw1a1aa", "M14 6PR", "EH7 5QW", "B12 9AB", "GIR 0AA", "cf10 3nq"])
def test_postcodes(code):
    assert masked(f"I live at {code} near the depot") == "I live at [postcode] near the depot"


@pytest.mark.parametrize("text", ["LS6 is my area", "B12 vitamins", "AB1 2CI", "M1 1AAA", "Grade 7 staff"])
def test_not_postcodes(text):
    assert masked(text) == text


# --- names without a deny-list: context cues --------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Mrs Okafor in Highways was kind.", "[name] in Highways was kind."),
    ("I asked Dr. Chen twice.", "I asked [name] twice."),
    ("i told mr okafor", "i told [name]"),
    ("Ms Do and Mr He were on the panel.", "[name] and [name] were on the panel."),
    ("My manager Grace never listens.", "My manager [name] never listens."),
    ("My line manager, Chidi Eze, was brilliant.", "My line manager, [name], was brilliant."),
    ("a colleague called Siobhán keeps joking", "a colleague called [name] keeps joking"),
    ("Okafor said it was banter.", "[name] said it was banter."),
    ("In the meeting Łukasz Wójcik told me off.", "In the meeting [name] told me off."),
    ("I was moved into Siobhán's team.", "I was moved into [name]'s team."),
    ("It is hard because Okafor is friends with the head.", "It is hard because [name] is friends with the head."),
    ("Mr Smith-Jones said no.", "[name] said no."),
])
def test_names_by_context(text, expected):
    assert masked(text) == expected


@pytest.mark.parametrize("text", [
    "Highways said the rota would be fair.", "Finance told us nothing.", "He said he would fix it.",
    "The Council said it would publish the plan.", "Management said no.", "the Pay Policy says otherwise",
    "Black staff in Finance are overlooked.", "In May the restructure was announced.",
    "Will anything change?", "I hope things improve.", "Everyone said the same.", "HR said no.",
    "Staff at the Town Hall get better treatment.", "Mark my words.", "the Dr said rest",
])
def test_ordinary_capitalised_words_are_not_names(text):
    assert masked(text) == text


def test_names_with_no_cue_and_no_list_are_missed_but_mid_sentence_ones_are_flagged():
    # The documented limit: neither masked; the capitalised one is flagged for the analyst.
    result = redact("okafor never listens. I asked Chidi about it.")
    assert result.text == "okafor never listens. I asked Chidi about it."
    assert [(f.kind, f.start, f.end) for f in result.flags] == [("possible_name", 30, 35)]


# --- names with the deny-list ----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("I asked Okafor about it.", "I asked [name] about it."),
    ("okafor never listens", "[name] never listens"),
    ("Łukasz and Wójcik and lukasz", "[name] and [name] and [name]"),
    ("Zoe was great", "[name] was great"),
    ("O’Connor, OConnor, o'connor", "[name], [name], [name]"),
    ("I work with Smith-Jones.", "I work with [name]."),
    ("I spoke to Wei He about it.", "I spoke to [name] about it."),
    ("I reported it to Ben Green.", "I reported it to [name]."),
    ("I reported it to Grace Hall.", "I reported it to [name]."),
    ("The interview panel included Hall who had decided.", "The interview panel included [name] who had decided."),
    ("Please thank Grace for the event.", "Please thank [name] for the event."),
    ("Grace said no.", "[name] said no."),
    ("Serban and Şerban and SERBAN", "[name] and [name] and [name]"),
    ("can yilmaz helped", "[name] helped"),
])
def test_names_on_the_deny_list(staff, text, expected):
    assert masked(text, staff) == expected


@pytest.mark.parametrize("text", [
    "There is a grace period for timesheets.", "He said it was fine.", "Will this change?", "I will hope.",
    "Black and Brown staff are overlooked.", "The Green spaces team.", "Staff at the Town Hall.",
    "We can do better.", "Green spaces need investment.", "The price of parking at Hall Lane is high.",
    "Highways and Finance", "Can we have more training?",
])
def test_deny_listed_words_used_as_ordinary_words_are_left(staff, text):
    assert masked(text, staff) == text


# --- quasi-identifiers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, flagged", [
    ("I am the only Black manager in Highways.", "the only Black manager in Highways"),
    ("As the only Asian woman in Finance, I do the diversity work.", "the only Asian woman in Finance"),
    ("The one disabled team leader in Parks was pushed out.", "The one disabled team leader in Parks"),
    ("There is only one Somali caseworker in Adult Social Care.", "only one Somali caseworker in Adult Social Care"),
    ("the only person of colour in my team", "the only person of colour in my team"),
    ("The Head of Children's Services decides.", "Head of Children's Services"),
    ("I complained to the director of Public Health.", "director of Public Health"),
])
def test_quasi_identifiers_are_flagged_not_masked(text, flagged):
    result = redact(text)
    assert result.text == text
    assert [text[f.start:f.end] for f in result.flags if f.kind == "quasi_identifier"] == [flagged]
    assert needs_review(result)


@pytest.mark.parametrize("text", [
    "One of the managers in Highways said no.", "The Head of Service should hold drop-ins.",
    "Only managers in Finance get bonuses.", "the only way in is through HR",
])
def test_not_quasi_identifiers(text):
    assert [f for f in redact(text).flags if f.kind == "quasi_identifier"] == []


# --- the result ---------------------------------------------------------------------------------------

def test_spans_point_into_both_texts():
    text = "Mrs Okafor (07700 900123) is the only Black manager in Highways."
    result = redact(text)
    assert result.text == "[name] ([phone]) is the only Black manager in Highways."
    assert [(f.kind, text[f.start:f.end], result.text[f.masked_start:f.masked_end]) for f in result.findings] == [
        ("name", "Mrs Okafor", "[name]"), ("phone", "07700 900123", "[phone]")]
    [flag] = result.flags
    assert result.text[flag.masked_start:flag.masked_end] == text[flag.start:flag.end] \
        == "the only Black manager in Highways"


def test_empty_and_plain_comments_need_no_review():
    for text in ("", "   ", "Thank you for asking.", "\n"):
        result = redact(text)
        assert (result.text, result.findings, result.flags) == (text, (), ())
        assert not needs_review(result)
    assert needs_review(redact("Okafor said no."))


def test_findings_keep_no_original_words():
    result = redact("Mrs Okafor said grace.okafor@x.gov.uk", NameList.from_names(["Okafor"], HASHER))
    stored = json.dumps([vars(f) for f in result.findings + result.flags]) + result.text
    assert "okafor" not in stored.lower()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("aAbOk Mr'’-.@0712+()\nÉłŁ") + ["said ", "the only ", "Okafor", "Al-", "Mrs ",
                                  "Highways", "07700 900123", "LS6 1AA", "AB123456C", "x@y.org", "'s "]),
                max_size=60).map("".join))
def test_any_text_gives_consistent_spans(text):
    result = redact(text, NameList.from_names(["Okafor", "Al"], HASHER))
    previous = 0
    for finding in result.findings:
        assert previous <= finding.start < finding.end <= len(text)
        assert result.text[finding.masked_start:finding.masked_end] == PLACEHOLDERS[finding.kind]
        previous = finding.end
    for flag in result.flags:
        assert 0 <= flag.masked_start <= flag.masked_end <= len(result.text)


# --- the deny-list's hashing -----------------------------------------------------------------------------

def test_a_name_list_keeps_only_keyed_hashes(staff):
    lines = staff.to_lines()
    assert lines == sorted(lines) and all(re.fullmatch(r"[0-9a-f]{64}", line) for line in lines)
    words = {"grace", "okafor", "lukasz", "wojcik", "zoe", "smith", "jones", "siobhan", "oconnor", "wei", "he",
             "ben", "green", "will", "hall", "chidi", "eze", "can", "yilmaz", "serban", "popescu"}
    assert len(lines) == len(words)
    text = "\n".join(lines).lower()
    for word in words:
        assert word not in text
        for form in (word, "name:" + word, word.capitalize()):
            assert hashlib.sha256(form.encode()).hexdigest() not in lines  # no unkeyed hash
        assert HASHER.hash(word) not in lines  # nor a staff-id hash of the same text
    assert set(NameList.from_names(STAFF, Pseudonymiser(b"another-key-of-thirty-two-bytes!")).to_lines()) \
        .isdisjoint(lines)


def test_a_stored_name_list_reads_back_and_refuses_anything_else(staff):
    again = NameList.from_lines(staff.to_lines() + [""], HASHER)
    assert again.contains("Okafor") and again.contains("ŁUKASZ") and not again.contains("Smith-Jones")
    assert again.contains("Jones") and not again.contains("Hope")
    with pytest.raises(ValueError, match="line 2"):
        NameList.from_lines([staff.to_lines()[0], "Grace Okafor"], HASHER)


def test_single_letters_are_not_kept():
    assert len(NameList.from_names(["J R Okafor", "Ó Briain"], HASHER)) == 2


# --- hostile input -------------------------------------------------------------------------------------------

MB = 1 << 20
HOSTILE = {
    "one-letter words": "Aa " * (MB // 3), "one word": "a" * MB, "at signs": "a@" * (MB // 2),
    "a long domain": "a@" + "b." * (MB // 2), "email-ish": "a.b.c.d." * (MB // 8) + "@x",
    "digits": "0 " * (MB // 2), "plus": "+4 " * (MB // 3), "titles": "Mr " * (MB // 3),
    "only": "the only " * (MB // 9), "only Black": "the only Black Black Black manager in " * (MB // 37),
    "posts": "Head of " * (MB // 8), "hyphens": "A-" * (MB // 2), "apostrophes": "a'" * (MB // 2),
    "NI-ish": "AB 12 34 " * (MB // 9), "marks": "e\u0301" * (MB // 2), "names": "Okafor said Grace " * (MB // 18),
}


def test_a_comment_past_the_limit_is_refused_at_once():
    started = time.perf_counter()
    with pytest.raises(CommentTooLong, match="32,767"):
        redact("Okafor " * (MB // 7))
    assert time.perf_counter() - started < 2.0  # refused before any pattern runs (measured: milliseconds)
    redact("a" * MAX_COMMENT_CHARS)


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_comments_at_the_limit_finish_in_bounded_time(name, staff):
    # A guard against catastrophic backtracking (minutes), not a speed test: measured about 0.1 s,
    # up to 1.6 s on a busy 2-core machine; the bound leaves room for that.
    started = time.perf_counter()
    redact(HOSTILE[name][:MAX_COMMENT_CHARS], staff)
    assert time.perf_counter() - started < 10.0


@pytest.mark.parametrize("name", HOSTILE)
def test_the_patterns_stay_linear_on_a_megabyte(name):
    # No catastrophic backtracking even far past the limit (about 0.3 s a megabyte when measured).
    started = time.perf_counter()
    _pattern_findings(HOSTILE[name])
    _quasi_identifiers(HOSTILE[name])
    assert time.perf_counter() - started < 20.0  # linear: seconds at most on a busy machine, never minutes


# --- the labelled set ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def recall():
    return script("redaction_recall")


@pytest.fixture(scope="module")
def labelled(recall):
    return recall.load()


@pytest.fixture(scope="module")
def measured(recall, labelled):
    return recall.measure(labelled, recall.deny_list(labelled)), recall.measure(labelled, None)


def test_the_labelled_set_is_what_the_script_writes(tmp_path):
    script("make_labelled_comments").write(tmp_path / "comments.csv")
    assert (tmp_path / "comments.csv").read_bytes() == (ROOT / "tests/fixtures/comments_labelled.csv").read_bytes()


def test_the_labelled_set_covers_what_the_brief_asks(labelled):
    assert len(labelled) >= 300
    assert sum(not row["spans"] for row in labelled) >= len(labelled) / 3
    named = [row for row in labelled if row["deny_listed"]]
    assert len({row["origin"] for row in named}) >= 16
    assert sum(row["deny_listed"] == "yes" for row in named) == len(named) / 2
    for row in labelled:
        for kind, start, end in row["spans"]:
            assert kind in (*PLACEHOLDERS, "quasi_identifier") and 0 <= start < end <= len(row["comment"])
    text = " ".join(row["comment"] for row in labelled)
    for hard in ("O'Connor", "Smith-Jones", "Łukasz", "Zoë", "Șerban", "Grace", "Hope", "Will", "Rose", "Sunny",
                 "Highways", "Finance"):
        assert hard in text
    assert any(row["context"] == "lower_case" for row in labelled)
    with open(ROOT / "tests/fixtures/comments_labelled.csv", newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["id", "comment", "origin", "deny_listed", "staff_name", "context",
                                            "held_out", "spans"]


def test_recall_and_precision_on_the_labelled_set(measured, labelled):
    """Thresholds a little under the figures measured on 2026-12-02 (docs/redaction.md)."""
    listed, unlisted = measured
    for kind in ("email", "phone", "ni_number", "postcode"):
        assert listed[("all", kind)].recall == unlisted[("all", kind)].recall == 1.0, kind
        assert listed[("all", kind)].precision == 1.0, kind
    assert listed[("listed", "yes", "name")].recall >= 0.98  # measured 0.995
    for origin in {row["origin"] for row in labelled if row["deny_listed"]}:
        assert listed[("origin", origin, "yes", "name")].recall >= 0.95, origin  # lowest measured 0.957
    assert listed[("all", "name")].precision >= 0.99  # measured 0.998
    assert unlisted[("all", "name")].precision >= 0.99  # measured 0.998
    assert unlisted[("all", "name")].recall >= 0.55  # measured 0.579: cues alone
    for context in ("title", "role", "speech", "possessive", "weak"):
        for flag in ("yes", "no"):
            assert unlisted[("context", context, flag, "name")].recall >= 0.95, context  # lowest 0.969
    assert listed[("all", "name_or_flag")].recall >= 0.87  # measured 0.889
    assert listed[("all", "quasi_identifier")].recall >= 0.95
    assert listed[("all", "quasi_identifier")].precision >= 0.95


def test_the_recall_check_fails_without_the_deny_list(measured, labelled):
    # The thresholds above can fail: with no list, names on it are caught only by cues.
    _, unlisted = measured
    assert unlisted[("listed", "yes", "name")].recall < 0.7


def test_the_recall_script_prints_the_tables(recall, labelled):
    out = recall.report(labelled)
    for heading in ("By kind, every comment:", "Names by origin:", "Names by context:", "| somali |"):
        assert heading in out
