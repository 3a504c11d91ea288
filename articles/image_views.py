"""Every image file goes out through here, after visibility is decided.

Public images are sent to anyone; any other image only to staff, or under a
personal embargo link that grants its release, and then marked private so no
shared cache keeps it. A wrong version, an unknown
spec, size or language, or an image nobody may see yet: 404, the same
answer whether or not the image exists.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from . import image_files
from .imaging.renditions import FORMATS, SPECS
from .languages import language_codes
from .models import Image
from .slugs import latin_slug


def is_staff(user):
    return user.is_active and user.is_staff


def visible_image(request, pk, version, language=None):
    """The image if this request may see it, and whether it is public."""
    found = Image.objects.public(language).filter(pk=pk, version=version).first()
    if found:
        return found, True
    link = getattr(request, "embargo_link", None)  # set under /embargo/<token>/
    if link is not None:
        found = (
            Image.objects.through_link(link, language)
            .filter(pk=pk, version=version)
            .first()
        )
        if found:
            return found, False
    if is_staff(request.user):
        found = Image.objects.filter(pk=pk, version=version).first()
        if found:
            return found, False
    raise Http404


def send(request, stored, content_type, public, etag, filename=None):
    """The file itself, or a 304, or (behind nginx) the internal redirect to it."""
    if public:
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            patch_cache_control(not_modified, public=True, no_cache=True)
            return not_modified
    if settings.MEDIA_ACCEL_PREFIX:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX + stored.name
    else:
        response = FileResponse(stored.open("rb"), content_type=content_type)
    if filename:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    if public:
        # Anyone may keep a copy, but must ask again before using it: an
        # image that stops being public is gone from caches at once.
        response["ETag"] = etag
        patch_cache_control(response, public=True, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_store=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def rendition(request, pk, version, spec, extension):
    spec = SPECS.get(spec)
    if spec is None or extension != FORMATS[spec.format][1]:
        raise Http404
    image, public = visible_image(request, pk, version)
    made = image_files.rendition(image, spec)
    etag = f'"{image.version}-{made.pk}"'
    return send(request, made.file, made.content_type, public, etag)


@require_safe
def download(request, pk, version, language, size):
    if language not in language_codes() or size not in image_files.DOWNLOAD_SIZES:
        raise Http404
    image, public = visible_image(request, pk, version, language)
    made = image_files.download(image, language, size)
    name = latin_slug(image.text_or_source("caption", language).text)[:60]
    extension = made.file.name.rsplit(".", 1)[-1]
    filename = f"{name or 'image'}-{image.pk}-{language}-{size}.{extension}"
    etag = f'"{image.version}-{made.pk}"'
    return send(request, made.file, made.content_type, public, etag, filename)


@require_safe
def original(request, pk, version):
    """The file as uploaded, metadata and all: for staff only, public or not."""
    if not is_staff(request.user):
        raise Http404
    image = Image.objects.filter(pk=pk, version=version).first()
    if image is None:
        raise Http404
    content_type = CONTENT_TYPES.get(image.format, "application/octet-stream")
    filename = f"original-{image.pk}.{image.file.name.rsplit('.', 1)[-1]}"
    return send(request, image.file, content_type, False, None, filename)


CONTENT_TYPES = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "HEIF": "image/heif",
}
