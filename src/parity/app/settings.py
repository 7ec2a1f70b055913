"""Django settings for Parity.

Everything that varies by installation comes from the environment:

* ``PARITY_HOME``: the folder for the SQLite database, the secrets and uploads (default ``./var``);
* ``DATABASE_URL``: a PostgreSQL (or other) database; SQLite at ``$PARITY_HOME/parity.sqlite3`` if unset;
* ``PARITY_DEBUG``: ``1`` for Django's debug pages (never in production);
* ``PARITY_ALLOWED_HOSTS``: comma-separated host names (default ``127.0.0.1,localhost``).

Secrets (Django's signing key and the identifier-hashing key) are generated on first run
into ``$PARITY_HOME`` and never committed.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

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
ALLOWED_HOSTS = os.environ.get("PARITY_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "parity.app.accounts",
    "parity.app.audit",
    "parity.app.workforce",
    "parity.app.measures",
    "parity.app.plans",
    "parity.app.dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
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
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Import jobs run off the request in a background thread; tests may run them inline.
PARITY_JOBS_INLINE = os.environ.get("PARITY_JOBS_INLINE") == "1"
