"""Publishing to the public: only administrators publish; the public sees only what was
published, for the whole council, and nothing else by any URL."""

import pytest
from django.urls import reverse

from parity.app.audit.models import AuditEvent
from parity.app.dashboards.models import Publication
from parity.engine.statistics import proportion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]
PUBLISH = reverse("dashboards:publish")


def publish(client, **fields):
    data = {"title": "Workforce profile 2025", "snapshot": "2025-03-31", "grouping": "ons5",
            "pages": ["overview", "standards"], "note": "Synthetic figures.", **fields}
    return client.post(PUBLISH, data)


@pytest.fixture
def published(login, figures):
    response = publish(login("admin"))
    assert response.status_code == 302
    return Publication.objects.get()


def test_an_administrator_publishes_and_the_public_reads_it_without_signing_in(published, client):
    assert AuditEvent.objects.filter(action="publish", target=f"publication:{published.pk}").exists()
    index = client.get(reverse("public:index")).content.decode()
    assert "Workforce profile 2025" in index
    page = client.get(reverse("public:page", args=[published.pk, "overview"]))
    text = page.content.decode()
    r = proportion("m", "2025-03-31", 950, 1000)
    assert page.status_code == 200 and "95.0% (950 of 1,000" in text
    assert f"{100 * r.ci_low:.1f}% to {100 * r.ci_high:.1f}%" in text
    assert "Synthetic figures." in text and "Workforce profile 2025" in text
    assert 'name="directorate"' not in text  # no filters on the public page


def test_the_public_page_ignores_filters_in_the_address(published, client):
    url = reverse("public:page", args=[published.pk, "overview"])
    text = client.get(url + "?directorate=Adults+and+Health&snapshot=2024-03-31&grouping=ons19").content.decode()
    assert "190 of 200" not in text  # the directorate's own figure is never public
    assert "95.0% (950 of 1,000" in text  # still the published snapshot, whole council


@pytest.mark.parametrize("slug", ["recruitment", "pay", "representation"])
def test_a_page_that_was_not_published_is_not_found(published, client, slug):
    assert client.get(reverse("public:page", args=[published.pk, slug])).status_code == 404


def test_unknown_and_withdrawn_publications_are_not_found(published, login, client):
    assert client.get(reverse("public:page", args=[published.pk + 1, "overview"])).status_code == 404
    admin = login("admin")
    response = admin.post(reverse("dashboards:withdraw", args=[published.pk]), {"reason": "Superseded"})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.withdrawn_reason == "Superseded" and published.withdrawn_at is not None
    assert AuditEvent.objects.filter(action="withdraw", target=f"publication:{published.pk}").exists()
    client.logout()
    assert client.get(reverse("public:page", args=[published.pk, "overview"])).status_code == 404
    assert "Workforce profile 2025" not in client.get(reverse("public:index")).content.decode()
    assert Publication.objects.filter(pk=published.pk).exists()  # withdrawn, never deleted


def test_withdrawing_needs_a_reason(published, login):
    login("admin").post(reverse("dashboards:withdraw", args=[published.pk]), {"reason": " "})
    published.refresh_from_db()
    assert published.live


@pytest.mark.parametrize("role", ["analyst", "directorate_lead", "staff_network", "viewer"])
def test_only_administrators_publish(login, figures, role):
    client = login(role)
    assert client.get(PUBLISH).status_code == 403
    assert publish(client).status_code == 403
    assert not Publication.objects.exists()


def test_the_public_cannot_reach_the_signed_in_dashboard_or_publish(client, figures):
    for url in (reverse("dashboards:overview"), reverse("dashboards:standards"), PUBLISH,
                reverse("dashboards:table_csv", args=["workforce.declaration_rate"])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert publish(client).status_code == 302 and not Publication.objects.exists()


def test_a_refused_publication_says_why_and_stores_nothing(login, figures):
    response = publish(login("admin"), pages=[], snapshot="1999-03-31", title="")
    text = response.content.decode()
    assert response.status_code == 400
    assert "no figures for the snapshot" in text and "choose at least one page" in text and "title" in text
    assert not Publication.objects.exists() and not AuditEvent.objects.filter(action="publish").exists()


def test_a_published_table_downloads_and_an_unpublished_one_does_not(login, figures, client):
    publish(login("admin"), pages=["standards"])
    publication = Publication.objects.get()
    client.logout()
    ok = client.get(reverse("public:table_csv", args=[publication.pk, "wres.2"]))
    assert ok.status_code == 200 and ok["Content-Type"] == "text/csv"
    assert client.get(reverse("public:table_csv", args=[publication.pk, "workforce.declaration_rate"])
                      ).status_code == 404  # the overview was not published
    assert client.get(reverse("public:table_csv", args=[publication.pk, "pay.quartiles"])
                      + "?cells=quarter%3D").status_code == 404
