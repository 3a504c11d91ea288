"""What the admin's model admins and custom views share."""

import reversion
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from reversion.admin import VersionAdmin

from ..conflicts import ConflictCheckedForm


class RevisedAdmin(VersionAdmin):
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
