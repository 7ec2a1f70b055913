"""Is the database fit to serve? Checked by ``parity serve`` before it starts.

A damaged SQLite file (a disk fault, a copy taken mid-write, a byte overwritten) would otherwise
be served as if nothing were wrong: pages would show whatever the damaged pages still hold, or
fail one by one. Before serving, Parity checks that

* the database can be reached and read (SQLite: ``PRAGMA quick_check``, which reads every page
  and checks the b-trees' structure in about a second per gigabyte);
* every migration this version of Parity knows is applied, and none it does not know (a
  database from a newer Parity);
* the append-only tables still have their triggers (``append_only``).

``problems`` returns what is wrong in words for the person starting the server; it never raises.
"""

from __future__ import annotations

from django.db import DatabaseError, connections

QUICK_CHECK_ROWS = 10  # the first few problems are enough to say the file is damaged


def problems(database: str = "default") -> list[str]:
    """Everything that stops Parity serving ``database``, or an empty list."""
    connection = connections[database]
    try:
        found = _storage(connection)
        if found:
            return found
        found = _migrations(connection)
        if found:
            return found
        return _append_only(connection)
    except (DatabaseError, UnicodeDecodeError) as exc:  # a damaged page can hold bytes that are no text
        if connection.vendor == "sqlite":
            return [f"the SQLite file {connection.settings_dict['NAME']} cannot be read: it is damaged or "
                    f"not a database ({_one_line(exc)})"]
        return [f"the database cannot be read: {_one_line(exc)}"]
    finally:
        connection.close()


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _storage(connection) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor != "sqlite":
            cursor.execute("SELECT 1")
            return []
        cursor.execute(f"PRAGMA quick_check({QUICK_CHECK_ROWS})")
        rows = [row[0] for row in cursor.fetchall()]
    if rows == ["ok"]:
        return []
    return [f"the SQLite file {connection.settings_dict['NAME']} is damaged (PRAGMA quick_check): "
            + "; ".join(rows)]


def _migrations(connection) -> list[str]:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    known = set(executor.loader.graph.nodes)
    applied = set(executor.loader.applied_migrations)
    apps = {app for app, _ in known}
    out = []
    missing = [f"{migration.app_label}.{migration.name}"
               for migration, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())]
    if missing:
        out.append(f"{len(missing)} migration(s) not applied ({', '.join(missing[:5])}"
                   f"{', ...' if len(missing) > 5 else ''}): run `parity setup` first")
    unknown = sorted(f"{app}.{name}" for app, name in applied - known if app in apps)
    if unknown:
        out.append(f"the database has migrations this version of Parity does not know ({', '.join(unknown)}): "
                   "it was set up by a newer Parity")
    return out


def _append_only(connection) -> list[str]:
    from .append_only import unprotected_tables

    missing = unprotected_tables(connection)
    if missing:
        return [f"the append-only protection is missing on {', '.join(missing)}: run `parity setup` to "
                "restore it, and find out who removed it (those rows may have been changed)"]
    return []
