"""Survey results: stored with each recompute, read by the survey pages (never recomputed on a view).

What each role sees (ADR 0014): everyone signed in, each wave's questions by ethnic group for the
whole council and for the directorates they may see (``accounts.roles.visible_directorates``),
and one-way tables (all respondents of each manager, sex and disability category, no ethnic
group within them). Ethnic groups within those categories are the analysts', as the staff
tables' intersections are (ADR 0009).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...engine import registry
from ...engine import survey as engine_survey
from ...engine.compute import Parameters
from ...engine.results import FIELDS, OVERALL
from ...engine.sentences import sentence
from ...engine.survey import ALL_RESPONDENTS, GAP, SHARE
from ..bulk_insert import insert_rows, json_value
from ..dashboards import wording
from ..dashboards.services import group_labels, group_order
from ..workforce.models import SurveyQuestion
from .models import StoredSurveyChange, StoredSurveyFigure

CHANGE_FIELDS = list(engine_survey.Change._fields)
# the categories other than ethnicity a survey page is by: (dimension, how a page names it)
DIMENSIONS = (("manager", "manager or not"), ("sex", "sex"), ("disability", "disability"))
# (a manager cell reads "Manager Yes" or "Manager No": whether the respondent manages staff)


def store(computed_pk: int, grouping: str, found: engine_survey.SurveyResults) -> None:
    """Every wave's figures in one grouping (``engine.survey.survey_results``), stored with the
    computed set."""
    as_json = json_value(StoredSurveyFigure, "rolled_up_from")
    insert_rows(StoredSurveyFigure, ["computed_set", "grouping", "survey", "question", *FIELDS], (
        [computed_pk, grouping, f.survey, f.question] + [
            as_json(list(v)) if name == "rolled_up_from" else v for name, v in ((n, getattr(f.result, n))
                                                                                for n in FIELDS)]
        for f in found.figures))
    insert_rows(StoredSurveyChange, ["computed_set", "grouping", "survey", "question", *CHANGE_FIELDS], (
        [computed_pk, grouping, c.survey, c.question] + [getattr(c.change, n) for n in CHANGE_FIELDS]
        for c in found.changes))


CATEGORY_WORDS = {"manager=Yes": "Managers", "manager=No": "Not managers"}


def category_words(breakdown: str) -> str:
    """A category as a row of a table names it: "manager=Yes" -> "Managers", "sex=Female" ->
    "Female", "sex=Not stated" -> "Sex not stated"."""
    if breakdown in CATEGORY_WORDS:
        return CATEGORY_WORDS[breakdown]
    dimension, _, value = breakdown.partition("=")
    return f"{dimension.capitalize()} {value.lower()}" if value in ("Not stated", "Not recorded") else value


def min_responses(computed) -> int:
    """The fewest responses a survey figure of this set needs (the set's disclosure policy)."""
    return Parameters(min_cell=(computed.parameters or {}).get("min_cell", Parameters.min_cell)).policy() \
        .survey_min_responses


@dataclass(frozen=True)
class View:
    """What a survey page shows: a wave, a cell (the whole council or a directorate), a grouping,
    and for analysts the ethnic groups within one other category (``within``)."""
    survey: str
    directorate: str = ""
    grouping: str = "ons5"
    within: str = ""  # "", or a DIMENSIONS name (analysts)

    @property
    def breakdown(self) -> str:
        return f"directorate={self.directorate}" if self.directorate else OVERALL


def _key(computed) -> tuple[int, str]:
    """What the per-worker caches know a computed set by (it never changes once stored)."""
    return computed.pk, computed.created_at.isoformat()


def waves(computed) -> list[dict]:
    """The waves with figures in a computed set, newest first: name and date."""
    return [{"survey": s, "date": d} for d, s in _waves(_key(computed))]


@lru_cache(maxsize=16)
def _waves(key: tuple[int, str]) -> tuple[tuple[str, str], ...]:
    rows = (StoredSurveyFigure.objects.filter(computed_set_id=key[0], breakdown=OVERALL, measure=SHARE)
            .values_list("period", "survey").distinct())
    return tuple(sorted(set(rows), reverse=True))


def directorates(computed, survey: str) -> tuple[str, ...]:
    return _directorates(_key(computed), survey)


@lru_cache(maxsize=16)
def _directorates(key: tuple[int, str], survey: str) -> tuple[str, ...]:
    prefix = "directorate="
    cells = (StoredSurveyFigure.objects.filter(computed_set_id=key[0], survey=survey, measure=SHARE,
                                               breakdown__startswith=prefix).values_list("breakdown", flat=True))
    return tuple(sorted({b[len(prefix):] for b in cells}))


def questions(survey: str) -> list[SurveyQuestion]:
    """The wave's question list as imported (current version), in its file's order."""
    return list(SurveyQuestion.objects.filter(version__is_current=True, survey=survey).order_by("id"))


def row_for(r, change, title: str) -> dict:
    """A figure as the dashboards' table rows carry it (``dashboards/_rows.html``)."""
    kind = "difference" if r.measure == GAP else "survey"
    return {"result": r, "change": change, "kind": kind, "mode": "points" if r.measure == GAP else "share",
            "group": r.group, "records": None,
            "sentence": wording.in_words(sentence(r, title, kind, change, before="the previous survey"))}


def page(computed, view: View) -> dict:
    """A wave's questions, each with its tables for the view (a computed set never changes once
    stored, so each worker builds a view once and keeps it)."""
    return _page(_key(computed), view)


@lru_cache(maxsize=64)
def _page(key: tuple[int, str], view: View) -> dict:
    computed_pk = key[0]
    figures = StoredSurveyFigure.objects.filter(computed_set_id=computed_pk, grouping=view.grouping,
                                                survey=view.survey)
    changes = StoredSurveyChange.objects.filter(computed_set_id=computed_pk, grouping=view.grouping,
                                                survey=view.survey)
    one_way = [f"{d}=" for d, _ in DIMENSIONS]
    wanted = [view.breakdown] if view.directorate else [OVERALL]
    rows = [f for f in figures.order_by("question", "id")
            if f.breakdown in wanted or (not view.directorate and ";" not in f.breakdown
                                         and any(f.breakdown.startswith(p) for p in one_way))]
    by_change = {(c.question, c.breakdown, c.group): c.as_change()
                 for c in changes if c.breakdown in wanted or not view.directorate}
    labels = group_labels(view.grouping)
    out = []
    for q in questions(view.survey):
        mine = [f for f in rows if f.question == q.question_id]
        title = q.text
        shares, gaps, by_category = [], [], {d: [] for d, _ in DIMENSIONS}
        category_gaps = {d: [] for d, _ in DIMENSIONS}
        for f in mine:
            r = f.as_result()
            change = by_change.get((f.question, r.breakdown, r.group)) if r.measure == SHARE else None
            row = row_for(r, change, title)
            if r.breakdown in wanted:
                (gaps if r.measure == GAP else shares).append(row)
                continue
            dim = r.breakdown.partition("=")[0]
            if view.within == dim:  # each row named by its category too: "Managers: Asian ..."
                named = {**row, "group": f"{category_words(r.breakdown)}: {r.group}"}
                (category_gaps if r.measure == GAP else by_category)[dim].append(named)
            elif r.group == ALL_RESPONDENTS and r.measure == SHARE:
                by_category[dim].append(row)
        order = (lambda row: (row["result"].breakdown, group_order(row["result"].group, labels)))
        shares.sort(key=order)
        gaps.sort(key=order)
        tables = [{"dimension": d, "rows": sorted(by_category[d], key=order), "one_way": view.within != d,
                   "gaps": sorted(category_gaps[d], key=order),
                   "caption": (f"Favourable answers by ethnic group within each {name}" if view.within == d
                               else f"Favourable answers by {name}, all ethnic groups together"),
                   "gap_caption": f"Each group's favourable share compared with the reference group's, within each "
                                  f"{name}"}
                  for d, name in DIMENSIONS if by_category[d]]
        reference = next((row["result"].comparator for row in gaps), "")
        standard = registry.MEASURES.get(q.measure or "")
        out.append({"id": q.question_id, "text": q.text, "type": q.type,
                    "standard": {"anchor": standard.id, "title": standard.title} if standard else None,
                    "favourable": [a for a in (q.favourable or "").split(";") if a],
                    "counted": bool(mine), "shares": shares, "gaps": gaps, "categories": tables,
                    "gap_caption": f"Each group's favourable share compared with the {reference} group's"})
    return {"questions": out}


def csv_rows(view_page: dict, question: str, table: str) -> list[dict]:
    """One table of a survey page, as the dashboards' download rows."""
    for q in view_page["questions"]:
        if q["id"] != question:
            continue
        if table == "groups":
            return q["shares"] + q["gaps"]
        return next((t["rows"] + t["gaps"] for t in q["categories"] if t["dimension"] == table), [])
    return []


def clear_caches() -> None:
    for cached in (_waves, _directorates, _page):
        cached.cache_clear()
