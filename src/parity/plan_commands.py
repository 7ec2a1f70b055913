"""``parity plan ...``: action plans from the command line (see docs/plans.md)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from .command_basics import DATA_PROBLEMS, OK, UsageError, refused_as_usage_error
from .command_basics import django_setup as _django
from .engine.groupings import GROUPINGS
from .plans.document import PLANNING_STEPS, ROLES
from .plans.rag import STATUSES


def demo_plan() -> None:
    """The synthetic demo plan, with the demo user "lead" owning its first three actions."""
    from importlib import resources

    from .app.accounts.models import User
    from .app.plans.models import Plan
    from .app.plans.services import assign_owner, import_document
    from .plans.reader import read_plan

    if Plan.objects.exists():
        return
    with resources.as_file(resources.files("parity.plans") / "demo" / "demo_plan.txt") as path:
        plan = import_document(read_plan(path), "setup", source_file=path.name)
    lead = User.objects.get(username="lead")
    first, *_ = actions = list(plan.actions.order_by("position")[:3])
    for action in actions:
        assign_owner(action, lead, "implementation_lead", "setup")
    _demo_measures(plan)
    _demo_progress(actions, lead, User.objects.get(username="network"))
    _demo_listening(plan, User.objects.get(username="network"))
    print(f"Demo plan: {plan.title} (synthetic); the user 'lead' owns actions 1 to 3.")


def _demo_listening(plan, network) -> None:
    """Two synthetic listening sessions and the themes raised, answered by the demo plan's actions:
    what "you said, we did" shows for the demo."""
    from .app.listening.services import add_theme, raised_again, record_session

    today = dt.date.today()
    group = record_session(network, "focus_group", "Progression focus group (synthetic demo)",
                           (today - dt.timedelta(days=150)).isoformat(), attendance="14",
                           notes="Synthetic demo notes: people spoke about interview panels and feedback.")
    circle = record_session(network, "listening_circle", "Listening circle (synthetic demo)",
                            (today - dt.timedelta(days=60)).isoformat(), attendance="9",
                            notes="Synthetic demo notes: casework and how it feels to be investigated.")
    first, second, _, fourth, *_ = list(plan.actions.order_by("position"))
    panels = add_theme(network, group, "Interview panels all look the same",
                       "Ethnic-minority staff rarely see anyone like them on senior panels. (Synthetic demo.)",
                       [str(first.pk), str(second.pk)])
    raised_again(network, panels, circle)
    add_theme(network, circle, "Casework starts too quickly",
              "Informal routes are skipped for some staff more than others. (Synthetic demo.)", [str(fourth.pk)])


def _demo_progress(actions, lead, network) -> None:
    """A few months of synthetic progress, dated back from today, with the staff network's
    comment and sign-off: what the committee report and the plan pages show for the demo."""
    from .app.plans.services import add_update, respond

    today = dt.date.today()
    first, second, third = actions
    add_update(third, lead, "Pilot scoped with two directorates; waiting for the recruitment system change. "
                            "(Synthetic demo update.)", "in_progress", as_of=today - dt.timedelta(days=120))
    done = add_update(first, lead, "Panel members recruited from the staff network and trained; every senior panel "
                                   "since June has had one. (Synthetic demo update.)", "completed",
                      as_of=today - dt.timedelta(days=45))
    respond(done, network, "comment", "The network would like panel members' feedback collected each quarter. "
                                      "(Synthetic demo comment.)")
    respond(done, network, "sign_off")
    add_update(second, lead, "First quarter's appointment figures by ethnicity drafted for the leadership team. "
                             "(Synthetic demo update.)", "in_progress", as_of=today - dt.timedelta(days=20))


def _demo_measures(plan) -> None:
    """The demo plan's measures, linked to the demo council's results (and one manual one)."""
    from .app.plans.measure_links import add_measure, record_value

    objective = {o.number: o for o in plan.objectives.all()}
    add_measure(plan, "setup", "Relative likelihood of White applicants being appointed from shortlisting (WRES 2)",
                "towards_one", objective["1.1"], measure_id="wres.2", group="White", comparator="BME",
                target_value=1.0, target_date=dt.date(2027, 3, 31))
    add_measure(plan, "setup", "Ethnic-minority staff in senior leadership roles", "higher", objective["1.2"],
                measure_id="plan.senior_leadership", group="Ethnic minorities", target_date=dt.date(2027, 3, 31),
                target_value=0.25)
    add_measure(plan, "setup", "Relative likelihood of entering a formal disciplinary process (WRES 3)",
                "towards_one", objective["2.1"], measure_id="wres.3", group="BME", comparator="White",
                target_value=1.0, target_date=dt.date(2027, 3, 31))
    manual = add_measure(plan, "setup", "Investigating officers trained in fair process", "higher",
                         objective["2.1"])
    record_value(manual, "setup", 0.4, dt.date(2025, 3, 31), "Learning system report (synthetic)", 20, 50)
    record_value(manual, "setup", 0.7, dt.date(2026, 3, 31), "Learning system report (synthetic)", 35, 50)


def cmd_plan_import(args) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{args.file}: no such file")
    _django()
    from .app.plans.models import Plan
    from .app.plans.services import import_document
    from .plans.reader import UnreadablePlan, read_plan
    from .plans.spreadsheet import WorkbookProblem, read_workbook

    parent = None
    if args.parent:
        parent = Plan.objects.filter(slug=args.parent).first()
        if parent is None:
            raise UsageError(f"{args.parent}: no such plan (see parity plan list)")
    try:
        document = read_workbook(path) if path.suffix.lower() == ".xlsx" else read_plan(path)
    except (UnreadablePlan, WorkbookProblem) as exc:
        print(f"{exc}; nothing imported", file=sys.stderr)
        return DATA_PROBLEMS
    if not document.objectives and not document.priorities:
        print(f"{path.name}: no priorities or objectives found; nothing imported", file=sys.stderr)
        for note in document.unplaced:
            print(f"  could not place: {note}", file=sys.stderr)
        return DATA_PROBLEMS
    plan = import_document(document, "cli", source_file=path.name, kind=args.kind or "",
                           directorate=args.directorate or "", parent=parent)
    print(f"Plan {plan.slug!r}: {plan.title}")
    print(f"  {plan.priorities.count()} priorities, {plan.objectives.count()} objectives "
          f"({', '.join(plan.objectives.values_list('number', flat=True))}), {plan.actions.count()} actions")
    for note in plan.import_notes:
        print(f"  could not place: {note}")
    if not plan.import_notes:
        print("  everything in the file was placed")
    return OK


def _plan(name: str):
    from .app.plans.models import Plan

    plan = Plan.objects.filter(slug=name).first()
    if plan is None and name.isdigit():
        plan = Plan.objects.filter(pk=int(name)).first()
    if plan is None:
        raise UsageError(f"{name}: no such plan (see parity plan list)")
    return plan


def _objective(plan, number: str):
    objective = plan.objectives.filter(number=number).first()
    if objective is None:
        raise UsageError(f"{plan.slug} has no objective {number}")
    return objective


def cmd_plan_export(args) -> int:
    _django()
    from .app.audit.services import record
    from .app.plans.services import document_from_plan
    from .plans.spreadsheet import write_workbook

    plan = _plan(args.plan)
    out = write_workbook(document_from_plan(plan), args.output)
    record("cli", "download", plan.slug, {"format": "xlsx", "file": out.name})
    print(f"Plan {plan.slug!r} written to {out} (one row per action on the Actions sheet)")
    return OK


def cmd_plan_assign(args) -> int:
    _django()
    from .app.accounts.models import User
    from .app.plans.services import assign_owner

    plan = _plan(args.plan)
    user = User.objects.filter(username=args.user).first()
    if user is None:
        raise UsageError(f"{args.user}: no such user (add one with parity add-user)")
    numbers = args.action or list(plan.actions.values_list("position", flat=True))
    actions = {a.position: a for a in plan.actions.filter(position__in=numbers)}
    missing = [n for n in numbers if n not in actions]
    if missing:
        raise UsageError(f"{plan.slug} has no action {', '.join(map(str, missing))} "
                         f"(numbers are shown by parity plan show)")
    for n in numbers:
        assign_owner(actions[n], user, args.role, "cli")
    print(f"{user.username} now owns action{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))} "
          f"of {plan.slug!r} as {args.role.replace('_', ' ')}")
    return OK


def _date_arg(text: str | None, what: str):
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{what}: {text!r} is not a date like 2026-03-31") from None


def cmd_plan_measure(args) -> int:
    _django()
    from .app.plans.measure_links import add_measure

    plan = _plan(args.plan)
    objective = priority = None
    if args.objective:
        objective = _objective(plan, args.objective)
    if args.priority:
        priority = plan.priorities.filter(number=args.priority).first()
        if priority is None:
            raise UsageError(f"{plan.slug} has no priority {args.priority}")
    with refused_as_usage_error():
        pm = add_measure(plan, "cli", args.title, args.better, objective, priority, args.measure or "",
                         args.group or "", args.comparator or "", args.breakdown, args.baseline_period or "",
                         args.target, _date_arg(args.target_date, "--target-date"), args.grouping or "")
    print(f"Measure {pm.pk} linked: {pm.title} ({pm.get_kind_display().lower()})")
    return OK


def cmd_plan_value(args) -> int:
    _django()
    from .app.plans.measure_links import record_value
    from .app.plans.models import PlanMeasure

    plan = _plan(args.plan)
    pm = PlanMeasure.objects.filter(plan=plan, pk=args.measure_number).first()
    if pm is None:
        raise UsageError(f"{plan.slug} has no measure {args.measure_number} (see parity plan show)")
    with refused_as_usage_error():
        record_value(pm, "cli", args.value, _date_arg(args.as_of, "--as-of"), args.source, args.count, args.total)
    print(f"Value {args.value:g} recorded for {pm.title} as of {args.as_of}")
    return OK


def cmd_plan_link(args) -> int:
    _django()
    from .app.plans.services import link_contribution

    plan = _plan(args.plan)
    objective = _objective(plan, args.objective)
    with refused_as_usage_error():
        link_contribution(objective, args.to, "cli")
    print(f"{plan.slug} objective {args.objective} contributes to {plan.parent.slug} objective {args.to}")
    return OK


def cmd_plan_step(args) -> int:
    _django()
    from .app.plans.services import set_planning_step

    plan = _plan(args.plan)
    with refused_as_usage_error():
        row = set_planning_step(plan, args.step, "cli", args.status, _date_arg(args.date, "--date"), args.notes or "")
    print(f"{plan.slug}: step {row.step} ({row.get_step_display()}) {row.get_status_display().lower()}")
    return OK


def cmd_plan_tag(args) -> int:
    _django()
    from .app.plans.services import set_tags

    plan = _plan(args.plan)
    if args.priority:
        item = plan.priorities.filter(number=args.priority).first()
    elif args.objective:
        item = plan.objectives.filter(number=args.objective).first()
    else:
        item = plan.actions.filter(position=args.action).first()
    if item is None:
        what = "priority" if args.priority else "objective" if args.objective else "action"
        raise UsageError(f"{plan.slug} has no such {what}")
    with refused_as_usage_error():
        set_tags(item, args.tag or [], "cli")
    print(f"Tags now: {', '.join(item.tags) or 'none'}")
    return OK


def cmd_plan_smart(args) -> int:
    _django()
    from .app.plans.services import smart_check

    gaps = smart_check(_plan(args.plan))
    for gap in gaps:
        print(f"{gap['objective']} {gap['text']}: no {', no '.join(gap['missing'])}")
    if not gaps:
        print("Every objective has a measure, a target with a date, a date and an owner.")
    return OK


def cmd_plan_show(args) -> int:
    _django()
    from .app.plans.services import plan_tree

    plan = _plan(args.plan)
    today = dt.date.fromisoformat(args.as_of) if args.as_of else None
    tree = plan_tree(plan, today)
    if args.format == "json":
        print(json.dumps(tree, indent=1, ensure_ascii=False))
        return OK
    print(f"{tree['title']} ({tree['kind']}, {tree['period'] or 'no period'})")
    print(f"RAG on {tree['as_of']}: " + ", ".join(f"{n} {c}" for c, n in tree["rag_summary"].items()))
    def line(a: dict) -> str:
        serves = f" (for {', '.join(a['objectives'])})" if a["objectives"] else ""
        when = f", {a['timescale']}" if a["timescale"] else ""
        status = a["status"].replace("_", " ")
        return f"    [{a['rag'].upper():5}] action {a['number']}{serves}: {a['text']} ({status}{when})"

    after: dict[str, list[dict]] = {}  # each action once, after the last objective of the block it serves
    for a in tree["actions"]:
        after.setdefault(a["objectives"][-1] if a["objectives"] else "", []).append(a)
    for p in tree["priorities"]:
        print(f"\n{p['number']}. {p['title']}")
        for o in p["objectives"]:
            print(f"  {o['number']} {o['text']}")
            for a in after.get(o["number"], []):
                print(line(a))
    if tree["planning_steps"]:
        print("\nPlanning steps")
        for s in tree["planning_steps"]:
            print(f"  {s['step']}. {s['title']}: {s['status'].replace('_', ' ')}"
                  f"{', ' + s['date'] if s['date'] else ''}{': ' + s['notes'] if s['notes'] else ''}")
    if tree["contributions"]:
        print("\nDirectorate contributions")
        for number, items in sorted(tree["contributions"].items()):
            for c in items:
                print(f"  {number} <- {c['directorate']} {c['objective']} {c['text']} "
                      f"({', '.join(f'{n} {k}' for k, n in c['rag_summary'].items())})")
    if tree["measures"]:
        print("\nMeasures")
    for m in tree["measures"]:
        latest = m["latest"]
        figure = "no figure" if not latest or latest["value"] is None else f"{latest['value']:.3g} ({latest['period']})"
        print(f"  [{m['id']}] {m['title']}: {figure}; {m['verdict']} ({m['verdict_reason']})")
    if after.get(""):
        print("\nActions not linked to an objective")
        for a in after[""]:
            print(line(a))
    return OK


def cmd_plan_list(args) -> int:
    _django()
    from .app.plans.models import Plan

    for plan in Plan.objects.all():
        print(f"{plan.slug}\t{plan.kind}\t{plan.title}")
    return OK


def add_plan_parser(sub) -> None:
    p = sub.add_parser("plan", help="action plans: import a plan document, show or list plans")
    plan = p.add_subparsers(dest="plan_command", required=True, metavar="PLAN_COMMAND")
    q = plan.add_parser("import", help="read a plan (.docx, .html, text with tab-separated table rows, or a "
                                       "workbook from plan export) and store it; reports what it could not place")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--kind", choices=("corporate", "directorate"), help="default corporate")
    q.add_argument("--directorate", help="for a directorate plan")
    q.add_argument("--parent", metavar="PLAN", help="the corporate plan a directorate plan feeds into")
    q.set_defaults(func=cmd_plan_import)
    q = plan.add_parser("show", help="print a plan's whole tree with statuses and RAG")
    q.add_argument("plan", metavar="PLAN", help="the plan's short name (see parity plan list)")
    q.add_argument("--format", choices=("json", "text"), default="text")
    q.add_argument("--as-of", metavar="DATE", help="RAG as on this date (default today)")
    q.set_defaults(func=cmd_plan_show)
    q = plan.add_parser("export", help="write a plan to an Excel workbook (one row per action); edit it and "
                                       "import it back with parity plan import FILE.xlsx")
    q.add_argument("plan", metavar="PLAN")
    q.add_argument("--output", required=True, metavar="FILE.xlsx")
    q.set_defaults(func=cmd_plan_export)
    q = plan.add_parser("assign", help="make a user an owner of actions (owners add progress updates)")
    q.add_argument("plan", metavar="PLAN")
    q.add_argument("--user", required=True)
    q.add_argument("--action", type=int, action="append", metavar="N", help="an action number; repeat (default all)")
    q.add_argument("--role", default="implementation_lead", choices=tuple(ROLES))
    q.set_defaults(func=cmd_plan_assign)
    q = plan.add_parser("measure", help="link a measure to an objective or priority: computed from the data "
                                        "(--measure ID --group G) or entered by hand (no --measure)")
    q.add_argument("plan", metavar="PLAN")
    where = q.add_mutually_exclusive_group(required=True)
    where.add_argument("--objective", metavar="N.N")
    where.add_argument("--priority", metavar="N")
    q.add_argument("--title", required=True)
    q.add_argument("--better", required=True, choices=("higher", "lower", "towards_one"),
                   help="which way is better (engine.change.BETTER; not imported here: it loads scipy)")
    q.add_argument("--measure", metavar="ID", help="an engine measure (parity measures --list)")
    q.add_argument("--group", help="the group followed, as in the results (e.g. BME, Ethnic minorities)")
    q.add_argument("--comparator", help="for a ratio: the comparator group (e.g. White)")
    q.add_argument("--breakdown", default="overall", help="a breakdown cell, e.g. directorate=Finance")
    q.add_argument("--grouping", choices=tuple(GROUPINGS),
                   help="the grouping the group label belongs to (checked against the stored results)")
    q.add_argument("--baseline-period", metavar="DATE", help="default: the earliest")
    q.add_argument("--target", type=float)
    q.add_argument("--target-date", metavar="DATE")
    q.set_defaults(func=cmd_plan_measure)
    q = plan.add_parser("value", help="enter a value of a manual measure, with its source")
    q.add_argument("plan", metavar="PLAN")
    q.add_argument("measure_number", type=int, metavar="MEASURE")
    q.add_argument("--value", type=float, required=True)
    q.add_argument("--as-of", required=True, metavar="DATE")
    q.add_argument("--source", required=True)
    q.add_argument("--count", type=float, help="with --total: the counts behind a proportion (lets it be tested)")
    q.add_argument("--total", type=float)
    q.set_defaults(func=cmd_plan_value)
    q = plan.add_parser("link", help="a directorate objective contributes to a corporate objective")
    q.add_argument("plan", metavar="PLAN", help="the directorate plan")
    q.add_argument("--objective", required=True, metavar="N.N")
    q.add_argument("--to", required=True, metavar="N.N", help="the corporate (parent) plan's objective")
    q.set_defaults(func=cmd_plan_link)
    q = plan.add_parser("step", help="record a directorate plan's progress through the six planning steps")
    q.add_argument("plan", metavar="PLAN", help="the directorate plan")
    q.add_argument("--step", type=int, required=True, choices=tuple(PLANNING_STEPS), metavar="1-6",
                   help="1 focus groups, 2 data analysis, 3 priorities, 4 EDI vision, 5 SMART measures and "
                        "pledges, 6 review")
    q.add_argument("--status", required=True, choices=STATUSES)
    q.add_argument("--date", metavar="DATE")
    q.add_argument("--notes")
    q.set_defaults(func=cmd_plan_step)
    q = plan.add_parser("tag", help="set the tags of a priority, objective or action (WRES indicator, PSED aim, "
                                    "theme), e.g. --tag wres:2 --tag theme:recruitment_and_retention")
    q.add_argument("plan", metavar="PLAN")
    which = q.add_mutually_exclusive_group(required=True)
    which.add_argument("--priority", metavar="N")
    which.add_argument("--objective", metavar="N.N")
    which.add_argument("--action", type=int, metavar="N")
    q.add_argument("--tag", action="append", metavar="KIND:VALUE", help="repeat; none clears the tags")
    q.set_defaults(func=cmd_plan_tag)
    q = plan.add_parser("smart", help="list objectives missing a measure, a target, a date or an owner")
    q.add_argument("plan", metavar="PLAN")
    q.set_defaults(func=cmd_plan_smart)
    q = plan.add_parser("list", help="list the plans")
    q.set_defaults(func=cmd_plan_list)


