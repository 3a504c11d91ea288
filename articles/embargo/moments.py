"""When each embargo ends, kept in ``Article.embargo_ends_at``.

The visibility rule compares that one column with the clock, so every door
sees an embargo end on the first request after its moment, with no job. This
module owns the column: a release's save computes it from its fixed moment or
its event, and an event's save carries its new time to every release it
holds, in the same transaction (restores and fixtures included: the signals
also fire for raw saves).
"""

from datetime import timedelta

from django.db import connection
from django.db.models.signals import post_save, pre_save

from .. import shown_dates
from ..models import Article, Event


def event_moment(event, offset_minutes):
    start = event.starts_at if event is not None else None
    return start + timedelta(minutes=offset_minutes) if start else None


def ends_at(article):
    """The fixed moment, or the event's start plus the offset; None for no
    embargo, or for an event whose time is still to be announced."""
    if article.embargo_until is not None:
        return article.embargo_until
    if article.embargo_event_id is not None:
        events = Event.objects.filter(pk=article.embargo_event_id)
        if connection.in_atomic_block:
            # Locked until this save commits: an event saved meanwhile waits,
            # then carries its new time to this release too (never a stale end).
            events = events.select_for_update()
        return event_moment(events.first(), article.embargo_offset)
    return None


def keep_moment(sender, instance, **kwargs):
    instance.embargo_ends_at = ends_at(instance)


def follow_event(sender, instance, **kwargs):
    """The event moved (or got its time): the releases it holds follow."""
    from ..image_visibility import hide_unless_public, release_image_ids

    moved = []
    held = Article.objects.filter(embargo_event=instance).values_list(
        "pk", "embargo_offset", "embargo_ends_at"
    )
    for pk, offset, before in held:
        after = event_moment(instance, offset)
        if after != before:
            Article.objects.filter(pk=pk).update(embargo_ends_at=after)
            moved.append(pk)
    # The date their pages show follows the embargo's end.
    shown_dates.refresh(moved)
    # A release that was public and is held again (the event moved later):
    # its images' old addresses stop working, as for any other hiding.
    hide_unless_public(set().union(*(release_image_ids(pk) for pk in moved)))


def connect():
    pre_save.connect(keep_moment, sender=Article, dispatch_uid="embargo-moment")
    post_save.connect(follow_event, sender=Event, dispatch_uid="embargo-event")
