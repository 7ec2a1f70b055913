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
    "surveys:results": {"admin", "analyst", "directorate_lead", "staff_network", "viewer"},
    "listening:you_said": {"admin", "analyst", "directorate_lead", "staff_network", "viewer"},
    "listening:sessions": {"admin", "analyst", "staff_network"},
    "listening:new_session": {"admin", "analyst", "staff_network"},
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


@pytest.mark.parametrize("role", ["admin", "analyst", "directorate_lead", "staff_network", "viewer"])
def test_the_administrator_role_opens_the_admin_for_people_settings_and_lockouts_only(client, users, role):
    """Issue 13: the admin account was refused at /admin/. The role decides: administrators are
    staff with exactly the permissions for people, the measure settings and sign-in lockouts;
    every other role is refused, and so is any other part of the admin."""
    user = users[role]
    client.force_login(user)
    allowed = role == "admin"
    for url in ("/admin/", "/admin/accounts/user/", f"/admin/accounts/user/{users['viewer'].pk}/change/",
                "/admin/accounts/user/add/", "/admin/measures/measuresettings/", "/admin/axes/accessattempt/"):
        status = client.get(url).status_code
        assert (status == 200) == allowed, (role, url, status)
        assert allowed or status == 302  # to the admin's sign-in
    for url in ("/admin/auth/group/", "/admin/measures/computedset/", "/admin/auth/group/add/"):
        assert client.get(url).status_code in ((403, 404) if allowed else (302,)), (role, url)
    assert not User.objects.get(pk=user.pk).is_superuser


def test_an_administrator_adds_a_person_in_the_admin_and_a_role_change_moves_them_in_or_out(client, users):
    client.force_login(users["admin"])
    response = client.post("/admin/accounts/user/add/", {
        "username": "new-analyst", "password1": "a-long-test-password-9", "password2": "a-long-test-password-9",
        "role": "analyst", "directorate": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    person = User.objects.get(username="new-analyst")
    assert person.role == "analyst" and not person.is_staff
    assert AuditEvent.objects.filter(action="role_change", target="user:new-analyst").exists()
    refused = client.post("/admin/accounts/user/add/", {
        "username": "lead-without-directorate", "password1": "a-long-test-password-9",
        "password2": "a-long-test-password-9", "role": "directorate_lead", "directorate": ""})
    assert refused.status_code == 200 and "A directorate lead needs the directorate" in refused.content.decode()
    set_role(person, "admin", by=users["admin"])
    assert User.objects.get(pk=person.pk).is_staff
    set_role(person, "viewer", by=users["admin"])
    person = User.objects.get(pk=person.pk)
    assert not person.is_staff and not person.groups.exists()
