"""Redaction of free-text survey comments before anyone reads them (issue 14, point 3).

``redact(text, names)`` returns the comment with personal details replaced by placeholders,
and flags for what a person must look at before the comment is shown to others.

Masked (replaced in ``Redacted.text``):

- **emails**: ``local@domain.tld`` (letters of any script, dots, ``+``, ``-``, ``'``);
- **phone numbers**: UK numbers with 10 or 11 digits from a leading ``0`` (``07700 900123``,
  ``020 7946 0958``, ``01632 960000``), a bracketed area code (``(0113) 496 0000``), or
  ``+44`` / ``0044`` with an optional ``(0)``, single spaces, dashes or dots between digits;
  and any ``+`` number of 8 to 15 digits (another country's);
- **National Insurance numbers**: two letters, six digits, an optional suffix A-D, with HMRC's
  prefix rules (first letter not D, F, I, Q, U, V; second not D, F, I, O, Q, U, V; never BG, GB,
  KN, NK, NT, TN, ZZ). Lower case is taken only in the unbroken form (``ab123456c``): a spaced,
  lower-case "on 12 03 24 a" is a date;
- **postcodes**: the full UK pattern (outward and inward code, any case, one optional space);
- **names**, word by word (a word is letters of any script with apostrophes inside:
  ``O'Connor``; a hyphen splits ``Smith-Jones`` into two words masked as one):
  1. **the council's deny-list** (``NameList``): a word whose keyed hash is on the list and is
     no ordinary word (``Okafor``, ``Łukasz``) is a name in any case, anywhere;
  2. **context cues**, with or without the list: a title before it (``Mr Mrs Ms Miss Mx Dr
     Prof Cllr`` ...: the next word in any case); a role before it (``my manager Grace``,
     ``colleague, Chidi``); ``called`` / ``named`` / ``known as``; a reporting verb or a
     possessive after it (``Grace said``, ``Okafor told me``, ``Siobhán's team``); and,
     mid-sentence only, ``is/was/has/never ...`` after it (``because Okafor is``). A cue takes
     a capitalised word that is not grammar nor a team or organisation word, and not one after
     "the", "our" and the like ("the Council said");
  3. **joined words**: a capitalised word right beside a name (one space or a hyphen) joins
     it, so ``Grace Okafor`` is masked whole when only ``Okafor`` is known; two capitalised
     words side by side that are both on the list are a name ("May Brown").
  A title is masked with its name (``[name]``, not ``Mrs [name]``).

  A listed word that is also an ordinary word goes by its class (``name_words._WORD_CLASSES``; the table
  is in docs/redaction.md): grammar words (``he``, ``do``, ``an``: surnames too) and words that
  are also names (``grace``, ``hope``, ``will``, ``wood``) are names when capitalised
  mid-sentence (not "the Hope Street depot", "Wood Lane"), and in lower case only before
  "said" or as a possessive; team and place words (``Hall``, ``Green``) only when they stand
  alone mid-sentence ("included Hall who", not "Town Hall"); descriptive words and months
  (``Black``, ``Brown``, ``May``) never on their own.

Flagged for review, left in the text (``Redacted.flags``):

- **quasi_identifier**: "the only / the one / the sole / only one" + up to three words + a role
  (manager, team leader, woman, person ...) + in/at/on/within + a capitalised team or place, or
  my/our/the team: "the only Black manager in Highways"; and unique posts: "Head of Parks",
  "Director of Public Health";
- **possible_name**: any other capitalised word mid-sentence that is no known word (e.g.
  "I asked Chidi"): a person must decide. Place names (``Leeds``) are flagged too.

NOT caught: a name not on the deny-list with no cue ("I asked Chidi": flagged only), at the
start of a sentence or in lower case ("okafor never listens"); a listed name that is an
ordinary word where it reads as one ("Long deserves ...", "rose wood"); names in scripts
written without spaces (Chinese characters); single initials; nicknames and misspellings not
on the list; names spelt out in an email ("grace dot okafor at ..."); phone numbers that are
not UK or ``+`` international, extensions, staff numbers, addresses other than postcodes,
outward codes alone ("LS6"), dates of birth, social media handles; descriptions that identify
without the "only"/post pattern ("the tall Somali lad who started in March"). A listed name
that is an English word missing from ``name_words._WORD_CLASSES`` is masked wherever the word appears.
A comment longer than ``MAX_COMMENT_CHARS`` is refused, not redacted. Measured recall and
precision, by origin of the name: docs/redaction.md.

The deny-list keeps only ``Pseudonymiser.hash("name:" + word)`` (HMAC-SHA256 with the
installation's secret) of each normalised word of two letters or more: NFKC, case folded,
accents and apostrophes removed (``Łukasz`` = ``Lukasz``, ``Zoë`` = ``Zoe``, ``O’Connor`` =
``OConnor``), because comments are typed on UK keyboards while HR systems keep the accents,
or the other way round. The ``name:`` prefix keeps the hashes apart from staff id hashes.

Spans (``Finding.start/end``) point into the original comment, which must never be stored;
``masked_start/masked_end`` point into ``Redacted.text``, which may be. No field holds the
original words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from .pseudonymise import Pseudonymiser
from .name_words import (ALSO_NAME, CALLED_CUES, CAPITALISED, DETERMINERS, GRAMMAR, ORGANISATION, ROLE_CUES,
                         SPEECH_CUES, TITLES, WEAK_CUES, _APOSTROPHES, _NAME_GAP, _ROLE_GAP, _SENTENCE_END,
                         _TITLE_GAP, _WORD, _WORD_CLASSES, normalise_word)

PLACEHOLDERS = {"name": "[name]", "email": "[email]", "phone": "[phone]",
                "ni_number": "[NI number]", "postcode": "[postcode]"}
"""What replaces each kind of detail in ``Redacted.text``."""

FLAG_KINDS = ("quasi_identifier", "possible_name")
"""What is flagged for a person to review and left in the text."""

NAME_HASH_PREFIX = "name:"
"""Put before a name word when it is hashed, so a name hash never equals a staff id hash."""

MIN_NAME_WORD = 2
"""Letters a name word needs to be on the deny-list: single initials are not kept."""

MAX_JOINED_WORDS = 4
"""Longest name masked by joining capitalised words beside a name ("Mary Ann Smith-Jones")."""

MAX_COMMENT_CHARS = 32_767
"""Longest comment redacted: the most an Excel cell holds (survey tools export to Excel). A
longer one is refused (``CommentTooLong``), never cut or passed through: at this length the
slowest input tried (one-letter words) takes about 0.1 s, and every pattern is linear."""


class CommentTooLong(ValueError):
    """A comment longer than ``MAX_COMMENT_CHARS``: report it; it cannot be redacted."""


# --- the findings ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """One detail found: ``kind``, its span in the original comment (``start``/``end``: never
    store these with the original) and in the masked text (``masked_start``/``masked_end``)."""
    kind: str
    start: int
    end: int
    masked_start: int
    masked_end: int


@dataclass(frozen=True)
class Redacted:
    """A comment with its details masked (``text``), what was masked (``findings``) and what a
    person must review though it is still in the text (``flags``)."""
    text: str
    findings: tuple[Finding, ...]
    flags: tuple[Finding, ...]


def needs_review(redacted: Redacted) -> bool:
    """True when anything was masked or flagged: a person approves it before others read it."""
    return bool(redacted.findings or redacted.flags)


# --- the deny-list ------------------------------------------------------------------------------

class NameList:
    """A council's deny-list of staff names, kept only as keyed hashes of their words."""

    def __init__(self, hashes: Iterable[str], hasher: Pseudonymiser):
        self._hashes = frozenset(hashes)
        self._hasher = hasher

    @classmethod
    def from_names(cls, names: Iterable[str], hasher: Pseudonymiser) -> NameList:
        """Every word of two letters or more of every name ("Grace Okafor", "Smith-Jones, Amy")."""
        words = {normalise_word(m.group()) for name in names for m in _WORD.finditer(name)}
        return cls((hasher.hash(NAME_HASH_PREFIX + w) for w in words if len(w) >= MIN_NAME_WORD), hasher)

    @classmethod
    def from_lines(cls, lines: Iterable[str], hasher: Pseudonymiser) -> NameList:
        """A list stored by ``to_lines``; refuses anything but 64-digit hex hashes."""
        hashes = [line.strip() for line in lines if line.strip()]
        bad = [n for n, h in enumerate(hashes, 1) if not re.fullmatch(r"[0-9a-f]{64}", h)]
        if bad:
            raise ValueError(f"line {bad[0]} of the name list is not a name hash")
        return cls(hashes, hasher)

    def to_lines(self) -> list[str]:
        """The hashes, sorted (so their order says nothing about the list's)."""
        return sorted(self._hashes)

    def contains(self, word: str) -> bool:
        """Whether the word, normalised, is a word of a name on the list."""
        return self._hasher.hash(NAME_HASH_PREFIX + normalise_word(word)) in self._hashes

    def __len__(self) -> int:
        return len(self._hashes)


# --- patterns: emails, phones, NI numbers, postcodes ---------------------------------------------

_EMAIL = re.compile(r"(?<![\w.%+'-])[\w.%+'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[^\W\d_]{2,24}(?![\w-])")
_UK_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)44[\s.-]?(?:\(0\)[\s.-]?)?\d(?:[\s.-]?\d){8,9}"  # +44 7700 900123
                       r"|\(0\d{2,5}\)[\s.-]?\d(?:[\s.-]?\d){4,8}"  # (0113) 496 0000
                       r"|0\d(?:[\s.-]?\d){8,9})(?![\w-])")  # 07700 900123
_OTHER_PHONE = re.compile(r"(?<![\w+])\+[1-9](?:[\s.-]?\d){7,14}(?![\w-])")
_NI_NUMBER = re.compile(r"(?<![^\W_])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
                        r"\s?\d{2}\s?\d{2}\s?\d{2}(?:\s?[A-D])?(?![^\W_])", re.IGNORECASE)
_NI_UNBROKEN = re.compile(r"[a-z]{2}\d{6}[a-d]", re.IGNORECASE)
_POSTCODE = re.compile(r"(?<![^\W_])(?:GIR ?0AA|[A-PR-UWYZ](?:\d[\dA-HJKPS-UW]?|[A-HK-Y]\d[\dABEHMNPRV-Y]?)"
                       r" ?\d[ABD-HJLNP-UW-Z]{2})(?![^\W_])", re.IGNORECASE)


def _uk_phone(match: re.Match) -> bool:
    """10 or 11 digits from the leading 0 (+44 and (0) read as 0), the second not 0."""
    digits = re.sub(r"\D", "", match.group())
    if match.group().startswith(("+", "00")):
        digits = "0" + digits[4 if digits.startswith("00") else 2:].removeprefix("0")
    return len(digits) in (10, 11) and digits[1] != "0"


def _ni_number(match: re.Match) -> bool:
    """Lower case only unbroken and complete: a spaced "on 12 03 24 a" is a date."""
    found = match.group()
    return found[:2].isupper() and not found[-1].islower() or _NI_UNBROKEN.fullmatch(found) is not None


def _pattern_findings(text: str) -> list[tuple[str, int, int]]:
    """Emails, phone numbers, NI numbers and postcodes, earliest first, none overlapping."""
    found = []
    if "@" in text:
        found += [("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    found += [("phone", m.start(), m.end()) for m in _UK_PHONE.finditer(text) if _uk_phone(m)]
    found += [("phone", m.start(), m.end()) for m in _OTHER_PHONE.finditer(text)]
    found += [("ni_number", m.start(), m.end()) for m in _NI_NUMBER.finditer(text) if _ni_number(m)]
    found += [("postcode", m.start(), m.end()) for m in _POSTCODE.finditer(text)]
    return _without_overlaps(found)


def _without_overlaps(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The earliest span wins (the longest of those starting together)."""
    kept: list[tuple[str, int, int]] = []
    for span in sorted(spans, key=lambda s: (s[1], -s[2])):
        if not kept or span[1] >= kept[-1][2]:
            kept.append(span)
    return kept


# --- words: finding names -----------------------------------------------------------------------------

@dataclass(slots=True)
class _Word:
    start: int
    end: int  # without a possessive 's
    norm: str
    capitalised: bool
    acronym: bool
    possessive: bool
    sentence_start: bool
    gap_before: str  # the text since the previous word ("\0" first when a pattern finding is in it)
    beside: bool  # only a space or a hyphen since the previous word
    after_determiner: bool  # "the Pay Policy": a determiner, then only capitalised words
    listed: bool = False
    title: bool = False


def _tokens(text: str, skip: list[tuple[str, int, int]]) -> list[_Word]:
    """The words of the text outside the pattern findings, with their case and position."""
    words: list[_Word] = []
    previous, previous_end, broken, spans = None, 0, False, iter(skip)
    span = next(spans, None)
    for m in _WORD.finditer(text):
        start, end = m.span()
        while span and span[2] <= start:
            previous_end, broken, span = max(previous_end, span[2]), True, next(spans, None)
        if span and span[1] < end:
            continue
        raw = m.group()
        possessive = len(raw) > 3 and raw[-1] in "sS" and raw[-2] in _APOSTROPHES
        if possessive:
            end -= 2
        gap = "\0" + text[previous_end:start] if broken else text[previous_end:start]
        beside = previous is not None and _NAME_GAP.fullmatch(gap) is not None
        after_title = previous is not None and previous.norm in TITLES and gap.startswith(".")
        sentence_start = previous is None or not after_title and _SENTENCE_END.search(gap) is not None
        after_determiner = beside and (previous.norm in DETERMINERS
                                       or previous.capitalised and previous.after_determiner)
        bare = raw[:end - start]
        word = _Word(start, end, normalise_word(bare), raw[0].isupper(), len(bare) > 1 and bare.isupper(),
                     possessive, sentence_start, gap, beside, after_determiner)
        words.append(word)
        previous, previous_end, broken = word, m.end(), False
    return words


def _cue(words: list[_Word], i: int) -> str | None:
    """The context before or after word ``i`` that marks it as a name, if any."""
    word = words[i]
    before = words[i - 1] if i else None
    if before and before.norm in TITLES and not before.after_determiner and _TITLE_GAP.fullmatch(word.gap_before):
        return "title"
    if before and before.norm in ROLE_CUES and _ROLE_GAP.fullmatch(word.gap_before):
        return "role"
    if before and before.norm in CALLED_CUES and word.beside or \
            i > 1 and before.norm in ("as", "is") and words[i - 2].norm in ("known", "name") and word.beside:
        return "called"
    if word.after_determiner:
        return None
    after = words[i + 1] if i + 1 < len(words) else None
    if word.possessive or after and after.norm in SPEECH_CUES and after.beside:
        return "after"
    if after and after.norm in WEAK_CUES and after.beside and not word.sentence_start:
        return "weak"
    return None


def _is_name(words: list[_Word], i: int, cue: str | None) -> bool:
    """Whether word ``i`` is a name on its own evidence (joining comes after): the table in
    docs/redaction.md."""
    word = words[i]
    kind = _WORD_CLASSES.get(word.norm)
    if cue == "title":
        return word.capitalised or kind != GRAMMAR
    if len(word.norm) < MIN_NAME_WORD or word.acronym and not word.listed:
        return False
    if word.listed and kind is None:
        return True
    if not word.capitalised:
        return word.listed and kind == ALSO_NAME and cue == "after"
    if cue in ("role", "after") and kind in (None, ALSO_NAME, CAPITALISED) or \
            cue in ("called", "weak") and kind in (None, ALSO_NAME) or \
            word.possessive and kind == GRAMMAR and not word.sentence_start:  # "after Do's restructure"
        return True
    if not word.listed:
        return False
    if _listed_pair(words, i):
        return True
    if word.sentence_start or word.after_determiner or _before_place_word(words, i):
        return False
    return kind in (GRAMMAR, ALSO_NAME) or kind == ORGANISATION and _standalone(words, i)


def _before_place_word(words: list[_Word], i: int) -> bool:
    """"Wood Lane", "King Street": an unlisted capitalised team or place word follows."""
    after = words[i + 1] if i + 1 < len(words) else None
    return after is not None and after.capitalised and not after.listed and after.beside \
        and _WORD_CLASSES.get(after.norm) == ORGANISATION


def _listed_pair(words: list[_Word], i: int) -> bool:
    """"May Brown": word ``i`` and a neighbour are both capitalised and on the list."""
    return any(0 <= j < len(words) and words[j].listed and words[j].capitalised and not words[j].acronym
               and words[max(i, j)].beside for j in (i - 1, i + 1))


def _standalone(words: list[_Word], i: int) -> bool:
    """"included Hall who", not "the Hall" or "Town Hall": no determiner, no capitalised neighbour."""
    return not words[i].after_determiner and not any(
        0 <= j < len(words) and words[j].capitalised and words[max(i, j)].beside for j in (i - 1, i + 1))


def _joins(word: _Word, name: _Word) -> bool:
    """Whether ``word``, beside the name word ``name``, is part of the same name: a capitalised
    word unless grammar or an unlisted team word; in lower case, a listed word before a name
    also typed in lower case ("blessing okonkwo")."""
    kind = _WORD_CLASSES.get(word.norm)
    if not word.capitalised:
        return word.listed and kind == ALSO_NAME and not name.capitalised and word.end < name.start
    if word.acronym and not word.listed:
        return False
    if word.listed:
        return kind != GRAMMAR or not word.sentence_start
    return kind in (None, ALSO_NAME, CAPITALISED)


def _names(words: list[_Word], names: NameList | None) -> list[bool]:
    """Which words are names: listed or cued words, then their capitalised neighbours."""
    if names is not None:
        seen: dict[str, bool] = {}
        for word in words:
            if word.norm not in seen:
                seen[word.norm] = len(word.norm) >= MIN_NAME_WORD and names.contains(word.norm)
            word.listed = seen[word.norm]
    is_name = [False] * len(words)
    for i, word in enumerate(words):
        cue = _cue(words, i)
        is_name[i] = _is_name(words, i, cue)
        word.title = is_name[i] and cue == "title"
    _join(words, is_name)
    return is_name


def _join(words: list[_Word], is_name: list[bool]) -> None:
    """Mark capitalised neighbours of names as names, up to ``MAX_JOINED_WORDS`` in a run."""
    for order, step in ((range(len(words)), -1), (range(len(words) - 1, -1, -1), 1)):
        run = 0
        for i in order:
            other = i + step
            left, right = min(i, other), max(i, other)
            if not is_name[i] and 0 < run < MAX_JOINED_WORDS and _joins(words[i], words[other]) \
                    and not words[left].possessive and words[right].beside:
                is_name[i] = True
            run = run + 1 if is_name[i] else 0


def _name_spans(words: list[_Word], is_name: list[bool]) -> list[tuple[str, int, int]]:
    """One span per run of name words, with the title before it."""
    spans: list[tuple[str, int, int]] = []
    for i, word in enumerate(words):
        if not is_name[i]:
            continue
        start = words[i - 1].start if word.title else word.start
        if spans and (is_name[i - 1] and words[i].beside or spans[-1][2] >= start):
            spans[-1] = ("name", spans[-1][1], word.end)
        else:
            spans.append(("name", start, word.end))
    return spans


def _possible_names(words: list[_Word], is_name: list[bool]) -> list[tuple[str, int, int]]:
    """Capitalised unknown words mid-sentence that were not masked: for a person to judge."""
    return [("possible_name", w.start, w.end) for i, w in enumerate(words)
            if not is_name[i] and w.capitalised and not w.acronym and not w.sentence_start
            and not w.after_determiner and _WORD_CLASSES.get(w.norm) in (None, ALSO_NAME)]


# --- quasi-identifiers ----------------------------------------------------------------------------

_ROLES = ("team leader|team manager|manager|leader|supervisor|director|head|officer|social worker|worker|"
          "engineer|planner|surveyor|lawyer|solicitor|accountant|analyst|apprentice|administrator|admin|"
          "assistant|coordinator|driver|operative|cleaner|carer|nurse|teacher|librarian|inspector|caretaker|"
          "consultant|adviser|advisor|caseworker|therapist|receptionist|technician|developer|architect|"
          "gardener|warden|porter|chef|councillor|member of staff|staff member|member|employee|colleague|"
          "woman|man|lady|guy|girl|boy|person|one")
_TEAM = (r"(?:(?:(?i:the)\s+)?[A-Z][\w'&-]*(?:(?:\s+(?:and|&))?\s+[A-Z][\w'&-]*){0,3}"
         r"|(?i:(?:my|our|the|this)\s+(?:team|service|section|office|department|depot|directorate|unit)))")
_ONLY_ONE = re.compile(r"\b(?i:the\s+(?:only|one|sole|single|lone)|only\s+one)\s+"
                       rf"(?:[^\W\d_][\w'-]*\s+){{0,3}}?(?i:{_ROLES})(?:\s+(?i:of\s+colou?r))?"
                       rf"\s+(?i:in|at|on|within|across|from)\s+{_TEAM}")
_UNIQUE_POST = re.compile(r"\b(?i:head|director|assistant\s+director|deputy\s+director|chief\s+officer|"
                          r"service\s+manager|service\s+lead|strategic\s+lead)\s+(?i:of|for)\s+"
                          rf"(?!(?i:the\s+)?(?i:service|services|department|team|directorate|unit)\b){_TEAM}")


def _quasi_identifiers(text: str) -> list[tuple[str, int, int]]:
    """"the only Black manager in Highways", "Head of Parks": flagged, not masked."""
    found = [("quasi_identifier", m.start(), m.end()) for m in _ONLY_ONE.finditer(text)]
    found += [("quasi_identifier", m.start(), m.end()) for m in _UNIQUE_POST.finditer(text)]
    return _without_overlaps(found)


# --- redacting ----------------------------------------------------------------------------------------

def redact(text: str, names: NameList | None = None) -> Redacted:
    """The comment with names, emails, phone numbers, NI numbers and postcodes masked and
    quasi-identifiers and possible names flagged (the module's docstring says what each catches).
    Raises ``CommentTooLong`` past ``MAX_COMMENT_CHARS``."""
    if len(text) > MAX_COMMENT_CHARS:
        raise CommentTooLong(f"a comment of {len(text):,} characters is longer than the "
                             f"{MAX_COMMENT_CHARS:,} redaction reads")
    patterns = _pattern_findings(text)
    words = _tokens(text, patterns)
    is_name = _names(words, names)
    masks = sorted(patterns + _name_spans(words, is_name), key=lambda s: s[1])
    flags = sorted(_quasi_identifiers(text) + _possible_names(words, is_name), key=lambda s: s[1])
    return _masked(text, masks, flags)


def _masked(text: str, masks: list[tuple[str, int, int]], flags: list[tuple[str, int, int]]) -> Redacted:
    """Replace each mask by its placeholder; place every span in both texts."""
    pieces, findings, position, at = [], [], 0, 0
    for kind, start, end in masks:
        at += start - position
        placeholder = PLACEHOLDERS[kind]
        findings.append(Finding(kind, start, end, at, at + len(placeholder)))
        pieces += [text[position:start], placeholder]
        at, position = at + len(placeholder), end
    pieces.append(text[position:])
    starts = [f.start for f in findings]

    def moved(p: int, inside_goes_to_end: bool) -> int:
        n = bisect_right(starts, p - 1 if inside_goes_to_end else p) - 1
        if n < 0:
            return p
        mask = findings[n]
        if p < mask.end:
            return mask.masked_end if inside_goes_to_end else mask.masked_start
        return p - mask.end + mask.masked_end

    return Redacted("".join(pieces), tuple(findings),
                    tuple(Finding(kind, s, e, moved(s, False), moved(e, True)) for kind, s, e in flags))
