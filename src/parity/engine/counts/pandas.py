"""The same count tables as ``DuckDBCounts``, written plainly in pandas.

This is the comparison the benchmark runs (docs/performance.md) and an oracle for the tests:
``compute(..., backend="pandas")`` must give identical results. It is written the way an
analyst would write it: DataFrames, merges, boolean masks and ``groupby``, one breakdown at a
time; no attempt to be clever.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from ..aggregate import KEYED_UNITS, LOWEST_UNITS, NO_KEY, NOT_RECORDED, RECORD_KEY, Breakdown, CountTable, keyed, lowest
from ..cell_key import record_key
from ..statistics import Z95
from ..workforce import WorkforceData
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


def _frame(data: WorkforceData, kind: str, columns: list[str]) -> pd.DataFrame:
    if kind not in data.tables:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    df = data.tables[kind].to_pandas(date_as_object=False)
    for c in df.columns:
        if isinstance(df[c].dtype, pd.CategoricalDtype):
            df[c] = df[c].astype(object)
    for c in columns:
        if c not in df:
            df[c] = None
    return df


def _year_before(d: pd.Timestamp) -> pd.Timestamp:
    return d - pd.DateOffset(years=1)


def _with_periods(events: pd.DataFrame, date_column: str, periods: list[pd.Timestamp],
                  whole_history: bool = False) -> pd.DataFrame:
    """Each event paired with every period whose year (or history, to date) contains it."""
    parts = []
    for p in periods:
        mask = events[date_column] <= p
        if not whole_history:
            mask &= events[date_column] > _year_before(p)
        parts.append(events[mask].assign(period=p))
    return pd.concat(parts, ignore_index=True) if parts else events.assign(period=pd.NaT).iloc[0:0]


def with_record_keys(frame: pd.DataFrame, id_column: str, hashed: bool) -> pd.DataFrame:
    """``frame`` with each row's record key (``cell_key.record_key`` of ``id_column``)."""
    ids = frame[id_column].astype(str)
    keys = {value: record_key(value, hashed) for value in ids.unique()}
    return frame.assign(**{RECORD_KEY: ids.map(keys).astype(np.int64)})


def count_frame(units: pd.DataFrame, flags: dict[str, pd.Series], breakdowns: list[Breakdown],
                dims: set[str]) -> CountTable:
    """Units and flagged units, and their record keys' sums, per period, group and breakdown cell
    (one groupby per breakdown)."""
    units = units.copy()
    names = list(flags)
    for i, name in enumerate(names):
        units[f"f{i}"] = flags[name].fillna(False).astype(bool).to_numpy()
        units[f"k{i}"] = np.where(units[f"f{i}"], units[RECORD_KEY], 0)
        units[f"m{i}"] = np.where(units[f"f{i}"], units[RECORD_KEY], NO_KEY)
    for d in dims:
        units[d] = units[d].fillna(NOT_RECORDED).astype(str)
    out: CountTable = {}
    for b in breakdowns:
        if not set(b.dimensions) <= dims:
            continue
        keys = ["period", "grp", *b.dimensions]
        grouped = units.groupby(keys, sort=False, dropna=False)
        sizes = grouped.size()
        sums = grouped[[RECORD_KEY] + [c for i in range(len(names)) for c in (f"f{i}", f"k{i}")]].sum()
        least = grouped[[RECORD_KEY] + [f"m{i}" for i in range(len(names))]].min()
        for key, n in sizes.items():
            period, grp, *values = key if isinstance(key, tuple) else (key,)
            row, low = sums.loc[key], least.loc[key]
            counts = {"n": float(n), KEYED_UNITS: float(row[RECORD_KEY]), LOWEST_UNITS: float(low[RECORD_KEY])}
            for i, name in enumerate(names):
                counts[name] = float(row[f"f{i}"])
                counts[keyed(name)] = float(row[f"k{i}"])
                counts[lowest(name)] = float(low[f"m{i}"])
            out.setdefault((_day(period), b, tuple(values)), {})[grp] = counts
    return out


def _day(value) -> dt.date:
    return pd.Timestamp(value).date()


class PandasCounts(CachedCounts):
    def __init__(self, data: WorkforceData, periods: list[dt.date], breakdowns: list[Breakdown]):
        super().__init__(breakdowns)
        self.data = data
        self.periods = [pd.Timestamp(p) for p in periods]

    def _keyed(self, frame: pd.DataFrame, id_column: str) -> pd.DataFrame:
        return with_record_keys(frame, id_column, self.data.hashed_ids)

    # -- staff ---------------------------------------------------------------------------------
    def staff_periods(self) -> pd.DataFrame:
        def build():
            staff = _frame(self.data, "staff", ["staff_id", "snapshot_date", "ethnicity", "disability", "directorate",
                                                "grade", "sex", "age_band", "is_senior_leader", "is_board_member",
                                                "is_manager", "promoted_in_year"])
            snaps = sorted(staff["snapshot_date"].unique())
            snaps = [pd.Timestamp(s) for s in snaps]
            sp = self._keyed(staff.rename(columns={"snapshot_date": "period"}), "staff_id")
            cases = _frame(self.data, "casework", ["staff_id", "case_type", "opened_date"])
            cases = _with_periods(cases, "opened_date", snaps)
            for kind in ("disciplinary", "grievance", "capability", "fitness_to_practise"):
                hit = cases.loc[cases["case_type"] == kind, ["period", "staff_id"]].drop_duplicates()
                sp = sp.merge(hit.assign(**{kind: True}), on=["period", "staff_id"], how="left")
            training = _frame(self.data, "training", ["staff_id", "category", "start_date", "completed"])
            completed = training["completed"].fillna(False).astype(bool)
            year = _with_periods(training.assign(done=completed), "start_date", snaps)
            flags = {
                "non_mandatory": year[year["category"] != "mandatory"],
                "programme_completed": year[year["done"] & year["category"].isin(NON_MANDATORY_PROGRAMMES)],
            }
            ever = _with_periods(training[completed], "start_date", snaps, whole_history=True)
            flags.update({"allyship_ever": ever[ever["category"] == "allyship"],
                          "eia_ever": ever[ever["category"] == "eia"],
                          "race_equality_ever": ever[ever["category"] == "manager_race_equality"]})
            for name, rows in flags.items():
                hit = rows[["period", "staff_id"]].drop_duplicates()
                sp = sp.merge(hit.assign(**{name: True}), on=["period", "staff_id"], how="left")
            following = dict(zip(snaps, snaps[1:]))
            sp["next_period"] = sp["period"].map(following)
            present = staff[["snapshot_date", "staff_id"]].rename(columns={"snapshot_date": "next_period"})
            sp = sp.merge(present.assign(present_next=True), on=["next_period", "staff_id"], how="left")
            for name in ("disciplinary", "grievance", "capability", "fitness_to_practise", *flags, "present_next"):
                sp[name] = sp[name].eq(True)
            sp["has_next"] = sp["next_period"].notna()
            sp["left"] = sp["has_next"] & ~sp["present_next"]
            return sp
        return self._cached("staff_periods", build)

    def staff(self, characteristic: str = "ethnicity") -> CountTable:
        def build():
            sp = self.staff_periods()
            units = sp.assign(grp=sp[characteristic])
            truthy = lambda c: units[c].eq(True)  # noqa: E731
            flags = {
                "senior": truthy("is_senior_leader"), "board": truthy("is_board_member"),
                "manager": truthy("is_manager"), "stated": units["ethnicity"] != "not_stated",
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
            apps = _frame(self.data, "applications", ["application_id", "application_date", "ethnicity", "disability",
                                                      "directorate", "grade", "sex", "shortlisted", "appointed"])
            apps = self._keyed(apps[apps["shortlisted"].eq(True)], "application_id")
            units = _with_periods(apps, "application_date", self.periods)
            units = units.assign(grp=units[characteristic])
            return count_frame(units, {"appointed": units["appointed"].eq(True)}, self.breakdowns, APPLICATION_DIMS)
        return self._cached(f"applications:{characteristic}", build)

    def recruitment(self, characteristic: str = "ethnicity") -> CountTable:
        def build():
            apps = _frame(self.data, "applications", ["application_id", "application_date", "ethnicity", "disability",
                                                      "directorate", "grade", "sex", "shortlisted", "interviewed",
                                                      "appointed"])
            units = _with_periods(self._keyed(apps, "application_id"), "application_date", self.periods)
            units = units.assign(grp=units[characteristic])
            shortlisted = units["shortlisted"].eq(True)
            interviewed = shortlisted & units["interviewed"].eq(True)
            flags = {"shortlisted": shortlisted, "interview_recorded": shortlisted & units["interviewed"].notna(),
                     "interviewed": interviewed, "appointed_after_interview": interviewed & units["appointed"].eq(True)}
            return count_frame(units, flags, self.breakdowns, APPLICATION_DIMS)
        return self._cached(f"recruitment:{characteristic}", build)

    def survey_tag(self, tags: tuple[str, ...]) -> str | None:
        questions = _frame(self.data, "survey_questions", ["survey", "id", "measure", "favourable"])
        present = set(questions["measure"].dropna())
        return next((t for t in tags if t in present), None)

    def survey(self, tag: str) -> CountTable:
        def build():
            answers = _frame(self.data, "survey_answers", ["response_id", "survey", "submitted_date", "ethnicity",
                                                           "directorate", "sex", "disability", "question_id", "answer"])
            answers = self._keyed(answers, "response_id")
            questions = _frame(self.data, "survey_questions", ["survey", "id", "measure", "favourable"])
            questions = questions[questions["measure"] == tag]
            rows = answers.merge(questions, left_on=["survey", "question_id"], right_on=["survey", "id"])
            rows = _with_periods(rows, "submitted_date", self.periods)
            favourable = pd.Series([a in (f or "").split(";") for a, f in zip(rows["answer"], rows["favourable"])],
                                   index=rows.index, dtype=bool)
            units = rows.assign(grp=rows["ethnicity"])
            return count_frame(units, {"favourable": favourable, "unfavourable": ~favourable}, self.breakdowns,
                               SURVEY_DIMS)
        return self._cached(f"survey:{tag}", build)

    def panels(self) -> CountTable:
        def build():
            panels = with_record_keys(_frame(self.data, "panels", ["vacancy_id", "panel_date", "members_ethnic_minority"]),
                                      "vacancy_id", hashed=False)  # vacancy numbers are not hashed: not about a person
            units = _with_periods(panels, "panel_date", self.periods).assign(grp="-")
            return count_frame(units, {"with_minority": units["members_ethnic_minority"] > 0}, self.breakdowns,
                               set())
        return self._cached("panels", build)

    def cases(self) -> CountTable:
        def build():
            cases = self._keyed(_frame(self.data, "casework", ["case_id", "staff_id", "case_type", "opened_date",
                                                                    "litigation", "positive_resolution"]), "case_id")
            cases = _with_periods(cases[cases["case_type"].isin(CASE_TYPES)], "opened_date", self.periods)
            staff = _frame(self.data, "staff", ["staff_id", "snapshot_date", "ethnicity", *STAFF_DIMS])
            staff = staff[["staff_id", "snapshot_date", "ethnicity", *sorted(STAFF_DIMS)]]
            units = cases.merge(staff, left_on=["staff_id", "period"], right_on=["staff_id", "snapshot_date"])
            units = units.assign(grp=units["ethnicity"])
            positive = units["positive_resolution"].eq(True)
            harassment = units["case_type"] == "bullying_harassment"
            grievance = units["case_type"].isin(("grievance", "disciplinary"))
            flags = {"litigated": units["litigation"].isin(("internal", "external")), "harassment": harassment,
                     "harassment_positive": harassment & positive, "grievance_disciplinary": grievance,
                     "grievance_disciplinary_positive": grievance & positive}
            return count_frame(units, flags, self.breakdowns, STAFF_DIMS)
        return self._cached("cases", build)

    def decision_makers(self) -> CountTable:
        def build():
            cases = self._keyed(_frame(self.data, "casework", ["case_id", "case_type", "opened_date",
                                                                    "decision_maker_ethnicity"]), "case_id")
            cases = cases[cases["case_type"].isin(("grievance", "disciplinary"))]
            units = _with_periods(cases, "opened_date", self.periods).assign(grp="-")
            who = units["decision_maker_ethnicity"]
            flags = {"stated": who != "not_stated", "minority": ~who.isin(("not_stated", "white_british"))}
            return count_frame(units, flags, self.breakdowns, set())
        return self._cached("decision_makers", build)

    # -- pay -------------------------------------------------------------------------------------
    def _pay_staff(self) -> pd.DataFrame:
        staff = self._keyed(_frame(self.data, "staff", ["staff_id", "snapshot_date", "ethnicity", "hourly_pay",
                                                             "bonus_pay_12m", "full_pay_relevant", *STAFF_DIMS]),
                                 "staff_id")
        staff = staff[staff["snapshot_date"].isin(self.periods)]
        relevant = staff["full_pay_relevant"].isna() | staff["full_pay_relevant"].eq(True)
        return staff[relevant & staff["hourly_pay"].notna()].rename(columns={"snapshot_date": "period"})

    def pay_population(self) -> CountTable:
        def build():
            staff = self._pay_staff()
            bonus = staff["bonus_pay_12m"].fillna(0) > 0
            return count_frame(staff.assign(grp=staff["ethnicity"]), {"bonus": bonus}, self.breakdowns, STAFF_DIMS)
        return self._cached("pay_population", build)

    def _pay_units(self, assignment: PayAssignment, bonus: bool) -> pd.DataFrame:
        staff = self._pay_staff()
        staff = staff[staff["ethnicity"] != "not_stated"]
        column = "bonus_pay_12m" if bonus else "hourly_pay"
        if bonus:
            staff = staff[staff["bonus_pay_12m"] > 0]
        staff = staff[staff[column].notna()]
        units = staff.assign(grp=staff["ethnicity"].map(assignment.labels),
                             pay=np.round(staff[column].to_numpy() * PAY_SCALE).astype(np.int64))
        minorities = units[units["grp"] != assignment.reference].assign(grp=assignment.all_minorities)
        units = pd.concat([units, minorities], ignore_index=True)
        for d in STAFF_DIMS:
            units[d] = units[d].fillna(NOT_RECORDED).astype(str)
        return units

    def pay_summaries(self, assignment: PayAssignment, bonus: bool) -> dict:
        def build():
            units = self._pay_units(assignment, bonus)
            out = {}
            for b in self.breakdowns:
                for key, group in units.groupby(["period", "grp", *b.dimensions], sort=False):
                    period, grp, *values = key
                    pay = np.sort(group["pay"].to_numpy())
                    n = len(pay)
                    stat = lambda r: int(pay[int(r) - 1])  # noqa: E731  the r-th smallest (from 1)
                    out.setdefault((_day(period), b, tuple(values)), {})[grp] = dict(
                        n=n, total=int(sum(int(v) for v in pay)), squares=int(sum(int(v) * int(v) for v in pay)),
                        median2=stat(math.floor((n + 1) / 2)) + stat(math.ceil((n + 1) / 2)),
                        low=stat(max(1, math.floor(n / 2.0 - Z95 / 2 * math.sqrt(n)))),
                        high=stat(min(n, math.ceil(n / 2.0 + 1 + Z95 / 2 * math.sqrt(n)))))
            return out
        return self._cached(f"pay_summaries:{bonus}", build)

    def pay_blocks(self, assignment: PayAssignment) -> dict:
        def build():
            units = self._pay_units(assignment, False)
            units = units[units["grp"] != assignment.all_minorities]
            out: dict = {}
            grouped = units.groupby(["period", "pay", "grp"])[RECORD_KEY].agg(["size", "sum", "min"])
            for (period, pay, grp), (c, k, m) in grouped.iterrows():
                out.setdefault(_day(period), {}).setdefault(int(pay), {})[grp] = (int(c), int(k), int(m))
            return out
        return self._cached("pay_blocks", build)
