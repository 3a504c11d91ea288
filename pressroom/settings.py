"""Pressroom settings, read from the environment.

Local default: DEBUG off unless DEBUG=1, an SQLite file and media under var/,
local-memory cache. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY and
ALLOWED_HOSTS; see the configuration table in README.md.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from pressroom.environment import check_environment

# Every variable read below is checked first (pressroom/environment.py): a
# value it does not accept stops the start, naming the variable and what it
# takes, before anything reads it.
check_environment(os.environ)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PRESSROOM_VAR_DIR", BASE_DIR / "var"))


def env_flag(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}.")


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def local_secret_key():
    """A key generated once per checkout, so DEBUG sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = env_flag("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set SECRET_KEY, "
            "or DEBUG=1 for local development."
        )
    SECRET_KEY = local_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "reversion",
    "django_tasks",
    "django_tasks_db",
    "articles",
]

# Background work (press kits) in the project's own database: no other server.
# `manage.py db_worker` runs the queue; `make run` starts one beside the server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The security headers come first, so they reach every response, the
# LocaleMiddleware's redirects and the error pages included.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pressroom.security.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stored public pages are answered here, before sessions or the database.
    "articles.page_cache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "pressroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "pressroom.wsgi.application"

# A persistent connection with a health check: a connection per request costs
# several-fold in throughput, and the check replaces a connection that a
# database restart broke instead of answering 500.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'pressroom.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Editors save at the same moment: with WAL, readers never wait for a
    # writer; IMMEDIATE transactions take the write lock when they begin (a
    # deferred one that upgrades later fails at once with "database is
    # locked"), and the busy timeout makes the second writer wait its turn.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
    # Tests with threads need a file every connection shares: an in-memory
    # test database has no WAL and is private to one connection.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-pressroom.sqlite3")}
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis (REDIS_URL) when several processes serve the site; otherwise each
# process has its own memory cache. Short timeouts: a Redis that does not
# answer makes the site slower, never unavailable (pressroom/cache.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT = 0.25
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "pressroom.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pressroom",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The whole-page cache of the public site (articles/page_cache; README:
# "Page cache"). PAGE_CACHE=0 turns it off. Its versions live in Redis when
# there is one, else in the database, so every process sees every change.
PAGE_CACHE = env_flag("PAGE_CACHE", True)
PAGE_CACHE_VERSIONS = "redis" if REDIS_URL else "database"
# Parts of pages kept the same way ({% kept %}), whatever PAGE_CACHE says.
PAGE_FRAGMENTS = True
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_PREFIX = "pages"
PAGE_CACHE_REDIS_TIMEOUT = REDIS_TIMEOUT
# A safety net, not the invalidation: versions and moments make a page stale.
PAGE_CACHE_SECONDS = 3600
# How long a CDN or reverse proxy may keep a public page before revalidating.
PAGE_CACHE_SHARED_SECONDS = 60

PASSWORD_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{PASSWORD_VALIDATION}.UserAttributeSimilarityValidator"},
    {"NAME": f"{PASSWORD_VALIDATION}.MinimumLengthValidator"},
    {"NAME": f"{PASSWORD_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{PASSWORD_VALIDATION}.NumericPasswordValidator"},
]

# Logins (README: "Logins and sessions"). django-axes records failed logins;
# an account from one address is locked after AXES_FAILURE_LIMIT failures, an
# address after PRESSROOM_LOGIN_FAILURES_PER_ADDRESS, each until the cool-off
# has passed since its last failure (articles/login_throttle.py). An account
# alone is never locked, so nobody elsewhere can lock an editor out.
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Forms posted after the session ended are kept (articles/kept_forms.py: after
# the CSRF and authentication middleware); axes answers lockouts, last.
MIDDLEWARE += [
    "articles.kept_forms.KeptFormsMiddleware",
    "axes.middleware.AxesMiddleware",
]
AXES_HANDLER = "articles.login_throttle.LoginThrottle"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = 5
PRESSROOM_LOGIN_FAILURES_PER_ADDRESS = 30
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_CALLABLE = "articles.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "articles.client.client_address"

# The client's address (articles/client.py): the connection's own unless
# TRUSTED_PROXY_COUNT says how many reverse proxies in front of the app append
# it to X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Sessions end after SESSION_IDLE_MINUTES without a request: every request
# saves the session, which starts the count again. Logging out deletes the
# session on the server (Django's logout flushes it).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "480")) * 60
SESSION_SAVE_EVERY_REQUEST = True

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["pressroom.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # modeltranslation's language tabs need jQuery UI: served from here, no CDN.
    "pressroom.staticfiles.JQueryUIFinder",
]
# Files a browser asks for at the site's root (/favicon.ico), from static/root/
# (the top level of the repository is fixed).
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Image files are sent only after articles.image_views has decided who may see
# them. With this set (production), Django answers with X-Accel-Redirect to
# this internal nginx location and nginx sends the file; empty, Django sends it.
MEDIA_ACCEL_PREFIX = os.environ.get("MEDIA_ACCEL_PREFIX", "")
# Uploads stream to disk, not a worker's memory, and stop being kept past 50 MB.
FILE_UPLOAD_HANDLERS = ["articles.imaging.uploads.LimitedUploadHandler"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# HTTPS: on by default when DEBUG is off; each switch can be turned off for a
# plain-HTTP setup behind a proxy that terminates TLS.
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_flag("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_flag("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0
)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
if env_flag("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp; pressroom.security picks the policy by
# path). The public site runs no script and loads nothing from elsewhere. The
# admin runs its own static scripts; its one inline <style> (Django's change
# list without action bars) is allowed by its hash, not by 'unsafe-inline'.
# No nonces: every response carries a fixed policy, so a cached page is safe.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [NONE],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
ADMIN_CHANGE_LIST_STYLE_HASH = "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='"
PRESSROOM_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, ADMIN_CHANGE_LIST_STYLE_HASH],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Mail (personal embargo links): sent through EMAIL_HOST when it is set;
# without it the admin does not offer "send by email" (MAIL_CONFIGURED).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "webmaster@localhost"
MAIL_CONFIGURED = bool(os.environ.get("EMAIL_HOST"))

# Error pages in the visitor's language, styled like the site (articles.errors).
CSRF_FAILURE_VIEW = "articles.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# modeltranslation
JQUERY_UI_URL = "jquery-ui/jquery-ui.min.js"
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# No silent fallback: pages decide explicitly what to show when a text is
# missing (a name falls back to its source language, body text never does).
MODELTRANSLATION_ENABLE_FALLBACKS = False

# pressroom
PRESSROOM_DEMO_EDITOR = "editor"
PRESSROOM_DEMO_TRANSLATOR = "translator-kk"
