"""Error pages (issue 13, point 4): 400, 403, 404 and 500 are pages of the service, in its style,
with words for a person and no technical detail, for anyone signed in or not."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path

from parity.app import urls as app_urls

pytestmark = pytest.mark.django_db


def _broken(request):
    raise RuntimeError("a stack trace no visitor should read")


def _bad(request):
    raise SuspiciousOperation("an internal reason no visitor should read")


urlpatterns = [path("broken/", _broken), path("bad/", _bad), *app_urls.urlpatterns]  # the app's own, for its links


def _styled(html: str) -> bool:
    return "/static/css/parity.css" in html and 'class="govuk-template"' in html and "govuk-footer" in html


@pytest.mark.parametrize("role", [None, "viewer", "analyst"])
def test_an_address_that_does_not_exist_gets_a_page_not_found_in_the_service_style(login, client, role):
    addresses = ["/no-such-page/", "/public/999999/", "/public/999999/measures/no-such-measure/"]
    if role:
        login(role)
        addresses += ["/plans/999999/", "/dashboard/no-such-topic/", "/reports/999999/download/"]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 404, address
        html = response.content.decode()
        assert _styled(html), address
        assert "<h1 class=\"govuk-heading-l\">Page not found</h1>" in html
        assert "check it is correct" in html


def test_a_failure_inside_the_app_gets_a_styled_page_without_the_details(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert _styled(html)
    assert "Sorry, there is a problem with the service" in html
    assert "stack trace" not in html and "RuntimeError" not in html and "Traceback" not in html


@override_settings(ROOT_URLCONF=__name__)
def test_a_request_the_app_refuses_as_suspicious_gets_a_styled_page_without_the_reason():
    response = Client().get("/bad/")
    assert response.status_code == 400
    html = response.content.decode()
    assert _styled(html)
    assert "could not be understood" in html and "internal reason" not in html


def test_a_role_refused_a_page_gets_the_styled_page_that_says_why(login, client):
    login("viewer")
    response = client.get("/audit/")
    assert response.status_code == 403
    html = response.content.decode()
    assert _styled(html) and "You cannot see this page" in html
    assert not re.search(r"Forbidden|CSRF", html)
