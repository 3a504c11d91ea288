"""How complete each language of a release is: the one rule.

The units of a release are ``translation_state.release_units``: the title
(always: a release cannot go out untitled), subtitle, summary and dateline
where the source has them, every paragraph with source text, and the caption
and alternative text of its images. In a language each unit is current, stale
or missing; the language is complete when every unit is current.

Everything that shows or enforces completeness asks this module: the change
page's language panel (``detailed()``), the publish gate (``blockers()``) and
the admin list, whose badge and "incomplete in" filter read the stored
``LanguageProgress`` rows that ``record()`` writes from ``detailed()``.

Keeping the stored rows true: ``record()`` is the only writer. Saves and
deletions of releases, paragraphs, gallery items and images reach it through
signals (``connect()``); a write of many rows at once opens ``deferred()``,
which collects the releases touched and records each once, at the end of the
scope, inside the caller's transaction (a 14-paragraph release saved from
the admin is recomputed once, not 14 times). Writes that send no signal
(``bulk_create``, ``QuerySet.update``) call ``changed()`` themselves.
"""

import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils.translation import gettext as _

from . import translation_state
from .languages import language_codes
from .models import Article, ArticleImage, Image, LanguageProgress, Paragraph
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


# The stored records: the release list reads them.

RECORD_BATCH = 500


def record(article_ids):
    """Recompute and store ``LanguageProgress`` of the releases ``article_ids``.

    The only writer of those rows: each is what ``detailed()`` says, read
    with five queries per 500 releases and written with one upsert, in the
    current transaction. Also sets the releases' ``listed_at`` (so releases
    inserted in bulk list in order too). Ids of deleted releases are skipped.
    """
    ids = sorted({int(pk) for pk in article_ids if pk is not None})
    for start in range(0, len(ids), RECORD_BATCH):
        batch = ids[start : start + RECORD_BATCH]
        rows = [
            LanguageProgress(
                article=article,
                language=state.language,
                total=state.total,
                current=state.current,
                stale=state.stale,
            )
            for article, units in releases_with_units(batch)
            for state in detailed(article, units)
        ]
        LanguageProgress.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["article", "language"],
            update_fields=["total", "current", "stale"],
        )
        Article.objects.filter(pk__in=batch).refresh_listed_at()


def releases_with_units(article_ids):
    """``[(article, units)]`` for ``article_ids``: ``article_units()`` for
    many releases at once, four queries in all."""
    articles = list(
        Article.objects.filter(pk__in=article_ids)
        .select_related("hero_image")
        .prefetch_related("publications")
    )
    paragraphs, gallery = {}, {}
    for paragraph in Paragraph.objects.filter(article__in=article_ids).order_by(
        "article", "position"
    ):
        paragraphs.setdefault(paragraph.article_id, []).append(paragraph)
    for item in (
        ArticleImage.objects.filter(article__in=article_ids)
        .select_related("image")
        .order_by("article", "position")
    ):
        gallery.setdefault(item.article_id, []).append(item.image)
    found = []
    for article in articles:
        own = paragraphs.get(article.pk, [])
        for paragraph in own:
            paragraph.article = article
        images = translation_state.release_images(article, gallery.get(article.pk, []))
        found.append((article, translation_state.release_units(article, own, images)))
    return found


_scopes = threading.local()


def _open_scopes():
    if not hasattr(_scopes, "stack"):
        _scopes.stack = []
    return _scopes.stack


@contextmanager
def deferred():
    """Collect the releases changed inside; ``record()`` them once at the end.

    Open it inside the transaction of the write (the rows are written when
    the scope closes); nested scopes hand theirs to the outer one. Nothing is
    recorded when the block raises: its transaction is rolled back anyway.
    """
    stack = _open_scopes()
    stack.append(set())
    try:
        yield
    except BaseException:
        stack.pop()
        raise
    ids = stack.pop()
    if stack:
        stack[-1].update(ids)
    elif ids:
        record(ids)


def changed(article_ids):
    """These releases' units may have changed: record them now, or at the
    end of the open ``deferred()`` scope."""
    stack = _open_scopes()
    if stack:
        stack[-1].update(article_ids)
    else:
        record(article_ids)


def from_records(article):
    """Per-language completeness of a release from its stored records (the
    list prefetches ``progress`` and ``publications``); None without them."""
    stored = {row.language: row for row in article.progress.all()}
    if not stored:
        return None
    published = set(article.published_languages)
    states = [
        LanguageCompleteness(
            language=code,
            current=stored[code].current,
            total=stored[code].total,
            stale=stored[code].stale,
            published=code in published,
        )
        for code in language_codes()
        if code in stored
    ]
    return ordered(states, article.source_language)


def incomplete_in(queryset, language):
    """Releases of ``queryset`` with a unit missing or stale in ``language``."""
    incomplete = LanguageProgress.objects.filter(
        article=OuterRef("pk"), language=language, current__lt=F("total")
    )
    return queryset.filter(Exists(incomplete))


# What changes a release's units: the signals that reach ``changed()``.


def deleted_with_its_release(origin):
    """A part deleted because its release is: the release's rows go too."""
    model = getattr(origin, "model", type(origin))
    return model is Article


def part_changed(sender, instance, origin=None, **kwargs):
    if origin is not None and deleted_with_its_release(origin):
        return
    changed([instance.article_id])


def release_saved(sender, instance, **kwargs):
    changed([instance.pk])


IMAGE_UNIT_FIELDS = {
    "source_language",
    "credit_is_neutral",
    *(
        f"{field}_{code}"
        for field in Image.translation_units
        for code in language_codes()
    ),
}


def releases_showing(image_pk):
    hero = Article.objects.filter(hero_image=image_pk).values("pk")
    gallery = ArticleImage.objects.filter(image=image_pk).values("article")
    return set(
        Article.objects.filter(Q(pk__in=hero) | Q(pk__in=gallery)).values_list(
            "pk", flat=True
        )
    )


def image_saved(sender, instance, created, update_fields=None, **kwargs):
    """A caption or alternative text is a unit of every release showing it."""
    if created:
        return
    if update_fields is not None and not IMAGE_UNIT_FIELDS & set(update_fields):
        return
    ids = releases_showing(instance.pk)
    if ids:
        changed(ids)


def image_deleting(sender, instance, **kwargs):
    instance._shown_in_releases = releases_showing(instance.pk)


def image_deleted(sender, instance, **kwargs):
    ids = getattr(instance, "_shown_in_releases", ())
    if ids:
        changed(ids)


def connect():
    """Called once, from the app's ``ready()``."""
    post_save.connect(release_saved, sender=Article, dispatch_uid="progress-release")
    for model in (Paragraph, ArticleImage):
        uid = f"progress-{model._meta.model_name}"
        post_save.connect(part_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(part_changed, sender=model, dispatch_uid=f"{uid}-delete")
    post_save.connect(image_saved, sender=Image, dispatch_uid="progress-image")
    pre_delete.connect(image_deleting, sender=Image, dispatch_uid="progress-image-pre")
    post_delete.connect(image_deleted, sender=Image, dispatch_uid="progress-image-del")
