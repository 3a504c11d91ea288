"""The date a public page shows for a release in a language, kept on its
``Publication`` so that lists read their page in that order from an index.

The date is the latest of the language's publication, ``publish_at`` and the
embargo's end: what ``shown_at()`` computes in SQL. Computed on the fly, a list
of 10,000 releases had to compute and sort all of them for every page; stored
and indexed with the language, the newest twenty are read from the index.

One function owns the column: ``refresh(article_ids)`` rewrites it with one
UPDATE from the release's own dates. It runs in the same transaction as every
write that changes one of them: a publication saved (publishing, restores,
fixtures: the signal fires for raw saves too), a release saved (its
``publish_at`` or embargo), an event moved (``embargo.moments`` calls it for
the releases it holds). Bulk inserts call it themselves.
"""

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.db.models.signals import post_save, pre_save


def refresh(article_ids):
    """Recompute the shown date of every publication of ``article_ids``."""
    from .models import Article, Publication

    ids = list(article_ids)
    if not ids:
        return

    def own(field):
        dates = Article.objects.filter(pk=OuterRef("article_id")).values(field)
        return Coalesce(Subquery(dates), F("published_at"))

    Publication.objects.filter(article_id__in=ids).update(
        shown_at=Greatest(own("publish_at"), own("embargo_ends_at"), F("published_at"))
    )


def before_publication_saved(sender, instance, **kwargs):
    """Until ``refresh`` runs after the save, in the same transaction: the
    publication's own date, the earliest the shown date can be. A signal, not
    ``save()``: a revision or fixture written before the column existed is
    saved raw, without ``save()``, and has no shown date to bring."""
    if instance.shown_at is None:
        instance.shown_at = instance.published_at


def after_publication_saved(sender, instance, **kwargs):
    refresh([instance.article_id])


def after_release_saved(sender, instance, created, **kwargs):
    if not created:  # a new release has no publication yet
        refresh([instance.pk])


def connect():
    from .models import Article, Publication

    pre_save.connect(
        before_publication_saved, sender=Publication, dispatch_uid="shown-default"
    )
    post_save.connect(
        after_publication_saved, sender=Publication, dispatch_uid="shown-publication"
    )
    post_save.connect(after_release_saved, sender=Article, dispatch_uid="shown-release")
