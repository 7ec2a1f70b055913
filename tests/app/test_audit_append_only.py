"""The audit log (and the plans' progress updates, responses and manual values) are append-only
in the database itself (issue 11, point 8): raw SQL cannot change or delete a row on SQLite or
PostgreSQL, and users are deactivated rather than deleted, so no audit row is rewritten."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from parity.app import append_only
from parity.app.accounts.models import User
from parity.app.audit.models import AuditEvent
from parity.app.audit.services import record
from parity.app.plans.models import Action, NetworkResponse, ProgressUpdate
from parity.cli import main

pytestmark = pytest.mark.django_db
APPEND_ONLY_TABLES = ["audit_auditevent", "plans_manualvalue", "plans_networkresponse", "plans_progressupdate",
                      "reports_committeetemplate", "reports_generatedreport"]


def refused(sql: str, params=()) -> bool:
    """Whether the database refuses ``sql`` (in a savepoint, so the test can go on)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except IntegrityError as exc:
        assert "append-only" in str(exc)
        return True
    return False


@pytest.fixture
def event(users):
    return record(users["admin"], "role_change", "user:viewer", {"after": {"role": "viewer"}})


def test_every_append_only_model_is_protected_in_the_database():
    assert append_only.protected_tables() == APPEND_ONLY_TABLES
    assert append_only.unprotected_tables(connection) == []


def test_raw_sql_cannot_change_or_delete_an_audit_row(event):
    assert refused("UPDATE audit_auditevent SET action = 'nothing', actor_name = 'someone else'")
    assert refused("UPDATE audit_auditevent SET actor_id = NULL WHERE id = %s", [event.pk])
    assert refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert refused("DELETE FROM audit_auditevent")
    if connection.vendor == "postgresql":
        # the row's deferred foreign-key check first, or PostgreSQL refuses for that reason instead
        assert refused("SET CONSTRAINTS ALL IMMEDIATE; TRUNCATE audit_auditevent")
    event_now = AuditEvent.objects.get(pk=event.pk)
    assert (event_now.action, event_now.actor_name) == ("role_change", "admin")


def test_adding_rows_still_works(event):
    assert not refused("INSERT INTO audit_auditevent (at, actor_name, action, target, detail) "
                       "VALUES (CURRENT_TIMESTAMP, 'system', 'test', '', '{}')")
    assert AuditEvent.objects.filter(action="test").exists()


def test_querysets_cannot_change_or_delete_either(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="nothing")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.all().delete()
    with pytest.raises(ValueError, match="never changed"):
        event.save()
    assert AuditEvent.objects.filter(pk=event.pk, action="role_change").exists()


def test_progress_updates_and_responses_are_protected_too(plan, users):
    action = Action.objects.filter(plan=plan).first()
    update = ProgressUpdate.objects.create(action=action, as_of=date(2025, 1, 31), text="Started",
                                           status="in_progress", author=users["admin"])
    NetworkResponse.objects.create(update=update, kind="comment", text="Good", author=users["staff_network"])
    for table in ("plans_progressupdate", "plans_networkresponse"):
        assert refused(f"UPDATE {table} SET text = 'rewritten'"), table
        assert refused(f"DELETE FROM {table}"), table
    assert ProgressUpdate.objects.get().text == "Started"


def test_a_user_who_acted_cannot_be_deleted_only_deactivated(event, users):
    admin = users["admin"]
    with pytest.raises(ProtectedError), transaction.atomic():
        admin.delete()
    assert AuditEvent.objects.get(pk=event.pk).actor == admin
    assert main(["deactivate-user", "admin"]) == 0
    admin.refresh_from_db()
    assert not admin.is_active
    assert AuditEvent.objects.get(pk=event.pk).actor == admin  # the row is as it was
    assert AuditEvent.objects.filter(action="deactivate", target="user:admin", actor_name="cli").exists()


def test_deactivating_twice_is_recorded_once(users):
    assert main(["deactivate-user", "viewer"]) == 0
    assert main(["deactivate-user", "viewer"]) == 0
    assert AuditEvent.objects.filter(action="deactivate").count() == 1


def test_deactivating_nobody_is_a_usage_error(db, capsys):
    assert main(["deactivate-user", "nobody"]) == 2
    assert "no user called 'nobody'" in capsys.readouterr().err


def test_a_plan_authors_account_is_protected(plan, users):
    action = Action.objects.filter(plan=plan).first()
    ProgressUpdate.objects.create(action=action, as_of=date(2025, 1, 31), text="Started",
                                  status="in_progress", author=users["directorate_lead"])
    with pytest.raises(ProtectedError), transaction.atomic():
        users["directorate_lead"].delete()
    assert User.objects.filter(pk=users["directorate_lead"].pk).exists()


@pytest.mark.django_db(transaction=True)
def test_emptying_the_whole_database_keeps_the_protection(users):
    record(users["admin"], "role_change", "user:viewer", {})
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0 and User.objects.count() == 0
    assert append_only.unprotected_tables(connection) == []
    record("system", "test", "", {})
    assert refused("DELETE FROM audit_auditevent")


def test_setup_restores_a_dropped_trigger_and_the_check_finds_it_first(event):
    from parity.app.integrity import _append_only

    append_only.lift(connection, "audit_auditevent")
    assert append_only.unprotected_tables(connection) == ["audit_auditevent"]
    assert "append-only protection is missing on audit_auditevent" in _append_only(connection)[0]
    for table in append_only.protected_tables():
        append_only.protect(connection, table)  # what `parity setup` does after migrating
    assert append_only.unprotected_tables(connection) == []
    assert refused("DELETE FROM audit_auditevent")
