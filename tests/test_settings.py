import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from pressroom.environment import VARIABLES, problems

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-9f8e7d6c5b4a3210",
    "ALLOWED_HOSTS": "press.example.org",
}


def manage(*args, env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "SESSION_", "CSRF_", "DEBUG", "SECRET_KEY"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env={**PRODUCTION, "PRESSROOM_VAR_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_plain_http_behind_a_proxy_can_switch_https_off(tmp_path):
    result = manage(
        "check", "--deploy",
        env={**PRODUCTION, "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0",
             "PRESSROOM_VAR_DIR": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0
    assert "security.W008" in result.stderr + result.stdout
    assert "security.W004" in result.stderr + result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {**PRODUCTION, "SECRET_KEY": "", "PRESSROOM_VAR_DIR": str(tmp_path)}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_a_bad_switch_value_is_refused_clearly(tmp_path):
    env = {
        **PRODUCTION,
        "SECURE_SSL_REDIRECT": "maybe",
        "PRESSROOM_VAR_DIR": str(tmp_path),
    }
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT must be 0 or 1" in result.stderr


def test_database_matches_database_url():
    """A PostgreSQL run must not silently fall back to SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres", "postgresql")) else "sqlite"
    assert connection.vendor == expected


def test_connections_persist_with_health_checks(tmp_path):
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    env = {**PRODUCTION, "PRESSROOM_VAR_DIR": str(tmp_path)}
    clean = {k: v for k, v in os.environ.items() if k != "CONN_MAX_AGE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["60", "True"], result.stderr


def test_four_languages_english_first():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "ru", "kk", "es"]
    assert settings.LANGUAGE_CODE == "en"


# Every variable with values it must refuse at start, naming itself (section 6
# of issue #12: a bare ValueError said nothing about which one was wrong).
BAD_VALUES = [
    ("DEBUG", "maybe"),
    ("ALLOWED_HOSTS", "https://press.example.org"),
    ("ALLOWED_HOSTS", "press.example.org:443"),
    ("CSRF_TRUSTED_ORIGINS", "press.example.org"),
    ("CSRF_TRUSTED_ORIGINS", "https://press.example.org/admin/"),
    ("DATABASE_URL", "mysql://db/pressroom"),
    ("DATABASE_URL", "postgres://db:fivefourthreetwo/pressroom"),
    ("DATABASE_URL", "postgres://db:5432/"),
    ("DATABASE_URL", "pressroom.sqlite3"),
    ("CONN_MAX_AGE", "sixty"),
    ("CONN_MAX_AGE", "-1"),
    ("CONN_MAX_AGE", ""),
    ("REDIS_URL", "http://cache:6379/0"),
    ("REDIS_URL", "redis://"),
    ("MEDIA_ROOT", "media"),
    ("STATIC_ROOT", ""),
    ("PRESSROOM_VAR_DIR", "var"),
    ("SECURE_SSL_REDIRECT", "maybe"),
    ("SESSION_COOKIE_SECURE", "2"),
    ("CSRF_COOKIE_SECURE", "secure"),
    ("SECURE_HSTS_SECONDS", "1y"),
    ("SECURE_HSTS_SECONDS", "-5"),
    ("SECURE_HSTS_SECONDS", "3.5"),
    ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "all"),
    ("SECURE_HSTS_PRELOAD", "please"),
    ("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto"),
    ("TIME_ZONE", "Mars/Olympus_Mons"),
    ("TIME_ZONE", "../../etc/passwd"),
    ("TIME_ZONE", ""),
    ("LOG_LEVEL", "loud"),
    ("LOG_LEVEL", ""),
    ("TRUSTED_PROXY_COUNT", "yes"),
    ("TRUSTED_PROXY_COUNT", "-1"),
    ("TRUSTED_PROXY_COUNT", "6"),
    ("SESSION_IDLE_MINUTES", "8h"),
    ("SESSION_IDLE_MINUTES", "0"),
    ("SESSION_IDLE_MINUTES", "100000"),
]


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
def test_a_bad_value_stops_the_start_naming_the_variable(tmp_path, name, value):
    env = {**PRODUCTION, "PRESSROOM_VAR_DIR": str(tmp_path / "var"), name: value}
    result = manage("check", env=env)
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()
    assert "ImproperlyConfigured: The environment has values" in "\n".join(message)
    assert any(line.strip().startswith(f"{name} must be ") for line in message), (
        result.stderr
    )
    assert "ValueError" not in result.stderr


def test_a_file_where_a_folder_belongs_is_refused(tmp_path):
    media = tmp_path / "media"
    media.write_text("not a folder")
    env = {**PRODUCTION, "PRESSROOM_VAR_DIR": str(tmp_path), "MEDIA_ROOT": str(media)}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"MEDIA_ROOT must be an absolute path to a folder ({media} exists" in (
        result.stderr
    )


def test_every_wrong_variable_is_named_at_once_and_secrets_are_not_repeated(
    tmp_path,
):
    env = {
        **PRODUCTION,
        "PRESSROOM_VAR_DIR": str(tmp_path),
        "CONN_MAX_AGE": "forever",
        "SECURE_HSTS_SECONDS": "a year",
        "DATABASE_URL": "mysql://pressroom:hunter2-secret@db/pressroom",
    }
    result = manage("check", env=env)
    assert result.returncode != 0
    for name in ("CONN_MAX_AGE", "SECURE_HSTS_SECONDS", "DATABASE_URL"):
        assert f"{name} must be " in result.stderr
    assert "hunter2" not in result.stderr


GOOD_VALUES = {
    "ALLOWED_HOSTS": "press.example.org,.example.org,127.0.0.1,[::1]",
    "CSRF_TRUSTED_ORIGINS": "https://press.example.org,https://*.example.org:8443",
    "DATABASE_URL": "postgres://pressroom:secret@db.internal:5432/pressroom",
    "CONN_MAX_AGE": "0",
    "REDIS_URL": "rediss://:secret@cache.internal:6380/1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_PROXY_SSL_HEADER": "1",
    "TIME_ZONE": "Asia/Almaty",
    "LOG_LEVEL": "INFO",
}


def test_good_values_pass():
    assert problems(GOOD_VALUES) == []
    assert problems({"DATABASE_URL": "sqlite:////srv/pressroom/db.sqlite3"}) == []
    assert problems({"DATABASE_URL": "postgres:///pressroom"}) == []  # socket
    assert problems({"REDIS_URL": "unix:///run/redis.sock"}) == []
    # Empty means unset where the setting gives emptiness a meaning.
    assert problems(dict.fromkeys(("DEBUG", "DATABASE_URL", "REDIS_URL"), "")) == []


def configuration_table():
    """The variable names in README.md's configuration table."""
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n\n| variable |", 1)[1]
    rows = table.split("\n\n", 1)[0].splitlines()[2:]
    return {
        name for row in rows for name in re.findall(r"`([A-Z_]+)`", row.split("|")[1])
    }


def test_the_readme_table_lists_exactly_the_checked_variables():
    assert configuration_table() == set(VARIABLES)


def test_settings_read_only_checked_variables():
    source = (ROOT / "pressroom" / "settings.py").read_text()
    read = set(
        re.findall(r"""(?:environ\.get|environ\[|env_\w+)\(?\s*["']([A-Z_]+)""", source)
    )
    assert read
    assert read <= set(VARIABLES), read - set(VARIABLES)
