"""The side-by-side translation screen, XLIFF for agencies, Word for translators."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import audit, completeness, xliff
from ..groups import can_translate, translatable_languages
from ..history import release_revision
from ..languages import display_name, language_codes
from ..models import Article
from ..translation_files import REFUSALS_SHOWN, summary
from ..translation_state import CURRENT, MISSING, STALE
from ..word import roundtrip
from ..word.package import WordRefused
from .forms import TranslationForm, WordUploadForm, XliffUploadForm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TranslationViews:
    def custom_views(self):
        return [
            ("<int:pk>/translate/<str:language>/", self.translate_view, "translate"),
            ("<int:pk>/xliff/<str:language>/", self.xliff_export_view, "xliff_export"),
            ("<int:pk>/xliff/", self.xliff_import_view, "xliff_import"),
            ("<int:pk>/docx/<str:language>/", self.docx_export_view, "docx_export"),
            ("<int:pk>/docx/", self.docx_import_view, "docx_import"),
            *super().custom_views(),
        ]

    def translation_target(self, request, pk, language):
        article = get_object_or_404(Article, pk=pk)
        if language not in language_codes() or language == article.source_language:
            raise Http404(_("There is nothing to translate into this language."))
        return article

    def translate_view(self, request, pk, language):
        """Source on the left, the translation on the right; one save for all."""
        article = self.translation_target(request, pk, language)
        if not can_translate(request.user, language):
            raise PermissionDenied
        all_units = [
            unit for unit in completeness.article_units(article) if unit.source
        ]
        only_todo = request.GET.get("only") == "todo"
        units = [u for u in all_units if not only_todo or u.state(language) != CURRENT]
        form = TranslationForm(
            units,
            language,
            request.POST or None,
            published=article.published_languages,
        )
        if request.method == "POST" and form.is_valid():
            with release_revision(
                request.user, "translated", article, language=language
            ) as revision:
                saved, confirmed = form.save()
                revision.params.update(saved=saved, confirmed=confirmed)
            if saved or confirmed:
                audit.log(
                    request.user,
                    article,
                    "translated",
                    language=language,
                    saved=saved,
                    confirmed=confirmed,
                )
            self.message_user(
                request,
                _("Saved %(saved)s translations and confirmed %(confirmed)s.")
                % {"saved": saved, "confirmed": confirmed},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.get_full_path())
        if form.errors:
            self.message_user(
                request,
                _("Nothing was saved: please correct the errors below."),
                messages.ERROR,
            )
        counts = Counter(unit.state(language) for unit in all_units)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Translate into %(language)s")
            % {"language": display_name(language)},
            "language": language,
            "form": form,
            "only_todo": only_todo,
            "counts": {state: counts[state] for state in (MISSING, STALE, CURRENT)},
            "total": len(all_units),
        }
        template = "admin/articles/article/translate.html"
        return TemplateResponse(
            request, template, context, status=400 if form.errors else 200
        )

    def xliff_export_view(self, request, pk, language):
        article = self.translation_target(request, pk, language)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        response = HttpResponse(
            xliff.export_xliff(article, language),
            content_type="application/x-xliff+xml",
        )
        name = f"{article.slug}.{language}.xlf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def docx_export_view(self, request, pk, language):
        article = self.translation_target(request, pk, language)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        response = HttpResponse(
            roundtrip.export_docx(article, language), content_type=DOCX
        )
        name = roundtrip.file_name(article, language)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @method_decorator(require_POST)
    def xliff_import_view(self, request, pk):
        """An agency's file back: applied, unchanged and refused units reported."""
        return self.translation_file_import(
            request,
            pk,
            XliffUploadForm,
            xliff.import_xliff,
            xliff.XliffRefused,
            "xliff",
        )

    @method_decorator(require_POST)
    def docx_import_view(self, request, pk):
        """A translator's Word document back, reported as an XLIFF file is."""
        return self.translation_file_import(
            request, pk, WordUploadForm, roundtrip.import_docx, WordRefused, "docx"
        )

    def translation_file_import(
        self, request, pk, form_class, importer, refusal, action
    ):
        """Apply an uploaded file to the language chosen; a refusal changes nothing."""
        article = get_object_or_404(Article, pk=pk)
        languages = translatable_languages(request.user)
        if request.POST.get("language") in language_codes() and (
            request.POST["language"] not in languages
        ):
            raise PermissionDenied
        form = form_class(languages, request.POST, request.FILES)
        if not form.is_valid():
            self.message_form_errors(request, form)
            return self.redirect_to_change(pk)
        language = form.cleaned_data["language"]
        try:
            _found, _language, result = importer(
                form.cleaned_data["file"].read(),
                article=article,
                language=language,
                user=request.user,
            )
            audit.log(
                request.user,
                article,
                action,
                language=language,
                applied=result.applied,
                unchanged=result.unchanged,
                refused=len(result.refused),
            )
        except refusal as refused:
            self.message_user(
                request, _("%(error)s Nothing was changed.") % {"error": refused},
                messages.ERROR,
            )  # fmt: skip
        else:
            self.message_user(request, summary(result), messages.SUCCESS)
            for key, reason in result.refused[:REFUSALS_SHOWN]:
                self.message_user(request, f"{key}: {reason}", messages.WARNING)
            hidden = len(result.refused) - REFUSALS_SHOWN
            if hidden > 0:
                self.message_user(
                    request,
                    _("…and %(count)s more units refused.") % {"count": hidden},
                    messages.WARNING,
                )
        return self.redirect_to_change(pk)
