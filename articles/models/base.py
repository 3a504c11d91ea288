"""Building blocks of every model: translated texts, slugs, ordered rows."""

import re
import zoneinfo
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Value, When
from django.dispatch import Signal
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .. import translation_state
from ..languages import (
    active_language,
    default_language,
    language_choices,
    language_codes,
)
from ..slugs import unique_slug


def timezone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def plain(model):
    """A queryset of ``model`` as Django makes it, without django-modeltranslation's
    rewriting of field names to the active language's (which builds a class
    and reads every lookup again for each queryset).

    For the public pages' reads, which name each language's column
    themselves (``title_ru``, never ``title``): a translated field's bare
    name would read the untranslated column here.
    """
    return model._default_manager._queryset_class(model=model)


@dataclass(frozen=True)
class LocalizedText:
    """A text with the language it is really in, so templates can mark it."""

    text: str
    language: str
    requested: str

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)

    @property
    def is_fallback(self):
        return bool(self.text) and self.language != self.requested


# Sent after ``renumber``: its UPDATEs send no ``post_save`` (the page cache
# listens, articles.page_cache.changes).
reordered = Signal()


def renumber(queryset, ordered_pks):
    """Give the rows of ``queryset`` positions 1..n in ``ordered_pks`` order.

    Two UPDATEs in one transaction: the first moves every row out of the way,
    so the unique position constraint holds after each statement on every
    database, without deferrable constraints (which SQLite lacks).
    """
    ordered_pks = [int(pk) for pk in ordered_pks]
    with transaction.atomic():
        existing = set(queryset.select_for_update().values_list("pk", flat=True))
        if set(ordered_pks) != existing or len(ordered_pks) != len(existing):
            raise ValueError("The new order must list every item exactly once.")
        if not ordered_pks:
            return
        offset = 1 + max(
            queryset.aggregate(m=models.Max("position"))["m"], len(existing)
        )
        queryset.update(position=F("position") + offset)
        queryset.update(
            position=Case(
                *(
                    When(pk=pk, then=Value(index))
                    for index, pk in enumerate(ordered_pks, 1)
                ),
                output_field=models.PositiveIntegerField(),
            )
        )
        reordered.send(sender=queryset.model, pks=ordered_pks)


def merge_order(current, submitted):
    """``submitted`` order, keeping rows it does not list where they were.

    A form opened before someone else added a row does not list that row: it
    stays right after the row it followed (or first), so both people's work
    survives and neither order is lost.
    """
    present = set(current)
    submitted = [pk for pk in submitted if pk in present]
    known = set(submitted)
    following = {}
    anchor = None
    for pk in current:
        if pk in known:
            anchor = pk
        else:
            following.setdefault(anchor, []).append(pk)
    merged = list(following.get(None, []))
    for pk in submitted:
        merged.append(pk)
        merged.extend(following.get(pk, []))
    return merged


class Localized:
    """Reading translated fields explicitly, since modeltranslation's fallbacks are off.

    Needs ``source_language``: a field on the main models, a property on the
    small ones that follow their parent.
    """

    def text_in(self, field, language=None):
        """The text in ``language`` and no other: body text never falls back."""
        language = language or active_language()
        return LocalizedText(
            getattr(self, f"{field}_{language}", "") or "", language, language
        )

    def text_or_source(self, field, language=None):
        """The text in ``language``, else in the source language, marked so."""
        language = language or active_language()
        own = self.text_in(field, language)
        if own or language == self.source_language:
            return own
        source = getattr(self, f"{field}_{self.source_language}", "") or ""
        return LocalizedText(source, self.source_language, language)

    def any_text(self, field, language=None):
        """For labels (admin, ``__str__``): own language, source language, then any."""
        language = language or active_language()
        found = self.text_or_source(field, language)
        if found:
            return found
        for code in language_codes():
            value = getattr(self, f"{field}_{code}", "")
            if value:
                return LocalizedText(value, code, language)
        return found


class Translatable(Localized, models.Model):
    source_language = models.CharField(
        _("source language"),
        max_length=7,
        choices=language_choices,
        default=default_language,
        help_text=_("The language the texts were written in; the others translate it."),
    )

    class Meta:
        abstract = True


class FollowsFilm(Localized):
    @property
    def source_language(self):
        return self.film.source_language


class FollowsDefault(Localized):
    @property
    def source_language(self):
        return default_language()


class TracksTranslations(models.Model):
    """Keeps ``translated_from`` right on every save (see translation_state)."""

    translation_units = ()

    translated_from = models.JSONField(
        _("translated from"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Per field and language: a digest of the source text translated."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        translation_state.record_changes(self, getattr(self, "_loaded_texts", {}))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.derived_fields()}
        super().save(*args, **kwargs)
        self._loaded_texts = self.unit_texts()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_texts = instance.unit_texts()
        return instance

    def unit_texts(self):
        return {
            f"{field}_{code}": getattr(self, f"{field}_{code}", None)
            for field in self.translation_units
            for code in language_codes()
            if f"{field}_{code}" in self.__dict__
        }

    def derived_fields(self):
        return ["translated_from"]

    def translation_state(self, field, language):
        return translation_state.state(self, field, language)


SLUG_ATTEMPTS = 5


# What the ``slug`` path converter accepts, and quoting leaves as it is.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def address_key(url_name, slug):
    return (url_name, get_language(), get_script_prefix(), get_urlconf(), slug)


def find_addresses(rows, url_name):
    """Give ``rows`` their ``page_address(url_name)`` with one reverse: a page
    listing many people links each. The first row's address is reversed and
    the others written from it, their slug in place of its slug (an address
    holding that slug more than once is reversed for each row instead)."""
    rows = [row for row in rows if row.slug and SLUG.fullmatch(row.slug)]
    if not rows:
        return
    first = rows[0]
    address = first.page_address(url_name)
    mark = f"/{first.slug}/"
    if address.count(mark) != 1:
        return
    before, after = address.split(mark)
    for row in rows[1:]:
        addresses = row.__dict__.setdefault("_page_addresses", {})
        addresses[address_key(url_name, row.slug)] = f"{before}/{row.slug}/{after}"


class SluggedMixin(models.Model):
    """A Latin slug made from a text in the source language, once."""

    slug_source_field = "title"
    slug_fallback_prefix = "item"

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "The address of the page in every language, in Latin letters, "
            "e.g. “la-tregua”. Made from the title when left empty."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        made = not self.slug or self.has_placeholder_slug()
        for attempt in range(SLUG_ATTEMPTS):
            if made:
                text = self.any_text(self.slug_source_field, self.source_language).text
                self.slug = unique_slug(self, text) or self.slug
            try:
                # A savepoint: the slug made here may be taken by another
                # transaction before this one commits (two imports of one
                # document at once); then the next free one is taken.
                with transaction.atomic():
                    super().save(*args, **kwargs)
                break
            except IntegrityError:
                others = type(self)._default_manager.exclude(pk=self.pk)
                slug_taken = self.slug and others.filter(slug=self.slug).exists()
                if not made or not slug_taken or attempt == SLUG_ATTEMPTS - 1:
                    raise
        if not self.slug:
            self.slug = f"{self.slug_fallback_prefix}-{self.pk}"
            type(self)._default_manager.filter(pk=self.pk).update(slug=self.slug)

    def page_address(self, url_name):
        """``url_name``'s address for this row in the active language.

        Reversed once per instance, language, address prefix and slug: a
        page names one person in its text and again in its structured data.
        """
        key = address_key(url_name, self.slug)
        addresses = self.__dict__.setdefault("_page_addresses", {})
        if key not in addresses:
            addresses[key] = reverse(url_name, kwargs={"slug": self.slug})
        return addresses[key]

    def has_placeholder_slug(self):
        """A draft saved without a title gets ``<prefix>-<id>`` until it has one."""
        return (
            self.pk is not None
            and self.slug == f"{self.slug_fallback_prefix}-{self.pk}"
        )


class TakesNextPosition:
    """A new row saved without a position goes after its parent's last row."""

    position_parent = "article"

    def save(self, *args, **kwargs):
        if self.position is None:
            key = f"{self.position_parent}_id"
            rows = type(self)._default_manager.filter(**{key: getattr(self, key)})
            self.position = rows.next_position()
        super().save(*args, **kwargs)


class PositionedQuerySet(models.QuerySet):
    def next_position(self):
        return (self.aggregate(m=models.Max("position"))["m"] or 0) + 1
