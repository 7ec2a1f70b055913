"""Making reports, storing them with what they came from, and making them again.

One path for the Reports page and ``parity report``: ``generate`` checks what was asked,
builds the report's content from the current computed set (figures already through the
disclosure policy) and the plan, renders it in the asked format, stores the file with its
content, computed set and template (``models.GeneratedReport``) and writes the audit log.
``regenerate`` makes the file again from what was stored; ``matches`` says whether it comes out
byte for byte the same.

Who may make and read what is ``accounts.roles.can_generate_report`` and ``can_read_report``:
every signed-in role reads the committee, annual and pay gap reports (they hold only tables the
dashboard shows every role, and the plan); the standards returns, made for submission, are for
administrators and analysts (their by-grade disability tables are on no page).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..accounts.roles import can_generate_report, can_read_report
from ..audit.services import record
from ..dashboards.services import current_set, snapshots
from ..dashboards.templatetags.figures import date_in_words
from ..measures.models import ComputedSet, MeasureSettings
from ..plans.models import Plan
from . import annual, committee, formats, paygap, periods, returns
from .content import Report
from .models import CommitteeTemplate, GeneratedReport, ReportSettings


class ReportRefused(ValueError):
    """A report that cannot be made as asked; the message says every reason."""


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    formats: tuple[str, ...]
    button: str
    needs_plan: bool = False
    period_help: str = ""


KINDS = {k.name: k for k in (
    Kind("committee", "Committee progress report", ("docx", "pdf", "html"), "Make the committee report",
         needs_plan=True,
         period_help="the period it reports on: 1 April 2025 to 30 September 2025, 2025/26 or Q2 2025/26"),
    Kind("annual", "Annual workforce equality report", ("docx", "pdf", "html"), "Make the annual report",
         period_help="the snapshot date (blank: the latest)"),
    Kind("paygap", "Ethnicity pay gap report", ("docx", "pdf", "html"), "Make the pay gap report",
         period_help="the snapshot date (blank: the latest)"),
    Kind("wres", "Standards return (WRES, Social Care WRES, WDES)", ("xlsx",), "Make the return",
         period_help="the snapshot date (blank: the latest)"),
)}


def council_name() -> str:
    return ReportSettings.current().council


def current_template() -> CommitteeTemplate | None:
    return CommitteeTemplate.objects.first()


def _snapshot(computed: ComputedSet | None, asked: str, problems: list[str], kind: str) -> str:
    if computed is None:
        problems.append("there are no computed figures yet: import workforce data first")
        return ""
    known = returns.periods(computed) if kind == "wres" else snapshots(computed)
    if not asked:
        return known[0] if known else ""
    if asked not in known:
        problems.append(f"there are no figures for the snapshot {asked!r} (there are: {', '.join(known) or 'none'})")
    return asked


def generate(actor, kind: str, fmt: str, plan: str = "", period: str = "", standard: str = "wres",
             narrative: str = "", introduction: str = "", use_template: bool = True,
             now: dt.datetime | None = None) -> GeneratedReport:
    """Make, store and audit one report; ``ReportRefused`` lists every reason it cannot be made.
    ``actor`` is the signed-in user (whose role is checked) or a name such as "cli"."""
    problems = []
    narrative, introduction = (text.replace("\r\n", "\n") for text in (narrative, introduction))  # a form's lines
    chosen = KINDS.get(kind)
    if chosen is None:
        raise ReportRefused(f"There is no report called {kind!r}: choose {', '.join(KINDS)}.")
    if getattr(actor, "is_authenticated", False) and not can_generate_report(actor, kind):
        raise PermissionDenied("Your role does not allow making this report.")
    if fmt not in chosen.formats:
        problems.append(f"the {chosen.title.lower()} is made as {', '.join(chosen.formats)}, not {fmt!r}")
    moment = (now or timezone.now()).astimezone(dt.timezone.utc).replace(microsecond=0)
    computed = current_set()
    if computed is not None:
        computed = ComputedSet.objects.get(pk=computed.pk)  # with its methodology
    the_plan, template, content, parameters = None, None, None, {"format": fmt}
    if chosen.needs_plan:
        the_plan = Plan.objects.filter(slug=plan).first()
        if the_plan is None:
            names = ", ".join(Plan.objects.values_list("slug", flat=True)) or "none yet"
            problems.append(f"there is no plan {plan!r} (the plans: {names})" if plan else f"choose a plan ({names})")
        try:
            reporting = periods.parse(period)
        except ValueError as exc:
            problems.append(str(exc))
    else:
        snapshot = _snapshot(computed, period, problems, kind)
    if kind == "wres" and standard not in returns.STANDARDS:
        problems.append(f"there is no standard {standard!r}: choose {', '.join(returns.STANDARDS)}")
    if problems:
        raise ReportRefused("The report was not made: " + "; ".join(problems) + ".")
    council = council_name()
    if kind == "committee":
        content = committee.build(the_plan, reporting, computed, council, moment)
        parameters.update(plan=the_plan.slug, period=reporting.code)
        template = current_template() if use_template and fmt == "docx" else None
    elif kind == "paygap":
        content = paygap.build(computed, snapshot, council, moment, narrative)
        parameters.update(period=snapshot)
    elif kind == "annual":
        content = annual.build(computed, snapshot, council, moment, introduction, narrative)
        parameters.update(period=snapshot)
    else:
        parameters.update(period=snapshot, standard=standard, council=council,
                          grade_bands=MeasureSettings.current().grade_bands)
    report = GeneratedReport(kind=kind, format=fmt, parameters=parameters, computed_set=computed,
                             template=template, content=content.to_dict() if content else {}, generated_at=moment)
    report.title = title_of(report)
    data = render(report)
    report.file, report.sha256, report.size = data, hashlib.sha256(data).hexdigest(), len(data)
    report.generated_by = actor if getattr(actor, "is_authenticated", False) else None
    report.generated_by_name = report.generated_by.username if report.generated_by else str(actor)
    with transaction.atomic():
        report.save()
        record(actor, "report", f"report:{report.pk}", {"kind": kind, **parameters, "sha256": report.sha256,
                                                        "computed_set": computed.pk if computed else None,
                                                        "template": template.pk if template else None})
    return report


def title_of(report: GeneratedReport) -> str:
    p = report.parameters
    if report.kind == "committee":
        return f"{KINDS['committee'].title}: {report.content['source']['plan_title']}, {report.content['period']}"
    if report.kind in ("paygap", "annual"):
        return f"{KINDS[report.kind].title}, {date_in_words(p['period'])}"
    return f"{returns.STANDARDS[p['standard']]} return, {date_in_words(p['period'])}"


def render(report: GeneratedReport) -> bytes:
    """The report's file from what it holds: its content (and template), or for a return its
    computed set, standard and snapshot."""
    if report.kind == "wres":
        p = report.parameters
        return returns.write_return(report.computed_set, p["standard"], p["period"], report.generated_at,
                                    council_of(report), p.get("grade_bands", ""))
    content = Report.from_dict(report.content)
    if report.format == "docx":
        return formats.docx(content, bytes(report.template.file) if report.template_id else None)
    return formats.RENDERERS[report.format](content)


def council_of(report: GeneratedReport) -> str:
    """The council name the report was made with (a return keeps it in its parameters)."""
    return report.content.get("council") if report.content else report.parameters.get("council", "")


def regenerate(report: GeneratedReport) -> bytes:
    return render(report)


def matches(report: GeneratedReport) -> bool:
    """Whether making the report again gives the stored file, byte for byte."""
    return hashlib.sha256(regenerate(report)).hexdigest() == report.sha256


def file_name(report: GeneratedReport) -> str:
    return f"parity-{report.kind}-{report.generated_at:%Y%m%d-%H%M%S}.{formats.FORMATS[report.format].extension}"


def readable(user):
    """The stored reports this user may read (``accounts.roles.can_read_report``)."""
    kinds = [k for k in KINDS if can_read_report(user, k)]
    return GeneratedReport.objects.filter(kind__in=kinds)


def read(actor, report: GeneratedReport) -> bytes:
    """The stored file, with the download audited (the caller has checked ``can_read_report``)."""
    record(actor, "download", f"report:{report.pk}", {"kind": report.kind, "format": report.format})
    return bytes(report.file)


@transaction.atomic
def upload_template(actor, name: str, data: bytes) -> CommitteeTemplate:
    """Keep a council's committee template (checked first: ``formats.check_template``); it is
    used for the committee report's Word file from now on."""
    formats.check_template(data)
    template = CommitteeTemplate.objects.create(name=name[:255], file=data, sha256=hashlib.sha256(data).hexdigest(),
                                                uploaded_by=actor if getattr(actor, "is_authenticated", False)
                                                else None)
    record(actor, "report_template", f"template:{template.pk}", {"name": template.name, "sha256": template.sha256})
    return template
