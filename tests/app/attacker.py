"""The disclosure attacker's reasoning, shared by the attacks on the web app and on council
shapes Hypothesis makes (test_disclosure_attack.py, test_disclosure_shapes.py).

Independent of the engine's protection code. Every published count is read as "the true count
is within 4 of this" (the rounding docs/disclosure.md states; "<5" is 0 to 4); one unknown per
snapshot x directorate x grade x ethnicity category; for a target cell, linear programmes
(scipy's HiGHS) give the narrowest interval of its count that every figure allows. The category
-> group definitions are the public ones (docs/ethnicity.md), read from ``engine.groupings`` as
an attacker would read them.
"""

import re
from collections import defaultdict
from itertools import product

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from parity.engine import groupings
from parity.engine.ethnicity import classify

WIDTH = 3  # "<5" says 1 to 4: an interval narrower than that (hi - lo < 3) is a leak


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


def figures(rows) -> dict[tuple, set[float]]:
    """(period, directorate or None, grade or None, category codes) -> every count published for it."""
    out: dict[tuple, set[float]] = {}
    every = frozenset(groupings.get("ons19").assignment)
    for row in rows:
        if row["comparator"] or row["group"] == "" or "level=" in row["where"]:
            continue
        place = dict(part.split("=", 1) for part in row["where"].split(";")) if row["where"] != "overall" else {}
        cell = (row["period"], place.get("directorate"), place.get("grade"))
        if row["measure"] == "workforce.declaration_rate":
            numerator_codes = every - {"not_stated"}
        else:
            numerator_codes = _codes(row["grouping"], row["group"])
        for codes, value in ((numerator_codes, row["numerator"]), (every, row["denominator"])):
            if value in ("", None):
                continue
            out.setdefault((*cell, codes), set()).add(float(value))
    return out


def published_sets(rows) -> dict[tuple, tuple[float, float]]:
    """Each cell's interval of true counts that its published figures allow: a count within 4
    of each figure ("<5", a figure of 0, is 0 to 4); a figure that is not a multiple of 5 was
    not rounded, so it is the count."""
    def bounds(v: float) -> tuple[float, float]:
        return (max(v - 4, 0.0), v + 4) if v % 5 == 0 else (v, v)

    return {key: (max(bounds(v)[0] for v in values), min(bounds(v)[1] for v in values))
            for key, values in figures(rows).items()}


def true_counts(records) -> dict[tuple, int]:
    """People per snapshot, directorate, grade and category, from the records (the truth)."""
    atoms: dict[tuple, int] = defaultdict(int)
    for r in records:
        atoms[(str(r["snapshot_date"]), r["directorate"], r["grade"], classify(r["ethnicity"]).code)] += 1
    return atoms


def members_of(key: tuple, index: dict[tuple, int]) -> list[int]:
    """The unknowns (finest cells) a published figure adds up."""
    period, directorate, grade, codes = key
    return [i for (p, d, g, c), i in index.items() if p == period and (directorate is None or d == directorate)
            and (grade is None or g == grade) and c in codes]


def narrowest(sets: dict[tuple, tuple[float, float]], atoms: list[tuple], targets: list[frozenset[int]]) -> list[float]:
    """For each target (a set of atom indices, all of one snapshot), the width of the interval of
    its total that every cell's interval allows. Snapshots share no unknowns: each is solved apart."""
    index = {a: i for i, a in enumerate(atoms)}
    systems = {}
    for period in {a[0] for a in atoms}:
        keys = [k for k in sets if k[0] == period]
        data, rows, cols, b = [], [], [], []
        for k, key in enumerate(keys):  # sum <= high and -sum <= -low
            for i in members_of(key, index):
                rows += [2 * k, 2 * k + 1]
                cols += [i, i]
                data += [1.0, -1.0]
            low, high = sets[key]
            b += [high, -low]
        systems[period] = (csr_matrix((data, (rows, cols)), shape=(2 * len(keys), len(atoms))), np.array(b))
    widths = []
    for target in targets:
        a, b = systems[atoms[next(iter(target))][0]]
        c = np.zeros(len(atoms))
        c[list(target)] = 1
        low = linprog(c, A_ub=a, b_ub=b, bounds=(0, None), method="highs")
        high = linprog(-c, A_ub=a, b_ub=b, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status == 0, (low.message, high.message)
        widths.append(-high.fun - low.fun)
    return widths


def unknowns(sets: dict) -> list[tuple]:
    """One unknown per snapshot x directorate x grade x ethnicity category the figures name."""
    return list(product(sorted({k[0] for k in sets}), sorted({k[1] for k in sets if k[1]}),
                        sorted({k[2] for k in sets if k[2]}), sorted(groupings.get("ons19").assignment)))


def pinned(rows, true: dict[tuple, int]) -> tuple[int, list]:
    """Every cell of 1 to 4 people, published or finest, narrowed below "1 to 4" by the figures
    in ``rows``: (how many cells were attacked, the pinned ones with their widths)."""
    sets = published_sets(rows)
    atoms = unknowns(sets)
    index = {a: i for i, a in enumerate(atoms)}
    assert sum(true.get(a, 0) for a in atoms) == sum(true.values())  # every person is in one unknown
    targets, names = [], []
    for key in sets:
        members = frozenset(members_of(key, index))
        if 0 < sum(true.get(atoms[i], 0) for i in members) < 5:
            targets.append(members)
            names.append((*key[:3], sorted(key[3])[:3]))
    for a, i in index.items():
        if 0 < true.get(a, 0) < 5:
            targets.append(frozenset([i]))
            names.append(a)
    widths = narrowest(sets, atoms, targets) if targets else []
    return len(targets), [(n, w) for n, w in zip(names, widths) if w < WIDTH - 1e-6]


def engine_rows(results, grouping: str) -> list[dict]:
    """Results of ``compute`` as the attacker's rows (as a CSV download reads)."""
    rows = []
    for r in results:
        named = "scwres" if r.measure == "scwres.1" else ("wres_binary" if r.measure == "wres.1" else grouping)
        rows.append({"measure": r.measure, "period": r.period, "breakdown": r.breakdown, "group": r.group,
                     "comparator": r.comparator or "", "grouping": named, "where": r.breakdown,
                     "numerator": "" if r.numerator is None else r.numerator,
                     "denominator": "" if r.denominator is None else r.denominator})
    return rows
