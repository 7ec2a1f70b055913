"""NHS Workforce Race Equality Standard: wres.1 .. wres.9 (spec/measures.md §2).

White and BME as the standard defines them (``wres_binary``); not stated is shown in wres.1 and
excluded from the ratios of 2-4 and 9. Directions differ: 2 and 4 put White in the numerator,
3 puts BME in the numerator. 1.00 is parity; 0.80-1.25 is the non-adverse band.
"""

from __future__ import annotations

from .. import groupings, statistics
from ..aggregate import NO_KEY, OVERALL, keyed, lowest, pick
from ..counts import GRADE
from ..results import Result, not_computable
from .base import Context, Measure, composition, rates, rolling, staff_rate

WHITE, BME = "White", "BME"
LEVELS = {"senior": "Senior leadership", "board": "Board"}


def binary() -> groupings.Grouping:
    return groupings.get("wres_binary")


def representation(measure: Measure, ctx: Context, grouping="wres_binary", characteristic: str = "ethnicity") -> list[Result]:
    """Composition by grade (always) and the requested breakdowns, then senior leadership and board."""
    grouping = groupings.get(grouping) if isinstance(grouping, str) else grouping
    table = ctx.counts.staff(characteristic)
    out = composition(measure, ctx, table, "n", grouping, extra=(GRADE,))
    for flag, level in LEVELS.items():
        out += composition(measure, ctx, table, flag, grouping, only=(OVERALL,),
                           cell_label=lambda key, level=level: f"level={level}")
    return out


def appointed_from_shortlisting(focus: str, comparator: str, grouping_of=binary, characteristic: str = "ethnicity"):
    def compute(measure: Measure, ctx: Context) -> list[Result]:
        pairs = pick(ctx.counts.applications(characteristic), "appointed")
        return rates(measure, ctx, pairs, grouping_of(), focus, comparator)
    return compute


def entering_formal_process(flag: str, focus: str, comparator: str, grouping_of=binary,
                            characteristic: str = "ethnicity"):
    """Staff entering a formal process in the year, over headcount; rolling over ``rolling_years``.

    With a 2-year window the numerator is the entries of this and the previous year and the
    denominator both snapshots' headcounts (person-years); the relative likelihood equals the
    standard's "entries over mean headcount" ratio, and each group's rate is per person-year.
    """
    def compute(measure: Measure, ctx: Context) -> list[Result]:
        pairs, blocked = rolling(ctx, staff_rate(ctx, flag, characteristic), max(1, ctx.rolling_years))
        return rates(measure, ctx, pairs, grouping_of(), focus, comparator, blocked)
    return compute


def non_mandatory_training(focus: str, comparator: str, grouping_of=binary):
    def compute(measure: Measure, ctx: Context) -> list[Result]:
        return rates(measure, ctx, staff_rate(ctx, "non_mandatory"), grouping_of(), focus, comparator)
    return compute


def survey_share(report_favourable: bool, tags: tuple[str, ...], grouping_of=binary):
    """% of respondents giving (or not giving) a favourable answer to the tagged question."""
    def compute(measure: Measure, ctx: Context) -> list[Result]:
        tag = ctx.counts.survey_tag(tags)
        if tag is None:
            return [not_computable(measure.id, p.isoformat(), f"no survey question is tagged {' or '.join(tags)}")
                    for p in ctx.periods]
        pairs = pick(ctx.counts.survey(tag), "favourable" if report_favourable else "unfavourable")
        return rates(measure, ctx, pairs, grouping_of(), compare=False)
    return compute


def minority_share_counts(ctx: Context, period, flag: str) -> tuple[float, float]:
    """Published counts at the snapshot: ethnic-minority staff with ``flag`` and all staff with a
    stated ethnicity and ``flag`` (``flag`` ``n`` for everyone)."""
    cell = ctx.counts.staff().get((period, OVERALL, ()), {})
    stated = [c for g, c in cell.items() if g != "not_stated"]
    minority = [c for g, c in cell.items() if g != "not_stated" and not g.startswith("white_")]
    k, m = keyed(flag), lowest(flag)
    x = ctx.policy.published_count(sum(c[flag] for c in minority), sum(c[k] for c in minority),
                                   min((c[m] for c in minority), default=NO_KEY))
    n = ctx.policy.published_count(sum(c[flag] for c in stated), sum(c[k] for c in stated),
                                   min((c[m] for c in stated), default=NO_KEY))
    return x, n


def minority_share_difference(measure: Measure, ctx: Context, flag: str, first: str, group: str) -> list[Result]:
    """Percentage points: minority share among ``flag`` staff minus among all staff (stated only),
    from the published counts."""
    out = []
    for period in ctx.periods:
        x1, n1 = minority_share_counts(ctx, period, flag)
        x2, n2 = minority_share_counts(ctx, period, "n")
        out.append(statistics.difference(measure.id, period.isoformat(), x1, n1, x2, n2, group, first, "Workforce"))
    return out


def board_minus_workforce(measure: Measure, ctx: Context) -> list[Result]:
    """wres.9: board BME % minus workforce BME % (percentage points), not stated excluded."""
    return minority_share_difference(measure, ctx, "board", "Board", BME)


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
