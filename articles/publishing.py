"""Publishing a language of a release: the gate and the write, under one lock.

The gate (``completeness.blockers``) and the write happen in one transaction
with the release's row locked, so a translation saved meanwhile cannot slip
between the check and the publication, and two editors publishing at once
create one publication.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from . import audit, completeness
from .history import release_revision
from .languages import display_name, language_codes
from .models import Article


class PublicationRefused(Exception):
    """The language has missing or stale units; nothing was published."""

    def __init__(self, article, language, missing, stale):
        self.article, self.language = article, language
        self.missing, self.stale = missing, stale
        super().__init__(str(self))

    def __str__(self):
        reasons = []
        if self.missing:
            reasons.append(_("missing %(units)s") % {"units": ", ".join(self.missing)})
        if self.stale:
            reasons.append(_("stale %(units)s") % {"units": ", ".join(self.stale)})
        return _("%(release)s cannot be published in %(language)s: %(reasons)s.") % {
            "release": self.article,
            "language": display_name(self.language),
            "reasons": "; ".join(reasons),
        }


def check_language(language):
    if language not in language_codes():
        raise ValueError(f"Unknown language {language!r}.")


def publish(pk, language, user=None):
    """Publish ``language`` of release ``pk`` if nothing blocks it.

    Returns ``(article, created)``; ``created`` is False when it was already
    published. Raises ``PublicationRefused``. A publication is a revision and
    an entry in the admin log.
    """
    check_language(language)
    with transaction.atomic():
        article = Article.objects.locked(pk)
        missing, stale = completeness.blockers(article, language)
        if missing or stale:
            raise PublicationRefused(article, language, missing, stale)
        if article.publications.filter(language=language).exists():
            return article, False
        with release_revision(user, "published", article, language=language):
            article.publish(language, user=user)
        audit.log(user, article, "published", language=language)
        return article, True


def unpublish(pk, language, user=None):
    """Returns ``(article, removed)``; ``removed`` is False when it was not public.

    The log keeps when the language was published, since its publication row
    goes (the page is gone; the record that it was public is not).
    """
    check_language(language)
    with transaction.atomic():
        article = Article.objects.locked(pk)
        publication = article.publications.filter(language=language).first()
        if publication is None:
            return article, False
        since = publication.published_at.isoformat()
        with release_revision(
            user, "unpublished", article, language=language, since=since
        ):
            publication.delete()
            article.refresh_listed_at()
        audit.log(user, article, "unpublished", language=language, since=since)
        return article, True
