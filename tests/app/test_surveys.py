"""The survey results pages and their downloads: what each role sees, odd addresses, and that
every figure served is protected (counts rounded, shares of fewer than 11 responses hidden),
checked against the synthetic responses file, not against the engine."""

import csv
import io
from collections import Counter

import pytest
from django.urls import reverse

from parity.app.audit.models import AuditEvent
from parity.app.measures.models import ComputedSet

ROLES = ("admin", "analyst", "directorate_lead", "staff_network", "viewer")
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]


def responses(folder):
    with open(folder / "survey_responses_SYNTHETIC.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def table(client, **params):
    response = client.get(reverse("surveys:table_csv"), params)
    assert response.status_code == 200, response.status_code
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_newest_survey(as_role, role):
    page = as_role(role).get(reverse("surveys:results")).content.decode()
    assert "Staff survey 2026" in page and "I feel safe to speak up about racism at work." in page
    assert "All respondents" in page and "Previous survey" in page
    assert "compared with the White group" in page
    assert "its comments are not counted, and are shown only in themes" in page  # the free-text question


def test_the_whole_councils_answers_are_the_files_answers_rounded(as_role, small_council):
    """Each group's published count of answers is within one rounding step (5) of the true count."""
    rows = table(as_role("viewer"), survey="Staff survey 2025", question="q_safe", table="groups")
    true = Counter(r["survey"] == "Staff survey 2025" and bool(r["q_safe"]) for r in responses(small_council))
    everyone = next(r for r in rows if r["group"] == "All respondents" and not r["comparator"])
    assert abs(float(everyone["denominator"]) - true[True]) < 5
    for r in rows:
        for name in ("numerator", "denominator"):
            if r[name]:
                assert float(r[name]) % 5 == 0 and float(r[name]) >= 0, r
        if r["status"] == "ok" and not r["comparator"]:
            assert float(r["denominator"]) >= 11, r
        if r["denominator"] and float(r["denominator"]) < 11:
            assert r["value"] == "" and r["status"] == "suppressed", r


def test_a_viewer_sees_each_category_whole_and_an_analyst_the_groups_within(as_role):
    viewer = table(as_role("viewer"), question="q_safe", table="sex")
    assert viewer and {r["group"] for r in viewer} == {"All respondents"}
    assert {r["breakdown"] for r in viewer} >= {"sex=Female", "sex=Male"}
    analyst = table(as_role("analyst"), question="q_safe", table="sex", within="sex")
    assert "White" in {r["group"] for r in analyst}
    page = as_role("analyst").get(reverse("surveys:results"), {"within": "manager"}).content.decode()
    assert "Managers: White" in page and "Not managers: White" in page and "Manager Yes" not in page
    assert as_role("viewer").get(reverse("surveys:results"), {"within": "sex"}).status_code == 403


def test_a_directorate_lead_sees_only_their_directorate(as_role):
    lead = as_role("directorate_lead")
    own = lead.get(reverse("surveys:results"), {"directorate": "Adults and Health"})
    assert own.status_code == 200 and "Adults and Health" in own.content.decode()
    assert lead.get(reverse("surveys:results"), {"directorate": "Finance"}).status_code == 403
    assert lead.get(reverse("surveys:table_csv"), {"directorate": "Finance", "question": "q_safe"}).status_code == 403
    choices = lead.get(reverse("surveys:results")).content.decode()
    assert '<option value="Finance"' not in choices


@pytest.mark.parametrize("role", ROLES)
def test_every_role_and_filter_value_is_answered_by_the_rule(as_role, role):
    """Every role x directorate x within x table, prefixes and odd values included: refused exactly
    when the rule says so, otherwise served (an unknown value falls back to the whole council or
    to no category; an unknown table or question is not found)."""
    client = as_role(role)
    for directorate in ("", "Adults and Health", "Finance", "Adults", "%", "Finance;sex=Female"):
        for within in ("", "sex", "manager", "disability", "se", "sex+manager", "SEX", "grade"):
            allowed_directorate = role != "directorate_lead" or directorate in ("", "Adults and Health") or \
                directorate not in ("Adults and Health", "Finance")
            allowed_within = within not in ("sex", "manager", "disability") or role == "analyst"
            expected = 200 if allowed_directorate and allowed_within else 403
            params = {"directorate": directorate, "within": within}
            assert client.get(reverse("surveys:results"), params).status_code == expected, (params, role)
            for table_name in ("groups", "sex"):
                got = client.get(reverse("surveys:table_csv"), {**params, "question": "q_safe", "table": table_name})
                want = expected
                if expected == 200 and table_name == "sex" and directorate in ("Adults and Health", "Finance"):
                    want = 404  # a directorate is shown by ethnic group only: it has no category tables
                assert got.status_code == want, (params, table_name, role)
    for odd in ({"question": "no-such-question"}, {"question": "q_safe", "table": "grade"},
                {"question": "q_comment"}):
        assert client.get(reverse("surveys:table_csv"), odd).status_code == 404


def test_a_download_is_audited(as_role):
    before = AuditEvent.objects.filter(action="download").count()
    table(as_role("viewer"), question="q_safe")
    assert AuditEvent.objects.filter(action="download", target__startswith="survey:").count() == before + 1


def test_no_survey_data_says_so(db, client, users):
    ComputedSet.objects.create(status=ComputedSet.Status.DONE, is_current=True, parameters={"grouping": "ons5"})
    client.force_login(users["viewer"])
    page = client.get(reverse("surveys:results")).content.decode()
    assert "There are no survey results yet" in page
    assert client.get(reverse("surveys:table_csv")).status_code == 404


def report_tables(report, heading="Staff survey"):
    """The tables of a report's survey section, as the blocks give them."""
    from parity.app.reports.content import Heading, Table

    inside, out = False, []
    for block in report.blocks:
        if isinstance(block, Heading) and block.level == 2:
            inside = block.text == heading
        elif inside and isinstance(block, Table):
            out.append(block)
    return out


def test_the_annual_report_has_the_newest_surveys_questions_with_the_pages_figures(as_role):
    import datetime as dt

    from parity.app.dashboards import services as dashboard
    from parity.app.reports import annual

    computed = ComputedSet.objects.get(is_current=True)
    snapshot = dashboard.snapshots(computed)[0]
    report = annual.build(computed, snapshot, "Synthetic Council", dt.datetime(2026, 12, 2, 12, 0))
    tables = report_tables(report)
    assert len(tables) == 6  # the counted questions; the comment question has none
    safe = next(t for t in tables if t.caption == "I feel safe to speak up about racism at work.")
    served = {r["group"]: r for r in table(as_role("viewer"), question="q_safe") if not r["comparator"]}
    assert {row[0] for row in safe.rows} == set(served)
    for row in safe.rows:  # the same published counts and shares as the page's download
        r = served[row[0]]
        if r["status"] == "ok":
            assert row[1] == f"{float(r['numerator']):,.0f}" and row[2] == f"{float(r['denominator']):,.0f}"
            assert row[3].split(" [")[0] == f"{100 * float(r['value']):.1f}"
        for cell in row[1:3]:
            assert not (cell.replace(",", "").isdigit() and 1 <= int(cell.replace(",", "")) <= 4), row


def test_a_directorate_plans_committee_report_has_its_directorates_survey(as_role):
    import datetime as dt

    from parity.app.plans.models import Plan
    from parity.app.reports import committee, periods

    computed = ComputedSet.objects.get(is_current=True)
    plan = Plan.objects.create(title="Adults and Health race equality plan", slug="adults-survey-test",
                               kind="directorate", directorate="Adults and Health")
    period = periods.parse("2025/26")
    report = committee.build(plan, period, computed, "Synthetic Council", dt.datetime(2026, 12, 2, 12, 0))
    text = " ".join(getattr(b, "text", "") for b in report.blocks)
    assert "Staff survey 2026, responses up to" in text and "Adults and Health" in text
    tables = report_tables(report)
    served = {r["group"]: r for r in table(as_role("viewer"), question="q_safe", directorate="Adults and Health")
              if not r["comparator"]}
    safe = next(t for t in tables if t.caption == "I feel safe to speak up about racism at work.")
    assert {row[0] for row in safe.rows} == set(served)


@pytest.mark.parametrize("role", ("viewer", "analyst"))
def test_the_survey_pages_show_no_internal_code_or_unformatted_figure(as_role, role):
    from test_pages_read import _Text, findings

    client = as_role(role)
    addresses = [{}, {"survey": "Staff survey 2025"}, {"directorate": "Adults and Health"}, {"grouping": "ons19"}]
    if role == "analyst":
        addresses += [{"within": d} for d in ("manager", "sex", "disability")]
    pages = {}
    for params in addresses:
        response = client.get(reverse("surveys:results"), params)
        assert response.status_code == 200
        reader = _Text()  # the text a person reads, as the page scan reads it
        reader.feed(response.content.decode())
        pages[str(params)] = " ".join(reader.text)
    assert findings(pages) == []


def test_a_question_that_gives_a_wres_indicator_says_so(as_role):
    from parity.engine import registry

    page = as_role("viewer").get(reverse("surveys:results")).content.decode()
    for tag in ("wres.5", "wres.6", "wres.7", "wres.8"):
        assert f'href="/dashboard/standards/#{tag}">{registry.MEASURES[tag].title}</a>' in page
