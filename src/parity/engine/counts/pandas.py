"""The same count tables as ``DuckDBCounts``, written in pandas as a good pandas programmer would.

This is the comparison the benchmark runs (docs/performance.md) and an oracle for the tests:
``compute(..., backend="pandas")`` must give identical results. So that the comparison is
honest it is idiomatic, vectorised pandas: text columns with few values stay the Categoricals
``to_pandas`` makes of dictionary-encoded columns (and are grouped with ``observed=True``),
staff ids are one shared Categorical so that joins on them are joins on integer codes, each
table is converted and given its record keys once, and there is no Python loop over rows or
values (only over the handful of periods, breakdowns and survey tags), except MD5 digests for
unhashed identifiers, once per distinct identifier, which pandas cannot compute otherwise.

Counting follows the same two stages as ``aggregate.count``: the units are counted once at the
finest cell (every dimension any breakdown uses), then those few rows are summed into each
breakdown's cells; counts and key sums add up and lowest keys take the lower, so this equals
counting each breakdown from the units.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import pandas as pd
import pyarrow as pa

from ..aggregate import KEYED_UNITS, LOWEST, LOWEST_UNITS, NO_KEY, NOT_RECORDED, RECORD_KEY, UNITS, Breakdown, \
    CountTable, keyed, lowest
from ..cell_key import HEX_DIGITS
from ..ethnicity import NOT_STATED
from ..statistics import Z95
from ..workforce import EMPTY_TABLES, RECORD_IDS, STAFF_ID_TABLES, WorkforceData, with_engine_columns
from . import (
    APPLICATION_DIMS,
    CASE_TYPES,
    GRADE,
    NON_MANDATORY_PROGRAMMES,
    PAY_SCALE,
    STAFF_DIMS,
    SURVEY_DIMS,
    CachedCounts,
    PayAssignment,
)

CASE_KINDS = ("disciplinary", "grievance", "capability", "fitness_to_practise")  # staff flags: a case opened
EVENT_FLAGS = (*CASE_KINDS, "non_mandatory", "programme_completed")  # in the year ending on the snapshot
EVER_TRAINED = {"allyship": "allyship_ever", "eia": "eia_ever",  # completed by the snapshot
                "manager_race_equality": "race_equality_ever"}


def record_keys(ids: pd.Series, hashed: bool) -> np.ndarray:
    """``cell_key.record_key`` of every identifier, as an int16 array.

    A keyed hash's record key is the number its first two hex digits spell: the strings are cut
    to their first two bytes by numpy and the digits looked up in ``cell_key.HEX_DIGITS``. An
    unhashed identifier's is the first byte of its MD5 digest, worked out once per distinct
    identifier (``pd.factorize``). Identifiers are never blank (the schemas require them).
    """
    if not hashed:
        codes, distinct = pd.factorize(ids.astype(str))
        digests = np.array([hashlib.md5(v.encode("utf-8")).digest()[0] for v in distinct], np.int16)
        return digests[codes]
    first_two = np.asarray(ids.to_numpy(dtype=object, na_value=""), dtype="S2")  # short ones padded with 0 bytes
    digits = HEX_DIGITS[np.frombuffer(first_two.tobytes(), np.uint8).reshape(-1, 2)]
    if len(ids) and digits.min() < 0:
        raise ValueError("an identifier is not a keyed hash (its first two characters are not hex digits)")
    return (digits[:, 0] * 16 + digits[:, 1]).astype(np.int16)


def _recorded(values: pd.Series) -> pd.Series:
    """A breakdown dimension's values with blanks counted as ``NOT_RECORDED``."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        if NOT_RECORDED not in values.cat.categories:
            values = values.cat.add_categories([NOT_RECORDED])
        return values.fillna(NOT_RECORDED)
    return values.astype(object).fillna(NOT_RECORDED).astype(str)


def _stated(values: pd.Series, blank: str) -> pd.Series:
    """A characteristic's values with blanks as ``blank`` (a Categorical stays one)."""
    if isinstance(values.dtype, pd.CategoricalDtype) and blank not in values.cat.categories:
        values = values.cat.add_categories([blank])
    return values.fillna(blank)


def _year_before(d: pd.Timestamp) -> pd.Timestamp:
    return d - pd.DateOffset(years=1)


def in_periods(events: pd.DataFrame, date_column: str, periods: list[pd.Timestamp]) -> pd.DataFrame:
    """Each event with every period (``period``) whose year contains it: ``D - 1 year < date <= D``."""
    parts = [events[(events[date_column] > _year_before(p)) & (events[date_column] <= p)].assign(period=p)
             for p in periods]
    if not parts:
        return events.iloc[0:0].assign(period=pd.Series(dtype="datetime64[ms]"))
    return pd.concat(parts, ignore_index=True)


def count_frame(units: pd.DataFrame, flags: dict[str, pd.Series], breakdowns: list[Breakdown],
                dims: set[str]) -> CountTable:
    """Units and flagged units, their record keys' sums and lowest keys, per period, group
    (``grp``) and breakdown cell: one ``groupby`` at the finest cell, then one per breakdown over
    its result. Breakdowns using a dimension the units do not carry (``dims``) are skipped."""
    usable = [b for b in dict.fromkeys(breakdowns) if set(b.dimensions) <= dims]
    finest = sorted({d for b in usable for d in b.dimensions})
    key = units[RECORD_KEY].to_numpy()
    columns = {"period": units["period"].array, "grp": units["grp"].array,
               **{d: _recorded(units[d]).array for d in finest}, RECORD_KEY: key}
    aggregations = {UNITS: (RECORD_KEY, "size"), KEYED_UNITS: (RECORD_KEY, "sum"),
                    LOWEST_UNITS: (RECORD_KEY, "min")}
    for name, flag in flags.items():
        hit = flag.to_numpy(dtype=bool, na_value=False)  # a null flag is not set, as in SQL
        columns[name] = hit
        columns[keyed(name)] = np.where(hit, key, 0)
        columns[lowest(name)] = np.where(hit, key, NO_KEY)
        aggregations.update({name: (name, "sum"), keyed(name): (keyed(name), "sum"),
                             lowest(name): (lowest(name), "min")})
    fine = (pd.DataFrame(columns)
            .groupby(["period", "grp", *finest], observed=True, sort=False, dropna=False)
            .agg(**aggregations))
    summed = {name: "min" if name.endswith(LOWEST) else "sum" for name in aggregations}
    out: CountTable = {}
    for b in usable:
        cells = (fine.groupby(level=["period", "grp", *b.dimensions], observed=True, sort=False, dropna=False)
                 .agg(summed).astype(float))
        days = {p: p.date() for p in cells.index.unique("period")}
        for (period, grp, *values), counts in zip(cells.index, cells.to_dict("records")):
            out.setdefault((days[period], b, tuple(values)), {})[grp] = counts
    return out


class PandasCounts(CachedCounts):
    def __init__(self, data: WorkforceData, periods: list[dt.date], breakdowns: list[Breakdown]):
        super().__init__(breakdowns)
        self.data = data
        self.periods = [pd.Timestamp(p) for p in periods]

    # -- the input tables, each converted once ----------------------------------------------------
    def table(self, kind: str) -> pd.DataFrame:
        """The columns the engine reads of one table (absent ones as nulls), with each record's
        key (``RECORD_KEY``) and staff ids as the shared ``staff_ids`` Categorical."""
        def build():
            arrow = with_engine_columns(kind, self.data.tables.get(kind, pa.table({})))
            columns = [part.split()[0] for part in EMPTY_TABLES[kind].split(",")]
            frame = arrow.select(columns).to_pandas(date_as_object=False)
            if kind in RECORD_IDS:
                hashed = self.data.hashed_ids and kind != "panels"  # vacancy numbers are not people's ids
                frame[RECORD_KEY] = record_keys(frame[RECORD_IDS[kind]], hashed)
            if kind in STAFF_ID_TABLES:
                frame["staff_id"] = frame["staff_id"].astype(self.staff_ids())
            return frame
        return self._cached(f"table:{kind}", build)

    def staff_ids(self) -> pd.CategoricalDtype:
        """Every staff id of the tables joined on staff id: the categories they all share, so
        that joining and grouping on staff id compares integer codes."""
        def build():
            ids = [self.data.tables[kind]["staff_id"].to_pandas().astype(str)
                   for kind in STAFF_ID_TABLES if kind in self.data.tables]
            return pd.CategoricalDtype(pd.concat(ids).unique() if ids else [])
        return self._cached("staff_ids", build)

    def in_year(self, kind: str, date_column: str) -> pd.DataFrame:
        """The records of ``kind`` with each period whose year contains their date."""
        return self._cached(f"in_year:{kind}", lambda: in_periods(self.table(kind), date_column, self.periods))

    # -- staff ---------------------------------------------------------------------------------
    def staff_periods(self) -> pd.DataFrame:
        """One row per person and snapshot (``period``) with the staff flags: formal cases opened
        and training started in the year ending on it, training completed by it, and whether the
        person is in the next snapshot (``left``; ``has_next`` false for the last snapshot)."""
        def build():
            staff = self.table("staff").rename(columns={"snapshot_date": "period"})
            snaps = sorted(staff["period"].unique())
            cases, training = self.table("casework"), self.table("training")
            completed = training["completed"].eq(True)
            events = pd.concat([
                pd.DataFrame({"staff_id": cases["staff_id"], "day": cases["opened_date"],
                              **{kind: cases["case_type"].eq(kind) for kind in CASE_KINDS},
                              "non_mandatory": False, "programme_completed": False}),
                pd.DataFrame({"staff_id": training["staff_id"], "day": training["start_date"],
                              **{kind: False for kind in CASE_KINDS},
                              "non_mandatory": training["category"].ne("mandatory"),
                              "programme_completed": completed & training["category"].isin(NON_MANDATORY_PROGRAMMES)}),
            ], ignore_index=True)
            in_year = (in_periods(events, "day", snaps)
                       .groupby(["period", "staff_id"], observed=True)[list(EVENT_FLAGS)].any())
            ever = training[completed & training["category"].isin(list(EVER_TRAINED))]
            first_done = (ever.groupby(["staff_id", "category"], observed=True)["start_date"].min()
                          .unstack("category").reindex(columns=list(EVER_TRAINED))
                          .astype(training["start_date"].dtype).rename(columns=lambda c: f"first_{c}"))
            following = pd.Series(snaps[1:], index=snaps[:-1], dtype="datetime64[ms]")
            present = staff[["period", "staff_id"]].rename(columns={"period": "next_period"})
            sp = (staff.merge(in_year, left_on=["period", "staff_id"], right_index=True, how="left")
                  .merge(first_done, left_on="staff_id", right_index=True, how="left")
                  .assign(next_period=lambda f: f["period"].map(following))
                  .merge(present.assign(present_next=True), on=["next_period", "staff_id"], how="left"))
            sp[list(EVENT_FLAGS)] = sp[list(EVENT_FLAGS)].eq(True)
            for category, flag in EVER_TRAINED.items():
                sp[flag] = sp[f"first_{category}"] <= sp["period"]
            sp["has_next"] = sp["next_period"].notna()
            sp["left"] = sp["has_next"] & sp["present_next"].ne(True)
            return sp
        return self._cached("staff_periods", build)

    def staff(self, characteristic: str = "ethnicity") -> CountTable:
        def build():
            sp = self.staff_periods()
            grp = sp[characteristic] if characteristic == "ethnicity" else _stated(sp[characteristic], NOT_STATED)
            units = sp.assign(grp=grp)
            truthy = lambda c: units[c].eq(True)  # noqa: E731
            flags = {
                "senior": truthy("is_senior_leader"), "board": truthy("is_board_member"),
                "manager": truthy("is_manager"), "stated": units["ethnicity"].ne("not_stated"),
                "promoted": truthy("promoted_in_year"), "disciplinary": units["disciplinary"],
                "grievance": units["grievance"],
                "capability": units["capability"], "fitness_to_practise": units["fitness_to_practise"],
                "non_mandatory": units["non_mandatory"], "programme": units["programme_completed"],
                "allyship": units["allyship_ever"], "eia": units["eia_ever"],
                "manager_trained": truthy("is_manager") & units["race_equality_ever"],
                "has_next": units["has_next"], "left": units["left"],
            }
            return count_frame(units, flags, self.breakdowns + [GRADE], STAFF_DIMS)
        return self._cached(f"staff:{characteristic}", build)

    # -- applications, surveys, panels, cases ----------------------------------------------------
    def applications(self, characteristic: str = "ethnicity") -> CountTable:
        def build():
            apps = self.in_year("applications", "application_date")
            units = apps[apps["shortlisted"].eq(True)]
            units = units.assign(grp=units[characteristic])
            return count_frame(units, {"appointed": units["appointed"].eq(True)}, self.breakdowns, APPLICATION_DIMS)
        return self._cached(f"applications:{characteristic}", build)

    def recruitment(self, characteristic: str = "ethnicity") -> CountTable:
        def build():
            units = self.in_year("applications", "application_date")
            units = units.assign(grp=units[characteristic])
            shortlisted = units["shortlisted"].eq(True)
            interviewed = shortlisted & units["interviewed"].eq(True)
            flags = {"shortlisted": shortlisted, "interview_recorded": shortlisted & units["interviewed"].notna(),
                     "interviewed": interviewed, "appointed_after_interview": interviewed & units["appointed"].eq(True)}
            return count_frame(units, flags, self.breakdowns, APPLICATION_DIMS)
        return self._cached(f"recruitment:{characteristic}", build)

    def survey_tag(self, tags: tuple[str, ...]) -> str | None:
        present = set(self.table("survey_questions")["measure"].dropna())
        return next((t for t in tags if t in present), None)

    def tagged_answers(self) -> pd.DataFrame:
        """Answers of the year to every question with a measure tag (``measure``), each marked
        ``favourable`` when it is one of its question's favourable answers."""
        def build():
            questions = self.table("survey_questions")
            questions = questions[questions["measure"].notna()].astype({"survey": str, "id": str, "measure": str})
            liked = (questions.assign(answer=questions["favourable"].astype(object).fillna("").str.split(";"))
                     .explode("answer")[["survey", "id", "answer"]].drop_duplicates().assign(favourable=True))
            answers = self.in_year("survey_answers", "submitted_date")
            answers = answers.astype({"survey": str, "question_id": str, "answer": str})  # as the questions'
            rows = answers.merge(questions[["survey", "id", "measure"]], left_on=["survey", "question_id"],
                                 right_on=["survey", "id"])
            rows = rows.merge(liked, on=["survey", "id", "answer"], how="left")
            rows["favourable"] = rows["favourable"].eq(True)
            return rows
        return self._cached("tagged_answers", build)

    def survey(self, tag: str) -> CountTable:
        def build():
            rows = self.tagged_answers()
            units = rows[rows["measure"] == tag]
            units = units.assign(grp=units["ethnicity"])
            favourable = units["favourable"]
            return count_frame(units, {"favourable": favourable, "unfavourable": ~favourable}, self.breakdowns,
                               SURVEY_DIMS)
        return self._cached(f"survey:{tag}", build)

    def panels(self) -> CountTable:
        def build():
            units = self.in_year("panels", "panel_date").assign(grp="-")
            return count_frame(units, {"with_minority": units["members_ethnic_minority"] > 0}, self.breakdowns,
                               set())
        return self._cached("panels", build)

    def cases(self) -> CountTable:
        def build():
            cases = self.in_year("casework", "opened_date")
            cases = cases.loc[cases["case_type"].isin(CASE_TYPES), ["period", "staff_id", RECORD_KEY, "case_type",
                                                                      "litigation", "positive_resolution"]]
            staff = self.table("staff")[["staff_id", "snapshot_date", "ethnicity", *sorted(STAFF_DIMS)]]
            units = cases.merge(staff.rename(columns={"snapshot_date": "period"}), on=["staff_id", "period"])
            units = units.assign(grp=units["ethnicity"])
            positive = units["positive_resolution"].eq(True)
            harassment = units["case_type"].eq("bullying_harassment")
            grievance = units["case_type"].isin(("grievance", "disciplinary"))
            flags = {"litigated": units["litigation"].isin(("internal", "external")), "harassment": harassment,
                     "harassment_positive": harassment & positive, "grievance_disciplinary": grievance,
                     "grievance_disciplinary_positive": grievance & positive}
            return count_frame(units, flags, self.breakdowns, STAFF_DIMS)
        return self._cached("cases", build)

    def decision_makers(self) -> CountTable:
        def build():
            cases = self.in_year("casework", "opened_date")
            units = cases[cases["case_type"].isin(("grievance", "disciplinary"))].assign(grp="-")
            who = units["decision_maker_ethnicity"]
            flags = {"stated": who.ne("not_stated"), "minority": ~who.isin(("not_stated", "white_british"))}
            return count_frame(units, flags, self.breakdowns, set())
        return self._cached("decision_makers", build)

    # -- pay -------------------------------------------------------------------------------------
    def _pay_staff(self) -> pd.DataFrame:
        """The pay gap population: full-pay relevant (or not said) staff with an hourly pay, at the periods."""
        staff = self.table("staff")
        relevant = staff["full_pay_relevant"].isna() | staff["full_pay_relevant"].eq(True)
        staff = staff[relevant & staff["hourly_pay"].notna() & staff["snapshot_date"].isin(self.periods)]
        return staff.rename(columns={"snapshot_date": "period"})

    def pay_population(self) -> CountTable:
        def build():
            staff = self._pay_staff()
            bonus = staff["bonus_pay_12m"].fillna(0) > 0
            return count_frame(staff.assign(grp=staff["ethnicity"]), {"bonus": bonus}, self.breakdowns, STAFF_DIMS)
        return self._cached("pay_population", build)

    def _pay_units(self, assignment: PayAssignment, bonus: bool) -> pd.DataFrame:
        """Each person's pay (1/PAY_SCALE pounds, exact integers) under their pay gap group's label,
        and again under ``all_minorities`` unless in the reference group."""
        staff = self._pay_staff()
        column = "bonus_pay_12m" if bonus else "hourly_pay"
        staff = staff[staff["ethnicity"].ne("not_stated") & staff[column].notna()]
        if bonus:
            staff = staff[staff[column] > 0]
        dims = sorted({d for b in self.breakdowns for d in b.dimensions})
        units = pd.DataFrame({"period": staff["period"],
                              "grp": staff["ethnicity"].astype(str).map(assignment.labels),
                              **{d: _recorded(staff[d]) for d in dims}, RECORD_KEY: staff[RECORD_KEY],
                              "pay": np.round(staff[column].to_numpy() * PAY_SCALE).astype(np.int64)})
        minorities = units[units["grp"].ne(assignment.reference)].assign(grp=assignment.all_minorities)
        units = pd.concat([units, minorities], ignore_index=True)
        return units.astype({"grp": "category"})

    def pay_summaries(self, assignment: PayAssignment, bonus: bool) -> dict:
        """Per (period, breakdown, cell, label): n, exact sums and order statistics.

        Per breakdown the units are sorted by cell and pay, so each cell's pays sit together in
        order and its k-th smallest is at its start plus k - 1. The ranks are the median's two
        middle ranks and its interval's (``DuckDBCounts.RANKS``, 1-based, clamped to 1..n). Sums
        of squares are exact: each pay is split into its high and low 20 bits, whose squares and
        products add up in int64 where the squares themselves would overflow.
        """
        def build():
            units = self._pay_units(assignment, bonus)
            high, low = units["pay"] // (1 << 20), units["pay"] % (1 << 20)
            units = units.assign(hh=high * high, hl=high * low, ll=low * low)
            out = {}
            for b in self.breakdowns:
                cells = ["period", "grp", *b.dimensions]
                ordered = units.sort_values([*cells, "pay"], ignore_index=True)
                summary = (ordered.groupby(cells, observed=True, sort=False)
                           .agg(n=("pay", "size"), total=("pay", "sum"), hh=("hh", "sum"), hl=("hl", "sum"),
                                ll=("ll", "sum")))
                n = summary["n"].to_numpy()
                start = np.cumsum(n) - n  # where each cell's pays begin in ``ordered``
                pay = ordered["pay"].to_numpy()
                kth = lambda rank: pay[start + np.clip(rank, 1, n).astype(np.int64) - 1]  # noqa: E731
                summary["median2"] = kth(np.floor((n + 1) / 2)) + kth(np.ceil((n + 1) / 2))
                summary["low"] = kth(np.floor(n / 2.0 - Z95 / 2 * np.sqrt(n)))
                summary["high"] = kth(np.ceil(n / 2.0 + 1 + Z95 / 2 * np.sqrt(n)))
                days = {p: p.date() for p in summary.index.unique("period")}
                for (period, grp, *values), row in zip(summary.index, summary.to_dict("records")):
                    squares = (row["hh"] << 40) + (row["hl"] << 21) + row["ll"]
                    out.setdefault((days[period], b, tuple(values)), {})[grp] = dict(
                        n=row["n"], total=row["total"], squares=squares, median2=row["median2"],
                        low=row["low"], high=row["high"])
            return out
        return self._cached(f"pay_summaries:{bonus}", build)

    def pay_blocks(self, assignment: PayAssignment) -> dict:
        def build():
            units = self._pay_units(assignment, False)
            units = units[units["grp"].ne(assignment.all_minorities)]
            blocks = (units.groupby(["period", "pay", "grp"], observed=True)[RECORD_KEY]
                      .agg(["size", "sum", "min"]).reset_index())
            days = {p: p.date() for p in blocks["period"].unique()}
            out: dict = {}
            for period, pay, grp, c, k, m in blocks.itertuples(index=False, name=None):
                out.setdefault(days[period], {}).setdefault(pay, {})[grp] = (c, k, m)
            return out
        return self._cached("pay_blocks", build)
