"""The start page (issue 13, point 4): it tells each role its first steps, every step's link
opens for that role, and the council's name, set once, is in every page's header."""

from __future__ import annotations

import re
from html import unescape

import pytest

from parity.app.reports.models import ReportSettings

pytestmark = pytest.mark.django_db
ROLES = ("admin", "analyst", "directorate_lead", "staff_network", "viewer")  # tests/conftest.py's users


def steps(page: str) -> list[tuple[str, str]]:
    listed = page[page.index("Your first steps"):]
    listed = listed[:listed.index("</ol>")]
    return [(unescape(href), unescape(re.sub(r"<[^>]+>", "", text)))
            for href, text in re.findall(r'<li>(?:<a class="govuk-link" href="([^"]*)">)?(.*?)(?:</a>)?</li>', listed)]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_first_steps_whose_links_it_may_open(login, figures, plan, role):
    client = login(role)
    shown = steps(client.get("/").content.decode())
    assert len(shown) >= 3
    for href, text in shown:
        assert href, text  # with data, figures and a plan, every step is something to do
        assert client.get(href).status_code == 200, (role, href, text)


def test_the_steps_differ_by_role(login, figures, plan):
    first = {role: steps(login(role).get("/").content.decode())[0][1] for role in ROLES}
    assert first["admin"].startswith("Upload") and first["analyst"].startswith("Upload")
    assert "Adults and Health" in first["directorate_lead"]  # the lead's own directorate
    assert "sign them off" in first["staff_network"]
    assert first["viewer"].startswith("Read the workforce profile")


def test_before_any_data_a_viewer_is_told_there_is_nothing_yet(login):
    shown = steps(login("viewer").get("/").content.decode())
    assert shown[0] == ("", "Nothing to read yet: the council's analysts or administrators have not uploaded its "
                            "workforce data")
    assert not any("plans" in href for href, _ in shown)  # no plan yet: no step into one


def test_the_council_name_is_set_once_and_shown_in_every_header(login, client):
    ReportSettings.objects.create(council="Northshire County Council")
    for address in ("/", "/dashboard/", "/plans/", "/reports/", "/glossary/"):
        assert "Parity – Northshire County Council" in login("viewer").get(address).content.decode(), address
    client.logout()
    assert "Parity – Northshire County Council" in client.get("/public/").content.decode()
