"""Analysts drill down from a dashboard figure to the staff records behind it; nobody else can."""

import re
from html import unescape

import pytest
from django.urls import reverse

from parity.app.audit.models import AuditEvent
from parity.app.measures.models import ComputedSet, StoredResult
from parity.cli import main

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_caches")]
ASIAN = "Asian, Asian British or Asian Welsh"


@pytest.fixture
def council(small_council):
    assert main(["import", str(small_council)]) == 0  # imports, then recomputes the measures
    return ComputedSet.objects.get(is_current=True)


def links(page: str) -> dict[str, str]:
    """Row header text -> its records link."""
    out = {}
    for header, href in re.findall(r'<th scope="row" class="govuk-table__header">(.*?) <a class="govuk-link '
                                   r'govuk-body-s" href="([^"]+)">records', page):
        out[unescape(header)] = unescape(href)
    return out


def count_on(page: str) -> int:
    return int(re.search(r"\((\d+) records\)", page).group(1))


def test_a_figure_links_to_exactly_the_records_it_counts(login, council):
    client = login("analyst")
    page = client.get(reverse("dashboards:overview")).content.decode()
    found = links(page)
    assert ASIAN in found, found
    stored = StoredResult.objects.get(computed_set=council, grouping="ons5", measure="workforce.composition",
                                      breakdown="overall", group=ASIAN, period=re.search(
                                          r"snapshot=([0-9-]+)", found[ASIAN]).group(1))
    records = client.get(found[ASIAN]).content.decode()
    assert count_on(records) == stored.numerator
    assert f"{ASIAN}, overall" in records
    event = AuditEvent.objects.filter(action="record_view").latest("id")
    assert event.actor_name == "analyst" and event.detail["filters"]["ethnicity__in"]


def test_a_grade_cell_links_to_that_grades_records(login, council):
    client = login("analyst")
    page = client.get(reverse("dashboards:topic", args=["representation"])).content.decode()
    grade_links = {h: u for h, u in links(page).items() if h.startswith("Grade ")}  # "Grade PO5: Black"
    checked = 0
    for header, url in sorted(grade_links.items()):
        grade, group = re.match(r"Grade (.*?): (.*)", header).groups()
        stored = StoredResult.objects.filter(  # wres.1 (White, BME) or scwres.1 (White, Ethnic minorities)
            computed_set=council, measure__in=["wres.1", "scwres.1"], breakdown=f"grade={grade}", group=group,
            comparator__isnull=True, grouping="ons5", period=re.search(r"snapshot=([0-9-]+)", url).group(1)).first()
        if stored.numerator is not None:  # the records behind the figure: its count, before rounding to 5
            records = count_on(client.get(url).content.decode())
            assert abs(records - stored.numerator) <= 4 and stored.numerator % 5 == 0, header
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("role", ["admin", "directorate_lead", "staff_network", "viewer"])
def test_other_roles_see_no_links_and_cannot_follow_one(login, council, role):
    analyst_page = login("analyst").get(reverse("dashboards:overview")).content.decode()
    url = links(analyst_page)[ASIAN]
    client = login(role)
    assert links(client.get(reverse("dashboards:overview")).content.decode()) == {}
    assert client.get(url).status_code == 403


def test_an_unknown_ethnicity_code_matches_nobody(login, council):
    page = login("analyst").get(reverse("workforce:records") + "?ethnicity=martian").content.decode()
    assert count_on(page) == 0
