"""Survey results: every question's favourable share, by group, against the reference group
and against the previous wave.

A *wave* is one survey, named in its files ("Staff survey 2025"); its date is the last date a
response was submitted. Waves whose names differ only in a year ("Staff survey 2024", "Staff
survey 2025") are one *series*, and a question asked in two waves of a series under the same
question id is compared between them.

For each question with favourable answers (five-point agree scales, yes / no and choice
questions whose question list says which answers are favourable; free-text comments are not
counted here), in each breakdown cell (the whole council, each directorate, managers and other
staff, each sex, disabled and other staff, by default), the figures are:

* ``survey.favourable``: each ethnic group's favourable share, favourable answers / answers,
  with its Wilson interval; ``All respondents`` too (Not stated is its own group);
* ``survey.gap``: each group's share minus the reference group's, in percentage points,
  ``100 (x_g / n_g - x_ref / n_ref)``, with a Newcombe interval and a pooled two-proportion z
  test, Holm-adjusted across the cell's groups;
* the change of each share since the series' previous wave (``engine.change``: a
  two-proportion z test).

**Protection** (the one policy, ``engine.disclosure``): every count of answers is published by
the cell key method on the respondents' keys, so the same respondents get the same figure in
every cell, table and run; a group of fewer than ``survey_min_responses`` answers is rolled up
along the ethnic hierarchy first and, if still small, hidden with its reason; a gap needs both
its groups at the threshold. Intervals and tests are worked out from the published counts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from . import groupings, statistics
from .aggregate import NO_KEY, Breakdown, add_counts, count, pick
from .change import Change, changes
from .compute import Parameters
from .disclosure import DisclosurePolicy, SuppressionEntry, within
from .questions import COUNTED_TYPES, Question
from .results import NOT_COMPUTABLE, SUPPRESSED, Result, breakdown_label, sort_key
from .rollup import ALL_GROUPS, groups
from .workforce import EMPTY_TABLES, WorkforceData

SHARE = "survey.favourable"
GAP = "survey.gap"
KINDS = {SHARE: "survey", GAP: "survey"}
ALL_RESPONDENTS = "All respondents"
MANAGES, DOES_NOT = "Yes", "No"  # the manager cells: "Manager Yes" (manages staff), "Manager No"
SURVEY_DIMENSIONS = ("directorate", "manager", "sex", "disability")
DEFAULT_BREAKDOWNS = tuple(Breakdown(d) for d in ((), ("directorate",), ("manager",), ("sex",), ("disability",)))
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?:\s*[-/]\s*\d{2,4})?(?!\d)")


def series_of(survey: str) -> str:
    """The series a wave belongs to: its name with the year taken out ("Staff survey 2025" and
    "Staff survey 2024/25" are waves of "Staff survey")."""
    return re.sub(r"\s+", " ", _YEAR.sub(" ", survey)).strip(" -–:,") or survey


@dataclass(frozen=True)
class Wave:
    survey: str
    series: str
    date: dt.date
    previous: str | None  # the series' wave before this one, if any


class SurveyFigure(NamedTuple):
    """One figure about one question of one wave (``result.period`` is the wave's date)."""
    survey: str
    question: str
    result: Result


class SurveyChange(NamedTuple):
    survey: str
    question: str
    change: Change


@dataclass
class SurveyResults:
    waves: list[Wave]
    questions: list[Question]
    figures: list[SurveyFigure]
    changes: list[SurveyChange] = field(default_factory=list)
    log: list[SuppressionEntry] = field(default_factory=list)


def questions_of(data: WorkforceData) -> list[Question]:
    if not data.has("survey_questions"):
        return []
    t = data.tables["survey_questions"].to_pydict()
    n = len(t.get("survey", []))
    col = {k: t.get(k, [None] * n) for k in ("survey", "id", "text", "type", "favourable", "measure")}
    return [Question(col["survey"][i], col["id"][i], col["text"][i] or col["id"][i], col["type"][i] or "",
                     tuple(a.strip() for a in (col["favourable"][i] or "").split(";") if a.strip()),
                     col["measure"][i] or None)
            for i in range(n)]


def survey_results(data: WorkforceData, parameters: Parameters | None = None, policy: DisclosurePolicy | None = None,
                   breakdowns: tuple[Breakdown, ...] = DEFAULT_BREAKDOWNS) -> SurveyResults:
    """Every counted question of every wave, in every breakdown cell, protected (module docstring).
    The grouping, reference group, adjustment and policy are the measures' (``compute.Parameters``)."""
    p = parameters or Parameters()
    policy = policy or p.policy()
    chosen = groupings.get(p.grouping)
    reference, adjustment = p.resolved_reference(), p.adjustment
    questions = questions_of(data)
    counted = {(q.survey, q.id): q for q in questions if q.counted}
    if not data.has("survey_answers"):
        return SurveyResults([], questions, [])
    con = data.connect()  # once: it keys every record
    try:
        waves = _waves(con)
        table = _count(con, data, breakdowns) if counted else {}
    finally:
        con.close()
    date_of = {w.survey: w.date.isoformat() for w in waves}
    raw: list[SurveyFigure] = []
    for (survey, breakdown, cell), by_key in sorted(table.items(), key=lambda kv: (kv[0][0], kv[0][1].dimensions, kv[0][2])):
        label = breakdown_label(dict(zip(breakdown.dimensions, cell)))
        for qid in sorted({k[0] for k in by_key}):
            if (survey, qid) not in counted:
                continue
            pairs = {grp: c for (q, grp), c in by_key.items() if q == qid}
            for r in _cell(date_of[survey], label, pairs, chosen, reference, policy, adjustment):
                raw.append(SurveyFigure(survey, qid, r))
    disclosed = _disclose(raw, policy)
    return SurveyResults(waves, questions, disclosed.figures, _changes(disclosed.figures, waves), disclosed.log)


def _waves(con) -> list[Wave]:
    """Each wave with its date (its last response) and the series' wave before it, oldest first."""
    rows = con.execute("SELECT survey, max(submitted_date) FROM survey_answers GROUP BY survey").fetchall()
    dated = sorted((d, s) for s, d in rows if s is not None and d is not None)
    last: dict[str, str] = {}
    out = []
    for date, survey in dated:
        series = series_of(survey)
        out.append(Wave(survey, series, date, last.get(series)))
        last[series] = survey
    return out


def _count(con, data: WorkforceData, breakdowns: tuple[Breakdown, ...]) -> dict:
    """``{(wave, breakdown, cell): {(question id, ethnicity): [x, n, kx, kn, mx, mn]}}``."""
    if not data.has("survey_questions"):
        con.execute(f"CREATE TEMP TABLE survey_questions ({EMPTY_TABLES['survey_questions']})")
    units = ("SELECT a.survey AS period, a.question_id, a.ethnicity, a.rkey, a.directorate, a.sex, "
             f"a.disability, CASE WHEN a.is_manager THEN '{MANAGES}' WHEN NOT a.is_manager THEN '{DOES_NOT}' "
             "END AS manager, list_contains(string_split(coalesce(q.favourable, ''), ';'), a.answer) "
             "AS favourable FROM survey_answers a "
             "JOIN survey_questions q ON q.survey = a.survey AND q.id = a.question_id "
             f"WHERE q.type IN ({', '.join(repr(t) for t in COUNTED_TYPES)})")
    table = count(con, units, {"favourable": "favourable"}, list(breakdowns), set(SURVEY_DIMENSIONS),
                  groups=("question_id", "ethnicity"))
    return pick(table, "favourable")


def _cell(period: str, cell: str, pairs: dict, grouping, reference: str, policy: DisclosurePolicy,
          adjustment: str) -> list[Result]:
    """One question's shares and gaps in one cell, from its counts as published."""
    found = policy.published(groups(pairs, grouping, policy.survey_min_responses if policy.protect else 0, reference))
    out = []
    for g in found:
        label = ALL_RESPONDENTS if g.label == ALL_GROUPS else g.label
        share = statistics.proportion(SHARE, period, within(g.x, g.n), g.n, breakdown=cell, group=label,
                                      rolled_up_from=g.rolled_up_from)
        out.append(share if g.x <= g.n else share.with_(numerator=g.x))
    ref = next((g for g in found if g.label == reference), None)
    gaps = []
    for g in found[:-1]:
        if g.label in (reference, "Not stated"):
            continue
        if ref is None:
            gaps.append(Result(GAP, period, cell, g.label, reference, status=NOT_COMPUTABLE,
                               reason=f"no one in the {reference} group answered"))
            continue
        gaps.append(statistics.difference(GAP, period, g.x, g.n, ref.x, ref.n, g.label, g.label, reference,
                                          breakdown=cell, rolled_up_from=g.rolled_up_from))
    return out + (statistics.adjust(gaps, adjustment) if len(gaps) > 1 else gaps)


class _Disclosed(NamedTuple):
    figures: list[SurveyFigure]
    log: list[SuppressionEntry]


def _disclose(raw: list[SurveyFigure], policy: DisclosurePolicy) -> _Disclosed:
    """The policy on every figure: a gap also needs its reference group at the threshold."""
    figures, log = [], []
    for f in raw:
        r = f.result
        disclosed = policy.apply([r], KINDS)
        if (policy.protect and r.measure == GAP and disclosed.results[0].status != SUPPRESSED
                and r.comparator_denominator is not None and r.comparator_denominator < policy.survey_min_responses):
            why = f"fewer than {policy.survey_min_responses} survey responses in the {r.comparator} group"
            disclosed = policy.apply([replace(r, status=SUPPRESSED, reason=why)], KINDS)
        figures.append(SurveyFigure(f.survey, f.question, disclosed.results[0]))
        log.extend(SuppressionEntry(e.measure, f"{f.survey}: {f.question}", e.breakdown, e.group, e.comparator,
                                    e.rule, e.reason) for e in disclosed.log)
    return _Disclosed(figures, log)


def _changes(figures: list[SurveyFigure], waves: list[Wave]) -> list[SurveyChange]:
    """Each share's change since the series' previous wave, question by question."""
    previous = {w.survey: w.previous for w in waves if w.previous}
    by_question: dict[tuple[str, str], list[Result]] = {}
    for f in figures:
        if f.result.measure == SHARE:
            by_question.setdefault((f.survey, f.question), []).append(f.result)
    out = []
    for (survey, qid), results in sorted(by_question.items()):
        before = previous.get(survey)
        if before is None or (before, qid) not in by_question:
            continue
        pair = sorted(by_question[(before, qid)] + results, key=sort_key)
        out.extend(SurveyChange(survey, qid, c) for c in changes(pair, KINDS) if c.period == results[0].period)
    return out


THEME = "survey.theme"


def theme_shares(comments: list[tuple[int | None, str, int]], period: str, parameters: Parameters | None = None,
                 policy: DisclosurePolicy | None = None) -> dict[int, list[Result]]:
    """Each theme's prevalence by ethnic group: of a group's comments, the share whose main theme
    it is, ``x / n`` (Wilson interval), all respondents too.

    ``comments`` are ``(theme id or None, ethnicity category code, respondent's record key)``,
    one per comment. Protected as every survey figure: counts published by the cell key method on
    the respondents' keys, small groups rolled up along the ethnic hierarchy, and a group with
    fewer than ``free_text_min_responses`` published comments hidden with its reason."""
    p = parameters or Parameters()
    policy = policy or p.policy()
    grouping = groupings.get(p.grouping)
    least = policy.free_text_min_responses if policy.protect else 0
    out: dict[int, list[Result]] = {}
    for theme in sorted({t for t, _, _ in comments if t is not None}):
        by_grp: dict[str, list[float]] = {}
        for t, code, key in comments:  # [in the theme, a comment, their keys' sums, their lowest keys]
            mine = t == theme
            add_counts(by_grp.setdefault(code, [0.0, 0.0, 0.0, 0.0, NO_KEY, NO_KEY]),
                       (float(mine), 1.0, key if mine else 0, key, key if mine else NO_KEY, key))
        found = policy.published(groups(by_grp, grouping, least, p.resolved_reference()))
        results = []
        for g in found:
            label = ALL_RESPONDENTS if g.label == ALL_GROUPS else g.label
            share = statistics.proportion(THEME, period, within(g.x, g.n), g.n, group=label,
                                          rolled_up_from=g.rolled_up_from)
            share = share if g.x <= g.n else share.with_(numerator=g.x)
            if policy.protect and g.n < least:
                share = replace(share, status=SUPPRESSED, reason=f"fewer than {least} comments")
            results.append(policy.apply([share], {THEME: "survey"}).results[0])
        out[theme] = results
    return out
