"""`parity serve` checks the database before serving (issue 11, point 9): a damaged SQLite file,
unapplied migrations or a dropped append-only trigger are refused with a clear message and exit
1, never a traceback; a sound database is served. Each case runs the real command in a
subprocess on its own SQLite file (whichever database the rest of the suite uses)."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

DB = "parity.sqlite3"


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARITY_") and k != "DATABASE_URL"}
    env["PARITY_HOME"] = str(home)
    return env


def parity(home: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "parity.cli", *args], env=environment(home),
                          capture_output=True, text=True, timeout=timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def sound_home(tmp_path_factory) -> Path:
    """A PARITY_HOME with a freshly set-up (migrated, protected) database."""
    home = tmp_path_factory.mktemp("sound")
    result = parity(home, "setup")
    assert result.returncode == 0, result.stderr
    assert not (home / f"{DB}-wal").exists() or (home / f"{DB}-wal").stat().st_size == 0
    return home


def copy_of(sound_home: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(sound_home / DB, home / DB)
    return home


def refused(result: subprocess.CompletedProcess, reason: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "the database is not fit to serve, so Parity will not start" in result.stderr
    assert reason in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "Parity is at" not in result.stdout


def overwrite(path: Path, start: int, stop: int, step: int, length: int) -> None:
    with open(path, "r+b") as handle:
        for offset in range(start, stop, step):
            handle.seek(offset)
            handle.write(bytes((i * 37 + offset) % 251 for i in range(length)))


@pytest.mark.parametrize("damage", ["pages of noise", "a few bytes in every page", "one table's page header"])
def test_a_damaged_sqlite_file_is_refused(sound_home, tmp_path, damage):
    home = copy_of(sound_home, tmp_path)
    path = home / DB
    size, page = path.stat().st_size, 4096
    middle = size // 3 // page * page
    if damage == "pages of noise":
        overwrite(path, middle, 2 * size // 3, page, page)
    elif damage == "a few bytes in every page":  # each page's header intact, twelve bytes of its cells changed
        overwrite(path, middle + 2000, 2 * size // 3, page, 12)
    else:  # a table nothing reads at start-up: only the check finds it
        with sqlite3.connect(path) as db:
            root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'auth_permission'").fetchone()[0]
        db.close()
        with open(path, "r+b") as handle:
            handle.seek((root - 1) * page + 3)
            handle.write(b"\xff\xff\x00\x01")  # its cell count and where its cells start
    refused(parity(home, "serve", "--port", str(free_port())), "is damaged")


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / DB).write_bytes(b"this is not a database" * 1000)
    refused(parity(home, "serve", "--port", str(free_port())), "damaged or not a database")


def test_an_unmigrated_database_is_refused(tmp_path):
    home = tmp_path / "empty"
    home.mkdir()
    refused(parity(home, "serve", "--port", str(free_port())), "not applied")
    assert "run `parity setup` first" in parity(home, "serve").stderr


def test_a_database_missing_its_append_only_trigger_is_refused(sound_home, tmp_path):
    home = copy_of(sound_home, tmp_path)
    with sqlite3.connect(home / DB) as db:
        db.execute("DROP TRIGGER audit_auditevent_no_delete")
    refused(parity(home, "serve", "--port", str(free_port())),
            "append-only protection is missing on audit_auditevent")
    assert parity(home, "setup").returncode == 0  # setup restores it
    with sqlite3.connect(home / DB) as db:
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert "audit_auditevent_no_delete" in names


def test_a_sound_database_is_served(sound_home, tmp_path):
    home = copy_of(sound_home, tmp_path)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "parity.cli", "serve", "--port", str(port), "--workers", "1"],
                               env=environment(home), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as response:
                    assert response.status == 200
                    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
                    break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(20)
