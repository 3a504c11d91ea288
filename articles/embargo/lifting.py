"""Lifting an embargo early: one recorded action, from the page or the list."""

from django.db import transaction

from .. import audit
from ..history import release_revision
from ..models import Article
from .describe import event_text


def what_it_was(article):
    """For the log: the moment (shown in each reader's language and time), or
    the event it waited for while its time was to be announced."""
    if article.embargo_ends_at is not None:
        return article.embargo_ends_at.isoformat()
    return event_text(article)


def lift(pk, user=None):
    """Clear the embargo of release ``pk``; returns ``(article, lifted)``.

    A revision and an entry in the admin log, like publishing."""
    with transaction.atomic():
        article = Article.objects.locked(pk)
        if not article.has_embargo:
            return article, False
        was = what_it_was(article)
        with release_revision(user, "embargo_lifted", article, was=was):
            article.embargo_until = None
            article.embargo_event = None
            article.embargo_offset = 0
            article.save()
        audit.log(user, article, "embargo_lifted", was=was)
        return article, True
