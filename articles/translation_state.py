"""What each translation was made from, so a changed source shows it stale.

Like wagtail-localize's translation source: every translated unit keeps, per
target language, a digest of the source text it was translated from
(``translated_from = {field: {language: digest}}``). A unit is *missing* in a
language with no text, *stale* when its recorded digest is not the digest of
today's source, *current* otherwise. A translation with no record was made
from today's source; when the source changes, such translations are recorded
against the old source, so they turn stale too.
"""

import hashlib
import unicodedata
from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .languages import language_codes

MISSING, STALE, CURRENT = "missing", "stale", "current"


def text_digest(text: str) -> str:
    """A short fingerprint of a text; spacing and Unicode form do not count."""
    normalized = " ".join(unicodedata.normalize("NFC", text or "").split())
    return hashlib.sha256(normalized.encode()).hexdigest()[:16]


def text_of(obj, field, language):
    return obj.text_in(field, language).text


def state(obj, field, language):
    """MISSING, STALE or CURRENT for one unit, or None if it is not a unit."""
    source = text_of(obj, field, obj.source_language)
    if not source:
        return None
    if language == obj.source_language:
        return CURRENT
    if not text_of(obj, field, language):
        return MISSING
    recorded = obj.translated_from.get(field, {}).get(language)
    if recorded is not None and recorded != text_digest(source):
        return STALE
    return CURRENT


def record_changes(obj, loaded):
    """Before a save: note which translations now match which source.

    ``loaded`` holds the texts as read from the database (empty for a new
    object). A translation that changed is current for today's source; one
    that did not change, with no record, is recorded against the old source
    when the source changed.
    """
    source_language = obj.source_language
    records = {
        field: dict(obj.translated_from.get(field, {}))
        for field in obj.translation_units
    }
    for field in obj.translation_units:
        source = text_of(obj, field, source_language)
        source_attname = f"{field}_{source_language}"
        old_source = loaded.get(source_attname, source) or ""
        record = records[field]
        for language in language_codes():
            if language == source_language:
                continue
            attname = f"{field}_{language}"
            value = text_of(obj, field, language)
            if not value or not source:
                record.pop(language, None)
            elif not loaded or value != (loaded.get(attname) or ""):
                record[language] = text_digest(source)
            elif old_source and old_source != source and language not in record:
                record[language] = text_digest(old_source)
        if not record:
            records.pop(field)
    obj.translated_from = records


def confirm(obj, field, language):
    """A stale translation still holds: make it current without changing it."""
    source = text_of(obj, field, obj.source_language)
    records = dict(obj.translated_from)
    records[field] = {**records.get(field, {}), language: text_digest(source)}
    obj.translated_from = records


def apply(units, language, texts, confirms):
    """Write translations into ``language`` and confirm stale ones; one save per object.

    ``texts`` maps unit keys to new texts, ``confirms`` holds keys of stale
    units whose translation still holds. Only ``<field>_<language>`` is written,
    never the source. Returns ``(saved, confirmed)``.
    """
    touched = {}
    saved = confirmed = 0
    for unit in units:
        if language == unit.source_language:
            continue
        if unit.key in texts and texts[unit.key] != unit.text(language):
            setattr(unit.obj, f"{unit.field}_{language}", texts[unit.key])
            touched.setdefault(id(unit.obj), (unit.obj, set()))[1].add(
                f"{unit.field}_{language}"
            )
            saved += 1
        elif unit.key in confirms and unit.state(language) == STALE:
            confirm(unit.obj, unit.field, language)
            touched.setdefault(id(unit.obj), (unit.obj, set()))
            confirmed += 1
    from .completeness import deferred

    with transaction.atomic(), deferred():
        for obj, fields in touched.values():
            obj.save(update_fields=fields)  # translated_from is added by the model
    return saved, confirmed


@dataclass(frozen=True)
class Unit:
    """One translatable text of a release: what it is, where it lives."""

    key: str  # stable, for forms: "article-title", "paragraph-12", "image-3-caption"
    label: str
    obj: object
    field: str

    @property
    def source_language(self):
        return self.obj.source_language

    @property
    def image(self):
        """The image this unit describes, for a preview next to its text."""
        return self.obj if self.key.startswith("image-") else None

    @property
    def source(self):
        return text_of(self.obj, self.field, self.source_language)

    def text(self, language):
        return text_of(self.obj, self.field, language)

    def state(self, language):
        # Only a required unit (the title) exists without a source text: it is
        # missing everywhere, the source language included, until written.
        found = state(self.obj, self.field, language)
        return MISSING if found is None else found


ARTICLE_FIELD_LABELS = {
    "title": gettext_lazy("title"),
    "subtitle": gettext_lazy("subtitle"),
    "summary": gettext_lazy("summary"),
    "dateline": gettext_lazy("dateline"),
}


REQUIRED_ARTICLE_FIELDS = {"title"}  # a release cannot go out untitled
# Readers who cannot see an image need its description in every language a
# release is published in. A neutral credit (a name) is not translated.
REQUIRED_IMAGE_FIELDS = {"alt_text"}


def release_units(article, paragraphs, images):
    """Every unit of a release with a source text, the title and each image's
    alternative text, in reading order.

    Completeness, the publish gate, the translation screen and XLIFF all read
    this list, so they agree on what a release consists of.
    """
    units = [
        Unit(f"article-{field}", str(label), article, field)
        for field, label in ARTICLE_FIELD_LABELS.items()
        if field in REQUIRED_ARTICLE_FIELDS
        or text_of(article, field, article.source_language)
    ]
    for paragraph in paragraphs:
        if text_of(paragraph, "text", paragraph.source_language):
            label = _("paragraph %(number)s") % {"number": paragraph.position}
            units.append(Unit(f"paragraph-{paragraph.pk}", label, paragraph, "text"))
    for number, image in enumerate(images, 1):
        for field, name in (
            ("caption", _("caption")),
            ("alt_text", _("alternative text")),
            ("credit", _("credit")),
        ):
            if field in REQUIRED_IMAGE_FIELDS or (
                text_of(image, field, image.source_language)
                and not (field == "credit" and image.credit_is_neutral)
            ):
                label = _("image %(number)s, %(field)s") % {
                    "number": number,
                    "field": name,
                }
                units.append(Unit(f"image-{image.pk}-{field}", label, image, field))
    return units


class UnitTextField(forms.CharField):
    """A unit's text as typed: stripped, line ends as ``\n``, no NUL character."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


def text_field(unit, language, **kwargs):
    """The form field for ``unit`` in ``language``, with its model field's limits.

    Every path that writes a translation (the translation screen, XLIFF)
    validates through this, so a text too long for its column is a message.
    """
    column = unit.obj._meta.get_field(f"{unit.field}_{language}")
    return UnitTextField(max_length=column.max_length, required=False, **kwargs)


def release_images(article, gallery_images=None):
    """The hero image and the gallery, each once, hero first."""
    images = [article.hero_image] if article.hero_image_id else []
    gallery = (
        gallery_images
        if gallery_images is not None
        else [
            item.image
            for item in article.gallery_items.select_related("image").order_by(
                "position"
            )
        ]
    )
    return images + [image for image in gallery if image.pk != article.hero_image_id]
