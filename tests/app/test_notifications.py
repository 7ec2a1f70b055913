"""Emails (issue 13 point 6): owners hear of actions due and overdue, the staff network of
updates awaiting sign-off, analysts of failed imports; once each; each person can turn them off.
Django's locmem backend (the test default) holds what was sent."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from parity.app import notifications
from parity.app.audit.models import AuditEvent
from parity.app.plans import services
from parity.app.plans.models import Action
from parity.cli import main

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.date(2024, 5, 1)  # the fixture plan: action 1 due 30 June 2024 (Q1 2024/25), action 2 "Ongoing"


@pytest.fixture
def people(users):
    for role, user in users.items():
        user.email = f"{user.username}@council.example"
        user.save()
    return users


def sent_to(username: str) -> list:
    return [m for m in mail.outbox if m.to == [f"{username}@council.example"]]


def test_an_owner_hears_once_of_an_action_coming_due_and_again_when_it_is_overdue(plan, people):
    services.assign_owner(Action.objects.get(position=1), people["directorate_lead"], "implementation_lead", "test")
    mail.outbox.clear()
    notifications.send_due(TODAY)
    [email] = sent_to("directorate-lead")
    assert email.subject == "Parity: 1 thing for you"
    assert "Due by 30 June 2024: Publish promotion data (Synthetic plan 2024-2025)" in email.body
    assert f"/plans/{plan.slug}/actions/1/" in email.body and "/accounts/emails/" in email.body
    notifications.send_due(TODAY)  # nothing new: nothing sent
    assert len(sent_to("directorate-lead")) == 1
    notifications.send_due(dt.date(2024, 7, 2))
    assert "Overdue since 30 June 2024: Publish promotion data" in sent_to("directorate-lead")[-1].body
    assert AuditEvent.objects.filter(action="notify", target="user:directorate-lead").count() == 2


def test_the_staff_network_hears_of_an_update_awaiting_sign_off_when_it_is_added(plan, people):
    mail.outbox.clear()
    with override_settings(PARITY_JOBS_INLINE=True):
        services.add_update(Action.objects.get(position=1), "test", "Tables drafted", "in_progress",
                            as_of=dt.date(2026, 1, 10))
    [email] = sent_to("staff-network")
    assert 'Awaiting your sign-off: the update of 10 January 2026 on "Publish promotion data"' in email.body
    assert not sent_to("viewer") and not sent_to("analyst")  # not theirs to sign off


@override_settings(PARITY_JOBS_INLINE=True)
def test_analysts_and_administrators_hear_of_a_refused_import(client, people):
    mail.outbox.clear()
    client.force_login(people["analyst"])
    client.post(reverse("workforce:upload"), {"files": [SimpleUploadedFile(
        "staff.csv", b"staff_id,snapshot_date,ethnicity,directorate,grade\nS1,2024-13-31,A,Adults,G1\n")]})
    for who in ("analyst", "admin"):
        [email] = sent_to(who)
        assert "Not imported: the files have problems" in email.body and "/data/runs/" in email.body
    assert not sent_to("viewer") and not sent_to("staff-network")


def test_each_person_turns_them_off_and_sets_their_address(client, plan, people):
    person = people["directorate_lead"]
    services.assign_owner(Action.objects.get(position=1), person, "implementation_lead", "test")
    client.force_login(person)
    page = client.get(reverse("notifications")).content.decode()
    assert "My actions coming due" in page and "Imports that were refused" not in page  # only their kinds
    bad = client.post(reverse("notifications"), {"email": "not an address", "notify_actions": "on"})
    assert bad.status_code == 400 and "is not an email address" in bad.content.decode()
    client.post(reverse("notifications"), {"email": "lead@council.example"})  # box unticked: off
    person.refresh_from_db()
    assert person.email == "lead@council.example" and not person.notify_actions
    assert AuditEvent.objects.filter(action="notification_settings").exists()
    mail.outbox.clear()
    notifications.send_due(TODAY)
    assert not [m for m in mail.outbox if m.to == ["lead@council.example"]]
    client.post(reverse("notifications"), {"email": "", "notify_actions": "on"})  # no address: no email
    notifications.send_due(TODAY)
    assert not [m for m in mail.outbox if "Publish promotion data" in m.body]


def test_a_mail_server_that_fails_loses_nothing(plan, people, monkeypatch):
    services.assign_owner(Action.objects.get(position=1), people["directorate_lead"], "implementation_lead", "test")

    def down(*args, **kwargs):
        raise ConnectionRefusedError("the mail server is down")
    monkeypatch.setattr(notifications, "send_mail", down)
    assert notifications.send_due(TODAY) == []
    monkeypatch.undo()
    mail.outbox.clear()
    notifications.send_due(TODAY)
    assert len(sent_to("directorate-lead")) == 1  # tried again, sent


def test_parity_notify_sends_and_says_so(plan, people, capsys):
    services.assign_owner(Action.objects.get(position=1), people["directorate_lead"], "implementation_lead", "test")
    mail.outbox.clear()
    assert main(["notify"]) == 0
    out = capsys.readouterr().out
    assert "sent to directorate-lead: 1 item(s)" in out or "Nothing new" in out  # today's date decides
    assert main(["notify"]) == 0 and "Nothing new to send." in capsys.readouterr().out
