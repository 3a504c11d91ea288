"""Every model of the app, by role: see base, films, releases and workflow."""

from .base import (
    FollowsDefault,
    FollowsFilm,
    Localized,
    LocalizedText,
    PositionedQuerySet,
    SluggedMixin,
    TracksTranslations,
    Translatable,
    renumber,
    timezone_choices,
)
from .films import (
    Credit,
    Event,
    Film,
    Financing,
    Organization,
    Participation,
    Person,
    Venue,
)
from .releases import (
    Article,
    ArticleImage,
    ArticleQuerySet,
    Image,
    Paragraph,
    PressContact,
    Publication,
)
from .workflow import ImportDraft, Translator

__all__ = [
    "Article",
    "ArticleImage",
    "ArticleQuerySet",
    "Credit",
    "Event",
    "Film",
    "Financing",
    "FollowsDefault",
    "FollowsFilm",
    "ImportDraft",
    "Image",
    "Localized",
    "LocalizedText",
    "Organization",
    "Paragraph",
    "Participation",
    "Person",
    "PositionedQuerySet",
    "PressContact",
    "Publication",
    "SluggedMixin",
    "TracksTranslations",
    "Translatable",
    "Translator",
    "Venue",
    "renumber",
    "timezone_choices",
]
