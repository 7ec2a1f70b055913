"""Workforce data pages: overview, upload, import runs, datasets, record-level data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ...engine.ethnicity import BY_CODE
from ...exports.cells import csv_text
from ...ingest.readers import SUFFIXES
from ...ingest import schemas
from ..accounts.first_steps import Progress, first_steps
from ..accounts.roles import can_import, can_view_records, require
from ..dashboards.services import current_set
from ..audit.services import record
from ..measures.services import figures_notice, recompute_in_background
from ..plans.models import Plan
from . import jobs, replacement
from .importing import RECORD_MODELS, make_current
from .forms import UploadForm
from .models import DatasetVersion, ImportRun, QuarantinedRow, StaffRecord

PROBLEMS_SHOWN = 200


@login_required
def home(request):
    snapshots = (StaffRecord.objects.filter(version__is_current=True)
                 .values("snapshot_date").annotate(headcount=Count("id")).order_by("snapshot_date"))
    datasets = (DatasetVersion.objects.filter(is_current=True).values("kind")
                .annotate(periods=Count("id")).order_by("kind"))
    has_figures = current_set() is not None
    progress = Progress(has_data=bool(datasets) or has_figures, has_figures=has_figures, has_plan=Plan.objects.exists())
    return render(request, "workforce/home.html", {
        "snapshots": snapshots, "figures_notice": figures_notice(), "steps": first_steps(request.user, progress),
        "datasets": [{**d, "title": schemas.load(d["kind"]).title} for d in datasets]})


@require(can_import)
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        bad = [f.name for f in form.cleaned_data["files"] if not f.name.lower().endswith(SUFFIXES)]
        if bad:
            form.add_error("files", f"{', '.join(bad)}: only CSV and Excel files can be read "
                                    f"({', '.join(SUFFIXES)})")
        else:
            jobs.expire_waiting()
            run = ImportRun.objects.create(user=request.user, quarantine=form.cleaned_data["quarantine"],
                                           status=ImportRun.Status.UPLOADING)  # queued once its files are in
            entries = []
            for index, f in enumerate(form.cleaned_data["files"]):
                stored_as = f"{index:03d}{_suffix(f.name)}"
                jobs.save_upload(run, stored_as, f.chunks())
                entries.append({"name": f.name, "stored_as": stored_as})
            if form.cleaned_data.get("column_map"):
                jobs.save_upload(run, jobs.MAP_FILE, form.cleaned_data["column_map"].chunks())
            run.files, run.status = entries, ImportRun.Status.QUEUED
            run.save(update_fields=["files", "status"])
            jobs.start(run)
            return redirect("workforce:run", pk=run.pk)
    return render(request, "workforce/upload.html", {"form": form})


def _suffix(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


@require(can_import)
def run_detail(request, pk: int):
    run = get_object_or_404(ImportRun, pk=pk)
    files = run.report.get("files", [])
    for f in files:
        f["shown"] = f["problems"][:PROBLEMS_SHOWN]
        f["hidden"] = max(0, len(f["problems"]) - PROBLEMS_SHOWN)
    return render(request, "workforce/run.html", {"run": run, "files": files, "figures_notice": figures_notice()})


@require_POST
@require(can_import)
def run_confirm(request, pk: int):
    """Go ahead with a replacement that removes records (the run waits for this)."""
    return _decide(request, pk, jobs.confirm)


@require_POST
@require(can_import)
def run_cancel(request, pk: int):
    return _decide(request, pk, jobs.cancel)


def _decide(request, pk: int, decision):
    """Confirm or cancel a run that waits for a confirmation (404 once it no longer waits)."""
    run = get_object_or_404(ImportRun, pk=pk, status=ImportRun.Status.CONFIRM)
    if not decision(run, request.user):
        raise Http404("this import no longer waits for a confirmation")
    return redirect("workforce:run", pk=run.pk)


@require(can_import)
def use_version(request, pk: int):
    """Make an earlier, complete version of a period the one in use again: the page shows what
    that changes against the version in use; the change is audited, then the measures are
    recomputed."""
    version = get_object_or_404(DatasetVersion, pk=pk, is_current=False, incomplete=False)
    current = DatasetVersion.objects.filter(kind=version.kind, period=version.period, is_current=True).first()
    if request.method == "POST":
        shown = request.POST.get("replacing", "")
        if shown != (str(current.pk) if current else ""):  # the data in use changed since the page was shown
            return redirect("workforce:use_version", pk=version.pk)
        with transaction.atomic():
            make_current(version, current)
            record(request.user, "version_use", f"dataset_version:{version.pk}",
                   {"kind": version.kind, "period": version.period, "version": version.version,
                    "replaced_version": current.version if current else None})
        recompute_in_background(f"version {version.pk} in use")
        return redirect("workforce:data")
    change = None
    if current is not None:
        model, renames = RECORD_MODELS[version.kind]
        change = replacement.compare(
            replacement.stored_records(model, renames, version.kind, current),
            replacement.stored_records(model, renames, version.kind, version),
            file=version.file_name, kind=version.kind, period=version.period, current_version=current.version)
    return render(request, "workforce/use_version.html", {"version": version, "current": current, "change": change,
                                                          "change_list": [change.to_dict()] if change else []})


@require(can_import)
def run_status(request, pk: int):
    run = get_object_or_404(ImportRun, pk=pk)
    return JsonResponse({"status": run.status, "progress": run.progress, "message": run.message,
                         "finished": run.finished})


@require(can_import)
def run_report(request, pk: int):
    run = get_object_or_404(ImportRun, pk=pk)
    response = JsonResponse(run.report, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-report.json"'
    return response


@require(can_import)
def quarantine_csv(request, pk: int):
    run = get_object_or_404(ImportRun, pk=pk)
    rows = list(QuarantinedRow.objects.filter(import_run=run))
    columns: list[str] = []
    for r in rows:
        columns.extend(c for c in r.values if c not in columns)
    header = ["file", "row", "reasons"] + columns
    body = ([r.file_name, r.row, "; ".join(r.reasons)] + [r.values.get(c) for c in columns] for r in rows)
    record(request.user, "download", f"import_run:{run.pk}", {"what": "quarantined rows", "rows": len(rows)})
    response = HttpResponse(csv_text(header, body), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-quarantined-rows.csv"'
    return response


@require(can_import)
def data(request):
    runs = ImportRun.objects.select_related("user")[:50]
    versions = DatasetVersion.objects.select_related("import_run").order_by("kind", "period", "-version")
    return render(request, "workforce/data.html", {"runs": runs, "versions": versions,
                                                   "figures_notice": figures_notice()})


@require(can_view_records)
def records(request):
    """Staff records of a snapshot, 50 a page; the dashboard's drill-down narrows them to the
    records behind one figure (cell and ethnicity categories). Every view is audited."""
    dates = list(StaffRecord.objects.filter(version__is_current=True)
                 .values_list("snapshot_date", flat=True).distinct().order_by("-snapshot_date"))
    chosen = request.GET.get("snapshot") or (dates[0].isoformat() if dates else None)
    if chosen and chosen not in {d.isoformat() for d in dates}:
        chosen = dates[0].isoformat() if dates else None
    qs = StaffRecord.objects.filter(version__is_current=True, snapshot_date=chosen).order_by("id") \
        if chosen else StaffRecord.objects.none()
    narrowed = record_filters(request.GET)
    qs = qs.filter(**narrowed)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    about = request.GET.get("about", "") if narrowed else ""
    record(request.user, "record_view", "staff_records",
           {"snapshot": chosen, "filters": {k: list(v) if isinstance(v, list) else v for k, v in narrowed.items()},
            "page": page.number, "rows": len(page.object_list)})
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(request, "workforce/records.html",
                  {"page": page, "dates": dates, "chosen": chosen, "about": about, "narrowed": bool(narrowed),
                   "query": kept.urlencode()})


def record_filters(params) -> dict:
    """Query parameters -> StaffRecord filters: directorate, grade, sex, disability, level
    (senior | board) and ethnicity (comma-separated category codes; an unknown code matches nobody)."""
    out = {}
    for field in ("directorate", "grade", "sex", "disability"):
        if params.get(field):
            out[field] = params[field]
    level = params.get("level")
    if level == "senior":
        out["is_senior_leader"] = True
    elif level == "board":
        out["is_board_member"] = True
    if params.get("ethnicity"):  # unknown codes match nobody rather than widening to everyone
        out["ethnicity__in"] = [c for c in params["ethnicity"].split(",") if c in BY_CODE]
    return out


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)
