"""A PostgreSQL database of the benchmark's own, on the server a URL names."""

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
