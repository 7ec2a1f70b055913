"""NHS Workforce Race Equality Standard: wres.1 .. wres.9 (spec/measures.md §2).

White and BME as the standard defines them (``wres_binary``); not stated is shown in wres.1 and
excluded from the ratios of 2-4 and 9. Directions differ: 2 and 4 put White in the numerator,
3 puts BME in the numerator. 1.00 is parity; 0.80-1.25 is the non-adverse band.
"""

from __future__ import annotations

from .. import groupings, statistics
from ..aggregate import Breakdown
from ..results import Result, not_computable
from .base import Context, Measure, composition, in_year, rates, snapshots_in_window, staff_units

WHITE, BME = "White", "BME"
SURVEY_DIMS = {"directorate", "sex", "disability"}
APPLICATION_DIMS = {"directorate", "grade", "sex", "disability"}
LEVELS = Breakdown(("level",))


def binary() -> groupings.Grouping:
    return groupings.get("wres_binary")


def level_units(grp: str = "s.ethnicity") -> str:
    """Senior leaders and board members of each snapshot, labelled by level."""
    return (f"SELECT p.period, {grp} AS grp, TRUE AS outcome, 'Senior leadership' AS level FROM periods p "
            f"JOIN staff s ON s.snapshot_date = p.period WHERE s.is_senior_leader "
            f"UNION ALL SELECT p.period, {grp}, TRUE, 'Board' FROM periods p "
            f"JOIN staff s ON s.snapshot_date = p.period WHERE s.is_board_member")


def representation(measure: Measure, ctx: Context, grouping="wres_binary", grp: str = "s.ethnicity") -> list[Result]:
    """Composition by grade and by level; ``grouping`` None means the values themselves."""
    grouping = groupings.get(grouping) if isinstance(grouping, str) else grouping
    wanted = [b for b in ctx.breakdowns if "level" not in b.dimensions]
    if not any(b.dimensions == ("grade",) for b in wanted):
        wanted.append(Breakdown(("grade",)))
    by_grade = composition(measure, ctx, staff_units(grp=grp), grouping,
                           breakdowns=wanted)
    by_level = [r for r in composition(measure, ctx, level_units(grp), grouping, {"level"},
                                       breakdowns=[LEVELS]) if r.breakdown != "overall"]
    return by_grade + by_level


def appointed_from_shortlisting(focus: str, comparator: str, grouping_of=binary, grp: str = "a.ethnicity"):
    def compute(measure: Measure, ctx: Context) -> list[Result]:
        units = (f"SELECT p.period, {grp} AS grp, a.appointed AS outcome, a.directorate, a.grade, "
                 f"a.sex, a.disability FROM periods p JOIN applications a ON {in_year('a.application_date')} "
                 f"WHERE a.shortlisted")
        return rates(measure, ctx, units, grouping_of(), APPLICATION_DIMS, focus, comparator)
    return compute


def entering_formal_process(case_type: str, focus: str, comparator: str, grouping_of=binary,
                            grp: str = "s.ethnicity"):
    """Staff entering a formal process in the year, over headcount; rolling over ``rolling_years``.

    With a 2-year window the numerator is the entries of this and the previous year and the
    denominator both snapshots' headcounts (person-years); the relative likelihood equals the
    standard's "entries over mean headcount" ratio, and each group's rate is per person-year.
    """
    def compute(measure: Measure, ctx: Context) -> list[Result]:
        years = max(1, ctx.rolling_years)
        outcome = (f"EXISTS (SELECT 1 FROM casework c WHERE c.staff_id = s.staff_id AND "
                   f"c.case_type = '{case_type}' AND {in_year('c.opened_date', 's.snapshot_date')})")
        units = staff_units(outcome, grp=grp, window_years=years)
        return rates(measure, ctx, units, grouping_of(), focus=focus, comparator=comparator,
                     periods_ok=snapshots_in_window(ctx, years))
    return compute


def non_mandatory_training(focus: str, comparator: str, grouping_of=binary):
    def compute(measure: Measure, ctx: Context) -> list[Result]:
        outcome = (f"EXISTS (SELECT 1 FROM training t WHERE t.staff_id = s.staff_id AND "
                   f"t.category <> 'mandatory' AND {in_year('t.start_date', 's.snapshot_date')})")
        return rates(measure, ctx, staff_units(outcome), grouping_of(), focus=focus, comparator=comparator)
    return compute


def survey_share(report_favourable: bool, tags: tuple[str, ...], grouping_of=binary):
    """% of respondents giving (or not giving) a favourable answer to the tagged question."""
    def compute(measure: Measure, ctx: Context) -> list[Result]:
        tag_list = ", ".join(f"'{t}'" for t in tags)
        favourable = "list_contains(string_split(coalesce(q.favourable, ''), ';'), a.answer)"
        outcome = favourable if report_favourable else f"NOT {favourable}"
        tagged = ctx.con.execute(f"SELECT count(*) FROM survey_questions WHERE measure IN ({tag_list})").fetchone()[0]
        if not tagged:
            return [not_computable(measure.id, p.isoformat(),
                                   f"no survey question is tagged {' or '.join(tags)}") for p in ctx.periods]
        units = (f"SELECT p.period, a.ethnicity AS grp, {outcome} AS outcome, a.directorate, a.sex, a.disability "
                 f"FROM periods p JOIN survey_answers a ON {in_year('a.submitted_date')} "
                 f"JOIN survey_questions q ON q.survey = a.survey AND q.id = a.question_id "
                 f"WHERE q.measure = (SELECT min(measure) FROM survey_questions WHERE measure IN ({tag_list}))")
        return rates(measure, ctx, units, grouping_of(), SURVEY_DIMS, compare=False)
    return compute


def board_minus_workforce(measure: Measure, ctx: Context) -> list[Result]:
    """wres.9: board BME % minus workforce BME % (percentage points), not stated excluded."""
    rows = ctx.con.execute(
        "SELECT p.period, count(*) FILTER (WHERE s.is_board_member AND s.ethnicity <> 'not_stated'), "
        "count(*) FILTER (WHERE s.is_board_member AND s.ethnicity NOT IN ('not_stated') AND s.ethnicity NOT LIKE 'white_%'), "
        "count(*) FILTER (WHERE s.ethnicity <> 'not_stated'), "
        "count(*) FILTER (WHERE s.ethnicity <> 'not_stated' AND s.ethnicity NOT LIKE 'white_%') "
        "FROM periods p JOIN staff s ON s.snapshot_date = p.period GROUP BY p.period ORDER BY p.period").fetchall()
    return [difference(measure.id, period.isoformat(), board_bme, board, staff_bme, staff, BME,
                       "Board", "Workforce") for period, board, board_bme, staff, staff_bme in rows]


def difference(measure_id: str, period: str, x1: float, n1: float, x2: float, n2: float, group: str,
               first: str, second: str) -> Result:
    """Percentage points between two proportions, with a Newcombe interval."""
    if n1 <= 0 or n2 <= 0:
        return not_computable(measure_id, period, f"no one in the {first if n1 <= 0 else second} count",
                              group=group, comparator=second)
    change = statistics.change_in_proportion(x2, n2, x1, n1)
    return Result(measure=measure_id, period=period, group=group, comparator=second, numerator=x1,
                  denominator=n1, comparator_numerator=x2, comparator_denominator=n2,
                  value=100 * (x1 / n1 - x2 / n2), ci_low=100 * change["ci_low"], ci_high=100 * change["ci_high"],
                  p_value=change["p_value"], method=f"difference in percentage points ({first} minus {second}); "
                  "Newcombe interval treating the two as independent")


MEASURES = [
    Measure("wres.1", "Staff in each grade by ethnicity (WRES 1)",
            "Percentage of staff in each grade, in senior leadership and on the board, who are White, BME or "
            "have not stated an ethnicity, at the snapshot date.",
            "count(group, grade) / count(grade); not stated as its own row",
            "closer to the workforce and local population is better", "NHS WRES", "composition",
            ("staff",), representation),
    Measure("wres.2", "Relative likelihood of White applicants being appointed from shortlisting (WRES 2)",
            "Shortlisted applications in the year to the snapshot date: the appointment rate of White "
            "applicants divided by that of BME applicants.",
            "(White appointed / White shortlisted) / (BME appointed / BME shortlisted)",
            "1.00 is parity; above 1.25 White applicants are favoured", "NHS WRES", "rate",
            ("applications",), appointed_from_shortlisting(WHITE, BME)),
    Measure("wres.3", "Relative likelihood of BME staff entering the formal disciplinary process (WRES 3)",
            "Staff entering a formal disciplinary investigation, over headcount at the snapshot date; "
            "two-year rolling by default (rolling_years).",
            "(BME entering / BME headcount) / (White entering / White headcount)",
            "1.00 is parity; above 1.25 BME staff are more likely to enter", "NHS WRES", "rate",
            ("staff", "casework"), entering_formal_process("disciplinary", BME, WHITE)),
    Measure("wres.4", "Relative likelihood of White staff accessing non-mandatory training and CPD (WRES 4)",
            "Staff who started any course that is not mandatory in the year, over headcount.",
            "(White accessing / White headcount) / (BME accessing / BME headcount)",
            "1.00 is parity; above 1.25 White staff are favoured", "NHS WRES", "rate",
            ("staff", "training"), non_mandatory_training(WHITE, BME)),
    Measure("wres.5", "Harassment, bullying or abuse from the public (WRES 5)",
            "Percentage of survey respondents experiencing harassment, bullying or abuse from people who use "
            "services, their relatives or the public in the last 12 months (the question tagged wres.5).",
            "respondents not giving the favourable answer / respondents answering", "lower is better",
            "NHS WRES", "survey", ("survey_answers", "survey_questions"), survey_share(False, ("wres.5",))),
    Measure("wres.6", "Harassment, bullying or abuse from staff (WRES 6)",
            "Percentage of survey respondents experiencing harassment, bullying or abuse from staff in the "
            "last 12 months (the question tagged wres.6).",
            "respondents not giving the favourable answer / respondents answering", "lower is better",
            "NHS WRES", "survey", ("survey_answers", "survey_questions"), survey_share(False, ("wres.6",))),
    Measure("wres.7", "Belief in equal opportunities for career progression (WRES 7)",
            "Percentage of survey respondents believing the organisation provides equal opportunities for "
            "career progression or promotion (the question tagged wres.7).",
            "respondents giving the favourable answer / respondents answering", "higher is better",
            "NHS WRES", "survey", ("survey_answers", "survey_questions"), survey_share(True, ("wres.7",))),
    Measure("wres.8", "Discrimination from a manager, team leader or colleague (WRES 8)",
            "Percentage of survey respondents personally experiencing discrimination at work from a manager, "
            "team leader or colleagues (the question tagged wres.8).",
            "respondents not giving the favourable answer / respondents answering", "lower is better",
            "NHS WRES", "survey", ("survey_answers", "survey_questions"), survey_share(False, ("wres.8",))),
    Measure("wres.9", "Board BME representation compared with the workforce (WRES 9)",
            "Percentage-point difference between the BME share of the board and the BME share of the "
            "workforce, not stated excluded from both.",
            "board BME % - workforce BME %", "0 is parity; below 0 the board is less diverse",
            "NHS WRES", "difference", ("staff",), board_minus_workforce),
]
