"""A release as a revision kept it: compared with today, and restored.

A restore is a new revision: old revisions are never rewritten. It never
touches publications, so what is public stays public, and it refuses to
empty a text of a published language. Restored translations keep the digest
of the source they were made from (``translation_state``): one made from a
source that has changed since comes back stale, never passing for current.
"""

import difflib
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Revision

from . import audit, completeness, history
from .languages import display_name, language_codes
from .models import (
    Article,
    ArticleImage,
    Event,
    Film,
    Image,
    Organization,
    Paragraph,
    Person,
    PressContact,
    merge_order,
    renumber,
)
from .translation_state import ARTICLE_FIELD_LABELS, text_digest

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
STATUS_LABELS = {
    ADDED: gettext_lazy("added since"),
    REMOVED: gettext_lazy("removed since"),
    CHANGED: gettext_lazy("changed since"),
    UNCHANGED: gettext_lazy("unchanged"),
}

# The release's many-to-many links a whole-release restore brings back.
LINKS = {
    "people": Person,
    "organizations": Organization,
    "events": Event,
    "press_contacts": PressContact,
}


class RestoreRefused(Exception):
    """Nothing was restored; the message says why and what to do instead."""


# Reading a revision


@dataclass(frozen=True)
class PastRelease:
    """The release as a revision recorded it: field values, nothing saved."""

    revision: Revision
    article: dict
    paragraphs: list  # field dicts, in their order then
    gallery: list  # field dicts of the gallery items, in their order then

    @property
    def source_language(self):
        return self.article.get("source_language")

    def paragraphs_by_pk(self):
        return {fields["id"]: fields for fields in self.paragraphs}


def revision_of(article, revision_id):
    """Revision ``revision_id`` if it holds ``article``, else None."""
    return (
        Revision.objects.filter(
            pk=revision_id,
            version__content_type=ContentType.objects.get_for_model(Article),
            version__object_id=str(article.pk),
        )
        .select_related("user")
        .first()
    )


def as_of(article, revision):
    """``article`` as ``revision`` kept it, with its paragraphs and gallery."""
    by_model = {
        ContentType.objects.get_for_model(model).pk: []
        for model in (Article, Paragraph, ArticleImage)
    }
    for version in revision.version_set.filter(content_type__in=list(by_model)):
        by_model[version.content_type_id].append(version.field_dict)
    article_type, paragraph_type, gallery_type = by_model
    found = [f for f in by_model[article_type] if f["id"] == article.pk]
    if not found:
        raise RestoreRefused(_("This revision does not hold this release."))

    def parts(type_id):
        mine = [f for f in by_model[type_id] if f["article_id"] == article.pk]
        return sorted(mine, key=lambda fields: (fields["position"], fields["id"]))

    return PastRelease(revision, found[0], parts(paragraph_type), parts(gallery_type))


def paragraph_label(number):
    return _("paragraph %(number)s") % {"number": number}


def past_text(fields, field, language):
    return fields.get(f"{field}_{language}") or ""


# Comparing


@dataclass(frozen=True)
class Difference:
    """One unit in one language: as the revision kept it, and now."""

    label: str
    status: str
    old: str
    new: str

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def html(self):
        return word_diff(self.old, self.new)


WORDS = re.compile(r"\s+|\S+")


def word_diff(old, new):
    """``old`` becoming ``new`` as HTML: words gone in ``<del>``, words added in
    ``<ins>``; every piece is escaped, so a text can never inject markup."""
    before, after = WORDS.findall(old or ""), WORDS.findall(new or "")
    matcher = difflib.SequenceMatcher(str.isspace, before, after, autojunk=False)
    pieces = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if operation == "equal":
            pieces.append(escape(added))
            continue
        if removed:
            pieces.append(format_html("<del>{}</del>", removed))
        if added:
            pieces.append(format_html("<ins>{}</ins>", added))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def difference(label, old, new, status=None):
    if status is None:
        status = CHANGED if old != new else UNCHANGED
    return Difference(str(label), status, old, new)


def compare(article, revision, language):
    """The revision against today in ``language``, unit by unit in reading order.

    Paragraphs are matched by their key; one the revision has and today's
    release lacks is shown where it stood. Units without text in
    ``language`` on either side are left out.
    """
    past = as_of(article, revision)
    differences = [
        difference(
            label,
            past_text(past.article, field, language),
            article.text_in(field, language).text,
        )
        for field, label in ARTICLE_FIELD_LABELS.items()
    ]
    now = {p.pk: p for p in article.paragraphs.order_by("position")}
    then = past.paragraphs_by_pk()
    for pk in reading_order(list(then), list(now)):
        old = past_text(then[pk], "text", language) if pk in then else ""
        new = now[pk].text_in("text", language).text if pk in now else ""
        if pk not in now:
            differences.append(
                difference(paragraph_label(then[pk]["position"]), old, new, REMOVED)
            )
        elif pk not in then:
            differences.append(
                difference(paragraph_label(now[pk].position), old, new, ADDED)
            )
        else:
            differences.append(difference(paragraph_label(now[pk].position), old, new))
    return [d for d in differences if d.old or d.new]


def reading_order(then, now):
    """Today's order, with what only the revision has after what it followed."""
    kept = set(then)
    added = [pk for pk in now if pk not in kept]
    return merge_order([*then, *added], now)


def has_differences(differences):
    return any(d.status != UNCHANGED for d in differences)


# Restoring


@dataclass(frozen=True)
class Restored:
    """What a restore did, in unit labels."""

    scope: str  # audit.WHOLE_RELEASE or a language code
    revision_id: int
    units: tuple = ()  # units whose texts or records came back changed
    recreated: tuple = ()  # paragraphs deleted since, back again
    removed: tuple = ()  # paragraphs added since, deleted
    skipped: tuple = ()  # paragraphs deleted since: a language restore skips them


def restore(article, revision, user, language=None):
    """Bring back the release (``language=None``) or one translation as of
    ``revision``, as a new revision, with the release's row locked.

    Raises ``RestoreRefused`` when nothing may change: restoring the source
    language alone, or emptying a text of a published language.
    """
    scope = language or audit.WHOLE_RELEASE
    with transaction.atomic(), completeness.deferred():
        article = Article.objects.locked(article.pk)
        past = as_of(article, revision)
        if language is not None:
            check_language(article, language)
        paragraphs = list(article.paragraphs.order_by("position"))
        for paragraph in paragraphs:
            paragraph.article = article
        published = article.published_languages
        if language is not None:
            published = [code for code in published if code == language]
        refuse_blanks(blanked_units(article, past, paragraphs, published))
        with history.release_revision(
            user, "restored", article, scope=scope, revision=revision.pk
        ):
            if language is None:
                done = restore_release(article, past, paragraphs)
            else:
                done = restore_language(article, past, paragraphs, language)
        audit.log(user, article, "restored", scope=scope, revision=revision.pk)
    return Restored(scope, revision.pk, **done)


def check_language(article, language):
    if language not in language_codes():
        raise RestoreRefused(_("Unknown language."))
    if language == article.source_language:
        raise RestoreRefused(
            _(
                "%(language)s is the source language of this release: "
                "restore the whole release instead."
            )
            % {"language": display_name(language)}
        )


def blanked_units(article, past, paragraphs, languages):
    """``[(label, language)]``: texts of ``languages`` the restore would empty."""
    blanks = []
    then = past.paragraphs_by_pk()
    for language in languages:
        for field, label in ARTICLE_FIELD_LABELS.items():
            if article.text_in(field, language) and not past_text(
                past.article, field, language
            ):
                blanks.append((str(label), language))
        for paragraph in paragraphs:
            old = then.get(paragraph.pk)
            if (
                old is not None
                and paragraph.text_in("text", language)
                and not past_text(old, "text", language)
            ):
                blanks.append((paragraph_label(paragraph.position), language))
    return blanks


def refuse_blanks(blanks):
    if not blanks:
        return
    units = ", ".join(f"{label} ({display_name(code)})" for label, code in blanks)
    raise RestoreRefused(
        _(
            "Nothing was restored: it would empty %(units)s, in a published "
            "language. Unpublish that language first, then restore."
        )
        % {"units": units}
    )


def put_back(obj, fields, field, language, past_source_language):
    """One unit's text in ``language`` as ``fields`` kept it, recorded against
    the source it was translated from then. True if anything changed."""
    before = (getattr(obj, f"{field}_{language}") or "", obj.translated_from)
    text = past_text(fields, field, language)
    setattr(obj, f"{field}_{language}", text)
    records = {name: dict(record) for name, record in obj.translated_from.items()}
    record = records.setdefault(field, {})
    record.pop(language, None)
    if text and language != obj.source_language:
        past_records = fields.get("translated_from") or {}
        record[language] = past_records.get(field, {}).get(language) or text_digest(
            past_text(fields, field, past_source_language)
        )
    obj.translated_from = {name: record for name, record in records.items() if record}
    return before != (text, obj.translated_from)


def save_restored(obj, **kwargs):
    """Save without the model taking the restored texts for fresh translations:
    ``record_changes`` compares with ``_loaded_texts`` and must see no change."""
    obj._loaded_texts = obj.unit_texts()
    obj.save(**kwargs)


def restore_language(article, past, paragraphs, language):
    """Only ``<field>_<language>`` of the release and of paragraphs still here."""
    units = [
        str(label)
        for field, label in ARTICLE_FIELD_LABELS.items()
        if put_back(article, past.article, field, language, past.source_language)
    ]
    if units:
        fields = [f"{field}_{language}" for field in ARTICLE_FIELD_LABELS]
        save_restored(article, update_fields=[*fields, "updated_at"])
    now = {paragraph.pk: paragraph for paragraph in paragraphs}
    skipped = []
    for fields in past.paragraphs:
        paragraph = now.get(fields["id"])
        if paragraph is None:
            skipped.append(paragraph_label(fields["position"]))
        elif put_back(paragraph, fields, "text", language, past.source_language):
            save_restored(paragraph, update_fields=[f"text_{language}"])
            units.append(paragraph_label(paragraph.position))
    return {"units": tuple(units), "skipped": tuple(skipped)}


def restore_release(article, past, paragraphs):
    """Every language's texts and records, the source language, film, hero
    image, links, paragraphs and gallery; never the slug, publish_at or
    publications."""
    units = restore_article(article, past)
    changed, recreated, removed = restore_paragraphs(article, past, paragraphs)
    restore_gallery(article, past)
    return {
        "units": (*units, *changed),
        "recreated": recreated,
        "removed": removed,
    }


def still_there(model, pk):
    """``pk`` if that row still exists (a film or person may be deleted since)."""
    if pk is None or not model.objects.filter(pk=pk).exists():
        return None
    return pk


def restore_article(article, past):
    """The release's own fields and links; returns the labels of changed units."""
    fields = past.article
    article.source_language = past.source_language or article.source_language
    article.film_id = still_there(Film, fields.get("film_id"))
    article.hero_image_id = still_there(Image, fields.get("hero_image_id"))
    units = [
        str(label)
        for field, label in ARTICLE_FIELD_LABELS.items()
        if put_back_all(article, fields, field, past.source_language)
    ]
    texts = [f"{f}_{code}" for f in ARTICLE_FIELD_LABELS for code in language_codes()]
    save_restored(
        article,
        update_fields=[*texts, "source_language", "film", "hero_image", "updated_at"],
    )
    for name, model in LINKS.items():
        getattr(article, name).set(model.objects.filter(pk__in=fields.get(name) or []))
    return units


def put_back_all(obj, fields, field, past_source_language):
    """``put_back`` in every language; True if any of them changed."""
    changed = [
        put_back(obj, fields, field, language, past_source_language)
        for language in language_codes()
    ]
    return any(changed)


def restore_paragraphs(article, past, paragraphs):
    """Paragraphs as they were: texts, kind and speaker, those deleted since
    recreated, those added since deleted, then put in their order then."""
    now = {paragraph.pk: paragraph for paragraph in paragraphs}
    wanted = {fields["id"] for fields in past.paragraphs}
    gone = [paragraph for paragraph in paragraphs if paragraph.pk not in wanted]
    Paragraph.objects.filter(pk__in=[paragraph.pk for paragraph in gone]).delete()
    taken = set(
        Paragraph.objects.filter(pk__in=wanted - set(now)).values_list("pk", flat=True)
    )
    free = max((p.position for p in paragraphs if p.pk in wanted), default=0) + 1
    order, changed, recreated = [], [], []
    for fields in past.paragraphs:
        paragraph = now.get(fields["id"])
        if paragraph is None:
            pk = None if fields["id"] in taken else fields["id"]
            paragraph = Paragraph(pk=pk, article=article, position=free)
            free += 1
            recreated.append(paragraph_label(fields["position"]))
        if put_back_paragraph(paragraph, fields, past.source_language):
            changed.append(paragraph_label(fields["position"]))
        if paragraph.pk in now:
            texts = [f"text_{code}" for code in language_codes()]
            save_restored(paragraph, update_fields=[*texts, "kind", "speaker"])
        else:
            save_restored(paragraph, force_insert=True)
        order.append(paragraph.pk)
    renumber(article.paragraphs.all(), order)
    removed = tuple(paragraph_label(paragraph.position) for paragraph in gone)
    return tuple(changed), tuple(recreated), removed


def put_back_paragraph(paragraph, fields, past_source_language):
    """Kind, speaker and texts; True if a text or its record changed."""
    paragraph.kind = fields.get("kind") or Paragraph.Kind.TEXT
    quote = paragraph.kind == Paragraph.Kind.QUOTE
    paragraph.speaker_id = still_there(
        Person, fields.get("speaker_id") if quote else None
    )
    return put_back_all(paragraph, fields, "text", past_source_language)


def restore_gallery(article, past):
    """The gallery's images and order then, for images that still exist."""
    then = [fields["image_id"] for fields in past.gallery]
    existing = set(Image.objects.filter(pk__in=then).values_list("pk", flat=True))
    wanted = [image_id for image_id in then if image_id in existing]
    article.gallery_items.exclude(image_id__in=wanted).delete()
    items = {item.image_id: item for item in article.gallery_items.all()}
    free = max((item.position for item in items.values()), default=0) + 1
    for image_id in wanted:
        if image_id not in items:
            items[image_id] = ArticleImage.objects.create(
                article=article, image_id=image_id, position=free
            )
            free += 1
    renumber(article.gallery_items.all(), [items[image_id].pk for image_id in wanted])
