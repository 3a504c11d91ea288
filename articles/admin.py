from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import (
    Article,
    ArticleImage,
    Credit,
    Event,
    Film,
    Financing,
    Image,
    Organization,
    Paragraph,
    Participation,
    Person,
    PressContact,
    Publication,
    Venue,
)


class CreditInline(TranslationTabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organization"]


class FinancingInline(TranslationTabularInline):
    model = Financing
    extra = 0


@admin.register(Film)
class FilmAdmin(TranslationAdmin):
    list_display = ["__str__", "original_title", "year", "slug"]
    search_fields = ["title", "original_title", "slug"]
    inlines = [CreditInline, ParticipationInline, FinancingInline]


@admin.register(Person)
class PersonAdmin(TranslationAdmin):
    list_display = ["__str__", "country", "slug"]
    search_fields = ["name", "slug"]


@admin.register(Organization)
class OrganizationAdmin(TranslationAdmin):
    list_display = ["__str__", "country", "slug"]
    search_fields = ["name", "slug"]


@admin.register(Venue)
class VenueAdmin(TranslationAdmin):
    list_display = ["__str__", "country"]
    search_fields = ["name", "city"]


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["__str__", "kind", "film", "date_precision", "date"]
    list_filter = ["kind", "film"]
    search_fields = ["title", "slug"]
    autocomplete_fields = ["film", "venue", "platform"]


@admin.register(Image)
class ImageAdmin(TranslationAdmin):
    list_display = ["__str__", "width", "height"]
    search_fields = ["caption", "credit"]


@admin.register(PressContact)
class PressContactAdmin(TranslationAdmin):
    list_display = ["name", "organization", "email"]
    search_fields = ["name", "organization", "email"]


class ParagraphInline(TranslationTabularInline):
    model = Paragraph
    extra = 0
    autocomplete_fields = ["speaker"]


class ArticleImageInline(admin.TabularInline):
    model = ArticleImage
    extra = 0
    autocomplete_fields = ["image"]


class PublicationInline(admin.TabularInline):
    model = Publication
    extra = 0
    readonly_fields = ["published_at", "published_by"]


@admin.register(Article)
class ArticleAdmin(TranslationAdmin):
    list_display = ["__str__", "film", "publish_at", "slug"]
    list_filter = ["film"]
    search_fields = ["title", "slug"]
    autocomplete_fields = ["film", "people", "organizations", "events", "hero_image"]
    filter_horizontal = ["press_contacts"]
    inlines = [ParagraphInline, ArticleImageInline, PublicationInline]
