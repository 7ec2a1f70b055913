"""One imported small council with three publications, made once per test module and rolled
back at its end (importing and computing takes a while): the open-data tests share it.

``open_data`` gives the live publication of every page, one live publication of the standards
only (in another grouping), and one withdrawn publication.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import transaction

from parity.app.accounts.services import create_user
from parity.app.dashboards import publishing, services
from parity.app.measures.models import ComputedSet
from parity.cli import main

PASSWORD = "a-long-test-password"


@pytest.fixture(scope="module")
def open_data(small_council, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            assert main(["import", str(small_council)]) == 0
            admin = create_user("open-data-admin", PASSWORD, "admin")
            computed = ComputedSet.objects.get(is_current=True, status="done")
            snapshot = services.snapshots(computed)[0]
            every_page = [slug for slug, _ in publishing.pages()]
            live = publishing.publish(admin, computed, snapshot, "ons5", every_page, "Workforce profile",
                                      note="Synthetic figures.")
            standards = publishing.publish(admin, computed, snapshot, "ons19", ["standards"], "Standards only")
            withdrawn = publishing.publish(admin, computed, snapshot, "ons5", every_page, "Withdrawn one")
            publishing.withdraw(admin, withdrawn, "Superseded")
            yield SimpleNamespace(computed=computed, snapshot=snapshot, live=live, standards=standards,
                                  withdrawn=withdrawn)
            transaction.set_rollback(True)
