"""The standards' data returns (XLSX): every indicator, this year beside last year, as stored.

The oracle is the ``StoredResult`` rows, queried here with the ORM, and the workbook read back
with openpyxl: each data row of an indicator's sheet is found by its labels (grade or level,
group, compared-with group) and its cells are compared with the stored row of that snapshot.
Nothing here uses the return's own helpers to find or read a figure.
"""

import datetime as dt
import io
import zipfile

import pytest
from django.db import transaction
from openpyxl import load_workbook

from parity.app.measures.models import ComputedSet, MeasureSettings, StoredResult
from parity.app.reports.returns import STANDARDS, periods, write_return
from parity.cli import main
from parity.synthetic_council import DEMO_GRADE_BANDS

pytestmark = pytest.mark.django_db

WHEN = dt.datetime(2026, 4, 2, 9, 30, tzinfo=dt.timezone.utc)
COUNCIL = "Synthetic Borough Council"
INDICATORS = {
    "wres": [f"wres.{i}" for i in range(1, 10)],
    "scwres": ["scwres.1", "scwres.2", "scwres.3", "scwres.4", "scwres.5", "scwres.6", "scwres.7a", "scwres.7b",
               "scwres.8", "scwres.9"],
    "wdes": ["wdes.1", "wdes.2", "wdes.3"],
}
HIDDEN = ("suppressed", "not_computable")
VALUE_HEADERS = ("% of the grade or level", "%", "Relative likelihood", "Difference (points)")
NOT_COUNTS = VALUE_HEADERS + ("95% CI low", "95% CI high", "Status", "Band")


@pytest.fixture(scope="module")
def computed(small_council, django_db_setup, django_db_blocker):
    """The small council imported once for the module (it takes a while) and rolled back at its
    end; each test runs in a transaction of its own inside it (ask for it directly)."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            assert main(["import", str(small_council)]) == 0
            yield ComputedSet.objects.get(is_current=True, status="done")
            transaction.set_rollback(True)


def snapshots(computed) -> list[str]:
    """Newest first, straight from the stored rows."""
    found = StoredResult.objects.filter(computed_set=computed, measure__startswith="wres.").exclude(period="")
    return sorted(set(found.values_list("period", flat=True)), reverse=True)


def stored(computed, measure, period, breakdown, group, comparator):
    grouping = "wres_binary" if measure.startswith(("wres.", "scwres.")) else computed.parameters["grouping"]
    return StoredResult.objects.filter(computed_set=computed, grouping=grouping, measure=measure, period=period,
                                       breakdown=breakdown, group=group, comparator=comparator).first()


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def tables(ws):
    """Each table of a sheet: (first data row, [{column header: column}] for this year's block and
    last year's, the number of label columns), found by its "This year" / "Last year" header row."""
    found = []
    for row in ws.iter_rows():
        this = [c for c in row if isinstance(c.value, str) and c.value.startswith("This year")]
        last = [c for c in row if isinstance(c.value, str) and c.value.startswith("Last year")]
        if this and last:
            width = last[0].column - this[0].column
            blocks = [{ws.cell(row=this[0].row + 1, column=c).value: c for c in range(start, start + width)
                       if ws.cell(row=this[0].row + 1, column=c).value is not None}
                      for start in (this[0].column, last[0].column)]
            found.append((this[0].row + 2, blocks, this[0].column - 1))
    return found


def data_rows(ws, first: int, labels: int):
    """Each data row of a table and its label cells by their headers."""
    names = [ws.cell(row=first - 1, column=c).value for c in range(1, labels + 1)]
    row = first
    while any(ws.cell(row=row, column=c).value not in (None, "") for c in range(1, labels + 1)):
        yield row, {name: ws.cell(row=row, column=c).value for c, name in enumerate(names, start=1)}
        row += 1


def key_of(labels: dict) -> tuple[str, str, str | None]:
    """(breakdown, group, comparator) of a data row, from its label cells by their headers."""
    if "Grade or level" in labels:
        place = labels["Grade or level"]
        breakdown = ("overall" if place == "Whole workforce" else
                     f"level={place}" if place in ("Senior leadership", "Board") else f"grade={place}")
        return breakdown, labels["Group"], None
    return "overall", labels["Group"], labels["Compared with"]


def number(cell) -> bool:
    return isinstance(cell, (int, float)) and not isinstance(cell, bool)


def check_figures(ws, measure: str, block: dict, r, period: str, previous_missing: bool, row: int):
    """The cells of one year's block against the stored row ``r`` (None: nothing stored)."""
    value_column = next(block[h] for h in VALUE_HEADERS if h in block)
    value = ws.cell(row=row, column=value_column).value
    low, high = (ws.cell(row=row, column=block[h]).value for h in ("95% CI low", "95% CI high"))
    status = ws.cell(row=row, column=block["Status"]).value
    if previous_missing:
        assert value == "no previous snapshot" and not number(low) and not number(high)
        return
    if r is None:
        assert isinstance(value, str) and not number(low), (measure, period, row, value)
        return
    counts = [ws.cell(row=row, column=c).value for h, c in block.items() if h not in NOT_COUNTS]
    expected = [r.numerator, r.denominator, r.comparator_numerator, r.comparator_denominator][:len(counts)]
    assert counts == ["<5" if n == 0 else n for n in expected], (measure, period, row)
    if r.status in HIDDEN or r.value is None:
        assert isinstance(value, str) and r.reason in value, (measure, period, row, value)
        assert value.startswith({"suppressed": "hidden: ", "not_computable": "not computable: "}[r.status])
        assert not number(low) and not number(high)
        assert status == {"suppressed": "hidden", "not_computable": "not computable"}[r.status]
    else:
        assert value == pytest.approx(r.value), (measure, period, row)
        assert (low, high) == (pytest.approx(r.ci_low), pytest.approx(r.ci_high))
        assert status == {"ok": "ok", "low_power": "low power"}[r.status]


def check_return(computed, standard: str, period: str, previous: str):
    """Every indicator's sheet, row by row, against the stored rows of both snapshots."""
    book = workbook(write_return(computed, standard, period, WHEN, council=COUNCIL))
    assert book.sheetnames == ["Cover", "Return"] + [f"{m.split('.')[0].upper()} {m.split('.')[1]}"
                                                     for m in INDICATORS[standard]]
    listed = {c.value for c in book["Return"]["A"]}
    checked = 0
    for measure in INDICATORS[standard]:
        ws = book[f"{measure.split('.')[0].upper()} {measure.split('.')[1]}"]
        assert measure.split(".")[1] in ws["A1"].value and f"{ws.title}" in listed
        found = tables(ws)
        shown_keys = set()
        for first, blocks, labels in found:
            for row, label_cells in data_rows(ws, first, labels):
                key = key_of(label_cells)
                shown_keys.add(key)
                for block, when in zip(blocks, (period, previous)):
                    r = stored(computed, measure, when, *key) if when else None
                    check_figures(ws, measure, block, r, when, not when, row)
                    checked += 1
        # every stored row the return asks for is shown (indicator 1 by grade and level; others overall)
        wanted = StoredResult.objects.filter(
            computed_set=computed, grouping="wres_binary" if not standard == "wdes" else computed.parameters["grouping"],
            measure=measure, period=period).exclude(group="")
        wanted = [r for r in wanted if r.breakdown == "overall" or measure.endswith(".1")
                  and r.breakdown.startswith(("grade=", "level="))]
        assert {(r.breakdown, r.group, r.comparator) for r in wanted} <= shown_keys, measure
    assert checked > 20
    return book


def test_the_wres_return_shows_every_indicator_as_stored_this_year_beside_last_year(computed):
    newest, previous = snapshots(computed)[:2]
    MeasureSettings.objects.update(grade_bands=DEMO_GRADE_BANDS)  # grades in pay order, with their bands
    assert periods(computed) == snapshots(computed)
    book = check_return(computed, "wres", newest, previous)
    cover = {row[0].value: row[1].value for row in book["Cover"].iter_rows() if row[0].value and len(row) > 1}
    assert cover["Council"] == COUNCIL and cover["Standard"] == STANDARDS["wres"]
    assert cover["Period (snapshot date)"].startswith(newest) and cover["Previous period"].startswith(previous)
    assert cover["Generated at"] == "2026-04-02 09:30 UTC"
    text = [c.value for c in book["Cover"]["B"] if isinstance(c.value, str)]
    assert all(line in text for line in computed.methodology) and computed.methodology
    assert any(t.startswith("hidden:") for t in text) and any(t.startswith("low power:") for t in text)
    # indicator 1 by grade and level, with the counts and percentages; header rows frozen
    ws = book["WRES 1"]
    assert ws.freeze_panes and ws["A1"].font.bold
    places = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    assert {"Senior leadership", "Board", "Whole workforce", "Scale 1", "PO1"} <= set(places)
    assert places.index("Scale 6") < places.index("SO1") < places.index("PO1") < places.index("Senior leadership")
    assert ws.cell(row=places.index("SO2") + 1, column=2).value == "SO1-SO2"


def test_the_return_line_of_each_indicator_is_its_stored_headline_figure(computed):
    newest, previous = snapshots(computed)[:2]
    ws = workbook(write_return(computed, "wres", newest, WHEN))["Return"]
    header = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "Indicator")
    lines = {}
    for row in range(header + 1, ws.max_row + 1):
        lines[(ws.cell(row=row, column=1).value, ws.cell(row=row, column=3).value)] = [
            ws.cell(row=row, column=c).value for c in (4, 5, 6, 7)]
    assert {i for i, _ in lines} == {f"WRES {n}" for n in range(1, 10)}
    for (indicator, figure), (this, this_status, last, last_status) in lines.items():
        measure = "wres." + indicator.split()[1]
        if measure == "wres.1":
            key = ("overall", figure.split(": ")[1], None)
        elif measure in ("wres.2", "wres.3", "wres.4"):
            group, _, comparator = figure.partition(" compared with ")
            key = ("overall", group, comparator)
        elif measure == "wres.9":
            key = ("overall", "BME", "Workforce")
        else:
            key = ("overall", figure[len("% of "):-len(" respondents")], None)
        for shown, status, period in ((this, this_status, newest), (last, last_status, previous)):
            r = stored(computed, measure, period, *key)
            if r is None:
                assert isinstance(shown, str) and status in ("no figure", "not computable"), (indicator, period)
            elif r.status in HIDDEN:
                assert isinstance(shown, str) and r.reason in shown and status in ("hidden", "not computable")
            else:
                assert shown == pytest.approx(r.value), (indicator, figure, period)


def test_hidden_figures_are_words_never_numbers_and_no_count_of_1_to_4_appears(computed):
    newest, previous = snapshots(computed)[:2]
    hidden_rows = 0
    for standard in STANDARDS:
        book = workbook(write_return(computed, standard, newest, WHEN))
        for ws in book.worksheets[2:]:
            measure = ws.title.split()[0].lower() + "." + ws.title.split()[1]
            for first, blocks, labels in tables(ws):
                count_columns = [c for block in blocks for h, c in block.items() if h not in NOT_COUNTS]
                figure_columns = [c for block in blocks for h, c in block.items() if h in NOT_COUNTS]
                for row, label_cells in data_rows(ws, first, labels):
                    for c in count_columns:  # every count cell anywhere: a multiple of 5, "<5" or empty
                        v = ws.cell(row=row, column=c).value
                        assert v in (None, "<5") or number(v) and v % 5 == 0, (ws.title, row, c, v)
                    for block, period in zip(blocks, (newest, previous)):
                        r = stored(computed, measure, period, *key_of(label_cells))
                        if r is not None and r.status in HIDDEN:
                            hidden_rows += 1
                            cells = [ws.cell(row=row, column=c).value for h, c in block.items()
                                     if h in VALUE_HEADERS + ("95% CI low", "95% CI high", "Band")]
                            assert not any(number(v) for v in cells), (ws.title, row, cells)
                            assert any(isinstance(v, str) and r.reason in v for v in cells)
                    assert figure_columns
    assert hidden_rows > 50


def test_the_social_care_wres_and_wdes_returns_too(computed):
    newest, previous = snapshots(computed)[:2]
    check_return(computed, "scwres", newest, previous)
    book = check_return(computed, "wdes", newest, previous)
    assert "Disabled" in {c.value for c in book["WDES 1"]["B"]}


def test_the_earliest_snapshot_says_there_is_no_previous_one(computed):
    earliest = snapshots(computed)[-1]
    book = check_return(computed, "wres", earliest, "")
    cover = {row[0].value: row[1].value for row in book["Cover"].iter_rows() if row[0].value and len(row) > 1}
    assert cover["Previous period"].startswith("no previous snapshot")
    ws = book["Return"]
    assert "no previous snapshot" in {ws.cell(row=r, column=6).value for r in range(1, ws.max_row + 1)}


def test_the_same_inputs_give_the_same_bytes_and_bad_choices_are_refused(computed):
    newest = snapshots(computed)[0]
    first = write_return(computed, "wres", newest, WHEN, council=COUNCIL)
    assert first == write_return(computed, "wres", newest, WHEN, council=COUNCIL)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 4, 2, 9, 30, 0)}
    props = workbook(first).properties
    assert props.created == props.modified == dt.datetime(2026, 4, 2, 9, 30)
    assert write_return(computed, "wres", newest, WHEN + dt.timedelta(days=1), council=COUNCIL) != first
    with pytest.raises(ValueError, match="unknown standard"):
        write_return(computed, "nhs", newest, WHEN)
    with pytest.raises(ValueError, match="1999-03-31"):
        write_return(computed, "wres", "1999-03-31", WHEN)


def test_a_council_name_that_looks_like_a_formula_is_written_as_text(computed):
    newest = snapshots(computed)[0]
    cover = workbook(write_return(computed, "wdes", newest, WHEN, council="=HYPERLINK(\"x\")"))["Cover"]
    assert cover["B3"].value == "'=HYPERLINK(\"x\")"


def test_a_stored_return_is_made_again_the_same_after_the_grade_bands_change(computed):
    from parity.app.measures.models import MeasureSettings
    from parity.app.reports import services

    report = services.generate("cli", "wres", "xlsx", period=snapshots(computed)[0], standard="wres")
    assert report.parameters["grade_bands"] == MeasureSettings.current().grade_bands
    MeasureSettings.objects.filter(pk=MeasureSettings.current().pk).update(grade_bands="All: Scale 1")
    assert services.matches(report)
    assert main(["report", "check", str(report.pk)]) == 0
