"""The ``parity`` command.

Exit codes: 0 success; 1 the data has problems (nothing was imported); 2 a usage error (a
missing folder, an unknown option, a broken column map, a dataset that cannot be used); 130
interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .command_basics import DATA_PROBLEMS, INTERRUPTED, OK, RECOMPUTE_FAILED, USAGE, UsageError
from .command_basics import django_setup as _django
from .command_basics import refused_as_usage_error

DEMO_PASSWORD = "parity-demo-only"
DEMO_USERS = (
    ("admin", "admin", ""), ("analyst", "analyst", ""),
    ("lead", "directorate_lead", "Adults and Health"), ("network", "staff_network", ""),
    ("viewer", "viewer", ""),
)


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


def _pseudonymiser():
    """This installation's identifier hasher (the secret under PARITY_HOME, as the app's)."""
    from .ingest.pseudonymise import Pseudonymiser, load_or_create_secret

    path = Path(os.environ.get("PARITY_HOME", "var")) / "secret.key"
    try:
        return Pseudonymiser(load_or_create_secret(path), path.resolve())
    except OSError as exc:
        raise UsageError(f"the installation's secret {path} cannot be read or made ({exc.strerror}): check "
                         "PARITY_HOME") from None


def _write(path: str, text: str, inputs: Path | None = None) -> None:
    """Write an output file, refusing one inside the folder the command reads (it would replace an
    input) and saying plainly why a write failed."""
    target = Path(path)
    if inputs is not None and target.resolve().is_relative_to(inputs.resolve()):
        raise UsageError(f"{path} is inside {inputs}, which this command reads: write the output elsewhere")
    try:
        target.write_text(text, "utf-8")
    except OSError as exc:
        raise UsageError(f"{path} cannot be written ({exc.strerror})") from None


def cmd_validate(args) -> int:
    import shlex

    from .ingest.dataset import DatasetError, check_target, is_dataset, save_dataset
    from .ingest.folder import validate_folder

    folder = _folder(args.dir)
    if args.keep is not None:
        try:
            check_target(args.keep)  # before the files are read: a refusal costs nothing
        except DatasetError as exc:
            raise UsageError(str(exc)) from None
    result = validate_folder(folder, _column_map(args.map))
    _print_report(result.report)
    if args.report:
        _write(args.report, result.report.to_json())
        print(f"JSON report written to {args.report}")
    print("All files are valid." if result.ok else "The data has problems: nothing would be imported.")
    if args.keep is not None and result.ok:
        from .ingest.engine_input import workforce_data

        hasher = _pseudonymiser()
        try:
            save_dataset(workforce_data(result, hasher), args.keep, hasher)
        except DatasetError as exc:
            raise UsageError(str(exc)) from None
        print(f"Kept as a dataset in {args.keep}: parity measures {shlex.quote(args.keep)} computes from it "
              "without reading the files again.")
    elif args.keep is not None:
        print(f"{args.keep} is unchanged: it still holds the dataset kept earlier." if is_dataset(args.keep)
              else f"Nothing was kept in {args.keep}.")
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
    run = ImportRun.objects.create(source="cli", quarantine=args.quarantine, replace_confirmed=args.replace,
                                   files=[{"name": p.name} for p in files])
    result = import_files(run, [(p.name, p) for p in files], column_map,
                          lambda percent, message: print(f"[{percent:3d}%] {message}"))
    _print_changes(run.report.get("changes", []))
    if run.status == ImportRun.Status.CONFIRM:
        print(f"Import {run.pk}: nothing imported. These files would remove records from data in use (above). "
              "Check them; to go ahead, run the same command with --replace.", file=sys.stderr)
        from django.utils import timezone

        from .app.audit.services import record
        from .app.workforce.jobs import finish

        run.status, run.message = ImportRun.Status.CANCELLED, "Not confirmed (parity import without --replace)."
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        record("cli", "import_cancel", f"import_run:{run.pk}",
               {"changes": run.report.get("changes", []), "why": "no --replace"})
        finish(run)
        return DATA_PROBLEMS
    if run.status == ImportRun.Status.REJECTED:
        from django.utils import timezone

        from .app.audit.services import record

        run.finished_at = timezone.now()
        run.save()
        record("cli", "import", f"import_run:{run.pk}", {"status": run.status, "files": run.files})
    _print_report(result.report)
    print(f"Import {run.pk}: {run.get_status_display()}. {run.message}")
    outcome = DATA_PROBLEMS if run.status == ImportRun.Status.REJECTED else OK
    from .app.workforce.jobs import in_use_changed

    if run.status in (ImportRun.Status.IMPORTED, ImportRun.Status.QUARANTINED) and in_use_changed(run):
        if args.no_recompute:
            print("Measures not recomputed (--no-recompute): run parity recompute when the imports are done.")
        else:
            computed = _recompute(f"import {run.pk}")
            if computed.status != computed.Status.DONE:
                from .app.workforce.jobs import recompute_failed_message

                outcome = RECOMPUTE_FAILED
                run.recompute_failed = True
                run.message = recompute_failed_message(run.message, computed.message)
                run.save(update_fields=["recompute_failed", "message"])
    from .app.workforce.jobs import finish

    finish(run)
    return outcome


def _print_changes(changes: list[dict]) -> None:
    """What each replacement changes in the data in use, a line per period."""
    for c in changes:
        print(f"Replaces {c['kind']} {c['period']} (version {c['current_version']}, {c['current_rows']:,} records) "
              f"with {c['new_rows']:,} records from {c['file']}: {c['added']:,} added, {c['removed']:,} removed, "
              f"{c['changed']:,} changed")


def _recompute(trigger: str):
    """Recompute the stored measures and say how it went; returns the computed set."""
    from .app.measures.services import recompute

    computed = recompute(trigger)
    if computed.status != computed.Status.DONE:
        print(f"Recomputing the measures failed, so the figures in use are unchanged: {computed.message}",
              file=sys.stderr)
    else:
        print(f"Measures recomputed: {computed.result_count} results (set {computed.pk}, "
              f"output sha256 {computed.output_sha256[:12]}).")
    return computed


def _report_recompute(trigger: str) -> int:
    return OK if _recompute(trigger).status == "done" else RECOMPUTE_FAILED


def cmd_recompute(args) -> int:
    _django()
    return _report_recompute("parity recompute")


def cmd_notify(args) -> int:
    """Email each person what is new for them (actions due or overdue, updates awaiting sign-off,
    failed imports), once each; run it daily (cron)."""
    _django()
    from .app.notifications import send_due

    sent = send_due()
    for line in sent:
        print(f"sent to {line}")
    if not sent:
        print("Nothing new to send.")
    return OK


def cmd_population(args) -> int:
    """Import the local population (residents per ethnicity category), then recompute."""
    _django()
    from .app.measures.local_population import import_population
    from .ingest.population import PopulationFileProblems

    try:
        population = import_population(args.file, args.area, args.source, "parity population")
    except PopulationFileProblems as exc:
        print(f"{args.file}: not imported; nothing was stored.\n{exc}", file=sys.stderr)
        return DATA_PROBLEMS
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    counts = population.counts()
    print(f"Local population for {population.area}: {sum(counts.values()):,} residents in {len(counts)} "
          f"categories ({population.source}).")
    return OK if args.no_recompute else _report_recompute("parity population")


def cmd_measures(args) -> int:
    from .engine import registry
    from .engine.compute import ParameterError, Parameters, compute
    from .engine.disclosure import FLOOR, DisclosurePolicy
    from .engine.results import FIELDS
    from .exports.cells import csv_text
    from .ingest.engine_input import load_folder

    if args.list:
        for m in registry.MEASURES.values():
            print(f"{m.id:<36} {m.title}")
        return OK
    if not args.dir:
        raise UsageError("give DATA_DIR (or --list)")
    from .ingest.dataset import DatasetError, is_dataset, load_dataset, looks_kept

    folder, hasher = _folder(args.dir), _pseudonymiser()
    if is_dataset(folder):
        if args.map:
            raise UsageError(f"{folder} is a kept dataset, whose column map was applied when it was kept: "
                             "leave out --map")
        try:
            data, result = load_dataset(folder, hasher), None
        except DatasetError as exc:
            raise UsageError(str(exc)) from None
    elif looks_kept(folder):
        raise UsageError(f"{folder} looks like a kept dataset whose manifest.json is missing or damaged: keep it "
                         "again with parity validate DIR --keep")
    else:
        data, result = load_folder(folder, _column_map(args.map), hasher)
    if result is not None and not result.ok:
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
        if args.min_cell < FLOOR and not args.unprotected:
            raise ParameterError(f"--min-cell cannot be below {FLOOR} for protected figures "
                                 f"(--unprotected gives the true figures, for your own use)")
        measure_set = compute(data, parameters, DisclosurePolicy.unprotected() if args.unprotected else None)
        if args.unprotected:
            print("UNPROTECTED: true figures with no disclosure control; every result says so. Do not publish "
                  "or share them.", file=sys.stderr)
    except (KeyError, ValueError) as exc:  # the parameters' checks (a failing measure is contained)
        raise UsageError(str(exc).strip("'\"")) from None
    for warning in measure_set.warnings:
        print(f"Note: {warning}", file=sys.stderr)
    if args.format == "json":
        text = measure_set.to_json() + "\n"
    else:
        rows = ([r.to_dict()[f] if f != "rolled_up_from" else "; ".join(r.rolled_up_from) for f in FIELDS]
                for r in measure_set.results)
        text = csv_text(list(FIELDS), rows)
    if args.output:
        _write(args.output, text, folder)
        print(f"{len(measure_set.results)} results written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return OK


def cmd_setup(args) -> int:
    """Migrate, and with --demo generate and import the synthetic council and demo users."""
    _django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from django.db import connection

    from .app.append_only import protect, protected_tables

    for table in protected_tables():  # restores a trigger someone dropped (integrity reports it)
        protect(connection, table)
    from .app.accounts.services import sync_all_staff

    sync_all_staff()  # administrators use the Django admin for what their role allows
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
        from .synthetic_council import write_local_population

        population = write_local_population(demo_dir.parent / "demo-local-population_SYNTHETIC.csv")
        code = cmd_population(argparse.Namespace(file=str(population), area="Demo City (synthetic)",
                                                 source="synthetic census figures (not real)", no_recompute=True))
        if code != OK:
            return code
        code = cmd_import(argparse.Namespace(dir=str(demo_dir), map=None, quarantine=False, no_recompute=False,
                                              replace=False))
        if code != OK:
            return code
    from .app.measures.models import MeasureSettings
    from .synthetic_council import DEMO_GRADE_BANDS

    MeasureSettings.objects.filter(pk=MeasureSettings.current().pk, grade_bands="").update(
        grade_bands=DEMO_GRADE_BANDS)
    for username, role, directorate in DEMO_USERS:
        if not User.objects.filter(username=username).exists():
            create_user(username, DEMO_PASSWORD, role, directorate, by="setup")
    from .plan_commands import demo_plan

    demo_plan()
    _demo_comments()
    from .app.reports.models import ReportSettings
    from .synthetic_council import COUNCIL

    ReportSettings.objects.filter(pk=ReportSettings.current().pk, council="").update(council=COUNCIL)
    print("\nDemo sign-in (synthetic data only): usernames "
          f"{', '.join(u for u, _, _ in DEMO_USERS)}; password '{DEMO_PASSWORD}'.")
    return OK


def _demo_comments() -> None:
    """The demo surveys' comments read in (redacted) and themed; in the newest survey, the comments
    in which nothing was found approved by the demo analyst, so the survey page shows themes."""
    from .app.accounts.models import User
    from .app.surveys import comments
    from .app.surveys.models import SurveyComment

    if SurveyComment.objects.exists():
        return
    analyst = User.objects.get(username="analyst")
    waves = sorted({q.survey for q in comments.free_text_questions_of_every_wave()})
    for survey in waves:
        comments.prepare(survey)
        for question in comments.free_text_questions(survey):
            comments.theme(analyst, survey, question.question_id)
            if survey == waves[-1]:
                shown = list(SurveyComment.objects.filter(survey=survey, question=question.question_id)
                             .values_list("pk", flat=True))
                comments.approve_clean(analyst, survey, question.question_id, shown)
    print(f"Demo survey comments: read in, redacted and themed ({', '.join(waves)}); "
          "those with nothing to mask approved in the newest (synthetic).")


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
    with refused_as_usage_error():  # the password policy (docs/security.md)
        create_user(args.username, password, args.role, args.directorate or "", by="cli")
    print(f"{args.username}: created with role {args.role}")
    return OK


def cmd_deactivate_user(args) -> int:
    """Users are deactivated, never deleted: the audit log keeps naming who did what."""
    _django()
    from .app.accounts.models import User
    from .app.accounts.services import deactivate

    user = User.objects.filter(username=args.username).first()
    if user is None:
        raise UsageError(f"no user called {args.username!r}")
    deactivate(user, by="cli")
    print(f"{args.username}: deactivated (cannot sign in; their audit history is kept)")
    return OK


def cmd_serve(args) -> int:
    """Check the database (integrity), then serve it with gunicorn; a damaged one is refused."""
    _django()
    from django.conf import settings

    from .app.integrity import problems

    found = problems()
    if found:
        print("parity: the database is not fit to serve, so Parity will not start:", file=sys.stderr)
        for problem in found:
            print(f"  - {problem}", file=sys.stderr)
        return DATA_PROBLEMS
    if args.host not in ("127.0.0.1", "localhost", "::1") and not settings.PARITY_PRODUCTION:
        print(f"parity: warning: serving plain http on {args.host} without PARITY_PRODUCTION=1: cookies are "
              "not marked HTTPS-only (docs/security.md)", file=sys.stderr)
    print(f"Parity is at http://{args.host}:{args.port}/  (Ctrl+C to stop)", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(OK))  # stopped as a service is: stop both children
    children = [subprocess.Popen([sys.executable, "-m", "parity.cli", "worker"])]  # imports and recomputes
    try:
        children.append(subprocess.Popen([
            sys.executable, "-m", "gunicorn", "parity.app.wsgi:application", "--bind", f"{args.host}:{args.port}",
            "--workers", str(args.workers), "--worker-class", "gthread", "--threads", "4", "--timeout", "300",
            "--access-logfile", "-"]))
        while children[-1].poll() is None:  # the worker is watched: one that dies is started again
            time.sleep(WATCH_SECONDS)       # (and recovers what it left: resumed or failed with the reason)
            if children[0].poll() is not None:
                print(f"parity: the worker stopped (exit {children[0].returncode}); starting it again",
                      file=sys.stderr, flush=True)
                children[0] = subprocess.Popen([sys.executable, "-m", "parity.cli", "worker"])
        return children[-1].returncode
    except KeyboardInterrupt:
        return OK
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()


WATCH_SECONDS = 2  # how often `parity serve` checks that its worker is alive


def cmd_worker(args) -> int:
    """Run the queued imports and recomputes (``parity serve`` starts one): first the runs a
    stopped worker left behind are resumed or marked failed, then the queue is worked."""
    _django()
    from django.core.management import call_command

    from .app.background import recover_interrupted

    for line in recover_interrupted():
        print(f"parity worker: {line}", flush=True)
    options = ["--batch"] if args.batch else []
    try:
        call_command("db_worker", "--no-reload", "--interval", "1", *options)
    except KeyboardInterrupt:
        pass
    return OK


def cmd_manage(args) -> int:
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["parity manage"] + args.rest)
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
    p.add_argument("--keep", metavar="DATASET", help="if every file is valid, keep what the measures read as a "
                                                     "dataset folder (Arrow files, identifiers hashed): parity "
                                                     "measures DATASET then skips reading the files")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("import", help="validate and import a folder (all or nothing)")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--map", metavar="MAP.yaml", help="column map for your own headers and values")
    p.add_argument("--quarantine", action="store_true",
                   help="import the good rows and keep the bad ones aside with their reasons")
    p.add_argument("--replace", action="store_true",
                   help="go ahead with a replacement that removes records from data in use (shown first)")
    p.add_argument("--no-recompute", action="store_true",
                   help="leave the measures as they are (for several imports in a row; then parity recompute)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("measures", help="compute the measures on a folder of files, or a dataset kept by "
                                        "parity validate --keep (no database)")
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
                   help="counts are published rounded to a multiple of this (at least 5), and smaller groups "
                        "are rolled up (default 5)")
    p.add_argument("--unprotected", action="store_true",
                   help="the true figures, with no disclosure control, for an analyst working locally; "
                        "every result says so (never publish them)")
    p.add_argument("--adjust", choices=("holm", "bh"), default="holm", help="multiple-comparison adjustment")
    p.add_argument("--local-population-share", type=float, metavar="SHARE",
                   help="ethnic-minority share of the local population, 0 to 1 (scwres.9)")
    p.add_argument("--map", metavar="MAP.yaml", help="column map for your own headers and values")
    p.add_argument("--output", metavar="FILE", help="write to a file instead of standard output")
    p.add_argument("--list", action="store_true", help="list the measures and exit")
    p.set_defaults(func=cmd_measures)

    p = sub.add_parser("population", help="import the local population (census residents per ethnicity "
                                          "category): the dashboard's comparison and Social Care WRES 9")
    p.add_argument("file", help="CSV or Excel with columns ethnicity, people")
    p.add_argument("--area", required=True, help="the area the figures are for")
    p.add_argument("--source", required=True, help="where they come from, e.g. 'ONS Census 2021, TS021'")
    p.add_argument("--no-recompute", action="store_true", help="store only; recompute later")
    p.set_defaults(func=cmd_population)

    p = sub.add_parser("recompute", help="recompute and store every measure from the current data")
    p.set_defaults(func=cmd_recompute)

    p = sub.add_parser("notify", help="email each person what is new for them (run daily; console by default)")
    p.set_defaults(func=cmd_notify)

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

    p = sub.add_parser("deactivate-user", help="stop a user signing in (users are never deleted: the audit "
                                               "log keeps who did what)")
    p.add_argument("username")
    p.set_defaults(func=cmd_deactivate_user)

    p = sub.add_parser("serve", help="check the database, then serve Parity (gunicorn) at http://127.0.0.1:8000; "
                                     "a damaged or unmigrated database is refused (exit 1)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("worker", help="run queued imports and recomputes (parity serve starts one); runs a "
                                      "restart interrupted are resumed or marked failed first")
    p.add_argument("--batch", action="store_true", help="work what is queued, then stop")
    p.set_defaults(func=cmd_worker)

    from .plan_commands import add_plan_parser

    add_plan_parser(sub)
    from .report_commands import add_report_parser

    add_report_parser(sub)

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
    except KeyboardInterrupt:
        print("parity: interrupted", file=sys.stderr)
        return INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
