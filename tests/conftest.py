"""Shared fixtures: a small synthetic council on disk, and one user per role."""

from __future__ import annotations

import pytest

from parity.synthetic_council import write_council

PASSWORD = "a-long-test-password"
ROLES = ("admin", "analyst", "directorate_lead", "staff_network", "viewer")


@pytest.fixture(scope="session")
def small_council(tmp_path_factory):
    """A small synthetic council (600 staff, 2 snapshots), written once per test session."""
    folder = tmp_path_factory.mktemp("council")
    write_council(folder, staff=600, years=2, seed=7)
    (folder / "SYNTHETIC-DATA.txt").unlink()
    return folder


@pytest.fixture
def users(db):
    from parity.app.accounts.services import create_user

    return {role: create_user(role.replace("_", "-"), PASSWORD, role,
                              "Adults and Health" if role == "directorate_lead" else "")
            for role in ROLES}


@pytest.fixture
def login(client, users):
    def as_role(role: str):
        client.force_login(users[role])
        return client
    return as_role


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
