"""Country names in every interface language, from the Unicode CLDR (Babel).

Django ships no country list and django-countries has no Kazakh names; CLDR
has all four of our languages (read through ``articles.cldr``, which keeps
Babel's locale data out of the worker's memory).
"""

import re
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import cldr


@cache
def _territories(language: str) -> dict[str, str]:
    return {
        code: name
        for code, name in cldr.names("territories", language).items()
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


def country_codes() -> set[str]:
    """Every code a country field accepts (the same in every language)."""
    return set(_territories("en"))


def split_codes(value: str) -> list[str]:
    """One reading of a code list ("ES, KZ") for the checks and the pages."""
    return [code.strip() for code in (value or "").split(",") if code.strip()]


def validate_country_codes(value: str) -> None:
    """Lets a free text field hold an ordered list of real countries.

    A multiple-choice widget would lose the order, which for co-productions
    is the billing order of the countries.
    """
    codes = split_codes(value)
    if not re.fullmatch(r"\s*[A-Z]{2}(\s*,\s*[A-Z]{2})*\s*", value or ""):
        raise ValidationError(
            _("Enter country codes in capitals separated by commas, e.g. “ES, KZ”."),
            code="country_code_format",
        )
    known = country_codes()
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(
            _("Not a country code: %(codes)s."),
            params={"codes": ", ".join(unknown)},
            code="unknown_country",
        )
    if len(set(codes)) != len(codes):
        raise ValidationError(
            _("Each country only once, please."), code="duplicate_country"
        )
