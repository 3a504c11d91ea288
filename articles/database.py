"""PostgreSQL arrays written without a callback per quotation mark.

Django's ``bulk_create`` sends each column to PostgreSQL as one array
(``UNNEST``), and psycopg escapes every ``"`` and ``\\`` of an array's text
with a regular-expression substitution that runs Python code per match:
about a microsecond each. A paragraph of 20,000 quotation marks is legitimate
text, and 2 MiB of them (with the revision's JSON copy, whose ``\\"`` doubles
them) took 12 seconds to insert. ``str.replace`` does the same escaping in C.
"""

import functools


class ArrayEscape:
    """What ``ListDumper`` asks of its ``_re_esc``: backslash ``"`` and ``\\``."""

    def sub(self, _replacement, data):
        return bytes(data).replace(b"\\", b"\\\\").replace(b'"', b'\\"')


@functools.cache
def quick_list_dumper():
    """The dumper class, made on the first PostgreSQL connection: psycopg
    (several MiB with libpq) is not imported by a process on SQLite."""
    from psycopg.types.array import ListDumper

    class QuickListDumper(ListDumper):
        _re_esc = ArrayEscape()

    return QuickListDumper


def quick_arrays(sender, connection, **kwargs):
    """On each new PostgreSQL connection (``connection_created``)."""
    if connection.vendor == "postgresql":
        connection.connection.adapters.register_dumper(list, quick_list_dumper())
