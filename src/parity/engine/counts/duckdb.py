"""Count tables computed by DuckDB, in-process, from the registered Arrow tables.

See ``counts/__init__.py`` for what each table holds; ``counts/pandas.py`` computes the same
tables the plain pandas way (the benchmark's comparison and an oracle in the tests).
"""

from __future__ import annotations

import duckdb

from ..aggregate import NOT_RECORDED, Breakdown, CountTable, count
from ..statistics import Z95
from . import (
    APPLICATION_DIMS,
    GRADE,
    PAY_SCALE,
    STAFF_DIMS,
    SURVEY_DIMS,
    CachedCounts,
    PayAssignment,
    in_year,
)

# Flags counted over staff_periods (one row per person and snapshot).
STAFF_FLAGS = {
    "senior": "coalesce(is_senior_leader, FALSE)",
    "board": "coalesce(is_board_member, FALSE)",
    "manager": "coalesce(is_manager, FALSE)",
    "stated": "ethnicity <> 'not_stated'",
    "promoted": "coalesce(promoted_in_year, FALSE)",
    "disciplinary": "disciplinary",
    "capability": "capability",
    "fitness_to_practise": "fitness_to_practise",
    "non_mandatory": "non_mandatory",
    "programme": "programme_completed",
    "allyship": "allyship_ever",
    "eia": "eia_ever",
    "manager_trained": "coalesce(is_manager, FALSE) AND race_equality_ever",
    "has_next": "left_by_next IS NOT NULL",
    "left": "coalesce(left_by_next, FALSE)",
}

STAFF_PERIODS_QUERY = """
WITH snaps AS (SELECT DISTINCT snapshot_date AS d FROM staff),
nexts AS (SELECT d, lead(d) OVER (ORDER BY d) AS next_d FROM snaps),
cases AS (
  SELECT s.d, c.staff_id,
         bool_or(c.case_type = 'disciplinary') AS disciplinary,
         bool_or(c.case_type = 'capability') AS capability,
         bool_or(c.case_type = 'fitness_to_practise') AS fitness_to_practise
  FROM casework c JOIN snaps s ON c.opened_date > s.d - INTERVAL 1 YEAR AND c.opened_date <= s.d
  GROUP BY ALL),
year_training AS (
  SELECT s.d, t.staff_id,
         bool_or(t.category <> 'mandatory') AS non_mandatory,
         bool_or(coalesce(t.completed, FALSE) AND t.category IN ('apprenticeship', 'leadership', 'non_mandatory'))
           AS programme_completed
  FROM training t JOIN snaps s ON t.start_date > s.d - INTERVAL 1 YEAR AND t.start_date <= s.d
  GROUP BY ALL),
ever_training AS (
  SELECT s.d, t.staff_id,
         bool_or(t.category = 'allyship') AS allyship_ever,
         bool_or(t.category = 'eia') AS eia_ever,
         bool_or(t.category = 'manager_race_equality') AS race_equality_ever
  FROM training t JOIN snaps s ON t.start_date <= s.d
  WHERE coalesce(t.completed, FALSE) GROUP BY ALL)
SELECT st.snapshot_date AS period, st.staff_id, st.ethnicity, st.disability, st.directorate, st.grade,
       st.sex, st.age_band, st.is_senior_leader, st.is_board_member, st.is_manager, st.promoted_in_year,
       coalesce(c.disciplinary, FALSE) AS disciplinary, coalesce(c.capability, FALSE) AS capability,
       coalesce(c.fitness_to_practise, FALSE) AS fitness_to_practise,
       coalesce(y.non_mandatory, FALSE) AS non_mandatory,
       coalesce(y.programme_completed, FALSE) AS programme_completed,
       coalesce(e.allyship_ever, FALSE) AS allyship_ever, coalesce(e.eia_ever, FALSE) AS eia_ever,
       coalesce(e.race_equality_ever, FALSE) AS race_equality_ever,
       CASE WHEN n.next_d IS NULL THEN NULL ELSE nx.staff_id IS NULL END AS left_by_next
FROM staff st
JOIN nexts n ON n.d = st.snapshot_date
LEFT JOIN cases c ON c.d = st.snapshot_date AND c.staff_id = st.staff_id
LEFT JOIN year_training y ON y.d = st.snapshot_date AND y.staff_id = st.staff_id
LEFT JOIN ever_training e ON e.d = st.snapshot_date AND e.staff_id = st.staff_id
LEFT JOIN staff nx ON nx.snapshot_date = n.next_d AND nx.staff_id = st.staff_id
"""


SEPARATOR = "\x1f"  # joins ethnicity and disability into one group key (a unit separator)
CASE_TYPES = "'disciplinary', 'grievance', 'bullying_harassment', 'capability', 'fitness_to_practise'"
CASE_FLAGS = {
    "litigated": "litigation IN ('internal', 'external')",
    "harassment": "case_type = 'bullying_harassment'",
    "harassment_positive": "case_type = 'bullying_harassment' AND coalesce(positive_resolution, FALSE)",
    "grievance_disciplinary": "case_type IN ('grievance', 'disciplinary')",
    "grievance_disciplinary_positive": "case_type IN ('grievance', 'disciplinary') AND "
                                       "coalesce(positive_resolution, FALSE)",
}


class DuckDBCounts(CachedCounts):
    def __init__(self, con: duckdb.DuckDBPyConnection, breakdowns: list[Breakdown]):
        super().__init__(breakdowns)
        self.con = con

    def _count(self, name, units_sql, flags, dims, breakdowns=None) -> CountTable:
        return self._cached(name, lambda: count(self.con, units_sql, flags, breakdowns or self.breakdowns, dims))

    def staff(self, characteristic: str = "ethnicity") -> CountTable:
        """Counted once, streamed (not materialised), by ethnicity and disability together;
        each characteristic's table is then a sum over the other (exact: these are counts)."""
        def build():
            cross = self._cached("staff:cross", lambda: count(
                self.con, f"SELECT *, ethnicity || '{SEPARATOR}' || coalesce(disability, 'Not stated') AS grp "
                          f"FROM ({STAFF_PERIODS_QUERY})", STAFF_FLAGS, self.breakdowns + [GRADE], STAFF_DIMS))
            part = 0 if characteristic == "ethnicity" else 1
            out: CountTable = {}
            for key, by_grp in cross.items():
                target = out.setdefault(key, {})
                for grp, counts in by_grp.items():
                    acc = target.setdefault(grp.split(SEPARATOR)[part], dict.fromkeys(counts, 0.0))
                    for name, value in counts.items():
                        acc[name] += value
            return out
        if characteristic not in ("ethnicity", "disability"):
            raise ValueError(f"staff counts are by ethnicity or disability, not {characteristic!r}")
        return self._cached(f"staff:{characteristic}", build)

    def applications(self, characteristic: str = "ethnicity") -> CountTable:
        units = (f"SELECT p.period, a.{characteristic} AS grp, a.directorate, a.grade, a.sex, a.disability, "
                 f"a.appointed FROM periods p JOIN applications a ON {in_year('a.application_date')} "
                 f"WHERE a.shortlisted")
        return self._count(f"applications:{characteristic}", units, {"appointed": "appointed"}, APPLICATION_DIMS)

    def survey_tag(self, tags: tuple[str, ...]) -> str | None:
        tag_list = ", ".join(f"'{t}'" for t in tags)
        present = {r[0] for r in self.con.execute(
            f"SELECT DISTINCT measure FROM survey_questions WHERE measure IN ({tag_list})").fetchall()}
        return next((t for t in tags if t in present), None)

    def survey(self, tag: str) -> CountTable:
        """Answers to the questions tagged ``tag``: one pass over all tagged answers serves every tag."""
        def build():
            favourable = "list_contains(string_split(coalesce(q.favourable, ''), ';'), a.answer)"
            units = (f"SELECT p.period, q.measure || '{SEPARATOR}' || a.ethnicity AS grp, a.directorate, a.sex, "
                     f"a.disability, {favourable} AS favourable FROM periods p "
                     f"JOIN survey_answers a ON {in_year('a.submitted_date')} "
                     f"JOIN survey_questions q ON q.survey = a.survey AND q.id = a.question_id "
                     f"WHERE q.measure IS NOT NULL")
            return count(self.con, units, {"favourable": "favourable", "unfavourable": "NOT favourable"},
                         self.breakdowns, SURVEY_DIMS)
        every_tag = self._cached("survey:all", build)
        prefix = tag + SEPARATOR
        table = {key: {grp[len(prefix):]: c for grp, c in by_grp.items() if grp.startswith(prefix)}
                 for key, by_grp in every_tag.items()}
        return {key: by_grp for key, by_grp in table.items() if by_grp}

    def panels(self) -> CountTable:
        units = (f"SELECT p.period, '-' AS grp, n.members_ethnic_minority FROM periods p "
                 f"JOIN panels n ON {in_year('n.panel_date')}")
        return self._count("panels", units, {"with_minority": "members_ethnic_minority > 0"}, set())

    def cases(self) -> CountTable:
        units = (f"SELECT p.period, s.ethnicity AS grp, s.directorate, s.grade, s.sex, s.disability, s.age_band, "
                 f"c.case_type, c.litigation, c.positive_resolution FROM periods p "
                 f"JOIN casework c ON {in_year('c.opened_date')} "
                 f"JOIN staff s ON s.staff_id = c.staff_id AND s.snapshot_date = p.period "
                 f"WHERE c.case_type IN ({CASE_TYPES})")
        return self._count("cases", units, CASE_FLAGS, STAFF_DIMS)

    def decision_makers(self) -> CountTable:
        units = (f"SELECT p.period, '-' AS grp, c.decision_maker_ethnicity FROM periods p "
                 f"JOIN casework c ON {in_year('c.opened_date')} WHERE c.case_type IN ('grievance', 'disciplinary')")
        flags = {"stated": "decision_maker_ethnicity <> 'not_stated'",
                 "minority": "decision_maker_ethnicity NOT IN ('not_stated', 'white_british')"}
        return self._count("decision_makers", units, flags, set())

    def pay_population(self, bonus: bool) -> CountTable:
        dims = ", ".join(f"s.{d}" for d in sorted(STAFF_DIMS))
        flag = "coalesce(s.bonus_pay_12m, 0) > 0" if bonus else "TRUE"
        units = (f"SELECT p.period, s.ethnicity AS grp, {dims}, {flag} AS flag FROM periods p "
                 f"JOIN staff s ON s.snapshot_date = p.period "
                 f"WHERE coalesce(s.full_pay_relevant, TRUE) AND s.hourly_pay IS NOT NULL")
        return self._count(f"pay_population:{bonus}", units, {"flag": "flag"}, STAFF_DIMS)

    def pay_summaries(self, assignment: PayAssignment, bonus: bool) -> dict:
        """Per (period, breakdown, cell, label): n, exact sums and order statistics (1/PAY_SCALE pounds)."""
        def build():
            dims = sorted({d for b in self.breakdowns for d in b.dimensions})
            keys = ", ".join(["period", "grp", *dims, *[f"g_{d}" for d in dims]])
            sql = (f"WITH h AS ({self._histogram(assignment, bonus, dims)}), "
                   f"r AS (SELECT *, sum(c) OVER (PARTITION BY {keys}) AS n, "
                   f"sum(c) OVER (PARTITION BY {keys} ORDER BY pay ROWS UNBOUNDED PRECEDING) AS cum FROM h) "
                   f"SELECT {keys}, any_value(n), sum(c * pay::HUGEINT), sum(c * pay::HUGEINT * pay), "
                   f"min(pay) FILTER (WHERE cum >= floor((n + 1) / 2)), "
                   f"min(pay) FILTER (WHERE cum >= ceil((n + 1) / 2)), "
                   f"min(pay) FILTER (WHERE cum >= greatest(1, floor(n / 2.0 - {Z95 / 2} * sqrt(n)))), "
                   f"min(pay) FILTER (WHERE cum >= least(n, ceil(n / 2.0 + 1 + {Z95 / 2} * sqrt(n)))) "
                   f"FROM r GROUP BY {keys}")
            by_set = {frozenset(b.dimensions): b for b in self.breakdowns}
            out = {}
            k = len(dims)
            for row in self.con.execute(sql).fetchall():
                period, grp = row[0], row[1]
                values = dict(zip(dims, row[2:2 + k]))
                present = frozenset(d for d, g in zip(dims, row[2 + k:2 + 2 * k]) if g == 0)
                b = by_set[present]
                n, total, squares, median_low, median_high, low, high = row[2 + 2 * k:]
                out.setdefault((period, b, tuple(values[d] for d in b.dimensions)), {})[grp] = dict(
                    n=int(n), total=int(total), squares=int(squares), median2=int(median_low) + int(median_high),
                    low=int(low), high=int(high))
            return out
        return self._cached(f"pay_summaries:{bonus}", build)

    def _histogram(self, assignment: PayAssignment, bonus: bool, dims: list[str]) -> str:
        value = "s.bonus_pay_12m" if bonus else "s.hourly_pay"
        where = "s.bonus_pay_12m > 0" if bonus else "TRUE"
        sets = ", ".join("(" + ", ".join(["period", "grp", "pay", *b.dimensions]) + ")" for b in self.breakdowns)
        dim_cols = "".join(f", coalesce(CAST(s.{d} AS VARCHAR), '{NOT_RECORDED}') AS {d}" for d in dims)
        flags = "".join(f", GROUPING({d}) AS g_{d}" for d in dims)
        keys = "".join(f", {d}" for d in dims)
        return (f"WITH u AS (SELECT p.period, {_label_sql(assignment)} AS grp, "
                f"round({value} * {PAY_SCALE})::BIGINT AS pay{dim_cols} FROM periods p JOIN staff s "
                f"ON s.snapshot_date = p.period WHERE coalesce(s.full_pay_relevant, TRUE) AND {value} IS NOT NULL "
                f"AND s.ethnicity <> 'not_stated' AND {where}), "
                f"h AS (SELECT period, grp, pay{keys}{flags}, count(*) AS c FROM u GROUP BY GROUPING SETS ({sets})) "
                f"SELECT * FROM h UNION ALL SELECT period, '{assignment.all_minorities}', pay{keys}"
                f"{''.join(f', g_{d}' for d in dims)}, sum(c) FROM h WHERE grp <> '{assignment.reference}' "
                f"GROUP BY ALL")

    def pay_blocks(self, assignment: PayAssignment) -> dict:
        """{period: {pay: {label: people}}} for hourly pay (the quarters)."""
        def build():
            sql = (f"SELECT p.period, round(s.hourly_pay * {PAY_SCALE})::BIGINT AS pay, {_label_sql(assignment)} AS grp, "
                   f"count(*) FROM periods p JOIN staff s ON s.snapshot_date = p.period "
                   f"WHERE coalesce(s.full_pay_relevant, TRUE) AND s.hourly_pay IS NOT NULL "
                   f"AND s.ethnicity <> 'not_stated' GROUP BY ALL")
            out: dict = {}
            for period, pay, grp, c in self.con.execute(sql).fetchall():
                out.setdefault(period, {}).setdefault(pay, {})[grp] = int(c)
            return out
        return self._cached("pay_blocks", build)


def _label_sql(assignment: PayAssignment) -> str:
    cases = " ".join(f"WHEN '{code}' THEN '{label.replace(chr(39), chr(39) * 2)}'"
                     for code, label in assignment.labels.items())
    return f"CASE s.ethnicity {cases} END"



