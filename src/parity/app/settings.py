"""Django settings for Parity.

Everything that varies by installation comes from the environment:

* ``PARITY_HOME``: the folder for the SQLite database, the secrets and uploads (default ``./var``);
* ``DATABASE_URL``: a PostgreSQL (or other) database; SQLite at ``$PARITY_HOME/parity.sqlite3`` if unset;
* ``PARITY_DEBUG``: ``1`` for Django's debug pages (never in production);
* ``PARITY_ALLOWED_HOSTS``: comma-separated host names (default ``127.0.0.1,localhost``);
* ``PARITY_PRODUCTION``: ``1`` when Parity is served over HTTPS behind a reverse proxy: cookies
  are sent over HTTPS only, browsers are told to use HTTPS (HSTS), plain http is redirected.

Sign-in and session protections (lockout, password policy, idle timeout, content security
policy, no-store on private pages) are on everywhere; only the HTTPS ones wait for
``PARITY_PRODUCTION``, so that ``make run`` still works over http://127.0.0.1. All of it is
described in docs/security.md (ADR 0010).

Secrets (Django's signing key and the identifier-hashing key) are generated on first run
into ``$PARITY_HOME`` and never committed.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PARITY_HOME = Path(os.environ.get("PARITY_HOME", Path.cwd() / "var")).resolve()
PARITY_HOME.mkdir(parents=True, exist_ok=True)
PARITY_IDENTIFIER_SECRET_FILE = PARITY_HOME / "secret.key"
PARITY_UPLOAD_DIR = PARITY_HOME / "uploads"


def _django_secret() -> str:
    path = PARITY_HOME / "django-secret.key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _django_secret()
DEBUG = os.environ.get("PARITY_DEBUG") == "1"
PARITY_PRODUCTION = os.environ.get("PARITY_PRODUCTION") == "1"
if PARITY_PRODUCTION and DEBUG:
    raise ImproperlyConfigured("PARITY_DEBUG=1 shows stack traces and settings to anyone: "
                               "it cannot be combined with PARITY_PRODUCTION=1")
ALLOWED_HOSTS = os.environ.get("PARITY_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "parity.app.accounts",
    "parity.app.audit",
    "parity.app.workforce",
    "parity.app.measures",
    "parity.app.plans",
    "parity.app.dashboards",
    "parity.app.surveys",
    "parity.app.listening",
    "parity.app.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "parity.app.session_lifetime.SessionLifetimeMiddleware",
    "parity.app.private_responses.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "parity.app.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [BASE_DIR / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "parity.app.accounts.roles.navigation",
    ]},
}]
WSGI_APPLICATION = "parity.app.wsgi.application"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {"default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": PARITY_HOME / "parity.sqlite3",
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        "TEST": {"NAME": PARITY_HOME / "test-parity.sqlite3"},
    }}

AUTH_USER_MODEL = "accounts.User"
# The password policy: the sign-in page, the admin and `parity add-user` all apply it.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (django-axes): five wrong passwords for one username from one address lock
# that pair out for 15 minutes; an administrator can lift it (`parity manage axes_reset_username`).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PARITY_HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WHITENOISE_USE_FINDERS = True
X_FRAME_OPTIONS = "DENY"

# Sessions: signed out after 30 minutes without a request (the expiry slides with each request)
# and after 10 hours however busy (session_lifetime.py), so a session outlives no working day.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
PARITY_SESSION_ABSOLUTE_LIFETIME = timedelta(hours=10)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

# Content security policy (django-csp): scripts, styles, images and fonts from Parity itself only;
# no inline script or style, no eval (the charts use vega-embed's expression interpreter).
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [NONE],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}}

# HTTPS: on with PARITY_PRODUCTION=1 (the reverse proxy in front terminates TLS and sets
# X-Forwarded-Proto); off for `make run`, which serves plain http on 127.0.0.1.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PARITY_PRODUCTION
SECURE_SSL_REDIRECT = PARITY_PRODUCTION
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if PARITY_PRODUCTION else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PARITY_PRODUCTION else None
if PARITY_PRODUCTION:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Imports and recomputes are tasks in a queue kept in the database (django-tasks with its
# database backend), run by `parity worker`, which `parity serve` starts (ADR 0011); tests may
# run them inline, in the caller.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PARITY_JOBS_INLINE = os.environ.get("PARITY_JOBS_INLINE") == "1"

# Emails (``notifications``): Django's mail backend, the console (the server's output) unless
# PARITY_EMAIL_BACKEND names another, e.g. django.core.mail.backends.smtp.EmailBackend with
# EMAIL_HOST / EMAIL_PORT / EMAIL_HOST_USER / EMAIL_HOST_PASSWORD / EMAIL_USE_TLS in the
# environment. PARITY_BASE_URL is the address the emails' links start with.
EMAIL_BACKEND = os.environ.get("PARITY_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("PARITY_FROM_EMAIL", "parity@localhost")
PARITY_BASE_URL = os.environ.get("PARITY_BASE_URL", "http://127.0.0.1:8000")
