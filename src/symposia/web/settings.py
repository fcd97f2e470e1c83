"""Django settings, read from environment variables (see ``symposia.web.conf``).

Safe defaults: DEBUG off, SQLite under the data directory, a secret key that
is generated once per installation rather than hard-coded.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from symposia.web import conf

BASE_DIR = Path(__file__).resolve().parent
TESTING = "pytest" in sys.modules or os.environ.get("SYMPOSIA_TESTING") == "1"
if TESTING:
    if "SYMPOSIA_DATA_DIR" not in os.environ:
        # Tests never touch a developer's ./var: each run gets a fresh data directory.
        import tempfile

        os.environ["SYMPOSIA_DATA_DIR"] = tempfile.mkdtemp(prefix="symposia-test-")
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if _worker and os.path.basename(os.environ["SYMPOSIA_DATA_DIR"]) != _worker:
        # Parallel workers inherit one directory; files in it (page-cache versions,
        # caches) must not be shared between workers' independent test databases.
        os.environ["SYMPOSIA_DATA_DIR"] = os.path.join(os.environ["SYMPOSIA_DATA_DIR"], _worker)
DATA_DIR = conf.data_dir()

SECRET_KEY = conf.secret_key()
DEBUG = conf.env_bool("SYMPOSIA_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in conf.env("SYMPOSIA_ALLOWED_HOSTS").split(",") if h.strip()]
SITE_URL = conf.env("SYMPOSIA_SITE_URL").rstrip("/")
SITE_NAME = conf.env("SYMPOSIA_SITE_NAME")
SYMPOSIA_EMBEDDER = conf.env("SYMPOSIA_EMBEDDER")
SYMPOSIA_MIN_RESOLVED = int(conf.env("SYMPOSIA_MIN_RESOLVED"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "symposia.web.publishing",
    "symposia.web.panel",
    "symposia.web.takes",
    "symposia.web.synthesis",
    "symposia.web.forecasts",
    "symposia.web.api",
    "symposia.web.editorial",
    "symposia.web.delphi",
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
    "symposia.web.api.middleware.JsonErrorsMiddleware",
]

ROOT_URLCONF = "symposia.web.urls"
WSGI_APPLICATION = "symposia.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "symposia.web.publishing.context.site",
            ],
        },
    }
]

DATABASES = {"default": conf.database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Fast hashing keeps the test suite quick; production uses argon2 above.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serve app static files straight from the package when collectstatic has not run.
WHITENOISE_USE_FINDERS = True

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "symposia",
    }
}

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email = conf.env("SYMPOSIA_EMAIL_BACKEND")
if _email not in _EMAIL_BACKENDS:
    from symposia.errors import ConfigError

    raise ConfigError(
        f"SYMPOSIA_EMAIL_BACKEND={_email!r} is unknown", f"use one of {', '.join(_EMAIL_BACKENDS)}"
    )
EMAIL_BACKEND = _EMAIL_BACKENDS[_email]
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = conf.env("SYMPOSIA_EMAIL_HOST")
EMAIL_PORT = int(conf.env("SYMPOSIA_EMAIL_PORT"))
DEFAULT_FROM_EMAIL = conf.env("SYMPOSIA_EMAIL_FROM")
EMAIL_HOST_USER = conf.env("SYMPOSIA_EMAIL_USER")
EMAIL_HOST_PASSWORD = conf.env("SYMPOSIA_EMAIL_PASSWORD")
EMAIL_USE_TLS = conf.env_bool("SYMPOSIA_EMAIL_USE_TLS")
EMAIL_TIMEOUT = conf.env_int("SYMPOSIA_EMAIL_TIMEOUT", minimum=1)
SYMPOSIA_EMAIL_ATTEMPTS = conf.env_int("SYMPOSIA_EMAIL_ATTEMPTS", minimum=1)
SYMPOSIA_REMINDER_DAYS = conf.env_days("SYMPOSIA_REMINDER_DAYS")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
LOGIN_URL = "/editor/login/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
