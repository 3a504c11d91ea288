"""What the admin's model admins and custom views share."""

import reversion
from django.contrib import admin
from django.core.exceptions import SuspiciousOperation
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from reversion.admin import VersionAdmin

from ..conflicts import ConflictCheckedForm


class SafeRequests:
    """Crafted query strings answer 400, never 500.

    The list accepts only the lookups its own filters make (Django otherwise
    accepts any lookup on a local field: ``?title_en__regex=(`` reached the
    database), and a filter value or search with a NUL character, which
    PostgreSQL cannot take, is refused. Both raise ``SuspiciousOperation``:
    Django's 400.
    """

    def lookup_allowed(self, lookup, value, request=None):
        if "\x00" in str(value):
            return False  # PostgreSQL cannot compare text with NUL in it
        offered = {
            getattr(item, "parameter_name", None)
            or (item[0] if isinstance(item, (list, tuple)) else item)
            for item in self.get_list_filter(request)
        }
        if lookup.split(LOOKUP_SEP)[0] not in offered:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_results(self, request, queryset, search_term):
        if "\x00" in search_term:
            raise SuspiciousOperation("A search term may not contain NUL.")
        return super().get_search_results(request, queryset, search_term)


class RevisedAdmin(SafeRequests, VersionAdmin):
    """Every save is a revision (django-reversion), its comment kept as the
    structured log message, so it reads in each reader's language; its form
    writes only what its person changed (``conflicts``)."""

    form = ConflictCheckedForm

    def log_addition(self, request, obj, message):
        entry = admin.ModelAdmin.log_addition(self, request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    def log_change(self, request, obj, message):
        entry = admin.ModelAdmin.log_change(self, request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry


class CustomViews:
    """Each mixin lists its views in ``custom_views()``; URLs are made here once."""

    def custom_views(self):
        """``[(route, view, name)]``; a mixin adds its own to ``super()``'s."""
        return []

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        urls = [
            path(route, self.admin_site.admin_view(view), name=f"{prefix}_{name}")
            for route, view, name in self.custom_views()
        ]
        return urls + super().get_urls()

    def redirect_to_change(self, pk):
        opts = self.opts
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
        )

    def message_form_errors(self, request, form):
        """For a form that lives on another page (the change page): its errors."""
        from django.contrib import messages

        for errors in form.errors.values():
            for error in errors:
                self.message_user(request, error, messages.ERROR)
