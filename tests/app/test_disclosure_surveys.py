"""The attacker on the survey pages: everything a viewer can download of a survey's questions
(every grouping, the whole council and each directorate by ethnic group, the one-way tables by
manager, sex and disability, the comparison rows) as one linear system over the finest cells
(directorate x manager x ethnicity category x sex x disability), the truth read from the
synthetic responses file. No cell of 1 to 4 answers may be narrowed below "1 to 4"; a planted leak
is caught. The reasoning is the shared attacker's (``attacker.py``), not the engine's."""

import csv
import io

import pytest
from django.urls import reverse

from parity.cli import main

import attacker
from attacker import KEPT, WIDTH, at_detail, figures, members_of, narrowest, pinned, published_sets, unknowns

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_caches", "fixed_secret")]
GROUPINGS = ("ons5", "ons19", "white_british_vs_minorities", "wres_binary")
QUESTIONS = ("q_safe", "q_equal_opportunities")
SURVEY = "Staff survey 2026"


@pytest.fixture
def survey_families(monkeypatch):
    """Each attacked question as two families of the attacker: its answers ("answered") and its
    favourable answers among them; the manager category stands where a grade would."""
    for q in QUESTIONS:
        monkeypatch.setitem(attacker.MEASURES, f"survey:{q}", (f"favourable:{q}", f"answered:{q}", 1, False))
        monkeypatch.setitem(attacker.PARENTS, f"favourable:{q}", (f"answered:{q}",))


def downloads(client) -> list[dict]:
    page = client.get(reverse("surveys:results"), {"survey": SURVEY}).content.decode()
    chooser = page.split('name="directorate"')[1].split("</select>")[0]
    directorates = [part.split('"')[0] for part in chooser.split('value="')[1:] if part.split('"')[0]]
    assert len(directorates) > 5
    rows = []
    for grouping in GROUPINGS:
        for q in QUESTIONS:
            asks = [{"directorate": d, "table": "groups"} for d in ["", *directorates]]
            asks += [{"directorate": "", "table": t} for t in ("manager", "sex", "disability")]
            for ask in asks:
                query = {"survey": SURVEY, "grouping": grouping, "question": q, **ask}
                response = client.get(reverse("surveys:table_csv"), query)
                assert response.status_code == 200, query
                for row in csv.DictReader(io.StringIO(response.content.decode())):
                    where = row["breakdown"].replace("manager=", "grade=")  # the attacker's fourth place
                    rows.append({**row, "measure": f"survey:{q}", "grouping": grouping, "where": where,
                                 "group": "All staff" if row["group"] == "All respondents" else row["group"]})
    return rows


def truth(folder, period: str) -> list[tuple]:
    """(family, wave date, directorate, ethnicity, manager, sex, disability) for each answer to an
    attacked question in the wave, and again for each favourable one, read from the file as the
    question list defines favourable."""
    with open(folder / "survey_questions_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        favourable = {q["id"]: q["favourable"].split(";") for q in csv.DictReader(handle) if q["survey"] == SURVEY}
    with open(folder / "survey_responses_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        responses = [r for r in csv.DictReader(handle) if r["survey"] == SURVEY]
    out = []
    for r in responses:
        place = ({"Yes": "Yes", "No": "No"}.get(r["is_manager"], "Not recorded"),
                 *attacker.people_values(r).values())
        for q in QUESTIONS:
            if not r[q]:
                continue
            out.append((f"answered:{q}", period, r["directorate"], r["ethnicity"], *place))
            if r[q] in favourable[q]:
                out.append((f"favourable:{q}", period, r["directorate"], r["ethnicity"], *place))
    return out


def test_no_small_cell_of_a_surveys_answers_can_be_narrowed(small_council, login, survey_families):
    assert main(["import", str(small_council)]) == 0
    rows = downloads(login("viewer"))
    periods = {r["period"] for r in rows}
    assert len(periods) == 1
    shown = figures(rows)
    assert all(len(values) == 1 for values in shown.values())  # one set of answers, one figure, everywhere
    events = truth(small_council, periods.pop())
    for at, dim in ((4, "grade"), (5, "sex"), (6, "disability")):  # the truth's categories are the pages'
        named = {part.split("=")[1] for r in rows for part in r["where"].split(";") if part.startswith(dim + "=")}
        assert {e[at] for e in events} == named, dim
    true = attacker.true_counts([], events)
    attacked, found = pinned(rows, true, finest=7)
    assert attacked > 100
    assert all(width >= KEPT - 1e-6 for _, width in found), found[:10]
    # Few are narrowed at all (each by one count: "1 to 4" to "2 to 4"). Which ones depends on the
    # record keys, so on the secret: 4 of 195 with the fixed test secret (and with the code before
    # the national-scale work, so not a change of it); 2 or fewer with two random secrets. The
    # bound is 1 in 40, not the staff tables' 1 in 50 (issue 10 owns the share over many secrets).
    assert len(found) <= attacked // 40, len(found)
    # and a directorate's figure printed unrounded would be caught
    sets = published_sets(rows)
    atoms = unknowns(sets)
    detail = at_detail(true, atoms)
    index = {a: i for i, a in enumerate(atoms)}
    small = next(k for k in sets if k[2] and 0 < sum(detail.get(atoms[i], 0) for i in members_of(k, index)) < 5)
    members = frozenset(members_of(small, index))
    exact = sum(detail.get(atoms[i], 0) for i in members)
    (before,) = narrowest(sets, atoms, [members])
    (after,) = narrowest({**sets, small: (exact, exact)}, atoms, [members])
    assert before >= WIDTH - 1e-6 and after < WIDTH - 1e-6
