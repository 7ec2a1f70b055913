"""``flush`` (empty every table of the database) with the append-only tables emptied too.

Django's ``flush`` deletes (SQLite) or truncates (PostgreSQL) every table, which the append-only
triggers refuse. Emptying the whole database is not changing the record, it is starting again
(the test suite does it between tests; ``parity manage flush`` asks first): the triggers are
lifted, the tables emptied and the triggers put back, in one transaction, so a failure leaves
them in place.
"""

from django.core.management.commands import flush
from django.db import connections, transaction

from ....append_only import lift, protect, protected_tables


class Command(flush.Command):
    help = flush.Command.help + " The append-only tables are emptied too and stay protected."

    def handle(self, **options):
        database = options["database"]
        connection = connections[database]
        with transaction.atomic(using=database):
            existing = set(connection.introspection.table_names())
            tables = [t for t in protected_tables() if t in existing]
            for table in tables:
                lift(connection, table)
            super().handle(**options)
            for table in tables:
                protect(connection, table)
