"""The app's current records reach the engine as columns, equal to the files they came from."""

from __future__ import annotations

from collections import Counter

import pytest

from parity.engine.workforce import EMPTY_TABLES
from parity.ingest.engine_input import load_folder

pytestmark = pytest.mark.django_db


def _rows(table, columns):
    """The table's rows over ``columns``, as a multiset (order is the store's business)."""
    values = [table[c].to_pylist() for c in columns]
    return Counter(zip(*values))


def test_the_stored_records_read_as_columns_are_the_files_records(small_council, imported):
    from parity.app.measures.engine_input import current_data
    from parity.app.workforce.importing import pseudonymiser

    stored = current_data()
    files, result = load_folder(small_council, hasher=pseudonymiser())  # the oracle: the files themselves
    assert result.ok
    for kind, table in files.tables.items():
        columns = [part.split()[0] for part in EMPTY_TABLES[kind].split(",")]
        columns = [c for c in columns if c in table.column_names]
        assert stored.tables[kind].num_rows == table.num_rows, kind
        assert _rows(stored.tables[kind], columns) == _rows(table, columns), kind
        for column in columns:  # the engine's types, not the driver's (dates as dates, yes/no as booleans)
            stored_type, file_type = stored.tables[kind][column].type, table[column].type
            assert stored_type == (file_type.value_type if hasattr(file_type, "value_type") else file_type), \
                (kind, column)
