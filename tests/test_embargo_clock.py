"""The moment itself: nobody acts, and the first request after it sees the
release through every door; an event that moves takes the moment with it;
kits for the moment are built before it."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from articles.models import PressKit
from articles.presskits import building
from articles.presskits.views import kits_block
from tests.embargo_world import (
    NEVER_PUBLIC,
    build_world,
    link_for,
    tie_to_an_event_that_started,
    what_shows,
)

SECOND = timezone.timedelta(seconds=1)


def at(monkeypatch, moment):
    """Every "now" of the site (pages, files, kits) reads this clock."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


def fresh(world):
    for row in (world.release, world.hero, world.still):
        row.refresh_from_db()


def expect(shown, public):
    assert shown == {door: public and door not in NEVER_PUBLIC for door in shown}


@pytest.mark.django_db
def test_the_first_request_after_a_fixed_moment_sees_the_release_everywhere(
    client, monkeypatch
):
    world = build_world()
    moment = timezone.now() + timezone.timedelta(hours=2)
    world.release.embargo_until = moment
    world.release.save()
    fresh(world)
    at(monkeypatch, moment - SECOND)
    expect(what_shows(client, world), public=False)
    at(monkeypatch, moment)
    expect(what_shows(client, world), public=True)


@pytest.mark.django_db
def test_an_embargo_follows_its_event_when_the_event_moves(client, monkeypatch):
    world = build_world()
    world.release.embargo_event = world.event
    world.release.embargo_offset = 30
    world.release.save()
    first = world.event.starts_at + timezone.timedelta(minutes=30)
    # The premiere is postponed by a day: the embargo goes with it.
    world.event.date += timezone.timedelta(days=1)
    world.event.save()
    fresh(world)
    later = world.event.starts_at + timezone.timedelta(minutes=30)
    assert world.release.embargo_ends_at == later
    at(monkeypatch, first + SECOND)
    expect(what_shows(client, world), public=False)
    at(monkeypatch, later)
    expect(what_shows(client, world), public=True)


@pytest.mark.django_db
def test_an_event_without_a_time_holds_the_release_until_it_gets_one(
    client, monkeypatch
):
    world = build_world()
    time = world.event.time
    world.event.time, world.event.time_zone = None, ""
    world.event.save()
    world.release.embargo_event = world.event
    world.release.save()
    fresh(world)
    assert world.release.embargo_ends_at is None
    assert world.release.status() == world.release.Status.EMBARGOED
    at(monkeypatch, timezone.now() + timezone.timedelta(days=365))
    expect(what_shows(client, world), public=False)
    monkeypatch.undo()
    world.event.time, world.event.time_zone = time, "Asia/Almaty"
    world.event.save()
    fresh(world)
    at(monkeypatch, world.event.starts_at + SECOND)
    expect(what_shows(client, world), public=True)


@pytest.mark.django_db(transaction=True)
def test_kits_for_the_moment_and_for_links_are_built_ahead_and_links_kits_stay_private(
    client, django_capture_on_commit_callbacks
):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        world = build_world()
        moment = timezone.now() + timezone.timedelta(hours=2)
        world.release.embargo_until = moment
        world.release.save()
        link_for(world, languages=("en",))
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    film = f"film:{world.film.pk}"
    # The public kit of the moment is ready before it...
    assert building.stored(building.plan(film, "en", moment)) is not None
    # ... and so is the link's, which no public page lists.
    world.release.refresh_from_db()
    link = world.release.embargo_links.get()
    release_kit = building.plan(f"release:{world.release.pk}", "en", link=link)
    assert building.stored(release_kit) is not None
    # The film page's download block lists only what is public now.
    listed = [row for _code, row in kits_block(film, ["en"]) if row]
    assert listed and all(row.contents["releases"] == 0 for row in listed)
    assert PressKit.objects.filter(subject=film, contents__releases=1).exists()


@pytest.mark.django_db
def test_an_image_address_copied_while_public_dies_when_the_event_moves_later(client):
    world = build_world()
    tie_to_an_event_that_started(world, timezone.timedelta(hours=1))
    fresh(world)
    copied = world.still.url("w480-jpeg")
    assert client.get(copied).status_code == 200
    world.event.date += timezone.timedelta(days=1)  # postponed
    world.event.save()
    assert client.get(copied).status_code == 404
    # Even once the new moment has passed, the old address stays dead.
    world.event.date -= timezone.timedelta(days=2)
    world.event.save()
    fresh(world)
    assert client.get(copied).status_code == 404
    assert client.get(world.still.url("w480-jpeg")).status_code == 200
