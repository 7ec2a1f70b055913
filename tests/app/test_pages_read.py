"""Pages people read (issue 13, point 4): every page a role can reach, crawled from its start
page through the links it shows, is scanned as text a person reads (tags, scripts and
attributes gone) for what an analyst's print-out has and a page must not: measure ids
("wres.1", "plan.senior_leadership"), cell codes ("grade=PO5"), ISO dates ("2026-03-31"),
scientific notation ("2.91e-19") and counts of thousands without separators.

The expected absences are the spec's (``shared/spec/pages.md``), not anything the app computes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client

import open_data_fixtures

ROLES = ("admin", "analyst", "directorate_lead", "staff_network", "viewer")  # tests/conftest.py's users

pytestmark = pytest.mark.django_db
open_data = open_data_fixtures.open_data  # the shared council (a module fixture)


@pytest.fixture
def plan(open_data):
    """The demo plan, with its owners, linked measures, updates, comment and sign-off, and its
    progress published: the plan pages and the public plan page are crawled too."""
    from parity.app.accounts.services import create_user
    from parity.app.plans import publishing
    from parity.app.plans.models import Plan
    from parity.plan_commands import demo_plan

    create_user("lead", open_data_fixtures.PASSWORD, "directorate_lead", "Adults and Health")
    create_user("network", open_data_fixtures.PASSWORD, "staff_network")
    demo_plan()
    plan = Plan.objects.get()
    publishing.publish(create_user("plan-publisher", open_data_fixtures.PASSWORD, "admin"), plan,
                       list(plan.actions.values_list("position", flat=True)), "Progress on the plan")
    return plan

CODES = {
    "a measure id": re.compile(r"\b(?:wres|scwres|wdes|workforce|recruitment|casework|pay|plan|survey)\.[a-z0-9_]+\b"),
    "a cell code": re.compile(r"\b[a-z_]+=[A-Za-z0-9]"),
    "an ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "scientific notation": re.compile(r"\b\d(?:\.\d+)?e[-+]\d+\b"),
    "a count without separators": re.compile(r"(?<![\d.,£:/-])\d{5,}(?![\d.,%])|(?<![\d.,£:/-])[1-9]\d{3}(?= of )"),
}
SKIP = re.compile(r"/accounts/logout|\.(csv|xlsx|docx|pdf|json|zip)$|/download/|/api/|/admin/|/data/records")
MAX_PAGES = 120


class _Text(HTMLParser):
    """The text a person reads, and the page's links."""

    def __init__(self):
        super().__init__()
        self.text, self.links, self._hidden = [], [], 0

    # Text in <code> is something a person types (a command, a value of a file format's column,
    # such as a survey question's measure id on the data formats help page), not a label.
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "code"):
            self._hidden += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "code"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


PER_SHAPE = 5  # pages of one shape read (objective 1.1, 1.2, 1.3's change pages, say): the rest are alike


def _shape(address: str) -> str:
    """An address with its numbers and references as '#' and its query's values dropped."""
    parts = urlsplit(address)
    path = re.sub(r"/[A-Za-z]?\d+(?:\.\d+)*(?=/)", "/#", parts.path)
    return path + "?" + "&".join(sorted(k.split("=")[0] for k in parts.query.split("&") if k))


def crawl(client: Client, start: str) -> dict[str, str]:
    """Every internal page reachable from ``start`` by GET, as its readable text (at most
    ``PER_SHAPE`` of each shape of address, ``MAX_PAGES`` in all)."""
    seen, queue, pages, shapes = set(), [start], {}, {}
    while queue and len(pages) < MAX_PAGES:
        address = queue.pop(0)
        if address in seen or SKIP.search(address):
            continue
        seen.add(address)
        shape = _shape(address)
        if shapes.get(shape, 0) >= PER_SHAPE:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(address)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        pages[address] = " ".join(" ".join(parser.text).split())
        for href in parser.links:
            href = urldefrag(href)[0]
            if href.startswith("/") and not urlsplit(href).netloc:
                queue.append(href)
    return pages


def findings(pages: dict[str, str]) -> list[str]:
    found = []
    for address, text in pages.items():
        for what, pattern in CODES.items():
            for m in pattern.finditer(text):
                if what == "a count without separators" and 1900 <= int(m.group(0)) <= 2100:
                    continue  # a year
                found.append(f"{address}: {what}: ...{text[max(0, m.start() - 40):m.end() + 40]}...")
    return found


@pytest.mark.parametrize("role", ROLES)
def test_no_page_a_role_can_reach_shows_an_internal_code_or_an_unformatted_figure(plan, login, role):
    pages = crawl(login(role), "/")
    assert len(pages) > 5 and any(address.startswith(f"/plans/{plan.slug}/") for address in pages), pages.keys()
    assert findings(pages) == []


def test_no_public_page_shows_an_internal_code_or_an_unformatted_figure(plan):
    pages = crawl(Client(), "/public/")
    assert len(pages) > 3 and any(address.startswith("/public/plans/") for address in pages), pages.keys()
    assert findings(pages) == []


def test_the_scan_finds_what_it_looks_for():
    planted = {"/x/": "Staff (wres.1) in grade=PO5 on 2026-03-31: p = 2.91e-19, 15000 of 20000 staff; 2,000 in 2025"}
    kinds = {line.split(": ")[1] for line in findings(planted)}
    assert kinds == set(CODES)




def test_every_glossary_link_on_a_page_opens_a_term_that_is_there(plan, login):
    pages = {}
    for role in ROLES:
        client = login(role)
        for address in crawl(client, "/"):
            pages[address] = client.get(address).content.decode()
    glossary = Client().get("/glossary/").content.decode()
    anchors = set(re.findall(r'<h2 class="govuk-heading-m" id="([^"]+)"', glossary))
    linked = {a for html in pages.values() for a in re.findall(r'href="/glossary/#([^"]+)"', html)}
    assert {"interval", "band", "significant"} <= linked  # the tables' words link to their terms
    assert linked <= anchors
    headings = re.findall(r'<h2 class="govuk-heading-m" id="[^"]+">(.*?)</h2>', glossary)
    for term in ("Relative likelihood", "95% interval", "Statistically significant", "band"):
        assert any(term in h for h in headings), term  # spec/pages.md: the glossary's terms
