"""The annual workforce equality report (issue 12) on a real council's stored figures.

Expected values are read from the stored rows with the ORM (the figures already through the
disclosure policy), never from the report code's helpers; the files are read back with a small
HTML parser and python-docx's own package, not with the report code.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from html.parser import HTMLParser

import pytest

from parity.app.measures.models import ComputedSet, StoredResult
from parity.app.reports import annual, formats
from parity.cli import main

WHEN = dt.datetime(2026, 4, 2, 9, 30, tzinfo=dt.timezone.utc)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHAPTERS = ("Introduction", "Main facts", "Staff and the local population", "Representation by grade",
            "Recruitment", "Training", "Casework", "Leavers", "Promotion", "Pay gap", "Other characteristics",
            "Staff survey", "The council's narrative", "Methodology")
CENSUS = ("ethnicity,people\n\"White: English, Welsh, Scottish, Northern Irish or British\",7000\n"
          "\"Asian, Asian British or Asian Welsh: Indian\",2000\nBlack African,1000\n")


class Page(HTMLParser):
    """Headings, tables (caption, header, rows) each with the note paragraph after it, images'
    alt text, and all the visible text."""

    def __init__(self):
        super().__init__()
        self.headings, self.tables, self.images, self.text = [], [], [], []
        self._buffer, self._in, self._last_table = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h1", "h2", "h3", "caption", "th", "td", "p", "li"):
            self._in, self._buffer, self._class = tag, [], attrs.get("class") or ""
        if tag == "table":
            self.tables.append({"caption": "", "rows": [], "note": ""})
            self._last_table = self.tables[-1]
        if tag == "tr":
            self.tables[-1]["rows"].append([])
        if tag == "img":
            self.images.append(attrs.get("alt"))

    def handle_data(self, data):
        if self._in:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if tag != self._in:
            return
        text = " ".join("".join(self._buffer).split())
        self.text.append(text)
        if tag in ("h1", "h2", "h3"):
            self.headings.append((int(tag[1]), text))
            self._last_table = None
        elif tag == "caption":
            self.tables[-1]["caption"] = text
        elif tag in ("th", "td"):
            self.tables[-1]["rows"][-1].append(text)
        elif tag == "p" and "note" in self._class and self._last_table is not None and not self._last_table["note"]:
            self._last_table["note"] = text
        self._in = None


def read(html: bytes) -> Page:
    page = Page()
    page.feed(html.decode("utf-8"))
    for t in page.tables:
        t["header"], t["rows"] = t["rows"][0], t["rows"][1:]
    return page


def find(page: Page, caption: str) -> dict:
    return next(t for t in page.tables if t["caption"] == caption)


def count(x) -> str:
    return "<5" if x == 0 else f"{x:,.0f}"


def check_rates(table: dict, stored, label="Ethnic group") -> int:
    """Every stored rate row is in the table: its counts, its rate as a percentage to one place,
    or a symbol whose note gives the stored reason. Returns how many hidden rows were seen."""
    rows = {r[0]: r for r in table["rows"]}
    hidden = 0
    for row in stored:
        shown = rows[row.group]
        assert shown[1] == count(row.numerator) and shown[2] == count(row.denominator), (table["caption"], row.group)
        if row.value is None:
            hidden += 1
            symbol = shown[3]
            assert re.fullmatch(r"\[[cx]\d*\]", symbol), shown
            assert f"{symbol} " in table["note"] and row.reason in table["note"], (symbol, table["note"])
        else:
            assert shown[3].split(" [")[0] == f"{100 * row.value:.1f}", (table["caption"], row.group, shown)
    return hidden


@pytest.mark.django_db(transaction=True)
def test_the_annual_report_shows_the_stored_figures_in_words_tables_and_charts(small_council, fresh_caches, tmp_path):
    assert main(["import", str(small_council)]) == 0
    census = tmp_path / "census.csv"
    census.write_text(CENSUS, encoding="utf-8")
    assert main(["population", str(census), "--area", "Synthetic Borough", "--source", "synthetic census",
                 "--no-recompute"]) == 0
    computed = ComputedSet.objects.get(is_current=True)
    grouping = computed.parameters["grouping"]
    latest = max(StoredResult.objects.filter(computed_set=computed).values_list("period", flat=True))
    stored = StoredResult.objects.filter(computed_set=computed, grouping=grouping, period=latest, breakdown="overall")

    report = annual.build(computed, latest, "Synthetic Council", WHEN, introduction="Our own opening words.",
                          narrative="Why the gaps exist.\n\nWhat we will do.")
    assert report.kind == "annual" and report.source == {"computed_set": computed.pk, "snapshot": latest,
                                                          "grouping": grouping}
    page = read(formats.html(report))
    day = dt.date.fromisoformat(latest)

    # every chapter, in order, at level 2
    chapters = [text for level, text in page.headings if level == 2]
    assert chapters == list(CHAPTERS)
    assert {"By grade", "Senior leadership and the board", "Disability", "Measures used",
            "How the figures protect the people in them"} <= {text for level, text in page.headings if level == 3}
    text = "\n".join(page.text)
    assert "Our own opening words." in text and "Why the gaps exist." in text and "What we will do." in text
    assert f"{day.day} {day:%B %Y}" in text and latest not in text

    # tables equal the stored rows
    hidden = check_rates(find(page, f"Staff by ethnic group on {day.day} {day:%B %Y}"),
                         stored.filter(measure="workforce.composition"))
    for measure, caption in (("workforce.promotion", "Promotion rate"), ("workforce.retention", "Leaving rate"),
                             ("casework.disciplinary", "Entering the disciplinary process"),
                             ("scwres.5", "Staff starting non-mandatory training")):
        rows = stored.filter(measure=measure, comparator__isnull=True)
        assert rows.exists()
        hidden += check_rates(find(page, caption), rows)
        ratios = {r.group: r for r in stored.filter(measure=measure, comparator__isnull=False)}
        for shown in find(page, caption)["rows"]:
            if shown[0] in ratios:
                r = ratios[shown[0]]
                assert shown[-1].split(" [")[0] == (f"{r.value:.2f}" if r.value is not None else shown[-1])
    assert hidden > 0  # the small council hides some figures, and each says why
    funnel = {r[0]: r for r in find(page, "Applications at each step of the funnel")["rows"]}
    for row in stored.filter(measure="recruitment.shortlisting", comparator__isnull=True):
        assert funnel["All applicants" if row.group == "All staff" else row.group][1:3] == [count(row.denominator),
                                                                                             count(row.numerator)]
    grades = {r[0]: r for r in find(page, "Staff in each grade by ethnic group")["rows"]}
    for row in StoredResult.objects.filter(computed_set=computed, grouping=grouping, period=latest, measure="scwres.1",
                                           breakdown__startswith="grade=", group="Ethnic minorities"):
        shown = grades[row.breakdown.removeprefix("grade=")]
        assert shown[1] == count(row.denominator) and shown[2] == count(row.numerator)
        assert shown[3] == (f"{100 * row.value:.1f}" if row.value is not None else shown[3])
        assert row.value is not None or shown[3].startswith("[c")
    gaps = {r[0]: r for r in find(page, "Hourly pay gaps compared with White British employees")["rows"]}
    for row in stored.filter(measure="pay.mean_gap"):
        assert gaps[row.group][2] == (f"{row.value:.1f}" if row.value is not None else gaps[row.group][2])
        assert row.value is not None or gaps[row.group][2].startswith("[c")
    # by sex and by disability: each category's whole staff (the one-way tables), never an ethnic group within one
    for dim in ("sex", "disability"):
        shown = {(r[0], r[1]): r for r in find(page, f"Promotion, leaving and shortlisting by {dim}")["rows"]}
        one_way = StoredResult.objects.filter(computed_set=computed, grouping=grouping, period=latest,
                                              breakdown__startswith=f"{dim}=", group="All staff",
                                              comparator__isnull=True).exclude(breakdown__contains=";")
        outcomes = {"workforce.promotion": "Promoted in the year", "workforce.retention": "Left since the year before",
                    "recruitment.shortlisting": "Applications shortlisted"}
        expected = {(row.breakdown.split("=")[1], outcomes[row.measure]): row for row in one_way
                    if row.measure in outcomes}
        assert set(shown) == set(expected) and len(expected) >= 6, (set(shown) ^ set(expected))
        for key, row in expected.items():
            assert shown[key][2:4] == [count(row.numerator), count(row.denominator)], key
            assert shown[key][4].split(" [")[0] == (f"{100 * row.value:.1f}" if row.value is not None else
                                                    shown[key][4]) and (row.value is not None or "[" in shown[key][4])
    within = StoredResult.objects.filter(computed_set=computed, grouping=grouping, period=latest,
                                         breakdown__startswith="sex=").exclude(group="All staff")
    assert within.exists() and not any(t["caption"].startswith("Staff by ethnic group within") for t in page.tables)
    assert "Ethnic groups within each sex category are not published" in text
    disabled = StoredResult.objects.get(computed_set=computed, grouping=grouping, period=latest, measure="wdes.1",
                                        breakdown="overall", group="Disabled")
    assert find(page, "Staff by disability (WDES 1)")["rows"][0][:3] == ["Disabled", count(disabled.numerator),
                                                                        f"{100 * disabled.value:.1f}"]
    local = find(page, "Staff who stated their ethnicity and the people of Synthetic Borough")
    assert {r[0]: r[4] for r in local["rows"]}["Asian, Asian British or Asian Welsh"] == "20.0"  # 2,000 of 10,000

    # no number where a figure is hidden: every [c] cell is a symbol alone, and no visible id or code
    for table in page.tables:
        for row in table["rows"]:
            for cell in row[1:]:
                assert cell and (re.fullmatch(r"<5|-?[\d,]+(\.\d)?( \[u\d*\])?|[\d.]+( \[u\d*\])?|\[[cxzu]\d*\]|-?[\d.]+ to -?[\d.]+",
                                              cell) or not re.search(r"\d", cell)), (table["caption"], row)
    visible = text + "\n" + "\n".join(page.images)
    ids = re.findall(r"\b(?:wres|scwres|wdes|pay|workforce|recruitment|casework|plan)\.[a-z0-9_]+", visible)
    assert not ids
    assert not [w for w in re.findall(r"\b[a-z]+\.[a-z_]+\b", visible)]
    assert "=" not in visible and "_" not in visible and "BME" not in visible
    assert all(alt and len(alt) > 40 and re.search(r"\d", alt) for alt in page.images) and len(page.images) >= 8
    assert len(report.blocks) and all(b.alt for b in report.blocks if type(b).__name__ == "Figure")
    for line in computed.methodology:
        assert " ".join(line.split()) in text

    # a blank introduction and narrative get generated words; Word has real headings
    blank = annual.build(computed, latest, "Synthetic Council", WHEN)
    words = "\n".join(read(formats.html(blank)).text)
    assert "Public Sector Equality Duty" in words and "No narrative was written for this report" in words
    with zipfile.ZipFile(io.BytesIO(formats.docx(blank))) as package:
        body = package.read("word/document.xml").decode("utf-8")
    headings = re.findall(r'<w:pStyle w:val="Heading2"/>.*?</w:p>', body)
    assert len(headings) == len(CHAPTERS)
    assert 'descr="' in body
