"""Country names in every interface language, from the Unicode CLDR (Babel).

Django ships no country list and django-countries has no Kazakh names; CLDR
has all four of our languages.
"""

from functools import cache

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language


@cache
def _territories(language: str) -> dict[str, str]:
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    return {
        code: name
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in {"ZZ", "XA", "XB"}
    }


def country_name(code: str, language: str | None = None) -> str:
    """The name of an ISO 3166-1 alpha-2 country in a language (default: active)."""
    if not code:
        return ""
    return _territories(language or get_language() or "en").get(code.upper(), code)


def country_choices() -> list[tuple[str, str]]:
    """Choices for a country field, named and sorted in the active language."""
    names = _territories(get_language() or "en")
    return sorted(names.items(), key=lambda item: item[1])
