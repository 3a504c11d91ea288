"""The press office's own page: one row, opened directly from the admin index."""

from django.contrib import admin
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from modeltranslation.admin import TabbedTranslationAdmin

from ..models import PressOffice
from .base import RevisedAdmin


@admin.register(PressOffice)
class PressOfficeAdmin(RevisedAdmin, TabbedTranslationAdmin):
    fields = [
        "source_language",
        "name",
        "about",
        "accreditation",
        "embargoed_access",
        "email",
        "phone",
        "website",
    ]

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def add_view(self, request, form_url="", extra_context=None):
        """A second office cannot be added: "add" opens the one there is."""
        office = PressOffice.objects.first()
        if office is not None:
            name = "admin:articles_pressoffice_change"
            return HttpResponseRedirect(reverse(name, args=[office.pk]))
        return super().add_view(request, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """There is one office: its list is its page (or the page to write it)."""
        office = PressOffice.objects.first()
        if office is not None:
            name = "admin:articles_pressoffice_change"
            return HttpResponseRedirect(reverse(name, args=[office.pk]))
        if self.has_add_permission(request):
            return self.add_view(request)
        return super().changelist_view(request, extra_context)
