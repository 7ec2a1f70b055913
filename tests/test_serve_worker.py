"""`parity serve` runs one worker for the queue beside the web server, starts it again if it
dies, and stops both when it is stopped (ADR 0011). The real command, in a subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from test_cli_serve import environment, free_port, parity


def workers(parent: int) -> list[int]:
    """The pids of ``parity worker`` processes whose parent is ``parent``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == parent and b"worker" in command and b"parity.cli" in command:
            found.append(int(entry.name))
    return found


def serving(port: int) -> bool:
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).status == 200
    except OSError:
        return False


def wait_for(check, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    return check()


def test_serve_keeps_one_worker_alive_and_stops_it_with_itself(tmp_path):
    assert parity(tmp_path, "setup").returncode == 0
    port = free_port()
    serve = subprocess.Popen([sys.executable, "-m", "parity.cli", "serve", "--port", str(port), "--workers", "1"],
                             env=environment(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert wait_for(lambda: serving(port) and workers(serve.pid))
        (first,) = workers(serve.pid)
        os.kill(first, signal.SIGKILL)  # the worker dies (say, out of memory)
        again = wait_for(lambda: [pid for pid in workers(serve.pid) if pid != first])
        assert len(again) == 1
    finally:
        serve.terminate()
        serve.wait(timeout=60)
    assert not workers(serve.pid) and not Path(f"/proc/{again[0]}").exists()
    assert b"the worker stopped" in serve.stderr.read()
