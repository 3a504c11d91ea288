"""Country and language names from the Unicode CLDR (Babel), kept small.

Babel keeps every locale it loads whole (dates, numbers, units, names...)
with its global data, for the life of the process: about 6 MiB for the first
language a page asks a country name in, 1 MiB or more for each further one.
Pages need two small tables of it, so those tables for the configured
languages are shipped in ``cldr_names.json``, written from the installed Babel
by ``manage.py cldr_names``; a test fails when they no longer match it (a
Babel upgrade, a language added). Any other language is read from Babel.
"""

import functools
import json
from pathlib import Path

NAMES_FILE = Path(__file__).with_name("cldr_names.json")
TABLES = ("territories", "languages")


@functools.cache
def _shipped():
    try:
        return json.loads(NAMES_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:  # not written yet: every language from Babel
        return {}


def names(table, language):
    """``{code: name}``: CLDR's ``table`` ("territories" or "languages") in
    ``language``; English for a language CLDR does not know."""
    shipped = _shipped().get(language)
    if shipped is not None:
        return shipped[table]
    return from_babel(table, language)


def from_babel(table, language):
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    return dict(getattr(locale, table).items())


def current(languages):
    """What ``cldr_names.json`` holds for ``languages``, from Babel now."""
    return {
        language: {table: from_babel(table, language) for table in TABLES}
        for language in languages
    }


def write(languages):
    text = json.dumps(current(languages), ensure_ascii=False, indent=0, sort_keys=True)
    NAMES_FILE.write_text(text + "\n", encoding="utf-8")
