"""Sign-in and sessions (issue 11, point 7): lockout, the password policy, session lifetimes, the
content security policy, no-store on private responses, and the production (HTTPS) setting."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from parity.app.accounts.models import User
from parity.app.audit.models import AuditEvent
from parity.app.session_lifetime import SIGNED_IN_AT
from parity.cli import main

PASSWORD = "a-long-test-password"  # tests/conftest.py: every fixture user's password

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "parity" / "app" / "templates"
STATIC_JS = TEMPLATES.parent / "static" / "js"
LOGIN = "/accounts/login/"


def sign_in(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


# --- throttling and lockout (django-axes) ---------------------------------------------------------

def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, users, settings):
    for _ in range(30):
        assert sign_in(client, "analyst", "wrong-password-guess").status_code in (200, 429)
    response = sign_in(client, "analyst", PASSWORD)
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert f"for {int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)} minutes" in response.content.decode()
    assert not signed_in(client)


def test_the_lockout_starts_at_the_failure_limit(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "analyst", "wrong-password-guess").status_code == 200
    assert sign_in(client, "analyst", PASSWORD).status_code == 302  # the right one, in time: accepted
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "analyst", "wrong-password-guess")
    assert sign_in(client, "analyst", PASSWORD).status_code == 429


def test_a_locked_username_does_not_lock_another(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "analyst", "wrong-password-guess")
    assert sign_in(client, "viewer", PASSWORD).status_code == 302


def test_an_administrator_lifts_the_lockout(client, users, settings, capsys):
    from django.core.management import call_command

    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "analyst", "wrong-password-guess")
    assert sign_in(client, "analyst", PASSWORD).status_code == 429
    call_command("axes_reset_username", "analyst")  # `parity manage axes_reset_username analyst`
    assert sign_in(client, "analyst", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(client, users, settings):
    admin = users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "admin", "password": "wrong-password-guess"})
    response = client.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 429


# --- the password policy --------------------------------------------------------------------------

@pytest.mark.parametrize("password, reason", [
    ("a", "at least 12 characters"),
    ("password1234", "too common"),
    ("8142957360451", "entirely numeric"),
    ("newcomer2025!", "too similar to the username"),
])
def test_add_user_refuses_a_weak_password(password, reason, monkeypatch, capsys):
    monkeypatch.setenv("PARITY_PASSWORD", password)
    assert main(["add-user", "newcomer", "--role", "viewer"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("parity: password refused:") and reason in err and "Traceback" not in err
    assert not User.objects.filter(username="newcomer").exists()


def test_add_user_accepts_a_good_password(monkeypatch, capsys):
    monkeypatch.setenv("PARITY_PASSWORD", "correct horse battery staple")
    assert main(["add-user", "newcomer", "--role", "viewer"]) == 0
    assert User.objects.get(username="newcomer").check_password("correct horse battery staple")


def test_the_demo_and_test_passwords_pass_the_policy():
    from parity.app.accounts.services import check_password_policy
    from parity.cli import DEMO_PASSWORD, DEMO_USERS

    for username, _, _ in DEMO_USERS:
        check_password_policy(DEMO_PASSWORD, username)
    check_password_policy(PASSWORD, "analyst")


# --- sessions: idle timeout, absolute lifetime, cookies --------------------------------------------

def test_the_session_cookie_is_short_lived_httponly_and_samesite(client, users, settings):
    response = sign_in(client, "viewer", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 30 * 60 == settings.SESSION_COOKIE_AGE
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # plain http for `make run`; PARITY_PRODUCTION=1 makes it Secure


def test_the_idle_timeout_slides_with_each_request(client, users):
    sign_in(client, "viewer", PASSWORD)
    session = Session.objects.get()
    first_expiry = session.expire_date
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get("/").status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=29)
    assert abs((Session.objects.get().expire_date - first_expiry).total_seconds()) < 60


def test_an_idle_session_has_ended(client, users):
    sign_in(client, "viewer", PASSWORD)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))  # 30 minutes idle
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_busy_session_ends_after_its_absolute_lifetime(client, users, settings):
    sign_in(client, "viewer", PASSWORD)
    assert client.get("/").status_code == 200
    assert settings.PARITY_SESSION_ABSOLUTE_LIFETIME < timedelta(days=1)
    session = client.session
    session[SIGNED_IN_AT] = time.time() - settings.PARITY_SESSION_ABSOLUTE_LIFETIME.total_seconds() - 1
    session.save()
    response = client.get("/plans/")
    assert response.status_code == 302 and response["Location"] == f"{LOGIN}?next=/plans/"
    assert not signed_in(client)


def test_a_deactivated_user_is_signed_out_on_their_next_request(client, users):
    from parity.app.accounts.services import deactivate

    sign_in(client, "viewer", PASSWORD)
    deactivate(users["viewer"], by="test")
    assert not signed_in(client)
    assert sign_in(client, "viewer", PASSWORD).status_code == 200  # the form again: refused


# --- content security policy ----------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style|\sstyle\s*=", re.I)


def inline_code(html: str) -> list[str]:
    return [m.group(0) for pattern in (INLINE_SCRIPT, INLINE_HANDLER, INLINE_STYLE) for m in pattern.finditer(html)]


# Documents rendered to a file, never served as a page: a report's HTML is self-contained (its
# style inline) and only ever downloaded as an attachment (test_reports checks the header).
FILE_TEMPLATES = {"reports/report.html"}


def test_no_template_has_inline_script_handlers_or_styles():
    found = {str(path.relative_to(TEMPLATES)): inline_code(path.read_text("utf-8"))
             for path in TEMPLATES.rglob("*.html")}
    assert {name: code for name, code in found.items() if code and name not in FILE_TEMPLATES} == {}
    assert not any(INLINE_SCRIPT.search((TEMPLATES / name).read_text("utf-8")) for name in FILE_TEMPLATES)


def test_our_javascript_does_not_eval_or_write_html():
    for path in STATIC_JS.glob("*.*js"):
        text = path.read_text("utf-8")
        assert not re.search(r"\beval\(|new Function|innerHTML|document\.write", text), path.name


def test_the_inline_check_can_fail():
    assert inline_code('<p onclick="x()">') and inline_code("<script>x()</script>")
    assert inline_code('<div style="color: red">') and not inline_code('<script src="/static/a.js"></script>')
    assert not inline_code('<script id="c" type="application/json">{}</script>')


@pytest.mark.parametrize("url", [LOGIN, "/public/", "/admin/login/"])
def test_every_page_sends_the_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def test_rendered_pages_have_no_inline_script(client, users, figures):
    client.force_login(users["analyst"])
    for url in ("/", "/dashboard/", "/dashboard/representation/", "/data/", "/data/records/", "/plans/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


# --- no-store on private responses ----------------------------------------------------------------

def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_record_level_pages_and_downloads_are_never_stored(client, users, figures):
    client.force_login(users["analyst"])
    for url in ("/data/records/", "/data/", "/dashboard/", "/dashboard/tables/workforce.declaration_rate.csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response) and "private" in response["Cache-Control"], url
    client.force_login(users["admin"])
    assert no_store(client.get("/audit/"))


def test_a_download_is_never_stored_even_for_the_public(client):
    from django.http import HttpResponse

    from parity.app.private_responses import NoStoreMiddleware

    class Anonymous:
        is_authenticated = False

    def download(request):
        response = HttpResponse("a,b\n", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="x.csv"'
        return response

    request = type("Request", (), {"user": Anonymous()})()
    assert no_store(NoStoreMiddleware(download)(request))
    assert not no_store(NoStoreMiddleware(lambda r: HttpResponse("page"))(request))


def test_public_pages_keep_ordinary_caching(client):
    assert not no_store(client.get("/public/"))


# --- the Django admin ------------------------------------------------------------------------------

def test_the_admin_deactivates_instead_of_deleting(client, users):
    admin = users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    viewer = users["viewer"]
    change = client.get(f"/admin/accounts/user/{viewer.pk}/change/")
    assert change.status_code == 200 and "/delete/" not in change.content.decode()
    assert no_store(change) and "script-src 'self'" in change["Content-Security-Policy"]
    assert client.get(f"/admin/accounts/user/{viewer.pk}/delete/").status_code == 403
    listing = client.get("/admin/accounts/user/").content.decode()
    assert "delete_selected" not in listing and "deactivate_selected" in listing
    response = client.post("/admin/accounts/user/", {"action": "deactivate_selected", "_selected_action": [viewer.pk]})
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert not viewer.is_active and User.objects.filter(pk=viewer.pk).exists()
    event = AuditEvent.objects.get(action="deactivate")
    assert event.target == "user:viewer" and event.actor == admin


# --- the production setting (a fresh process: settings are read once) -------------------------------

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
plain = client.get("/accounts/login/")
secure = client.get("/accounts/login/", secure=True)
print(json.dumps({
    "plain_status": plain.status_code, "plain_location": plain.get("Location", ""),
    "hsts": secure.get("Strict-Transport-Security", ""),
    "csrf_cookie_secure": bool(secure.cookies["csrftoken"]["secure"]) if "csrftoken" in secure.cookies else None,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csp": secure.get("Content-Security-Policy", ""),
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
}))
"""


def probe(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PARITY_") and k != "DATABASE_URL"}
    environment.update(PARITY_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="parity.app.settings", **env)
    return subprocess.run([sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True,
                          timeout=120)


def test_production_turns_on_https_only_cookies_hsts_and_redirects(tmp_path):
    result = probe(tmp_path, PARITY_PRODUCTION="1")
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["plain_status"] == 301 and seen["plain_location"].startswith("https://")
    assert seen["hsts"].startswith("max-age=31536000")
    assert seen["csrf_cookie_secure"] is True and seen["session_cookie_secure"] is True
    assert "upgrade-insecure-requests" in seen["csp"]
    assert seen["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_without_production_plain_http_works(tmp_path):
    result = probe(tmp_path)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["plain_status"] == 200 and seen["hsts"] == ""
    assert seen["csrf_cookie_secure"] is False and seen["session_cookie_secure"] is False


def test_debug_cannot_be_combined_with_production(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PARITY_") and k != "DATABASE_URL"}
    environment.update(PARITY_HOME=str(tmp_path), PARITY_PRODUCTION="1", PARITY_DEBUG="1")
    result = subprocess.run([sys.executable, "-m", "parity.cli", "serve"], env=environment, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert "cannot be combined with PARITY_PRODUCTION" in result.stderr and "Traceback" not in result.stderr


# --- the documentation says what the settings are ---------------------------------------------------

def test_docs_security_states_every_setting(settings):
    text = (TEMPLATES.parents[3] / "docs" / "security.md").read_text("utf-8")
    minimum = next(v["OPTIONS"]["min_length"] for v in settings.AUTH_PASSWORD_VALIDATORS if "OPTIONS" in v)
    for fact in (f"**{settings.AXES_FAILURE_LIMIT} wrong passwords**",
                 f"**{int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)} minutes**",
                 f"**{minimum} characters**", f"**{settings.SESSION_COOKIE_AGE // 60} minutes**",
                 f"**{int(settings.PARITY_SESSION_ABSOLUTE_LIFETIME.total_seconds() // 3600)} hours**",
                 "PARITY_PRODUCTION=1", "max-age=31536000", "parity deactivate-user", "quick_check"):
        assert fact in text, fact
