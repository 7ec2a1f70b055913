"""The committee progress report on an action plan, for one reporting period.

What a scrutiny committee or leadership team reads (seed 003's Overview & Scrutiny update, seed
004's progress updates), in this order:

1. **Summary**: how many actions are red, amber and green on the period's last day (the RAG
   rule of ``plans.rag``, its key printed with it), by priority in a chart, and how many
   progress updates, comments and sign-offs the period saw;
2. **Exceptions**: every action that is overdue, red, without a progress update in the period
   (not counting completed actions), or whose RAG was set by hand, with why;
3. **Progress by priority and objective**: each action's status, RAG and due date, with the
   progress updates dated in the period (the current version of each) and the staff network's
   responses to them;
4. **Measures**: each measure linked to the plan with its baseline, latest figure, 95%
   interval, target and verdict, read from one stored computed set (already through the
   disclosure policy: a hidden figure says why, never a number);
5. **Staff survey**: the newest survey up to the period's end, each question by ethnic group, for
   a directorate plan its directorate's (``surveys.report``);
6. **The staff network's comments and sign-offs** in the period;
7. **About this report**: where the figures come from and how they are protected.

No person's name or account appears: leads are shown by role, responses as the staff
network's.
"""

from __future__ import annotations

import datetime as dt

import altair as alt

from ...plans.document import ROLE_TITLES
from ...plans.rag import KEY, rag
from ..dashboards import charts, wording
from ..dashboards import services as dashboard_services
from ..dashboards.templatetags.figures import figure, interval
from ..measures.models import ComputedSet
from ..plans import measure_links, services as plan_services
from ..plans.models import Plan
from ..surveys import report as survey_report
from .content import Bullets, Figure, Heading, Paragraph, Report, Table
from .periods import ReportingPeriod, spoken

TITLE = "Race equality action plan: progress report"
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green"}
RAG_COLOURS = {"Red": "#d4351c", "Amber": "#ffdd00", "Green": "#00703c"}
STATUS_WORDS = {"not_started": "Not started", "in_progress": "In progress", "completed": "Completed",
                "on_hold": "On hold"}
VERDICT_WORDS = {"improved": "Improved", "worsened": "Worsened", "no significant change": "No significant change",
                 "not enough data": "Not enough data"}


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _date(iso: str | None) -> str:
    return spoken(iso) if iso else "no date"


def _current_updates(action: dict, period: ReportingPeriod) -> list[dict]:
    """The action's updates dated in the period, the current version of each, oldest first, each
    with the staff network's responses to it and to the versions it corrected (those marked
    ``earlier``: they answered the words before the correction)."""
    by_id = {u["id"]: u for u in action["updates"]}
    out = []
    for u in action["updates"]:
        if not u["current"] or not period.holds(dt.date.fromisoformat(u["as_of"])):
            continue
        responses, earlier = list(u["responses"]), by_id.get(u["supersedes"])
        while earlier is not None:
            responses = [{**r, "earlier": True} for r in earlier["responses"]] + responses
            earlier = by_id.get(earlier["supersedes"])
        out.append({**u, "responses": responses})
    return out


def _leads(leads: list[dict]) -> str:
    return "; ".join(ROLE_TITLES.get(lead["role"], lead["role"]) + (f": {lead['name']}" if lead["name"] else "")
                     for lead in leads) or "none named"


def _progress_text(updates: list[dict]) -> str:
    if not updates:
        return "No update in the period."
    parts = []
    for u in updates:
        signed = sum(1 for r in u["responses"] if r["kind"] == "sign_off")
        comments = sum(1 for r in u["responses"] if r["kind"] == "comment")
        said = []
        if signed:
            said.append("signed off by the staff network")
        if comments:
            said.append(f"{comments} comment{'s' if comments > 1 else ''} from the staff network")
        parts.append(f"{_date(u['as_of'])}: {u['text']}" + (f" ({'; '.join(said)})" if said else ""))
    return "\n".join(parts)


def as_at(action: dict, end: dt.date) -> dict:
    """The action as it stood on ``end``: its status from the latest progress update dated by then
    (an action changes status only through dated updates; one whose every update is later had
    not started), and its RAG by the rule as on that day from that status and update. A RAG set
    by hand stays as set, with its reason."""
    dated = sorted((u for u in action["updates"] if u["current"]), key=lambda u: u["as_of"])
    by_then = [u for u in dated if dt.date.fromisoformat(u["as_of"]) <= end]
    status = by_then[-1]["status"] if by_then else ("not_started" if dated else action["status"])
    last = dt.date.fromisoformat(by_then[-1]["as_of"]) if by_then else None
    due = dt.date.fromisoformat(action["due"]) if action["due"] else None
    if action["rag_overridden"]:
        return {**action, "status": status}
    found = rag(status, due, end, last, ongoing=action.get("ongoing", False))
    return {**action, "status": status, "rag": found.colour, "rag_reason": found.reason}


def exceptions(actions: list[dict], period: ReportingPeriod) -> list[tuple[dict, list[str]]]:
    """Each action needing the committee's attention, with why (see the module docstring)."""
    out = []
    for a in actions:
        why = []
        if a["rag_reason"].startswith("overdue"):
            why.append(f"overdue (due {_date(a['due'])})")
        if a["rag"] == "red" and not a["rag_reason"].startswith("overdue"):
            why.append("red")
        if a["status"] != "completed" and not _current_updates(a, period):
            why.append("no progress update in the period")
        if a["rag_overridden"]:
            why.append(f"RAG set by hand to {RAG_WORDS[a['rag']].lower()}: {wording.in_words(a['rag_reason'])}")
        if why:
            out.append((a, why))
    return out


def _rag_chart(rows: list[dict]) -> dict:
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        y=alt.Y("priority:N", sort=None, title=None, axis=alt.Axis(labelLimit=360)),
        x=alt.X("actions:Q", title="actions", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("rag:N", title="RAG", scale=alt.Scale(domain=list(RAG_COLOURS), range=list(RAG_COLOURS.values()))),
        order=alt.Order("order:Q"))
    return charts.finish(chart.properties(width=440, height=alt.Step(26), title="Actions by RAG status and priority"))


def _summary(tree: dict, actions: list[dict], period: ReportingPeriod, priority_of: dict) -> list:
    counts = {colour: sum(1 for a in actions if a["rag"] == colour) for colour in RAG_WORDS}
    total = len(actions)
    updates = [u for a in actions for u in _current_updates(a, period)]
    responses = [r for u in updates for r in u["responses"]]
    signed = sum(1 for u in updates if any(r["kind"] == "sign_off" for r in u["responses"]))
    blocks = [Heading("Summary", 2), Paragraph(
        f"On {spoken(period.end)} the plan has {total} action{'s' if total != 1 else ''}: {counts['red']} red, "
        f"{counts['amber']} amber and {counts['green']} green. In the period, {len(updates)} progress "
        f"update{'s were' if len(updates) != 1 else ' was'} made, {signed} of them signed off by the staff network, "
        f"and the staff network made {sum(1 for r in responses if r['kind'] == 'comment')} comments.", "lead")]
    rows = tuple((RAG_WORDS[c], str(n), f"{100 * n / total:.0f}%" if total else "none")
                 for c, n in counts.items())
    blocks.append(Table(f"Actions by RAG status on {spoken(period.end)}", ("RAG", "Actions", "Share"),
                        rows + (("All actions", str(total), "100%" if total else "none"),), (False, True, True), 0))
    chart_rows = []
    for p in tree["priorities"]:
        label = f"Priority {p['number']}: {p['title']}"
        mine = [a for a in actions if priority_of.get(a["number"]) == p["number"]]
        for order, colour in enumerate(RAG_WORDS):
            n = sum(1 for a in mine if a["rag"] == colour)
            if n:
                chart_rows.append({"priority": label, "rag": RAG_WORDS[colour], "actions": n, "order": order})
    if chart_rows:
        described = "; ".join(f"{r['priority']}: {r['actions']} {r['rag'].lower()}" for r in chart_rows)
        blocks.append(Figure("Actions by RAG status and priority",
                             f"Bar chart of the plan's actions by priority, coloured by RAG status. {described}.",
                             _rag_chart(chart_rows)))
    blocks += [Heading("How the RAG status is worked out", 3), Bullets(KEY)]
    return blocks


def _exceptions(actions: list[dict], period: ReportingPeriod) -> list:
    found = exceptions(actions, period)
    blocks = [Heading("Exceptions", 2)]
    if not found:
        return blocks + [Paragraph("No action is overdue, red, without an update in the period or set by hand.")]
    blocks.append(Paragraph(f"{len(found)} action{'s need' if len(found) != 1 else ' needs'} the committee's "
                            "attention: overdue, red, without a progress update in the period, or with a RAG "
                            "status set by hand."))
    blocks.append(Table("Actions needing attention", ("Action", "Objectives", "RAG", "Why"),
                        tuple((f"{a['number']}. {a['text']}", ", ".join(a["objectives"]) or "none",
                               RAG_WORDS[a["rag"]], _sentence_case("; ".join(why))) for a, why in found),
                        (), 2))
    return blocks


def _progress(tree: dict, actions: dict, period: ReportingPeriod) -> list:
    blocks = [Heading("Progress by priority and objective", 2)]
    for p in tree["priorities"]:
        blocks.append(Heading(f"Priority {p['number']}: {p['title']}", 3))
        if p["summary"]:
            blocks.append(Paragraph(p["summary"]))
        for o in p["objectives"]:
            blocks.append(Heading(f"Objective {o['number']}: {o['text']}", 4))
            blocks.append(Paragraph(f"Led by {_leads(o['leads'])}." + (f" Timescale: {o['timescale']}."
                                                                        if o["timescale"] else "")))
            mine = [actions[n] for n in o["action_numbers"] if actions[n]["objectives"][0] == o["number"]]
            elsewhere = [n for n in o["action_numbers"] if actions[n]["objectives"][0] != o["number"]]
            if elsewhere:
                many = len(elsewhere) > 1
                blocks.append(Paragraph(f"Also served by action{'s' if many else ''} {', '.join(map(str, elsewhere))}, "
                                        f"shown under {'their' if many else 'its'} first objective.", "note"))
            if not mine:
                if not elsewhere:
                    blocks.append(Paragraph("No actions are recorded against this objective."))
                continue
            blocks.append(Table(
                f"Objective {o['number']}: actions and progress in the period",
                ("Action", "Due", "Status", "RAG", "Progress in the period"),
                tuple((f"{a['number']}. {a['text']}", _date(a["due"]) if a["due"] else (a["timescale"] or "not set"),
                       STATUS_WORDS.get(a["status"], a["status"]), RAG_WORDS[a["rag"]],
                       _progress_text(_current_updates(a, period))) for a in mine),
                (), 3))
    return blocks


def _figure_text(m: dict, which: str) -> str:
    f = m[which]
    if f is None:
        return "none yet"
    if f["value"] is None:
        return f"{_date(f['period'])}: not shown, {f['reason'] or f['status']}"
    return f"{figure(f['value'], m['mode'])}, {_date(f['period'])}"


def _measures(plan: Plan, computed: ComputedSet | None) -> list:
    found = [measure_links.measure_status(pm, computed)
             for pm in plan.plan_measures.select_related("objective", "priority").prefetch_related("values")]
    blocks = [Heading("Measures", 2)]
    if not found:
        return blocks + [Paragraph("No measures are linked to this plan yet.")]
    rows = []
    for m in found:
        latest = m["latest"]
        spread = interval(latest["ci_low"], latest["ci_high"], m["mode"]) if latest else ""
        target = "none set" if m["target"]["value"] is None else (
            figure(m["target"]["value"], m["mode"]) + (f" by {_date(m['target']['date'])}" if m["target"]["date"]
                                                        else "")
            + {True: " (met)", False: " (not yet met)"}.get(m["target"]["met"], ""))
        where = f"objective {m['objective']}" if m["objective"] else (
            f"priority {m['priority']}" if m["priority"] else "the plan")
        rows.append((f"{m['title']} ({where})", _figure_text(m, "baseline"), _figure_text(m, "latest"),
                     spread or "none", target,
                     f"{VERDICT_WORDS.get(m['verdict'], m['verdict'])}: {wording.in_words(m['verdict_reason'])}"))
    blocks.append(Paragraph("Each measure's latest figure against its baseline: the verdict says whether the change "
                            "is statistically significant (5% level) and which way it went."))
    blocks.append(Table("The plan's measures", ("Measure", "Baseline", "Latest", "95% interval", "Target", "Verdict"),
                        tuple(rows)))
    return blocks


def _network(tree: dict, actions: list[dict], period: ReportingPeriod) -> list:
    rows = []
    for a in actions:
        for u in _current_updates(a, period):
            for r in u["responses"]:
                kind = "Sign-off" if r["kind"] == "sign_off" else "Comment"
                rows.append((r["at"], (_date(r["at"]), f"{a['number']}. {a['text']}",
                                       kind + (" (of the update before it was corrected)" if r.get("earlier") else ""),
                                       r["text"] or "(no comment)")))
    blocks = [Heading("The staff network's comments and sign-offs", 2)]
    if not rows:
        return blocks + [Paragraph("The staff network made no comments or sign-offs on this period's updates.")]
    return blocks + [Table("Comments and sign-offs on the period's progress updates",
                           ("Date", "Action", "Kind", "What they said"),
                           tuple(row for _, row in sorted(rows, key=lambda r: r[0])))]


def _about(computed: ComputedSet | None, period: ReportingPeriod) -> list:
    blocks = [Heading("About this report", 2),
              Paragraph(f"Each action's status and RAG are as they stood on {spoken(period.end)}, from the progress "
                        "updates dated by then (a RAG set by hand is shown as set). Progress updates are those dated from "
                        f"{spoken(period.start)} to {spoken(period.end)}; where an update was corrected, the "
                        "corrected version is shown. Leads are shown by their role.")]
    if computed is None:
        return blocks + [Paragraph("No workforce figures had been computed when this report was made.")]
    made = computed.finished_at or computed.created_at
    blocks.append(Paragraph(f"The figures were computed on {spoken(made.date())} from the workforce data then in use, "
                            "and are protected as every figure Parity shows is:"))
    return blocks + [Bullets(tuple(computed.methodology or ()))]


def build(plan: Plan, period: ReportingPeriod, computed: ComputedSet | None, council: str,
          generated_at: dt.datetime) -> Report:
    """The committee progress report's content (see the module docstring)."""
    tree = plan_services.plan_tree(plan, today=period.end)
    actions = {a["number"]: as_at(a, period.end) for a in tree["actions"]}
    priority_of = {}
    for p in tree["priorities"]:
        for o in p["objectives"]:
            for n in o["action_numbers"]:
                priority_of.setdefault(n, p["number"])
    ordered = list(actions.values())
    blocks = [Paragraph(f"{plan.title}: progress from {spoken(period.start)} to {spoken(period.end)}.", "lead")]
    blocks += _summary(tree, ordered, period, priority_of)
    blocks += _exceptions(ordered, period)
    blocks += _progress(tree, actions, period)
    blocks += _measures(plan, computed)
    blocks += survey_report.section(computed, period.end.isoformat(),
                                    dashboard_services.chosen_grouping(computed) if computed else "ons5",
                                    plan.directorate if plan.kind == "directorate" else "")
    blocks += _network(tree, ordered, period)
    blocks += _about(computed, period)
    return Report(kind="committee", title=TITLE, council=council, period=period.label,
                  generated_at=generated_at.isoformat(timespec="seconds"), blocks=tuple(blocks),
                  source={"plan": plan.slug, "plan_title": plan.title, "period": period.code,
                          "computed_set": computed.pk if computed else None})
