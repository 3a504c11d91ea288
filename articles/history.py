"""Revisions of releases and of what surrounds them (django-reversion).

Every save of a release is one revision holding the release with its
paragraphs, gallery order and publications, whoever saved it and through
which door (change form, translation screen, XLIFF, Word, import, publish,
restore). ``release_revision()`` is the one way to write one; public pages
never read these tables.
"""

from contextlib import contextmanager

import reversion
from reversion.models import Version

from . import audit
from .models import (
    Article,
    ArticleImage,
    Credit,
    Event,
    Film,
    FilmImage,
    Financing,
    Image,
    Organization,
    Paragraph,
    Participation,
    Person,
    PressContact,
    PressOffice,
    Publication,
    Venue,
)


def register_models():
    """Called once, from the app's ``ready()``."""
    for model, follow in (
        (Article, ["paragraphs", "gallery_items", "publications"]),
        (Paragraph, []),
        (ArticleImage, []),
        (Publication, []),
        (Film, ["credits", "participations", "financing", "still_items"]),
        (FilmImage, []),
        (Credit, []),
        (Participation, []),
        (Financing, []),
        (Person, []),
        (Organization, []),
        (Event, []),
        (Venue, []),
        (Image, []),
        (PressContact, []),
        (PressOffice, []),
    ):
        if not reversion.is_registered(model):
            reversion.register(model, follow=follow)


def snapshot(article):
    """Put the release as it is now, every part of it, into the open revision.

    Parts saved earlier in the request were serialized then; a renumbering
    (an UPDATE, no save signal) or a later save would leave them behind.
    """
    reversion.add_to_revision(article)
    for part in (
        *article.paragraphs.all(),
        *article.gallery_items.all(),
        *article.publications.all(),
    ):
        reversion.add_to_revision(part)


@contextmanager
def release_revision(user, action, article=None, **params):
    """One revision around a write, commented with ``action`` and ``params``.

    Yields a holder: set ``holder.article`` when the write creates the
    release (an import), add to ``holder.params`` what is known only after
    the write (counts); the release is snapshot at the end.
    """
    holder = RevisionHolder(article, params)
    with reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        yield holder
        reversion.set_comment(audit.message(action, **holder.params))
        if holder.article is not None:
            snapshot(holder.article)


class RevisionHolder:
    def __init__(self, article, params):
        self.article = article
        self.params = params


def versions_of(article):
    """The release's revisions, newest first."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )
