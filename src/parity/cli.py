"""The ``parity`` command.

Exit codes: 0 success; 1 the data has problems (nothing was imported); 2 a usage error (a
missing folder, an unknown option, a broken column map).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

OK, DATA_PROBLEMS, USAGE = 0, 1, 2
DEMO_PASSWORD = "parity-demo-only"
DEMO_USERS = (
    ("admin", "admin", ""), ("analyst", "analyst", ""),
    ("lead", "directorate_lead", "Adults and Health"), ("network", "staff_network", ""),
    ("viewer", "viewer", ""),
)


class UsageError(Exception):
    pass


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.app.settings")
    import django

    django.setup()


def _folder(path: str) -> Path:
    folder = Path(path)
    if not folder.is_dir():
        raise UsageError(f"{path}: no such folder")
    return folder


def _column_map(path: str | None):
    from .ingest.column_map import ColumnMap, ColumnMapError

    if path and not Path(path).is_file():
        raise UsageError(f"{path}: no such column map file")
    try:
        return ColumnMap.load(path)
    except ColumnMapError as exc:
        raise UsageError(str(exc)) from None


def cmd_demo_data(args) -> int:
    import time

    from .synthetic_council import write_council

    started = time.perf_counter()
    written = write_council(args.out_dir, staff=args.staff, years=args.years, seed=args.seed)
    for name, rows in written.items():
        print(f"{name}: {rows} rows")
    print(f"Synthetic council written to {args.out_dir} in {time.perf_counter() - started:.1f} s "
          "(every file is SYNTHETIC: no real person).")
    return OK


def cmd_templates(args) -> int:
    from .ingest.formats_doc import write_templates

    for path in write_templates(args.out_dir):
        print(path)
    return OK


def cmd_formats_doc(args) -> int:
    from .ingest.formats_doc import markdown, write_docs

    if args.output_dir:
        for path in write_docs(args.output_dir):
            print(path)
    else:
        sys.stdout.write(markdown())
    return OK


def _print_report(report, limit: int | None = 50) -> None:
    for line in report.lines(limit):
        print(line)


def cmd_validate(args) -> int:
    from .ingest.folder import validate_folder

    result = validate_folder(_folder(args.dir), _column_map(args.map))
    _print_report(result.report)
    if args.report:
        Path(args.report).write_text(result.report.to_json(), "utf-8")
        print(f"JSON report written to {args.report}")
    print("All files are valid." if result.ok else "The data has problems: nothing would be imported.")
    return OK if result.ok else DATA_PROBLEMS


def cmd_import(args) -> int:
    folder = _folder(args.dir)
    column_map = _column_map(args.map)
    _django()
    from .app.workforce.importing import import_files
    from .app.workforce.models import ImportRun
    from .ingest.folder import data_files

    files = data_files(folder)
    if not files:
        raise UsageError(f"{folder}: the folder has no CSV or Excel files")
    run = ImportRun.objects.create(source="cli", quarantine=args.quarantine,
                                   files=[{"name": p.name} for p in files])
    result = import_files(run, [(p.name, p) for p in files], column_map,
                          lambda percent, message: print(f"[{percent:3d}%] {message}"))
    if run.status == ImportRun.Status.REJECTED:
        from django.utils import timezone

        from .app.audit.services import record

        run.finished_at = timezone.now()
        run.save()
        record("cli", "import", f"import_run:{run.pk}", {"status": run.status, "files": run.files})
    _print_report(result.report)
    print(f"Import {run.pk}: {run.get_status_display()}. {run.message}")
    if run.status in (ImportRun.Status.IMPORTED, ImportRun.Status.QUARANTINED):
        _report_recompute(f"import {run.pk}")
    from .app.workforce.jobs import finish

    finish(run)
    return DATA_PROBLEMS if run.status == ImportRun.Status.REJECTED else OK


def _report_recompute(trigger: str) -> int:
    from .app.measures.services import recompute

    computed = recompute(trigger)
    if computed.status != "done":
        print(f"Recomputing the measures failed: {computed.message}", file=sys.stderr)
        return DATA_PROBLEMS
    print(f"Measures recomputed: {computed.result_count} results (set {computed.pk}, "
          f"output sha256 {computed.output_sha256[:12]}).")
    return OK


def cmd_recompute(args) -> int:
    _django()
    return _report_recompute("parity recompute")


def cmd_measures(args) -> int:
    from .engine import registry
    from .engine.compute import Parameters, compute
    from .engine.results import FIELDS
    from .exports.cells import csv_text
    from .ingest.engine_input import load_folder

    if args.list:
        for m in registry.MEASURES.values():
            print(f"{m.id:<36} {m.title}")
        return OK
    if not args.dir:
        raise UsageError("give DATA_DIR (or --list)")
    data, result = load_folder(_folder(args.dir), _column_map(args.map))
    if not result.ok:
        for line in result.report.lines():
            print(line, file=sys.stderr)
        print("The data has problems: no measures were computed.", file=sys.stderr)
        return DATA_PROBLEMS
    try:
        registry.select(args.measure)
        parameters = Parameters(
            measures=tuple(args.measure or ()), snapshots=tuple(args.snapshot or ()),
            breakdowns=tuple(args.by) if args.by else Parameters.breakdowns, grouping=args.grouping,
            reference=args.reference, rolling_years=args.rolling_years, min_cell=args.min_cell,
            adjustment=args.adjust, local_population_share=args.local_population_share)
        measure_set = compute(data, parameters)
    except (KeyError, ValueError) as exc:
        raise UsageError(str(exc).strip("'\"")) from None
    if args.format == "json":
        text = measure_set.to_json() + "\n"
    else:
        rows = ([r.to_dict()[f] if f != "rolled_up_from" else "; ".join(r.rolled_up_from) for f in FIELDS]
                for r in measure_set.results)
        text = csv_text(list(FIELDS), rows)
    if args.output:
        Path(args.output).write_text(text, "utf-8")
        print(f"{len(measure_set.results)} results written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return OK


def cmd_setup(args) -> int:
    """Migrate, and with --demo generate and import the synthetic council and demo users."""
    _django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    print("Database ready.")
    if not args.demo:
        return OK
    from .app.accounts.models import User
    from .app.accounts.services import create_user
    from .app.workforce.models import DatasetVersion

    if DatasetVersion.objects.exists():
        print("Data already loaded; the demo council is not imported again.")
        from .app.measures.models import ComputedSet

        if not ComputedSet.objects.filter(is_current=True).exists():
            _report_recompute("parity setup")
    else:
        demo_dir = Path(os.environ.get("PARITY_HOME", "var")) / "demo-council"
        cmd_demo_data(argparse.Namespace(out_dir=demo_dir, staff=args.staff, years=5, seed=1))
        code = cmd_import(argparse.Namespace(dir=str(demo_dir), map=None, quarantine=False))
        if code != OK:
            return code
    for username, role, directorate in DEMO_USERS:
        if not User.objects.filter(username=username).exists():
            create_user(username, DEMO_PASSWORD, role, directorate, by="setup")
    _demo_plan()
    print("\nDemo sign-in (synthetic data only): usernames "
          f"{', '.join(u for u, _, _ in DEMO_USERS)}; password '{DEMO_PASSWORD}'.")
    return OK


def _demo_plan() -> None:
    """The synthetic demo plan, with the demo user "lead" owning its first three actions."""
    from importlib import resources

    from .app.accounts.models import User
    from .app.plans.models import Plan
    from .app.plans.services import add_update, assign_owner, import_document
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
    add_update(first, lead, "Panel members recruited from the staff network and trained; every senior panel since "
                            "June has had one. (Synthetic demo update.)", "completed")
    print(f"Demo plan: {plan.title} (synthetic); the user 'lead' owns actions 1 to 3.")


def _demo_measures(plan) -> None:
    """The demo plan's measures, linked to the demo council's results (and one manual one)."""
    import datetime as dt

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


def cmd_add_user(args) -> int:
    import getpass

    _django()
    from .app.accounts.models import Role, User
    from .app.accounts.services import create_user, set_role

    if args.role not in Role.values:
        raise UsageError(f"unknown role {args.role!r}; known: {', '.join(Role.values)}")
    if args.role == Role.DIRECTORATE_LEAD and not args.directorate:
        raise UsageError("a directorate lead needs --directorate")
    existing = User.objects.filter(username=args.username).first()
    if existing:
        set_role(existing, args.role, args.directorate or "", by="cli")
        print(f"{args.username}: role set to {args.role}")
        return OK
    password = os.environ.get("PARITY_PASSWORD") or getpass.getpass(f"Password for {args.username}: ")
    create_user(args.username, password, args.role, args.directorate or "", by="cli")
    print(f"{args.username}: created with role {args.role}")
    return OK


def cmd_serve(args) -> int:
    _django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    print(f"Parity is at http://{args.host}:{args.port}/  (Ctrl+C to stop)", flush=True)
    os.execvp(sys.executable, [sys.executable, "-m", "gunicorn", "parity.app.wsgi:application",
                               "--bind", f"{args.host}:{args.port}", "--workers", str(args.workers),
                               "--worker-class", "gthread", "--threads", "4", "--timeout", "300",
                               "--access-logfile", "-"])
    return OK


def cmd_manage(args) -> int:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["parity manage"] + args.rest)
    return OK


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
    import datetime as dt

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
        objective = plan.objectives.filter(number=args.objective).first()
        if objective is None:
            raise UsageError(f"{plan.slug} has no objective {args.objective}")
    if args.priority:
        priority = plan.priorities.filter(number=args.priority).first()
        if priority is None:
            raise UsageError(f"{plan.slug} has no priority {args.priority}")
    try:
        pm = add_measure(plan, "cli", args.title, args.better, objective, priority, args.measure or "",
                         args.group or "", args.comparator or "", args.breakdown, args.baseline_period or "",
                         args.target, _date_arg(args.target_date, "--target-date"), args.grouping or "")
    except ValueError as exc:
        raise UsageError(str(exc)) from None
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
    try:
        record_value(pm, "cli", args.value, _date_arg(args.as_of, "--as-of"), args.source, args.count, args.total)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(f"Value {args.value:g} recorded for {pm.title} as of {args.as_of}")
    return OK


def cmd_plan_link(args) -> int:
    _django()
    from .app.plans.services import link_contribution

    plan = _plan(args.plan)
    objective = plan.objectives.filter(number=args.objective).first()
    if objective is None:
        raise UsageError(f"{plan.slug} has no objective {args.objective}")
    try:
        link_contribution(objective, args.to, "cli")
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(f"{plan.slug} objective {args.objective} contributes to {plan.parent.slug} objective {args.to}")
    return OK


def cmd_plan_step(args) -> int:
    _django()
    from .app.plans.services import set_planning_step

    plan = _plan(args.plan)
    try:
        row = set_planning_step(plan, args.step, "cli", args.status, _date_arg(args.date, "--date"), args.notes or "")
    except ValueError as exc:
        raise UsageError(str(exc)) from None
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
    try:
        set_tags(item, args.tag or [], "cli")
    except ValueError as exc:
        raise UsageError(str(exc)) from None
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
    import datetime as dt
    import json

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parity",
        description="Parity: race equality action plans and honest workforce measures. "
                    "Exit codes: 0 success, 1 data problems, 2 usage error.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("demo-data", help="write a synthetic council's files (no real people)")
    p.add_argument("out_dir", metavar="OUT_DIR")
    p.add_argument("--staff", type=int, default=15000, help="staff per snapshot (default 15000)")
    p.add_argument("--years", type=int, default=5, help="annual snapshots (default 5)")
    p.add_argument("--seed", type=int, default=1, help="random seed; same seed, same files")
    p.set_defaults(func=cmd_demo_data)

    p = sub.add_parser("templates", help="write blank CSV and XLSX templates for every file type")
    p.add_argument("out_dir", metavar="OUT_DIR")
    p.set_defaults(func=cmd_templates)

    p = sub.add_parser("formats-doc", help="print the data formats page generated from the schemas; "
                                           "--output-dir writes it and docs/ethnicity.md")
    p.add_argument("--output-dir", metavar="DIR")
    p.set_defaults(func=cmd_formats_doc)

    p = sub.add_parser("validate", help="check every file in a folder; stores nothing")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--map", metavar="MAP.yaml", help="column map for your own headers and values")
    p.add_argument("--report", metavar="FILE.json", help="also write the report as JSON")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("import", help="validate and import a folder (all or nothing)")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--map", metavar="MAP.yaml", help="column map for your own headers and values")
    p.add_argument("--quarantine", action="store_true",
                   help="import the good rows and keep the bad ones aside with their reasons")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("measures", help="compute the measures on a folder of files (no database)")
    p.add_argument("dir", metavar="DATA_DIR", nargs="?")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    p.add_argument("--measure", action="append", metavar="ID",
                   help="a measure id, or a standard's prefix (wres, scwres, wdes, plan, workforce); repeat")
    p.add_argument("--snapshot", action="append", metavar="DATE", help="a staff snapshot date; repeat")
    p.add_argument("--by", action="append", metavar="DIMS",
                   help="breakdowns, comma-separated; '+' for an intersection (sex+disability); repeat. "
                        "Dimensions: directorate, grade, sex, disability, age_band. Default directorate,grade")
    p.add_argument("--grouping", default="ons5",
                   choices=("ons5", "ons19", "white_british_vs_minorities", "wres_binary"))
    p.add_argument("--reference", metavar="LABEL", help="the reference group (default: White for ons5)")
    p.add_argument("--rolling-years", type=int, default=2, help="window for wres.3, scwres.3-4, wdes.3")
    p.add_argument("--min-cell", type=int, default=5,
                   help="smallest count shown, and smallest group before rolling up (default 5)")
    p.add_argument("--adjust", choices=("holm", "bh"), default="holm", help="multiple-comparison adjustment")
    p.add_argument("--local-population-share", type=float, metavar="SHARE",
                   help="ethnic-minority share of the local population, 0 to 1 (scwres.9)")
    p.add_argument("--map", metavar="MAP.yaml", help="column map for your own headers and values")
    p.add_argument("--output", metavar="FILE", help="write to a file instead of standard output")
    p.add_argument("--list", action="store_true", help="list the measures and exit")
    p.set_defaults(func=cmd_measures)

    p = sub.add_parser("recompute", help="recompute and store every measure from the current data")
    p.set_defaults(func=cmd_recompute)

    p = sub.add_parser("setup", help="create or update the database; --demo loads the demo council")
    p.add_argument("--demo", action="store_true")
    p.add_argument("--staff", type=int, default=15000)
    p.set_defaults(func=cmd_setup)

    p = sub.add_parser("add-user", help="create a user (or change their role); password from "
                                        "PARITY_PASSWORD or a prompt")
    p.add_argument("username")
    p.add_argument("--role", required=True,
                   help="admin, analyst, directorate_lead, staff_network or viewer")
    p.add_argument("--directorate", help="for a directorate lead")
    p.set_defaults(func=cmd_add_user)

    p = sub.add_parser("serve", help="serve Parity (gunicorn) at http://127.0.0.1:8000")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.set_defaults(func=cmd_serve)

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
    q.add_argument("--role", default="implementation_lead",
                   choices=("implementation_lead", "senior_responsible_officer", "network_member"))
    q.set_defaults(func=cmd_plan_assign)
    q = plan.add_parser("measure", help="link a measure to an objective or priority: computed from the data "
                                        "(--measure ID --group G) or entered by hand (no --measure)")
    q.add_argument("plan", metavar="PLAN")
    where = q.add_mutually_exclusive_group(required=True)
    where.add_argument("--objective", metavar="N.N")
    where.add_argument("--priority", metavar="N")
    q.add_argument("--title", required=True)
    q.add_argument("--better", required=True, choices=("higher", "lower", "towards_one"))
    q.add_argument("--measure", metavar="ID", help="an engine measure (parity measures --list)")
    q.add_argument("--group", help="the group followed, as in the results (e.g. BME, Ethnic minorities)")
    q.add_argument("--comparator", help="for a ratio: the comparator group (e.g. White)")
    q.add_argument("--breakdown", default="overall", help="a breakdown cell, e.g. directorate=Finance")
    q.add_argument("--grouping", choices=("ons5", "ons19", "white_british_vs_minorities", "wres_binary"),
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
    q.add_argument("--step", type=int, required=True, choices=range(1, 7), metavar="1-6",
                   help="1 focus groups, 2 data analysis, 3 priorities, 4 EDI vision, 5 SMART measures and "
                        "pledges, 6 review")
    q.add_argument("--status", required=True, choices=("not_started", "in_progress", "completed", "on_hold"))
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

    p = sub.add_parser("manage", help="run a Django management command (e.g. createsuperuser)")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    import signal

    if argv is None and hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `parity ... | head` ends quietly
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"parity: {exc}", file=sys.stderr)
        return USAGE


if __name__ == "__main__":
    sys.exit(main())
