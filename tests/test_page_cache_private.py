"""What the page cache never keeps, never serves, and what it does when its
store is gone."""

import logging
import time

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles.page_cache import entries, failures, rules, versions
from tests.embargo_world import build_world, link_for
from tests.page_cache_backends import use


def is_stored(url):
    """The page cache holds a page for ``url`` that it would serve now."""
    key = entries.cache_key("page", *rules.page_key(RequestFactory().get(url)))
    return entries.lookup(key) is not None


def test_staff_are_never_served_or_stored_a_cached_page(
    db, editor_client, backend, world
):
    url = f"/en/releases/{world.release.slug}/"
    staff = editor_client.get(url)
    assert "private" in staff["Cache-Control"] and "no-store" in staff["Cache-Control"]
    anonymous = Client()
    assert not is_stored(url)  # the staff visit stored nothing
    anonymous.get(url)
    assert is_stored(url)
    # A stored page is not what staff get: their answer is the view's own.
    again = editor_client.get(url)
    assert "ETag" not in again and "no-store" in again["Cache-Control"]


def test_previews_and_embargo_links_are_never_stored(db, editor_client, world):
    client = Client()
    world.release.embargo_until = timezone.now() + timezone.timedelta(days=1)
    world.release.save()
    _link, token = link_for(world)
    link_page = f"/embargo/{token}/en/releases/{world.release.slug}/"
    preview = reverse("admin:articles_article_preview", args=[world.release.pk, "en"])
    for _ in range(2):
        answer = client.get(link_page)
        assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
        assert editor_client.get(preview).status_code == 200
    assert not is_stored(link_page)
    # The embargoed release is still not on the public list, stored or not.
    for _ in range(2):
        assert world.release.slug not in client.get("/en/releases/").text


def test_a_stored_page_holds_nothing_of_one_request(client, backend, world, settings):
    url = f"/en/releases/{world.release.slug}/"
    first = client.get(url)
    assert not first.cookies
    key = entries.cache_key("page", "http", "testserver", url, "[]")
    page, _until = caches["default"].get(key).value
    stored = dict(page.headers)
    assert "Set-Cookie" not in stored and "Content-Security-Policy" not in stored
    assert b"csrfmiddlewaretoken" not in page.body and b"nonce" not in page.body
    second = client.get(url)
    assert not second.cookies and second.content == first.content


def test_query_parameters_a_page_does_not_read_are_never_cached(client, world):
    client.get("/en/releases/?utm_source=mail")
    assert not is_stored("/en/releases/?utm_source=mail")
    client.get("/en/releases/")
    assert is_stored("/en/releases/")
    assert client.get("/en/releases/?page=99").status_code == 404
    assert client.get("/en/releases/?page=99").status_code == 404


def test_a_change_committed_while_a_page_renders_is_not_stored(backend, db):
    clock = versions.now()
    versions.bump("release:1")  # committed after the page read its rows
    key = entries.cache_key("test", "page")
    assert not entries.keep(key, clock, ["release:1"], time.time() + 60, "old")
    assert entries.lookup(key) is None
    clock = versions.now()
    assert entries.keep(key, clock, ["release:1"], time.time() + 60, "new")
    assert entries.lookup(key) == "new"
    versions.bump("release:1")
    assert entries.lookup(key) is None


@pytest.mark.django_db(transaction=True)
def test_database_versions_move_when_the_change_commits(client, settings):
    """Without Redis the versions are rows: every process sees them."""
    from django.db import transaction

    use("database", settings)
    world = build_world()
    url = f"/en/releases/{world.release.slug}/"
    client.get(url)
    assert is_stored(url)
    with transaction.atomic():
        world.release.title_en = "Written again"
        world.release.save()
        # Not yet committed: other processes still read the old version.
        assert "Written again" not in client.get(url).text
    assert "Written again" in client.get(url).text


@pytest.mark.django_db
def test_without_redis_pages_are_served_uncached_and_it_is_logged_once(
    client, settings, caplog
):
    dead = "redis://127.0.0.1:9/0"  # the discard port: nothing answers
    settings.CACHES = {
        "default": {
            "BACKEND": "pressroom.cache.TolerantRedisCache",
            "LOCATION": dead,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    settings.REDIS_URL = dead
    versions.store._wrapped = versions.RedisVersions(dead, "test-dead")
    failures.last["at"] = float("-inf")
    world = build_world()
    url = f"/ru/releases/{world.release.slug}/"
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="pressroom.page_cache"):
        answers = [client.get(url) for _ in range(3)]
        world.release.title_ru = "Новое"
        world.release.save()
        answers.append(client.get(url))
    assert [answer.status_code for answer in answers] == [200] * 4
    assert "Новое" in answers[-1].text
    assert time.monotonic() - started < 15
    warnings = [r for r in caplog.records if r.name == "pressroom.page_cache"]
    assert len(warnings) == 1 and "uncached" in warnings[0].getMessage()
