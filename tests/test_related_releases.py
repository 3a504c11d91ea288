"""Film, person and event pages: their newest releases and the paginated
list of all of them (``/<lang>/{films,people,events}/<slug>/releases/``)."""

import datetime
import re

import pytest
from django.utils import timezone

from articles import shown_dates
from articles.models import Article, Event, Paragraph
from articles.views import RELATED_SHOWN, RELEASES_PER_PAGE

from .factories import make_article, make_film, make_person
from .pages import read

pytestmark = pytest.mark.django_db


def about(count, **kwargs):
    """A film, a person and an event, each in ``count`` public releases, the
    newest last."""
    film = make_film()
    person = make_person()
    event = Event.objects.create(
        kind="premiere", film=film, date=datetime.date(2025, 9, 26)
    )
    start = timezone.now() - datetime.timedelta(days=count + 1)
    for number in range(count):
        release = make_article(title=f"Release {number:03}", film=film, **kwargs)
        release.publications.update(
            published_at=start + datetime.timedelta(days=number)
        )
        shown_dates.refresh([release.pk])  # a bulk write keeps the shown date
        release.people.add(person)
        release.events.add(event)
    return film, person, event


def titles(html):
    return re.findall(r">Release (\d{3}) \[\w\w\]</a>", html)


def pages(film, person, event):
    return {
        film.get_absolute_url(): f"/en/films/{film.slug}/releases/",
        person.get_absolute_url(): f"/en/people/{person.slug}/releases/",
        event.get_absolute_url(): f"/en/events/{event.slug}/releases/",
    }


def test_pages_show_the_newest_few_and_link_to_all_of_them(client):
    subjects = about(RELATED_SHOWN + 4)
    for page, list_url in pages(*subjects).items():
        html = client.get(page).content.decode()
        newest = [f"{number:03}" for number in range(RELATED_SHOWN + 3, 3, -1)]
        assert titles(html) == newest, page
        assert f'<a href="{list_url}">All {RELATED_SHOWN + 4} press releases</a>' in (
            html
        ), page


def test_no_link_when_every_release_is_shown(client):
    film, person, event = about(2)
    html = client.get(film.get_absolute_url()).content.decode()
    assert titles(html) == ["001", "000"]
    assert f"/films/{film.slug}/releases/" not in html
    assert "All 2 press releases" not in html


def test_list_pages_forward_with_prev_and_next(client):
    count = RELEASES_PER_PAGE + 5
    film, person, event = about(count)
    for page, list_url in pages(film, person, event).items():
        first = client.get(list_url)
        assert first.status_code == 200
        html = first.content.decode()
        assert titles(html) == [f"{n:03}" for n in range(count - 1, 4, -1)], page
        assert '<link rel="next" href="?page=2">' in html
        assert 'rel="prev"' not in html
        assert 'aria-current="page"' in html
        second = client.get(f"{list_url}?page=2").content.decode()
        assert titles(second) == ["004", "003", "002", "001", "000"]
        assert '<link rel="prev" href="?page=1">' in second
        assert 'rel="next"' not in second
        assert re.search(r"<title>Press releases: [^<]* · page 2 · ", second)
        assert client.get(f"{list_url}?page=3").status_code == 404
        assert client.get(f"{list_url}?page=x").status_code == 404


@pytest.mark.parametrize("kind", ["films", "people", "events"])
def test_unknown_subject_answers_404(client, kind):
    assert client.get(f"/en/{kind}/no-such-thing/releases/").status_code == 404


def test_lists_every_language_with_its_own_title_and_lang(client):
    film, _person, _event = about(3, languages=("en", "ru"), published=("en", "ru"))
    for code in ("en", "ru", "kk", "es"):
        response = client.get(f"/{code}/films/{film.slug}/releases/")
        assert response.status_code == 200
        page = read(response)
        assert page.html_lang == code
        assert page.canonical.endswith(f"/{code}/films/{film.slug}/releases/")
    assert titles(client.get(f"/ru/films/{film.slug}/releases/").content.decode())
    assert not titles(client.get(f"/kk/films/{film.slug}/releases/").content.decode())


def test_hidden_releases_are_not_listed_nor_counted(client):
    film, person, event = about(RELATED_SHOWN + 1)
    now = timezone.now()
    hidden = [
        make_article(title="Release 900", film=film, published=()),  # draft
        make_article(title="Release 901", film=film, published=("ru",)),
        make_article(
            title="Release 902", film=film, publish_at=now + datetime.timedelta(1)
        ),
        make_article(
            title="Release 903", film=film, embargo_until=now + datetime.timedelta(1)
        ),
    ]
    for release in hidden:
        release.people.add(person)
        release.events.add(event)
    for page, list_url in pages(film, person, event).items():
        html = client.get(page).content.decode()
        assert f"All {RELATED_SHOWN + 1} press releases" in html, page
        listed = client.get(list_url).content.decode()
        assert len(titles(listed)) == RELATED_SHOWN + 1
        assert "Release 90" not in html + listed


def test_person_list_includes_releases_quoting_them(client):
    person = make_person()
    quoted = make_article(title="Release 500")
    Paragraph.objects.filter(article=quoted, position=1).update(
        kind="quote", speaker=person
    )
    make_article(title="Release 501")
    html = client.get(f"/en/people/{person.slug}/releases/").content.decode()
    assert titles(html) == ["500"]
    html = client.get(person.get_absolute_url()).content.decode()
    assert titles(html) == ["500"]


@pytest.mark.parametrize("count", [3, 30])
def test_query_counts_are_constant(client, django_assert_num_queries, count):
    film, person, event = about(count)
    assert Article.objects.count() == count
    for list_url in pages(film, person, event).values():
        # The subject with the press office; how many; the page's releases.
        with django_assert_num_queries(3):
            assert client.get(list_url).status_code == 200
        with django_assert_num_queries(3):
            assert client.get(f"{list_url}?page=1").status_code == 200
