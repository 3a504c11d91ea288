"""Images stop being public the moment what showed them does: new versions.

Every URL of an image carries its version. Whenever a write may have hidden
an image (a release unpublished or rescheduled, a still or lead image taken
away, a poster replaced, anything deleted), each image it touched that is
no longer public gets a new version, so its old URLs answer 404 for good,
even after it is public again. Images that are still public keep theirs.
"""

from django.db.models.signals import post_delete, post_init, post_save

from .models import (
    Article,
    ArticleImage,
    Film,
    FilmImage,
    Image,
    Person,
    Publication,
)
from .models.images import new_version
from .page_cache import versions as page_versions

# The fields through which each model shows an image.
HOLDERS = {
    Article: ("hero_image_id",),
    ArticleImage: ("image_id",),
    FilmImage: ("image_id",),
    Film: ("poster_id",),
    Person: ("portrait_id",),
}
# Release fields that decide whether the release, so its images, is public.
RELEASE_VISIBILITY = ("publish_at", "embargo_ends_at", "embargo_event_id")


def hide_unless_public(image_ids):
    """A new version for each of ``image_ids`` that is not public now."""
    image_ids = {pk for pk in image_ids if pk}
    if not image_ids:
        return
    public = set(
        Image.objects.public().filter(pk__in=image_ids).values_list("pk", flat=True)
    )
    hidden = sorted(image_ids - public)
    for pk in hidden:
        Image.objects.filter(pk=pk).update(version=new_version())
    if hidden:  # pages naming their old addresses (an UPDATE sends no signal)
        page_versions.bump("catalog")


def release_image_ids(article_id):
    gallery = ArticleImage.objects.filter(article_id=article_id)
    hero = Article.objects.filter(pk=article_id, hero_image__isnull=False)
    return set(gallery.values_list("image_id", flat=True)) | set(
        hero.values_list("hero_image_id", flat=True)
    )


def remember(sender, instance, **kwargs):
    fields = HOLDERS[sender] + (RELEASE_VISIBILITY if sender is Article else ())
    # Only what was loaded: reading a deferred field here would cost a query.
    instance._shown_by = {
        field: instance.__dict__[field]
        for field in fields
        if field in instance.__dict__
    }


def after_save(sender, instance, created, **kwargs):
    before = getattr(instance, "_shown_by", {})
    remember(sender, instance)
    if created:
        return
    dropped = {
        before[field]
        for field in HOLDERS[sender]
        if field in before and before[field] != getattr(instance, field)
    }
    if any(
        field in before and before[field] != getattr(instance, field)
        for field in RELEASE_VISIBILITY
    ):
        dropped |= release_image_ids(instance.pk)
    hide_unless_public(dropped)


def after_delete(sender, instance, **kwargs):
    hide_unless_public({getattr(instance, field) for field in HOLDERS[sender]})


def after_unpublish(sender, instance, **kwargs):
    hide_unless_public(release_image_ids(instance.article_id))


def connect():
    for model in HOLDERS:
        post_init.connect(remember, sender=model, dispatch_uid=f"images-{model}")
        post_save.connect(after_save, sender=model, dispatch_uid=f"images-{model}")
        post_delete.connect(after_delete, sender=model, dispatch_uid=f"images-{model}")
    post_delete.connect(after_unpublish, sender=Publication, dispatch_uid="images")
