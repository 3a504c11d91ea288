"""The leak matrix: every public door × every state of an embargoed release.

A door either shows the release (its page, a list entry, a file) or answers
404 / leaves it out. The release must show exactly in the states where it is
public, and a personal link must open exactly what it grants.
"""

import pytest
from django.utils import timezone

from articles.models import Article
from tests.embargo_world import (
    NEVER_PUBLIC,
    build_world,
    link_for,
    tie_to_an_event_that_started,
    what_shows,
)

pytestmark = pytest.mark.django_db

HOUR = timezone.timedelta(hours=1)


def draft(world):
    world.release.publications.all().delete()


def language_not_published(world):
    world.release.unpublish("en")


def publish_at_ahead(world):
    world.release.publish_at = timezone.now() + HOUR
    world.release.save()


def embargoed_by_moment(world):
    world.release.embargo_until = timezone.now() + HOUR
    world.release.save()


def embargoed_by_event_without_time(world):
    world.event.time = None
    world.event.time_zone = ""
    world.event.save()
    world.release.embargo_event = world.event
    world.release.save()


def embargoed_by_event_moved_later(world):
    # The premiere was an hour ago: reviews were out...
    tie_to_an_event_that_started(world, HOUR)
    assert Article.objects.public("en").filter(pk=world.release.pk).exists()
    # ... until the premiere is moved to tomorrow.
    world.event.date = world.event.date + timezone.timedelta(days=1)
    world.event.save()


def with_revoked_link(world):
    embargoed_by_moment(world)
    link, world.token = link_for(world)
    link.revoked_at = timezone.now()
    link.save()


def with_expired_link(world):
    embargoed_by_moment(world)
    _link, world.token = link_for(world, expires_at=timezone.now() - HOUR)


def with_altered_token(world):
    embargoed_by_moment(world)
    _link, token = link_for(world)
    world.token = token[:-1] + ("A" if token[-1] != "A" else "B")


def embargo_lifted(world):
    embargoed_by_moment(world)
    world.release.embargo_until = None
    world.release.save()


def embargo_passed(world):
    world.release.embargo_until = timezone.now() - HOUR
    world.release.save()


def nothing_held(world):
    pass


HIDDEN = [
    draft,
    language_not_published,
    publish_at_ahead,
    embargoed_by_moment,
    embargoed_by_event_without_time,
    embargoed_by_event_moved_later,
    with_revoked_link,
    with_expired_link,
    with_altered_token,
]
SHOWN = [embargo_lifted, embargo_passed, nothing_held]
# Renditions carry no language: public while the release is public in any.
STILL_PUBLIC_IN_RUSSIAN = {"lead image", "gallery rendition"}


@pytest.mark.parametrize("state", HIDDEN + SHOWN, ids=lambda state: state.__name__)
def test_every_door_shows_the_release_exactly_when_it_is_public(client, state):
    world = build_world()
    state(world)
    for row in (world.release, world.hero, world.still):
        row.refresh_from_db()  # images hidden meanwhile have new addresses
    shown = what_shows(client, world, "en")
    public = state in SHOWN
    expected = {door: public and door not in NEVER_PUBLIC for door in shown}
    if state is language_not_published:
        expected.update(dict.fromkeys(STILL_PUBLIC_IN_RUSSIAN, True))
    assert shown == expected
    assert world.release.is_public("en") == public
    assert Article.objects.public("en").filter(pk=world.release.pk).exists() == public


# What a personal link (for English) opens in each state: the release itself
# ("open"), nothing (404), or the public page it has become (a redirect).
THROUGH_LINK = {
    draft: 404,
    language_not_published: 404,
    publish_at_ahead: 200,
    embargoed_by_moment: 200,
    embargoed_by_event_without_time: 200,
    embargoed_by_event_moved_later: 200,
    with_revoked_link: 404,
    with_expired_link: 404,
    with_altered_token: 404,
    embargo_lifted: 302,
    embargo_passed: 302,
    nothing_held: 302,
}


def link_doors(world, token):
    base, slug = f"/embargo/{token}", world.release.slug
    return {
        "release page": f"{base}/en/releases/{slug}/",
        "release PDF": f"{base}/en/releases/{slug}/pdf/",
        "release kit": f"{base}/en/releases/{slug}/press-kit/",
        "lead image": base + world.hero.url("thumb-jpeg"),
        "image download": base + world.still.download_url("en", "full"),
    }


@pytest.mark.parametrize("state", HIDDEN + SHOWN, ids=lambda state: state.__name__)
def test_a_personal_link_opens_exactly_what_it_grants_in_every_state(client, state):
    world = build_world()
    world.token = None
    state(world)
    if world.token is None:
        _link, world.token = link_for(world, languages=("en",))
    for row in (world.release, world.hero, world.still):
        row.refresh_from_db()
    expected = THROUGH_LINK[state]
    seen = {}
    for door, url in link_doors(world, world.token).items():
        response = client.get(url)
        seen[door] = response.status_code if response.status_code != 202 else 200
        if response.status_code == 302:
            assert response["Location"] == url.split(world.token, 1)[1]
    # Image files are sent, not redirected, once public; a rendition carries
    # no language, so it is public while the release is public in Russian.
    images_public = state in SHOWN or state is language_not_published
    wanted = dict.fromkeys(seen, expected)
    if expected != 404 or images_public:
        wanted["lead image"] = 200
    if expected != 404:
        wanted["image download"] = 200
    assert seen == wanted
