"""The disclosure attacker's reasoning, shared by the attacks on the web app and on council
shapes Hypothesis makes (test_disclosure_attack.py, test_disclosure_shapes.py).

Independent of the engine's protection code. Every published count is read as "the true count
is within 4 of this" (the rounding docs/disclosure.md states; "<5" is 0 to 4); one unknown per
snapshot x directorate x grade x ethnicity category; for a target cell, linear programmes
(HiGHS, through highspy) give the narrowest interval of its count that every figure allows. The category
-> group definitions are the public ones (docs/ethnicity.md), read from ``engine.groupings`` as
an attacker would read them.
"""

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from itertools import product

import highspy
import numpy as np
from django.urls import reverse
from scipy.sparse import csr_matrix

from parity.engine import groupings
from parity.engine.aggregate import NOT_RECORDED
from parity.engine.ethnicity import BY_CODE, classify

WIDTH = 3  # "<5" says 1 to 4: an interval narrower than that (hi - lo < 3) is narrowed
KEPT = 2  # the criterion: every cell of 1 to 4 keeps at least 3 possible counts (hi - lo >= 2)


def _codes(grouping: str, label: str) -> frozenset[str]:
    g = groupings.get("wres_binary").relabelled("Ethnic minorities") if grouping == "scwres" else groupings.get(grouping)
    combined = re.match(r".*\(combined: (.*)\)$", label)
    names, rest = [], combined.group(1) if combined else label
    while rest:  # the combined labels, each a label of the grouping (which may hold commas itself)
        name = max((lab for lab in set(g.assignment.values()) if rest == lab or rest.startswith(lab + ", ")), key=len)
        names.append(name)
        rest = rest[len(name) + 2:]
    codes = frozenset(c for c, lab in g.assignment.items() if lab in names)
    assert codes, (grouping, label)
    return codes


# What each measure's published counts count (the measure definitions, docs/measures.md):
# measure -> (family of its numerator, family of its denominator, snapshots in its window, whether
# a group's denominator is everyone in the family: a share of all rather than a group's rate).
# The leaving rate labelled with a snapshot counts the people of the snapshot before (``BEFORE``).
MEASURES = {
    "workforce.retention": ("left", "staff", 1, False),
    "workforce.composition": ("staff", "staff", 1, True), "wres.1": ("staff", "staff", 1, True),
    "scwres.1": ("staff", "staff", 1, True), "workforce.declaration_rate": ("staff", "staff", 1, True),
    "workforce.promotion": ("promoted", "staff", 1, False),
    "casework.disciplinary": ("disciplinary", "staff", 2, False), "wres.3": ("disciplinary", "staff", 2, False),
    "casework.grievance": ("grievance", "staff", 2, False), "casework.capability": ("capability", "staff", 2, False),
    "recruitment.shortlisting": ("shortlisted", "applied", 1, False),
    "recruitment.interview": ("interviewed", "interview_recorded", 1, False),
    "recruitment.appointment_from_interview": ("appointed_after_interview", "interviewed", 1, False),
    "wres.2": ("appointed_shortlisted", "shortlisted", 1, False),
    **{f"wres.{n}": (f"reported:wres.{n}", f"answered:wres.{n}", 1, False) for n in (5, 6, 7, 8)},
    "wdes.1": ("staff", "staff", 1, True), "wdes.2": ("appointed_shortlisted", "shortlisted", 1, False),
    "wdes.3": ("capability", "staff", 2, False),
}
# Measures whose groups are disability statuses (the WDES's), every ethnic category in each
BY_DISABILITY = {"wdes.1", "wdes.2", "wdes.3"}
# Who each family's people are among (an outcome's people are among its population's): the
# attacker's inequalities. "staff", "applied" and "answered:..." are the populations.
BEFORE = {"workforce.retention"}
PARENTS = {"left": ("staff",), "promoted": ("staff",), "disciplinary": ("staff",), "grievance": ("staff",),
           "capability": ("staff",), "shortlisted": ("applied",), "interview_recorded": ("shortlisted",),
           "interviewed": ("interview_recorded",), "appointed_shortlisted": ("shortlisted",),
           "appointed_after_interview": ("interviewed", "appointed_shortlisted"),
           **{f"reported:wres.{n}": (f"answered:wres.{n}",) for n in (5, 6, 7, 8)}}
# Survey families: the answers in the year to a snapshot to the question tagged wres.N
# ("answered"), and those the measure reports (unfavourable ones; favourable for WRES 7).
OUTCOMES = ("promoted", "disciplinary", "grievance", "capability", "left")  # of staff records: in the year to a
# snapshot, or (left) not in the next one


def grouping_of(measure: str, grouping: str) -> str:
    """The grouping a measure's table uses: WRES measures the binary one, Social Care WRES its own."""
    return "scwres" if measure.startswith("scwres.") else ("wres_binary" if measure.startswith("wres.") else grouping)


def figures(rows) -> dict[tuple, set[float]]:
    """(family, snapshots, directorate, grade, category codes, sex, disability) -> every count
    published for it (None: a dimension the figure does not split by). Families: "staff" (people at a snapshot), "applied" (applications in the year
    to it) and the outcomes among them (``PARENTS``); a rolling figure counts a family over several
    snapshots. A comparison row's counts are its group's, and are read as such."""
    out: dict[tuple, set[float]] = {}
    every = frozenset(groupings.get("ons19").assignment)
    periods = sorted({row["period"] for row in rows})
    for row in rows:
        if row["group"] == "" or "level=" in row["where"] or row["measure"] not in MEASURES:
            continue
        family, population, years, share = MEASURES[row["measure"]]
        at = periods.index(row["period"]) - (row["measure"] in BEFORE)
        if at < 0:
            continue
        window = tuple(periods[max(0, at - years + 1):at + 1])
        place = dict(part.split("=", 1) for part in row["where"].split(";")) if row["where"] != "overall" else {}
        cell = (place.get("directorate"), place.get("grade"))
        split = (place.get("sex"), place.get("disability"))  # the explorer's intersections name these too
        over = split  # the denominator's
        if row["measure"] == "workforce.declaration_rate":
            numerator, denominator = every - {"not_stated"}, every
        elif row["group"] == "All staff":  # the total row, of applications too (the engine names it so)
            numerator = denominator = every
        elif row["measure"] in BY_DISABILITY:  # a disability status, every ethnic category
            numerator = denominator = every
            split = (split[0], row["group"])
            over = split if not share else over
        else:
            numerator = _codes(row["grouping"], row["group"])
            denominator = every if share else numerator
        for key, value in (((family, window, *cell, numerator, *split), row["numerator"]),
                           ((population, window, *cell, denominator, *over), row["denominator"])):
            if value not in ("", None):
                out.setdefault(key, set()).add(float(value))
    return out


def published_sets(rows) -> dict[tuple, tuple[float, float]]:
    """Each cell's interval of true counts that its published figures allow: a count within 4
    of each figure ("<5", a figure of 0, is 0 to 4); a figure that is not a multiple of 5 was
    not rounded, so it is the count."""
    def bounds(v: float) -> tuple[float, float]:
        return (max(v - 4, 0.0), v + 4) if v % 5 == 0 else (v, v)

    return {key: (max(bounds(v)[0] for v in values), min(bounds(v)[1] for v in values))
            for key, values in figures(rows).items()}


def true_counts(records, events=()) -> dict[tuple, int]:
    """People per family, snapshot, directorate, grade, category, sex and disability, from the
    records (the truth): a staff record may say any of ``OUTCOMES`` (in the year to its snapshot);
    each event ``(family, snapshot, directorate, ethnicity[, grade, sex, disability])`` is one more
    unit of that family there (an application at each step it reached, a survey answer)."""
    atoms: dict[tuple, int] = defaultdict(int)

    def code(text):
        return text if text in BY_CODE else classify(text).code
    for r in records:
        period = str(r["snapshot_date"])
        split = (r.get("sex") or NOT_RECORDED, r.get("disability") or NOT_RECORDED)
        for family in ("staff", *OUTCOMES):
            if family == "staff" or r.get(family):
                atoms[(family, period, r["directorate"], r["grade"], code(r["ethnicity"]), *split)] += 1
    for family, period, directorate, ethnicity, *place in events:  # place: grade, sex, disability if known
        grade, sex, disability = (*place, None, None, None)[:3]
        atoms[(family, str(period), directorate, grade, code(ethnicity), sex, disability)] += 1
    return atoms


def members_of(key: tuple, index: dict[tuple, int]) -> list[int]:
    """The unknowns (finest cells) a published figure adds up (an outcome's unknowns have no grade,
    sex or disability unless its figures name them)."""
    family, window, codes, place = key[0], key[1], key[4], (key[2], key[3], key[5], key[6])
    by_family = _by_family(index)
    return [i for p in window for c in codes for a, i in by_family.get((family, p, c), ())
            if all(want is None or have is None or have == want for want, have in zip(place, (a[2], a[3], a[5], a[6])))]


_GROUPED: list = [None, None]  # the last index seen and its unknowns by (family, snapshot, category)


def _by_family(index: dict[tuple, int]) -> dict[tuple, list]:
    if _GROUPED[0] is not index:
        grouped = defaultdict(list)
        for a, i in index.items():
            grouped[(a[0], a[1], a[4])].append((a, i))
        _GROUPED[:] = [index, grouped]
    return _GROUPED[1]


def narrowest(sets: dict[tuple, tuple[float, float]], atoms: list[tuple], targets: list[frozenset[int]],
              links: tuple = ()) -> list[float]:
    """For each target (a set of atom indices), the width of the interval of its total that every
    cell's interval allows, with each outcome's people among its population's, and each link
    ``(atom, other atom, difference)`` an equation (the attacker knows that difference).

    Snapshots that no rolling figure or link joins share no unknowns, so each group of joined
    snapshots is its own linear programme (HiGHS, through highspy), solved twice per target (the
    minimum and the maximum of the target's total)."""
    joined = {p: {p} for a in atoms for p in [a[1]]}
    for together in [key[1] for key in sets] + [(a[1], b[1]) for a, b, _ in links]:
        group = set().union(*(joined[p] for p in together))  # snapshots in one window or link belong together
        for p in group:
            joined[p] = group
    results: dict[int, float] = {}
    for group in {frozenset(g) for g in joined.values()}:
        part = [a for a in atoms if a[1] in group]
        local = {a: i for i, a in enumerate(part)}
        chosen = [(n, t) for n, t in enumerate(targets) if atoms[next(iter(t))][1] in group]
        widths = _solve({k: v for k, v in sets.items() if set(k[1]) <= group}, part,
                        [frozenset(local[atoms[i]] for i in t) for _, t in chosen],
                        [link for link in links if link[0][1] in group])
        results.update({n: w for (n, _), w in zip(chosen, widths)})
    return [results[n] for n in range(len(targets))]


def _solve(sets: dict[tuple, tuple[float, float]], atoms: list[tuple], targets: list[frozenset[int]],
           links: list) -> list[float]:
    index = {a: i for i, a in enumerate(atoms)}
    rows: list[list[int]] = []
    coefficients: list[list[float]] = []
    lower, upper = [], []
    for key, (low, high) in sets.items():  # low <= sum <= high
        members = members_of(key, index)
        rows.append(members)
        coefficients.append([1.0] * len(members))
        lower.append(low)
        upper.append(high)
    of = defaultdict(list)  # (family, snapshot, directorate, category) -> its unknowns of every grade, sex...
    for a, i in index.items():
        of[(a[0], a[1], a[2], a[4])].append(a)
    for a, i in index.items():  # an outcome's people are among its parent's in the same cell: y - sum of x <= 0
        for parent in PARENTS.get(a[0], ()):
            members = [index[b] for b in of.get((parent, a[1], a[2], a[4]), ())
                       if all(x is None or y is None or x == y for x, y in ((a[3], b[3]), (a[5], b[5]), (a[6], b[6])))]
            if members:
                rows.append([i, *members])
                coefficients.append([1.0] + [-1.0] * len(members))
                lower.append(-highspy.kHighsInf)
                upper.append(0.0)
    for a, b, difference in links:  # x_a - x_b = difference
        rows.append([index[a], index[b]])
        coefficients.append([1.0, -1.0])
        lower.append(float(difference))
        upper.append(float(difference))
    matrix = csr_matrix((np.concatenate([np.array(c, float) for c in coefficients]),
                         np.concatenate([np.array(r, np.int32) for r in rows]),
                         np.cumsum([0] + [len(r) for r in rows])), shape=(len(rows), len(atoms)))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(atoms), len(rows)
    lp.col_cost_ = np.zeros(len(atoms))
    lp.col_lower_, lp.col_upper_ = np.zeros(len(atoms)), np.full(len(atoms), highspy.kHighsInf)
    lp.row_lower_, lp.row_upper_ = np.array(lower), np.array(upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = matrix.indptr, matrix.indices, matrix.data
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("presolve", "off")  # re-solves from the last basis: only the costs change,
    solver.setOptionValue("simplex_strategy", 4)  # so the basis stays feasible and primal simplex goes on from it
    solver.passModel(lp)
    everything = np.arange(len(atoms), dtype=np.int32)
    widths = []
    for target in targets:
        ends = []
        for sign in (1.0, -1.0):
            cost = np.zeros(len(atoms))
            cost[list(target)] = sign
            solver.changeColsCost(len(atoms), everything, cost)
            solver.run()
            assert solver.getModelStatus() == highspy.HighsModelStatus.kOptimal, solver.getModelStatus()
            ends.append(sign * solver.getInfo().objective_function_value)
        widths.append(ends[1] - ends[0])
    return widths


def unknowns(sets: dict) -> list[tuple]:
    """One unknown per snapshot x directorate x ethnicity category, and x grade, sex and disability
    where the figures of the family name them, for every family the figures name and their
    parents (they bound it)."""
    periods = sorted({p for k in sets for p in k[1]})
    directorates = sorted({k[2] for k in sets if k[2]}) or [None]  # None: figures for the whole council only
    codes = sorted(groupings.get("ons19").assignment)
    families = {k[0] for k in sets}
    while True:  # and their parents, up to the populations
        wider = families | {p for f in families for p in PARENTS.get(f, ())}
        if wider == families:
            break
        families = wider
    out = []
    for family in sorted(families):
        split = [sorted({k[at] for k in sets if k[0] == family and k[at]}) or [None] for at in (3, 5, 6)]
        out += [(family, p, d, g, c, s, b) for p, d, g, c, s, b in product(periods, directorates, split[0], codes,
                                                                            split[1], split[2])]
    return out


def at_detail(true: dict[tuple, int], atoms: list[tuple]) -> dict[tuple, int]:
    """The true counts summed to the unknowns' detail: each family's without the directorate,
    grade, sex or disability its unknowns do not tell apart."""
    kept = defaultdict(lambda: [False] * 7)
    for a in atoms:
        kept[a[0]] = [k or (x is not None) for k, x in zip(kept[a[0]], a)]
    out: dict[tuple, int] = defaultdict(int)
    for atom, v in true.items():
        keep = kept[atom[0]]
        out[tuple(x if keep[at] or at in (0, 1, 4) else None for at, x in enumerate(atom))] += v
    return out


def pinned(rows, true: dict[tuple, int], corrections: dict[str, str] | None = None,
           finest: int = 1) -> tuple[int, list]:
    """Every cell of 1 to 4 people, published or finest, narrowed below "1 to 4" by the figures
    in ``rows``: (how many cells were attacked, the pinned ones with their widths).

    ``corrections`` maps a corrected version of a snapshot (its figures' period renamed) to the
    original: the attacker is then told every change between them, cell by cell. ``finest``
    attacks every finest cell (1) or every n-th of them, in a fixed order (for the largest
    systems; every published cell of 1 to 4 is always attacked)."""
    sets = published_sets(rows)
    atoms = unknowns(sets)
    index = {a: i for i, a in enumerate(atoms)}
    true = at_detail(true, atoms)  # to what the unknowns tell apart
    assert sum(true.get(a, 0) for a in atoms) == sum(v for a, v in true.items() if a[0] in {b[0] for b in atoms})
    originals = {a: (a[0], corrections[a[1]], *a[2:]) for a in atoms if a[1] in (corrections or {})}
    links = tuple((a, b, true.get(a, 0) - true.get(b, 0)) for a, b in originals.items())
    targets, names = [], []
    for key in sets:
        members = frozenset(members_of(key, index))
        if 0 < sum(true.get(atoms[i], 0) for i in members) < 5:
            targets.append(members)
            names.append((*key[:4], sorted(key[4])[:3], *key[5:]))
    small = [(a, i) for a, i in index.items() if 0 < true.get(a, 0) < 5]  # and the finest cells of 1 to 4
    for a, i in small[::finest]:
        targets.append(frozenset([i]))
        names.append(a)
    widths = narrowest(sets, atoms, targets, links) if targets else []
    return len(targets), [(n, w) for n, w in zip(names, widths) if w < WIDTH - 1e-6]


def engine_rows(results, grouping: str) -> list[dict]:
    """Results of ``compute`` as the attacker's rows (as a CSV download reads)."""
    rows = []
    for r in results:
        rows.append({"measure": r.measure, "period": r.period, "breakdown": r.breakdown, "group": r.group,
                     "comparator": r.comparator or "", "grouping": grouping_of(r.measure, grouping),
                     "where": r.breakdown,
                     "numerator": "" if r.numerator is None else r.numerator,
                     "denominator": "" if r.denominator is None else r.denominator})
    return rows


def offered(client) -> tuple[list[str], list[str]]:
    """The snapshots and directorates a signed-in client's overview page offers in its choosers,
    as the attacker reads them: the addresses every download is then asked for."""
    page = client.get(reverse("dashboards:overview")).content.decode()
    snapshots = sorted(set(re.findall(r'<option value="(\d{4}-\d\d-\d\d)"', page)))
    directorates = [d.split('"')[0] for d in re.findall(r'name="directorate".*?</select>', page, re.S)[0]
                    .split('value="')[1:] if d.split('"')[0]]
    return snapshots, sorted(set(directorates))


def collect(client, snapshots, directorates, tables) -> list[dict]:
    """Every row of the given (measure, cells) tables a signed-in client downloads from the
    dashboard, in every grouping and snapshot, and for each directorate where the table has no
    cells, as the attacker's rows."""
    rows = []
    for grouping, snapshot in product(("ons5", "ons19", "white_british_vs_minorities", "wres_binary"), snapshots):
        for measure, cells in tables:
            for directorate in ([""] + directorates if not cells else [""]):
                query = {"grouping": grouping, "snapshot": snapshot, "directorate": directorate, "cells": cells}
                response = client.get(reverse("dashboards:table_csv", args=[measure]), query)
                assert response.status_code == 200, (measure, query)
                for row in csv.DictReader(io.StringIO(response.content.decode())):
                    row["grouping"] = grouping_of(measure, grouping)
                    row["where"] = f"directorate={directorate}" if directorate and row["breakdown"] == "overall" \
                        else row["breakdown"]
                    rows.append(row)
    return rows


# The truth, read from the synthetic council's files as the measure definitions say (the oracle).

def records(folder) -> list[dict]:
    """The staff records with their outcomes, read from the files as the measures define them:
    promoted in the year, entered a formal disciplinary, grievance or capability process in the
    year to the snapshot, and left (not in the next snapshot); sex and disability as the data
    formats define them (blank: not stated)."""
    with open(folder / "staff_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        staff = list(csv.DictReader(handle))
    with open(folder / "casework_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        cases = [c for c in csv.DictReader(handle)]
    opened = {}
    for c in cases:
        opened.setdefault((c["staff_id"], c["case_type"]), []).append(dt.date.fromisoformat(c["opened_date"]))
    present = defaultdict(set)
    for r in staff:
        present[r["snapshot_date"]].add(r["staff_id"])
    following = dict(zip(sorted(present), sorted(present)[1:]))
    out = []
    for r in staff:
        day = dt.date.fromisoformat(r["snapshot_date"])
        after = following.get(r["snapshot_date"])
        year_before = day.replace(year=day.year - 1)
        entered = {kind: any(year_before < d <= day for d in opened.get((r["staff_id"], kind), ()))
                   for kind in ("disciplinary", "grievance", "capability")}
        out.append({**r, **people_values(r), "promoted": r["promoted_in_year"] in YES, **entered,
                    "left": after is not None and r["staff_id"] not in present[after]})
    return out


YES = ("Yes", "yes", "TRUE", "true", "1")


def people_values(r: dict) -> dict:
    """Sex and disability as the data formats define them: blank is not stated; yes and no say
    disabled or not."""
    return {"sex": r.get("sex") or "Not stated",
            "disability": {"Yes": "Disabled", "No": "Not disabled"}.get(r.get("disability", ""), "Not stated")}


def snapshots_of(folder) -> list[dt.date]:
    with open(folder / "staff_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        return sorted({dt.date.fromisoformat(r["snapshot_date"]) for r in csv.DictReader(handle)})


def in_year(day: dt.date, text: str) -> bool:
    return day.replace(year=day.year - 1) < dt.date.fromisoformat(text) <= day


def applications(folder) -> list[tuple]:
    """(step, snapshot, directorate, ethnicity, grade, sex, disability) for each application at each
    step of the funnel it reached, once for every snapshot whose year it falls in, as the
    recruitment measures define them."""
    with open(folder / "applications_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for day, a in product(snapshots_of(folder), rows):
        if not in_year(day, a["application_date"]):
            continue
        shortlisted, appointed = a["shortlisted"] in YES, a["appointed"] in YES
        recorded = shortlisted and a["interviewed"] != ""
        interviewed = recorded and a["interviewed"] in YES
        steps = {"applied": True, "shortlisted": shortlisted, "interview_recorded": recorded,
                 "interviewed": interviewed, "appointed_shortlisted": shortlisted and appointed,
                 "appointed_after_interview": interviewed and appointed}
        split = people_values(a)
        out += [(step, day, a["directorate"], a["ethnicity"], a["grade"], split["sex"], split["disability"])
                for step, reached in steps.items() if reached]
    return out


def survey_answers(folder) -> list[tuple]:
    """("answered:wres.N" or "reported:wres.N", snapshot, directorate, ethnicity) for each answer in
    the year to a snapshot to the question tagged wres.N: every answer, and those the measure
    reports (not the favourable answer; the favourable one for WRES 7)."""
    with open(folder / "survey_questions_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        tagged = {(q["survey"], q["id"]): (q["measure"], q["favourable"].split(";"))
                  for q in csv.DictReader(handle) if q["measure"]}
    with open(folder / "survey_responses_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        responses = list(csv.DictReader(handle))
    out = []
    for day, r in product(snapshots_of(folder), responses):
        if not in_year(day, r["submitted_date"]):
            continue
        for (survey, question), (tag, favourable) in tagged.items():
            if survey != r["survey"] or not r.get(question):
                continue
            out.append((f"answered:{tag}", day, r["directorate"], r["ethnicity"]))
            if (r[question] in favourable) == (tag == "wres.7"):
                out.append((f"reported:{tag}", day, r["directorate"], r["ethnicity"]))
    return out
