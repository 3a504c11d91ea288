"""How complete each language of a release is: the one rule.

The units of a release are ``translation_state.release_units``: the title
(always: a release cannot go out untitled), subtitle, summary and dateline
where the source has them, every paragraph with source text, and the caption
and alternative text of its images. In a language each unit is current, stale
or missing; the language is complete when every unit is current.

Everything that shows or enforces completeness asks this module: the admin
list's badge and its "incomplete in" filter (``annotated()`` rows read by
``from_annotations()``, paragraphs counted in SQL so the list costs no query
per release), the change page's language panel (``detailed()``) and the
publish gate (``blockers()``). Both paths build their answer with
``language_state()``; a test checks they agree on randomly built releases.
"""

from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from . import translation_state
from .languages import language_codes
from .models import ArticleImage, Paragraph
from .translation_state import CURRENT, MISSING, STALE


@dataclass(frozen=True)
class LanguageCompleteness:
    language: str
    current: int
    total: int
    stale: int
    published: bool
    missing_units: tuple[str, ...] = ()
    stale_units: tuple[str, ...] = ()

    def __str__(self):
        if self.complete:
            return f"{self.language} ✓"
        text = f"{self.language} {self.current}/{self.total}"
        if self.stale:
            text += " · " + _("%(count)s stale") % {"count": self.stale}
        return text

    @property
    def complete(self):
        return self.current == self.total


def language_state(language, unit_states, published, paragraphs=(0, 0, 0)):
    """The completeness of one language from its units' states.

    ``unit_states`` is ``[(label, state)]`` for the units read in Python;
    ``paragraphs`` is ``(total, current, stale)`` for paragraphs counted in
    SQL instead (their labels are then not named).
    """
    paragraph_total, paragraph_current, paragraph_stale = paragraphs
    by_state = {MISSING: [], STALE: [], CURRENT: []}
    for label, state in unit_states:
        by_state[state].append(label)
    return LanguageCompleteness(
        language=language,
        current=len(by_state[CURRENT]) + paragraph_current,
        total=len(unit_states) + paragraph_total,
        stale=len(by_state[STALE]) + paragraph_stale,
        published=published,
        missing_units=tuple(by_state[MISSING]),
        stale_units=tuple(by_state[STALE]),
    )


def ordered(states, source_language):
    """Source language first, then complete languages, then the rest."""
    return sorted(
        states,
        key=lambda state: (
            state.language != source_language,
            not state.complete,
            language_codes().index(state.language),
        ),
    )


# The release page, the translation screen and the publish gate: units named.


def article_units(article):
    """Every unit of ``article``, read with three queries."""
    paragraphs = list(article.paragraphs.order_by("position"))
    for paragraph in paragraphs:
        paragraph.article = article
    return translation_state.release_units(
        article, paragraphs, translation_state.release_images(article)
    )


def detailed(article, units=None):
    """Per-language completeness with the missing and stale units named."""
    units = article_units(article) if units is None else units
    published = set(article.published_languages)
    states = [
        language_state(
            code,
            [(unit.label, unit.state(code)) for unit in units],
            code in published,
        )
        for code in language_codes()
    ]
    return ordered(states, article.source_language)


def blockers(article, language, units=None):
    """(missing, stale) unit labels that keep ``language`` from being published."""
    state = next(s for s in detailed(article, units) if s.language == language)
    return list(state.missing_units), list(state.stale_units)


# The release list: paragraphs counted in SQL.


def has_text(field):
    """Non-empty and not NULL, on every database."""
    return Q(**{f"{field}__gt": ""})


def source_paragraph_q():
    """A paragraph with text in its release's source language."""
    condition = Q()
    for code in language_codes():
        condition |= Q(article__source_language=code) & has_text(f"text_{code}")
    return condition


def paragraph_count(condition, annotate=None):
    paragraphs = Paragraph.objects.filter(article=OuterRef("pk"))
    if annotate:
        paragraphs = paragraphs.annotate(**annotate)
    counted = (
        paragraphs.filter(condition)
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def completeness_annotations():
    """``source_paragraphs``, ``translated_<lang>`` and ``stale_<lang>``."""
    source = source_paragraph_q()
    annotations = {"source_paragraphs": paragraph_count(source)}
    for code in language_codes():
        translated = source & has_text(f"text_{code}")
        annotations[f"translated_{code}"] = paragraph_count(translated)
        recorded = {"recorded": KT(f"translated_from__text__{code}")}
        stale = (
            translated
            & Q(recorded__isnull=False)
            & ~Q(recorded=F("source_digest"))
            & ~Q(article__source_language=code)
        )
        annotations[f"stale_{code}"] = paragraph_count(stale, recorded)
    return annotations


def annotated(queryset):
    """Rows for ``from_annotations()``: paragraphs counted in SQL, images
    prefetched, so a list costs no query per release."""
    gallery = ArticleImage.objects.select_related("image").order_by("position")
    return (
        queryset.annotate(**completeness_annotations())
        .select_related("hero_image")
        .prefetch_related("publications", Prefetch("gallery_items", queryset=gallery))
    )


def from_annotations(article):
    """Per-language completeness of a row of ``annotated()``."""
    published = set(article.published_languages)
    gallery = [item.image for item in article.gallery_items.all()]
    images = translation_state.release_images(article, gallery)
    others = translation_state.release_units(article, [], images)
    states = []
    for code in language_codes():
        stale = getattr(article, f"stale_{code}")
        paragraphs = (
            article.source_paragraphs,
            getattr(article, f"translated_{code}") - stale,
            stale,
        )
        unit_states = [(unit.label, unit.state(code)) for unit in others]
        states.append(language_state(code, unit_states, code in published, paragraphs))
    return ordered(states, article.source_language)


def incomplete_in(queryset, language):
    """Releases of ``queryset`` with a unit missing or stale in ``language``."""
    rows = annotated(
        queryset.model._default_manager.filter(pk__in=queryset.values("pk"))
    )
    incomplete = [
        row.pk
        for row in rows
        if not next(
            state for state in from_annotations(row) if state.language == language
        ).complete
    ]
    return queryset.filter(pk__in=incomplete)
