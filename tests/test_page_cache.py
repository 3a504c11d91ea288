"""Whole pages from the cache, and never a stale one.

The oracle: after every kind of change, every public page in every language
answers exactly what it answers with the page cache off. Each change must
also change some page, so no case passes by changing nothing. Run on the
process-memory and the Redis backends.
"""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import history, importers, restore
from articles.models import ArticleImage, Paragraph, PressContact, PressOffice
from articles.presskits import building
from articles.sitemaps import SITEMAPS
from tests.embargo_world import build_world, door_urls
from tests.factories import make_article

LANGUAGES = ("en", "ru", "kk", "es")
PAGE_KINDS = ("page", "xml")
DATA = Path(__file__).parent / "data"


def public_urls(world):
    urls = [
        target
        for language in LANGUAGES
        for kind, target in door_urls(world, language).values()
        if kind in PAGE_KINDS
    ]
    extra = ("films/", "people/", "events/", "press-office/")
    urls += [f"/{language}/{path}" for language in LANGUAGES for path in extra]
    return [*urls, "/sitemap.xml", *(f"/sitemap-{name}.xml" for name in SITEMAPS)]


# An empty feed is "built" at the moment it is rendered (Django's rule): the
# stored one keeps the moment it was built.
BUILT_AT = re.compile(r"<(lastBuildDate|updated)>[^<]*</\1>(?!.*<(item|entry)>)", re.S)


def answer(client, url):
    response = client.get(url)
    return response.status_code, BUILT_AT.sub("", response.content.decode(), 1)


def uncached(client, settings, url):
    settings.PAGE_CACHE = False
    try:
        return answer(client, url)
    finally:
        settings.PAGE_CACHE = True


def everything(client, urls):
    return {url: answer(client, url) for url in urls}


def assert_all_true(client, settings, urls):
    served = everything(client, urls)
    for url in urls:
        assert served[url] == uncached(client, settings, url), url
    return served


# The changes, each as an editor, a translator, a command or the worker
# makes it. Each returns nothing; the oracle decides what must show.


def title_edited(world):
    world.release.title_ru = "Новое название релиза"
    world.release.save()


def language_published(world):
    world.release.title_kk = "Жаңа шығарылым"
    world.release.save()
    for paragraph in world.release.paragraphs.all():
        paragraph.text_kk = f"Қазақша абзац {paragraph.position}."
        paragraph.save()
    world.release.publish("kk")


def language_unpublished(world):
    world.release.unpublish("ru")


def paragraph_translated(world):
    paragraph = world.release.paragraphs.order_by("position").first()
    paragraph.text_ru = "Абзац переведён заново."
    paragraph.save()


def paragraphs_reordered(world):
    pks = list(
        world.release.paragraphs.order_by("-position").values_list("pk", flat=True)
    )
    world.release.reorder_paragraphs(pks)


def paragraph_added(world):
    Paragraph.objects.create(
        article=world.release, position=9, text_en="A new last word.", text_ru="Новое."
    )


def caption_changed(world):
    world.still.caption_en = "A caption written again."
    world.still.save()


def gallery_emptied(world):
    ArticleImage.objects.filter(article=world.release).delete()


def film_renamed(world):
    world.film.title_en = "Southern Lights"
    world.film.save()


def person_renamed(world):
    world.person.name_en = "Aliya Sarsenova"
    world.person.save()


def event_renamed(world):
    world.event.title_en = "Gala premiere"
    world.event.save()


def person_taken_off(world):
    world.release.people.remove(world.person)


def contact_added(world):
    contact = PressContact.objects.create(name="Marta Ruiz", email="marta@example.org")
    world.release.press_contacts.add(contact)


def office_written(world):
    PressOffice.objects.create(name_en="North Films press office")


def embargo_set(world):
    world.release.embargo_until = timezone.now() + timezone.timedelta(days=1)
    world.release.save()


def release_imported(world):
    _report, article = importers.import_file(
        (DATA / "three-languages.en-ru-es.txt").read_bytes()
    )
    for code in ("en", "ru", "es"):
        article.publish(code)


def release_restored(world):
    with history.release_revision(None, "translated", world.release):
        pass
    before = history.versions_of(world.release).first().revision
    with history.release_revision(None, "translated", world.release):
        title_edited(world)
    restore.restore(world.release, before, None)


def kit_built(world):
    building.build(building.plan(f"release:{world.release.pk}", "en"))


def film_kit_built(world):
    building.build(building.plan(f"film:{world.film.pk}", "en"))


def release_deleted(world):
    world.release.delete()


def another_release_published(world):
    make_article(title="Second release", languages=LANGUAGES, published=LANGUAGES)


CHANGES = [
    title_edited,
    language_published,
    language_unpublished,
    paragraph_translated,
    paragraphs_reordered,
    paragraph_added,
    caption_changed,
    gallery_emptied,
    film_renamed,
    person_renamed,
    event_renamed,
    person_taken_off,
    contact_added,
    office_written,
    embargo_set,
    release_imported,
    release_restored,
    kit_built,
    film_kit_built,
    release_deleted,
    another_release_published,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_after_each_kind_of_change_every_page_in_every_language_is_true(
    client, settings, backend, world, change
):
    urls = public_urls(world)
    before = everything(client, urls)  # every page stored

    change(world)

    after = assert_all_true(client, settings, urls)
    assert after != before, "the change should show on some page"


def test_every_page_is_stored_as_it_is_rendered(client, settings, backend, world):
    urls = public_urls(world)
    everything(client, urls)  # a feed makes its enclosure's image file first
    before = assert_all_true(client, settings, urls)
    found = [url for url in urls if before[url][0] == 200]
    assert len(found) > len(urls) / 2
    with CaptureQueriesContext(connection) as queries:
        assert everything(client, found) == {url: before[url] for url in found}
    assert len(queries) == 0  # not found pages are not stored


def test_a_stored_page_costs_no_query_and_carries_validators(client, backend, world):
    url = f"/ru/releases/{world.release.slug}/"
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert len(queries) == 0
    assert second.content == first.content
    assert second["ETag"] == first["ETag"] and second["Last-Modified"]
    control = second["Cache-Control"]
    assert "public" in control and "must-revalidate" in control
    assert "s-maxage=60" in control and "max-age=0" in control
    # The security headers are written on every answer, stored or not.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Content-Language"] == "ru"


def test_conditional_requests_answer_304_until_the_page_changes(client, backend, world):
    url = f"/en/releases/{world.release.slug}/"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 304

    world.release.title_en = "A title written again"
    world.release.save()
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and "A title written again" in changed.text
    assert changed["ETag"] != etag


def test_feeds_and_sitemaps_answer_304_too(client, backend, world):
    for url in ("/en/feeds/releases.rss", "/en/feeds/releases.atom", "/sitemap.xml"):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304, url


@pytest.mark.django_db
@pytest.mark.parametrize("moment", ["publish_at", "embargo_until"])
def test_a_scheduled_moment_shows_without_anyone_acting(
    client, settings, backend, monkeypatch, moment
):
    start = timezone.now()
    later = start + timezone.timedelta(hours=2)
    world = build_world(**{moment: later})
    urls = public_urls(world)
    before = assert_all_true(client, settings, urls)
    assert world.release.slug not in before["/en/releases/"][1]

    monkeypatch.setattr(timezone, "now", lambda: later + timezone.timedelta(seconds=1))

    after = assert_all_true(client, settings, urls)
    assert world.release.slug in after["/en/releases/"][1]
    assert after[f"/ru/releases/{world.release.slug}/"][0] == 200


def test_an_event_becomes_past_at_midnight(
    client, settings, backend, monkeypatch, world
):
    urls = [f"/{code}/events/" for code in LANGUAGES] + [
        f"/{code}/" for code in LANGUAGES
    ]
    before = assert_all_true(client, settings, urls)
    later = timezone.now() + timezone.timedelta(days=4)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later.date())
    after = assert_all_true(client, settings, urls)
    assert after != before


@pytest.mark.django_db
def test_the_shared_cache_lifetime_shrinks_before_a_scheduled_moment(client, backend):
    soon = timezone.now() + timezone.timedelta(seconds=20)
    make_article(title="Soon", publish_at=soon)
    control = client.get("/en/releases/")["Cache-Control"]
    seconds = int(control.split("s-maxage=")[1].split(",")[0])
    assert 0 <= seconds <= 20


def test_with_the_page_cache_off_a_release_page_reads_nothing_once_its_parts_are_kept(
    client, settings, backend, world
):
    """PAGE_CACHE=0 (the page is rendered each time): the body, the share
    cards and the release's row are kept, so a request reads no table."""
    settings.PAGE_CACHE = False
    url = f"/ru/releases/{world.release.slug}/"
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert len(queries) == 0 and second.content == first.content
    world.person.name_ru = "Алия Сарсен"
    world.person.save()
    assert "Алия Сарсен" in client.get(url).text


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_kept_parts_of_the_release_page_are_never_stale(
    client, settings, backend, world, change
):
    """The same oracle as above, with the page cache off: only the kept
    parts of the release page could be stale."""
    urls = [f"/{code}/releases/{world.release.slug}/" for code in LANGUAGES]
    settings.PAGE_CACHE = False
    everything(client, urls)
    change(world)
    served = everything(client, urls)
    settings.PAGE_FRAGMENTS = False
    assert everything(client, urls) == served


@pytest.mark.django_db
def test_an_embargo_lifted_by_an_editor_shows_at_once(client, settings, backend):
    world = build_world(embargo_until=timezone.now() + timezone.timedelta(days=2))
    urls = public_urls(world)
    before = everything(client, urls)
    assert before[f"/en/releases/{world.release.slug}/"][0] == 404
    world.release.embargo_until = None
    world.release.save()
    after = assert_all_true(client, settings, urls)
    assert after[f"/en/releases/{world.release.slug}/"][0] == 200
    assert world.release.slug in after["/en/feeds/releases.rss"][1]
