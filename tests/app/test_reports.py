"""Reports (issue 12): the committee progress report and the ethnicity pay gap report, in HTML,
PDF and Word; stored with what they came from and made again byte for byte; a council's own
Word template; the Reports page's roles; ``parity report``.

Expected values come from the test's own data (the plan's updates, the stored rows read with
the ORM), never from the report code's helpers.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from parity.app.audit.models import AuditEvent
from parity.app.measures.models import ComputedSet, StoredResult
from parity.app.plans import services as plans
from parity.app.plans.models import Action
from parity.app.reports import periods, services
from parity.app.reports.models import CommitteeTemplate, GeneratedReport, ReportSettings
from parity.cli import main

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

WHEN = dt.datetime(2025, 4, 2, 9, 30, tzinfo=dt.timezone.utc)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# --- reading the files back, without the report code ---------------------------------------

class _Outline(HTMLParser):
    """Headings, table captions, header cells and rows, images' alt text and the html lang."""

    def __init__(self):
        super().__init__()
        self.headings, self.tables, self.images, self.lang = [], [], [], None
        self._text, self._in = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("h1", "h2", "h3", "h4", "caption", "th", "td"):
            self._in, self._text = tag, []
        if tag == "table":
            self.tables.append({"caption": "", "header": [], "rows": []})
        if tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        if tag == "img":
            self.images.append(attrs.get("alt"))

    def handle_data(self, data):
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag != self._in:
            return
        text = " ".join("".join(self._text).split())
        if tag.startswith("h") and tag != "th":
            self.headings.append((int(tag[1]), text))
        elif tag == "caption":
            self.tables[-1]["caption"] = text
        else:
            self.tables[-1]["rows"][-1].append(text)
        self._in = None


def outline(html: bytes) -> _Outline:
    parsed = _Outline()
    parsed.feed(html.decode("utf-8"))
    for table in parsed.tables:
        table["header"], table["rows"] = table["rows"][0], table["rows"][1:]
    return parsed


def table(parsed: _Outline, caption_start: str) -> dict:
    return next(t for t in parsed.tables if t["caption"].startswith(caption_start))


def word_parts(data: bytes) -> dict:
    """From a .docx: paragraphs with their style ids, tables (rows of cell text), whether each
    table's first row repeats as a header, pictures' alt text, the default language."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = ElementTree.fromstring(package.read("word/document.xml"))
        styles = ElementTree.fromstring(package.read("word/styles.xml"))
    paragraphs = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        paragraphs.append((style.get(f"{W}val") if style is not None else "",
                           "".join(t.text or "" for t in p.iter(f"{W}t"))))
    tables = [{"repeat": t.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None,
               "rows": [["".join(x.text or "" for x in c.iter(f"{W}t")) for c in r.findall(f"{W}tc")]
                        for r in t.findall(f"{W}tr")]} for t in body.iter(f"{W}tbl")]
    alts = [e.get("descr") for e in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    return {"paragraphs": paragraphs, "tables": tables, "alts": alts,
            "lang": lang.get(f"{W}val") if lang is not None else None}


# --- the committee report ------------------------------------------------------------------

@pytest.fixture
def progress(plan, users):
    """The small plan with a year of progress: action 1 (due 30 June 2024) overdue with an old
    update before the period; action 2 updated in the period, commented on and signed off, and
    corrected once; then an override on action 2."""
    first, second = plan.actions.order_by("position")
    owner = users["admin"]
    plans.add_update(first, owner, "Data cleansed; publication waiting for sign-off.", "in_progress",
                     as_of=dt.date(2024, 1, 15))
    update = plans.add_update(second, owner, "Twelve mentoring pairs matched.", "in_progress",
                              as_of=dt.date(2024, 9, 1))
    plans.respond(update, users["staff_network"], "comment", "Please include the network's co-chairs.")
    plans.respond(update, users["staff_network"], "sign_off")
    plans.edit_update(update, owner, "Twelve mentoring pairs matched; the co-chairs are mentors.")
    plans.override_rag(Action.objects.get(pk=second.pk), owner, "red", "Mentors withdrew in October")
    return plan


def _committee(plan, fmt="html", period="2024/25", template=True) -> GeneratedReport:
    return services.generate("cli", "committee", fmt, plan=plan.slug, period=period, use_template=template, now=WHEN)


def test_the_committee_report_in_html_has_the_summary_exceptions_progress_and_network(progress, figures):
    report = _committee(progress)
    page = outline(bytes(report.file))
    assert page.lang == "en-GB"
    levels = dict((text, level) for level, text in page.headings)
    assert levels["Race equality action plan: progress report"] == 1
    for section in ("Summary", "Exceptions", "Progress by priority and objective", "Measures",
                    "The staff network's comments and sign-offs", "About this report"):
        assert levels[section] == 2, section
    assert levels["How the RAG status is worked out"] == 3
    assert levels["Priority 1: People"] == 3
    # the RAG summary: action 1 overdue (due 30 June 2024, as on 31 March 2025), action 2 overridden red
    rag = table(page, "Actions by RAG status on 31 March 2025")
    assert rag["header"] == ["RAG", "Actions", "Share"]
    assert [r[:2] for r in rag["rows"]] == [["Red", "2"], ["Amber", "0"], ["Green", "0"], ["All actions", "2"]]
    exceptions = {r[0]: r[3] for r in table(page, "Actions needing attention")["rows"]}
    assert exceptions["1. Publish promotion data"].startswith("Overdue (due 30 June 2024)")
    assert "no progress update in the period" in exceptions["1. Publish promotion data"]
    assert "Mentors withdrew in October" in exceptions["2. Start reverse mentoring"]
    assert "no progress update" not in exceptions["2. Start reverse mentoring"].lower()
    # progress in the period: the corrected update only; the January 2024 one is before the period
    progress_text = " ".join(" ".join(r) for t in page.tables if "actions and progress" in t["caption"]
                             for r in t["rows"])
    assert "1 September 2024: Twelve mentoring pairs matched; the co-chairs are mentors." in progress_text
    assert "Data cleansed" not in progress_text
    network = table(page, "Comments and sign-offs")["rows"]
    assert sorted(r[2] for r in network) == ["Comment (of the update before it was corrected)",
                                             "Sign-off (of the update before it was corrected)"]
    assert any("Please include the network's co-chairs." in r[3] for r in network)
    assert page.images and all(alt and "Bar chart" in alt for alt in page.images)
    for name in ("admin", "staff-network"):  # no account names in a committee paper
        assert name not in bytes(report.file).decode()


def test_a_hidden_measure_figure_says_why_and_shows_no_number(progress, figures):
    from parity.app.plans.measure_links import add_measure

    objective = progress.objectives.get(number="1.1")
    add_measure(progress, "test", "Declaration in Finance", "higher", objective, measure_id="workforce.declaration_rate",
                breakdown="directorate=Finance", group="All staff")
    add_measure(progress, "test", "Declaration rate", "higher", objective, measure_id="workforce.declaration_rate",
                group="All staff", target_value=0.97)
    rows = {r[0]: r for r in table(outline(bytes(_committee(progress).file)), "The plan's measures")["rows"]}
    finance = rows["Declaration in Finance (objective 1.1)"]
    assert "not shown, a count of 1 to 4 people" in finance[2] and not re.search(r"\d+(\.\d)?%", finance[2])
    stored = StoredResult.objects.get(measure="workforce.declaration_rate", breakdown="overall", period="2025-03-31")
    whole = rows["Declaration rate (objective 1.1)"]
    assert whole[2] == f"{100 * stored.value:.1f}%, 31 March 2025"
    assert whole[3] == f"{100 * stored.ci_low:.1f}% to {100 * stored.ci_high:.1f}%"
    assert whole[4] == "97.0% (not yet met)"


def test_the_committee_report_in_word_has_real_headings_tables_and_alt_text(progress, figures):
    parts = word_parts(bytes(_committee(progress, "docx").file))
    styles = dict((text, style) for style, text in parts["paragraphs"])
    assert styles["Race equality action plan: progress report"] == "Title"
    assert styles["Summary"] == "Heading2" and styles["Exceptions"] == "Heading2"
    assert styles["Objective 1.1: Fair promotion"] == "Heading4"
    assert parts["lang"] == "en-GB"
    assert parts["tables"] and all(t["repeat"] for t in parts["tables"])
    rag = next(t for t in parts["tables"] if t["rows"][0] == ["RAG", "Actions", "Share"])
    assert rag["rows"][1][:2] == ["Red", "2"]
    assert parts["alts"] and all(a.startswith("Bar chart") for a in parts["alts"])


def test_the_pdf_is_tagged_with_its_language_title_and_headings(progress, figures):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(bytes(_committee(progress, "pdf").file)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("Race equality action plan: progress report")
    text = "\n".join(page.extract_text() for page in reader.pages)
    for section in ("Summary", "Exceptions", "Progress by priority and objective", "Page 1 of"):
        assert section in text


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_a_stored_report_is_made_again_byte_for_byte_after_the_plan_changes(progress, figures, fmt):
    report = _committee(progress, fmt)
    first = Action.objects.get(plan=progress, position=1)
    plans.add_update(first, None, "Published on the intranet.", "completed", as_of=dt.date(2025, 3, 1))
    assert services.matches(GeneratedReport.objects.get(pk=report.pk))
    assert bytes(_committee(progress, fmt).file) != bytes(report.file)  # a new report sees the new update
    assert main(["report", "check", str(report.pk)]) == 0


def test_reports_are_never_changed_or_deleted(progress, figures):
    from django.db import IntegrityError, connection, transaction

    report = _committee(progress)
    with pytest.raises(ValueError):
        report.save()
    for sql in ("UPDATE reports_generatedreport SET sha256 = 'x'", "DELETE FROM reports_generatedreport"):
        with pytest.raises(IntegrityError if connection.vendor == "postgresql" else Exception), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql)
    assert GeneratedReport.objects.get(pk=report.pk).sha256 == report.sha256


# --- a council's own Word template ---------------------------------------------------------

def _template(body_placeholder: str = "{{p report }}", extra: str = "") -> bytes:
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import RGBColor

    document = Document()
    house = document.styles.add_style("House Heading", WD_STYLE_TYPE.PARAGRAPH)
    house.font.color.rgb = RGBColor(0x80, 0x00, 0x40)
    document.styles["Heading 2"].font.color.rgb = RGBColor(0x80, 0x00, 0x40)
    document.add_paragraph("{{ council }}: Overview and Scrutiny Committee", style="House Heading")
    document.add_paragraph("Report title: {{ title }} ({{ period }}), made {{ made_on }}")
    document.add_paragraph(body_placeholder)
    if extra:
        document.add_paragraph(extra)
    document.add_paragraph("Contact: the Equality team")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_council_template_gets_the_report_in_its_house_style(progress, figures, users):
    ReportSettings.objects.update_or_create(pk=ReportSettings.current().pk, defaults={"council": "Testshire Council"})
    services.upload_template(users["admin"], "scrutiny.docx", _template())
    report = _committee(progress, "docx")
    assert report.template_id == CommitteeTemplate.objects.get().pk
    parts = word_parts(bytes(report.file))
    texts = [text for _, text in parts["paragraphs"]]
    assert texts[0] == "Testshire Council: Overview and Scrutiny Committee"
    assert texts[1] == "Report title: Race equality action plan: progress report (1 April 2024 to 31 March 2025), " \
                       "made 2 April 2025"
    assert texts[-1] == "Contact: the Equality team"
    styles = dict((text, style) for style, text in parts["paragraphs"])
    assert styles["Summary"] == "Heading2" and styles["Exceptions"] == "Heading2"
    assert any(t["rows"][0] == ["RAG", "Actions", "Share"] for t in parts["tables"])
    assert "{{" not in "".join(texts)
    assert services.matches(report)
    plain = _committee(progress, "docx", template=False)
    assert plain.template_id is None and word_parts(bytes(plain.file))["paragraphs"][0][1] == "Testshire Council"


@pytest.mark.parametrize("data, why", [
    (b"not a word file", "not a Word document"),
    (None, "no {{p report }} placeholder"),
    ("{{ salary_of_the_chief_executive }}", "placeholders Parity does not fill"),
])
def test_a_template_that_cannot_work_is_refused_with_why(users, data, why):
    if data is None:
        data = _template("The report goes here")
    elif isinstance(data, str):
        data = _template(extra=data)
    with pytest.raises(ValueError, match=re.escape(why)):
        services.upload_template(users["admin"], "bad.docx", data)
    assert not CommitteeTemplate.objects.exists()


# --- the pay gap report on a real council's figures ---------------------------------------

@pytest.mark.django_db(transaction=True)
def test_the_pay_gap_report_shows_the_stored_figures(small_council, fresh_caches):
    assert main(["import", str(small_council)]) == 0
    computed = ComputedSet.objects.get(is_current=True)
    latest = max(StoredResult.objects.filter(computed_set=computed).values_list("period", flat=True))
    grouping = computed.parameters["grouping"]
    report = services.generate("cli", "paygap", "html", period=latest, narrative="We know why.\n\nWe act.", now=WHEN)
    page = outline(bytes(report.file))
    gaps = {r[0]: r for r in table(page, "Hourly pay gaps compared with")["rows"]}
    stored = StoredResult.objects.filter(computed_set=computed, grouping=grouping, measure="pay.mean_gap",
                                         period=latest, breakdown="overall")
    assert stored.exists()
    for row in stored:
        shown = gaps[row.group]
        if row.value is None:
            assert shown[2].startswith("not shown") and row.reason in shown[2]
        else:
            assert shown[2] == f"{row.value:.1f}%"
            assert shown[1] == f"{row.denominator:,.0f}"
    quarters = table(page, "Each ethnic group's share of each pay quarter")
    assert [r[0] for r in quarters["rows"]] == ["Lower", "Lower middle", "Upper middle", "Upper"]
    for row in StoredResult.objects.filter(computed_set=computed, grouping=grouping, measure="pay.quartiles",
                                           period=latest):
        cell = quarters["rows"][[r[0] for r in quarters["rows"]].index(row.breakdown.split("=")[1])][
            quarters["header"].index(row.group)]
        assert cell == (f"{100 * row.value:.1f}%" if row.value is not None else cell)
        if row.value is None:
            assert cell.startswith("not shown")
    non_disclosure = StoredResult.objects.get(computed_set=computed, grouping=grouping, measure="pay.non_disclosure",
                                              period=latest, breakdown="overall")
    assert table(page, "Employees who did not state an ethnicity")["rows"][0][1] == f"{100 * non_disclosure.value:.1f}%"
    headings = [text for _, text in page.headings]
    for section in ("Main facts", "Hourly pay gaps", "Pay quarters", "Bonus pay", "Who did not state an ethnicity",
                    "What the council is doing", "Things you need to know"):
        assert section in headings
    text = bytes(report.file).decode()
    assert "We know why." in text and "We act." in text
    previous = max(p for p in StoredResult.objects.filter(computed_set=computed).values_list("period", flat=True)
                   if p < latest)
    before = StoredResult.objects.get(computed_set=computed, grouping=grouping, measure="pay.mean_gap", period=previous,
                                      breakdown="overall", group="All ethnic minorities")
    day = dt.date.fromisoformat(previous)
    assert f"The year before ({day.day} {day:%B %Y}) it was {before.value:.1f}%" in text
    assert not re.search(r"\bpay\.[a-z_]+", re.sub(r"<[^>]+>", "", text))  # no measure ids for a reader
    assert page.images and "Stacked bar chart" in page.images[0]


# --- periods -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, start, end", [
    ("2025-04-01:2025-09-30", "2025-04-01", "2025-09-30"),
    ("2025-04-01..2025-04-01", "2025-04-01", "2025-04-01"),
    ("1 April 2025 to 30 September 2025", "2025-04-01", "2025-09-30"),
    ("1 Apr 2025 - 31 Mar 2026", "2025-04-01", "2026-03-31"),
    ("2025/26", "2025-04-01", "2026-03-31"),
    ("Q1 2025/26", "2025-04-01", "2025-06-30"),
    ("Q3 2025/26", "2025-10-01", "2025-12-31"),
    ("q4 2025/26", "2026-01-01", "2026-03-31"),
    ("1999/00", "1999-04-01", "2000-03-31"),
    ("2024", "2024-01-01", "2024-12-31"),
])
def test_periods_are_read_as_councils_write_them(text, start, end):
    period = periods.parse(text)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text", ["", "last quarter", "2025/27", "Q5 2025/26", "2025-09-30:2025-04-01",
                                  "2025-02-30:2025-03-01", "2025-04-01:",
                                  "30 February 2025 to 1 March 2025", "1 April 2025 to"])
def test_a_period_that_is_not_one_says_what_is_accepted(text):
    with pytest.raises(ValueError, match="period"):
        periods.parse(text)


# --- the Reports page and its roles --------------------------------------------------------

MAKE = {"committee": {"kind": "committee", "committee_period": "2024/25", "committee_format": "html"},
        "paygap": {"kind": "paygap", "paygap_period": "2025-03-31", "paygap_format": "html"},
        "annual": {"kind": "annual", "annual_period": "2025-03-31", "annual_format": "html"},
        "wres": {"kind": "wres", "wres_period": "2025-03-31", "wres_format": "xlsx", "standard": "wres"}}
MAY_MAKE = {"admin": {"committee", "annual", "paygap", "wres"}, "analyst": {"committee", "annual", "paygap", "wres"},
            "directorate_lead": {"committee"}, "staff_network": set(), "viewer": set()}


@pytest.mark.parametrize("role", sorted(MAY_MAKE))
def test_who_may_make_read_and_manage_reports(login, progress, figures, role):
    client = login(role)
    page = client.get(reverse("reports:list"))
    assert page.status_code == 200
    for kind, form in MAKE.items():
        response = client.post(reverse("reports:generate"), {**form, "plan": progress.slug})
        allowed = kind in MAY_MAKE[role]
        assert response.status_code in ((302, 400) if allowed else (403,)), (role, kind, response.status_code)
        if kind == "committee" and allowed:
            assert response.status_code == 302
    made = _committee(progress)
    download = client.get(reverse("reports:download", args=[made.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    assert bytes(download.content) == bytes(made.file)
    # the standards returns are for administrators and analysts (their by-grade tables are on no page)
    returned = GeneratedReport.objects.create(kind="wres", format="xlsx", title="A return", parameters={},
                                              generated_at=WHEN, file=b"x", sha256="x", size=1, generated_by_name="t")
    readers = ("admin", "analyst")
    assert client.get(reverse("reports:download", args=[returned.pk])).status_code == (200 if role in readers else 403)
    assert ("A return" in client.get(reverse("reports:list")).content.decode()) == (role in readers)
    manage = client.post(reverse("reports:council"), {"council": "Renamed Council"})
    assert manage.status_code == (302 if role == "admin" else 403)
    assert client.post(reverse("reports:template"), {}).status_code == (400 if role == "admin" else 403)


def test_anonymous_visitors_and_odd_addresses(client, progress, figures):
    made = _committee(progress)
    for url in (reverse("reports:list"), reverse("reports:download", args=[made.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(reverse("reports:generate"), MAKE["committee"]).status_code == 302
    assert client.get("/reports/999999/download/").status_code == 302  # sign in first, then 404


def test_a_missing_report_is_not_found_and_a_bad_request_says_every_reason(login, progress, figures):
    client = login("admin")
    assert client.get("/reports/999999/download/").status_code == 404
    response = client.post(reverse("reports:generate"), {"kind": "committee", "plan": "no-such-plan",
                                                         "committee_period": "2025/27", "committee_format": "xlsx"})
    assert response.status_code == 400
    text = response.content.decode()
    for why in ("not &#x27;xlsx&#x27;", "there is no plan &#x27;no-such-plan&#x27;", "2025/26 would be"):
        assert why in text
    assert not GeneratedReport.objects.exists()
    assert client.post(reverse("reports:generate"), {"kind": "annual-secret"}).status_code == 400


def test_making_and_downloading_are_audited(login, progress, figures):
    client = login("analyst")
    client.post(reverse("reports:generate"), {**MAKE["committee"], "plan": progress.slug})
    made = GeneratedReport.objects.get()
    client.get(reverse("reports:download", args=[made.pk]))
    events = list(AuditEvent.objects.filter(target=f"report:{made.pk}").order_by("id").values_list("action", "actor_name"))
    assert events == [("report", "analyst"), ("download", "analyst")]
    made_event = AuditEvent.objects.get(target=f"report:{made.pk}", action="report")
    assert made_event.detail["sha256"] == made.sha256 and made_event.detail["computed_set"] == made.computed_set_id


# --- the command line ---------------------------------------------------------------------

def test_parity_report_writes_the_file_and_refuses_with_every_reason(progress, figures, tmp_path, capsys):
    out = tmp_path / "committee.docx"
    assert main(["report", "committee", "--plan", progress.slug, "--period", "Q2 2024/25", "--output", str(out)]) == 0
    made = GeneratedReport.objects.get()
    assert out.read_bytes() == bytes(made.file) and made.format == "docx"
    assert made.parameters["period"] == "2024-07-01:2024-09-30"
    assert main(["report", "committee", "--plan", "nope", "--period", "soon", "--format", "xlsx",
                 "--output", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "no plan 'nope'" in err and "'soon' is not one Parity reads" in err and "not 'xlsx'" in err
    assert not (tmp_path / "x").exists()
    assert main(["report", "committee", "--plan", progress.slug, "--period", "2024/25"]) == 2
    assert main(["report", "check", "99"]) == 2


def test_a_difference_figure_is_already_in_points():
    from parity.app.dashboards.templatetags.figures import figure

    assert figure(-8.5, "points") == "-8.5 percentage points"


@pytest.mark.parametrize("value, mode, shown", [
    (1.3, "number", "1.30"), (0.913, "number", "0.91"), (1.0449, "number", "1.04"),  # likelihoods: 2 places
    (12.0, "amount", "12"), (1250.0, "amount", "1,250"), (0.6, "amount", "0.6"), (1234.5, "amount", "1,234.5"),
    (0.1234, "share", "12.3%")])
def test_a_likelihood_reads_to_two_places_and_a_hand_entered_figure_as_entered(value, mode, shown):
    from parity.app.dashboards.templatetags.figures import figure

    assert figure(value, mode) == shown


def test_a_narrative_typed_in_the_form_keeps_its_paragraphs(login, figures):
    login("analyst").post(reverse("reports:generate"), {"kind": "paygap", "paygap_period": "2025-03-31",
                                                        "paygap_format": "html",
                                                        "paygap_narrative": "First point.\r\n\r\nSecond point."})
    text = bytes(GeneratedReport.objects.get().file).decode()
    assert "<p>First point.</p>" in text and "<p>Second point.</p>" in text


def test_statuses_are_as_they_stood_on_the_periods_last_day(progress, figures):
    """Q1 2024/25 ends on 30 June 2024: action 1 was in progress (its January update) with no
    update for over 90 days, so amber; action 2's only update is dated September, so it had not
    started, but its RAG was set to red by hand and stays red."""
    page = outline(bytes(_committee(progress, period="Q1 2024/25").file))
    rag = table(page, "Actions by RAG status on 30 June 2024")
    assert [r[:2] for r in rag["rows"]] == [["Red", "1"], ["Amber", "1"], ["Green", "0"], ["All actions", "2"]]
    rows = {r[0]: r for t in page.tables if "actions and progress" in t["caption"] for r in t["rows"]}
    assert rows["1. Publish promotion data"][2:4] == ["In progress", "Amber"]
    assert rows["2. Start reverse mentoring"][2:4] == ["Not started", "Red"]
