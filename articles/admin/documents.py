"""Parallel-text documents: an upload, a report, a confirm; and downloads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import audit, importers
from ..models import Article, ImportDraft, ImportDraftFile
from ..word.importing import parse_files
from .forms import ExportForm, ImportForm

IMPORT_EXPIRY_MINUTES = 30


class DocumentViews:
    def custom_views(self):
        return [
            ("import/", self.import_view, "import"),
            (
                "import/<uuid:draft_id>/confirm/",
                self.import_confirm_view,
                "import_confirm",
            ),
            ("<int:pk>/export/", self.export_view, "export"),
            *super().custom_views(),
        ]

    def import_view(self, request):
        """Upload, then show what was understood; the draft waits for a confirm."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        ImportDraft.objects.filter(expires_at__lte=timezone.now()).delete()
        form = ImportForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import a release"),
            "form": form,
            "expiry_minutes": IMPORT_EXPIRY_MINUTES,
        }
        if request.method == "POST" and form.is_valid():
            files = [
                (upload.name[:255], upload.read())
                for upload in form.cleaned_data["file"]
            ]
            source = form.cleaned_data["source_language"] or None
            try:
                report = parse_files(files, importers.people_for_matching(), source)
            except importers.ImportRefused as refusal:
                form.add_error("file", str(refusal))
            else:
                draft = self.keep_upload(request, form, files, source)
                context.update(
                    report=report,
                    draft=draft,
                    filenames=", ".join(name for name, _data in files),
                    title=_("What was understood"),
                )
                return TemplateResponse(
                    request, "admin/articles/article/import_report.html", context
                )
        return TemplateResponse(request, "admin/articles/article/import.html", context)

    @staticmethod
    @transaction.atomic
    def keep_upload(request, form, files, source):
        (filename, data), *others = files
        draft = ImportDraft.objects.create(
            created_by=request.user,
            expires_at=timezone.now()
            + timezone.timedelta(minutes=IMPORT_EXPIRY_MINUTES),
            filename=filename,
            data=data,
            source_language=source or "",
            film=form.cleaned_data["film"],
        )
        ImportDraftFile.objects.bulk_create(
            ImportDraftFile(draft=draft, position=position, filename=name, data=data)
            for position, (name, data) in enumerate(others, 2)
        )
        return draft

    @method_decorator(require_POST)
    def import_confirm_view(self, request, draft_id):
        """Create the release once, however many times the confirm is sent.

        The draft's row is locked and deleted in the transaction that creates
        the release: a second confirm (double click, another tab) waits, then
        finds no draft.
        """
        if not self.has_add_permission(request):
            raise PermissionDenied
        with transaction.atomic():
            draft = (
                ImportDraft.objects.select_for_update()
                .filter(pk=draft_id, created_by=request.user)
                .first()
            )
            if draft is None or draft.expired:
                if draft is not None:
                    draft.delete()
                article = None
            else:
                files = draft.files()
                try:
                    _report, article = importers.import_files(
                        files,
                        draft.source_language or None,
                        draft.film,
                        user=request.user,
                    )
                except importers.ImportRefused as refusal:
                    draft.delete()
                    self.message_user(request, str(refusal), messages.ERROR)
                    return HttpResponseRedirect(
                        reverse("admin:articles_article_import")
                    )
                draft.delete()
                names = ", ".join(name for name, _data in files)
                audit.log(
                    request.user, article, "imported", flag=audit.ADDITION, file=names
                )
        if article is None:
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
        self.message_user(
            request,
            _("The draft release “%(release)s” was created from %(file)s.")
            % {"release": article, "file": names},
            messages.SUCCESS,
        )
        return self.redirect_to_change(article.pk)

    def export_view(self, request, pk):
        """Parallel text of chosen languages, or plain text of one, to download."""
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        form = ExportForm(request.GET)
        if not form.is_valid():
            return HttpResponseBadRequest(
                " ".join(error for errors in form.errors.values() for error in errors),
                content_type="text/plain; charset=utf-8",
            )
        codes = form.cleaned_data["languages"]
        text = importers.export_release(
            article, codes, plain=form.cleaned_data["plain"]
        )
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        name = f"{article.slug}.{'-'.join(codes)}.txt"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
