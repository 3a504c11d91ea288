"""Which change makes which pages stale.

Four kinds of dependency, from the narrowest:

* ``release:<pk>``: one release, its paragraphs, gallery, languages, people
  and contacts, and its press kits. Its pages in every language.
* ``film:<pk>``: a film's press kits, shown on its page.
* ``releases``: any release at all. Every page that lists releases (home,
  lists, feeds, sitemaps, film, person and event pages).
* ``renditions``: image files made on first use; feeds give their sizes.
* ``catalog``: anything else public — films, people, events, venues, images,
  the press office. Every page shows some of it, so every page depends on it.

Saves, deletions, many-to-many changes and reorders are seen through
signals; the few updates that bypass them call ``versions.bump`` themselves.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles.models.base import reordered

from . import versions

# Kept out of every public page: they never make one stale.
PRIVATE = {
    "embargolink",
    "embargolinkuse",
    "importdraft",
    "translator",
    "pageversion",
}
# Parts of one release: they change its pages and the lists.
RELEASE_PARTS = {"paragraph", "articleimage", "publication"}


def release(pk):
    return f"release:{pk}"


def names_for(instance):
    model = instance._meta.model_name
    if model in PRIVATE:
        return ()
    if model == "article":
        return (release(instance.pk), "releases")
    if model in RELEASE_PARTS:
        return (release(instance.article_id), "releases")
    if model == "presskit":
        return (instance.subject, "kits")
    if model == "rendition":  # made on first use; only feeds read the rows
        return ("renditions",)
    return ("catalog",)


def saved_or_deleted(sender, instance, **kwargs):
    versions.bump(*names_for(instance))


def related_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """``release.people.add(…)`` or ``person.articles.add(…)``."""
    if not action.startswith("post_"):
        return
    from articles.models import Article

    if isinstance(instance, Article):
        versions.bump(*names_for(instance))
    elif model is Article:
        versions.bump("releases", *(release(pk) for pk in pk_set or ()))
        if action == "post_clear":
            versions.bump("catalog")
    else:
        versions.bump("catalog")


def rows_reordered(sender, pks, **kwargs):
    model = sender._meta.model_name
    if model in RELEASE_PARTS:
        articles = sender.objects.filter(pk__in=pks).values_list(
            "article_id", flat=True
        )
        versions.bump("releases", *(release(pk) for pk in set(articles)))
    elif model not in PRIVATE:
        versions.bump("catalog")


def connect():
    for model in apps.get_app_config("articles").get_models():
        post_save.connect(saved_or_deleted, sender=model, dispatch_uid="page-cache")
        post_delete.connect(saved_or_deleted, sender=model, dispatch_uid="page-cache")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                related_changed,
                sender=field.remote_field.through,
                dispatch_uid="page-cache",
            )
    reordered.connect(rows_reordered, dispatch_uid="page-cache")
