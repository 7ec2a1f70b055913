"""Count tables computed by DuckDB, in-process, from the registered Arrow tables.

See ``counts/__init__.py`` for what each table holds; ``counts/pandas.py`` computes the same
tables the plain pandas way (the benchmark's comparison and an oracle in the tests).
"""

from __future__ import annotations

import duckdb

from ..aggregate import (
    KEYED_UNITS,
    LOWEST,
    LOWEST_UNITS,
    NOT_RECORDED,
    RECORD_KEY,
    UNITS,
    Breakdown,
    CountTable,
    count,
    keyed,
    lowest,
)
from ..statistics import Z95
from . import (
    APPLICATION_DIMS,
    GRADE,
    NON_MANDATORY_PROGRAMMES,
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
    "grievance": "grievance",
    "capability": "capability",
    "fitness_to_practise": "fitness_to_practise",
    "non_mandatory": "non_mandatory",
    "programme": "programme_completed",
    "allyship": "allyship_ever",
    "eia": "eia_ever",
    "manager_trained": "coalesce(is_manager, FALSE) AND race_equality_ever",
    "has_next": "left_by_next IS NOT NULL",
    "left": "coalesce(left_by_next, FALSE)",
    "pay_relevant": "pay_relevant",  # in the pay gap population (pay_population)
    "pay_bonus": "pay_relevant AND has_bonus",
}


def staff_periods_query(snapshots: str) -> str:
    """One row per person and snapshot with the ``STAFF_FLAGS`` columns.

    ``snapshots`` is a SQL list of every staff snapshot date, oldest first. Two small tables
    are joined to the staff rows, each built in one pass: ``people`` (per person, which
    snapshots they appear in, as a bit string, and when they first completed allyship, EIA and
    manager race-equality training) and ``events`` (per person and snapshot, the formal cases
    opened and training started in the year ending on it). A person has left by the next
    snapshot when its bit is not set.
    """
    return f"""
WITH snaps AS (SELECT unnest({snapshots}) AS d),
events AS (
  SELECT s.d, e.staff_id, bool_or(e.disciplinary) AS disciplinary, bool_or(e.grievance) AS grievance,
         bool_or(e.capability) AS capability,
         bool_or(e.fitness_to_practise) AS fitness_to_practise, bool_or(e.non_mandatory) AS non_mandatory,
         bool_or(e.programme_completed) AS programme_completed
  FROM (SELECT staff_id, opened_date AS day, case_type = 'disciplinary' AS disciplinary,
               case_type = 'grievance' AS grievance, case_type = 'capability' AS capability,
               case_type = 'fitness_to_practise' AS fitness_to_practise,
               FALSE AS non_mandatory, FALSE AS programme_completed FROM casework
        UNION ALL
        SELECT staff_id, start_date, FALSE, FALSE, FALSE, FALSE, category <> 'mandatory',
               coalesce(completed, FALSE) AND category IN ({", ".join(f"'{c}'" for c in NON_MANDATORY_PROGRAMMES)})
        FROM training) e
  JOIN snaps s ON e.day > s.d - INTERVAL 1 YEAR AND e.day <= s.d
  GROUP BY s.d, e.staff_id),
people AS (
  SELECT staff_id, bitstring_agg(present, 1, len({snapshots})) AS present, min(allyship) AS allyship,
         min(eia) AS eia, min(race_equality) AS race_equality
  FROM (SELECT staff_id, list_position({snapshots}, snapshot_date) AS present, NULL::DATE AS allyship,
               NULL::DATE AS eia, NULL::DATE AS race_equality FROM staff
        UNION ALL
        SELECT staff_id, NULL, CASE WHEN category = 'allyship' THEN start_date END,
               CASE WHEN category = 'eia' THEN start_date END,
               CASE WHEN category = 'manager_race_equality' THEN start_date END
        FROM training WHERE coalesce(completed, FALSE)
          AND category IN ('allyship', 'eia', 'manager_race_equality')) u
  GROUP BY staff_id)
SELECT st.snapshot_date AS period, st.{RECORD_KEY}, st.ethnicity, coalesce(st.disability, 'Not stated') AS disability_group,
       st.disability, st.directorate, st.grade, st.sex, st.age_band, st.is_senior_leader, st.is_board_member,
       st.is_manager, st.promoted_in_year,
       coalesce(st.full_pay_relevant, TRUE) AND st.hourly_pay IS NOT NULL AS pay_relevant,
       coalesce(st.bonus_pay_12m, 0) > 0 AS has_bonus,
       coalesce(ev.disciplinary, FALSE) AS disciplinary, coalesce(ev.grievance, FALSE) AS grievance,
       coalesce(ev.capability, FALSE) AS capability,
       coalesce(ev.fitness_to_practise, FALSE) AS fitness_to_practise,
       coalesce(ev.non_mandatory, FALSE) AS non_mandatory,
       coalesce(ev.programme_completed, FALSE) AS programme_completed,
       coalesce(pe.allyship <= st.snapshot_date, FALSE) AS allyship_ever,
       coalesce(pe.eia <= st.snapshot_date, FALSE) AS eia_ever,
       coalesce(pe.race_equality <= st.snapshot_date, FALSE) AS race_equality_ever,
       CASE WHEN st.snapshot_date = {snapshots}[-1] THEN NULL
            ELSE get_bit(pe.present, list_position({snapshots}, st.snapshot_date)) = 0 END AS left_by_next
FROM staff st
JOIN people pe ON pe.staff_id = st.staff_id
LEFT JOIN events ev ON ev.d = st.snapshot_date AND ev.staff_id = st.staff_id
"""


# Flags counted over every application of the year (the recruitment funnel).
RECRUITMENT_FLAGS = {
    "shortlisted": "coalesce(shortlisted, FALSE)",
    "interview_recorded": "coalesce(shortlisted, FALSE) AND interviewed IS NOT NULL",
    "interviewed": "coalesce(shortlisted, FALSE) AND coalesce(interviewed, FALSE)",
    "appointed_after_interview": "coalesce(shortlisted, FALSE) AND coalesce(interviewed, FALSE) "
                                 "AND coalesce(appointed, FALSE)",
    "appointed_shortlisted": "coalesce(shortlisted, FALSE) AND coalesce(appointed, FALSE)",  # WRES 2
}


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
    PAY_HISTOGRAM_FROM = 500_000  # staff rows (people x snapshots): pay order statistics by histogram
    RANKS = ("floor((n + 1) / 2)", "ceil((n + 1) / 2)", f"floor(n / 2.0 - {Z95 / 2} * sqrt(n))",
             f"ceil(n / 2.0 + 1 + {Z95 / 2} * sqrt(n))")  # the median's two middle ranks, its interval's

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
                self.con, staff_periods_query(self._snapshots()), STAFF_FLAGS, self.breakdowns + [GRADE],
                STAFF_DIMS, groups=("ethnicity", "disability_group")))
            return _one_characteristic(cross, characteristic)
        return self._cached(f"staff:{characteristic}", build)

    def _snapshots(self) -> str:
        """Every staff snapshot date, oldest first, as a SQL list."""
        days = [r[0] for r in self.con.execute("SELECT DISTINCT snapshot_date FROM staff ORDER BY 1").fetchall()]
        return "([" + ", ".join(f"DATE '{d.isoformat()}'" for d in days) + "]::DATE[])"

    def recruitment(self, characteristic: str = "ethnicity") -> CountTable:
        """Every application of the year, counted once by ethnicity and disability together (the
        funnel's flags); each characteristic's table is a sum over the other."""
        def build():
            units = (f"SELECT p.period, a.{RECORD_KEY} AS {RECORD_KEY}, a.ethnicity, "
                     f"a.disability AS disability_group, a.directorate, a.grade, "
                     f"a.sex, a.disability, a.shortlisted, a.interviewed, a.appointed FROM periods p "
                     f"JOIN applications a ON {in_year('a.application_date')}")
            cross = self._cached("recruitment:cross", lambda: count(
                self.con, units, RECRUITMENT_FLAGS, self.breakdowns, APPLICATION_DIMS,
                groups=("ethnicity", "disability_group")))
            return _one_characteristic(cross, characteristic)
        return self._cached(f"recruitment:{characteristic}", build)

    def applications(self, characteristic: str = "ethnicity") -> CountTable:
        """Shortlisted applications of the year (``n``) and those appointed, from the recruitment
        count; cells and groups with no shortlisted application are left out."""
        return self._cached(f"applications:{characteristic}", lambda: _narrowed(
            self.recruitment(characteristic), "shortlisted", {"appointed": "appointed_shortlisted"}))

    def survey_tag(self, tags: tuple[str, ...]) -> str | None:
        tag_list = ", ".join(f"'{t}'" for t in tags)
        present = {r[0] for r in self.con.execute(
            f"SELECT DISTINCT measure FROM survey_questions WHERE measure IN ({tag_list})").fetchall()}
        return next((t for t in tags if t in present), None)

    def survey(self, tag: str) -> CountTable:
        """Answers to the questions tagged ``tag``: one pass over all tagged answers serves every tag."""
        def build():
            favourable = "list_contains(string_split(coalesce(q.favourable, ''), ';'), a.answer)"
            units = (f"SELECT p.period, a.{RECORD_KEY} AS {RECORD_KEY}, q.measure, a.ethnicity, "
                     f"a.directorate, a.sex, "
                     f"a.disability, {favourable} AS favourable FROM periods p "
                     f"JOIN survey_answers a ON {in_year('a.submitted_date')} "
                     f"JOIN survey_questions q ON q.survey = a.survey AND q.id = a.question_id "
                     f"WHERE q.measure IS NOT NULL")
            return count(self.con, units, {"favourable": "favourable", "unfavourable": "NOT favourable"},
                         self.breakdowns, SURVEY_DIMS, groups=("measure", "ethnicity"))
        every_tag = self._cached("survey:all", build)
        table = {key: {grp[1]: c for grp, c in by_grp.items() if grp[0] == tag} for key, by_grp in every_tag.items()}
        return {key: by_grp for key, by_grp in table.items() if by_grp}

    def panels(self) -> CountTable:
        units = (f"SELECT p.period, n.{RECORD_KEY} AS {RECORD_KEY}, '-' AS grp, "
                 f"n.members_ethnic_minority FROM periods p "
                 f"JOIN panels n ON {in_year('n.panel_date')}")
        return self._count("panels", units, {"with_minority": "members_ethnic_minority > 0"}, set())

    def cases(self) -> CountTable:
        units = (f"SELECT p.period, c.{RECORD_KEY} AS {RECORD_KEY}, s.ethnicity AS grp, s.directorate, "
                 f"s.grade, s.sex, s.disability, s.age_band, "
                 f"c.case_type, c.litigation, c.positive_resolution FROM periods p "
                 f"JOIN casework c ON {in_year('c.opened_date')} "
                 f"JOIN staff s ON s.staff_id = c.staff_id AND s.snapshot_date = p.period "
                 f"WHERE c.case_type IN ({CASE_TYPES})")
        return self._count("cases", units, CASE_FLAGS, STAFF_DIMS)

    def decision_makers(self) -> CountTable:
        units = (f"SELECT p.period, c.{RECORD_KEY} AS {RECORD_KEY}, '-' AS grp, "
                 f"c.decision_maker_ethnicity FROM periods p "
                 f"JOIN casework c ON {in_year('c.opened_date')} WHERE c.case_type IN ('grievance', 'disciplinary')")
        flags = {"stated": "decision_maker_ethnicity <> 'not_stated'",
                 "minority": "decision_maker_ethnicity NOT IN ('not_stated', 'white_british')"}
        return self._count("decision_makers", units, flags, set())

    def pay_population(self) -> CountTable:
        """The pay gap population (full-pay relevant, with an hourly pay) and those with a bonus,
        by ethnicity category: read from the staff count (its ``pay_relevant`` and ``pay_bonus``
        flags) rather than another pass over the staff; cells and groups with no one in it are
        left out, as a count of those people alone would."""
        return self._cached("pay_population", lambda: _narrowed(self.staff("ethnicity"), "pay_relevant",
                                                                {"bonus": "pay_bonus"}))

    def pay_summaries(self, assignment: PayAssignment, bonus: bool) -> dict:
        """Per (period, breakdown, cell, label): n, exact sums and order statistics (1/PAY_SCALE pounds).

        The order statistics are read by rank (1-based, clamped to 1..n): the median's two middle
        ranks and its interval's ranks. Two ways to the same numbers, chosen by the data's size:

        * *lists*: each cell's values gathered as one sorted list; the k-th smallest is its k-th
          element. Quickest for bonuses (few, nearly all different) and for a council's hourly pay;
        * *histogram*: hourly pay sits on a few thousand pay points, so from ``PAY_HISTOGRAM_FROM``
          staff rows the people are first counted per pay value at the finest cell (far fewer rows
          than people), summed into each breakdown's cells, and the k-th smallest is the lowest
          pay whose running count reaches k. At 1M staff a quarter faster and ~300 MB smaller than
          lists; at 15k twice as slow.
        """
        def build():
            dims = sorted({d for b in self.breakdowns for d in b.dimensions})
            order_statistics = self._pay_order_histogram if self._large() and not bonus else self._pay_order_lists
            sql = order_statistics(assignment, bonus, dims)
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

    def _pay_units(self, assignment: PayAssignment, bonus: bool, dims: list[str]) -> str:
        """One row per person in the pay population of each period: label, pay, dimensions, minority."""
        value = "s.bonus_pay_12m" if bonus else "s.hourly_pay"
        where = "s.bonus_pay_12m > 0" if bonus else "TRUE"
        dim_cols = "".join(f", coalesce(CAST(s.{d} AS VARCHAR), '{NOT_RECORDED}') AS {d}" for d in dims)
        reference = assignment.reference.replace("'", "''")
        return (f"SELECT *, grp <> '{reference}' AS minority FROM (SELECT p.period, {_label_sql(assignment)} AS grp, "
                f"round({value} * {PAY_SCALE})::BIGINT AS pay, s.{RECORD_KEY}"
                f"{dim_cols} FROM periods p JOIN staff s "
                f"ON s.snapshot_date = p.period WHERE coalesce(s.full_pay_relevant, TRUE) "
                f"AND {value} IS NOT NULL AND s.ethnicity <> 'not_stated' AND {where})")

    def _pay_sets(self, extra: str = "") -> str:
        return ", ".join("(" + ", ".join(["period", label, *b.dimensions]) + extra + ")"
                         for label in ("grp", "minority") for b in self.breakdowns)

    def _pay_order_lists(self, assignment: PayAssignment, bonus: bool, dims: list[str]) -> str:
        everyone = assignment.all_minorities.replace("'", "''")
        rank = "list_extract(pays, greatest(1, least(n, ({}))::BIGINT))"
        return (f"WITH a AS (SELECT period, grp, minority{''.join(f', {d}' for d in dims)}, "
                f"GROUPING(grp) AS by_all{''.join(f', GROUPING({d}) AS g_{d}' for d in dims)}, "
                f"count(*) AS n, sum(pay::HUGEINT) AS total, sum(pay::HUGEINT * pay) AS squares, "
                f"list_sort(list(pay)) AS pays FROM ({self._pay_units(assignment, bonus, dims)}) "
                f"GROUP BY GROUPING SETS ({self._pay_sets()})) "
                f"SELECT period, CASE WHEN by_all = 0 THEN grp ELSE '{everyone}' END"
                f"{''.join(f', {d}' for d in dims)}{''.join(f', g_{d}' for d in dims)}, n, total, squares, "
                + ", ".join(rank.format(r) for r in self.RANKS) + " FROM a WHERE by_all = 0 OR minority")

    def _pay_order_histogram(self, assignment: PayAssignment, bonus: bool, dims: list[str]) -> str:
        everyone = assignment.all_minorities.replace("'", "''")
        dim_list = "".join(f", {d}" for d in dims)
        keys = "period, label" + dim_list + "".join(f", g_{d}" for d in dims)
        rank = "min(pay) FILTER (WHERE cum >= greatest(1, least(n, ({}))))"
        fine = self._hourly_pay_histogram(assignment, dims)
        return (f"WITH h AS (SELECT period, CASE WHEN GROUPING(grp) = 0 THEN grp ELSE '{everyone}' END AS label, "
                f"GROUPING(grp) AS by_all, minority{dim_list}{''.join(f', GROUPING({d}) AS g_{d}' for d in dims)}, "
                f"pay, sum(c) AS c FROM {fine} GROUP BY GROUPING SETS ({self._pay_sets(', pay')})), "
                f"r AS (SELECT *, sum(c) OVER (PARTITION BY {keys}) AS n, "
                f"sum(c) OVER (PARTITION BY {keys} ORDER BY pay ROWS UNBOUNDED PRECEDING) AS cum "
                f"FROM h WHERE by_all = 0 OR minority) "
                f"SELECT {keys}, any_value(n), sum(c * pay::HUGEINT), sum(c * pay::HUGEINT * pay), "
                + ", ".join(rank.format(r) for r in self.RANKS) + f" FROM r GROUP BY {keys}")


    def _hourly_pay_histogram(self, assignment: PayAssignment, dims: list[str]) -> str:
        """A temporary table of people per hourly pay value at the finest cell (period, label,
        dimensions), made once and shared by the order statistics and the quarters."""
        def build():
            dim_list = "".join(f", {d}" for d in dims)
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE hourly_pay_fine AS SELECT period, grp, minority{dim_list}, "
                             f"pay, count(*) AS c, sum({RECORD_KEY}) AS k, min({RECORD_KEY}) AS m "
                             f"FROM ({self._pay_units(assignment, False, dims)}) GROUP BY ALL")
            return "hourly_pay_fine"
        return self._cached("hourly_pay_fine", build)

    def _large(self) -> bool:
        """National scale: from ``PAY_HISTOGRAM_FROM`` staff rows (see ``pay_summaries``)."""
        return self._cached("large", lambda: self.con.execute("SELECT count(*) FROM staff").fetchone()[0]
                            >= self.PAY_HISTOGRAM_FROM)

    def pay_blocks(self, assignment: PayAssignment) -> dict:
        """{period: {pay: {label: (people, their record keys' sum, lowest key)}}} for hourly pay (the quarters); at
        national scale summed from the shared hourly pay histogram rather than another pass over the staff."""
        def build():
            if self._large():
                dims = sorted({d for b in self.breakdowns for d in b.dimensions})
                sql = (f"SELECT period, pay, grp, sum(c), sum(k), min(m) FROM {self._hourly_pay_histogram(assignment, dims)} "
                       f"GROUP BY ALL")
            else:
                sql = (f"SELECT p.period, round(s.hourly_pay * {PAY_SCALE})::BIGINT AS pay, "
                       f"{_label_sql(assignment)} AS grp, count(*), sum(s.{RECORD_KEY}), min(s.{RECORD_KEY}) "
                       f"FROM periods p JOIN staff s "
                       f"ON s.snapshot_date = p.period WHERE coalesce(s.full_pay_relevant, TRUE) "
                       f"AND s.hourly_pay IS NOT NULL AND s.ethnicity <> 'not_stated' GROUP BY ALL")
            out: dict = {}
            for period, pay, grp, c, k, m in self.con.execute(sql).fetchall():
                out.setdefault(period, {}).setdefault(pay, {})[grp] = (int(c), int(k), int(m))
            return out
        return self._cached("pay_blocks", build)


def _narrowed(table: CountTable, units: str, flags: dict[str, str]) -> CountTable:
    """A count table of a narrower population read from a wider one: ``units`` (a flag of the
    wide table) become the units, ``flags`` maps each new flag to the wide table's. Groups and
    cells with none of the narrower units are left out, as counting those units alone would."""
    out: CountTable = {}
    for key, by_grp in table.items():
        cell = {grp: {UNITS: c[units], KEYED_UNITS: c[keyed(units)], LOWEST_UNITS: c[lowest(units)],
                      **{name: c[wide] for name, wide in flags.items()},
                      **{keyed(name): c[keyed(wide)] for name, wide in flags.items()},
                      **{lowest(name): c[lowest(wide)] for name, wide in flags.items()}}
                for grp, c in by_grp.items() if c[units] > 0}
        if cell:
            out[key] = cell
    return out


def _one_characteristic(cross: CountTable, characteristic: str) -> CountTable:
    """A count table by (ethnicity, disability) summed over the other characteristic."""
    if characteristic not in ("ethnicity", "disability"):
        raise ValueError(f"counts are by ethnicity or disability, not {characteristic!r}")
    part = 0 if characteristic == "ethnicity" else 1
    out: CountTable = {}
    added = least = None
    for key, by_grp in cross.items():
        target = out.setdefault(key, {})
        for grp, counts in by_grp.items():
            acc = target.get(grp[part])
            if acc is None:
                target[grp[part]] = dict(counts)
                continue
            if added is None:  # counts and key sums add up, lowest keys take the lower
                least = [name for name in counts if name.endswith(LOWEST)]
                added = [name for name in counts if not name.endswith(LOWEST)]
            for name in added:
                acc[name] += counts[name]
            for name in least:
                if counts[name] < acc[name]:
                    acc[name] = counts[name]
    return out


def _label_sql(assignment: PayAssignment) -> str:
    cases = " ".join(f"WHEN '{code}' THEN '{label.replace(chr(39), chr(39) * 2)}'"
                     for code, label in assignment.labels.items())
    return f"CASE s.ethnicity {cases} END"



