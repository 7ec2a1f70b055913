"""Words for redaction (``ingest.redaction``): how a name word is normalised for the deny-list,
which ordinary words can also be names or team and place words, and the words that cue a name.

A listed word that is also an ordinary word goes by its class (``_WORD_CLASSES``): grammar words,
words that are also names, team and organisation words, and capitalised descriptive words. The
table is in docs/redaction.md.
"""

from __future__ import annotations

import re
import unicodedata


# --- normalising name words ----------------------------------------------------------

_MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
          "\u0900-\u0dff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f")
_LETTER = rf"(?:[^\W\d_]|[{_MARKS}])"
_APOSTROPHES = "'\u2019\u02bc"
_WORD = re.compile(rf"{_LETTER}+(?:[{_APOSTROPHES}]{_LETTER}+)*")

# Letters NFD does not split into a base and an accent.
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe",
                       "þ": "th", "ð": "d", "ŧ": "t", "ŀ": "l"})


def normalise_word(word: str) -> str:
    """The form a name word is compared in: NFKC, case folded, accents and apostrophes removed."""
    if word.isascii():
        return word.lower().replace("'", "")
    folded = unicodedata.normalize("NFKC", word).casefold().translate(_FOLD)
    bare = "".join(c for c in unicodedata.normalize("NFD", folded)
                   if not unicodedata.combining(c) and c not in _APOSTROPHES)
    return unicodedata.normalize("NFC", bare)


# --- words: what an ordinary word is ---------------------------------------------------------------

def _words(text: str) -> frozenset[str]:
    return frozenset(normalise_word(w) for w in text.split())


GRAMMAR, ALSO_NAME, ORGANISATION, CAPITALISED = "grammar", "also_name", "organisation", "capitalised"
# First class wins. Grammar: never a name except after a title, or capitalised mid-sentence and
# on the list ("he", "do", "an", "to" are surnames too).
_WORD_CLASSES: dict[str, str] = {}
for _class, _text in (
    (GRAMMAR, """i a about above across after afterwards again against ago all almost also although always am
     among an and another any anybody anyone anything anyway are around as at away back be because been before
     behind being below beside besides between both but by can't cannot could couldn't dear did didn't do does
     doesn't doing don't done down during each either else even ever every everybody everyone everything few
     for from further generally had hadn't has hasn't have haven't having he he'd he's hello her here hers
     herself hi him himself his honestly hopefully how however i'd i'll i'm i've if in inside instead into is
     isn't it it's its itself just lately least less let let's like many maybe me might more moreover most
     much must my myself neither never no nobody none nor not nothing now of off often ok okay on once one
     only onto or other others otherwise our ours ourselves out over overall own perhaps personally please
     quite rather really recently sadly same she she'd she's should shouldn't since so some somebody someone
     something sometimes soon still such than thank thanks that that's the their theirs them themselves then
     there there's therefore these they they'd they're they've this those though through thus to today
     together tomorrow too towards under unfortunately unless until up upon us very was wasn't we we'd we're
     we've were weren't what what's whatever when whenever where whether which while who whoever whom whose
     why with within without won't would wouldn't yeah yes yesterday yet you you'd you're you've your yours
     yourself yourselves ye anyone's everyone's someone's nobody's today's currently actually basically
     clearly obviously again firstly secondly finally also additionally however mr mrs ms miss mx dr prof
     cllr sir dame rev"""),
    (ALSO_NAME, """will can said grace hope rose joy faith patience precious blessing mercy gift favour peace
     comfort promise victory wisdom charity justice goodness sunny summer spring winter amber jack frank
     mark bill pat ray chase hunter cook wood hill young king long short little small price field fields
     banks bell page sharp best strong bright sweet love day rich guy don star man son sun wing fan bin min
     van bay kind gay chance major miles noble stone"""),
    (ORGANISATION, """council councils authority directorate directorates department departments team teams
     service services unit section office offices depot hr ict finance highways housing planning parks waste
     recycling refuse transport legal revenues benefits libraries library leisure adults adult children
     children's social care education schools school procurement payroll pensions estates property
     facilities regeneration environment environmental health public customer customers contact centre
     center democratic electoral registrars registration trading standards licensing enforcement building
     control communications comms marketing policy policies procedure procedures performance audit insurance
     risk treasury exchequer economic development culture museums arts sport community communities safety
     neighbourhoods neighbourhood ward wards cleansing street streets scene grounds maintenance fleet bereavement
     cemeteries crematorium youth early years family families fostering adoption safeguarding resources
     human corporate strategy transformation digital technology data information governance management
     leadership senior board cabinet scrutiny committee members member councillors councillor mayor unison
     gmb unite union unions network networks forum group groups staff colleagues colleague managers manager
     employees employee workers worker people person nhs government city town county borough district
     region hall park green square road lane street avenue crescent terrace gardens close drive way place
     centre house court tower north south east west central
     director directors head heads chief executive officer officers lead leads leader leaders supervisor
     supervisors admin administration survey surveys training course courses scheme schemes programme
     programmes process processes plan plans review reviews framework system systems portal intranet
     appraisal appraisals interview interviews recruitment selection panel panels pay grade grades job jobs
     role roles post posts work working flexible hybrid annual leave sickness absence dignity respect
     equality diversity inclusion equity race racism action actions report reports agency contractors
     apprentices apprenticeship mentoring coaching wellbeing occupational learning academy frontline
     operations operational business support assistant deputy interim acting area locality hub"""),
    (CAPITALISED, """black white brown asian british english scottish welsh irish african caribbean indian
     pakistani bangladeshi chinese polish romanian turkish somali nigerian ghanaian arab arabic kurdish
     jewish muslim muslims sikh hindu christian catholic buddhist gypsy traveller travellers roma european
     eastern western mixed minority minorities ethnic bme bame global majority lgbt lgbtq gay lesbian trans
     disabled deaf january february march april may june july august september october november december
     monday tuesday wednesday thursday friday saturday sunday christmas easter ramadan eid diwali vaisakhi
     hanukkah passover pride covid coronavirus teams zoom outlook excel microsoft google word whatsapp
     french spanish portuguese italian german urdu punjabi hindi gujarati bengali tamil mandarin
     cantonese vietnamese yoruba igbo twi akan swahili history month week i uk gov britain england
     scotland wales ireland london"""),
):
    for _word in _words(_text):
        _WORD_CLASSES.setdefault(_word, _class)

TITLES = _words("mr mrs ms miss mx dr prof professor cllr councillor sir dame rev")
"""Before a name in any case: "Mrs Okafor", "dr chen"."""
ROLE_CUES = _words("manager supervisor boss colleague coworker mentor director lead leader head officer rep chair "
                   "friend")
"""Before a capitalised name: "my manager Grace", "my line manager, Brown,"."""
CALLED_CUES = _words("called named nicknamed")
"""Before a capitalised name that is not a descriptive word: "a colleague called Chidi" (not
"a network called Black Voices"); so are "known as" and "name is"."""
SPEECH_CUES = _words("said says told tells asked asks shouted yelled replied refused laughed joked commented "
                     "emailed messaged mentioned insisted claimed admitted explained suggested agreed promised "
                     "complained bullied bullies ignored ignores undermined undermines excluded excludes "
                     "blocked blocks dismissed criticised criticized humiliated belittled mocked mocks "
                     "screamed swore")
"""After a capitalised name, anywhere in a sentence: "Grace said", "Okafor told me"."""
WEAK_CUES = _words("is was has had keeps kept always never will would does did doesn't didn't isn't wasn't "
                   "can can't could should seems")
"""After a capitalised name only mid-sentence: "because Okafor is"."""
DETERMINERS = _words("the a an our their my your his her its this that these those every each no any some")
"""Before a capitalised word, a sign it is a thing ("the Council said"), not a person."""

_TITLE_GAP = re.compile(r"\.?[ \t]{1,3}")
_ROLE_GAP = re.compile(r",?[ \t]{1,3}\(?")
_NAME_GAP = re.compile(r"[ \t]{1,3}|[ \t]?[-\u2010\u2011][ \t]?")
_SENTENCE_END = re.compile(r"[.!?\u2026:;\n]")


