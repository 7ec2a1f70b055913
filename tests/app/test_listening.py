"""Focus groups and listening circles: recorded by those allowed, themes linked to the plan's
actions, and "you said, we did" from theme to action to its latest progress update, naming no
session's title, attendance or notes."""

import datetime as dt

import pytest
from django.urls import reverse

from parity.app.audit.models import AuditEvent
from parity.app.listening import services
from parity.app.listening.models import ListeningSession, Theme
from parity.app.plans.models import Action
from parity.app.plans.services import add_update

ROLES = ("admin", "analyst", "directorate_lead", "staff_network", "viewer")
RECORDERS = ("admin", "analyst", "staff_network")
pytestmark = pytest.mark.django_db


@pytest.fixture
def session(users):
    return services.record_session(users["staff_network"], "focus_group", "Progression focus group (synthetic)",
                                   "14/03/2025", "", "12", "Feedback after interviews came up often.")


def test_a_session_is_checked_and_every_problem_named_at_once(users):
    with pytest.raises(ValueError) as refused:
        services.record_session(users["admin"], "party", "", "31/02/2025", "Nowhere", "lots", "", ["Finance"])
    message = str(refused.value)
    for said in ("choose the kind of session", "give the session a title", "is not a date",
                 "no directorate 'Nowhere'", "a whole number, not 'lots'"):
        assert said in message
    future = (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    with pytest.raises(ValueError, match="in the future"):
        services.record_session(users["admin"], "focus_group", "A title", future)
    with pytest.raises(ValueError, match="from 0 to 10,000"):
        services.record_session(users["admin"], "focus_group", "A title", "1 March 2025", attendance="-3")
    assert not ListeningSession.objects.exists()


def test_dates_are_read_as_people_type_them(users):
    for typed in ("14/03/2025", "14 March 2025", "2025-03-14", "14.03.2025"):
        s = services.record_session(users["admin"], "listening_circle", "Circle", typed)
        assert s.held_on == dt.date(2025, 3, 14)


def test_you_said_we_did_goes_from_theme_to_action_to_its_latest_update(users, plan, session):
    action = Action.objects.get(plan=plan, position=1)
    theme = services.add_theme(users["staff_network"], session, "Feedback after interviews",
                               "People are not told why they were not appointed.", [str(action.pk)])
    add_update(action, users["admin"], "Written feedback is now offered to every internal candidate.", "in_progress",
               as_of=dt.date(2025, 6, 1))
    add_update(action, users["admin"], "An audit of feedback is under way.", "in_progress", as_of=dt.date(2025, 9, 1))
    circle = services.record_session(users["analyst"], "listening_circle", "Autumn circle", "2 October 2025",
                                     attendance="")
    services.raised_again(users["analyst"], theme, circle)
    [row] = services.you_said_we_did(today=dt.date(2025, 10, 10))
    assert row["raised"] == ["Focus group, March 2025, whole council", "Listening circle, October 2025, whole council"]
    [answer] = row["actions"]
    assert answer["number"] == 1 and answer["latest"]["text"] == "An audit of feedback is under way."
    page = _client(users, "viewer").get(reverse("listening:you_said")).content.decode()
    assert "You said: Feedback after interviews" in page and "An audit of feedback is under way." in page
    assert "1 September 2025" in page
    for private in ("Progression focus group (synthetic)", "Feedback after interviews came up often.", ">12<"):
        assert private not in page  # a session's title, notes and attendance stay with those who record them
    assert AuditEvent.objects.filter(action__startswith="listening.").count() == 4


def _client(users, role):
    from django.test import Client

    client = Client()
    client.force_login(users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_who_records_and_who_reads(users, plan, session, role):
    client = _client(users, role)
    theme = Theme.objects.create(title="Pay")
    theme.sessions.add(session)
    assert client.get(reverse("listening:you_said")).status_code == 200
    pages = [reverse("listening:sessions"), reverse("listening:new_session"), reverse("listening:session", args=[session.pk]),
             reverse("listening:new_theme", args=[session.pk]), reverse("listening:theme_links", args=[theme.pk])]
    for address in pages:
        assert client.get(address).status_code == (200 if role in RECORDERS else 403), address
    posted = client.post(reverse("listening:new_session"), {"kind": "focus_group", "title": "T", "held_on": "1/3/2025"})
    assert posted.status_code == (302 if role in RECORDERS else 403)
    page = client.get(reverse("listening:session", args=[session.pk]))
    if role in RECORDERS:
        assert "Feedback after interviews came up often." in page.content.decode()


def test_a_refused_form_keeps_what_was_typed(users):
    response = _client(users, "analyst").post(reverse("listening:new_session"),
                                              {"kind": "focus_group", "title": "Kept title", "held_on": "not a day"})
    text = response.content.decode()
    assert response.status_code == 400 and "Kept title" in text and "is not a date" in text


def test_links_are_replaced_and_audited_with_before_and_after(users, plan, session):
    first, second = Action.objects.filter(plan=plan).order_by("position")[:2]
    theme = services.add_theme(users["admin"], session, "Mentoring", action_ids=[str(first.pk)])
    response = _client(users, "admin").post(reverse("listening:theme_links", args=[theme.pk]),
                                            {"actions": [str(second.pk)]})
    assert response.status_code == 302
    assert list(theme.actions.all()) == [second]
    event = AuditEvent.objects.filter(action="listening.theme_linked").get()
    assert event.detail["before"]["actions"] == [first.pk] and event.detail["after"]["actions"] == [second.pk]
    with pytest.raises(ValueError, match="no longer in a plan"):
        services.link(users["admin"], theme, ["999999"])


def test_a_themes_words_are_redacted_before_everyone_reads_them(users, session):
    theme = services.add_theme(users["staff_network"], session, "Mrs Okafor's team",
                               "Call 07700 900123 or write to a.person@example.org about it.")
    assert "Okafor" not in theme.title and "[name]" in theme.title
    assert "[phone]" in theme.said and "[email]" in theme.said and "example.org" not in theme.said
