"""The release desk: the list, the change form and its ordered inlines."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from .. import completeness, history
from ..conflicts import ConflictCheckedForm, refuse_blanking
from ..groups import translatable_languages
from ..languages import active_language, display_name, language_codes, local_name
from ..models import Article, ArticleImage, LanguageProgress, Paragraph, Publication
from .base import CustomViews, RevisedAdmin
from .documents import DocumentViews
from .embargo import EmbargoViews
from .history import HistoryViews
from .images import PreviewsImageFields, ThumbnailInlineMixin, image_preview
from .ordering import OrderedInlineMixin
from .publishing import PublishingViews
from .translating import TranslationViews


class ParagraphInline(OrderedInlineMixin, TranslationStackedInline):
    model = Paragraph
    fields = ["position", "kind", "speaker", "text"]
    autocomplete_fields = ["speaker"]


class ArticleImageInline(ThumbnailInlineMixin, OrderedInlineMixin, admin.TabularInline):
    model = ArticleImage
    fields = ["position", "image", "preview"]
    readonly_fields = ["preview"]
    autocomplete_fields = ["image"]


class StatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Article.Status.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == Article.Status.DRAFT:
            return queryset.drafts()
        if self.value() == Article.Status.SCHEDULED:
            return queryset.scheduled(now)
        if self.value() == Article.Status.EMBARGOED:
            return queryset.embargoed(now)
        if self.value() == Article.Status.LIVE:
            return queryset.live(now)
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    def lookups(self, request, model_admin):
        return [(code, local_name(code)) for code in language_codes()]


class PublishedLanguageFilter(LanguageFilter):
    title = gettext_lazy("published in")
    parameter_name = "published"

    def queryset(self, request, queryset):
        if self.value() in language_codes():
            return queryset.filter(publications__language=self.value())
        return queryset


class IncompleteLanguageFilter(LanguageFilter):
    """The list's badge and this filter read the same rule (``completeness``)."""

    title = gettext_lazy("incomplete in")
    parameter_name = "incomplete"

    def queryset(self, request, queryset):
        if self.value() in language_codes():
            return completeness.incomplete_in(queryset, self.value())
        return queryset


EMBARGO_FIELDS = ("embargo_until", "embargo_event", "embargo_offset")


class PageByKeys(Paginator):
    """Deep pages stay cheap: a page's keys are read first, in the list's
    order (from the ``listed_at`` index, no wide row read or sorted), then
    the rows of those keys alone."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.prefetch_related(None).values_list("pk", flat=True)
        rows = self.object_list.filter(pk__in=list(keys[bottom:top]))
        return self._get_page(rows, number, self)


class ArticleForm(ConflictCheckedForm):
    # Set per request by ``ArticleAdmin.get_form``: the embargo is the
    # publishers' to set, change or clear.
    may_embargo = False

    def clean(self):
        cleaned = super().clean()
        self.clean_embargo(cleaned)
        if self.instance.pk is not None:
            refuse_blanking(
                self,
                "title",
                self.instance.published_languages,
                _(
                    "This language is published: its title cannot be emptied. "
                    "Unpublish the language first."
                ),
            )
        return cleaned

    def clean_embargo(self, cleaned):
        changed = [name for name in EMBARGO_FIELDS if name in self.changed_data]
        if changed and not self.may_embargo:
            raise ValidationError(
                _(
                    "Only an editor who may publish can set, change or clear "
                    "the embargo."
                ),
                code="embargo_permission",
            )
        until, event = cleaned.get("embargo_until"), cleaned.get("embargo_event")
        if until is not None and event is not None:
            self.add_error(
                "embargo_event",
                _(
                    "Choose a moment or an event for the embargo, not both: "
                    "clear one of them."
                ),
            )
            return
        film = cleaned.get("film", self.instance.film if self.instance.pk else None)
        if event is not None and (film is None or event.film_id != film.pk):
            self.add_error(
                "embargo_event",
                _(
                    "The embargo's event must be one of this release's film's "
                    "events (%(film)s has it, not this release's film)."
                )
                % {"film": event.film or _("no film")},
            )
        if event is None and cleaned.get("embargo_offset"):
            self.add_error(
                "embargo_offset",
                _("The minutes count from an event: choose one, or leave 0."),
            )


def completeness_html(states):
    return format_html_join(
        " · ",
        '<span class="completeness {}" title="{}">{}</span>',
        (
            (
                " ".join(
                    name
                    for name, on in (
                        ("completeness--complete", state.complete),
                        ("completeness--published", state.published),
                    )
                    if on
                ),
                _("published") if state.published else _("not published"),
                str(state),
            )
            for state in states
        ),
    )


@admin.register(Article)
class ArticleAdmin(
    EmbargoViews,
    PublishingViews,
    TranslationViews,
    DocumentViews,
    HistoryViews,
    CustomViews,
    PreviewsImageFields,
    RevisedAdmin,
    TabbedTranslationAdmin,
):
    list_display = [
        "__str__",
        "film",
        "status_display",
        "completeness_display",
        "publish_at",
        "embargo_display",
    ]
    list_filter = [
        StatusFilter,
        "film",
        PublishedLanguageFilter,
        IncompleteLanguageFilter,
    ]
    form = ArticleForm
    # Newest first by first publication; a draft by when it was created
    # (``listed_at``, an indexed column kept by the publishing code).
    ordering = ["-listed_at", "-pk"]
    search_fields = ["title_en", "title_ru", "title_kk", "title_es", "slug"]
    autocomplete_fields = [
        "film",
        "people",
        "organizations",
        "events",
        "hero_image",
        "embargo_event",
    ]
    filter_horizontal = ["press_contacts"]
    readonly_fields = ["status_display", "completeness_display", "embargo_display"]
    image_fields = [("hero_image", "hero_preview")]
    hero_preview = image_preview("hero_image", gettext_lazy("lead image preview"))
    inlines = [ParagraphInline, ArticleImageInline]
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"

    class Media:
        js = ["articles/admin/reorder.js"]
        css = {"all": ["articles/admin/admin.css"]}

    def get_queryset(self, request):
        """The page's rows with their stored completeness and publications:
        two queries for the page, nothing computed for rows not shown (the
        paginator's COUNT stays plain)."""
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                # Fetched for the page's rows, not joined: a join makes the
                # planner sort every matching release with its film and event.
                "film",
                "embargo_event",
                # Ordered by their own columns: the models' default ordering
                # would join every release to sort them by the release's.
                Prefetch("progress", LanguageProgress.objects.order_by()),
                Prefetch("publications", Publication.objects.order_by()),
            )
        )

    def get_paginator(self, request, queryset, per_page, **kwargs):
        return PageByKeys(queryset, per_page, **kwargs)

    def _changeform_view(self, request, object_id, form_url, extra_context):
        """Inside the admin's transaction: the release, its paragraphs and
        gallery saved, the completeness of the release is recorded once."""
        with completeness.deferred():
            return super()._changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.may_embargo = self.has_publish_permission(request)
        return form

    def get_fieldsets(self, request, obj=None):
        """Django's one fieldset, with the embargo in its own after it."""
        fieldsets = super().get_fieldsets(request, obj)
        embargo = [*EMBARGO_FIELDS, "embargo_display"]
        fields = [name for name in fieldsets[0][1]["fields"] if name not in embargo]
        return [
            (fieldsets[0][0], {**fieldsets[0][1], "fields": fields}),
            *fieldsets[1:],
            (
                _("Embargo"),
                {
                    "fields": [
                        "embargo_display",
                        "embargo_until",
                        ("embargo_event", "embargo_offset"),
                    ],
                    "description": _(
                        "Until a moment, or until an event of the release's film "
                        "plus some minutes; never both. Published languages "
                        "stay hidden until then, except through personal links."
                    ),
                },
            ),
        ]

    @admin.display(description=gettext_lazy("status"))
    def status_display(self, article):
        if article.pk is None:
            return Article.Status.DRAFT.label
        return article.status().label

    @admin.display(description=gettext_lazy("languages"))
    def completeness_display(self, article):
        if article.pk is None:
            return "—"
        states = completeness.from_records(article)
        return completeness_html(states or completeness.detailed(article))

    def view_on_site(self, article):
        """The public page where it is public, else the staff preview (no 404)."""
        language = active_language()
        if article.is_public(language):
            return article.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[article.pk, language])

    def get_object(self, request, object_id, from_field=None):
        """On a save, the release's row is locked first (the admin's transaction
        holds it): a second save of it waits, then reads what the first wrote."""
        if request.method == "POST" and str(object_id).isdigit():
            list(
                Article.objects.select_for_update()
                .filter(pk=object_id)
                .values_list("pk", flat=True)
            )
        return super().get_object(request, object_id, from_field)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        history.snapshot(form.instance)  # after renumbering, so the order is right

    def response_change(self, request, obj):
        """ "Save and publish ru" and "Save and unpublish es" from the language
        panel: the edits are saved first, then the language goes through the
        gate, so no button discards what was typed."""
        for key, verb in (("_publish", "publish"), ("_unpublish", "unpublish")):
            language = request.POST.get(key)
            if language is None:
                continue
            self.check_publish(request, language)
            if verb == "unpublish":
                self.unpublish_one(request, obj.pk, language)
                done = _("%(release)s is no longer published in %(language)s.")
            elif self.publish_one(request, obj.pk, language):
                done = _("%(release)s is published in %(language)s.")
            else:
                return self.redirect_to_change(obj.pk)
            self.message_user(
                request,
                done % {"release": obj, "language": display_name(language)},
                messages.SUCCESS,
            )
            return self.redirect_to_change(obj.pk)
        return super().response_change(request, obj)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None:
            states = completeness.detailed(obj)
            context["language_states"] = states
            context["export_all"] = ",".join(state.language for state in states)
            allowed = translatable_languages(request.user)
            codes = [
                code
                for code in language_codes()
                if code != obj.source_language and code in allowed
            ]
            context["translatable"] = set(codes)
            context["translatable_codes"] = codes
            context["can_publish"] = self.has_publish_permission(request)
            context.update(self.embargo_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)
