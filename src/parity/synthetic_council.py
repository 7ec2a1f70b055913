"""A synthetic council: realistic, deterministic, and marked as synthetic everywhere.

``write_council(out_dir, staff=15000, years=5, seed=1)`` writes the files of one made-up
English city council ("Demo City Council"), one file per type, every file name ending
``_SYNTHETIC`` and a ``SYNTHETIC-DATA.txt`` beside them. No row describes a real person; ids
are generated numbers and there are no names.

The distributions are chosen to look like a large English city council, with the disparities
the seed plans describe built in so the measures have something to find:

* workforce about 20% from ethnic minorities, fewer at senior grades (a grade penalty);
* shortlisted ethnic-minority applicants less likely to be appointed (about 1.5 times);
* ethnic-minority staff more likely to enter the formal disciplinary process (about 1.7 times);
* a pay gap that follows the grade gap, plus a small within-grade gap;
* lower non-mandatory training access and promotion, higher leaving.

Everything is drawn from one ``numpy.random.Generator(PCG64(seed))`` in a fixed order, so the
same arguments give byte-identical files. Snapshot dates are 31 March of ``end_year - years + 1``
to ``end_year`` (a fixed default, never today's date, to stay deterministic).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .engine.ethnicity import BY_CODE

COUNCIL = "Demo City Council (synthetic data)"
DIRECTORATES = (
    "Adults and Health", "Children and Families", "Communities, Housing and Environment",
    "City Development", "Resources", "Public Health", "Education", "Highways and Transportation",
    "Legal and Democratic Services", "Finance", "Customer Access", "Culture and Economy",
)
GRADES = ("Scale 1", "Scale 2", "Scale 3", "Scale 4", "Scale 5", "Scale 6", "SO1", "SO2",
          "PO1", "PO2", "PO3", "PO4", "PO5", "PO6", "Chief Officer")
# How the synthetic council reports its grades in bands (MeasureSettings.grade_bands).
DEMO_GRADE_BANDS = ("Scale 1-6: Scale 1, Scale 2, Scale 3, Scale 4, Scale 5, Scale 6\n"
                    "SO1-SO2: SO1, SO2\nPO1-PO6: PO1, PO2, PO3, PO4, PO5, PO6\nChief Officers: Chief Officer")
GRADE_HOURLY_PAY = np.array([11.9, 12.4, 13.1, 14.0, 15.2, 16.6, 18.0, 19.4, 21.0, 22.9, 25.0,
                             27.5, 30.5, 34.5, 52.0])
# Share of the workforce in each grade (bottom-heavy, as council establishments are).
GRADE_SHARES = np.array([8, 10, 12, 12, 11, 10, 8, 7, 6, 5, 4, 3, 2, 1.5, 0.5])

# ONS 2021 category codes with their share of the synthetic workforce.
WORKFORCE_ETHNICITY = {
    "white_british": 0.715, "white_irish": 0.01, "white_gypsy_irish_traveller": 0.002,
    "white_roma": 0.001, "white_other": 0.035, "mixed_white_black_caribbean": 0.014,
    "mixed_white_black_african": 0.005, "mixed_white_asian": 0.007, "mixed_other": 0.006,
    "asian_indian": 0.03, "asian_pakistani": 0.033, "asian_bangladeshi": 0.006,
    "asian_chinese": 0.006, "asian_other": 0.007, "black_african": 0.024,
    "black_caribbean": 0.012, "black_other": 0.004, "other_arab": 0.004, "other_any": 0.005,
    "not_stated": 0.034,
}
# How each code is written in the files: a mix of spellings, as real extracts have.
SPELLINGS = {
    "white_british": ("White British", "White - English/Welsh/Scottish/Northern Irish/British", "A"),
    "white_irish": ("White Irish", "B"), "white_gypsy_irish_traveller": ("Gypsy or Irish Traveller",),
    "white_roma": ("Roma",), "white_other": ("Any other White background", "C"),
    "mixed_white_black_caribbean": ("White and Black Caribbean", "D"),
    "mixed_white_black_african": ("White and Black African", "E"),
    "mixed_white_asian": ("White and Asian", "F"), "mixed_other": ("Any other Mixed background", "G"),
    "asian_indian": ("Indian", "Asian or Asian British - Indian", "H"),
    "asian_pakistani": ("Pakistani", "Asian or Asian British - Pakistani", "J"),
    "asian_bangladeshi": ("Bangladeshi", "K"), "asian_chinese": ("Chinese", "R"),
    "asian_other": ("Any other Asian background", "L"),
    "black_african": ("Black African", "Black or Black British - African", "N"),
    "black_caribbean": ("Black Caribbean", "M"), "black_other": ("Any other Black background", "P"),
    "other_arab": ("Arab",), "other_any": ("Any other ethnic group", "S"),
    "not_stated": ("Prefer not to say", "", "Not stated"),
}
AGE_BANDS = ("16-24", "25-34", "35-44", "45-54", "55-64", "65+")
RELIGIONS = ("Christian", "No religion", "Muslim", "Hindu", "Sikh", "Jewish", "Buddhist", "Other", "")
ORIENTATIONS = ("Heterosexual", "Gay or lesbian", "Bisexual", "Other", "")
COURSES = (
    ("Information governance", "mandatory"), ("Health and safety", "mandatory"),
    ("Safeguarding", "mandatory"), ("Project management", "non_mandatory"),
    ("Coaching skills", "non_mandatory"), ("Leading teams", "leadership"),
    ("Level 3 apprenticeship", "apprenticeship"),
    ("Supporting staff who report racism", "manager_race_equality"),
    ("Active allyship", "allyship"), ("Equality impact assessment", "eia"),
    ("Fair recruitment panels", "recruitment_panel"),
)
SURVEY_QUESTIONS = (
    ("q_public_harassment", "In the last 12 months have you experienced harassment, bullying or abuse from people who use services, their relatives or the public?", "yes_no", "No", "wres.5"),
    ("q_staff_harassment", "In the last 12 months have you experienced harassment, bullying or abuse from managers or colleagues?", "yes_no", "No", "wres.6"),
    ("q_equal_opportunities", "Does the council act fairly with regard to career progression or promotion, regardless of ethnic background?", "yes_no", "Yes", "wres.7"),
    ("q_discrimination", "In the last 12 months have you personally experienced discrimination at work from a manager, team leader or colleague?", "yes_no", "No", "wres.8"),
    ("q_safe", "I feel safe to speak up about racism at work.", "likert5", "Agree;Strongly agree", ""),
    ("q_manager_support", "My manager supports me when I raise a concern.", "likert5", "Agree;Strongly agree", ""),
    ("q_comment", "Is there anything else you would like to tell us?", "free_text", "", ""),
)
COMMENTS = ("", "", "", "", "", "", "",  # most respondents leave the comment box empty
            "More development opportunities would help.", "Thank you for asking.",
            "Flexible working has made a difference.", "Feedback after interviews is inconsistent.",
            "I have applied for promotion three times and never been told why I was not successful.",
            "Progression feels closed to people like me; the same faces get acting up opportunities.",
            "Interview panels are never diverse, which puts people off applying.",
            "My manager supports me and listens when I raise concerns.",
            "I do not feel safe reporting racist comments from service users.",
            "Racist remarks from the public are brushed off as part of the job.",
            "Microaggressions in team meetings are ignored by senior managers.",
            "Training on race equality should be compulsory for all managers.",
            "The mentoring scheme helped me get my current role.",
            "Workload is too high and cover is never arranged.",
            "Working from home two days a week has helped my wellbeing.",
            "Pay for the same job differs between teams and nobody explains why.",
            "When I raised a grievance it took eight months to hear anything.",
            "Mr Okafor in my team was great when I had a difficult case.",  # a name, masked when read in
            "Call me on 07700 900123 if you want to hear more.",  # a phone number, masked when read in
            "As the only Black manager in Highways I feel very exposed.")  # flagged for the reviewer


def _dict(values: tuple[str, ...] | list[str], codes: np.ndarray) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), pa.array(values, pa.string()))


def _ids(prefix: str, numbers: np.ndarray, width: int = 7) -> pa.Array:
    text = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, text, "")


def _yes_no(flags: np.ndarray) -> pa.DictionaryArray:
    return _dict(("No", "Yes"), flags.astype(np.int8))


def _dates(days_since_epoch: np.ndarray) -> pa.Array:
    return pa.array(days_since_epoch.astype(np.int32), pa.date32())


def _epoch_days(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days


class _Council:
    """The synthetic population, evolved one year at a time."""

    def __init__(self, staff: int, seed: int):
        self.rng = np.random.default_rng(np.random.PCG64(seed))
        self.next_id = 1
        codes = list(WORKFORCE_ETHNICITY)
        self.codes = codes
        self.minority = np.array([c not in ("white_british", "not_stated") for c in codes])
        n = staff
        self.people: dict[str, np.ndarray] = {}
        self._hire(n)

    def _ethnicity(self, n: int, minority_boost: float = 1.0) -> np.ndarray:
        p = np.array(list(WORKFORCE_ETHNICITY.values()))
        p = np.where(self.minority, p * minority_boost, p)
        return self.rng.choice(len(p), size=n, p=p / p.sum())

    def _hire(self, n: int, ethnicity: np.ndarray | None = None,
              grade: np.ndarray | None = None, start_day: np.ndarray | None = None,
              directorate: np.ndarray | None = None) -> None:
        rng = self.rng
        eth = self._ethnicity(n) if ethnicity is None else ethnicity
        minority = self.minority[eth]
        if grade is None:
            # Latent seniority: ethnic minorities are pushed down (the representation gap).
            score = rng.random(n) - 0.12 * minority
            cut = np.cumsum(GRADE_SHARES) / GRADE_SHARES.sum()
            grade = np.searchsorted(cut, np.clip(score, 0, 0.999999))
        new = {
            "id": np.arange(self.next_id, self.next_id + n),
            "eth": eth, "spelling": rng.integers(0, 3, n),
            "grade": grade.astype(np.int64),
            "directorate": directorate if directorate is not None else rng.choice(
                len(DIRECTORATES), n, p=np.array([18, 16, 14, 8, 9, 4, 8, 7, 4, 5, 4, 3]) / 100),
            "female": rng.random(n) < 0.6,
            "sex_stated": rng.random(n) < 0.98,
            "disability": rng.choice(3, n, p=[0.07, 0.83, 0.10]),
            "age": rng.choice(len(AGE_BANDS), n, p=[0.07, 0.2, 0.24, 0.25, 0.2, 0.04]),
            "religion": rng.choice(len(RELIGIONS), n, p=[0.38, 0.3, 0.08, 0.03, 0.02, 0.01, 0.01, 0.02, 0.15]),
            "orientation": rng.choice(len(ORIENTATIONS), n, p=[0.82, 0.03, 0.02, 0.01, 0.12]),
            "fte": np.where(rng.random(n) < 0.7, 1.0, rng.choice([0.4, 0.5, 0.6, 0.8], n)),
            "pay_noise": rng.normal(0, 0.04, n) - 0.012 * minority,
            "start": start_day if start_day is not None else
            _epoch_days(dt.date(2000, 1, 1)) + rng.integers(0, 365 * 21, n),
            "manager": rng.random(n) < 0.25,
            "board": np.zeros(n, bool), "promoted": np.zeros(n, bool),
        }
        self.next_id += n
        if not self.people:
            self.people = new
        else:
            self.people = {k: np.concatenate([self.people[k], new[k]]) for k in self.people}

    def keep(self, mask: np.ndarray) -> None:
        self.people = {k: v[mask] for k, v in self.people.items()}


def _staff_table(c: _Council, snapshot: dt.date) -> pa.Table:
    p, rng = c.people, c.rng
    n = len(p["id"])
    grade = p["grade"]
    spellings = [SPELLINGS[code] for code in c.codes]
    flat = [s for group in spellings for s in group]
    offsets = np.cumsum([0] + [len(s) for s in spellings])
    counts = np.array([len(s) for s in spellings])
    eth_text = offsets[p["eth"]] + p["spelling"] % counts[p["eth"]]
    pay = GRADE_HOURLY_PAY[grade] * (1 + p["pay_noise"]) * (1 + 0.02 * (snapshot.year - 2022))
    senior = grade >= 11
    board = grade == 14
    bonus_flag = rng.random(n) < 0.04
    sex = np.where(p["sex_stated"], np.where(p["female"], 0, 1), 2)
    disability = p["disability"]
    return pa.table({
        "staff_id": _ids("E", p["id"]),
        "snapshot_date": pa.array([snapshot] * n, pa.date32()),
        "ethnicity": _dict(flat, eth_text),
        "directorate": _dict(DIRECTORATES, p["directorate"]),
        "grade": _dict(GRADES, grade),
        "sex": _dict(("Female", "Male", ""), sex),
        "disability": _dict(("Yes", "No", "Prefer not to say"), disability),
        "age_band": _dict(AGE_BANDS, p["age"]),
        "religion": _dict(RELIGIONS, p["religion"]),
        "sexual_orientation": _dict(ORIENTATIONS, p["orientation"]),
        "is_senior_leader": _yes_no(senior),
        "is_board_member": _yes_no(board),
        "is_manager": _yes_no(p["manager"] | (grade >= 8)),
        "fte": pa.array(p["fte"]),
        "weekly_hours": pa.array(np.round(37 * p["fte"], 1)),
        "contract_type": _dict(("Permanent", "Fixed term"), (rng.random(n) < 0.1).astype(np.int8)),
        "hourly_pay": pa.array(np.round(pay, 2)),
        "bonus_pay_12m": pa.array(np.where(bonus_flag, np.round(rng.uniform(200, 1500, n), 2), 0.0)),
        "full_pay_relevant": _yes_no(rng.random(n) < 0.97),
        "start_date": _dates(np.minimum(p["start"], _epoch_days(snapshot))),
        "promoted_in_year": _yes_no(p["promoted"]),
    })


def write_council(out_dir: str | Path, staff: int = 15000, years: int = 5, seed: int = 1,
                  end_year: int = 2026) -> dict[str, int]:
    """Write the synthetic council's files into ``out_dir``; returns rows written per file."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    council = _Council(staff, seed)
    rng = council.rng
    tables: dict[str, list[pa.Table]] = {k: [] for k in (
        "staff", "applications", "training", "casework", "panels", "survey_responses")}
    vacancy_seq = 1
    application_seq = 1
    case_seq = 1
    for year in range(end_year - years + 1, end_year + 1):
        snapshot = dt.date(year, 3, 31)
        fy_start = _epoch_days(dt.date(year - 1, 4, 1))
        p = council.people
        n = len(p["id"])
        minority = council.minority[p["eth"]]
        if year > end_year - years + 1:
            # Leavers (more among ethnic minorities), promotions, then recruitment to refill.
            leave = rng.random(n) < np.where(minority, 0.12, 0.09)
            council.keep(~leave)
            p = council.people
            n = len(p["id"])
            minority = council.minority[p["eth"]]
            promote = (rng.random(n) < np.where(minority, 0.035, 0.05)) & (p["grade"] < 14)
            p["grade"] = p["grade"] + promote
            p["promoted"] = promote
            vacancies = staff - n
            if vacancies > 0:
                tables_year = _recruit(council, vacancies, vacancy_seq, application_seq, fy_start)
                vacancy_seq += vacancies
                application_seq += tables_year[0].num_rows
                tables["applications"].append(tables_year[0])
                tables["panels"].append(tables_year[1])
        tables["staff"].append(_staff_table(council, snapshot))
        tables["training"].append(_training(council, fy_start))
        cases = _casework(council, fy_start, case_seq)
        case_seq += cases.num_rows
        tables["casework"].append(cases)
        if year >= end_year - 1:
            tables["survey_responses"].append(_survey(council, f"Staff survey {year}", fy_start))
    written = {}
    for kind, parts in tables.items():
        if not parts:
            continue
        table = pa.concat_tables([t.cast(parts[0].schema) for t in parts]) if len(parts) > 1 else parts[0]
        path = out / f"{kind}_SYNTHETIC.csv"
        pacsv.write_csv(table, path, write_options=pacsv.WriteOptions(quoting_style="needed"))
        written[path.name] = table.num_rows
    questions = pa.table({
        "survey": [f"Staff survey {y}" for y in range(end_year - 1, end_year + 1) for _ in SURVEY_QUESTIONS],
        "id": [q[0] for _ in range(2) for q in SURVEY_QUESTIONS],
        "text": [q[1] for _ in range(2) for q in SURVEY_QUESTIONS],
        "type": [q[2] for _ in range(2) for q in SURVEY_QUESTIONS],
        "favourable": [q[3] for _ in range(2) for q in SURVEY_QUESTIONS],
        "measure": [q[4] for _ in range(2) for q in SURVEY_QUESTIONS],
    })
    pacsv.write_csv(questions, out / "survey_questions_SYNTHETIC.csv")
    written["survey_questions_SYNTHETIC.csv"] = questions.num_rows
    (out / "SYNTHETIC-DATA.txt").write_text(
        f"{COUNCIL}\n\nEvery file in this folder is SYNTHETIC: generated by `parity demo-data` "
        f"(staff={staff}, years={years}, seed={seed}, end_year={end_year}).\nNo row describes a "
        "real person. Identifiers are generated numbers; there are no names.\n", "utf-8")
    return written


def _recruit(c: _Council, vacancies: int, vacancy_seq: int, application_seq: int,
             fy_start: int) -> tuple[pa.Table, pa.Table]:
    """Applications and panels for this year's vacancies; appointees join the workforce."""
    rng = c.rng
    per_vacancy = rng.integers(3, 7, vacancies)
    vacancy = np.repeat(np.arange(vacancies), per_vacancy)
    m = len(vacancy)
    eth = c._ethnicity(m, minority_boost=1.6)
    minority = c.minority[eth]
    shortlisted = rng.random(m) < np.where(minority, 0.30, 0.36)
    interviewed = shortlisted & (rng.random(m) < 0.9)
    score = rng.random(m) * np.where(minority, 0.5, 1.0) + shortlisted * 10 + interviewed
    # One appointment per vacancy: the best-scoring interviewed applicant, if any.
    order = np.lexsort((-score, vacancy))
    first = np.ones(m, bool)
    first[1:] = vacancy[order][1:] != vacancy[order][:-1]
    appointed = np.zeros(m, bool)
    appointed[order[first]] = interviewed[order[first]]
    grade_of_vacancy = rng.choice(len(GRADES), vacancies, p=GRADE_SHARES / GRADE_SHARES.sum())
    directorate_of_vacancy = rng.choice(len(DIRECTORATES), vacancies)
    app_day = fy_start + rng.integers(0, 365, m)
    hired = np.flatnonzero(appointed)
    c._hire(len(hired), ethnicity=eth[hired], grade=grade_of_vacancy[vacancy[hired]],
            start_day=app_day[hired] + 40, directorate=directorate_of_vacancy[vacancy[hired]])
    vacancy_ids = _ids("V", vacancy_seq + vacancy, 6)
    spellings = [SPELLINGS[code][0] for code in c.codes]
    applications = pa.table({
        "application_id": _ids("A", application_seq + np.arange(m), 8),
        "vacancy_id": vacancy_ids,
        "application_date": _dates(app_day),
        "ethnicity": _dict(spellings, eth),
        "directorate": _dict(DIRECTORATES, directorate_of_vacancy[vacancy]),
        "grade": _dict(GRADES, grade_of_vacancy[vacancy]),
        "sex": _dict(("Female", "Male"), (rng.random(m) < 0.42).astype(np.int8)),
        "disability": _dict(("Yes", "No", ""), rng.choice(3, m, p=[0.08, 0.85, 0.07])),
        "internal_candidate": _yes_no(rng.random(m) < 0.25),
        "shortlisted": _yes_no(shortlisted), "interviewed": _yes_no(interviewed),
        "appointed": _yes_no(appointed),
    })
    year_share = (fy_start - _epoch_days(dt.date(2021, 4, 1))) / 365
    members = rng.integers(2, 5, vacancies)
    minority_members = rng.binomial(members, min(0.9, 0.18 + 0.05 * max(0, year_share)))
    panels = pa.table({
        "vacancy_id": _ids("V", vacancy_seq + np.arange(vacancies), 6),
        "panel_date": _dates(fy_start + rng.integers(20, 364, vacancies)),
        "members": pa.array(members), "members_ethnic_minority": pa.array(minority_members),
        "members_trained_anti_discrimination": pa.array(rng.binomial(members, 0.5)),
    })
    return applications, panels


def _training(c: _Council, fy_start: int) -> pa.Table:
    rng = c.rng
    p = c.people
    n = len(p["id"])
    minority = c.minority[p["eth"]]
    takes = rng.random(n) < np.where(minority, 0.22, 0.30)
    who = np.flatnonzero(takes)
    course = rng.choice(len(COURSES), len(who), p=np.array([10, 8, 8, 14, 10, 10, 6, 6, 10, 8, 10]) / 100)
    return pa.table({
        "staff_id": _ids("E", p["id"][who]),
        "course": _dict([c_[0] for c_ in COURSES], course),
        "category": _dict([c_[1] for c_ in COURSES], course),
        "start_date": _dates(fy_start + rng.integers(0, 365, len(who))),
        "completed": _yes_no(rng.random(len(who)) < 0.85),
    })


def _casework(c: _Council, fy_start: int, case_seq: int) -> pa.Table:
    rng = c.rng
    p = c.people
    n = len(p["id"])
    minority = c.minority[p["eth"]]
    kinds = ("disciplinary", "grievance", "bullying_harassment", "capability", "fitness_to_practise")
    rates = np.stack([np.where(minority, 0.017, 0.010), np.full(n, 0.008), np.full(n, 0.004),
                      np.where(p["disability"] == 0, 0.006, 0.003), np.full(n, 0.0005)])
    hit = rng.random(rates.shape) < rates
    kind_index, person = np.nonzero(hit)
    m = len(person)
    opened = fy_start + rng.integers(0, 365, m)
    closed = opened + rng.integers(14, 200, m)
    decision_makers = ("White British", "White British", "White British", "Indian", "Black Caribbean",
                       "Pakistani", "Any other White background")
    racial = rng.random(m) < np.where(minority[person], 0.25, 0.03)
    return pa.table({
        "case_id": _ids("C", case_seq + np.arange(m), 7),
        "staff_id": _ids("E", p["id"][person]),
        "case_type": _dict(kinds, kind_index),
        "opened_date": _dates(opened),
        "closed_date": _dates(closed),
        "outcome": _dict(("No case to answer", "Informal action", "Written warning", "Upheld",
                          "Not upheld"), rng.integers(0, 5, m)),
        "positive_resolution": _yes_no(rng.random(m) < np.where(minority[person], 0.45, 0.6)),
        "racial_discrimination_alleged": _yes_no(racial),
        "decision_maker_ethnicity": _dict(decision_makers, rng.integers(0, len(decision_makers), m)),
        "litigation": _dict(("none", "internal", "external"), rng.choice(3, m, p=[0.9, 0.07, 0.03])),
    })


def _survey(c: _Council, survey: str, fy_start: int) -> pa.Table:
    rng = c.rng
    p = c.people
    respond = np.flatnonzero(rng.random(len(p["id"])) < 0.4)
    m = len(respond)
    minority = c.minority[p["eth"][respond]]
    spellings = [SPELLINGS[code][0] for code in c.codes]

    def yes(rate_white, rate_minority):
        return _yes_no(rng.random(m) < np.where(minority, rate_minority, rate_white))

    likert = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
    return pa.table({
        "response_id": _ids("R", rng.permutation(10**7)[:m], 8),
        "survey": pa.array([survey] * m),
        "submitted_date": _dates(fy_start + 180 + rng.integers(0, 30, m)),
        "ethnicity": _dict(spellings, p["eth"][respond]),
        "directorate": _dict(DIRECTORATES, p["directorate"][respond]),
        "is_manager": _yes_no(p["manager"][respond]),
        "sex": _dict(("Female", "Male", ""), np.where(p["sex_stated"][respond], np.where(p["female"][respond], 0, 1), 2)),
        "disability": _dict(("Yes", "No", ""), p["disability"][respond]),
        "q_public_harassment": yes(0.25, 0.30),
        "q_staff_harassment": yes(0.18, 0.27),
        "q_equal_opportunities": yes(0.62, 0.45),
        "q_discrimination": yes(0.06, 0.16),
        "q_safe": _dict(likert, rng.choice(5, m, p=[0.08, 0.15, 0.22, 0.38, 0.17])),
        "q_manager_support": _dict(likert, rng.choice(5, m, p=[0.05, 0.1, 0.2, 0.4, 0.25])),
        "q_comment": _dict(COMMENTS, rng.integers(0, len(COMMENTS), m)),
    })


# The synthetic borough's residents: more diverse than its workforce, as in many councils.
LOCAL_POPULATION_ETHNICITY = {
    "white_british": 0.62, "white_irish": 0.01, "white_gypsy_irish_traveller": 0.002, "white_roma": 0.002,
    "white_other": 0.055, "mixed_white_black_caribbean": 0.015, "mixed_white_black_african": 0.007,
    "mixed_white_asian": 0.009, "mixed_other": 0.009, "asian_indian": 0.045, "asian_pakistani": 0.06,
    "asian_bangladeshi": 0.012, "asian_chinese": 0.01, "asian_other": 0.012, "black_african": 0.05,
    "black_caribbean": 0.017, "black_other": 0.006, "other_arab": 0.008, "other_any": 0.011,
}


def write_local_population(path: str | Path, residents: int = 300_000, seed: int = 1) -> Path:
    """A synthetic census table (residents per ONS 2021 category, TS021's wording) for the demo."""
    rng = np.random.default_rng(seed)
    shares = np.array(list(LOCAL_POPULATION_ETHNICITY.values()))
    counts = rng.multinomial(residents, shares / shares.sum())
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        handle.write("ethnicity,people\n")
        for code, n in zip(LOCAL_POPULATION_ETHNICITY, counts):
            category = BY_CODE[code]
            handle.write(f"\"{category.group}: {category.label}\",{int(n)}\n")
        handle.write(f"Total: All usual residents,{int(counts.sum())}\n")
    return path
