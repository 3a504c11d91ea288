"""How complete each language of a release is, and what blocks publishing it.

The units of a release are its title, subtitle, summary and dateline, every
paragraph, and the caption and alternative text of its images — each where
the source has text (``translation_state.release_units``). In a language a
unit is current, stale or missing; the language is complete when all are
current. The article list reads paragraph counts annotated by
``ArticleQuerySet.with_completeness()`` (no query per row); the change page,
the translation screen and the publish gate name the units.
"""

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from . import translation_state
from .languages import language_codes
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
    from .models import Paragraph

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


def from_annotations(article):
    """Per-language completeness of a row of ``with_completeness()``.

    Paragraphs are counted in SQL; the release's own fields and its images
    (prefetched) are read here.
    """
    published = set(article.published_languages)
    gallery = [item.image for item in article.gallery_items.all()]
    images = translation_state.release_images(article, gallery)
    others = translation_state.release_units(article, [], images)
    states = []
    for code in language_codes():
        unit_states = [unit.state(code) for unit in others]
        translated = getattr(article, f"translated_{code}")
        stale = unit_states.count(STALE) + (
            0 if code == article.source_language else getattr(article, f"stale_{code}")
        )
        total = len(others) + article.source_paragraphs
        current = (
            unit_states.count(CURRENT) + translated - getattr(article, f"stale_{code}")
        )
        if code == article.source_language:
            current = total
        states.append(
            LanguageCompleteness(code, current, total, stale, code in published)
        )
    return ordered(states, article.source_language)


def detailed(article):
    """Per-language completeness with the missing and stale units named."""
    units = article_units(article)
    published = set(article.published_languages)
    states = []
    for code in language_codes():
        by_state = {MISSING: [], STALE: [], CURRENT: []}
        for unit in units:
            by_state[unit.state(code)].append(unit.label)
        states.append(
            LanguageCompleteness(
                language=code,
                current=len(by_state[CURRENT]),
                total=len(units),
                stale=len(by_state[STALE]),
                published=code in published,
                missing_units=tuple(by_state[MISSING]),
                stale_units=tuple(by_state[STALE]),
            )
        )
    return ordered(states, article.source_language)


def article_units(article):
    """Every unit of ``article``, read with three queries."""
    paragraphs = list(article.paragraphs.order_by("position"))
    for paragraph in paragraphs:
        paragraph.article = article
    return translation_state.release_units(
        article, paragraphs, translation_state.release_images(article)
    )


def blockers(article, language):
    """(missing, stale) unit labels that keep ``language`` from being published."""
    units = article_units(article)
    missing = [unit.label for unit in units if unit.state(language) == MISSING]
    stale = [unit.label for unit in units if unit.state(language) == STALE]
    if not article.text_in("title", language) and _("title") not in missing:
        missing.insert(0, _("title"))  # required to publish, even with no source title
    return missing, stale
