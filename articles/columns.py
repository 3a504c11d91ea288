"""The columns a public page reads, for ``QuerySet.only()``.

Every translated field has a column per language, and a page shows one
language: the others are read only where the fallback rule of
``Localized`` may read them.

* ``text_in`` (release texts: titles, summaries, paragraphs) reads the page
  language and no other: ``own()``.
* ``text_or_source`` (names, titles of films, captions) reads the page
  language, and when that is empty the row's source language. A row that
  follows the default language (``FollowsDefault``) needs that one column
  more; a row with its own ``source_language`` (or following its film's)
  may be in any language, which is known only once the row is read, so
  every language's column of that field is read: ``named()``.

A field not listed stays deferred: reading it anyway costs a query, so a
page that starts showing a field must list it here (the query-count tests
catch a forgotten one).
"""

from .languages import default_language, language_codes
from .models.base import FollowsDefault, Translatable


def own(language, *fields, prefix=""):
    """The page language's column of each of ``fields``."""
    return [f"{prefix}{field}_{language}" for field in fields]


def named(model, language, *fields, prefix=""):
    """The columns ``text_or_source`` may read of each of ``fields``."""
    if issubclass(model, FollowsDefault):
        languages = dict.fromkeys((language, default_language()))
    else:
        languages = language_codes()
    columns = [f"{prefix}{field}_{code}" for field in fields for code in languages]
    if issubclass(model, Translatable):
        columns.append(f"{prefix}source_language")
    return columns


def every(*fields, prefix=""):
    """Every language's column of each of ``fields`` (a speaker's names:
    a quote may name them in any language)."""
    return [f"{prefix}{field}_{code}" for field in fields for code in language_codes()]


def image(language, prefix=""):
    """What a figure, a picture and a share card read of an image."""
    from .models import Image

    return [
        f"{prefix}width",
        f"{prefix}height",
        f"{prefix}version",
        f"{prefix}credit_is_neutral",
        *named(Image, language, "caption", "alt_text", "credit", prefix=prefix),
    ]


def person(language, prefix=""):
    """A link to a person, with the name as ``inline_text`` shows it."""
    from .models import Person

    return [f"{prefix}slug", *named(Person, language, "name", prefix=prefix)]


def film(language, prefix=""):
    """A link to a film, with its title and original title."""
    from .models import Film

    return [
        f"{prefix}slug",
        f"{prefix}original_title",
        f"{prefix}original_language",
        f"{prefix}year",
        *named(Film, language, "title", prefix=prefix),
    ]


def release_item(language):
    """A release in a list (``release_item.html``, a card's ``release_ref``):
    its own title and summary, its date and its film (and its source
    language, which ``Article.from_db`` notes)."""
    return [
        "slug",
        "source_language",
        *own(language, "title", "summary"),
        "publish_at",
        "embargo_ends_at",
        "film",
        *film(language, prefix="film__"),
    ]


def venue(language, prefix=""):
    """A venue as an event shows it (its name, city and address fall back to
    the default language)."""
    from .models import Venue

    return [
        f"{prefix}country",
        *named(Venue, language, "name", "city", "address", prefix=prefix),
    ]


def event(language, prefix=""):
    """An event in a list (``event_item.html``) and in its cards."""
    from .models import Event

    return [
        f"{prefix}slug",
        f"{prefix}kind",
        f"{prefix}date",
        f"{prefix}date_precision",
        f"{prefix}time",
        f"{prefix}time_zone",
        *named(Event, language, "title", "territory", prefix=prefix),
    ]


def organization(language, prefix=""):
    """A company or a platform, by name."""
    from .models import Organization

    return [
        f"{prefix}slug",
        f"{prefix}country",
        f"{prefix}website",
        *named(Organization, language, "name", prefix=prefix),
    ]
