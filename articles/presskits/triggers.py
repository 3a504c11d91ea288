"""Kits are rebuilt in the background whenever what they hold changes.

Saves and deletions name what they touched ("release:3", "image:7"); once
the transaction commits, one task refreshes every kit that holds any of it.
Naming costs no query here; the task finds the kits (``subjects_of``).
"""

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from ..models import (
    Article,
    ArticleImage,
    Credit,
    EmbargoLink,
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
    Publication,
    Venue,
)

pending = threading.local()

# What each save names: a model and how to read the thing it belongs to.
NAMES = {
    Article: lambda row: [f"release:{row.pk}", f"film:{row.film_id}"],
    Paragraph: lambda row: [f"release:{row.article_id}"],
    Publication: lambda row: [f"release:{row.article_id}"],
    ArticleImage: lambda row: [f"release:{row.article_id}"],
    Image: lambda row: [f"image:{row.pk}"],
    Film: lambda row: [f"film:{row.pk}"],
    FilmImage: lambda row: [f"film:{row.film_id}"],
    Credit: lambda row: [f"film:{row.film_id}", f"person:{row.person_id}"],
    Participation: lambda row: [f"film:{row.film_id}"],
    Financing: lambda row: [f"film:{row.film_id}"],
    Event: lambda row: [f"film:{row.film_id}"],
    Person: lambda row: [f"person:{row.pk}"],
    PressContact: lambda row: [f"contact:{row.pk}"],
    Organization: lambda row: [f"organization:{row.pk}"],
    Venue: lambda row: [f"venue:{row.pk}"],
    # A link's kits are built ahead, like the public ones, and go with it.
    EmbargoLink: lambda row: [f"release:{row.article_id}", f"film:{row.film_id}"],
}


def touched(names):
    names = {name for name in names if not name.endswith(":None")}
    if not names:
        return
    pending.names = getattr(pending, "names", set()) | names
    # One callback per save: the first to run after the commit queues every
    # name, the others find nothing left. Names of a rolled-back transaction
    # only make a later refresh look at a few more kits.
    transaction.on_commit(queue_refresh)


def queue_refresh():
    from .tasks import refresh_press_kits

    names, pending.names = sorted(getattr(pending, "names", ())), set()
    if names:
        refresh_press_kits.enqueue(names)


def saved(sender, instance, **kwargs):
    touched(NAMES[sender](instance))


def related_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, Article):
        touched([f"release:{instance.pk}"])


def connect():
    from ..image_files import delete_file
    from ..models import PressKit

    # A kit that can no longer be served goes with its file.
    post_delete.connect(delete_file, sender=PressKit, dispatch_uid="kits-files")
    for model in NAMES:
        post_save.connect(saved, sender=model, dispatch_uid=f"kits-{model}")
        post_delete.connect(saved, sender=model, dispatch_uid=f"kits-{model}")
    for relation in (Article.people, Article.press_contacts, Article.events):
        m2m_changed.connect(
            related_changed, sender=relation.through, dispatch_uid=f"kits-{relation}"
        )


def subjects_of(names):
    """Every kit subject that holds something ``names`` names."""
    ids = {}
    for name in names:
        kind, _colon, pk = name.partition(":")
        if pk.isdigit():
            ids.setdefault(kind, set()).add(int(pk))
    films = set(ids.get("film", ()))
    releases = set(ids.get("release", ()))
    if "image" in ids:
        images = ids["image"]
        films |= set(
            Film.objects.filter(poster__in=images).values_list("pk", flat=True)
        )
        films |= set(
            FilmImage.objects.filter(image__in=images).values_list("film_id", flat=True)
        )
        releases |= set(
            Article.objects.filter(hero_image__in=images).values_list("pk", flat=True)
        )
        releases |= set(
            ArticleImage.objects.filter(image__in=images).values_list(
                "article_id", flat=True
            )
        )
    if "person" in ids:
        people = ids["person"]
        films |= set(
            Credit.objects.filter(person__in=people).values_list("film_id", flat=True)
        )
        releases |= set(
            Paragraph.objects.filter(speaker__in=people).values_list(
                "article_id", flat=True
            )
        )
    if "contact" in ids:
        releases |= set(
            Article.objects.filter(press_contacts__in=ids["contact"]).values_list(
                "pk", flat=True
            )
        )
    if "organization" in ids:
        films |= set(
            Participation.objects.filter(
                organization__in=ids["organization"]
            ).values_list("film_id", flat=True)
        )
    if "venue" in ids:
        films |= set(
            Event.objects.filter(venue__in=ids["venue"])
            .exclude(film=None)
            .values_list("film_id", flat=True)
        )
    # A release kit shows its film's facts; a film kit lists its releases.
    releases |= set(Article.objects.filter(film__in=films).values_list("pk", flat=True))
    films |= set(
        Article.objects.filter(pk__in=releases)
        .exclude(film=None)
        .values_list("film_id", flat=True)
    )
    return sorted(f"film:{pk}" for pk in films if pk) + sorted(
        f"release:{pk}" for pk in releases
    )
