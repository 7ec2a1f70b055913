"""Survey comments: read in redacted, reviewed by an analyst before anyone else reads one, themed,
and shown to others only as themes with protected prevalence and approved examples."""

import csv

import pytest
from django.urls import reverse

from parity.app.audit.models import AuditEvent
from parity.app.surveys import comments
from parity.app.surveys.models import Codebook, NameList, SurveyComment
from parity.app.workforce.models import SurveyResponse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]
SURVEY = "Staff survey 2026"
PLANTED = "Please ask Mrs Okafor, she is on 07700 900123 or grace.okafor@example.org."


def plant(text: str, times: int = 1) -> None:
    """The comments of ``times`` current responses replaced by ``text`` (as if the file had said it)."""
    for response in SurveyResponse.objects.filter(version__is_current=True, survey=SURVEY).order_by("id")[:times]:
        response.answers = {**response.answers, "q_comment": text}
        response.save(update_fields=["answers"])


def action(client, what, **data):
    return client.post(reverse("surveys:comment_action", args=[what]), {"survey": SURVEY, "question": "q_comment",
                                                                         **data})


def test_comments_are_read_in_redacted_and_only_an_analyst_sees_them(as_role, small_council):
    plant(PLANTED)
    analyst = as_role("analyst")
    assert action(analyst, "read").status_code == 302
    with open(small_council / "survey_responses_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        written = sum(1 for r in csv.DictReader(handle) if r["survey"] == SURVEY and r["q_comment"].strip())
    assert SurveyComment.objects.filter(survey=SURVEY).count() in (written, written + 1)  # (+1: the planted one)
    stored = " ".join(SurveyComment.objects.values_list("text", flat=True))
    assert "[name]" in stored and "[phone]" in stored and "[email]" in stored
    for secret in ("Okafor", "07700", "example.org"):
        assert secret not in stored
    page = analyst.get(reverse("surveys:comments"), {"survey": SURVEY}).content.decode()
    assert "[phone]" in page and "Okafor" not in page and "07700" not in page
    assert action(analyst, "read").status_code == 302  # read again: nothing added twice
    assert SurveyComment.objects.filter(survey=SURVEY).count() in (written, written + 1)
    for role in ("admin", "directorate_lead", "staff_network", "viewer"):
        client = as_role(role)
        assert client.get(reverse("surveys:comments")).status_code == 403
        assert action(client, "read").status_code == 403
        assert action(client, "theme").status_code == 403


def test_a_name_list_is_kept_as_hashes_and_catches_a_bare_name(as_role):
    plant("I asked Chidi about it and nothing happened.")
    analyst = as_role("analyst")
    action(analyst, "read")
    comment = SurveyComment.objects.get(survey=SURVEY, text__contains="nothing happened")
    assert "Chidi" in comment.text and comment.flags  # flagged for the reviewer, not masked
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff_list = ("Staff number,First name,Surname,Grade,Directorate\n1,Chidi,Eze,PO5,Highways\n"
                  "2,Grace,Okafor,SO1,Finance\n")
    upload = SimpleUploadedFile("names.csv", staff_list.encode())
    assert action(analyst, "names", names=upload).status_code == 302
    comment.refresh_from_db()
    assert "Chidi" not in comment.text and "[name]" in comment.text
    listed = NameList.objects.get()
    assert "chidi" not in listed.hashes.lower() and "okafor" not in listed.hashes.lower()
    assert all(len(line) == 64 for line in listed.hashes.splitlines())
    assert listed.words == 4  # the name columns only: not the header, grades or directorates


def test_a_name_list_that_is_not_a_list_of_names_is_refused():
    import os

    for data, said in ((os.urandom(4000), "not a text or CSV file"), (b"a\x00b\n", "not a text or CSV file"),
                       ("Staff number,Grade\n1,PO5\n".encode(), "no column's header says name"), (b"\n\n", "no names")):
        with pytest.raises(ValueError, match=said):
            comments.names_in(data)
    assert comments.names_in("Grace Okafor\nŁukasz Nowak PO5\n".encode()) == ["Grace Okafor", "Łukasz Nowak"]
    assert comments.names_in("Username,Known as,Surname\njsmith,Jo,Smith\n".encode()) == ["Jo Smith"]


def test_review_approves_or_withholds_and_the_bulk_approval_takes_only_what_was_shown(as_role):
    analyst = as_role("analyst")
    action(analyst, "read")
    awaiting = list(SurveyComment.objects.filter(survey=SURVEY, status="awaiting").order_by("id"))
    first, second = awaiting[0], awaiting[1]
    action(analyst, "review", comment=first.pk, decision="approved", text="Edited by the reviewer.")
    action(analyst, "review", comment=second.pk, decision="withheld")
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, first.text, second.status) == ("approved", "Edited by the reviewer.", "withheld")
    clean = [c.pk for c in awaiting[2:7] if not c.masked and not c.flags]
    action(analyst, "approve_clean", shown=clean)
    assert SurveyComment.objects.filter(status="approved").count() == 1 + len(clean)
    assert AuditEvent.objects.filter(action="survey.comment_approved").count() == 1
    assert AuditEvent.objects.filter(action="survey.comments_approved").get().detail == {"comments": len(clean)}


def test_themes_are_shown_to_others_only_once_every_comment_is_reviewed(as_role):
    analyst = as_role("analyst")
    action(analyst, "read")
    assert action(analyst, "theme").status_code == 302
    book = Codebook.objects.get()
    assert book.series == "Staff survey" and book.change == "found"
    page = as_role("viewer").get(reverse("surveys:results"), {"survey": SURVEY}).content.decode()
    assert "Words that mark it" not in page and "checked every one" in page  # themes wait for the review
    comments.current(SURVEY).update(status="withheld")
    approved = list(SurveyComment.objects.filter(survey=SURVEY).exclude(theme=None).order_by("id")[:100])
    SurveyComment.objects.filter(pk__in=[c.pk for c in approved]).update(status="approved")
    viewer = as_role("viewer")
    page = viewer.get(reverse("surveys:results"), {"survey": SURVEY}).content.decode()
    assert "Words that mark it" in page and "Share of each group's comments" in page
    import html
    import re

    shown_examples = {html.unescape(t) for t in re.findall(r'<div class="govuk-inset-text">(.*?)</div>', page)}
    assert shown_examples and shown_examples <= {c.text for c in approved}  # only approved ones, never withheld
    shown = comments.shown(SURVEY, "q_comment", "ons5", 5)
    assert shown["comments"] % 5 == 0  # the count of comments is rounded like every count of people
    assert shown["comments"] == pytest.approx(len(approved), abs=4)  # withheld comments are left out
    for theme in shown["themes"]:
        for r in theme["shares"]:
            for count in (r.numerator, r.denominator):
                assert count is None or count % 5 == 0, r
            if r.status == "ok":
                assert r.denominator >= 11, r
            else:
                assert r.value is None and r.reason


def test_analysts_rename_merge_and_split_and_the_next_wave_is_read_with_the_codebook(as_role):
    analyst = as_role("analyst")
    action(analyst, "read")
    action(analyst, "theme")
    from parity.engine.themes import Codebook as Book

    ids = [t.id for t in Book.from_dict(Codebook.objects.get().data).themes]
    assert len(ids) >= 2
    action(analyst, "change_themes", themes=[ids[0]], change="rename", label="Development")
    action(analyst, "change_themes", themes=ids[:2], change="merge", label="Growth")
    latest = Book.from_dict(Codebook.objects.first().data)
    assert "Growth" in [t.label for t in latest.themes] and Codebook.objects.count() == 3
    assert Codebook.objects.first().change.startswith("merged “Development”") and "“Growth”" in Codebook.objects.first().change
    assert {e.action for e in AuditEvent.objects.filter(action__startswith="survey.themes_")} == {
        "survey.themes_found", "survey.themes_rename", "survey.themes_merge"}
    # the earlier wave of the series is read with the same codebook: no new one is made
    action(analyst, "read", survey="Staff survey 2025")
    client_post = analyst.post(reverse("surveys:comment_action", args=["theme"]),
                               {"survey": "Staff survey 2025", "question": "q_comment"})
    assert client_post.status_code == 302 and Codebook.objects.count() == 3
    assert SurveyComment.objects.filter(survey="Staff survey 2025").exclude(theme=None).exists()


def test_fewer_than_eleven_comments_show_no_themes(as_role):
    analyst = as_role("analyst")
    action(analyst, "read")
    action(analyst, "theme")
    keep = list(SurveyComment.objects.filter(survey=SURVEY).values_list("pk", flat=True)[:10])
    SurveyComment.objects.filter(survey=SURVEY).exclude(pk__in=keep).delete()
    comments.current(SURVEY).update(status="approved")
    assert comments.shown(SURVEY, "q_comment", "ons5", 5) is None
    page = as_role("viewer").get(reverse("surveys:results"), {"survey": SURVEY}).content.decode()
    assert "Words that mark it" not in page and "at least 11" in page


def test_a_word_from_fewer_than_eleven_comments_never_marks_a_theme_for_others(as_role):
    """One person's "only Black manager in Highways" must not show through a theme's words."""
    plant("As the only Black manager in Zanzibarshire I feel watched.", times=6)
    analyst = as_role("analyst")
    action(analyst, "read")
    action(analyst, "theme")
    comments.current(SURVEY).update(status="approved")
    from parity.engine.themes import Codebook as Book

    book = Book.from_dict(Codebook.objects.get().data)
    assert any("zanzibarshire" in book.words(t.id) for t in book.themes)  # the themes found do use it
    shown = comments.shown(SURVEY, "q_comment", "ons5", 5)
    words = {w for t in shown["themes"] for w in t["words"]} | {w for t in shown["themes"]
                                                               for w in t["label"].replace(",", " ").split()}
    assert "zanzibarshire" not in {w.lower() for w in words}
    texts = list(SurveyComment.objects.filter(survey=SURVEY).values_list("text", flat=True))
    for w in words - {"Other", "comments"}:
        assert sum(w.lower() in t.lower() for t in texts) >= 11, w


def test_placeholders_are_no_theme_words(as_role):
    plant("Call me on 07700 900123 if you want to hear more.", times=60)
    analyst = as_role("analyst")
    action(analyst, "read")
    action(analyst, "theme")
    from parity.engine.themes import Codebook as Book

    book = Book.from_dict(Codebook.objects.get().data)
    assert "[phone]" in " ".join(comments.current(SURVEY).values_list("text", flat=True))
    assert "phone" not in {w for t in book.themes for w in book.words(t.id)}


def survey_files(small_council, folder):
    """A folder holding a copy of the council's survey questions and responses, and the path of the
    responses file (to change before importing it again)."""
    import shutil

    folder.mkdir()
    for name in ("survey_questions_SYNTHETIC.csv", "survey_responses_SYNTHETIC.csv"):
        shutil.copy(small_council / name, folder / name)
    return folder, folder / "survey_responses_SYNTHETIC.csv"


def test_a_new_version_of_the_data_is_not_counted_twice_and_keeps_its_reviews(as_role, imported, small_council,
                                                                              tmp_path):
    from parity.cli import main

    action(as_role("analyst"), "read")
    before = comments.current(SURVEY).count()
    first = comments.current(SURVEY).order_by("id").first()
    comments.review(imported["analyst"], first, "approved")
    folder, path = survey_files(small_council, tmp_path / "again")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")  # the last response taken out
    assert main(["import", str(folder), "--replace"]) == 0
    action(as_role("analyst"), "read")
    after = comments.current(SURVEY)
    assert before - 1 <= after.count() <= before
    assert SurveyComment.objects.filter(survey=SURVEY).count() > after.count()  # the replaced version's are kept
    again = after.get(response__response_key=first.response.response_key, question="q_comment")
    assert again.pk != first.pk and again.status == "approved" and again.text == first.text


def test_a_changed_answer_in_a_new_version_is_reviewed_again(as_role, imported, small_council, tmp_path):
    from parity.cli import main

    action(as_role("analyst"), "read")
    first = comments.current(SURVEY).order_by("id").first()
    comments.review(imported["analyst"], first, "approved")
    folder, path = survey_files(small_council, tmp_path / "changed")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    from parity.app.workforce.importing import pseudonymiser

    hasher = pseudonymiser()  # the reviewed comment's own respondent, found by the keyed hash of their id
    changed = next(r for r in rows if r["survey"] == SURVEY
                   and hasher.hash(r["response_id"]) == first.response.response_key)
    changed["q_comment"] = "A different answer altogether about the canteen."
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert main(["import", str(folder), "--replace"]) == 0
    action(as_role("analyst"), "read")
    again = comments.current(SURVEY).filter(text__contains="canteen").get()
    assert again.status == "awaiting"
