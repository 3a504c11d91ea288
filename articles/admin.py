from collections import Counter
from decimal import Decimal

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from . import completeness, importers, translation_state, xliff
from .forms import ImportForm, TranslatorForm
from .groups import can_translate, translatable_languages
from .languages import language_codes, local_name
from .models import (
    Article,
    ArticleImage,
    Credit,
    Event,
    Film,
    Financing,
    Image,
    ImportDraft,
    Organization,
    Paragraph,
    Participation,
    Person,
    PressContact,
    Translator,
    Venue,
)
from .translation_state import CURRENT, MISSING, STALE
from .views import ArticlePreviewView

PUBLISH_PERMISSION = "articles.publish_article"
IMPORT_EXPIRY_MINUTES = 30


class OrderedInlineMixin:
    """Rows reordered with up/down buttons; the hidden position is renumbered
    by static/articles/admin/reorder.js and saved by ``ArticleAdmin``."""

    classes = ["ordered-inline"]
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            from django import forms

            kwargs["widget"] = forms.HiddenInput(attrs={"class": "ordered-position"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


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
class FilmAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "original_title", "year", "slug"]
    search_fields = [
        "title_en",
        "title_ru",
        "title_kk",
        "title_es",
        "original_title",
        "slug",
    ]
    inlines = [CreditInline, ParticipationInline, FinancingInline, FilmEventInline]


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
class PersonAdmin(TabbedTranslationAdmin):
    inlines = [PersonCreditInline]
    list_display = ["__str__", "country", "slug"]
    search_fields = ["name_en", "name_ru", "name_kk", "name_es", "slug"]


@admin.register(Organization)
class OrganizationAdmin(TabbedTranslationAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [OrganizationParticipationInline]
    list_display = ["__str__", "country", "slug"]
    search_fields = ["name_en", "name_ru", "name_kk", "name_es", "slug"]


@admin.register(Venue)
class VenueAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "country"]
    search_fields = ["name_en", "name_ru", "name_kk", "name_es", "city_en"]


@admin.register(Event)
class EventAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "kind", "film", "date_precision", "date"]
    list_filter = ["kind", "film"]
    list_select_related = ["film"]
    search_fields = ["title_en", "title_ru", "title_kk", "title_es", "slug"]
    autocomplete_fields = ["film", "venue", "platform"]


@admin.register(Image)
class ImageAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "width", "height"]
    search_fields = [
        "caption_en",
        "caption_ru",
        "caption_kk",
        "caption_es",
        "credit_en",
    ]
    readonly_fields = ["width", "height"]


@admin.register(PressContact)
class PressContactAdmin(TabbedTranslationAdmin):
    list_display = ["name", "organization", "email"]
    search_fields = ["name", "organization", "email"]


class ParagraphInline(OrderedInlineMixin, TranslationStackedInline):
    model = Paragraph
    fields = ["position", "kind", "speaker", "text"]
    autocomplete_fields = ["speaker"]


class ArticleImageInline(OrderedInlineMixin, admin.TabularInline):
    model = ArticleImage
    fields = ["position", "image"]
    autocomplete_fields = ["image"]


class StatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Article.Status.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        return {
            Article.Status.DRAFT: lambda: queryset.drafts(),
            Article.Status.SCHEDULED: lambda: queryset.scheduled(now),
            Article.Status.LIVE: lambda: queryset.live(now),
        }.get(self.value(), lambda: queryset)()


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
    title = gettext_lazy("incomplete in")
    parameter_name = "incomplete"

    def queryset(self, request, queryset):
        if self.value() in language_codes():
            return queryset.filter(
                pk__in=Article.objects.incomplete_in(self.value()).values("pk")
            )
        return queryset


def change_url(pk):
    return reverse("admin:articles_article_change", args=[pk])


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
class ArticleAdmin(TabbedTranslationAdmin):
    list_display = [
        "__str__",
        "film",
        "status_display",
        "completeness_display",
        "publish_at",
    ]
    list_filter = [
        StatusFilter,
        "film",
        PublishedLanguageFilter,
        IncompleteLanguageFilter,
    ]
    search_fields = ["title_en", "title_ru", "title_kk", "title_es", "slug"]
    autocomplete_fields = ["film", "people", "organizations", "events", "hero_image"]
    filter_horizontal = ["press_contacts"]
    readonly_fields = ["status_display", "completeness_display"]
    inlines = [ParagraphInline, ArticleImageInline]
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"

    class Media:
        js = ["articles/admin/reorder.js"]
        css = {"all": ["articles/admin/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_completeness().select_related("film")

    @admin.display(description=gettext_lazy("status"))
    def status_display(self, article):
        if article.pk is None:
            return Article.Status.DRAFT.label
        return article.status().label

    @admin.display(description=gettext_lazy("languages"))
    def completeness_display(self, article):
        if article.pk is None:
            return "—"
        if hasattr(article, "source_paragraphs"):
            return completeness_html(completeness.from_annotations(article))
        return completeness_html(completeness.detailed(article))

    # Saving ordered inlines

    def save_formset(self, request, form, formset, change):
        if formset.model in (Paragraph, ArticleImage):
            self.save_ordered(form.instance, formset)
        else:
            super().save_formset(request, form, formset, change)

    def save_ordered(self, article, formset):
        """Save the rows, then renumber them in the submitted order at once.

        Rows keep their stored position while saved, so the unique position
        constraint never sees two rows on one number; the admin's transaction
        makes the whole reorder one.
        """
        kept = []
        # The admin's change message reads these, as ModelFormSet.save() sets them.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = (
            [],
            [],
            [],
        )
        for index, inline_form in enumerate(formset.forms):
            instance = inline_form.instance
            if inline_form in formset.deleted_forms:
                if instance.pk is not None:
                    instance.delete()
                    formset.deleted_objects.append(instance)
                continue
            if instance.pk is None and not inline_form.has_changed():
                continue
            wanted = inline_form.cleaned_data.get("position")
            if inline_form.has_changed():
                is_new = instance.pk is None
                instance.position = inline_form.initial.get("position")
                instance.save()
                if is_new:
                    formset.new_objects.append(instance)
                else:
                    formset.changed_objects.append((instance, inline_form.changed_data))
            kept.append((wanted if wanted is not None else 10**9, index, instance.pk))
        ordered_pks = [pk for _wanted, _index, pk in sorted(kept)]
        if formset.model is Paragraph:
            article.reorder_paragraphs(ordered_pks)
        else:
            article.reorder_gallery(ordered_pks)

    def get_urls(self):
        views = [
            ("import/", self.import_view, "import"),
            (
                "import/<uuid:draft_id>/confirm/",
                self.import_confirm_view,
                "import_confirm",
            ),
            ("<int:pk>/export/", self.export_view, "export"),
            ("<int:pk>/publish/<str:language>/", self.publish_view, "publish"),
            ("<int:pk>/unpublish/<str:language>/", self.unpublish_view, "unpublish"),
            ("<int:pk>/preview/<str:language>/", self.preview_view, "preview"),
            ("<int:pk>/translate/<str:language>/", self.translate_view, "translate"),
            ("<int:pk>/xliff/<str:language>/", self.xliff_export_view, "xliff_export"),
            ("<int:pk>/xliff/", self.xliff_import_view, "xliff_import"),
        ]
        urls = [
            path(
                route, self.admin_site.admin_view(view), name=f"articles_article_{name}"
            )
            for route, view, name in views
        ]
        return urls + super().get_urls()

    # Publishing

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def publish_language(self, request, article, language):
        """The publish gate: True when published, else a message says why not."""
        missing, stale = article.publication_blockers(language)
        if missing or stale:
            reasons = []
            if missing:
                reasons.append(_("missing %(units)s") % {"units": ", ".join(missing)})
            if stale:
                reasons.append(_("stale %(units)s") % {"units": ", ".join(stale)})
            self.message_user(
                request,
                _("%(release)s cannot be published in %(language)s: %(reasons)s.")
                % {
                    "release": article,
                    "language": local_name(language),
                    "reasons": "; ".join(reasons),
                },
                messages.ERROR,
            )
            return False
        article.publish(language, user=request.user)
        return True

    def _article_to_publish(self, request, pk, language):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        if language not in language_codes():
            raise Http404(_("Unknown language."))
        return get_object_or_404(Article, pk=pk)

    @method_decorator(require_POST)
    def publish_view(self, request, pk, language):
        article = self._article_to_publish(request, pk, language)
        if self.publish_language(request, article, language):
            self.message_user(
                request,
                _("%(release)s is published in %(language)s.")
                % {"release": article, "language": local_name(language)},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(change_url(pk))

    @method_decorator(require_POST)
    def unpublish_view(self, request, pk, language):
        article = self._article_to_publish(request, pk, language)
        article.unpublish(language)
        self.message_user(
            request,
            _("%(release)s is no longer published in %(language)s.")
            % {"release": article, "language": local_name(language)},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(change_url(pk))

    @method_decorator(never_cache)
    def preview_view(self, request, pk, language):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if language not in language_codes():
            raise Http404(_("Unknown language."))
        with translation.override(language):
            response = ArticlePreviewView.as_view()(request, pk=pk)
            response.render()
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    # Translating

    def translate_view(self, request, pk, language):
        """Source on the left, the translation on the right; one save for all."""
        article = get_object_or_404(Article, pk=pk)
        if language not in language_codes() or language == article.source_language:
            raise Http404(_("There is nothing to translate into this language."))
        if not can_translate(request.user, language):
            raise PermissionDenied
        all_units = completeness.article_units(article)
        only_todo = request.GET.get("only") == "todo"
        units = [u for u in all_units if not only_todo or u.state(language) != CURRENT]
        if request.method == "POST":
            saved, confirmed = self.save_translations(request, units, language)
            self.message_user(
                request,
                _("Saved %(saved)s translations and confirmed %(confirmed)s.")
                % {"saved": saved, "confirmed": confirmed},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.get_full_path())
        counts = Counter(unit.state(language) for unit in all_units)
        title = _("Translate into %(language)s") % {"language": local_name(language)}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": title,
            "language": language,
            "rows": [
                (unit, unit.state(language), unit.text(language)) for unit in units
            ],
            "only_todo": only_todo,
            "counts": {state: counts[state] for state in (MISSING, STALE, CURRENT)},
            "total": len(all_units),
        }
        template = "admin/articles/article/translate.html"
        return TemplateResponse(request, template, context)

    @staticmethod
    def save_translations(request, units, language):
        """Only ``language``'s texts change; the source is never written."""
        texts = {
            unit.key: request.POST[unit.key].replace("\r\n", "\n").strip()
            for unit in units
            if unit.key in request.POST
        }
        confirms = {
            unit.key for unit in units if request.POST.get(f"confirm-{unit.key}")
        }
        return translation_state.apply(units, language, texts, confirms)

    def xliff_export_view(self, request, pk, language):
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        if language not in language_codes() or language == article.source_language:
            raise Http404(_("There is nothing to translate into this language."))
        response = HttpResponse(
            xliff.export_xliff(article, language),
            content_type="application/x-xliff+xml",
        )
        name = f"{article.slug}.{language}.xlf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @method_decorator(require_POST)
    def xliff_import_view(self, request, pk):
        """An agency's file back: applied, unchanged and refused units reported."""
        article = get_object_or_404(Article, pk=pk)
        language = request.POST.get("language", "")
        if language not in language_codes():
            raise Http404(_("Unknown language."))
        if not can_translate(request.user, language):
            raise PermissionDenied
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise xliff.XliffRefused(_("Choose an XLIFF file to upload."))
            if upload.size > xliff.MAX_BYTES:
                raise xliff.XliffRefused(_("The file is too large."))
            _found, _language, result = xliff.import_xliff(
                upload.read(), article=article, language=language
            )
        except xliff.XliffRefused as refusal:
            self.message_user(
                request, _("%(error)s Nothing was changed.") % {"error": refusal},
                messages.ERROR,
            )  # fmt: skip
        else:
            self.message_user(request, xliff.summary(result), messages.SUCCESS)
            for key, reason in result.refused:
                self.message_user(request, f"{key}: {reason}", messages.WARNING)
        return HttpResponseRedirect(change_url(pk))

    # Import and export

    def import_view(self, request):
        """Upload, then show what was understood; the draft waits for a confirm."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        ImportDraft.objects.filter(expires_at__lte=timezone.now()).delete()
        form = ImportForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import a parallel text"),
            "form": form,
            "expiry_minutes": IMPORT_EXPIRY_MINUTES,
        }
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data["file"].read()
            source = form.cleaned_data["source_language"] or None
            try:
                report = importers.parse(data, importers.people_for_matching(), source)
            except importers.ImportRefused as refusal:
                form.add_error("file", str(refusal))
            else:
                draft = ImportDraft.objects.create(
                    created_by=request.user,
                    expires_at=timezone.now()
                    + timezone.timedelta(minutes=IMPORT_EXPIRY_MINUTES),
                    filename=form.cleaned_data["file"].name[:255],
                    data=data,
                    source_language=source or "",
                    film=form.cleaned_data["film"],
                )
                context.update(
                    report=report, draft=draft, title=_("What was understood")
                )
                return TemplateResponse(
                    request, "admin/articles/article/import_report.html", context
                )
        return TemplateResponse(request, "admin/articles/article/import.html", context)

    @method_decorator(require_POST)
    def import_confirm_view(self, request, draft_id):
        if not self.has_add_permission(request):
            raise PermissionDenied
        draft = ImportDraft.objects.filter(pk=draft_id, created_by=request.user).first()
        if draft is None or draft.expired:
            if draft is not None:
                draft.delete()
            self.message_user(
                request,
                _(
                    "This upload has expired (uploads are kept %(minutes)s minutes) "
                    "or was already imported. Upload the file again."
                )
                % {"minutes": IMPORT_EXPIRY_MINUTES},
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:articles_article_import"))
        try:
            _report, article = importers.import_file(
                bytes(draft.data), draft.source_language or None, draft.film
            )
        except importers.ImportRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_article_import"))
        finally:
            draft.delete()
        self.log_addition(request, article, [{"added": {}}])
        self.message_user(
            request,
            _("The draft release “%(release)s” was created from %(file)s.")
            % {"release": article, "file": draft.filename},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[article.pk])
        )

    def export_view(self, request, pk):
        """Parallel text of chosen languages, or plain text of one, to download."""
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        codes = [code for code in request.GET.get("languages", "").split(",") if code]
        plain = request.GET.get("plain") == "1"
        if not codes or any(code not in language_codes() for code in codes):
            return HttpResponseBadRequest(
                _("Choose languages among %(codes)s, e.g. ?languages=en,ru.")
                % {"codes": ", ".join(language_codes())},
                content_type="text/plain; charset=utf-8",
            )
        if plain and len(codes) != 1:
            return HttpResponseBadRequest(
                _("Plain text is one language: give exactly one."),
                content_type="text/plain; charset=utf-8",
            )
        text = importers.export_release(article, codes, plain=plain)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        name = f"{article.slug}.{'-'.join(codes)}.txt"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

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
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Actions on the list

    def get_actions(self, request):
        """One publish and one unpublish action per language, for Editors."""
        actions = super().get_actions(request)
        if not self.has_publish_permission(request):
            return actions
        for code in language_codes():
            language = local_name(code)
            actions[f"publish_{code}"] = (
                self._publish_action(code),
                f"publish_{code}",
                _("Publish selected releases in %(language)s") % {"language": language},
            )
            actions[f"unpublish_{code}"] = (
                self._unpublish_action(code),
                f"unpublish_{code}",
                _("Unpublish selected releases in %(language)s")
                % {"language": language},
            )
        return actions

    def _publish_action(self, language):
        def action(modeladmin, request, queryset):
            if not self.has_publish_permission(request):
                raise PermissionDenied
            published = sum(
                1
                for article in queryset
                if self.publish_language(request, article, language)
            )
            if published:
                message = ngettext(
                    "%(count)s release published in %(language)s.",
                    "%(count)s releases published in %(language)s.",
                    published,
                )
                self.message_user(
                    request,
                    message % {"count": published, "language": local_name(language)},
                    messages.SUCCESS,
                )

        return action

    def _unpublish_action(self, language):
        def action(modeladmin, request, queryset):
            if not self.has_publish_permission(request):
                raise PermissionDenied
            for article in queryset:
                article.unpublish(language)
            self.message_user(
                request,
                _("Selected releases unpublished in %(language)s.")
                % {"language": local_name(language)},
                messages.SUCCESS,
            )

        return action


@admin.register(Translator)
class TranslatorAdmin(admin.ModelAdmin):
    form = TranslatorForm
    list_display = ["user", "languages_display"]
    autocomplete_fields = ["user"]

    @admin.display(description=gettext_lazy("languages"))
    def languages_display(self, translator):
        return ", ".join(local_name(code) for code in translator.languages)
