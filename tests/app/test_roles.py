"""Roles: who may reach which page, and what is audited."""

import pytest
from django.urls import reverse

from parity.app.accounts.models import User
from parity.app.accounts.services import set_role
from parity.app.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PAGES = {
    "workforce:records": {"analyst"},
    "workforce:upload": {"admin", "analyst"},
    "workforce:data": {"admin", "analyst"},
    "audit:log": {"admin"},
    "home": {"admin", "analyst", "directorate_lead", "staff_network", "viewer"},
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("role", ["admin", "analyst", "directorate_lead", "staff_network", "viewer"])
def test_each_role_reaches_only_its_pages(login, page, role):
    response = login(role).get(reverse(page))
    assert response.status_code == (200 if role in PAGES[page] else 403)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for page in PAGES:
        response = client.get(reverse(page))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_record_level_views_are_audited(login):
    login("analyst").get(reverse("workforce:records"))
    event = AuditEvent.objects.get(action="record_view")
    assert event.actor_name == "analyst"


def test_role_changes_are_audited(users):
    viewer = users["viewer"]
    set_role(viewer, "directorate_lead", "Resources", by=users["admin"])
    event = AuditEvent.objects.filter(action="role_change", target="user:viewer").latest("id")
    assert event.detail["before"]["role"] == "viewer"
    assert event.detail["after"] == {"role": "directorate_lead", "directorate": "Resources"}
    assert event.actor == users["admin"]
    with pytest.raises(ValueError):
        set_role(viewer, "directorate_lead", "")
    with pytest.raises(ValueError):
        set_role(viewer, "emperor")


def test_role_change_through_admin_is_audited(client, users):
    admin = users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    target = users["viewer"]
    response = client.post(reverse("admin:accounts_user_change", args=[target.pk]), {
        "username": target.username, "role": "staff_network", "directorate": "",
        "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
    })
    assert response.status_code == 302, response.content[:2000]
    assert User.objects.get(pk=target.pk).role == "staff_network"
    assert AuditEvent.objects.filter(action="role_change", detail__via="admin").exists()


def test_audit_events_cannot_be_changed(users):
    event = AuditEvent.objects.first()
    event.action = "tampered"
    with pytest.raises(ValueError):
        event.save()
