"""Browser tests: a real Parity server (gunicorn, SQLite) and Debian's Chromium via Playwright.

The server runs in a subprocess with its own PARITY_HOME, exactly as `parity serve` runs for a
council; no browser is downloaded (Playwright is pointed at /usr/bin/chromium).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "browser-test-password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("parity-home")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(PARITY_HOME=str(home), PARITY_PASSWORD=PASSWORD)
    cli = [sys.executable, "-m", "parity.cli"]
    subprocess.run(cli + ["setup"], env=env, check=True)
    for user, role in (("analyst", "analyst"), ("viewer", "viewer")):
        subprocess.run(cli + ["add-user", user, "--role", role], env=env, check=True)
    port = _free_port()
    log = open(home / "server.log", "w")
    process = subprocess.Popen(cli + ["serve", "--port", str(port), "--workers", "1"], env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.terminate()
        raise RuntimeError(f"server did not start: {(home / 'server.log').read_text()}")
    yield {"base": base, "home": Path(home)}
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium (CI installs it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    yield page
    context.close()


@contextmanager
def signed_in(browser, server, username: str, viewport: dict | None = None):
    """A page in a context of its own, signed in as ``username``, closed afterwards."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30000)
    sign_in(page, server["base"], username)
    try:
        yield page
    finally:
        context.close()


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture(scope="session")
def council(server):
    """The demo council (small) and the demo plan in the test server's database."""
    env = {"PARITY_HOME": str(server["home"]), "PARITY_PASSWORD": PASSWORD, "PATH": "/usr/bin:/bin"}
    cli = [sys.executable, "-m", "parity.cli"]
    subprocess.run(cli + ["add-user", "admin", "--role", "admin"], env=env, check=True)
    subprocess.run(cli + ["add-user", "lead", "--role", "directorate_lead", "--directorate", "Adults and Health"],
                   env=env, check=True)
    subprocess.run(cli + ["add-user", "network-a11y", "--role", "staff_network"], env=env, check=True)
    subprocess.run(cli + ["setup", "--demo", "--staff", "400"], env=env, check=True, capture_output=True)
    out = subprocess.run(cli + ["plan", "list"], env=env, check=True, capture_output=True, text=True).stdout
    return out.split("\t")[0]
