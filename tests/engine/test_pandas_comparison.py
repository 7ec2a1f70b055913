"""The pandas count tables (``engine/counts/pandas.py``, the benchmark's comparison) give the
engine's results on the awkward shapes too: one person, one group, snapshots sharing nobody,
empty files, pay absent, blank characteristics, keyed-hash and plain identifiers."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from parity.engine.cell_key import record_key
from parity.engine.compute import Parameters, compute
from parity.engine.counts.pandas import record_keys
from parity.ingest.engine_input import load_folder
from parity.ingest.pseudonymise import Pseudonymiser

from degenerate import bend, read, write
from test_degenerate import EMPTIABLE, base_council

PARAMETERS = Parameters(breakdowns=("directorate,grade", "sex+disability", "age_band"))


def both(data, parameters=PARAMETERS) -> tuple[str, str]:
    return compute(data, parameters).to_json(), compute(data, parameters, backend="pandas").to_json()


@pytest.mark.parametrize("shape", [
    {"people": 1},
    {"no_overlap": True},
    {"ethnicity": "White British", "staff_flags": "Yes", "application_flags": "Yes"},
    {"ethnicity": "Not stated", "pay": "absent"},
    {"empty": list(EMPTIABLE)},
    {"staff_flags": "No", "application_flags": "No", "survey": "unfavourable", "pay": "equal"},
], ids=["one person", "no overlap", "one group all yes", "nobody stated no pay", "staff only", "all no"])
def test_degenerate_councils_give_the_engines_results(shape, tmp_path):
    folder = tmp_path / "files"
    shutil.copytree(base_council(), folder)
    bend(folder, shape)
    data, report = load_folder(folder, hasher=Pseudonymiser(b"a test secret of thirty-two bytes!"))
    assert report.ok
    engine, pandas = both(data)
    assert engine == pandas


def test_blank_characteristics_and_unhashed_ids_give_the_engines_results():
    """Blank directorates and grades of applicants and respondents (``Not recorded`` as a
    dimension), staff disabilities left null by an adapter (``Not stated`` as a group, ``Not
    recorded`` as a dimension), and identifiers given unhashed (record keys from MD5)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    folder = Path(tempfile.mkdtemp(prefix="blanks-")) / "files"
    shutil.copytree(base_council(), folder)
    try:
        for stem in ("applications", "survey_responses"):
            (path,) = folder.glob(f"{stem}_SYNTHETIC.csv")
            header, rows = read(path)
            for i, row in enumerate(rows):
                for column in ("directorate", "grade"):
                    if column in row and i % 3 == 0:
                        row[column] = ""
            write(path, header, rows)
        data, report = load_folder(folder)
        assert report.ok and not data.hashed_ids
        staff = data.tables["staff"]
        every_third = pa.array([i % 3 == 0 for i in range(staff.num_rows)])
        disability = pc.if_else(every_third, pa.scalar(None, pa.string()), staff["disability"].cast(pa.string()))
        data.tables["staff"] = staff.set_column(staff.column_names.index("disability"), "disability", disability)
        engine, pandas = both(data)
        assert engine == pandas
    finally:
        shutil.rmtree(folder.parent)


def test_record_keys_are_those_of_cell_key():
    hashes = pd.Series([hashlib.sha256(str(i).encode()).hexdigest() for i in range(300)] + ["FFab", "0a"])
    assert list(record_keys(hashes, True)) == [record_key(h, True) for h in hashes]
    assert list(record_keys(hashes.astype("category"), True)) == [record_key(h, True) for h in hashes]
    plain = pd.Series(["E0000001", "E0000002", "V1", "E0000001"])
    assert list(record_keys(plain, False)) == [record_key(v, False) for v in plain]
    with pytest.raises(ValueError):
        record_keys(pd.Series(["zz00"]), True)
