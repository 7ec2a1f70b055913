"""The seed action plan's measures: every "Measures" bullet of the joint plan that data can answer.

Each measure quotes the bullet it answers (``seed``). "BAME" in those quotes is the plan's own
wording; Parity's figures say "ethnic minorities" (White British compared with everyone else:
the ``white_british_vs_minorities`` grouping).
"""

from __future__ import annotations

from .. import groupings
from ..aggregate import pick
from ..results import Result, not_computable
from .base import Context, Measure, composition, rates, staff_rate

MINORITIES, WHITE_BRITISH = "Ethnic minorities", "White British"


def minorities() -> groupings.Grouping:
    return groupings.get("white_british_vs_minorities")


def _senior(measure: Measure, ctx: Context) -> list[Result]:
    return composition(measure, ctx, ctx.counts.staff(), "senior", minorities())


def _panels(measure: Measure, ctx: Context) -> list[Result]:
    return rates(measure, ctx, pick(ctx.counts.panels(), "with_minority"), None, whole="All panels")


def _training_completion(measure: Measure, ctx: Context) -> list[Result]:
    return rates(measure, ctx, staff_rate(ctx, "programme"), minorities(), MINORITIES, WHITE_BRITISH)


def _managers_trained(measure: Measure, ctx: Context) -> list[Result]:
    return rates(measure, ctx, staff_rate(ctx, "manager_trained", denominator="manager"), None,
                 whole="All managers")


def _decision_makers(measure: Measure, ctx: Context) -> list[Result]:
    return rates(measure, ctx, pick(ctx.counts.decision_makers(), "minority", "stated"), None, whole="All cases")


def _litigation(measure: Measure, ctx: Context) -> list[Result]:
    return rates(measure, ctx, pick(ctx.counts.cases(), "litigated"), minorities(), MINORITIES, WHITE_BRITISH)


def _positive(kind: str):
    def compute(measure: Measure, ctx: Context) -> list[Result]:
        pairs = pick(ctx.counts.cases(), f"{kind}_positive", kind)
        return rates(measure, ctx, pairs, minorities(), MINORITIES, WHITE_BRITISH)
    return compute


def _trained_ever(flag: str):
    def compute(measure: Measure, ctx: Context) -> list[Result]:
        return rates(measure, ctx, staff_rate(ctx, flag), minorities(), MINORITIES, WHITE_BRITISH)
    return compute


def _no_data_file(what: str):
    def compute(measure: Measure, ctx: Context) -> list[Result]:
        return [not_computable(measure.id, p.isoformat(),
                               f"no data file records {what}; record it in the plan as a manual measure")
                for p in ctx.periods]
    return compute


MEASURES = [
    Measure("plan.senior_leadership", "Ethnic-minority staff in senior leadership and management roles",
            "Share of staff in senior leadership and management roles (is_senior_leader) who are from ethnic "
            "minorities, White British or not stated.", "count(group, senior) / count(senior)",
            "closer to the workforce share is better", "Seed action plan", "composition", ("staff",), _senior,
            seed="% of BAME staff employed in senior leadership and management roles"),
    Measure("plan.panels_with_minority_member", "Recruitment panels with an ethnic-minority member",
            "Percentage of recruitment panels in the year with at least one member from an ethnic minority.",
            "panels with members_ethnic_minority > 0 / panels", "higher is better", "Seed action plan", "rate",
            ("panels",), _panels, seed="% of recruitment panels with representation from BAME staff"),
    Measure("plan.training_completion", "Staff completing apprenticeships and training programmes",
            "Staff who completed an apprenticeship, leadership or non-mandatory programme started in the year, "
            "over headcount, by group; ethnic minorities compared with White British.",
            "completers(group) / headcount(group)", "higher is better; 1.00 is parity", "Seed action plan", "rate",
            ("staff", "training"), _training_completion,
            seed="% of BAME staff completing apprenticeships and training programmes"),
    Measure("plan.managers_trained_race_equality", "Managers trained to support cases of racial discrimination",
            "Managers (is_manager) who have completed a manager race equality course by the snapshot date.",
            "trained managers / managers (number and %)", "higher is better", "Seed action plan", "rate",
            ("staff", "training"), _managers_trained,
            seed="Number and % of managers trained to support cases of racial discrimination"),
    Measure("plan.minority_decision_makers", "Ethnic-minority decision makers in grievance and disciplinary cases",
            "Grievance and disciplinary cases opened in the year whose decision maker is from an ethnic "
            "minority, over cases with a stated decision-maker ethnicity.",
            "cases with a minority decision maker / cases (number and %)", "closer to the workforce share is better",
            "Seed action plan", "rate", ("casework",), _decision_makers,
            seed="Number and % of BAME colleagues who take on the role of 'decision makers' in formal meetings "
                 "and casework in the Grievance and Disciplinary processes"),
    Measure("plan.cases_litigation", "Cases subject to litigation, by the ethnicity of the staff involved",
            "Formal cases opened in the year that went to internal or external litigation, over cases, by "
            "the ethnic group of the person concerned.", "litigated cases(group) / cases(group)",
            "lower is better; 1.00 is parity", "Seed action plan", "rate", ("staff", "casework"), _litigation,
            seed="Number and % of cases involving BAME staff subject to litigation (both internal and external)"),
    Measure("plan.harassment_positive_outcome", "Positive outcomes after harassment or bullying cases",
            "Bullying and harassment cases opened in the year with a positive resolution reported, over those "
            "cases, by the ethnic group of the person concerned.", "positive(group) / cases(group)",
            "higher is better; 1.00 is parity", "Seed action plan", "rate", ("staff", "casework"),
            _positive("harassment"),
            seed="% of BAME Staff reporting positive outcomes following harassment or bullying incidents"),
    Measure("plan.casework_positive_resolution", "Positive resolution of grievance and disciplinary cases",
            "Grievance and disciplinary cases opened in the year with a positive resolution reported, over "
            "those cases, by ethnic group.", "positive(group) / cases(group)", "higher is better; 1.00 is parity",
            "Seed action plan", "rate", ("staff", "casework"), _positive("grievance_disciplinary"),
            seed="% of BAME Staff reporting positive resolution following all stages of grievance/disciplinary "
                 "procedures"),
    Measure("plan.allies_trained", "Staff trained as allies",
            "Staff who have completed an allyship course by the snapshot date, over headcount, by group.",
            "trained(group) / headcount(group) (number and %)", "higher is better", "Seed action plan", "rate",
            ("staff", "training"), _trained_ever("allyship"), seed="Number and % of Allies trained across the council"),
    Measure("plan.eia_trained", "Staff trained in equality impact assessment",
            "Staff who have completed an equality impact assessment course by the snapshot date, over "
            "headcount, by group (staff network membership is not in the HR data).",
            "trained(group) / headcount(group)", "higher is better", "Seed action plan", "rate",
            ("staff", "training"), _trained_ever("eia"),
            seed="Numbers and % of BAME Staff Network members trained and involved in EIA assessments"),
    Measure("plan.eia_considering_ethnicity", "Equality impact assessments that consider ethnicity",
            "Equality impact assessments informing policy, service reviews and developments that consider "
            "ethnicity. No input file carries EIAs: a manual measure in the plan.",
            "EIAs considering ethnicity (count, from the plan)", "higher is better", "Seed action plan", "manual",
            ("eia_register",), _no_data_file("equality impact assessments"),
            seed="Increase in use of Equality Impact Assessments related to ethnicity to inform policy, service "
                 "reviews and service developments"),
    Measure("plan.engagement_events", "Engagement activities and events celebrating diversity",
            "Number of engagement activities and events held. No input file carries events: a manual measure "
            "in the plan.", "events held (count, from the plan)", "higher is better", "Seed action plan", "manual",
            ("events_register",), _no_data_file("engagement events"),
            seed="Numbers and level of engagement activities and events to celebrate diversity"),
]
