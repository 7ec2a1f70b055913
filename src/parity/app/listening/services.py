"""Recording listening sessions and their themes, and "you said, we did": each theme, where it was
raised, and the plan's objectives and actions that answer it with their progress.

Who: administrators, analysts and staff-network members record sessions and themes and read the
sessions' notes (``accounts.roles.can_record_listening``); everyone signed in reads "you said,
we did", which names no session's title, attendance or notes, only its kind, month and
directorate, and whose themes are stored redacted as survey comments are. Every change is in the
audit log.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from ...ingest import cells
from ...ingest.redaction import redact
from ..audit.services import record
from ..dashboards.templatetags.figures import date_in_words
from ..plans.models import Action, Objective
from ..plans.services import ACTION_PREFETCH, action_data
from .models import ListeningSession, Theme

MOST_ATTENDING = 10_000  # a session larger than this is a typing mistake


def _day(text: str) -> dt.date:
    """A date as people type it (31/03/2026, 31 March 2026, 2026-03-31), read as every file's dates are."""
    parsed = cells.dates(pa.array([(text or "").strip() or None], pa.string()))
    value = parsed.values[0].as_py()
    if value is None:
        raise ValueError(f"the date {text!r} is not a date: write it as 31/03/2026 or 31 March 2026")
    return value


def record_session(actor, kind: str, title: str, held_on: str, directorate: str = "", attendance: str = "",
                   notes: str = "", known_directorates: list[str] | tuple[str, ...] = ()) -> ListeningSession:
    """A new session, checked: a kind of session, a title, a date not in the future, a directorate
    the council has (or none: the whole council), and how many came (blank if not counted)."""
    problems = []
    if kind not in ListeningSession.Kind.values:
        problems.append("choose the kind of session")
    title = (title or "").strip()
    if not title:
        problems.append("give the session a title")
    elif len(title) > 300:
        problems.append("the title is longer than 300 characters")
    day = None
    try:
        day = _day(held_on)
        if day > dt.date.today():
            problems.append(f"the date {date_in_words(day)} is in the future")
    except ValueError as exc:
        problems.append(str(exc))
    directorate = (directorate or "").strip()
    if directorate and known_directorates and directorate not in known_directorates:
        problems.append(f"there is no directorate {directorate!r} in the council's data")
    count = None
    if (attendance or "").strip():
        try:
            count = int(attendance.strip())
        except ValueError:
            problems.append(f"how many came should be a whole number, not {attendance.strip()!r}")
        else:
            if not 0 <= count <= MOST_ATTENDING:
                problems.append(f"how many came should be from 0 to {MOST_ATTENDING:,}")
    if problems:
        raise ValueError("; ".join(problems))
    session = ListeningSession.objects.create(kind=kind, title=title, held_on=day, directorate=directorate,
                                              attendance=count, notes=(notes or "").strip(),
                                              recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    record(actor, "listening.session", f"session:{session.pk}",
           {"kind": kind, "held_on": day.isoformat(), "directorate": directorate})
    return session


def _linked(action_ids: list[str], objective_ids: list[str]) -> tuple[list[Action], list[Objective]]:
    def ids(values):
        return [int(v) for v in values if str(v).isdigit()]
    actions = list(Action.objects.filter(pk__in=ids(action_ids)))
    objectives = list(Objective.objects.filter(pk__in=ids(objective_ids)))
    if len(actions) != len(set(ids(action_ids))) or len(objectives) != len(set(ids(objective_ids))):
        raise ValueError("an action or objective chosen is no longer in a plan")
    return actions, objectives


def add_theme(actor, session: ListeningSession, title: str, said: str = "", action_ids=(), objective_ids=()) -> Theme:
    """A theme raised at ``session``, with the actions and objectives that answer it."""
    title = (title or "").strip()
    if not title:
        raise ValueError("give the theme a title: what people raised, in a few words")
    if len(title) > 300:
        raise ValueError("the title is longer than 300 characters")
    actions, objectives = _linked(list(action_ids), list(objective_ids))
    title, said = _redacted(title), _redacted((said or "").strip())
    theme = Theme.objects.create(title=title, said=said)
    theme.sessions.add(session)
    theme.actions.set(actions)
    theme.objectives.set(objectives)
    record(actor, "listening.theme", f"theme:{theme.pk}",
           {"session": session.pk, "actions": [a.pk for a in actions], "objectives": [o.pk for o in objectives]})
    return theme


def _redacted(text: str) -> str:
    """A theme's words as everyone reads them: names, emails, phone numbers, National Insurance
    numbers and postcodes masked as in survey comments (``ingest.redaction``, with the council's
    name list)."""
    from ..surveys.comments import names

    return redact(text, names()).text if text else text


def raised_again(actor, theme: Theme, session: ListeningSession) -> None:
    """A theme already recorded, raised at another session too."""
    theme.sessions.add(session)
    record(actor, "listening.theme_raised", f"theme:{theme.pk}", {"session": session.pk})


def link(actor, theme: Theme, action_ids=(), objective_ids=()) -> None:
    """The actions and objectives that answer a theme, replacing those before (audited with both)."""
    actions, objectives = _linked(list(action_ids), list(objective_ids))
    before = {"actions": sorted(theme.actions.values_list("pk", flat=True)),
              "objectives": sorted(theme.objectives.values_list("pk", flat=True))}
    theme.actions.set(actions)
    theme.objectives.set(objectives)
    record(actor, "listening.theme_linked", f"theme:{theme.pk}",
           {"before": before, "after": {"actions": sorted(a.pk for a in actions),
                                        "objectives": sorted(o.pk for o in objectives)}})


def action_choices() -> list[tuple[str, str]]:
    """Every plan's actions, for linking: (id, "Plan title: 3. Action text")."""
    return [(str(a.pk), f"{a.plan.title}: {a.position}. {a.text}")
            for a in Action.objects.select_related("plan").order_by("plan__title", "position")]


def objective_choices() -> list[tuple[str, str]]:
    return [(str(o.pk), f"{o.plan.title}: objective {o.number}. {o.text}")
            for o in Objective.objects.select_related("plan").order_by("plan__title", "id")]


def where_raised(session: ListeningSession) -> str:
    """A session as "you said, we did" names it: its kind, month and directorate, never its title,
    attendance or notes ("Focus group, March 2025, Highways")."""
    return f"{session.get_kind_display()}, {session.held_on:%B %Y}, {session.directorate or 'whole council'}"


def you_said_we_did(today: dt.date | None = None) -> list[dict]:
    """Each theme with where it was raised and what answers it: each linked action's status, RAG and
    latest progress update (``plans.services.action_data``), and each linked objective."""
    today = today or dt.date.today()
    themes = Theme.objects.prefetch_related(
        "sessions", "objectives__plan",
        *(f"actions__{p}" for p in ACTION_PREFETCH), "actions__plan")
    out = []
    for theme in themes:
        sessions = sorted(theme.sessions.all(), key=lambda s: s.held_on)
        actions = []
        for a in sorted(theme.actions.all(), key=lambda a: (a.plan.title, a.position)):
            data = action_data(a, today)
            latest = next((u for u in reversed(data["updates"]) if u["current"]), None)
            actions.append({"plan": a.plan, "number": a.position, "text": a.text, "status": a.get_status_display(),
                            "rag": data["rag"], "latest": latest})
        out.append({"theme": theme, "raised": [where_raised(s) for s in sessions],
                    "first_raised": sessions[0].held_on if sessions else None,
                    "actions": actions, "objectives": sorted(theme.objectives.all(), key=lambda o: (o.plan.title, o.pk))})
    out.sort(key=lambda t: (t["first_raised"] or dt.date.max, t["theme"].title))
    return out
