"""Films and what surrounds them: people, organizations, venues, events, images,
press contacts. Plain model admins; the release desk is in ``releases``."""

from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from ..models import (
    Credit,
    Event,
    Film,
    Financing,
    Organization,
    Participation,
    Person,
    PressContact,
    Venue,
)
from .base import CustomViews, RevisedAdmin
from .embargo import FilmLinkViews
from .images import FilmImageInline, PreviewsImageFields, image_preview


class FinancingFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        total = Decimal(0)
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            total += form.cleaned_data.get("share") or 0
        if total > 100:
            raise ValidationError(
                _(
                    "The financing shares add up to %(total)s%%; "
                    "at most 100%% is possible."
                )
                % {"total": total},
                code="financing_over_100",
            )


class CreditInline(TranslationTabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "character_name", "note", "billing_order"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organization"]


class FinancingInline(TranslationTabularInline):
    model = Financing
    formset = FinancingFormSet
    extra = 0


class FilmEventInline(TranslationTabularInline):
    model = Event
    extra = 0
    fields = ["kind", "title", "date_precision", "date", "venue", "territory"]
    autocomplete_fields = ["venue"]
    show_change_link = True
    verbose_name_plural = gettext_lazy("events of this film")


@admin.register(Film)
class FilmAdmin(
    FilmLinkViews,
    CustomViews,
    PreviewsImageFields,
    RevisedAdmin,
    TabbedTranslationAdmin,
):
    list_display = ["__str__", "original_title", "year", "slug"]
    search_fields = [
        "title_en",
        "title_ru",
        "title_kk",
        "title_es",
        "original_title",
        "slug",
    ]
    inlines = [
        FilmImageInline,
        CreditInline,
        ParticipationInline,
        FinancingInline,
        FilmEventInline,
    ]
    autocomplete_fields = ["poster"]
    image_fields = [("poster", "poster_preview")]
    poster_preview = image_preview("poster", gettext_lazy("poster preview"))
    change_form_template = "admin/articles/film/change_form.html"


class PersonCreditInline(TranslationTabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["film"]
    fields = ["film", "role", "character_name", "note", "billing_order"]
    verbose_name_plural = gettext_lazy("films")


class OrganizationParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["film"]
    verbose_name_plural = gettext_lazy("films")


@admin.register(Person)
class PersonAdmin(PreviewsImageFields, RevisedAdmin, TabbedTranslationAdmin):
    inlines = [PersonCreditInline]
    autocomplete_fields = ["portrait"]
    image_fields = [("portrait", "portrait_preview")]
    portrait_preview = image_preview("portrait", gettext_lazy("portrait preview"))
    list_display = ["__str__", "country", "slug"]
    search_fields = ["name_en", "name_ru", "name_kk", "name_es", "slug"]


@admin.register(Organization)
class OrganizationAdmin(RevisedAdmin, TabbedTranslationAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [OrganizationParticipationInline]
    list_display = ["__str__", "country", "slug"]
    search_fields = ["name_en", "name_ru", "name_kk", "name_es", "slug"]


@admin.register(Venue)
class VenueAdmin(RevisedAdmin, TabbedTranslationAdmin):
    list_display = ["__str__", "country"]
    search_fields = ["name_en", "name_ru", "name_kk", "name_es", "city_en"]


@admin.register(Event)
class EventAdmin(RevisedAdmin, TabbedTranslationAdmin):
    list_display = ["__str__", "kind", "film", "date_precision", "date"]
    list_filter = ["kind", "film"]
    list_select_related = ["film"]
    search_fields = ["title_en", "title_ru", "title_kk", "title_es", "slug"]
    autocomplete_fields = ["film", "venue", "platform"]


@admin.register(PressContact)
class PressContactAdmin(RevisedAdmin, TabbedTranslationAdmin):
    list_display = ["name", "market", "organization", "email", "on_press_office_page"]
    list_filter = ["on_press_office_page"]
    search_fields = ["name", "organization", "email"]
