"""``parity report ...``: the committee, pay gap and standards reports from the command line
(see docs/reports.md). The same service as the Reports page: each report is stored with what it
came from and audited."""

from __future__ import annotations

from pathlib import Path

from .command_basics import OK, UsageError, refused_as_usage_error
from .command_basics import django_setup as _django

KINDS = ("committee", "annual", "paygap", "wres")


def cmd_report(args) -> int:
    _django()
    from .app.reports import services

    with refused_as_usage_error():
        report = services.generate("cli", args.kind, args.format or services.KINDS[args.kind].formats[0],
                                   plan=args.plan or "", period=args.period or "", standard=args.standard,
                                   narrative=_text(args.narrative), introduction=_text(args.introduction),
                                   use_template=not args.house_style_off)
    out = Path(args.output)
    try:
        out.write_bytes(bytes(report.file))
    except OSError as exc:
        raise UsageError(f"{out}: cannot write the report ({exc.strerror})") from None
    print(f"{report.title}: written to {out} ({report.size:,} bytes, sha256 {report.sha256[:12]}); stored as report "
          f"{report.pk}")
    return OK


def _text(path: str | None) -> str:
    if not path:
        return ""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read it as UTF-8 text ({exc})") from None


def cmd_report_check(args) -> int:
    _django()
    from .app.reports import services
    from .app.reports.models import GeneratedReport

    report = GeneratedReport.objects.filter(pk=args.id).first()
    if report is None:
        raise UsageError(f"there is no stored report {args.id}")
    same = services.matches(report)
    print(f"Report {report.pk} ({report.title}): made again, it is "
          f"{'byte for byte the same' if same else 'DIFFERENT from the stored file'}.")
    return OK if same else 1


def add_report_parser(sub) -> None:
    p = sub.add_parser("report", help="make a report (committee, annual, paygap, wres) and write it to a file; it "
                                      "is stored and audited")
    p.add_argument("kind", choices=KINDS + ("check",),
                   help="committee: the plan's progress report; annual: the annual workforce equality report; "
                        "paygap: the ethnicity pay gap report; wres: the standards return (XLSX); check ID: make a "
                        "stored report again and compare")
    p.add_argument("id", nargs="?", type=int, help="with check: the stored report's number")
    p.add_argument("--plan", help="committee: the plan (see parity plan list)")
    p.add_argument("--period", help="committee: \"1 April 2025 to 30 September 2025\" (or 2025-04-01:2025-09-30), "
                                    "2025/26 or Q2 2025/26; annual, paygap and wres: the snapshot date (default: the "
                                    "latest)")
    p.add_argument("--format", choices=("docx", "pdf", "html", "xlsx"),
                   help="committee, annual and paygap: docx (default), pdf or html; wres: xlsx")
    p.add_argument("--standard", default="wres", choices=("wres", "scwres", "wdes"), help="wres: which standard")
    p.add_argument("--narrative", help="annual and paygap: a text file with the council's narrative (blank lines "
                                       "between paragraphs)")
    p.add_argument("--introduction", help="annual: a text file with the council's introduction")
    p.add_argument("--house-style-off", action="store_true",
                   help="committee: ignore the council's uploaded Word template")
    p.add_argument("--output", help="the file to write")
    p.set_defaults(func=_dispatch)


def _dispatch(args) -> int:
    if args.kind == "check":
        if args.id is None:
            raise UsageError("parity report check needs the stored report's number")
        return cmd_report_check(args)
    if not args.output:
        raise UsageError("say where to write the report: --output FILE")
    return cmd_report(args)
