"""The workforce profile dashboard: stored results (never recomputed on a page view), as rows.

Every figure comes from the current ``ComputedSet`` (already through the disclosure policy),
with its change since the previous snapshot (``StoredChange``) and a plain-English sentence
(``engine.sentences``). A view is chosen by its filters (snapshot, directorate), which live in
the URL.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from ...engine import groupings, registry
from ...engine import population as engine_population
from ...engine.ethnicity import NOT_STATED
from ...engine.grades import GradeBand, parse_bands
from ...engine.measures import pay
from ...engine.measures.pay import QUARTERS
from ...engine.results import OVERALL, Result, dimension_of
from ...engine.rollup import ALL_GROUPS, MINORITIES_COMBINED
from ...engine.sentences import sentence
from ..measures import local_population
from ..measures.models import ComputedSet, MeasureSettings, StoredChange, StoredResult
from . import charts, drilldown, facts, wording

STANDARDS = ("NHS WRES", "Social Care WRES", "WDES")
STANDARDS_INTRO = ("Every indicator of the Workforce Race Equality Standard (WRES), the Social Care WRES and the "
                   "Workforce Disability Equality Standard (WDES), with its interval, band and the year before. "
                   "\"BME\" is the label the WRES itself uses.")


OVERVIEW_MEASURES = ("workforce.declaration_rate", "workforce.composition")


@dataclass(frozen=True)
class Filters:
    snapshot: str
    directorate: str = ""  # "" is the whole council
    grouping: str = "ons5"  # engine.groupings: every computed set holds results in each
    grade_band: str = ""  # "" is every grade; a band shows each of its grades' own figures
    band_grades: tuple[str, ...] = ()

    @property
    def breakdown(self) -> str:
        return f"directorate={self.directorate}" if self.directorate else OVERALL

    @property
    def band_breakdowns(self) -> list[str]:
        return [f"grade={g}" for g in self.band_grades]


def chosen_grouping(computed: ComputedSet) -> str:
    """The grouping an administrator chose (``MeasureSettings``) when the set was computed."""
    return (computed.parameters or {}).get("grouping", "ons5")


def grade_bands() -> list[GradeBand]:
    """The council's grade bands (``MeasureSettings.grade_bands``); none when unset or unreadable."""
    try:
        return parse_bands(MeasureSettings.current().grade_bands)
    except ValueError:
        return []


LARGE_FIELDS = ("provenance", "methodology", "suppression_log")  # not needed to find the figures


def current_set() -> ComputedSet | None:
    """The current computed set, without its large JSON fields (read on every page view)."""
    return (ComputedSet.objects.filter(is_current=True, status=ComputedSet.Status.DONE)
            .defer(*LARGE_FIELDS).first())


def methodology(computed: ComputedSet) -> tuple[str, ...]:
    """How the set's figures are protected: the methodology the engine wrote from the policy in force."""
    return _methodology(computed.pk)


@lru_cache(maxsize=16)
def _methodology(computed_pk: int) -> tuple[str, ...]:
    return tuple(ComputedSet.objects.filter(pk=computed_pk).values_list("methodology", flat=True).first() or ())


def snapshots(computed: ComputedSet) -> list[str]:
    """Snapshot dates with results, newest first."""
    return list(_snapshots(computed.pk))


@lru_cache(maxsize=16)
def _snapshots(computed_pk: int) -> tuple[str, ...]:
    periods = (StoredResult.objects.filter(computed_set_id=computed_pk, measure="workforce.declaration_rate")
               .values_list("period", flat=True))
    return tuple(sorted(set(periods), reverse=True))


def directorates(computed: ComputedSet) -> list[str]:
    return list(_directorates(computed.pk))


@lru_cache(maxsize=16)
def _directorates(computed_pk: int) -> tuple[str, ...]:
    prefix = "directorate="
    names = (StoredResult.objects.filter(computed_set_id=computed_pk, measure="workforce.declaration_rate",
                                         breakdown__startswith=prefix).values_list("breakdown", flat=True))
    return tuple(sorted({b[len(prefix):] for b in names}))


def measure_rows(computed: ComputedSet, measure_ids: list[str], filters: Filters,
                 breakdown_prefix: str | None = None, intersections: bool = False) -> dict[str, list[dict]]:
    """Per measure, its results for the chosen snapshot and breakdown (or every cell of a
    breakdown dimension, ``breakdown_prefix`` such as ``grade=``; with ``intersections``, also the
    intersections starting with it, for the analyst's explorer; a dimension's name alone, such as
    ``sex``, the one-way table: each of its cells' all-groups row and nothing else), each with its
    change and sentence."""
    results = StoredResult.objects.filter(computed_set=computed, grouping=filters.grouping, measure__in=measure_ids,
                                          period=filters.snapshot)
    changes = StoredChange.objects.filter(computed_set=computed, grouping=filters.grouping, measure__in=measure_ids,
                                          period=filters.snapshot)
    if breakdown_prefix and is_one_way(breakdown_prefix):  # whole staff per cell: no group, no comparison
        cells = {"breakdown__startswith": f"{breakdown_prefix}=", "group": ALL_GROUPS, "comparator__isnull": True}
        results = results.filter(**cells).exclude(breakdown__contains=";")
        changes = changes.filter(**cells).exclude(breakdown__contains=";")
    elif breakdown_prefix:  # one dimension's cells, not an intersection that starts with it unless asked
        results = results.filter(breakdown__startswith=breakdown_prefix)
        changes = changes.filter(breakdown__startswith=breakdown_prefix)
        if not intersections:
            results, changes = results.exclude(breakdown__contains=";"), changes.exclude(breakdown__contains=";")
    elif filters.grade_band:
        results = results.filter(breakdown__in=filters.band_breakdowns)
        changes = changes.filter(breakdown__in=filters.band_breakdowns)
    else:
        results = results.filter(breakdown=filters.breakdown)
        changes = changes.filter(breakdown=filters.breakdown)
    by_key = {(c.measure, c.breakdown, c.group, c.comparator): c.as_change() for c in changes}
    kinds = registry.kinds()
    out: dict[str, list[dict]] = {m: [] for m in measure_ids}
    for row in results.order_by("measure", "breakdown", "id"):
        r = row.as_result()
        change = by_key.get((r.measure, r.breakdown, r.group, r.comparator))
        kind = kinds.get(r.measure, "rate")
        title = measure_title(r.measure)
        named = replace(r, group=wording.everyone(r.measure)) if r.group == ALL_GROUPS else r
        out[r.measure].append({"result": r, "change": change, "kind": kind, "mode": display_mode(r, kind),
                               "group": named.group,
                               "sentence": wording.in_words(sentence(named, title, kind, change)),
                               "records": drilldown.records_link(r, filters.grouping)})
    grades = tuple(g for band in grade_bands() for g in band.grades)
    labels = group_labels(filters.grouping)
    for rows in out.values():  # each cell's rates, then its comparisons, each in the groups' order
        rows.sort(key=lambda row: (cell_order(row["result"].breakdown, grades), row["result"].comparator is not None,
                                   group_order(row["result"].group, labels)))
    return out


def group_labels(grouping: str) -> tuple[str, ...]:
    """The ethnic groups in the order pages give them: the grouping's own (``ons5``: Asian, Black,
    Mixed, White, Other, Not stated), then any other grouping's (the standards' "White" and "BME"
    on a page grouped otherwise)."""
    order = list(groupings.get(grouping).labels) if grouping in groupings.GROUPINGS else []
    for other in groupings.GROUPINGS.values():
        order += [label for label in other.labels if label not in order]
    return tuple(order)


def group_order(group: str, labels: tuple[str, ...]) -> tuple:
    """Where an ethnic group goes in a table, its chart and its download (spec/pages.md, "Order"):
    "All" first, then the groups in ``labels`` order (``group_labels``: parents alphabetically,
    their categories under them, "Other" last), a group combined for small numbers where its first
    member goes, "Ethnic minorities (combined ...)" after them all, and "Not stated" last."""
    if not group or group == ALL_GROUPS or group.startswith("All "):
        return (0, 0, group)
    if group == NOT_STATED:
        return (3, 0, group)
    if group in labels:
        return (1, labels.index(group), group)
    members = group.partition("(combined: ")[2].rstrip(")").split(", ")
    if not group.startswith(MINORITIES_COMBINED) and members[0] in labels:
        return (1, labels.index(members[0]), group)
    return (2, 0, group)


def cell_order(breakdown: str, grades: tuple[str, ...]) -> tuple:
    """Where a cell's rows go in a table, its chart and its download (spec/pages.md, "Order"):
    grades from the highest to the lowest as the council's bands list them (``grades`` in pay
    order, lowest first; a grade in no band after them, A to Z), pay quarters from the upper to
    the lower, any other cell A to Z. An intersection ("grade=PO5;sex=Female") by each part."""
    if breakdown == OVERALL:
        return ()
    key = []
    for part in breakdown.split(";"):
        dim, _, value = part.partition("=")
        if dim == "grade":
            rank = -grades.index(value) if value in grades else 1
        elif dim == "quarter" and value in QUARTERS:
            rank = -QUARTERS.index(value)
        else:
            rank = 0
        key.append((dim, rank, value if rank in (0, 1) else ""))
    return tuple(key)


def display_mode(r: Result, kind: str) -> str:
    """How a result's value reads (``figures.figure``): a share, a percentage, pence, points or a ratio."""
    if pay.in_pence(r.measure):
        return "pence"
    if kind == "pay":
        return "percent"
    if kind == "difference":
        return "points"
    if kind in ("rate", "composition", "survey") and r.comparator is None:
        return "share"
    return "number"


def measure_title(measure_id: str) -> str:
    """A measure's title; a derived measure's says how it differs from its source's (the pay gap
    in pence in the pound is the same gap, given another way)."""
    source = registry.DERIVED.get(measure_id, measure_id)
    title = registry.MEASURES[source].title if source in registry.MEASURES else measure_id
    return f"{title}, in pence in the pound" if pay.in_pence(measure_id) else title


def trend(computed: ComputedSet, measure_id: str, group: str, filters: Filters) -> list[Result]:
    """One group's result for every snapshot, oldest first (the breakdown from the filters)."""
    rows = StoredResult.objects.filter(computed_set=computed, grouping=filters.grouping, measure=measure_id,
                                       group=group, breakdown=filters.breakdown, comparator__isnull=True
                                       ).order_by("period")
    return [r.as_result() for r in rows]


def composition_trend(computed: ComputedSet, filters: Filters) -> dict:
    """Staff by ethnic group at every snapshot (the filters' cell and grouping), oldest first:
    {"groups": [...], "rows": [{"period": ..., "cells": [result or None per group]}]}."""
    stored = StoredResult.objects.filter(computed_set=computed, grouping=filters.grouping,
                                         measure="workforce.composition", breakdown=filters.breakdown,
                                         comparator__isnull=True).order_by("period", "id")
    groups: list[str] = []
    by_period: dict[str, dict[str, Result]] = {}
    for row in stored:
        r = row.as_result()
        if r.group not in groups:
            groups.append(r.group)
        by_period.setdefault(r.period, {})[r.group] = r
    labels = group_labels(filters.grouping)
    groups.sort(key=lambda g: group_order(g, labels))
    return {"groups": groups, "rows": [{"period": p, "cells": [cells.get(g) for g in groups]}
                                       for p, cells in sorted(by_period.items())]}


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    intro: str
    measures: tuple[tuple[str, str | None], ...]  # (measure id, a breakdown dimension to show cell by cell)


# the characteristics other than ethnicity whose one-way tables the outcome pages show (each sex's,
# each disability status's whole staff: never an ethnic group within one, which stays the
# analysts' explorer's; ADR 0009)
ONE_WAY = ("sex", "disability")
TOPICS = {t.slug: t for t in (
    Topic("representation", "Representation by grade",
          "Who is in each grade and level, in senior leadership and on the board (WRES 1 and 9, Social Care WRES 1).",
          (("wres.1", "grade="), ("wres.1", "level="), ("scwres.1", "grade="), ("scwres.1", "level="),
           ("plan.senior_leadership", None),
           ("wres.9", None))),
    Topic("recruitment", "Recruitment",
          "The recruitment funnel (applied, shortlisted, interviewed, appointed) with each group's relative "
          "likelihood at each step; appointment from shortlisting by ethnic group and by disability; panels.",
          (("recruitment.shortlisting", None), ("recruitment.interview", None),
           ("recruitment.appointment_from_interview", None), ("wres.2", None), ("scwres.2", None), ("wdes.2", None),
           ("plan.panels_with_minority_member", None), *(("recruitment.shortlisting", dim) for dim in ONE_WAY))),
    Topic("training", "Training and development",
          "Access to non-mandatory training and continuing professional development, and the plan's training "
          "measures.",
          (("wres.4", None), ("scwres.5", None), ("plan.training_completion", None), ("plan.allies_trained", None),
           ("plan.eia_trained", None), ("plan.managers_trained_race_equality", None))),
    Topic("casework", "Casework",
          "Formal disciplinary, grievance, capability and fitness-to-practise processes, their outcomes, and who "
          "decides them.",
          (("casework.disciplinary", None), ("casework.grievance", None), ("casework.capability", None),
           ("wres.3", None), ("scwres.3", None), ("scwres.4", None), ("wdes.3", None),
           ("plan.minority_decision_makers", None), ("plan.cases_litigation", None),
           ("plan.harassment_positive_outcome", None), ("plan.casework_positive_resolution", None))),
    Topic("pay", "Ethnicity pay gap",
          "Mean and median hourly pay gaps (and pence in the pound), pay quarters, bonuses and non-disclosure.",
          (("pay.mean_gap", None), ("pay.mean_pence_in_pound", None), ("pay.median_gap", None),
           ("pay.median_pence_in_pound", None), ("pay.quartiles", "quarter="), ("pay.representation", None),
           ("pay.non_disclosure", None), ("pay.bonus_mean_gap", None), ("pay.bonus_median_gap", None),
           ("pay.bonus_proportion", None))),
    Topic("retention", "Retention and promotion",
          "Who leaves between snapshots and who is promoted in the year, by ethnic group, then by sex and by "
          "disability.",
          (("workforce.retention", None), *(("workforce.retention", dim) for dim in ONE_WAY), ("scwres.8", None),
           ("workforce.promotion", None), *(("workforce.promotion", dim) for dim in ONE_WAY))),
)}


def is_one_way(cells: str) -> bool:
    """Whether a table's cells name a one-way table (``sex``: the whole staff of each sex, no
    ethnic group within it) rather than a cell-by-cell one (``grade=``) or the page's own ("")."""
    return bool(cells) and "=" not in cells


def page_tables(pages) -> frozenset[tuple[str, str]]:
    """The tables the given pages (``overview``, ``standards``, topic slugs) show, as (measure,
    cells) pairs: a prefix such as ``grade=`` is a topic's cell-by-cell table (each grade's
    ethnic groups), a dimension's name such as ``sex`` its one-way table (``is_one_way``), "" the
    table for the page's filters. A download is one of these and nothing else."""
    tables = set()
    for slug in pages:
        if slug == "overview":
            tables |= {(m, "") for m in OVERVIEW_MEASURES}
        elif slug == "standards":
            tables |= {(m.id, "") for m in standards()}
        elif slug in TOPICS:
            tables |= {(m, prefix or "") for m, prefix in TOPICS[slug].measures}
    return frozenset(tables)


def topic_sections(computed: ComputedSet, topic: Topic, filters: Filters) -> list[dict]:
    """Each of the topic's measures with its rows (cell by cell where the topic says so and the
    whole council is shown; a directorate's own figure otherwise; with a grade band, the
    figures of each of its grades)."""
    out = []
    for measure_id, prefix in topic.measures:
        if prefix and is_one_way(prefix) and (filters.directorate or filters.grade_band):
            continue  # a one-way table is the whole council's
        by_cell = prefix if prefix and not filters.directorate and not filters.grade_band else None
        rows = measure_rows(computed, [measure_id], filters, by_cell)[measure_id]
        one_way = bool(by_cell) and is_one_way(by_cell)
        title = section_title(measure_id, by_cell or "")
        out.append({"id": measure_id, "anchor": measure_id + (f"-{by_cell.rstrip('=')}" if by_cell else ""),
                    "title": title, "by_cell": bool(by_cell or filters.grade_band), "one_way": one_way,
                    "cells": by_cell or "",
                    "definition": registry.MEASURES.get(registry.DERIVED.get(measure_id, measure_id)), "rows": rows,
                    "chart": charts.interval_chart(title, rows, one_way)})
    return out


def section_title(measure_id: str, cells: str) -> str:
    """A table's title: the measure's, and for a one-way table the characteristic it is by
    ("Promotion rate by sex" rather than "... by ethnic group")."""
    title = measure_title(measure_id)
    if not is_one_way(cells):
        return title
    return f"{title.removesuffix(' by ethnic group').removesuffix(', by ethnic group')} by {cells}"


FUNNEL = (("recruitment.shortlisting", "Shortlisted"), ("recruitment.interview", "Interviewed"),
          ("recruitment.appointment_from_interview", "Appointed"))


def funnel(computed: ComputedSet, filters: Filters) -> dict:
    """The recruitment funnel as one table: per group, the applications, then at each step the
    number who passed it, the rate among those who reached it, and the relative likelihood of
    passing it compared with the reference group (hidden or not computable ones say why)."""
    ids = [m for m, _ in FUNNEL]
    rows = measure_rows(computed, ids, filters)
    rates = {(m, row["result"].group): row for m in ids for row in rows[m] if row["result"].comparator is None}
    ratios = {(m, row["result"].group): row for m in ids for row in rows[m] if row["result"].comparator}
    comparators = {row["result"].comparator for m in ids for row in rows[m] if row["result"].comparator}
    groups = [row["result"].group for row in rows[ids[0]] if row["result"].comparator is None]
    return {"steps": [label for _, label in FUNNEL], "reference": ", ".join(sorted(comparators)),
            "groups": [{"label": g, "applied": rates.get((ids[0], g)),
                        "stages": [{"rate": rates.get((m, g)), "ratio": ratios.get((m, g))} for m in ids]}
                       for g in groups]}


def population_comparison(composition: list[dict], declaration: list[dict], filters: Filters) -> dict | None:
    """Each group's share of staff with a stated ethnicity beside its share of the local
    population (``engine.population``), or None when no local population is on file. A
    rolled-up group is compared with the residents of every group it combines."""
    population = local_population.current()
    if population is None:
        return None
    local = engine_population.shares(population.counts(), groupings.get(filters.grouping))
    residents = sum(p.people for p in local.values())
    stated = next((row["result"].numerator for row in declaration if row["result"].group == "All staff"), None)
    stated = int(stated) if stated is not None else None
    rows = []
    for row in composition:
        r = row["result"]
        if r.group == NOT_STATED or r.comparator:
            continue
        names = [n for n in (r.rolled_up_from or (r.group,)) if n in local]
        people = sum(local[n].people for n in names)
        share = engine_population.PopulationShare(r.group, people, people / residents) if names else None
        rows.append(engine_population.compare(r.group, None if r.numerator is None else int(r.numerator), stated,
                                              share))
    return {"area": population.area, "source": population.source, "rows": rows}


EXPLORER_DIMENSIONS = (("grade", "Grade"), ("sex", "Sex"), ("disability", "Disability"))


def explore(computed: ComputedSet, filters: Filters, measure_id: str, dims: tuple[str, ...]) -> dict:
    """The intersection explorer: one measure by ethnic group (columns) within each cell of an
    intersection of grade, sex and disability (rows), whole council; each cell with its count,
    and for a rate the relative likelihood against the reference group."""
    wanted = ";".join(dims)
    rows = [row for row in measure_rows(computed, [measure_id], filters, f"{dims[0]}=", intersections=True)[measure_id]
            if dimension_of(row["result"].breakdown)[0] == wanted]
    columns: list[str] = []
    cells: dict[str, dict[str, dict]] = {}
    for row in rows:
        r = row["result"]
        if r.group not in columns:
            columns.append(r.group)
        entry = cells.setdefault(r.breakdown, {}).setdefault(r.group, {})
        entry["ratio" if r.comparator else "rate"] = row
    return {"measure": measure_id, "title": measure_title(measure_id), "dims": dims, "columns": columns,
            "rows": [{"cell": dimension_of(b)[1].replace(";", ", "), "breakdown": b,
                      "values": [by_group.get(c, {}) for c in columns]} for b, by_group in sorted(cells.items())]}


CSV_HEADER = ["measure", "period", "breakdown", "group", "comparator", "numerator", "denominator", "value",
              "ci_low", "ci_high", "p_value", "status", "reason", "band", "previous_value", "change_significant"]


def csv_rows(rows: list[dict]) -> list[list]:
    """A table's rows for download: the stored (already disclosed) figures, hidden ones blank with
    their reason, and the change since the year before."""
    out = []
    for row in rows:
        r, c = row["result"], row["change"]
        out.append([r.measure, r.period, r.breakdown, r.group, r.comparator, r.numerator, r.denominator, r.value,
                    r.ci_low, r.ci_high, r.p_value, r.status, r.reason, r.band,
                    c.previous_value if c else None, c.significant if c else None])
    return out


def clear_caches() -> None:
    """Forget the figures kept per worker (tests; a computed set itself never changes)."""
    for cached in (_snapshots, _directorates, _methodology, page_context):
        cached.cache_clear()


def standards() -> list:
    return [m for m in registry.select([]) if m.standard in STANDARDS]


@lru_cache(maxsize=64)
def page_context(page: str, computed_pk: int, filters: Filters, slug: str = "") -> dict:
    """What a dashboard page shows for a computed set and filters. A computed set never changes
    once stored, so each worker builds a page's figures (and charts) once and keeps them."""
    computed = ComputedSet.objects.get(pk=computed_pk)
    if page == "overview":
        rows = measure_rows(computed, list(OVERVIEW_MEASURES), filters)
        population = None if filters.grade_band else population_comparison(
            rows["workforce.composition"], rows["workforce.declaration_rate"], filters)
        return {"declaration": rows["workforce.declaration_rate"], "composition": rows["workforce.composition"],
                "main_facts": facts.main_facts(rows["workforce.declaration_rate"] + rows["workforce.composition"]),
                "trend": trend(computed, "workforce.declaration_rate", "All staff", filters),
                "composition_trend": composition_trend(computed, filters),
                "population": population,
                "population_chart": population and charts.population_chart(
                    "Staff and the local population by ethnic group", population["rows"])}
    if page == "explore":
        measure_id, dims = slug.split("|")
        return {"explorer": explore(computed, filters, measure_id, tuple(dims.split("+")))}
    if page == "topic":
        topic = TOPICS[slug]
        sections = topic_sections(computed, topic, filters)
        return {"heading": topic.title, "intro": topic.intro, "sections": sections,
                "main_facts": facts.notable([row for s in sections for row in s["rows"]]),
                "funnel": funnel(computed, filters) if slug == "recruitment" else None}
    measures = standards()
    rows = measure_rows(computed, [m.id for m in measures], filters)
    return {"heading": "Standards indicators", "intro": STANDARDS_INTRO,
            "main_facts": facts.notable([row for m in measures for row in rows[m.id]]),
            "contents": [{"standard": standard, "indicators": [
                {"anchor": m.id, "title": m.title, "headline": facts.headline(rows[m.id])}
                for m in measures if m.standard == standard]} for standard in STANDARDS],
            "sections": [{"id": m.id, "title": m.title, "definition": m, "rows": rows[m.id], "cells": "",
                          "chart": charts.interval_chart(m.title, rows[m.id])} for m in measures]}
