"""Rows that are only ever added: the audit log, progress updates, staff-network responses,
manual measure values.

Two guards. ``AppendOnly.save`` refuses to change a saved row, which catches the application's
own mistakes early with a clear message. The database itself refuses the rest: a trigger on
each table (created by a migration, for SQLite and PostgreSQL) aborts any ``UPDATE`` or
``DELETE`` (and, on PostgreSQL, ``TRUNCATE``), whoever sends it: a queryset's ``update()`` or
``delete()``, a cascade from a deleted row, or raw SQL. Only someone who can change the
schema (drop the trigger) can get past it, and ``parity serve`` refuses to start when a trigger
is missing (``integrity``).
"""

from __future__ import annotations

from django.db import models

PG_FUNCTION = "parity_append_only"
SUPPORTED = ("sqlite", "postgresql")


class AppendOnly(models.Model):
    """A model whose saved rows are never changed; ``save`` on an existing row raises."""

    refusal = "these rows are never changed"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(self.refusal)
        super().save(*args, **kwargs)


def trigger_names(table: str) -> tuple[str, ...]:
    """The names of the triggers that guard ``table`` (the same names on both databases)."""
    return (f"{table}_no_update", f"{table}_no_delete")


def _protect_sql(vendor: str, table: str) -> list[str]:
    no_update, no_delete = trigger_names(table)
    if vendor == "sqlite":
        return [f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {verb} refused'); END"
                for name, verb in ((no_update, "UPDATE"), (no_delete, "DELETE"))]
    if vendor == "postgresql":
        return [
            f"""CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'integrity_constraint_violation';
            END $$""",
            *_lift_sql(vendor, table),
            f"CREATE TRIGGER {no_update} BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
            f"CREATE TRIGGER {no_delete} BEFORE DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()",
        ]
    raise ValueError(f"append-only triggers are written for SQLite and PostgreSQL, not {vendor}")


def _lift_sql(vendor: str, table: str) -> list[str]:
    if vendor not in SUPPORTED:
        raise ValueError(f"append-only triggers are written for SQLite and PostgreSQL, not {vendor}")
    on = f" ON {table}" if vendor == "postgresql" else ""
    return [f"DROP TRIGGER IF EXISTS {name}{on}" for name in trigger_names(table)]


def protect(connection, table: str) -> None:
    """Create the triggers that refuse ``UPDATE`` and ``DELETE`` on ``table`` (idempotent)."""
    with connection.cursor() as cursor:
        for statement in _protect_sql(connection.vendor, table):
            cursor.execute(statement)


def lift(connection, table: str) -> None:
    """Drop ``table``'s triggers: only for emptying the whole database (``flush``) or a migration
    that rebuilds the table, which must ``protect`` it again in the same transaction."""
    with connection.cursor() as cursor:
        for statement in _lift_sql(connection.vendor, table):
            cursor.execute(statement)


def protected_tables() -> list[str]:
    """Every installed append-only model's table."""
    from django.apps import apps

    return sorted(m._meta.db_table for m in apps.get_models() if issubclass(m, AppendOnly))


def unprotected_tables(connection) -> list[str]:
    """Append-only tables whose triggers are missing from the database (empty when all is well)."""
    tables = protected_tables()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            return tables
        present = {row[0] for row in cursor.fetchall()}
    return [t for t in tables if not set(trigger_names(t)) <= present]
