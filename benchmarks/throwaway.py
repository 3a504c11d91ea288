"""What the benchmarks that start servers share: a PostgreSQL database of
their own, and the settings of a deployed site over plain HTTP."""

import urllib.parse
from contextlib import contextmanager


@contextmanager
def postgres_database(url, name):
    """Create ``name`` on the server of ``url``; yield (label, its URL); drop
    it at the end, even on failure (connections still open are ended)."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    parts = urllib.parse.urlsplit(url)
    maintenance = make_conninfo(url, dbname="postgres")
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield (
            f"postgresql ({name})",
            urllib.parse.urlunsplit(parts._replace(path="/" + name)),
        )
    finally:
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )


def plain_http_site(var_dir):
    """Environment of a site as deployed (DEBUG off) but over plain HTTP on
    loopback, with all its state in ``var_dir``."""
    return {
        "DJANGO_SETTINGS_MODULE": "pressroom.settings",
        "PRESSROOM_VAR_DIR": str(var_dir),
        "MEDIA_ROOT": str(var_dir / "media"),
        "STATIC_ROOT": str(var_dir / "static"),
        "SECRET_KEY": "benchmarks-only-" + "x" * 50,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "WARNING",
    }
