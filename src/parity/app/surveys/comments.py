"""Survey comments: redacted before anyone reads them, reviewed by an analyst, themed, and shown to
others only when approved and with enough of them.

1. **Read** (``prepare``): each free-text answer of the wave's current responses becomes a
   ``SurveyComment`` holding only its redacted text (``ingest.redaction.redact``, with the
   council's name list when one is on file): names, emails, phone numbers, National Insurance
   numbers and postcodes masked; quasi-identifiers ("the only Black manager in Highways") and
   possible names flagged for the reviewer.
2. **Review**: every comment waits for an analyst, who approves or withholds it (and may mask
   more before approving); comments in which nothing was found can be approved together.
3. **Themes** (``engine.themes``) are found on the redacted text of the question's comments, or
   read with the series' saved codebook; analysts rename, merge and split them (each change a
   new codebook version, audited).
4. **Shown to others**: each theme's words, its prevalence by ethnic group (``engine.survey.
   theme_shares``: protected like every survey figure, a group needs 11 comments) and up to
   three approved comments as examples; nothing when the question has fewer than 11 comments.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import models, transaction
from django.utils import timezone

from ...engine import themes as engine_themes
from ...engine.cell_key import record_key
from ...engine.compute import Parameters
from ...engine.questions import FREE_TEXT
from ...engine.survey import ALL_RESPONDENTS, series_of, theme_shares
from ...ingest.redaction import CommentTooLong, NameList as RedactionNames, redact
from ..audit.services import record
from ..workforce.importing import pseudonymiser
from ..workforce.models import SurveyQuestion, SurveyResponse
from .models import Codebook, NameList, SurveyComment

EXAMPLES = 3  # approved comments shown with a theme
PLACEHOLDER = re.compile(r"\[[^\]]{1,20}\]")  # "[name]", "[phone]": what redaction put in, never a theme's word
TOO_LONG = "[comment too long to redact: withheld]"


def free_text_questions(survey: str) -> list[SurveyQuestion]:
    return list(SurveyQuestion.objects.filter(version__is_current=True, survey=survey, type=FREE_TEXT).order_by("id"))


def waves_with_comments() -> list[str]:
    """The waves with a free-text question, newest first (by their last response)."""
    asked = set(SurveyQuestion.objects.filter(version__is_current=True, type=FREE_TEXT).values_list("survey", flat=True))
    last = dict(SurveyResponse.objects.filter(version__is_current=True, survey__in=asked).values("survey")
                .annotate(day=models.Max("submitted_date")).values_list("survey", "day"))
    return sorted(asked, key=lambda s: (last.get(s) or dt.date.min, s), reverse=True)


def free_text_questions_of_every_wave() -> list[SurveyQuestion]:
    return list(SurveyQuestion.objects.filter(version__is_current=True, type=FREE_TEXT).order_by("survey", "id"))


def names() -> RedactionNames | None:
    """The council's name list in use, as hashes, or None when none was uploaded."""
    current = NameList.objects.first()
    return RedactionNames.from_lines(current.hashes.splitlines(), pseudonymiser()) if current else None


NAME_HEADERS = ("name", "forename", "surname", "given", "family", "known as")
MOST_NAMES = 500_000


def names_in(data: bytes) -> list[str]:
    """The names in an uploaded list. A CSV file (a header row, then one person a row) gives the
    columns whose header says name ("First name", "Surname", "Known as"; not "Username"); a text
    file gives one name a line. Words with digits are left out (a grade such as PO5 is no name).
    Refused: a file that is not text, with no names, or a CSV with no name column."""
    import csv
    import io

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("the name list is not a text or CSV file (it should be UTF-8 text)") from None
    if "\x00" in text:
        raise ValueError("the name list is not a text or CSV file")
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > MOST_NAMES:
        raise ValueError(f"the name list has {len(lines):,} lines; Parity reads at most {MOST_NAMES:,}")
    if lines and ("," in lines[0] or "\t" in lines[0]):
        rows = list(csv.reader(io.StringIO("\n".join(lines)), dialect="excel-tab" if "\t" in lines[0] else "excel"))
        header = [h.strip().lower() for h in rows[0]]
        wanted = [i for i, h in enumerate(header) if any(w in h for w in NAME_HEADERS) and "user" not in h]
        if not wanted:
            raise ValueError("a CSV name list needs a header row naming its name columns (for example First name, "
                             "Surname, Known as); no column's header says name")
        found = [" ".join(row[i] for i in wanted if i < len(row)) for row in rows[1:]]
    else:
        found = lines
    kept = [" ".join(w for w in name.split() if not any(ch.isdigit() for ch in w)) for name in found]
    kept = [name for name in kept if name.strip()]
    if not kept:
        raise ValueError("the file has no names in it")
    return kept


def upload_names(actor, data: bytes) -> int:
    """A new name list from an uploaded file (``names_in``): only its words' keyed hashes are kept.
    Comments still awaiting review are redacted again with it. Returns how many words it holds."""
    listed = RedactionNames.from_names(names_in(data), pseudonymiser())
    NameList.objects.create(hashes="\n".join(listed.to_lines()), words=len(listed),
                            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
    record(actor, "survey.name_list", "name list", {"words": len(listed)})
    for comment in SurveyComment.objects.filter(status=SurveyComment.Status.AWAITING,
                                                response__version__is_current=True).select_related("response"):
        original = (comment.response.answers or {}).get(comment.question) or ""
        _redact_into(comment, original, listed)
        comment.save(update_fields=["text", "masked", "flags"])
    return len(listed)


def _redact_into(comment: SurveyComment, original: str, listed: RedactionNames | None) -> None:
    try:
        found = redact(original, listed)
    except CommentTooLong:
        comment.text, comment.masked, comment.flags = TOO_LONG, ["too long"], []
        return
    comment.text = found.text
    comment.masked = sorted({f.kind for f in found.findings})
    comment.flags = [{"kind": f.kind, "start": f.masked_start, "end": f.masked_end} for f in found.flags]


def prepare(survey: str) -> int:
    """Every free-text answer of the wave's current responses read into a redacted comment (once:
    answers already read are left as they are; an answer read before in a version since replaced
    keeps its review when it reads the same). Returns how many were added."""
    questions = [q.question_id for q in free_text_questions(survey)]
    if not questions:
        return 0
    listed = names()
    have = set(SurveyComment.objects.filter(survey=survey).values_list("response_id", "question"))
    earlier = {(c.response.response_key, c.question): c for c in SurveyComment.objects.filter(survey=survey)
               .exclude(status=SurveyComment.Status.AWAITING).select_related("response").order_by("id")}
    new = []
    for response in SurveyResponse.objects.filter(version__is_current=True, survey=survey).order_by("id"):
        for q in questions:
            answer = ((response.answers or {}).get(q) or "").strip()
            if not answer or (response.pk, q) in have:
                continue
            comment = SurveyComment(response=response, survey=survey, question=q)
            _redact_into(comment, answer, listed)
            before = earlier.get((response.response_key, q))  # the same answer in a replaced version
            if before is not None and ((before.response.answers or {}).get(q) or "").strip() == answer:
                comment.text, comment.status = before.text, before.status
                comment.reviewed_by_id, comment.reviewed_at = before.reviewed_by_id, before.reviewed_at
            new.append(comment)
    SurveyComment.objects.bulk_create(new, batch_size=2000)
    return len(new)


def review(actor, comment: SurveyComment, decision: str, text: str | None = None) -> None:
    """Approve (with the reviewer's further masking, if given) or withhold a comment; audited."""
    if decision not in (SurveyComment.Status.APPROVED, SurveyComment.Status.WITHHELD):
        raise ValueError("approve or withhold the comment")
    changed = text is not None and text.strip() and text.strip() != comment.text
    if changed:
        comment.text = text.strip()
    comment.status, comment.reviewed_by, comment.reviewed_at = decision, actor, timezone.now()
    comment.save(update_fields=["text", "status", "reviewed_by", "reviewed_at"])
    record(actor, f"survey.comment_{decision}", f"comment:{comment.pk}", {"edited": bool(changed)})


def approve_clean(actor, survey: str, question: str, ids: list[int]) -> int:
    """Approve together the comments the reviewer was shown (``ids``) in which nothing was masked
    or flagged: a name with no cue and not on the name list is neither, so each is read first."""
    clean = [c for c in current(survey, question).filter(pk__in=ids, status=SurveyComment.Status.AWAITING)
             if not c.masked and not c.flags]
    now = timezone.now()
    for c in clean:
        c.status, c.reviewed_by, c.reviewed_at = SurveyComment.Status.APPROVED, actor, now
    SurveyComment.objects.bulk_update(clean, ["status", "reviewed_by", "reviewed_at"])
    record(actor, "survey.comments_approved", f"{survey}: {question}", {"comments": len(clean)})
    return len(clean)


# --- themes -----------------------------------------------------------------------------------

def codebook(survey: str, question: str) -> Codebook | None:
    """The codebook in use for the question: the newest of its series."""
    return Codebook.objects.filter(series=series_of(survey), question=question).first()


def current(survey: str, question: str | None = None):
    """The comments of the wave's current responses (a replaced response's comments are kept, but
    neither counted, shown nor listed for review)."""
    rows = SurveyComment.objects.filter(survey=survey, response__version__is_current=True)
    return rows.filter(question=question) if question is not None else rows


def _comments(survey: str, question: str, withheld: bool = True) -> list[SurveyComment]:
    rows = current(survey, question).exclude(text=TOO_LONG)
    if not withheld:
        rows = rows.exclude(status=SurveyComment.Status.WITHHELD)
    return list(rows.select_related("response").order_by("id"))


@transaction.atomic
def theme(actor, survey: str, question: str, seed: int = 0) -> Codebook:
    """The question's comments themed: read with the series' codebook when there is one, else
    themes found afresh (and saved as the series' codebook). Each comment gets its main theme."""
    comments = _comments(survey, question)
    saved = codebook(survey, question)
    if saved is None:
        found = engine_themes.find_themes(_bare(comments), seed=seed)
        saved = Codebook.objects.create(series=series_of(survey), question=question, made_on=survey,
                                        data=found.codebook.to_dict(), change="found",
                                        made_by=actor if getattr(actor, "is_authenticated", False) else None)
        record(actor, "survey.themes_found", f"{survey}: {question}", {"themes": len(found.themes)})
    _assign(saved, comments)
    return saved


def _bare(comments: list[SurveyComment]) -> list[str]:
    """The comments' redacted text without the placeholders redaction put in (themes are of what
    people wrote about, not of "[phone]")."""
    return [PLACEHOLDER.sub(" ", c.text) for c in comments]


def _assign(saved: Codebook, comments: list[SurveyComment]) -> None:
    book = engine_themes.Codebook.from_dict(saved.data)
    for comment, main in zip(comments, book.assign(_bare(comments))):
        comment.theme = main
    SurveyComment.objects.bulk_update(comments, ["theme"], batch_size=2000)


@transaction.atomic
def change_codebook(actor, survey: str, question: str, what: str, ids: list[int], label: str = "") -> Codebook:
    """Rename one theme, merge several, or split one in two: a new codebook version, audited, and
    the question's comments read with it."""
    saved = codebook(survey, question)
    if saved is None:
        raise ValueError("find the themes first")
    book = engine_themes.Codebook.from_dict(saved.data)
    known = {t.id for t in book.themes}
    if not ids or any(i not in known for i in ids):
        raise ValueError("choose themes of this question")
    comments = _comments(survey, question)
    names = ", ".join(f"“{book.entry(i).label}”" for i in ids)
    if what == "rename":
        if len(ids) != 1 or not label.strip():
            raise ValueError("choose one theme and give it a name")
        book = book.rename(ids[0], label.strip())
    elif what == "merge":
        if len(ids) < 2:
            raise ValueError("choose two or more themes to merge")
        book = book.merge(ids, label.strip() or None)
    elif what == "split":
        if len(ids) != 1:
            raise ValueError("choose one theme to split")
        mine = [t for c, t in zip(comments, _bare(comments)) if c.theme == ids[0]]
        book = book.split(ids[0], mine)
    else:
        raise ValueError("rename, merge or split")
    said = {"rename": f"renamed {names} as “{label.strip()}”",
            "merge": f"merged {names}" + (f" as “{label.strip()}”" if label.strip() else ""),
            "split": f"split {names} in two"}[what]
    new = Codebook.objects.create(series=saved.series, question=question, made_on=saved.made_on, data=book.to_dict(),
                                  change=said[:300],
                                  made_by=actor if getattr(actor, "is_authenticated", False) else None)
    record(actor, f"survey.themes_{what}", f"{survey}: {question}", {"themes": ids, "label": label})
    _assign(new, comments)
    return new


def shown(survey: str, question: str, grouping: str, min_cell: int) -> dict | None:
    """What others see of a question's comments: each theme's words, prevalence by ethnic group
    and approved examples; None before themes are found, while any comment awaits review (theme
    words come from the comments' text), or with fewer than 11 comments. Withheld comments are
    left out of everything."""
    comments = _comments(survey, question, withheld=False)
    saved = codebook(survey, question)
    parameters = Parameters(grouping=grouping, min_cell=min_cell)
    least = parameters.policy().free_text_min_responses
    if saved is None or len(comments) < least or any(c.status == SurveyComment.Status.AWAITING for c in comments):
        return None
    book = engine_themes.Codebook.from_dict(saved.data)
    shares = theme_shares([(c.theme, c.response.ethnicity, record_key(c.response.response_key, True))
                           for c in comments], day_of(survey), parameters)
    common = _common_words(_bare(comments), least)
    out = []
    for t in book.themes:
        words = [w for w in book.words(t.id) if w in common]
        examples = list(dict.fromkeys(c.text for c in comments
                                      if c.theme == t.id and c.status == SurveyComment.Status.APPROVED))
        out.append({"id": t.id, "label": _label(t.label, book.words(t.id), words), "words": words,
                    "shares": shares.get(t.id, []), "examples": examples[:EXAMPLES]})
    everyone = next((r for rows in shares.values() for r in rows if r.group == ALL_RESPONDENTS), None)
    return {"themes": out, "comments": everyone.denominator if everyone else None}


def _common_words(texts: list[str], least: int) -> set[str]:
    """Words in at least ``least`` of the comments: a theme's words shown to others are only these,
    so a word from one person's comment ("Highways", a rare role) never stands for a theme."""
    seen: dict[str, int] = {}
    for text in texts:
        for word in set(re.findall(r"[^\W\d_]+", text.lower())):
            seen[word] = seen.get(word, 0) + 1
    return {w for w, n in seen.items() if n >= least}


def _label(label: str, words: tuple[str, ...], shown: list[str]) -> str:
    """The theme's name as others read it: an analyst's own name as given; a name made of the
    theme's words (the default) remade from the words that may be shown."""
    if set(label.lower().replace(",", " ").split()) <= set(words):
        return ", ".join(shown[:3]) or "Other comments"
    return label


def stamp(survey: str) -> str:
    """What changes when what others see of a wave's comments changes (for the page's cache key):
    how many of its current comments are in each state and themed, the last review, the codebook."""
    rows = current(survey)
    states = sorted(rows.values_list("status").annotate(n=models.Count("id")))
    last = rows.exclude(reviewed_at=None).order_by("-reviewed_at").values_list("reviewed_at", flat=True).first()
    themed = rows.exclude(theme=None).count()
    book = Codebook.objects.values_list("pk", flat=True).first()
    return f"{states}.{themed}.{last}.{book}"


def theme_sizes(survey: str, question: str) -> dict[int, int]:
    """How many of the question's comments have each theme as their main one (for the analysts)."""
    out: dict[int, int] = {}
    for t in current(survey, question).exclude(theme=None).values_list("theme", flat=True):
        out[t] = out.get(t, 0) + 1
    return out


def counts(survey: str, question: str) -> dict[str, int]:
    rows = current(survey, question)
    return {s: rows.filter(status=s).count() for s in SurveyComment.Status.values}


def day_of(survey: str) -> str:
    last = SurveyResponse.objects.filter(version__is_current=True, survey=survey).order_by("-submitted_date").first()
    return (last.submitted_date if last else dt.date.today()).isoformat()
