"""Social Care Workforce Race Equality Standard: scwres.1 .. scwres.9 (spec/measures.md §3).

White (every White category) and ethnic minorities (all others), not stated apart. Each
indicator stores its own direction: here ethnic minorities are in the numerator of every
relative likelihood, White the comparator.
"""

from __future__ import annotations

from .. import groupings, statistics
from ..disclosure import within
from ..results import Result, not_computable
from .base import Context, Measure, rates, staff_rate, to_next_snapshot
from .wres import (
    appointed_from_shortlisting,
    entering_formal_process,
    minority_share_counts,
    minority_share_difference,
    non_mandatory_training,
    representation,
    survey_share,
)

WHITE, MINORITIES = "White", "Ethnic minorities"


def white_vs_minorities() -> groupings.Grouping:
    return groupings.get("wres_binary").relabelled(MINORITIES)


def _representation(measure: Measure, ctx: Context) -> list[Result]:
    return representation(measure, ctx, white_vs_minorities())


def leaving(measure: Measure, ctx: Context) -> list[Result]:
    """Staff in the previous snapshot who are not in this one, over the previous headcount."""
    pairs, blocked = to_next_snapshot(ctx, staff_rate(ctx, "left", denominator="has_next"))
    return rates(measure, ctx, pairs, white_vs_minorities(), MINORITIES, WHITE, blocked)


def senior_vs_workforce_and_population(measure: Measure, ctx: Context) -> list[Result]:
    """Senior management minority share vs the workforce's, and vs the local population's."""
    out = minority_share_difference(measure, ctx, "senior", "Senior management", MINORITIES)
    share = ctx.local_population_share
    for period in ctx.periods:
        senior_min, senior = minority_share_counts(ctx, period, "senior")
        common = dict(group=MINORITIES, comparator="Local population")
        if share is None:
            out.append(not_computable(measure.id, period.isoformat(),
                                      "no local population share was supplied (local_population_share)", **common))
        elif senior <= 0:
            out.append(not_computable(measure.id, period.isoformat(),
                                      "no senior managers with a stated ethnicity", **common))
        else:
            low, high = statistics.wilson(within(senior_min, senior), senior)
            out.append(Result(measure=measure.id, period=period.isoformat(), numerator=senior_min,
                              denominator=senior, value=100 * (within(senior_min, senior) / senior - share),
                              ci_low=100 * (low - share), ci_high=100 * (high - share),
                              method="percentage points: senior management share (Wilson interval) minus "
                                     "the census share, taken as known", **common))
    return out


MEASURES = [
    Measure("scwres.1", "Representation by pay band (Social Care WRES 1)",
            "Percentage of staff in each pay band, senior leadership and board who are White, from ethnic "
            "minorities or have not stated an ethnicity.",
            "count(group, band) / count(band)", "closer to the workforce and local population is better",
            "Social Care WRES", "composition", ("staff",), _representation),
    Measure("scwres.2", "Relative likelihood of ethnic-minority applicants being appointed from shortlisting "
            "(Social Care WRES 2)", "Shortlisted applications in the year: ethnic-minority appointment rate over "
            "White.", "(minority appointed / minority shortlisted) / (White appointed / White shortlisted)",
            "1.00 is parity; below 0.80 ethnic-minority applicants are disadvantaged", "Social Care WRES", "rate",
            ("applications",), appointed_from_shortlisting(MINORITIES, WHITE, white_vs_minorities)),
    Measure("scwres.3", "Relative likelihood of ethnic-minority staff entering the formal disciplinary process "
            "(Social Care WRES 3)", "As wres.3, ethnic minorities over White.",
            "(minority entering / minority headcount) / (White entering / White headcount)",
            "1.00 is parity; above 1.25 ethnic-minority staff are more likely to enter", "Social Care WRES", "rate",
            ("staff", "casework"), entering_formal_process("disciplinary", MINORITIES, WHITE, white_vs_minorities)),
    Measure("scwres.4", "Relative likelihood of ethnic-minority staff entering fitness-to-practise processes "
            "(Social Care WRES 4)", "Staff with a fitness-to-practise case (regulator referral) opened in the "
            "year(s), over headcount.",
            "(minority referred / minority headcount) / (White referred / White headcount)",
            "1.00 is parity; above 1.25 ethnic-minority staff are more likely to be referred", "Social Care WRES",
            "rate", ("staff", "casework"),
            entering_formal_process("fitness_to_practise", MINORITIES, WHITE, white_vs_minorities)),
    Measure("scwres.5", "Relative likelihood of ethnic-minority staff accessing non-mandatory CPD "
            "(Social Care WRES 5)", "Staff who started any course that is not mandatory in the year, over "
            "headcount; ethnic minorities over White.",
            "(minority accessing / minority headcount) / (White accessing / White headcount)",
            "1.00 is parity; below 0.80 ethnic-minority staff are disadvantaged", "Social Care WRES", "rate",
            ("staff", "training"), non_mandatory_training(MINORITIES, WHITE, white_vs_minorities)),
    Measure("scwres.6", "Harassment from people who use services, relatives or the public (Social Care WRES 6)",
            "As wres.5 (the question tagged scwres.6, or else wres.5).",
            "respondents not giving the favourable answer / respondents answering", "lower is better",
            "Social Care WRES", "survey", ("survey_answers", "survey_questions"),
            survey_share(False, ("scwres.6", "wres.5"), white_vs_minorities)),
    Measure("scwres.7a", "Harassment from colleagues (Social Care WRES 7a)",
            "Percentage experiencing harassment, bullying or abuse from colleagues (the question tagged "
            "scwres.7a, or else wres.6).", "respondents not giving the favourable answer / respondents answering",
            "lower is better", "Social Care WRES", "survey", ("survey_answers", "survey_questions"),
            survey_share(False, ("scwres.7a", "wres.6"), white_vs_minorities)),
    Measure("scwres.7b", "Harassment from managers (Social Care WRES 7b)",
            "Percentage experiencing harassment, bullying or abuse from managers (the question tagged "
            "scwres.7b, or else wres.6).", "respondents not giving the favourable answer / respondents answering",
            "lower is better", "Social Care WRES", "survey", ("survey_answers", "survey_questions"),
            survey_share(False, ("scwres.7b", "wres.6"), white_vs_minorities)),
    Measure("scwres.8", "Relative likelihood of ethnic-minority staff leaving (Social Care WRES 8)",
            "Staff in the previous snapshot who are not in this one, over the previous headcount.",
            "(minority leavers / minority previous headcount) / (White leavers / White previous headcount)",
            "1.00 is parity; above 1.25 ethnic-minority staff are more likely to leave", "Social Care WRES",
            "rate", ("staff",), leaving),
    Measure("scwres.9", "Senior management compared with the workforce and the local population "
            "(Social Care WRES 9)", "Percentage-point differences between the ethnic-minority share of senior "
            "management and (a) the workforce's, (b) the local population's (census share supplied).",
            "senior minority % - workforce minority %; senior minority % - population minority %",
            "0 is parity; below 0 senior management is less diverse", "Social Care WRES", "difference",
            ("staff",), senior_vs_workforce_and_population),
]
