"""An owner adds a progress update to their action; a staff-network member signs it off."""

import subprocess
import sys

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_plan(server):
    env = {"PARITY_HOME": str(server["home"]), "PARITY_PASSWORD": "browser-test-password", "PATH": "/usr/bin:/bin"}
    cli = [sys.executable, "-m", "parity.cli"]
    subprocess.run(cli + ["add-user", "owner", "--role", "directorate_lead", "--directorate", "Adults and Health"],
                   env=env, check=True)
    subprocess.run(cli + ["add-user", "network-member", "--role", "staff_network"], env=env, check=True)
    from importlib import resources

    with resources.as_file(resources.files("parity.plans") / "demo" / "demo_plan.txt") as path:
        out = subprocess.run(cli + ["plan", "import", str(path)], env=env, check=True, capture_output=True,
                             text=True).stdout
    slug = out.split("'")[1]
    subprocess.run(cli + ["plan", "assign", slug, "--user", "owner", "--action", "2"], env=env, check=True)
    return slug


def test_owner_updates_and_the_network_signs_off(server, page, demo_plan):
    base = server["base"]
    sign_in(page, base, "owner")
    page.get_by_role("link", name="My actions").click()
    page.get_by_role("link", name="Publish appointment data by ethnicity every quarter").click()
    page.get_by_label("What has happened since the last update").fill("First quarter's data published on the intranet")
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Add update").click()
    assert page.get_by_text("Progress update added.").is_visible()
    assert page.locator("#status").inner_text() == "In progress"
    assert "First quarter's data published on the intranet" in page.content()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "network-member")
    page.goto(f"{base}/plans/{demo_plan}/")
    page.get_by_role("link", name="Publish appointment data by ethnicity every quarter").click()
    assert page.get_by_role("button", name="Add update").count() == 0  # not an owner
    page.get_by_role("button", name="Sign off this update").click()
    assert page.get_by_text("Update signed off.").is_visible()
    responses = page.locator(".parity-responses").inner_text()
    assert "Signed off by network-member" in responses
    page.screenshot(path=str(server["home"] / "action-signed-off.png"), full_page=True)


def test_a_viewer_reads_but_cannot_update(server, page, demo_plan):
    sign_in(page, server["base"], "viewer")
    page.goto(f"{server['base']}/plans/{demo_plan}/actions/2/")
    assert page.get_by_role("heading", name="Publish appointment data by ethnicity every quarter").is_visible()
    assert page.get_by_role("button", name="Add update").count() == 0
    assert page.get_by_role("button", name="Sign off this update").count() == 0
