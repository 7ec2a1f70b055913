"""Write the labelled staff-survey comments that the theme tests and the method comparison use.

``python scripts/make_themed_comments.py [OUT.csv] [--seed 0] [--resample N]`` writes
``tests/fixtures/comments_themed.csv`` by default: 1,000 synthetic free-text comments over two
waves ("Staff survey 2025": 600, "Staff survey 2026": 400), each with an ONS 5 ethnic group and
its true themes (``;``-separated codes, blank for a comment with none). About one comment in six
has two themes and one in twelve has none. The wording is varied on purpose (openers, slot
fillers, paraphrases, spelling slips, curly quotes, an accented word now and then) so that a
method cannot win by matching one phrase. No real person is named. The same seed gives the same
bytes.

``--resample N`` writes N comments made from those instead (for timing: no labels kept): each
one of them with a word dropped, three in ten joined to a second one.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "comments_themed.csv"
WAVES = (("Staff survey 2025", 600), ("Staff survey 2026", 400))
GROUPS = {  # ONS 5 group: (share of respondents, how much more often racism is raised)
    "White": (0.62, 0.3),
    "Asian, Asian British or Asian Welsh": (0.14, 1.6),
    "Black, Black British, Black Welsh, Caribbean or African": (0.11, 2.2),
    "Mixed or Multiple ethnic groups": (0.05, 1.5),
    "Other ethnic group": (0.03, 1.3),
    "Not stated": (0.05, 1.0),
}
TWO_THEMES, NO_THEME = 0.17, 0.08
RESAMPLE_JOINED = 0.3  # share of resampled comments made of two
SAME_THEME_TWICE = 0.3  # a single-theme comment of two sentences on that theme

SLOTS = {
    "manager": ["my manager", "my line manager", "my team leader", "my supervisor", "the manager",
                "our service manager", "my LM"],
    "senior": ["senior managers", "senior leadership", "the leadership team", "directors", "SLT",
               "the top tier", "heads of service"],
    "colleagues": ["colleagues", "people", "co-workers", "my peers", "staff in my team"],
    "minority": ["Black staff", "ethnic minority staff", "staff of colour", "Asian colleagues",
                 "BAME staff", "people who look like me", "Black and Asian colleagues"],
    "often": ["often", "regularly", "constantly", "repeatedly", "time and again", "every week"],
    "years": ["two years", "three years", "five years", "over a decade", "18 months", "ten years"],
}

THEMES = {
    "career": [
        "There is no clear career path for {minority} here.",
        "I have been on the same grade for {years} with no chance of promotion.",
        "Progression opportunities are non-existent unless you know the right people.",
        "Secondments and acting-up roles always seem to go to the same faces.",
        "I would like a proper conversation about my career development and where I can go next.",
        "Promotion is very slow and the career ladder is blocked at grade 8.",
        "You can't progress here without moving to another authority.",
        "{minority} are stuck in lower grades while others climb the ladder.",
        "Talent management and succession planning don't reach people like me.",
        "I keep being told I'm not ready for the next step but nobody says why.",
        "More opportunities to progress into management roles please.",
        "The glass ceiling is real, I have been overlooked for promotion {often}.",
        "Career conversations happen once a year and lead nowhere.",
        "There is no progression route from admin roles into professional posts.",
    ],
    "racism": [
        "I have experienced racist comments from {colleagues} and nothing was done.",
        "Microaggressions are an everyday thing, people touch my hair and ask where I am really from.",
        "Racism in this organisation is subtle but it is there.",
        "{minority} are treated differently and it is exhausting.",
        "Jokes about accents and names are {often} made in the office.",
        "I was called a racial slur by a service user and felt unsupported afterwards.",
        "People mispronounce my name on purpose and laugh about it.",
        "There is a culture of racial stereotyping, e.g. assuming I'm aggressive when I'm assertive.",
        "Racist behaviour from {colleagues} is tolerated and brushed off as banter.",
        "I have been mistaken for the only other Black woman on the floor more times than I can count.",
        "Discrimination based on race and ethnicity still happens here.",
        "Comments about my headscarf and my food make me feel I don't belong.",
        "The racism I face is low level but constant, death by a thousand cuts.",
        "I feel excluded and othered because of my ethnicity.",
    ],
    "management": [
        "{manager} is supportive and always makes time for me.",
        "I get very little support from {manager}.",
        "One to ones are {often} cancelled by {manager}.",
        "Supervision is rushed and doesn't help me.",
        "{manager} does not listen and micromanages everything.",
        "I don't feel supported by {manager} when things go wrong.",
        "Managers need better people skills, mine has no idea how to manage a team.",
        "{manager} treats some team members more favourably than others.",
        "Regular supervision and check-ins with {manager} would help a lot.",
        "Line management is inconsistent across the service.",
        "{manager} never gives feedback, good or bad.",
        "I would like {manager} to understand my wellbeing needs.",
        "Poor management is the main reason people leave this team.",
    ],
    "recruitment": [
        "Recruitment is not fair, jobs are given to friends of the hiring manager.",
        "Interview panels are never diverse, always the same white faces.",
        "Internal vacancies are not advertised and are filled before anyone can apply.",
        "Shortlisting should be anonymised to remove bias, names and photos on a résumé shouldn't matter.",
        "I applied for {years} running and was never shortlisted despite meeting the criteria.",
        "Jobs go to the preferred candidate, the interview is a formality.",
        "The recruitment process favours people who already know the panel.",
        "We need diverse interview panels and fair selection for every post.",
        "Feedback after an unsuccessful interview is never given.",
        "Hiring decisions are not transparent and the job descriptions change to suit someone.",
        "Appointments are made through the back door without open competition.",
        "Candidates from minority backgrounds rarely get past the interview stage.",
    ],
    "training": [
        "I would like more training courses relevant to my role.",
        "Training budgets have been cut so nobody can go on courses.",
        "The e-learning modules are box ticking and a waste of time.",
        "Mandatory training is repetitive, I redo the same module every year.",
        "I asked for a professional qualification and was refused funding.",
        "Learning and development opportunities are limited for part-time staff.",
        "Unconscious bias training should be face to face, not an online module.",
        "There are no apprenticeships or courses for people in frontline roles.",
        "Training is offered but we're too busy to attend it.",
        "Coaching and mentoring schemes should be open to everyone, not just the chosen few – sorry, "
        "but that's the naïve truth.",
        "The induction training was poor and I had to learn on the job.",
        "I'd value more CPD and time set aside for learning.",
    ],
    "flexible": [
        "Flexible working has made a huge difference to my life.",
        "Please keep hybrid working, working from home is much more productive.",
        "My request for flexible hours was refused without a good reason.",
        "Being forced back to the office three days a week is unfair.",
        "Compressed hours and home working should be available to everyone.",
        "Flexi time is great but some managers won't allow it.",
        "Hybrid working means I can manage my caring responsibilities.",
        "The return to office policy ignores people with long commutes.",
        "Working from home some days helps my mental health.",
        "Part-time and job share requests are turned down too often.",
        "Remote working is not applied equally across teams.",
        "I'd like more flexibility around start and finish times for the school run.",
    ],
    "pay": [
        "Pay has not kept up with the cost of living.",
        "The salary is too low for the responsibility of the role.",
        "A real-terms pay cut every year makes it hard to stay.",
        "I am paid less than colleagues doing the same job on a higher grade.",
        "Pay rises are below inflation and morale is low because of it.",
        "Our wages are lower than neighbouring authorities pay for the same post.",
        "Job evaluation has left my role underpaid.",
        "I can't afford my bills on this salary.",
        "The pay gap between grades is huge and unfair.",
        "No increment for {years} because I'm at the top of the pay scale.",
        "Better pay would stop people leaving for agency work.",
        "Remuneration and pay progression need an urgent review.",
    ],
    "workload": [
        "Workload is unmanageable, I work late most evenings.",
        "We are understaffed and caseloads are far too high.",
        "Too many vacancies mean the rest of us cover extra work.",
        "I'm burnt out from the volume of work and constant deadlines.",
        "Staffing levels are too low to deliver the service safely.",
        "My workload has doubled since the restructure.",
        "Stress levels are high because there is too much to do.",
        "We are expected to do more with less every year.",
        "Unpaid overtime is the norm just to keep up.",
        "The pressure and demands on the team are not sustainable.",
        "Caseloads keep growing and nobody is recruiting to the empty posts.",
        "I don't have time to take breaks because of the workload.",
    ],
    "speakingup": [
        "I don't feel safe to speak up, people who raise concerns get labelled.",
        "I reported an incident through HR and never heard back.",
        "Grievances raised by {minority} are not taken seriously.",
        "The whistleblowing process is not trusted by staff.",
        "There should be a confidential way to report concerns without fear of reprisal.",
        "When I raised a complaint I was the one treated as the problem.",
        "Freedom to speak up guardians would help, people fear victimisation.",
        "Reporting bullying is pointless as nothing happens.",
        "There is a fear of repercussions if you challenge decisions.",
        "HR processes protect managers, not the people making complaints.",
        "Concerns are swept under the carpet after they are raised.",
        "An anonymous reporting tool would help people come forward.",
    ],
    "praise": [
        "I love my job and my team is brilliant.",
        "Great place to work, I feel valued and proud of what we do.",
        "My colleagues are fantastic and very supportive.",
        "Thank you for the recognition scheme, it makes people feel appreciated.",
        "I really enjoy working here, the team spirit is excellent.",
        "The staff networks are a real positive and I value them.",
        "I'm proud to work for an organisation that serves its residents well.",
        "Everyone in my team is friendly and helpful, a lovely team.",
        "Best employer I have had, genuinely caring.",
        "Well done to everyone for the hard work this year, it has been amazing.",
        "I feel respected and appreciated by the people around me.",
    ],
}
SUBJECTS = {  # what a comment on each theme is about, for the frames below
    "career": ["career progression", "promotion", "progression", "career development", "the career ladder",
               "opportunities to progress", "my career", "acting-up opportunities", "progression routes"],
    "racism": ["racism", "racist comments", "microaggressions", "racial discrimination", "racist banter",
               "how Black staff are treated", "race discrimination", "comments about ethnicity", "racism at work"],
    "management": ["my manager", "my line manager", "management support", "supervision", "support from managers",
                   "line management", "one to ones with my manager", "the way managers manage", "managerial support"],
    "recruitment": ["recruitment", "the recruitment process", "interviews", "interview panels", "shortlisting",
                    "how jobs are filled", "the selection process", "hiring", "recruitment and selection"],
    "training": ["training", "training courses", "learning and development", "training opportunities",
                 "e-learning", "mandatory training", "development courses", "access to training", "the training offer"],
    "flexible": ["flexible working", "hybrid working", "working from home", "flexi time", "home working",
                 "flexible hours", "the office attendance policy", "remote working", "flexibility"],
    "pay": ["pay", "my salary", "low pay", "the pay award", "wages", "pay and grading", "salaries",
            "pay rises", "being underpaid"],
    "workload": ["workload", "my workload", "caseloads", "staffing levels", "the volume of work", "understaffing",
                 "work pressure", "workloads", "the demands on the team"],
    "speakingup": ["speaking up", "raising concerns", "reporting incidents", "the grievance process",
                   "whistleblowing", "making a complaint", "reporting bullying", "raising a grievance", "speaking out"],
    "praise": ["my team", "my colleagues", "the people I work with", "this team", "the support from colleagues",
               "our team spirit", "the staff networks", "working here", "the team I work in"],
}
FRAMES = {  # (frames for complaints, frames for praise): the wording shared by every theme
    "complaint": ["{s} is a real problem here.", "Something has to be done about {s}.",
                  "{s} has got worse over the last year.", "I am unhappy with {s}.",
                  "Nobody seems to care about {s}.", "{s} needs looking at urgently.",
                  "My biggest concern is {s}.", "{s} is not fair to everyone.", "Please sort out {s}.",
                  "I'm frustrated with {s}.", "{s} - still no improvement.", "Leaders must address {s}.",
                  "{s}!!", "{s} is poor.", "{s} could be so much better.", "Fix {s}.", "{s}, as always.",
                  "Not happy about {s} at all.", "What is being done about {s}?", "{s} is shocking.",
                  "I would change {s}.", "{s} is why I'm looking elsewhere.", "{s} is disappointing.",
                  "Can we talk honestly about {s}?", "It's {s} that worries me most.", "{s} - see last year.",
                  "{s} hasn't improved despite promises.", "I'd like to see progress on {s}.",
                  "{s} is letting people down.", "Re {s}: we were promised action."],
    "praise": ["{s} is brilliant.", "I'm very happy with {s}.", "Really positive about {s}.",
               "{s} is the best thing about this job.", "Thank you to {s}.", "I value {s} a lot.",
               "{s} - outstanding.", "So grateful for {s}.", "{s} makes coming in worthwhile.",
               "Nothing but good things to say about {s}."],
}
SPECIFIC = 0.6  # share of sentences that are a theme's own wording rather than a shared frame
NONE = [
    "No comment.", "N/A", "Nothing to add.", "None", "nothing further", "No.", "See previous answers.",
    "I have no further comments at this time.", "Prefer not to say.", "-", "no comments thank you",
    "Not applicable to me.", "I answered everything above.", "?", "ok",
]
OPENERS = ["Honestly, ", "To be honest ", "I think ", "In my view ", "Personally, ", "I feel ", "Overall, ",
           "Sadly ", "Again, ", "As I said last year, ", "Really, ", "For me "]
CLOSERS = [" This needs to change.", " Nothing ever changes.", " Please listen to us.",
           " It's been like this for years.",
           " Thanks.", " This affects morale.", " Please act on this!", " I hope someone reads this.",
           " Not good enough.", " Thank you for asking.", " It is what it is.", " Fingers crossed."]
DRESSED = 0.35  # share of comments given an opener, and separately a closer
JOINERS = [" ", " Also, ", " And ", " On top of that, ", " Separately, ", "; ", " Another thing: "]
SLIPS = {"the": "teh", "because": "becuase", "receive": "recieve", "definitely": "definately",
         "management": "managment", "really": "realy"}


def sentence(theme: str, rng: random.Random) -> str:
    if rng.random() < SPECIFIC:
        text = rng.choice(THEMES[theme])
    else:
        text = rng.choice(FRAMES["praise" if theme == "praise" else "complaint"])
        text = text.replace("{s}", rng.choice(SUBJECTS[theme]))
    while "{" in text:
        start, end = text.index("{"), text.index("}")
        text = text[:start] + rng.choice(SLOTS[text[start + 1:end]]) + text[end + 1:]
    return text[0].upper() + text[1:]


def decapitalise(text: str) -> str:
    """Lower-case the first letter of a sentence that goes on after a joiner, unless its first
    word is an acronym or "I"."""
    first = text.split(" ", 1)[0]
    if first in ("I", "I'm", "I'd", "I've") or not first[1:].islower():
        return text
    return text[0].lower() + text[1:]


def join(parts: list[str], rng: random.Random) -> str:
    text = parts[0]
    for part in parts[1:]:
        joiner = rng.choice(JOINERS)
        if joiner == "; ":
            text = text.rstrip(".!")
        text += joiner + (part if joiner in (" ", " Another thing: ") else decapitalise(part))
    return text


def dress(text: str, rng: random.Random) -> str:
    """Vary the surface: an opener and a closer, a slip, a case change, curly apostrophes."""
    if rng.random() < DRESSED:
        text = rng.choice(OPENERS) + decapitalise(text)
    if rng.random() < DRESSED:
        text += rng.choice(CLOSERS)
    roll = rng.random()
    if roll < 0.08:
        words = text.split(" ")
        words = [SLIPS.get(w, w) for w in words]
        text = " ".join(words)
    elif roll < 0.14:
        text = text.lower()
    elif roll < 0.2:
        text = text.replace("'", "\u2019")
    return text


def themes_for(racism_weight: float, rng: random.Random) -> list[str]:
    roll = rng.random()
    if roll < NO_THEME:
        return []
    codes = list(THEMES)
    weights = [racism_weight if code == "racism" else 1.0 for code in codes]
    first = rng.choices(codes, weights)[0]
    if roll < NO_THEME + TWO_THEMES:
        others = [c for c in codes if c != first]
        return [first, rng.choice(others)]
    return [first]


def comments(seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for wave, size in WAVES:
        for _ in range(size):
            group = rng.choices(list(GROUPS), [share for share, _ in GROUPS.values()])[0]
            codes = themes_for(GROUPS[group][1], rng)
            if codes:
                parts = [sentence(code, rng) for code in codes]
                if len(codes) == 1 and rng.random() < SAME_THEME_TWICE:
                    parts.append(sentence(codes[0], rng))
                text = dress(join(parts, rng), rng)
            else:
                text = rng.choice(NONE)
            rows.append({"id": f"C{len(rows) + 1:04d}", "wave": wave, "ethnic_group": group,
                         "themes": ";".join(codes), "comment": text})
    return rows


def resampled(rows: list[dict], n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)

    def perturb(text: str) -> str:
        words = text.split()
        if len(words) > 3:
            del words[rng.randrange(len(words))]
        return " ".join(words)
    out = []
    for i in range(n):
        source = rng.choice(rows)
        text = perturb(source["comment"])
        if rng.random() < RESAMPLE_JOINED:
            text += " " + perturb(rng.choice(rows)["comment"])
        out.append({"id": f"R{i + 1:06d}", "wave": source["wave"], "ethnic_group": source["ethnic_group"],
                    "themes": "", "comment": text})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--resample", type=int, metavar="N", help="write N perturbed comments instead")
    args = parser.parse_args()
    rows = comments(args.seed)
    if args.resample:
        rows = resampled(rows, args.resample, args.seed + 1)
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["id", "wave", "ethnic_group", "themes", "comment"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} comments to {args.out}")


if __name__ == "__main__":
    main()
