"""Building kits once per content version, and keeping only those that can be
served: the kit of the content public now, and those of the moments when a
scheduled release becomes public (so a kit is ready at its minute)."""

import tempfile

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..languages import language_codes
from ..models import Article, EmbargoLink, Film, PressKit
from .archive import write_kit
from .content import ALL, plan_film_kit, plan_release_kit


def plan(subject, language, at=None, link=None):
    """The kit ``subject`` ("film:12", "release:34") would hold at ``at``
    (for the public, or for the holder of ``link``)."""
    kind, _colon, pk = subject.partition(":")
    if kind == "film":
        film = Film.objects.filter(pk=pk).first()
        return film and plan_film_kit(film, language, at, link)
    if kind == "release":
        article = Article.objects.filter(pk=pk).first()
        return article and plan_release_kit(article, language, at, link)
    return None


def stored(kit):
    return PressKit.objects.filter(
        subject=kit.subject, language=kit.language, digest=kit.digest
    ).first()


def build(kit):
    """Write the ZIP through a temporary file on disk (memory stays bounded,
    however many images), then store it under its digest."""
    found = stored(kit)
    if found:
        if kit.public and (not found.public or earlier(kit.at, found.valid_from)):
            # A link's kit whose content is also the public one's, or a kit
            # built ahead whose content turns out to be public sooner.
            found.public = True
            found.valid_from = min(filter(None, (kit.at, found.valid_from)))
            found.save(update_fields=["public", "valid_from"])
        return found
    kind, _colon, pk = kit.subject.partition(":")
    row = PressKit(
        subject=kit.subject,
        language=kit.language,
        digest=kit.digest,
        contents=kit.contents,
        public=kit.public,
        valid_from=kit.at,
        film_id=pk if kind == "film" else None,
        article_id=pk if kind == "release" else None,
    )
    with tempfile.TemporaryFile() as archive:
        write_kit(archive, kit.entries)
        row.size = archive.tell()
        archive.seek(0)
        name = f"presskits/{kind}-{pk}/{kit.language}-{kit.digest[:20]}.zip"
        row.file.save(name, File(archive), save=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # built meanwhile by another worker
        row.file.storage.delete(row.file.name)
        return stored(kit)
    return row


def earlier(moment, than):
    return moment is not None and (than is None or moment < than)


def moments(subject, now=None):
    """Now, and every later moment at which a scheduled or embargoed release
    goes public (an embargo waiting for its event's time has none yet)."""
    now = now or timezone.now()
    kind, _colon, pk = subject.partition(":")
    if kind == "film":
        releases = Article.objects.filter(film_id=pk)
    else:
        releases = Article.objects.filter(pk=pk)
    later = sorted({moment for _pk, _film, moment in releases.going_public(now)})
    return [now, *later]


def languages_of(subject):
    kind, _colon, pk = subject.partition(":")
    if kind == "release":
        article = Article.objects.filter(pk=pk).first()
        codes = article.published_languages if article else []
    else:
        codes = list(language_codes())
    return [*codes, ALL] if codes else []


def links_of(subject):
    """The usable embargo links that open a kit of ``subject``: a release's
    own links and its film's; a film's links."""
    kind, _colon, pk = subject.partition(":")
    if not pk.isdigit():
        return []
    links = EmbargoLink.objects.usable()
    if kind == "film":
        return list(links.filter(film_id=pk))
    article = Article.objects.filter(pk=pk).first()
    return list(links.touching(article)) if article else []


def link_languages(link, subject):
    codes = [code for code in language_codes() if link.grants_language(code)]
    return [*codes, ALL] if len(codes) > 1 else codes


def refresh(subject):
    """Build every kit of ``subject`` that can be served now or later; drop the
    others. Returns the kits kept."""
    kept = []
    for at in moments(subject):
        for language in languages_of(subject):
            kit = plan(subject, language, at)
            if kit is not None:
                kept.append(build(kit).pk)
    for link in links_of(subject):
        for language in link_languages(link, subject):
            kit = plan(subject, language, link=link)
            if kit is not None:
                kept.append(build(kit).pk)
    for old in PressKit.objects.filter(subject=subject).exclude(pk__in=kept):
        old.delete()
    return kept
