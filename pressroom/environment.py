"""What each environment variable accepts, checked before the settings read any.

A value that is not accepted stops the start with ``ImproperlyConfigured``
naming every variable that is wrong and what it takes, instead of a bare
``ValueError`` from deep inside the settings. README.md's configuration table
lists the same variables and says the same (a test keeps the two in step).
"""

import re
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

FLAG_VALUES = {"1", "true", "yes", "on", "0", "false", "no", "off"}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql")
REDIS_SCHEMES = ("redis", "rediss", "unix")
WHOLE_NUMBER = re.compile(r"[0-9]{1,12}")
# A host name or address as Django's ALLOWED_HOSTS takes it: a leading dot
# matches subdomains, "*" any host; IPv6 in brackets; no scheme, port or path.
HOST = re.compile(r"\*|\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\]")
ORIGIN = re.compile(
    r"https?://(\*\.)?([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:[0-9]+)?"
)


class Refused(Exception):
    """The value is not accepted; ``detail`` says why when that helps."""

    def __init__(self, detail=""):
        super().__init__(detail)
        self.detail = detail


def flag(value):
    if value and value.lower() not in FLAG_VALUES:
        raise Refused


def anything(value):
    """Any text; what an empty value means is the setting's business."""


def whole_number(minimum, maximum):
    def check(value):
        if not WHOLE_NUMBER.fullmatch(value) or not minimum <= int(value) <= maximum:
            raise Refused

    return check


def comma_separated(pattern, example):
    def check(value):
        for item in (part.strip() for part in value.split(",")):
            if item and not pattern.fullmatch(item):
                raise Refused(f"{item!r} is not {example}")

    return check


def folder(value):
    path = Path(value)
    if "\0" in value or not path.is_absolute():
        raise Refused
    if path.exists() and not path.is_dir():
        raise Refused(f"{value} exists and is not a folder")


def url_parts(value, schemes, names):
    """The URL's parts, once its port reads as a number and its scheme is known."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError as error:
        raise Refused(str(error)) from None
    if parts.scheme not in schemes:
        raise Refused(f"the scheme {parts.scheme!r} is not one of {names}")
    return parts


def database_url(value):
    if not value:
        return
    parts = url_parts(value, DATABASE_SCHEMES, "sqlite, postgres")
    if not parts.path.strip("/"):
        raise Refused("it names no database")
    try:
        dj_database_url.parse(value)
    except Exception:  # its messages may repeat the URL, password included
        raise Refused("it could not be read") from None


def redis_url(value):
    if not value:
        return
    parts = url_parts(value, REDIS_SCHEMES, "redis, rediss, unix")
    if parts.scheme == "unix" and not parts.path:
        raise Refused("it names no socket")
    if parts.scheme != "unix" and not parts.hostname:
        raise Refused("it names no host")


def host_name(value):
    if value and (value == "*" or not HOST.fullmatch(value)):
        raise Refused


def internal_location(value):
    if value and not re.fullmatch(r"(/[A-Za-z0-9_-]+)+/", value):
        raise Refused("it must start and end with / (e.g. /protected-media/)")


def time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise Refused from None


def log_level(value):
    if value not in LOG_LEVELS:
        raise Refused


FLAG = ("0 or 1", flag)
FOLDER = ("an absolute path to a folder", folder)

# Every variable pressroom/settings.py reads, with what it accepts. The values
# that are secret (the key, URLs with passwords) are never repeated back.
VARIABLES = {
    "DEBUG": FLAG,
    "SECRET_KEY": ("any text (long and random in production)", anything),
    "ALLOWED_HOSTS": (
        "comma-separated host names or addresses, without scheme or port "
        "(e.g. press.example.org,.example.org)",
        comma_separated(HOST, "a host name"),
    ),
    "CSRF_TRUSTED_ORIGINS": (
        "comma-separated origins with their scheme (e.g. https://press.example.org)",
        comma_separated(ORIGIN, "an origin like https://press.example.org"),
    ),
    "DATABASE_URL": (
        "an sqlite:///PATH or postgres://USER:PASSWORD@HOST:PORT/NAME URL",
        database_url,
    ),
    "CONN_MAX_AGE": ("a whole number of seconds, 0 or more", whole_number(0, 10**9)),
    "REDIS_URL": (
        "a redis://HOST:PORT/DB, rediss://… or unix://PATH URL",
        redis_url,
    ),
    "PAGE_CACHE": FLAG,
    "MEDIA_ROOT": FOLDER,
    "MEDIA_ACCEL_PREFIX": (
        "an internal nginx location such as /protected-media/, or empty for "
        "Django to send image files itself",
        internal_location,
    ),
    "STATIC_ROOT": FOLDER,
    "PRESSROOM_VAR_DIR": FOLDER,
    "SECURE_SSL_REDIRECT": FLAG,
    "SESSION_COOKIE_SECURE": FLAG,
    "CSRF_COOKIE_SECURE": FLAG,
    "SECURE_HSTS_SECONDS": (
        "a whole number of seconds, 0 or more",
        whole_number(0, 10**9),
    ),
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": FLAG,
    "SECURE_HSTS_PRELOAD": FLAG,
    "SECURE_PROXY_SSL_HEADER": FLAG,
    "TIME_ZONE": ("a time zone name such as UTC or Asia/Almaty", time_zone),
    "LOG_LEVEL": ("one of " + ", ".join(LOG_LEVELS), log_level),
    "TRUSTED_PROXY_COUNT": (
        "a whole number from 0 (no proxy) to 5",
        whole_number(0, 5),
    ),
    "SESSION_IDLE_MINUTES": (
        "a whole number of minutes from 1 to 43200 (30 days)",
        whole_number(1, 43200),
    ),
    "EMAIL_HOST": (
        "a mail server's host name, or empty for no mail",
        host_name,
    ),
    "EMAIL_PORT": ("a port number from 1 to 65535", whole_number(1, 65535)),
    "EMAIL_HOST_USER": ("any text", anything),
    "EMAIL_HOST_PASSWORD": ("any text", anything),
    "EMAIL_USE_TLS": FLAG,
    "DEFAULT_FROM_EMAIL": (
        "an address such as press@example.org or Press <press@example.org>",
        anything,
    ),
}
SECRET = {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST_PASSWORD"}


def problems(environ):
    """One sentence per variable whose value is not accepted."""
    found = []
    for name, (accepts, check) in VARIABLES.items():
        value = environ.get(name)
        if value is None:
            continue
        try:
            check(value)
        except Refused as refusal:
            if refusal.detail:
                why = f" ({refusal.detail})"
            else:
                why = "" if name in SECRET else f", not {value!r}"
            found.append(f"{name} must be {accepts}{why}.")
    return found


def check_environment(environ):
    found = problems(environ)
    if found:
        lines = "".join(f"\n  {problem}" for problem in found)
        raise ImproperlyConfigured(
            "The environment has values the site cannot use (README.md, "
            f"Configuration, says what each variable accepts):{lines}"
        )
