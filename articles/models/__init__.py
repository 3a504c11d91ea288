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
    find_addresses,
    merge_order,
    plain,
    renumber,
    timezone_choices,
)
from .cache import PageVersion
from .embargo import EmbargoLink, EmbargoLinkUse
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
from .images import FilmImage, Image, ImageQuerySet, Rendition
from .kits import PressKit
from .office import PressOffice
from .releases import (
    Article,
    ArticleImage,
    ArticleQuerySet,
    LanguageProgress,
    Paragraph,
    PressContact,
    Publication,
)
from .workflow import ImportDraft, ImportDraftFile, Translator

__all__ = [
    "Article",
    "ArticleImage",
    "ArticleQuerySet",
    "Credit",
    "EmbargoLink",
    "EmbargoLinkUse",
    "Event",
    "Film",
    "FilmImage",
    "Financing",
    "FollowsDefault",
    "FollowsFilm",
    "ImportDraft",
    "ImportDraftFile",
    "Image",
    "ImageQuerySet",
    "LanguageProgress",
    "Localized",
    "LocalizedText",
    "Organization",
    "PageVersion",
    "Paragraph",
    "Participation",
    "Person",
    "PositionedQuerySet",
    "PressContact",
    "PressKit",
    "PressOffice",
    "Rendition",
    "Publication",
    "SluggedMixin",
    "TracksTranslations",
    "Translatable",
    "Translator",
    "Venue",
    "find_addresses",
    "merge_order",
    "plain",
    "renumber",
    "timezone_choices",
]
