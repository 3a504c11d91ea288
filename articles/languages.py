"""The configured languages, read from settings at call time."""

from functools import cache

from django.conf import settings
from django.utils.translation import get_language, get_language_info

from . import cldr

# Each language's name in itself, for the switcher (Django calls Kazakh "Қазақ").
LOCAL_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша", "es": "Español"}


def language_choices():
    return settings.LANGUAGES


def default_language():
    return settings.LANGUAGE_CODE


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def active_language():
    """The active language reduced to a configured code (``ru-ru`` → ``ru``)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in language_codes() else settings.LANGUAGE_CODE


def local_name(code):
    """A language's name in itself; Django knows the ones we do not configure."""
    if code in LOCAL_NAMES:
        return LOCAL_NAMES[code]
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


def display_name(code):
    """A language's name in the interface language: "Kazakh", «казахский»."""
    return str(dict(settings.LANGUAGES).get(code, code))


@cache
def _babel_languages(language):
    return cldr.names("languages", language)


def language_name_in(code, language):
    """Any language's name in ``language``, from CLDR: settings only know our four.

    "pt-BR" tries CLDR's "pt_BR" first, then plain "pt"; an unknown code is
    shown as itself rather than dropped.
    """
    names = _babel_languages(language)
    code = code.replace("-", "_")
    return names.get(code) or names.get(code.split("_")[0].lower()) or code
