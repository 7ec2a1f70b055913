"""The Reports page: make a report, read the ones made, and (administrators) the council's name
and committee template. Each view calls ``services`` and renders; who may do what is
``accounts.roles``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..accounts.roles import can_generate_report, can_manage_reports, can_read_report, can_read_reports, require
from ..dashboards.services import current_set, snapshots
from ..plans.models import Plan
from . import formats, returns, services
from .models import GeneratedReport, ReportSettings
from .periods import ReportingPeriod

TEMPLATE_LIMIT = 10 * 1024 * 1024  # a committee template larger than this is refused


def _suggested_period(today: dt.date) -> str:
    """Since the last committee report (of any plan) up to today; else the financial year so far
    (in words, as a person types it: "1 April 2026 to 2 December 2026")."""
    last = GeneratedReport.objects.filter(kind="committee").values_list("parameters", flat=True).first()
    if last and ":" in last.get("period", ""):
        start = dt.date.fromisoformat(last["period"].split(":")[1]) + dt.timedelta(days=1)
        if start <= today:
            return ReportingPeriod(start, today).label
    year = today.year if today.month >= 4 else today.year - 1
    return ReportingPeriod(dt.date(year, 4, 1), today).label


def _page(request, errors: dict | None = None, status: int = 200):
    computed = current_set()
    plans = list(Plan.objects.all())
    kinds = [k for k in services.KINDS.values() if can_generate_report(request.user, k.name)]
    context = {
        "kinds": kinds, "plans": plans, "snapshots": snapshots(computed) if computed else [],
        "formats": formats.FORMATS, "standards": returns.STANDARDS, "errors": errors or {}, "form": request.POST,
        "period": _suggested_period(dt.date.today()),
        "reports": services.readable(request.user).defer("file", "content").select_related("generated_by")[:50],
        "can_manage": can_manage_reports(request.user), "council": services.council_name(),
        "template": services.current_template(), "computed": computed,
    }
    return render(request, "reports/list.html", context, status=status)


@require(can_read_reports)
def report_list(request):
    return _page(request)


@require_POST
@require(can_read_reports)
def generate(request):
    kind = request.POST.get("kind", "")
    try:
        report = services.generate(request.user, kind, request.POST.get(f"{kind}_format", ""),
                                   plan=request.POST.get("plan", ""), period=request.POST.get(f"{kind}_period", ""),
                                   standard=request.POST.get("standard", "wres"),
                                   narrative=request.POST.get(f"{kind}_narrative", ""),
                                   introduction=request.POST.get(f"{kind}_introduction", ""))
    except services.ReportRefused as exc:
        return _page(request, {kind or "committee": str(exc)}, status=400)
    messages.success(request, f"Made: {report.title}. Download it from the list below.")
    return redirect("reports:list")


@require(can_read_reports)
def download(request, pk: int):
    report = get_object_or_404(GeneratedReport, pk=pk)
    if not can_read_report(request.user, report.kind):
        raise PermissionDenied("Your role does not allow reading this report.")
    data = services.read(request.user, report)
    kind = formats.FORMATS[report.format]
    response = HttpResponse(data, content_type=kind.media_type)
    response["Content-Disposition"] = f'attachment; filename="{services.file_name(report)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@require(can_manage_reports)
def council(request):
    name = request.POST.get("council", "").strip()
    if not name:
        return _page(request, {"council": "Enter the council's name as it should appear on every report"}, 400)
    settings = ReportSettings.current()
    settings.council = name[:200]
    settings.save(update_fields=["council"])
    from ..audit.services import record

    record(request.user, "report_settings", "council", {"council": settings.council})
    messages.success(request, "The council's name is saved; reports made from now on carry it.")
    return redirect("reports:list")


@require_POST
@require(can_manage_reports)
def template(request):
    upload = request.FILES.get("template")
    if upload is None:
        return _page(request, {"template": "Choose a Word (.docx) file"}, 400)
    if upload.size > TEMPLATE_LIMIT:
        return _page(request, {"template": f"{upload.name}: the file is larger than 10 MB"}, 400)
    try:
        services.upload_template(request.user, upload.name, upload.read())
    except formats.TemplateProblem as exc:
        return _page(request, {"template": f"{upload.name}: {exc}"}, 400)
    messages.success(request, f"{upload.name} is now the committee report's Word template.")
    return redirect("reports:list")
