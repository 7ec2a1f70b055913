"""Writing many rows fast: one ``executemany`` per batch, no model objects.

Django's ``bulk_create`` builds a model instance and compiles SQL per batch; for the hundreds of
thousands of rows of an import or a measure set that is most of the time. This writes plain
tuples through the database cursor, on SQLite and PostgreSQL alike. Values must already be what
the column stores (JSON via ``connection.ops.adapt_json_value``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

BATCH = 5000


def insert_rows(model, field_names: Sequence[str], rows: Iterable[Sequence]) -> None:
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    rows = list(rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])


def json_value(model, field_name: str):
    """A function giving what the database stores for a value of a JSON field."""
    encoder = model._meta.get_field(field_name).encoder
    return lambda value: connection.ops.adapt_json_value(value, encoder)
