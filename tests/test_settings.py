import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

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
