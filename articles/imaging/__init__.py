"""Images as a press office needs them: checked uploads, renditions for pages,
and downloads that carry their caption and credit in the file itself.

The modules here work on files, not on models (``articles.models.images``
keeps the rows), so each can be tested with a file made in the test.

Pillow, pillow_heif and pyexiv2 are imported by the functions that need them,
not by these modules: pages import the modules (for SPECS, the sizes...) and
a worker that serves stored files never loads the libraries.
"""

import functools
import os


@functools.cache
def register_heif():
    """HEIC/HEIF, as phones save photos: Pillow opens them once this has run.

    pillow_heif and libheif (some MiB) are loaded then, not when this package
    is imported: a worker that only serves pages never loads them. Registering
    twice (two threads at once) does no harm.
    """
    from pillow_heif import register_heif_opener

    register_heif_opener()


def open_image(source, formats=None):
    """``Image.open`` for a file that may be an original (an upload): HEIF is
    registered first if the file starts as pillow_heif's opener requires
    (an ISO media file, ``ftyp`` at byte 4), so a JPEG, PNG or WebP opens
    without loading it, and a HEIC opens as it always did."""
    from PIL import Image

    if _may_be_heif(source):
        register_heif()
    elif formats is not None:
        # Pillow fails with KeyError on a format it has no opener for; the
        # HEIF opener would refuse this file anyway.
        formats = [name for name in formats if name.upper() != "HEIF"]
    return Image.open(source, formats=formats)


def _may_be_heif(source):
    if isinstance(source, str | bytes | os.PathLike):
        with open(source, "rb") as file:
            head = file.read(12)
    else:
        try:  # as Image.open reads it: from the start
            source.seek(0)
            head = source.read(12)
            source.seek(0)
        except (AttributeError, OSError):  # not seekable: Pillow copies it
            return True
    return head[4:8] == b"ftyp"
