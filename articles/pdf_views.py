"""PDF downloads: built once per content and stored; 503 where the server
cannot make PDFs (no Pango), so that the pages themselves still work."""

from django.conf import settings
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from . import pdf
from .file_responses import stored_file_response
from .languages import active_language
from .presskits import content


@require_safe
def release_pdf(request, slug):
    language = active_language()
    release = content.releases_queryset(language, timezone.now()).filter(slug=slug)
    release = release.first()
    if release is None:
        raise Http404("No release with this address is public.")
    if not pdf.available():
        return unavailable(request)
    return send(request, pdf.release_printable(release, language))


@require_safe
def fact_sheet(request, slug):
    film = content.film_queryset().filter(slug=slug).first()
    if film is None:
        raise Http404("No film with this address.")
    if not pdf.available():
        return unavailable(request)
    return send(request, pdf.fact_sheet_printable(film, active_language()))


def send(request, printable):
    stored = pdf.stored(printable)
    return stored_file_response(
        request,
        stored,
        content_type="application/pdf",
        etag=f'"{printable.digest[:32]}"',
        last_modified=stored.storage.get_modified_time(stored.name),
        filename=printable.filename,
        accel_prefix=settings.MEDIA_ACCEL_PREFIX,
    )


def unavailable(request):
    response = TemplateResponse(request, "articles/pdf_unavailable.html", status=503)
    patch_cache_control(response, no_store=True)
    return response
