"""Personal embargo links after they are made: revoking, extending and
re-issuing them, and the log of their uses. No row shows a token: none is kept.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import audit
from ..embargo.links import reissue
from ..languages import display_name
from ..models import EmbargoLink, EmbargoLinkUse
from .base import SafeRequests
from .embargo import MAIL_ERRORS, deliver
from .forms import DeliveryForm, ExtendLinksForm


class StateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("usable", _("usable")),
            ("revoked", _("revoked")),
            ("expired", _("expired")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "usable":
            return queryset.usable(now)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        return queryset


@admin.register(EmbargoLink)
class EmbargoLinkAdmin(SafeRequests, admin.ModelAdmin):
    """Links are made from a release or a film; here they are revoked,
    extended and re-issued. No row shows a token: none is kept."""

    list_display = [
        "name",
        "outlet",
        "email",
        "subject_display",
        "languages_display",
        "expires_at",
        "state_display",
        "sent_at",
        "use_count",
    ]
    list_filter = [
        StateFilter,
        ("article", admin.RelatedOnlyFieldListFilter),
        ("film", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["article", "film"]
    search_fields = ["name", "outlet", "email"]
    fields = [
        "name",
        "outlet",
        "email",
        "time_zone",
        "expires_at",
        "subject_display",
        "languages_display",
        "state_display",
        "issued_at",
        "sent_at",
        "revoked_at",
        "created_by",
        "created_at",
    ]
    readonly_fields = [
        "subject_display",
        "languages_display",
        "state_display",
        "issued_at",
        "sent_at",
        "revoked_at",
        "created_by",
        "created_at",
    ]
    actions = ["revoke_links", "extend_links", "reissue_links"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(use_total=Count("uses"))

    def has_add_permission(self, request):
        return False  # from a release's or a film's page: they say for what

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of its uses stays

    @admin.display(description=gettext_lazy("for"))
    def subject_display(self, link):
        return link.subject

    @admin.display(description=gettext_lazy("languages"))
    def languages_display(self, link):
        return ", ".join(display_name(code) for code in link.languages)

    @admin.display(description=gettext_lazy("state"))
    def state_display(self, link):
        if link.revoked_at is not None:
            return _("revoked")
        if link.expires_at <= timezone.now():
            return _("expired")
        return _("usable")

    @admin.display(description=gettext_lazy("uses"), ordering="use_total")
    def use_count(self, link):
        total = getattr(link, "use_total", 0)
        url = reverse("admin:articles_embargolinkuse_changelist")
        return format_html('<a href="{}?link={}">{}</a>', url, link.pk, total)

    def check_change(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied

    @admin.action(description=gettext_lazy("Revoke selected links"))
    def revoke_links(self, request, queryset):
        self.check_change(request)
        links = list(queryset.filter(revoked_at__isnull=True))
        queryset.filter(pk__in=[link.pk for link in links]).update(
            revoked_at=timezone.now()
        )
        audit.log_each(request.user, links, "link_revoked")
        self.message_user(
            request,
            ngettext("%(count)s link revoked.", "%(count)s links revoked.", len(links))
            % {"count": len(links)},
            messages.SUCCESS,
        )

    def intermediate(self, request, queryset, form, action, title, template):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "links": queryset,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": self.opts,
        }
        return TemplateResponse(
            request, f"admin/articles/embargolink/{template}.html", context
        )

    @admin.action(description=gettext_lazy("Extend selected links"))
    def extend_links(self, request, queryset):
        self.check_change(request)
        form = ExtendLinksForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.intermediate(
                request,
                queryset,
                form,
                "extend_links",
                _("Extend personal links"),
                "extend",
            )
        links = list(queryset)
        for link in links:
            link.expires_at = form.new_expiry(link)
            link.save(update_fields=["expires_at"])
            audit.log(
                request.user, link, "link_extended", until=link.expires_at.isoformat()
            )
        self.message_user(
            request,
            ngettext(
                "%(count)s link extended.", "%(count)s links extended.", len(links)
            )
            % {"count": len(links)},
            messages.SUCCESS,
        )
        return None

    @admin.action(description=gettext_lazy("Re-issue selected links (new address)"))
    def reissue_links(self, request, queryset):
        self.check_change(request)
        form = DeliveryForm(request.POST if "deliver" in request.POST else None)
        links = list(queryset.select_related("article", "film"))
        if form.is_valid() and form.cleaned_data["deliver"] == DeliveryForm.MAIL:
            unmailable = [link.name for link in links if not link.email]
            if unmailable:
                form.add_error(
                    None,
                    _("These recipients have no address: %(names)s.")
                    % {"names": ", ".join(unmailable)},
                )
        if not form.is_valid():
            return self.intermediate(
                request,
                queryset,
                form,
                "reissue_links",
                _("Re-issue personal links"),
                "reissue",
            )
        back = reverse("admin:articles_embargolink_changelist")
        try:
            with transaction.atomic():
                made = [(link, reissue(link)) for link in links]
                return deliver(
                    request,
                    self,
                    made,
                    form.cleaned_data["deliver"],
                    "link_reissued",
                    back,
                )
        except MAIL_ERRORS:
            self.message_user(
                request,
                _("The mail server did not take the mails: no link was re-issued."),
                messages.ERROR,
            )
            return None


class LinkFilter(admin.SimpleListFilter):
    """Links that were used, by recipient (one query, however many)."""

    title = gettext_lazy("link")
    parameter_name = "link"

    def lookups(self, request, model_admin):
        used = EmbargoLink.objects.filter(uses__isnull=False).distinct()
        return [
            (str(pk), f"{name} ({outlet})" if outlet else name)
            for pk, name, outlet in used.values_list("pk", "name", "outlet")
        ]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(link_id=int(self.value()))
        return queryset


@admin.register(EmbargoLinkUse)
class EmbargoLinkUseAdmin(SafeRequests, admin.ModelAdmin):
    """Who opened what, when: a record, never written by hand."""

    list_display = ["at", "recipient", "outlet", "kind", "language", "address"]
    list_filter = [
        "kind",
        LinkFilter,
        ("article", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["link"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("recipient"), ordering="link__name")
    def recipient(self, use):
        return use.link.name

    @admin.display(description=gettext_lazy("outlet"), ordering="link__outlet")
    def outlet(self, use):
        return use.link.outlet
