"""Translated fields (django-modeltranslation), in the order of models.py.

No field is required in any language: a draft may be written in any language
first, and a title is only required to publish a language.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Article,
    Credit,
    Event,
    Film,
    Financing,
    Image,
    Organization,
    Paragraph,
    Person,
    PressContact,
    PressOffice,
    Venue,
)


class OptionalEverywhere(TranslationOptions):
    required_languages = ()


@register(Person)
class PersonTranslationOptions(OptionalEverywhere):
    fields = ("name", "bio")


@register(Organization)
class OrganizationTranslationOptions(OptionalEverywhere):
    fields = ("name",)


@register(Film)
class FilmTranslationOptions(OptionalEverywhere):
    fields = (
        "title",
        "short_synopsis",
        "synopsis",
        "director_statement",
        "picture_format",
        "sound",
    )


@register(Credit)
class CreditTranslationOptions(OptionalEverywhere):
    fields = ("character_name", "note")


@register(Financing)
class FinancingTranslationOptions(OptionalEverywhere):
    fields = ("note",)


@register(Venue)
class VenueTranslationOptions(OptionalEverywhere):
    fields = ("name", "city", "address")


@register(Event)
class EventTranslationOptions(OptionalEverywhere):
    fields = ("title", "description", "territory")


@register(Image)
class ImageTranslationOptions(OptionalEverywhere):
    fields = ("caption", "alt_text", "credit")


@register(PressContact)
class PressContactTranslationOptions(OptionalEverywhere):
    fields = ("role", "market")


@register(PressOffice)
class PressOfficeTranslationOptions(OptionalEverywhere):
    fields = ("name", "about", "accreditation", "embargoed_access")


@register(Article)
class ArticleTranslationOptions(OptionalEverywhere):
    fields = ("title", "subtitle", "summary", "dateline")


@register(Paragraph)
class ParagraphTranslationOptions(OptionalEverywhere):
    fields = ("text",)
