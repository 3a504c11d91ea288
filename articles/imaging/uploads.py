"""Whether an uploaded file is an image a press office may store.

The decision is made by decoding the content with Pillow, never by the name
or the browser's content type: a PHP script or an SVG renamed ``.jpg`` is
refused because Pillow cannot read it as a JPEG, PNG, WebP or HEIC. Every
limit is checked from the header before any pixel is decoded, so a hostile
file costs at most one bounded decode.
"""

import hashlib
import math
import re
import struct
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import open_image

# A full-size camera JPEG or HEIC is well under 30 MB; a 16-bit PNG scan of
# a poster may not be.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# A 24 MP still (6000x4000) and a 61 MP full-frame camera (9504x6336) pass.
# The worst decode is a 64 MP PNG, WebP or HEIC: 256 MB as RGBA (JPEG is
# decoded at 1/8 scale); below Pillow's own bomb limit (89 MP).
MAX_PIXELS = 64_000_000
# Pillow's format name -> the extension the original is stored under.
FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}

# The plugins Image.open may try: no other parser sees an uploaded file. MPO
# has no opener of its own (the JPEG opener returns it).
_OPENERS = ("JPEG", "PNG", "WEBP", "HEIF")
_CHUNK = 1024 * 1024
_MEGABYTE = 1024 * 1024
# What Pillow and pillow-heif raise for a file they cannot open or decode.
_DECODING_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    struct.error,
    EOFError,
    IndexError,
    TypeError,
    KeyError,
    RuntimeError,
)


@dataclass(frozen=True)
class CheckedImage:
    format: str  # Pillow's format name, e.g. "JPEG"
    extension: str  # from FORMATS
    width: int  # as stored in the file (before EXIF orientation)
    height: int
    sha256: str  # hex digest of the whole file's bytes
    size: int  # bytes


def check_image(file) -> CheckedImage:
    """Refuse anything but a complete still JPEG, PNG, WebP or HEIC within limits.

    ``file`` is a Django UploadedFile or any seekable binary file object; it is
    left at position 0. Refusals are ValidationErrors whose message names the
    problem, so a form can show them as they are.
    """
    try:
        size = _size(file)
        if getattr(file, "too_large", False) or size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB."),
                code="too_large",
                params={
                    "size": _rounded(size / _MEGABYTE, up=True),
                    "limit": _rounded(MAX_UPLOAD_BYTES / _MEGABYTE),
                },
            )
        if size == 0:
            raise ValidationError(_("The file is empty."), code="empty")
        format_, width, height = _decode(file)
        return CheckedImage(
            format=format_,
            extension=FORMATS[format_],
            width=width,
            height=height,
            sha256=_sha256(file),
            size=size,
        )
    finally:
        file.seek(0)


def stored_name(checked: CheckedImage) -> str:
    """A name made from the content: the uploader's name may be a path, a
    script's extension or someone's private file name, and the same photo
    uploaded twice lands on the same file."""
    sha = checked.sha256
    return f"originals/{sha[:2]}/{sha[:32]}.{checked.extension}"


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Uploads stream to a temporary file on disk, never into a worker's memory,
    and stop being written once they pass MAX_UPLOAD_BYTES.

    The rest of a file too large is read (the client is still sending it) and
    counted but not kept; the file gets ``too_large = True`` and ``size`` = all
    the bytes received, so check_image and any other size check refuse it by
    its real size, not by the part that was kept.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received <= MAX_UPLOAD_BYTES:
            self.file.write(raw_data)
        return None

    def file_complete(self, file_size):
        file = super().file_complete(file_size)
        file.size = self.received
        file.too_large = self.received > MAX_UPLOAD_BYTES
        return file


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        size = file.seek(0, 2)
    return size


def _decode(file) -> tuple[str, int, int]:
    """Pillow's format and the stored width and height, after a full decode.

    Pillow's own decompression-bomb limit is made an error here, without
    changing Image.MAX_IMAGE_PIXELS for the rest of the process (renditions
    of accepted images stay under it anyway): whichever of it and MAX_PIXELS
    speaks first, the refusal is the same. catch_warnings is process-wide, so
    another thread may restore the filters meanwhile; then Pillow only warns,
    and MAX_PIXELS (below Pillow's limit) still refuses the image.
    """
    from PIL import Image

    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                im = open_image(file, formats=_OPENERS)
            except Image.UnidentifiedImageError as error:
                raise _not_accepted() from error
            except _DECODING_ERRORS as error:
                # An opener knew the signature, then failed: a WebP cut short
                # fails here, where a JPEG cut short fails in load().
                raise _damaged() from error
            with im:
                width, height = im.size
                if im.format not in FORMATS:
                    raise _not_accepted()
                if width * height > MAX_PIXELS:
                    raise _too_many_pixels(width * height)
                if im.format != "MPO" and (
                    getattr(im, "is_animated", False) or getattr(im, "n_frames", 1) > 1
                ):
                    raise ValidationError(
                        _("Animated images are not accepted; upload a still."),
                        code="animated",
                    )
                try:
                    if im.format in ("JPEG", "MPO"):
                        # Still decodes every byte (so a cut file is found),
                        # into 1/64 of the memory.
                        im.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    im.load()
                    if im.format == "PNG":
                        _verify_png(file)
                except _DECODING_ERRORS as error:
                    raise _damaged() from error
                return im.format, width, height
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as bomb:
        # Pillow names the count: "Image size (N pixels) exceeds limit ..."
        found = re.search(r"\((\d+) pixels\)", str(bomb))
        raise _too_many_pixels(int(found[1]) if found else None) from bomb


def _verify_png(file):
    """load() stops once the pixels are in, so a PNG cut after its image data
    (no IEND) would pass; verify() reads every chunk to IEND, checksums too."""
    from PIL import Image

    file.seek(0)
    with Image.open(file, formats=("PNG",)) as again:
        again.verify()


def _not_accepted() -> ValidationError:
    return ValidationError(
        _("This file is not an image Pressroom accepts (JPEG, PNG, WebP or HEIC)."),
        code="not_image",
    )


def _damaged() -> ValidationError:
    return ValidationError(
        _("The image file is incomplete or damaged."), code="damaged"
    )


def _too_many_pixels(pixels: int | None) -> ValidationError:
    limit = _rounded(MAX_PIXELS / 1_000_000)
    if pixels is None:
        return ValidationError(
            _("The image has more than %(limit)s million pixels."),
            code="too_many_pixels",
            params={"limit": limit},
        )
    return ValidationError(
        _("The image has %(pixels)s million pixels; the limit is %(limit)s million."),
        code="too_many_pixels",
        params={"pixels": _rounded(pixels / 1_000_000, up=True), "limit": limit},
    )


def _rounded(value: float, up: bool = False) -> str:
    """One decimal at most, in the reader's number format. Rounded up for what
    was found, so a file just over a limit never reads as equal to it."""
    tenths = math.ceil(value * 10) if up else round(value * 10)
    return number_format(tenths // 10 if tenths % 10 == 0 else tenths / 10)


def _sha256(file) -> str:
    digest = hashlib.sha256()
    if hasattr(file, "chunks"):
        for chunk in file.chunks():
            digest.update(chunk)
    else:
        file.seek(0)
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
