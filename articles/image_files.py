"""Renditions and downloads, each built once per image and key and then reused.

A key names everything that decides a file's bytes (the spec, the focal point
of a crop, the labels of a download), so a change makes a new key rather
than a stale file; the old file is deleted with its row. Two requests that
build the same key at once both succeed: the unique key lets one row in and
the other request serves it.
"""

import hashlib
import json
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete, post_save

from .imaging import downloads, renditions
from .models import Image, Rendition

log = logging.getLogger(__name__)

DOWNLOAD_SIZES = ("full", "print")


def rendition_key(image, spec):
    if spec.crop:
        return f"{spec.name}@{image.focal_x:.3f},{image.focal_y:.3f}"
    return spec.name


def file_name(image, key, extension):
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    stem = key.split("@")[0]
    return f"renditions/{image.pk}/{stem}-{digest}.{extension}"


def keep(image, key, content, width, height, content_type, extension):
    """Store a built file under ``key``, or the one another request stored first."""
    rendition = Rendition(
        image=image, key=key, width=width, height=height, content_type=content_type
    )
    rendition.file.save(
        file_name(image, key, extension), ContentFile(content), save=False
    )
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        rendition.file.storage.delete(rendition.file.name)
        return Rendition.objects.get(image=image, key=key)
    return rendition


def web_widths(image):
    """The spec widths a page lists for ``image``: none wider than the
    original except the first that reaches it (made at the original's width)."""
    widths = renditions.WEB_WIDTHS
    smaller = [width for width in widths if width < image.width]
    return smaller + [width for width in widths if width >= image.width][:1]


def page_specs(image):
    """Every spec pages and the admin use for ``image``."""
    names = [
        f"w{width}-{kind}" for width in web_widths(image) for kind in ("jpeg", "webp")
    ]
    names += ["thumb-jpeg", "thumb-webp", "social-jpeg"]
    return [renditions.SPECS[name] for name in names]


def build_renditions(image, specs=None):
    """Make every missing rendition from one decoding of the original."""
    specs = list(specs or page_specs(image))
    have = set(Rendition.objects.filter(image=image).values_list("key", flat=True))
    missing = [spec for spec in specs if rendition_key(image, spec) not in have]
    if not missing:
        return []
    with image.file.open("rb") as original:
        made = renditions.render_all(original, missing, image.focal)
    return [
        keep(
            image,
            rendition_key(image, result.spec),
            result.content,
            result.width,
            result.height,
            result.content_type,
            result.extension,
        )
        for result in made
    ]


def rendition(image, spec):
    """The rendition of ``image`` for ``spec``: found, or built now."""
    key = rendition_key(image, spec)
    found = Rendition.objects.filter(image=image, key=key).first()
    if found:
        return found
    made = build_renditions(image, [spec])
    # Empty when another request stored it between the two looks.
    return made[0] if made else Rendition.objects.get(image=image, key=key)


def labels(image, language):
    """Caption, credit and copyright as a page in ``language`` shows them."""
    caption = image.text_or_source("caption", language)
    return downloads.Labels(
        language=caption.language if caption else language,
        caption=caption.text,
        credit=image.shown_credit(language).text,
        copyright=image.copyright,
    )


def download(image, language, size):
    """The labelled file a journalist downloads, built once per wording."""
    words = labels(image, language)
    digest = hashlib.sha256(
        json.dumps(words.__dict__, sort_keys=True).encode()
    ).hexdigest()[:16]
    key = f"download-{size}-{language}@{digest}"
    found = Rendition.objects.filter(image=image, key=key).first()
    if found:
        return found
    build = downloads.full_download if size == "full" else downloads.print_download
    with image.file.open("rb") as original:
        made = build(original, image.format, words)
    # The wording changed: the files made for the old one go.
    for old in Rendition.objects.filter(
        image=image, key__startswith=f"download-{size}-{language}@"
    ):
        old.delete()
    return keep(
        image, key, made.content, made.width, made.height, made.content_type,
        made.extension,
    )  # fmt: skip


def drop_stale_crops(image):
    """After the focal point moves, crops made around the old one go."""
    for spec in renditions.SPECS.values():
        if spec.crop:
            current = rendition_key(image, spec)
            for old in image.renditions.filter(key__startswith=f"{spec.name}@"):
                if old.key != current:
                    old.delete()


def after_image_saved(sender, instance, created, **kwargs):
    """Right after an upload is saved (committed), its renditions are made."""
    drop_stale_crops(instance)

    def build():
        try:
            build_renditions(instance)
        except Exception:  # the file view builds any that are missing
            log.exception("Renditions of image %s could not be built now", instance.pk)

    transaction.on_commit(build)


def delete_file(sender, instance, **kwargs):
    """A deleted row's file goes too, once the deletion is committed."""
    field = instance.file
    if field.name:
        storage, name = field.storage, field.name
        transaction.on_commit(lambda: storage.delete(name))


def connect():
    post_save.connect(after_image_saved, sender=Image, dispatch_uid="image-files")
    post_delete.connect(delete_file, sender=Image, dispatch_uid="image-files")
    post_delete.connect(delete_file, sender=Rendition, dispatch_uid="image-files")
