"""Validate once, compute many: ``parity validate DIR --keep DATASET`` then ``parity measures DATASET``."""

from __future__ import annotations

import json
import shutil

import pytest

from parity.cli import main


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("PARITY_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def kept(small_council, tmp_path, home):
    dataset = tmp_path / "kept"
    assert main(["validate", str(small_council), "--keep", str(dataset)]) == 0
    return dataset


def test_measures_from_a_kept_dataset_are_byte_for_byte_those_from_the_files(small_council, kept, tmp_path):
    from_files, from_dataset = tmp_path / "files.json", tmp_path / "dataset.json"
    assert main(["measures", str(small_council), "--output", str(from_files)]) == 0
    assert main(["measures", str(kept), "--output", str(from_dataset)]) == 0
    assert from_files.read_bytes() == from_dataset.read_bytes()
    other = tmp_path / "other.json"  # other options, same dataset
    assert main(["measures", str(kept), "--grouping", "ons19", "--by", "sex", "--output", str(other)]) == 0
    assert main(["measures", str(small_council), "--grouping", "ons19", "--by", "sex",
                 "--output", str(from_files)]) == 0
    assert other.read_bytes() == from_files.read_bytes()
    manifest = json.loads((kept / "manifest.json").read_text())
    assert sorted(manifest["sources"]) == sorted(p.name for p in small_council.iterdir())
    staff = (small_council / next(n for n in manifest["sources"] if n.startswith("staff"))).read_bytes()
    import hashlib

    assert hashlib.sha256(staff).hexdigest() in manifest["sources"].values()


def test_a_kept_dataset_holds_hashed_identifiers_and_only_what_the_measures_read(small_council, kept):
    import pyarrow.feather as feather

    staff = feather.read_table(kept / "staff.arrow")
    assert "religion" not in staff.column_names and "start_date" not in staff.column_names
    ids = staff["staff_id"].to_pylist()
    raw_ids = {line.split(",")[0].strip('"') for line in
               next(small_council.glob("staff*")).read_text().splitlines()[1:]}
    assert all(len(i) == 64 for i in ids) and not raw_ids & set(ids)


def test_a_changed_or_foreign_dataset_is_refused(small_council, kept, tmp_path, home, monkeypatch, capsys):
    damaged = tmp_path / "damaged"
    shutil.copytree(kept, damaged)
    data = bytearray((damaged / "casework.arrow").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (damaged / "casework.arrow").write_bytes(bytes(data))
    assert main(["measures", str(damaged)]) == 2
    assert "has changed since the dataset was kept" in capsys.readouterr().err

    missing = tmp_path / "missing"
    shutil.copytree(kept, missing)
    (missing / "staff.arrow").unlink()
    assert main(["measures", str(missing)]) == 2
    assert "is missing" in capsys.readouterr().err

    monkeypatch.setenv("PARITY_HOME", str(tmp_path / "another-installation"))
    assert main(["measures", str(kept)]) == 2
    assert "kept by another installation" in capsys.readouterr().err

    monkeypatch.setenv("PARITY_HOME", str(home))
    manifest = json.loads((kept / "manifest.json").read_text())
    (kept / "manifest.json").write_text(json.dumps(manifest | {"format": "parity-dataset/0"}))
    assert main(["measures", str(kept)]) == 2
    assert "another dataset format" in capsys.readouterr().err
    assert main(["measures", str(kept), "--map", str(tmp_path / "x.yaml")]) == 2


def test_nothing_is_kept_from_invalid_files_and_no_other_folder_is_overwritten(small_council, tmp_path, home,
                                                                                capsys):
    bad = tmp_path / "bad"
    shutil.copytree(small_council, bad)
    staff = next(bad.glob("staff*"))
    lines = staff.read_text().splitlines()
    cells = lines[1].split(",")
    cells[1] = "31/02/2024"  # no such date
    staff.write_text("\n".join([lines[0], ",".join(cells)] + lines[2:]) + "\n")
    assert main(["validate", str(bad), "--keep", str(tmp_path / "never")]) == 1
    assert not (tmp_path / "never").exists()
    assert "Nothing was kept" in capsys.readouterr().out

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my own file")
    assert main(["validate", str(small_council), "--keep", str(mine)]) == 2
    assert (mine / "notes.txt").read_text() == "my own file"
    assert "holds more than a kept dataset" in capsys.readouterr().err

    again = tmp_path / "again"  # a dataset is replaced whole, a damaged table with it
    assert main(["validate", str(small_council), "--keep", str(again)]) == 0
    (again / "casework.arrow").write_bytes(b"damaged")
    assert main(["validate", str(small_council), "--keep", str(again)]) == 0
    assert main(["measures", str(again), "--measure", "wres.2"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_another_programs_manifest_never_makes_a_folder_of_files_a_dataset(small_council, tmp_path, home, capsys):
    """A reviewer's case: an HR system's export folder with its own manifest.json, kept into
    itself, must not be replaced (its files would be lost), and stays a folder of files."""
    exports = tmp_path / "exports"
    shutil.copytree(small_council, exports)
    (exports / "manifest.json").write_text('{"exported_by": "HR system", "files": 7}')
    before = sorted(p.name for p in exports.iterdir())
    assert main(["validate", str(exports), "--keep", str(exports)]) == 2
    assert "holds more than a kept dataset" in capsys.readouterr().err
    assert sorted(p.name for p in exports.iterdir()) == before
    assert main(["measures", str(exports), "--measure", "wres.2", "--output", str(tmp_path / "out.json")]) == 0

    kept = tmp_path / "kept"  # a kept dataset with a file of the user's put in it is not replaced either
    assert main(["validate", str(small_council), "--keep", str(kept)]) == 0
    (kept / "my notes.txt").write_text("mine")
    assert main(["validate", str(small_council), "--keep", str(kept)]) == 2
    assert (kept / "my notes.txt").read_text() == "mine"

    broken = tmp_path / "broken"  # a manifest of Parity's whose tables are not listed as they should be
    shutil.copytree(small_council, broken)
    from parity.ingest.dataset import secret_fingerprint
    from parity.ingest.pseudonymise import Pseudonymiser, load_or_create_secret

    ours = secret_fingerprint(Pseudonymiser(load_or_create_secret(home / "secret.key")))
    (broken / "manifest.json").write_text(json.dumps({"format": "parity-dataset/1", "secret": ours,
                                                      "tables": {"staff": 3}}))
    assert main(["measures", str(broken)]) == 2
    assert "does not list the tables" in capsys.readouterr().err


def test_what_a_new_user_got_wrong_is_refused_plainly_and_nothing_of_theirs_is_lost(small_council, kept, tmp_path,
                                                                                   home, capsys):
    """A walk of the commands as a new user found these; each is refused with a message (exit 2),
    never a traceback, and leaves the user's files as they were."""
    import os

    mine = kept / "my_own_analysis.arrow"  # an Arrow file of the user's own beside the tables
    mine.write_bytes(b"mine")
    assert main(["validate", str(small_council), "--keep", str(kept)]) == 2
    assert mine.read_bytes() == b"mine"
    mine.unlink()

    link = tmp_path / "link"
    os.symlink(kept, link)
    assert main(["validate", str(small_council), "--keep", str(link)]) == 2
    assert "is a link" in capsys.readouterr().err and link.is_symlink()
    assert main(["validate", str(small_council), "--keep", ""]) == 2
    a_file = tmp_path / "a-file"
    a_file.write_text("mine")
    assert main(["validate", str(small_council), "--keep", str(a_file)]) == 2
    assert "is a file" in capsys.readouterr().err and a_file.read_text() == "mine"

    staff = next(small_council.glob("staff*"))
    before = staff.read_bytes()
    assert main(["measures", str(small_council), "--format", "csv", "--output", str(staff)]) == 2
    assert "which this command reads" in capsys.readouterr().err and staff.read_bytes() == before
    assert main(["measures", str(kept), "--output", str(kept / "manifest.json")]) == 2
    assert main(["measures", str(kept), "--output", str(tmp_path / "no such folder" / "x.json")]) == 2
    assert "cannot be written" in capsys.readouterr().err
    assert main(["measures", str(kept), "--output", str(tmp_path)]) == 2  # a folder

    damaged = tmp_path / "damaged"
    shutil.copytree(kept, damaged)
    (damaged / "manifest.json").write_text("{not json")
    assert main(["measures", str(damaged)]) == 2
    assert "manifest.json is missing or damaged" in capsys.readouterr().err
    (damaged / "manifest.json").unlink()
    assert main(["measures", str(damaged)]) == 2

    assert main(["measures", str(kept), "--map", str(tmp_path / "x.yaml")]) == 2
    assert "leave out --map" in capsys.readouterr().err
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in kept.iterdir())
    assert oct(kept.stat().st_mode & 0o777) == "0o700"
