"""Emails: what needs a person, sent once, through Django's mail backend (the console by default).

* **Owners**: their actions due within ``plans.rag.SOON`` days, and overdue (``my_actions``).
* **Staff-network members**: progress updates awaiting their sign-off.
* **Administrators and analysts**: imports that were refused or failed, from the last
  ``IMPORTS_WITHIN``.

Each person gets one email listing everything new for them, and each thing once
(``accounts.Notification`` keeps what was sent: an action's key includes its due date, so moving
the date is news again). A person turns each kind off on their Notifications page; a person with
no email address gets none. ``send_due`` runs after every import and every progress update (in
the worker) and daily from ``parity notify`` (cron); running it twice sends nothing twice. A mail
server that fails is logged and tried again next time: nothing is recorded as sent.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from .accounts.models import Notification, Role, User
from .audit.services import record
from .dashboards.templatetags.figures import date_in_words

log = logging.getLogger(__name__)
IMPORTS_WITHIN = dt.timedelta(days=7)


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    path: str


def _actions(user: User, today: dt.date) -> list[Item]:
    from .plans.services import my_actions

    items = []
    for a in my_actions(user, today):
        where = reverse("plans:action", args=[a["plan"], a["number"]])
        if a["overdue"]:
            items.append(Item(f"action:{a['plan']}:{a['number']}:overdue:{a['due']}",
                              f"Overdue since {date_in_words(a['due'])}: {a['text']} ({a['plan_title']})", where))
        elif a["due_soon"]:
            items.append(Item(f"action:{a['plan']}:{a['number']}:due:{a['due']}",
                              f"Due by {date_in_words(a['due'])}: {a['text']} ({a['plan_title']})", where))
    return items


def _sign_off(waiting: list[dict]) -> list[Item]:
    return [Item(f"update:{w['update'].pk}",
                 f"Awaiting your sign-off: the update of {date_in_words(w['update'].as_of)} on "
                 f"\"{w['action'].text}\" ({w['plan'].title})",
                 reverse("plans:action", args=[w["plan"].slug, w["action"].position]) + f"#update-{w['update'].pk}")
            for w in waiting]


def _imports(since: dt.datetime) -> list[Item]:
    from .workforce.models import ImportRun

    runs = ImportRun.objects.filter(status__in=(ImportRun.Status.REJECTED, ImportRun.Status.FAILED),
                                    created_at__gte=since)
    return [Item(f"import:{run.pk}", f"Import {run.pk} ({', '.join(f['name'] for f in run.files) or 'no file'}): "
                                     f"{run.get_status_display()}. {run.message}",
                 reverse("workforce:run", args=[run.pk])) for run in runs]


def due(today: dt.date | None = None) -> dict[User, list[Item]]:
    """What each person should be told that they have not been told yet."""
    from .plans.services import awaiting_sign_off

    today = today or timezone.localdate()
    people = User.objects.filter(is_active=True).exclude(email="")
    sent = set(Notification.objects.values_list("user_id", "key"))
    waiting = None
    imports = None
    out: dict[User, list[Item]] = {}
    for person in people:
        items = _actions(person, today) if person.notify_actions else []
        if person.notify_sign_off and person.role == Role.STAFF_NETWORK:
            waiting = waiting if waiting is not None else _sign_off(awaiting_sign_off())
            items += waiting
        if person.notify_imports and person.role in (Role.ADMIN, Role.ANALYST):
            imports = imports if imports is not None else _imports(timezone.now() - IMPORTS_WITHIN)
            items += imports
        new = [i for i in items if (person.pk, i.key) not in sent]
        if new:
            out[person] = new
    return out


def send_due(today: dt.date | None = None) -> list[str]:
    """Send each person one email of what is new for them; a line per email sent."""
    done = []
    base = settings.PARITY_BASE_URL.rstrip("/")
    for person, items in due(today).items():
        body = "\n".join(["Parity has news for you:", ""] + [f"- {i.text}\n  {base}{i.path}" for i in items] + [
            "", f"Turn these emails off on your 'Your emails' page: {base}{reverse('notifications')}"])
        subject = f"Parity: {len(items)} thing{'s' if len(items) > 1 else ''} for you"
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
        except Exception:  # a mail server down must not stop an import or an update: tried again next time
            log.exception("notifications: could not send to %s", person.username)
            continue
        with transaction.atomic():
            for item in items:
                try:
                    with transaction.atomic():
                        Notification.objects.create(user=person, key=item.key)
                except IntegrityError:  # sent meanwhile by another worker
                    pass
            record("system", "notify", f"user:{person.username}", {"keys": [i.key for i in items]})
        done.append(f"{person.username}: {len(items)} item(s)")
    return done


@task()
def notify_task() -> None:
    send_due()


def soon() -> None:
    """Send what is due in the worker, after the request (inline when PARITY_JOBS_INLINE is set)."""
    from .background import enqueue

    enqueue(notify_task)
