"""Stored measure results: recomputed after imports and parameter changes, byte-identical, traceable."""

import json

import pytest
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone
from django.utils.formats import date_format

from parity.app.measures.models import ComputedSet, MeasureSettings, StoredResult
from parity.app.measures.services import UNEXPECTED, recompute
from parity.app.workforce.importing import import_files, pseudonymiser
from parity.app.workforce.models import ImportRun
from parity.cli import main
from parity.engine.compute import Parameters, compute
from parity.ingest.engine_input import load_folder
from parity.ingest.folder import data_files

pytestmark = pytest.mark.django_db


def imported(folder):
    run = ImportRun.objects.create(source="test")
    import_files(run, [(p.name, p) for p in data_files(folder)])
    return run


def test_recompute_stores_results_with_provenance_and_is_byte_identical(small_council):
    imported(small_council)
    first, second = recompute("test"), recompute("test")
    assert first.status == second.status == "done"
    assert first.output_sha256 == second.output_sha256 and len(first.output_sha256) == 64
    assert ComputedSet.objects.filter(is_current=True).get() == second
    stored = StoredResult.objects.filter(computed_set=second, grouping="ons5")
    explorer = stored.filter(Q(breakdown__contains="sex=") | Q(breakdown__contains="disability="))
    assert stored.count() - explorer.count() == second.result_count > 1000
    assert explorer.filter(measure="workforce.composition", breakdown__contains="grade=").exists()
    for grouping in ("ons19", "white_british_vs_minorities", "wres_binary"):  # for the dashboard's filter
        assert StoredResult.objects.filter(computed_set=second, grouping=grouping).exists()
    inputs = second.provenance["inputs"]
    assert any(k.startswith("staff:") for k in inputs) and all(len(v) == 64 for v in inputs.values())
    assert second.provenance["parameters"]["grouping"] == "ons5"


def test_stored_results_match_the_engine_run_on_the_files(small_council):
    imported(small_council)
    stored = recompute("test")
    data, _ = load_folder(small_council, hasher=pseudonymiser())  # identifiers hashed as the import does
    direct = {(r.measure, r.period, r.breakdown, r.group, r.comparator): r
              for r in compute(data, Parameters()).results}
    rows = StoredResult.objects.filter(computed_set=stored, grouping="ons5").exclude(
        Q(breakdown__contains="sex=") | Q(breakdown__contains="disability="))  # not the explorer's
    assert rows.count() == len(direct)
    for row in rows.filter(measure__in=["wres.2", "wres.3", "pay.median_gap", "workforce.retention"]):
        r = direct[(row.measure, row.period, row.breakdown, row.group, row.comparator)]
        # the same published (rounded) counts: the record keys come from the same hashed identifiers
        assert (row.status, row.numerator, row.denominator) == (r.status, r.numerator, r.denominator)
        assert row.value == pytest.approx(r.value) if r.value is not None else row.value is None


@override_settings(PARITY_JOBS_INLINE=True)
def test_changing_the_parameters_recomputes(small_council, client, users):
    imported(small_council)
    admin = users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    settings_row = MeasureSettings.current()
    response = client.post(f"/admin/measures/measuresettings/{settings_row.pk}/change/", {
        "grouping": "ons19", "reference": "", "breakdowns": "directorate", "rolling_years": 1, "min_cell": 5,
        "adjustment": "bh", "local_population_share": "0.2"})
    assert response.status_code == 302
    current = ComputedSet.objects.get(is_current=True)
    assert current.trigger == "parameters changed"
    assert current.provenance["parameters"]["grouping"] == "ons19"
    assert StoredResult.objects.filter(computed_set=current, grouping="ons19", group__startswith="Indian").exists()


def test_a_failed_recompute_leaves_the_current_set_alone(small_council, monkeypatch):
    imported(small_council)
    good = recompute("test")
    monkeypatch.setattr("parity.app.measures.services.compute",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    bad = recompute("test")
    assert bad.status == "failed" and bad.message == UNEXPECTED  # the details go to the log, not the page
    assert ComputedSet.objects.get(is_current=True) == good


def failing_compute(monkeypatch):
    monkeypatch.setattr("parity.app.measures.services.compute",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))


@override_settings(PARITY_JOBS_INLINE=True)
def test_a_failed_recompute_is_said_on_the_run_data_and_dashboard_pages(small_council, client, users, monkeypatch,
                                                                        fresh_caches):
    from parity.app.workforce import jobs

    imported(small_council)
    good = recompute("test")
    failing_compute(monkeypatch)
    run = ImportRun.objects.create(source="upload", files=[])  # an upload whose recompute fails

    def stored(run, *args, **kwargs):  # the data is stored; only the recompute fails
        run.status, run.message = ImportRun.Status.IMPORTED, "Imported 3 files."
        run.report = {"stored": [{"new_versions": [{"period": "2025-03-31"}]}]}  # a new version in use
        run.save()

    monkeypatch.setattr(jobs, "import_files", stored)
    jobs.run_import(run.pk)
    run.refresh_from_db()
    assert run.status == "imported" and run.recompute_failed and run.finished
    assert "recomputing the measures failed" in run.message and UNEXPECTED in run.message
    client.force_login(users["analyst"])
    when = good.finished_at.astimezone(timezone.get_current_timezone())
    for url in (f"/data/runs/{run.pk}/", "/data/", "/", "/dashboard/", "/dashboard/standards/"):
        page = client.get(url).content.decode()
        notice = page[page.index('id="figures-notice"'):]
        assert f"The figures are from {date_format(when, 'j F Y, H:i')}" in notice, url
        assert "last recompute" in notice and "failed" in notice and "boom" not in page and "RuntimeError" not in page
    assert "the measures were not recomputed" in client.get(f"/data/runs/{run.pk}/").content.decode()
    monkeypatch.undo()
    recompute("test")  # a good recompute clears the notice
    assert 'id="figures-notice"' not in client.get("/dashboard/").content.decode()


def test_parity_import_exits_3_when_its_recompute_fails(small_council, monkeypatch, capsys):
    failing_compute(monkeypatch)
    assert main(["import", str(small_council)]) == 3
    err = capsys.readouterr().err
    assert "Recomputing the measures failed" in err and UNEXPECTED in err
    run = ImportRun.objects.latest("id")
    assert run.status == "imported" and run.recompute_failed


def test_parity_measures_on_the_files_gives_the_figures_the_app_stores(small_council, tmp_path):
    """One secret, one set of record keys: the command and the app publish the same counts."""
    imported(small_council)
    stored = recompute("test")
    out = tmp_path / "cli.json"
    assert main(["measures", str(small_council), "--measure", "workforce", "--output", str(out)]) == 0
    cli = {(r["measure"], r["period"], r["breakdown"], r["group"], r["comparator"]): r
           for r in json.loads(out.read_text())["results"]}
    rows = StoredResult.objects.filter(computed_set=stored, grouping="ons5", measure__startswith="workforce.",
                                       breakdown__in=["overall", "grade=PO1"])
    assert rows.count() > 10
    for row in rows:
        r = cli[(row.measure, row.period, row.breakdown, row.group, row.comparator)]
        assert (row.numerator, row.denominator, row.status) == (r["numerator"], r["denominator"], r["status"])


@override_settings(PARITY_JOBS_INLINE=True)
def test_the_disclosure_threshold_has_a_floor_and_a_change_needs_a_reason(small_council, client, users):
    from parity.app.audit.models import AuditEvent

    imported(small_council)
    admin = users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    settings_row = MeasureSettings.current()
    url = f"/admin/measures/measuresettings/{settings_row.pk}/change/"
    form = {"grouping": "ons5", "reference": "", "breakdowns": "directorate,grade", "rolling_years": 2,
            "adjustment": "holm", "local_population_share": ""}
    below = client.post(url, {**form, "min_cell": 3, "reason": "smaller council"})
    assert below.status_code == 200 and "greater than or equal to 5" in below.content.decode()
    unexplained = client.post(url, {**form, "min_cell": 10, "reason": " "})
    assert unexplained.status_code == 200 and "Say why the disclosure threshold changes" in unexplained.content.decode()
    settings_row.refresh_from_db()
    assert settings_row.min_cell == 5
    assert client.post(url, {**form, "min_cell": 10, "reason": "Committee asked for coarser figures"}).status_code == 302
    settings_row.refresh_from_db()
    assert settings_row.min_cell == 10
    event = AuditEvent.objects.filter(action="parameters_change").latest("id")
    assert event.detail["min_cell"] == {"from": 5, "to": 10}
    assert event.detail["reason"] == "Committee asked for coarser figures"
    current = ComputedSet.objects.get(is_current=True)
    counts = StoredResult.objects.filter(computed_set=current, numerator__isnull=False).values_list("numerator", flat=True)
    assert counts and all(c % 10 == 0 for c in counts)
