"""Write tests/fixtures/comments_labelled.csv: synthetic staff-survey comments with every detail
to be redacted labelled, for measuring redaction (docs/redaction.md, scripts/redaction_recall.py).

``python scripts/make_labelled_comments.py [OUT.csv]``. The same script always writes the same
bytes (one seeded random generator).

Names are COMMON given names and surnames of sixteen origins, combined at random, so that no
real person is identified (a few well-known combinations are skipped). Each origin's names are
split in two halves: people drawn from the first half are on the council's deny-list
(``deny_listed`` = yes, ``staff_name`` as the HR system spells it, sometimes with the accents
the comment leaves out or the other way round), people from the second half are not, so the
two halves share no word and both paths of the redaction are measured. The comments put the
names in every context the redaction knows (after a title or a role, before "said", possessive)
and in the contexts it cannot see (bare, at the start of a sentence, in lower case).

Columns: ``id``, ``comment``, ``origin`` (of the person named, or "none"), ``deny_listed``
(yes / no / empty when no one is named), ``staff_name``, ``context`` (what surrounds the name,
or the kind of comment), ``held_out`` (yes: written after the redaction was tuned on the
rest, and measured as it came), ``spans``: a JSON list of ``[kind, start, end]`` (Python string
offsets) with kind name, email, phone, ni_number, postcode or quasi_identifier.
"""

from __future__ import annotations

import csv
import json
import random
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "comments_labelled.csv"
SEED = 20261202
MENTIONS_PER_ORIGIN = 40  # half on the deny-list, half not
NO_PII_COMMENTS = 420

# origin: (female given names, male given names, surnames). Common names only.
ORIGINS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "english": (["Grace", "Sarah", "Rose", "Hope", "May", "Emma", "Zoë", "Claire", "Rebecca", "Hannah"],
                ["Will", "James", "Mark", "David", "Tom", "Daniel", "Ben", "Luke"],
                ["Smith", "Jones", "Brown", "Taylor", "Hall", "Wilson", "Wood", "Robinson", "Green", "Wright",
                 "Smith-Jones", "Walker", "Clarke", "Hughes"]),
    "irish": (["Siobhán", "Aoife", "Niamh", "Ciara", "Róisín", "Orla", "Sinéad", "Áine"],
              ["Seán", "Ciarán", "Declan", "Pádraig", "Eoin", "Conor", "Cathal", "Darragh"],
              ["O'Connor", "Murphy", "O'Brien", "Kelly", "Byrne", "Ryan", "O'Sullivan", "Walsh",
               "McCarthy", "Doyle", "Gallagher", "Ó Briain"]),
    "scottish_welsh": (["Morag", "Catrin", "Eilidh", "Cerys", "Isla", "Ffion", "Fiona", "Siân"],
                       ["Hamish", "Rhys", "Callum", "Dafydd", "Angus", "Gareth", "Euan", "Owain"],
                       ["MacDonald", "Evans", "Campbell", "Davies", "Stewart", "Llewellyn", "Fraser",
                        "Pritchard", "MacLeod", "Price", "Robertson", "Morgan"]),
    "polish_eastern_european": (["Agnieszka", "Małgorzata", "Katarzyna", "Magdalena", "Joanna", "Zuzana",
                                 "Ewa", "Oksana"],
                                ["Łukasz", "Piotr", "Krzysztof", "Tomasz", "Paweł", "Marek", "Jakub", "Andrii"],
                                ["Kowalski", "Nowak", "Wiśniewska", "Wójcik", "Kamiński", "Lewandowski",
                                 "Zielińska", "Szymański", "Novák", "Kovalenko", "Dvořáková", "Petrenko"]),
    "nigerian_ghanaian": (["Blessing", "Ngozi", "Chiamaka", "Abena", "Funmilayo", "Precious", "Yetunde", "Akosua"],
                          ["Chidi", "Kwame", "Emeka", "Kofi", "Oluwaseun", "Kwabena", "Obinna", "Adébáyọ̀"],
                          ["Okafor", "Mensah", "Okonkwo", "Boateng", "Eze", "Asante", "Adeyemi", "Owusu",
                           "Nwosu", "Osei", "Ogunleye", "Agyeman"]),
    "somali": (["Amina", "Hodan", "Faadumo", "Hibo", "Sahra", "Ubah", "Ifrah", "Ayan"],
               ["Abdi", "Mohamed", "Abdirahman", "Yusuf", "Ahmed", "Liban", "Hassan", "Mahad"],
               ["Abdullahi", "Warsame", "Jama", "Osman", "Adan", "Dahir", "Hussein", "Elmi", "Aden",
                "Guled", "Nur", "Egal"]),
    "indian": (["Priya", "Harpreet", "Anjali", "Kavitha", "Sunita", "Lakshmi", "Manpreet", "Nisha"],
               ["Sunny", "Rajesh", "Amit", "Gurpreet", "Vijay", "Karthik", "Harjit", "Arjun"],
               ["Patel", "Sandhu", "Sharma", "Pillai", "Singh", "Krishnan", "Kaur", "Mehta", "Gill",
                "Subramanian", "Desai", "Nair"]),
    "pakistani_bangladeshi": (["Ayesha", "Nusrat", "Fatima", "Farzana", "Sana", "Rukhsana", "Shazia", "Tahmina"],
                              ["Imran", "Kamrul", "Tariq", "Bilal", "Asif", "Rizwan", "Shahid", "Abdul"],
                              ["Khan", "Rahman", "Hussain", "Chowdhury", "Akhtar", "Uddin", "Begum", "Miah",
                               "Iqbal", "Malik", "Qureshi", "Ahmed"]),
    "chinese": (["Mei", "Hui", "Ying", "Jing", "Xin", "Yan", "Fang", "Lan"],
                ["Wei", "Jun", "Ming", "Hao", "Lei", "Tao", "Jian", "Bo"],
                ["Wang", "Zhang", "Li", "Liu", "He", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Wong", "Chen"]),
    "vietnamese": (["Linh", "Mai", "Hoa", "Thu", "Hương", "Ngọc", "Trang", "Lan"],
                   ["Minh", "Tuấn", "Hùng", "Đức", "Long", "Nam", "Quang", "Anh"],
                   ["Nguyễn", "Trần", "Lê", "Phạm", "Đỗ", "Phan", "Vũ", "Đặng", "Bùi", "Hoàng", "Ngô", "Dương"]),
    "caribbean": (["Marlene", "Beverley", "Hyacinth", "Claudette", "Shanice", "Paulette", "Sonia", "Jacqueline"],
                  ["Delroy", "Winston", "Leroy", "Desmond", "Errol", "Jermaine", "Clive", "Marcus"],
                  ["Campbell", "Clarke", "Francis", "Grant", "Henry", "Gayle", "McKenzie", "Bailey",
                   "Thompson", "Forbes", "Samuels", "Bennett"]),
    "arabic": (["Fatima", "Mariam", "Noor", "Layla", "Huda", "Rania", "Amal", "Salma"],
               ["Said", "Omar", "Khalid", "Youssef", "Ahmad", "Karim", "Tarek", "Samir"],
               ["Al-Hassan", "Haddad", "Mansour", "Saleh", "Nasser", "Khalil", "Hamdan", "El-Sayed",
                "Abdallah", "Ibrahim", "Qasim", "Darwish"]),
    "turkish": (["Ayşe", "Elif", "Zeynep", "Fatma", "Emine", "Özlem", "Gül", "Merve"],
                ["Can", "Mehmet", "Ahmet", "Emre", "Gökhan", "Murat", "Hüseyin", "Mustafa"],
                ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan",
                 "Doğan", "Kılıç", "Aslan"]),
    "romanian": (["Ioana", "Elena", "Andreea", "Mihaela", "Alina", "Gabriela", "Cristina", "Oana"],
                 ["Șerban", "Ștefan", "Andrei", "Mihai", "Florin", "Ionuț", "Bogdan", "Adrian"],
                 ["Popescu", "Ionescu", "Popa", "Dumitru", "Stoica", "Gheorghe", "Rusu", "Munteanu",
                  "Constantin", "Stan", "Marin", "Tudor"]),
    "roma_traveller": (["Bridget", "Kathleen", "Mary", "Margaret", "Shannon", "Patsy", "Lavinia", "Esmeralda"],
                       ["Levi", "Elijah", "Johnny", "Jimmy", "Paddy", "Tommy", "Noah", "Sylvester"],
                       ["Lee", "Boswell", "Lovell", "Loveridge", "McDonagh", "Maughan", "Doherty", "Joyce",
                        "Connors", "Lakatos", "Rostaș", "Balogh"]),
    "portuguese_spanish": (["Ana", "María", "Inês", "Joana", "Lucía", "Carmen", "Conceição", "Beatriz"],
                           ["João", "José", "Miguel", "Pedro", "Tiago", "Javier", "Rui", "Alejandro"],
                           ["Silva", "Santos", "Ferreira", "Pereira", "García", "Fernández", "González",
                            "Rodríguez", "Martínez", "Sousa", "Muñoz", "Núñez"]),
}
# Well-known people a random combination could name: never written.
FAMOUS = {("Imran", "Khan"), ("Jimmy", "Connors"), ("Tommy", "Lee"), ("Rui", "Costa"), ("Tiago", "Silva"),
          ("Pedro", "Rodríguez"), ("Javier", "Fernández"), ("Winston", "Reid"), ("Kwame", "Boateng"),
          ("Mohamed", "Hussein"), ("James", "Taylor"), ("Tom", "Walker"), ("David", "Walsh"),
          ("Luke", "Evans"), ("Daniel", "Evans"), ("Gareth", "Evans"), ("Mark", "Wright"), ("Ben", "Davies"),
          ("Tom", "Davies"), ("Emma", "Watson"), ("James", "Robinson"), ("Mark", "Hughes"), ("Wei", "Wang"),
          ("Jun", "Li"), ("Desmond", "Francis"), ("Marcus", "Bennett"), ("Ana", "Ivanović"),
          ("Andrei", "Popescu"), ("Omar", "Khalil"), ("Emre", "Can"), ("Mehmet", "Öztürk"),
          ("Conor", "Murphy"), ("Seán", "Kelly"), ("Kofi", "Owusu")}
TITLES = {"f": ["Mrs", "Ms", "Miss", "Dr"], "m": ["Mr", "Mr", "Dr"]}
TEAMS = ["Highways", "Finance", "Parks", "Housing", "Planning", "Waste Services", "Adult Social Care",
         "Children's Services", "Revenues and Benefits", "Libraries", "Legal Services", "Customer Services",
         "Regeneration", "Environmental Health", "Procurement", "Payroll", "Bereavement Services", "Fleet"]

# Templates: {N} the name as written, {team}. Context: what the redaction can see around the name.
NAME_TEMPLATES: dict[str, tuple[str, list[str]]] = {
    # context: (how the name is written, templates)
    "title": ("title_surname", [
        "{N} in {team} has been really supportive since I joined.",
        "I raised a grievance about {N} and heard nothing for six months.",
        "When I asked {N} about the acting-up post I was told to wait my turn.",
        "{N} made a comment about my accent in front of the whole team.",
        "Thank you to {N} who runs the staff network with no time allocated for it.",
    ]),
    "role": ("first_or_full", [
        "My manager {N} never gives me feedback on my work.",
        "My line manager, {N}, has been brilliant about my reasonable adjustments.",
        "I reported it to our team leader {N} and nothing changed.",
        "There is a colleague called {N} who keeps making jokes about where I am from.",
        "My mentor {N} helped me apply for the senior post.",
    ]),
    "speech": ("any", [
        "{N} said it was just banter and I should toughen up.",
        "In the meeting {N} told me my English was not good enough for the role.",
        "When I complained, {N} laughed and walked away.",
        "{N} asked why I needed time off for Eid and then refused it.",
    ]),
    "possessive": ("first_or_surname", [
        "I was moved into {N}'s team without any discussion.",
        "Everything got worse after {N}'s restructure of the service.",
    ]),
    "weak": ("first_or_surname", [
        "It is hard to speak up because {N} is friends with the head of service.",
        "I feel like {N} never listens to staff from ethnic minorities.",
    ]),
    "bare": ("any", [
        "I get on well with {N} but the wider team is cliquey.",
        "Please thank {N} for organising the Black History Month event.",
        "I had to cover for {N} for three months without extra pay.",
        "Only {N} and one other person in my team got the leadership training.",
        "We all know {N} gets the overtime while others are overlooked.",
        "The interview panel included {N} who had already made up their mind.",
    ]),
    "sentence_start": ("any", [
        "{N} is the only person who checks in on me.",
        "{N} deserves recognition for supporting the staff network.",
        "{N} treats the agency workers differently from the rest of us.",
    ]),
    "lower_case": ("lower", [
        "to be honest {N} in payroll is the only one who ever helps me",
        "i reported it to {N} but it went nowhere",
        "speak to {N} about the rota, no one else will",
        "{N} said i was being too sensitive when i raised it",
    ]),
}

# Written after the redaction was tuned on the rest, and measured as they came out: the set's
# check on over-fitting (``held_out`` = yes).
HELD_OUT_TEMPLATES = [
    "Shout out to {N} in {team} who always goes the extra mile.", "Ask {N}, they know how bad it has got.",
    "{N} from {team} was the only one who listened.", "Cheers {N} for sorting my hours out.",
    "Nobody backed me up except {N}.", "Dear {N}, please read these comments properly.",
    "I would like to nominate {N} for the staff awards.", "Working with {N} has been the best part of this year.",
    "Since {N} left, the team has fallen apart.", "Thanks {N}!",
]
HELD_OUT_NO_PII = [
    "The Senior Leadership Team never visits the Hope Street depot.",
    "Grace and favour arrangements for parking should stop.", "Our Rose Award nominations were ignored.",
    "Long Service Awards should recognise agency years.", "The Sunny Bank office has no heating.",
    "Staff in the Polish Saturday School programme volunteer their time.",
    "Managers at the King's Cross office are better.", "The Young Carers service is brilliant.",
    "Bank holidays in May are always covered by the same people.",
    "During Ramadan some managers were really understanding.",
    "Our director said the plan would be published in March.",
    "The Mayor visited and it felt like a photo opportunity.", "The Leader of the Council should read this.",
    "I would rather not say which team I am in.", "Human Resources lost my paperwork twice.",
    "Customer Services staff face abuse from the public every day.",
    "Equality Impact Assessments are done after decisions are made.",
    "Said differently, the culture is the problem.", "Can do attitude is expected but never rewarded.",
    "Grace periods for late timesheets are applied unevenly.", "The Staff Awards always go to the same teams.",
    "Stop asking Black staff to sit on every panel.", "Disabled staff wait months for Access to Work equipment.",
    "Many Muslim colleagues feel unable to pray at work.", "The Town Hall canteen closed and nothing replaced it.",
    "I trust my manager but not the senior leadership.", "Our new Chief Executive seems to listen.",
    "Head office decisions ignore frontline staff.", "Winter pressures in Adult Social Care burn people out.",
    "Price rises mean the pay award is a pay cut.", "Brown envelopes for payslips feel old-fashioned.",
    "Teams meetings with cameras off exclude deaf colleagues.", "Black History Month events were well attended.",
    "The Park Lane depot is dangerous after dark.",
    "Thanks to everyone in Bereavement Services for their kindness.", "I asked HR twice and got no reply.",
    "Staff from Traveller backgrounds hide it at work.", "A Hindu colleague was mocked for wearing a tilak.",
    "The Dean Clough office is fine.",
]
HELD_OUT_PER_ORIGIN = 6  # half on the deny-list
COLUMNS = ["id", "comment", "origin", "deny_listed", "staff_name", "context", "held_out", "spans"]

NO_PII = [
    "More development opportunities would help.", "Thank you for asking.", "Flexible working has made a difference.",
    "Feedback after interviews is inconsistent.", "Highways said the new rota would be fair but it is not.",
    "Finance have been slow to pay my expenses again.", "The Parks team is welcoming and supportive.",
    "Adult Social Care is badly understaffed.", "Revenues and Benefits need more staff in the spring.",
    "Black staff are not being promoted at the same rate.", "Asian colleagues in Housing feel overlooked.",
    "White managers do not see the problem.", "The Black and Brown staff network is the best thing here.",
    "There is a grace period for timesheets but nobody explains it.", "I hope things improve after this survey.",
    "Hope this survey leads to real change.", "Will anything actually change this time?",
    "May I suggest more training for managers.", "In May the restructure was announced with no consultation.",
    "The rose garden at the crematorium needs more staff.", "It was a sunny day for the awards but I felt excluded.",
    "Said it before and I will say it again: pay is unfair.", "Can we have more flexible working please?",
    "Do managers actually read these surveys?", "He said he would fix it and he did not.",
    "An email went round about Ramadan which was appreciated.", "To be honest nothing changes.",
    "It has been a long year in Children's Services.", "Young people on the apprentice scheme need more support.",
    "Mark my words, nothing will change.", "Working from the Leeds office is easier than the Bradford one.",
    "Staff at the Town Hall get better treatment than those at the depot.", "Unison has been supportive.",
    "The Dignity at Work Policy is not followed.", "The Recruitment and Selection Policy is outdated.",
    "The Race Equality Network needs proper funding.", "Since June the workload has doubled.",
    "Recruitment feels like a closed shop.", "Unconscious bias training should be mandatory for panels.",
    "I have worked here for 12 years and still earn under £28,000.", "Between 2019 and 2023 nothing changed.",
    "The meeting is at 09.30 in room 2.14 every Tuesday.", "Grade 7 staff are stretched too thin.",
    "honestly i dont think anyone reads this", "The Head of Service should hold monthly drop-ins.",
    "Patience is wearing thin with the pace of change.", "Faith groups should have a proper prayer room.",
    "We need more Black and Asian managers in senior roles.", "The Irish Traveller community is never mentioned.",
    "Eastern European staff in Waste Services are treated as temporary.", "Bill payments for parking are unfair.",
    "Frank conversations about race are rare here.", "Best thing about working here is my team.",
    "Long Covid is not taken seriously by occupational health.", "King Street office has no step-free access.",
    "The price of parking at Wood Lane is too high.", "It is a small team but a kind one.",
    "There is no mercy when targets are missed.", "Many staff feel it is luck rather than merit.",
    "Sunny or not, the depot is always cold.", "Rich people on the board do not understand our pay.",
    "Major changes happen without any consultation.", "Every chance I get to train is cancelled.",
    "Day to day the team works well.", "Summer holidays are allocated unfairly.",
    "The Polish speakers in Customer Services are relied on for translation without pay.",
    "We had a great Diwali celebration in the Civic Centre.", "Christmas cover always falls on the same people.",
    "Our team in Fleet has been through three managers in two years.", "The Muslim prayer room is a cupboard.",
    "Nothing in the survey asks about caring responsibilities.", "I want to see the action plan published.",
    "People are scared to speak up about racism.", "Promotion panels are all white and all male.",
    "The reverse mentoring scheme opened my eyes.", "Internal First recruitment has helped me progress.",
    "There is no one like me in senior management.", "Listening circles were a good start.",
    "Can the survey be available in other languages?", "Will the results be shared with the staff network?",
    "Ward councillors visit the depot once a year.", "The Council's website is hard to use for staff.",
    "Hall bookings for the network are always refused.", "Green spaces in the borough need more investment.",
    "It takes a long time to get IT equipment for disabled staff.", "Man with a van jokes are not funny.",
    "I am proud to work for Demo City Council.", "The new Microsoft Teams channels help remote staff.",
    "An apology from leadership would go a long way.", "Amber ratings on the action plan hide real problems.",
    "Do not make this another tick box exercise.", "So much talk and so little action.",
]
QI_TEMPLATES = [
    "I am the only Black manager in {team} and I feel it every day.",
    "As the only Asian woman in {team}, I am always asked to do the diversity work.",
    "The one disabled team leader in {team} has been pushed out.",
    "I'm the sole female engineer on the {team} team and it shows.",
    "Being the only Muslim officer at {team} means I cover every Friday.",
    "There is only one Somali caseworker in {team} and she is overloaded.",
    "The only person of colour in {team} gets all the difficult cases.",
    "The Head of {team} decides everything behind closed doors.",
    "I complained to the Director of {team} and heard nothing.",
    "I am the single Polish driver at {team} and get the worst routes.",
    "As the only trans person in my team I do not feel safe.",
]
EMAIL_DOMAINS = ["council.gov.uk", "democity.gov.uk", "gmail.com", "outlook.com", "btinternet.com"]
POSTCODE_OUTWARD = ["LS6", "M14", "B12", "SW1A", "E1", "N17", "BD8", "LE4", "CF10", "G41", "BS5", "NG7",
                    "L8", "S3", "EH7", "NW10", "WV1", "CV6", "DE23", "OL4"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
NI_FIRST, NI_SECOND = "ABCEGHJKLMNOPRSTWXYZ", "ABCEGHJKLMNPRSTWXYZ"


def fold(text: str) -> str:
    """Accents removed, as a UK keyboard writes the name."""
    text = text.translate(str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ș": "s", "Ș": "S",
                                         "ț": "t", "Ț": "T"}))
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Person:
    origin: str
    sex: str
    first: str
    surname: str
    listed: bool


def halves(names: list[str]) -> tuple[list[str], list[str]]:
    """Alternate names: the first half for the deny-list, the second for people not on it."""
    return names[0::2], names[1::2]


def people(rng: random.Random, origin: str, listed: bool, count: int) -> list[Person]:
    """``count`` people of an origin from one half of its names, every name used in turn."""
    female, male, surnames = (halves(pool)[0 if listed else 1] for pool in ORIGINS[origin])
    result: list[Person] = []
    firsts = [("f", n) for n in female] + [("m", n) for n in male]
    while len(result) < count:
        rng.shuffle(firsts)
        order = surnames[:]
        rng.shuffle(order)
        for k, (sex, first) in enumerate(firsts):
            surname = order[k % len(order)]
            if (first, surname) not in FAMOUS and (fold(first), fold(surname)) not in FAMOUS:
                result.append(Person(origin, sex, first, surname, listed))
    return result[:count]


class Comment:
    """A comment built piece by piece, with the span of each labelled piece."""

    def __init__(self):
        self.text, self.spans = "", []

    def add(self, piece: str, kind: str | None = None) -> None:
        if kind:
            self.spans.append([kind, len(self.text), len(self.text) + len(piece)])
        self.text += piece


def fill(template: str, values: dict[str, tuple[str, str | None]]) -> Comment:
    """Fill ``{key}`` slots; a value is (text, label kind or None)."""
    comment, rest = Comment(), template
    while "{" in rest:
        before, _, after = rest.partition("{")
        key, _, rest = after.partition("}")
        comment.add(before)
        text, kind = values[key]
        comment.add(text, kind)
    comment.add(rest)
    return comment


def spelling(rng: random.Random, name: str) -> str:
    """A third of names with accents are written without them in the comment."""
    return fold(name) if rng.random() < 1 / 3 else name


def written_name(rng: random.Random, person: Person, form: str) -> tuple[str, str]:
    """(what goes before the labelled name, the name) for a mention form."""
    first, surname = spelling(rng, person.first), spelling(rng, person.surname)
    if form == "title_surname":
        return rng.choice(TITLES[person.sex]) + " ", surname
    choices = {"first_or_full": [first, first, f"{first} {surname}"],
               "first_or_surname": [first, surname],
               "any": [first, surname, f"{first} {surname}"],
               "lower": [first.lower(), f"{first} {surname}".lower(), surname.lower()]}[form]
    return "", rng.choice(choices)


def staff_name(rng: random.Random, person: Person) -> str:
    """The name on the HR system: sometimes folded where the comment has accents."""
    name = f"{person.first} {person.surname}"
    return fold(name) if rng.random() < 0.25 else name


def name_comment(template: str, team: str, before: str, name: str) -> Comment:
    """The template with the name labelled where ``{N}`` stands (a title before it unlabelled)."""
    comment, rest = Comment(), template
    while "{" in rest:
        head, _, after = rest.partition("{")
        key, _, rest = after.partition("}")
        comment.add(head)
        if key == "N":
            comment.add(before)
            comment.add(name, "name")
        else:
            comment.add(team)
    comment.add(rest)
    return comment


def name_rows(rng: random.Random) -> list[dict]:
    """Each origin: half its people on the deny-list, half not; contexts taken in turn."""
    rows = []
    contexts = list(NAME_TEMPLATES)
    for origin in ORIGINS:
        for listed in (True, False):
            for k, person in enumerate(people(rng, origin, listed, MENTIONS_PER_ORIGIN // 2)):
                context = contexts[(k + (0 if listed else 3)) % len(contexts)]
                form, templates = NAME_TEMPLATES[context]
                before, name = written_name(rng, person, form)
                comment = name_comment(rng.choice(templates), rng.choice(TEAMS), before, name)
                rows.append(row(comment, origin, "yes" if listed else "no",
                                staff_name(rng, person) if listed else f"{person.first} {person.surname}",
                                context))
    return rows


def row(comment: Comment, origin: str, deny_listed: str, staff: str, context: str, held_out: bool = False) -> dict:
    return {"comment": comment.text, "origin": origin, "deny_listed": deny_listed, "staff_name": staff,
            "context": context, "held_out": "yes" if held_out else "no", "spans": json.dumps(comment.spans)}


def email(rng: random.Random, person: Person) -> str:
    local = rng.choice([f"{person.first}.{person.surname}", f"{person.first[0]}{person.surname}",
                        f"{person.first}{rng.randint(1, 99)}"])
    local = fold(local).lower().replace(" ", "").replace("'", "")
    return f"{local}@{rng.choice(EMAIL_DOMAINS)}"


def phone(rng: random.Random) -> str:
    """Ofcom's numbers for drama (never assigned), in the ways people write them."""
    n = rng.randint(0, 999)
    return rng.choice([f"07700 900{n:03}", f"07700-900-{n:03}", f"+44 7700 900{n:03}", f"+44 (0)20 7946 0{n:03}",
                       f"020 7946 0{n:03}", f"0113 496 0{n:03}", f"(0161) 496 0{n:03}", f"01632 960{n:03}",
                       f"0044 7700 900{n:03}", f"07700900{n:03}", f"0117 496 0{n:03}"])


def ni_number(rng: random.Random) -> str:
    while (prefix := rng.choice(NI_FIRST) + rng.choice(NI_SECOND)) in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
        pass
    digits, suffix = f"{rng.randint(0, 999999):06}", rng.choice("ABCD")
    return rng.choice([f"{prefix}{digits}{suffix}", f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}",
                       f"{prefix}{digits}{suffix}".lower(), f"{prefix} {digits} {suffix}"])


def postcode(rng: random.Random) -> str:
    code = f"{rng.choice(POSTCODE_OUTWARD)} {rng.randint(0, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
    return rng.choice([code, code, code.lower(), code.replace(" ", "")])


DETAIL_TEMPLATES = {
    "email": ["You can contact me on {X} if you want to discuss this.", "Please reply to {X} rather than my work inbox.",
              "My complaint was sent from {X} and never acknowledged."],
    "phone": ["Ring me on {X} if you want more detail.", "My personal mobile is {X} - I do not trust the work email.",
              "HR gave out my number ({X}) to a contractor without asking."],
    "ni_number": ["My NI number {X} was printed on a letter sent to the wrong address.",
                  "Payroll still has my National Insurance number as {X} which is wrong."],
    "postcode": ["I live at {X} and the commute is impossible without flexible hours.",
                 "Staff living near {X} cannot get to the depot by bus before 7am."],
}


def detail_rows(rng: random.Random) -> list[dict]:
    """Emails (with names of every origin in them), phone numbers, NI numbers and postcodes."""
    rows = []
    origins = list(ORIGINS)
    for kind, templates in DETAIL_TEMPLATES.items():
        for k in range(24):
            origin = origins[k % len(origins)] if kind == "email" else "none"
            value = {"email": lambda: email(rng, people(rng, origin, False, 1)[0]), "phone": lambda: phone(rng),
                     "ni_number": lambda: ni_number(rng), "postcode": lambda: postcode(rng)}[kind]()
            comment = fill(rng.choice(templates), {"X": (value, kind)})
            rows.append(row(comment, origin, "", "", kind))
    return rows


def quasi_rows(rng: random.Random) -> list[dict]:
    """"The only Black manager in Highways", unique posts: flagged for review."""
    rows = []
    for k in range(33):
        template = QI_TEMPLATES[k % len(QI_TEMPLATES)]
        comment = quasi_comment(template, rng.choice(TEAMS))
        rows.append(row(comment, "none", "", "", "quasi_identifier"))
    return rows


def quasi_comment(template: str, team: str) -> Comment:
    """The quasi-identifier labelled from its first word ("the only", "Head") to the team."""
    text = template.replace("{team}", team)
    lower = text.lower()
    starts = [lower.find(w) for w in ("the only", "the one", "the sole", "the single", "only one",
                                      "head of", "director of") if lower.find(w) >= 0]
    start = min(starts)
    team_at = text.find(team) if "{team}" in template else text.find("my team")
    end = team_at + (len(team) if "{team}" in template else len("my team"))
    comment = Comment()
    comment.add(text[:start])
    comment.add(text[start:end], "quasi_identifier")
    comment.add(text[end:])
    return comment


def no_pii_rows(rng: random.Random) -> list[dict]:
    """Nothing to redact: team names, descriptors, names that are words, places, Title Case.
    Every sentence once on its own, then two or three at random."""
    rows = []
    for k in range(NO_PII_COMMENTS):
        sentences = [NO_PII[k]] if k < len(NO_PII) else rng.sample(NO_PII, rng.choice((2, 2, 3)))
        comment = Comment()
        comment.add(" ".join(sentences))
        rows.append(row(comment, "none", "", "", "no_pii"))
    return rows


def held_out_rows(rng: random.Random) -> list[dict]:
    """Comments written after the redaction was tuned: names in new contexts, new hard negatives."""
    rows = []
    for origin in ORIGINS:
        for listed in (True, False):
            for person in people(rng, origin, listed, HELD_OUT_PER_ORIGIN // 2):
                _, name = written_name(rng, person, "any")
                comment = name_comment(rng.choice(HELD_OUT_TEMPLATES), rng.choice(TEAMS), "", name)
                rows.append(row(comment, origin, "yes" if listed else "no",
                                staff_name(rng, person) if listed else f"{person.first} {person.surname}",
                                "held_out", held_out=True))
    for text in HELD_OUT_NO_PII:
        comment = Comment()
        comment.add(text)
        rows.append(row(comment, "none", "", "", "no_pii", held_out=True))
    return rows


def rows(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    result = name_rows(rng) + detail_rows(rng) + quasi_rows(rng) + no_pii_rows(rng) + held_out_rows(rng)
    rng.shuffle(result)
    return [{"id": n, **r} for n, r in enumerate(result, 1)]


def write(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows())


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
