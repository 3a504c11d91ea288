"""Two people at once, each with their own database connection: an editor
ties a release to the premiere while another moves the premiere; a journalist
opens a link while an editor revokes it. The embargo's end is never stale."""

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from articles.models import Article, EmbargoLinkUse, Event
from tests.embargo_world import build_world, link_for

from .test_concurrency import at_once

pytestmark = pytest.mark.django_db(transaction=True)


def tie(pk, event_pk):
    with transaction.atomic():
        release = Article.objects.get(pk=pk)
        release.embargo_event_id = event_pk
        release.embargo_offset = 30
        release.save()


def move(event_pk):
    with transaction.atomic():
        event = Event.objects.get(pk=event_pk)
        event.date += timezone.timedelta(days=2)
        event.save()


def test_tying_a_release_to_an_event_while_the_event_moves_never_keeps_a_stale_end():
    for _round in range(4):
        world = build_world()
        pk, event_pk = world.release.pk, world.event.pk
        at_once([lambda: tie(pk, event_pk), lambda: move(event_pk)])  # noqa: B023
        release = Article.objects.get(pk=pk)
        event = Event.objects.get(pk=event_pk)
        assert release.embargo_ends_at == event.starts_at + timezone.timedelta(
            minutes=30
        )


def test_a_link_revoked_while_it_is_opened_is_closed_from_then_on():
    world = build_world()
    world.release.embargo_until = timezone.now() + timezone.timedelta(hours=1)
    world.release.save()
    link, token = link_for(world)
    url = f"/embargo/{token}/en/releases/{world.release.slug}/"

    def open_page():
        return Client().get(url).status_code

    def revoke():
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        return "revoked"

    first, _done = at_once([open_page, revoke])
    assert first in (200, 404)
    assert Client().get(url).status_code == 404
    assert EmbargoLinkUse.objects.count() == (1 if first == 200 else 0)
