"""Two app servers on one database (and one Redis, where there is one):
what an editor changes through one is what visitors get from the other, at
once, in every language."""

import os

import pytest
from django.urls import reverse

from tests.embargo_world import build_world
from tests.page_cache_backends import redis_url
from tests.test_admin import make_staff
from tests.two_servers import Browser, server


def own_redis_database():
    """A Redis database of its own per test worker: the servers' keys have
    fixed names, and two workers run at once."""
    import redis

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = 1 + int(worker.removeprefix("gw") or 0) % 15
    url = redis_url().rsplit("/", 1)[0] + f"/{number}"
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("versions", ["redis", "database"])
def test_a_change_through_one_server_shows_at_once_on_the_other(versions, tmp_path):
    shared = own_redis_database() if versions == "redis" else ""
    world = build_world()
    for image in (world.hero, world.still):  # Russian captions: publishable
        image.caption_ru = "Кадр."
        image.save()
    make_staff("editor", "Editors")
    slug = world.release.slug
    pages = {
        "ru": f"/ru/releases/{slug}/",
        "en": f"/en/releases/{slug}/",
        "ru list": "/ru/releases/",
        "ru feed": "/ru/feeds/releases.rss",
    }
    with (
        server(tmp_path / "one", shared) as one,
        server(tmp_path / "two", shared) as two,
    ):
        visitor, editor = Browser(two), Browser(one)
        for _ in range(2):  # read twice: stored on the second server
            assert {name: visitor.get(url)[0] for name, url in pages.items()} == {
                "ru": 200, "en": 200, "ru list": 200, "ru feed": 200,
            }  # fmt: skip
        editor.log_in("editor", "pw-editor")
        unpublish = reverse(
            "admin:articles_article_unpublish", args=[world.release.pk, "ru"]
        )
        change = reverse("admin:articles_article_change", args=[world.release.pk])
        assert editor.post(unpublish, {}, change) == 302

        assert visitor.get(pages["ru"])[0] == 404
        assert slug not in visitor.get(pages["ru list"])[1]
        assert slug not in visitor.get(pages["ru feed"])[1]
        status, html = visitor.get(pages["en"])
        # The English page no longer offers a Russian version.
        assert status == 200 and 'hreflang="ru"' not in html

        publish = reverse(
            "admin:articles_article_publish", args=[world.release.pk, "ru"]
        )
        assert editor.post(publish, {}, change) == 302
        assert visitor.get(pages["ru"])[0] == 200
        assert slug in visitor.get(pages["ru list"])[1]
        assert 'hreflang="ru"' in visitor.get(pages["en"])[1]
