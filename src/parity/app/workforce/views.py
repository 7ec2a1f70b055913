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
from ...ingest.column_map import ColumnMap
from ...ingest.formats_doc import template_files
from ...ingest.readers import SUFFIXES
from ...ingest import schemas
from ..accounts.first_steps import Progress, first_steps
from ..accounts.roles import can_import, can_view_records, require
from ..dashboards.services import current_set
from ..audit.services import record
from ..measures.services import figures_notice, recompute_in_background
from ..plans.models import Plan
from . import jobs, matching, replacement
from .importing import RECORD_MODELS, make_current
from .forms import MatchForm, UploadForm
from .models import DatasetVersion, ImportRun, QuarantinedRow, SavedColumnMap, StaffRecord

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
            elif form.cleaned_data.get("saved_map"):
                saved = ColumnMap.from_dict(form.cleaned_data["saved_map"].body)
                jobs.save_upload(run, jobs.MAP_FILE, [saved.to_yaml().encode("utf-8")])
            run.files, run.status = entries, ImportRun.Status.QUEUED
            run.save(update_fields=["files", "status"])
            jobs.start(run)
            return redirect("workforce:run", pk=run.pk)
    return render(request, "workforce/upload.html", {"form": form, "templates": _templates()})


def _templates() -> list[dict]:
    """The blank templates the Upload page offers, a CSV and an XLSX per file type."""
    return [{"title": s.title, "csv": f"{s.name}.csv", "xlsx": f"{s.name}.xlsx"} for s in schemas.all_schemas()]


@login_required
def template_file(request, name: str):
    """A blank template or the example column map (``formats_doc.template_files``)."""
    files = template_files()
    if name not in files:
        raise Http404("no such template")
    types = {".csv": "text/csv; charset=utf-8", ".yaml": "text/yaml; charset=utf-8",
             ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    response = HttpResponse(files[name], content_type=types[_suffix(name)])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require(can_import)
def match_upload(request):
    """Upload one file from the council's own system to match its columns before importing."""
    form = MatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if not upload.name.lower().endswith(SUFFIXES):
            form.add_error("file", f"{upload.name}: only CSV and Excel files can be read ({', '.join(SUFFIXES)})")
        else:
            jobs.expire_waiting()
            run = matching.start(request.user, upload, form.cleaned_data.get("saved_map"))
            return redirect("workforce:match", pk=run.pk)
    return render(request, "workforce/match_upload.html", {"form": form})


@require(can_import)
def match(request, pk: int):
    """Match a waiting file's columns and values: check again as often as needed, then import
    with the map (saved under a name if one is given), or cancel."""
    run = get_object_or_404(ImportRun, pk=pk, status=ImportRun.Status.MAPPING, user=request.user)  # the uploader's
    try:
        raw = matching.read(run)
    except matching.NotReadable as exc:
        jobs.cancel(run, request.user, f"Cancelled: the file could not be read ({exc}).")
        return redirect("workforce:run", pk=run.pk)
    column_map, kind = matching.draft(run), run.report.get("kind")
    name = run.report.get("started_from", "")
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            jobs.cancel(run, request.user, "Cancelled while matching the columns; nothing was stored.")
            return redirect("workforce:run", pk=run.pk)
        column_map, kind = matching.from_form(raw, request.POST)
        name = request.POST.get("name", "").strip()[:100]
        run.report = {**run.report, "draft_map": column_map.to_dict(), "kind": kind}
        ImportRun.objects.filter(pk=run.pk).update(report=run.report)
    checked = matching.check(raw, column_map, kind)
    if request.method == "POST" and request.POST.get("action") == "import" and checked.ready:
        if matching.import_with(run, request.user, checked.matching.column_map, checked.matching.kind, name):
            return redirect("workforce:run", pk=run.pk)
        raise Http404("this file no longer waits for its columns to be matched")
    return render(request, "workforce/match.html", {
        "run": run, "file_name": run.files[0]["name"], "checked": checked, "m": checked.matching, "name": name,
        "last_fixed": run.report.get("last_fixed", {}).get(checked.matching.kind or "", {}),
        "rows_shown": can_view_records(request.user),
        "kinds": [(k, schemas.load(k).title) for k in schemas.KINDS], "tried": request.method == "POST",
        "fields": schemas.load(checked.matching.kind).fields if checked.matching.kind else ()})


@require(can_import)
def saved_maps(request):
    return render(request, "workforce/saved_maps.html", {"maps": SavedColumnMap.objects.select_related("saved_by")})


@require(can_import)
def saved_map_yaml(request, pk: int):
    saved = get_object_or_404(SavedColumnMap, pk=pk)
    response = HttpResponse(ColumnMap.from_dict(saved.body).to_yaml(), content_type="text/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="column-map-{saved.pk}.yaml"'
    return response


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
