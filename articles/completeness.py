"""How complete each language of a release is, and what blocks publishing it.

The units of a release are its title and every paragraph that has text in the
source language. A language is complete when all of them have text in it.
The article list reads counts annotated by ``ArticleQuerySet.with_completeness()``
(no query per row); the change page and the publish gate list the missing
units by name.
"""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from .languages import language_codes


@dataclass(frozen=True)
class LanguageCompleteness:
    language: str
    done: int
    total: int
    published: bool
    missing: tuple[str, ...] = ()

    def __str__(self):
        return (
            f"{self.language} ✓"
            if self.complete
            else f"{self.language} {self.done}/{self.total}"
        )

    @property
    def complete(self):
        return self.done == self.total


def has_text(field):
    """Non-empty and not NULL, on every database."""
    return Q(**{f"{field}__gt": ""})


def source_paragraph_q(prefix=""):
    """A paragraph with text in its release's source language."""
    condition = Q()
    for code in language_codes():
        condition |= Q(**{f"{prefix}article__source_language": code}) & has_text(
            f"{prefix}text_{code}"
        )
    return condition


def paragraph_count(condition):
    from .models import Paragraph

    counted = (
        Paragraph.objects.filter(article=OuterRef("pk"))
        .filter(condition)
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def completeness_annotations():
    """``source_paragraphs`` and ``translated_<lang>`` for each language."""
    source = source_paragraph_q()
    annotations = {"source_paragraphs": paragraph_count(source)}
    for code in language_codes():
        annotations[f"translated_{code}"] = paragraph_count(
            source & has_text(f"text_{code}")
        )
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
    """Per-language completeness of a row of ``with_completeness()``."""
    published = set(article.published_languages)
    states = []
    for code in language_codes():
        title = 1 if article.text_in("title", code) else 0
        states.append(
            LanguageCompleteness(
                language=code,
                done=title + getattr(article, f"translated_{code}"),
                total=1 + article.source_paragraphs,
                published=code in published,
            )
        )
    return ordered(states, article.source_language)


def missing_units(article, language, paragraphs):
    """Names of the units of ``article`` with no text in ``language``."""
    missing = []
    if not article.text_in("title", language):
        missing.append(_("title"))
    for paragraph in paragraphs:
        if paragraph.text_in("text", article.source_language) and not paragraph.text_in(
            "text", language
        ):
            missing.append(_("paragraph %(number)s") % {"number": paragraph.position})
    return missing


def detailed(article):
    """Per-language completeness with the missing units named (two queries)."""
    paragraphs = list(article.paragraphs.order_by("position"))
    total = 1 + sum(1 for p in paragraphs if p.text_in("text", article.source_language))
    published = set(article.published_languages)
    states = []
    for code in language_codes():
        missing = missing_units(article, code, paragraphs)
        states.append(
            LanguageCompleteness(
                language=code,
                done=total - len(missing),
                total=total,
                published=code in published,
                missing=tuple(missing),
            )
        )
    return ordered(states, article.source_language)
