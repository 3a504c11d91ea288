"""The sitemap index, its sections' hreflang alternates, and robots.txt."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from articles import shown_dates
from articles.models import Event
from tests.factories import make_article, make_film, make_person

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
HOST = "http://testserver"
LANGUAGES = {"en", "ru", "kk", "es"}


def sitemap(client):
    """{page URL: {hreflang: URL}} from every section the index names."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ElementTree.fromstring(response.content)
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    urls = {}
    for loc in index.findall("sm:sitemap/sm:loc", NS):
        section = client.get(loc.text.removeprefix(HOST))
        assert section.status_code == 200, loc.text
        for url in ElementTree.fromstring(section.content).findall("sm:url", NS):
            page = url.find("sm:loc", NS).text
            assert page not in urls, page
            urls[page] = {
                link.get("hreflang"): link.get("href")
                for link in url.findall("xhtml:link", NS)
                if link.get("rel") == "alternate"
            }
            urls[page]["lastmod"] = getattr(url.find("sm:lastmod", NS), "text", None)
    return urls


def alternates(entry):
    return {code: url for code, url in entry.items() if code != "lastmod"}


def release_urls(urls, release):
    return {url for url in urls if f"/releases/{release.slug}/" in url}


def test_index_names_every_section(client):
    response = client.get("/sitemap.xml")
    index = ElementTree.fromstring(response.content)
    locs = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert locs == [
        f"{HOST}/sitemap-{name}.xml"
        for name in ("releases", "films", "people", "events", "pages")
    ]


def test_alternates_are_reciprocal_with_x_default(client):
    make_article(languages=("en", "ru"), published=("en", "ru"))
    make_article(title="Spanish", languages=("es", "kk"), published=("es", "kk"),
                 source_language="es")  # fmt: skip
    make_film()
    make_person()
    urls = sitemap(client)
    assert urls
    for page, entry in urls.items():
        links = alternates(entry)
        assert "x-default" in links, page
        languages = {url for code, url in links.items() if code != "x-default"}
        assert links["x-default"] in languages, page
        assert page in links.values(), page
        for code, url in links.items():
            assert url in urls, (page, code, url)
            assert alternates(urls[url]) == links, (page, url)
            if code != "x-default":
                assert url.startswith(f"{HOST}/{code}/"), url


def test_release_lists_exactly_its_public_languages(client):
    release = make_article(
        languages=("en", "ru", "es"), published=("ru", "es"), source_language="en"
    )
    urls = sitemap(client)
    mine = release_urls(urls, release)
    assert mine == {
        f"{HOST}/ru/releases/{release.slug}/",
        f"{HOST}/es/releases/{release.slug}/",
    }
    links = alternates(urls[f"{HOST}/ru/releases/{release.slug}/"])
    assert set(links) == {"ru", "es", "x-default"}
    # Its source language is not public: x-default is the first public one,
    # as on the page itself.
    assert links["x-default"] == f"{HOST}/ru/releases/{release.slug}/"
    page = client.get(f"/ru/releases/{release.slug}/").content.decode()
    assert f'hreflang="x-default" href="{links["x-default"]}"' in page


def test_nothing_non_public_is_listed(client):
    hour = timedelta(hours=1)
    hidden = [
        make_article(title="Draft", published=()),
        make_article(title="Scheduled", publish_at=timezone.now() + hour),
        make_article(title="Embargoed", embargo_until=timezone.now() + hour),
    ]
    partly = make_article(title="Partly", languages=("en", "kk"), published=("en",))
    urls = sitemap(client)
    for release in hidden:
        assert not release_urls(urls, release), release.slug
        assert not any(release.slug in str(entry) for entry in urls.values())
    assert release_urls(urls, partly) == {f"{HOST}/en/releases/{partly.slug}/"}
    assert set(alternates(urls[f"{HOST}/en/releases/{partly.slug}/"])) == {
        "en",
        "x-default",
    }


def test_films_people_events_and_index_pages_are_in_every_language(client):
    film = make_film()
    person = make_person()
    event = Event.objects.create(
        kind=Event.Kind.PREMIERE,
        title_en="Gala",
        film=film,
        date=timezone.now().date(),
    )
    urls = sitemap(client)
    for path in (
        film.get_absolute_url(),
        person.get_absolute_url(),
        event.get_absolute_url(),
        "/en/",
        "/en/releases/",
        "/en/films/",
        "/en/people/",
        "/en/events/",
        "/en/press-office/",
    ):
        entry = urls[HOST + path]
        assert set(alternates(entry)) == LANGUAGES | {"x-default"}, path
        assert alternates(entry)["x-default"] == HOST + path, path


def test_release_lastmod_is_its_latest_date(client):
    release = make_article(languages=("en", "ru"), published=("en", "ru"))
    later = timezone.now() + timedelta(days=2)
    release.publications.filter(language="ru").update(published_at=later)
    shown_dates.refresh([release.pk])
    urls = sitemap(client)
    for code in ("en", "ru"):
        entry = urls[f"{HOST}/{code}/releases/{release.slug}/"]
        assert entry["lastmod"] == later.date().isoformat()


@pytest.mark.parametrize("count", [3, 30])
def test_release_section_query_count_is_constant(
    client, django_assert_num_queries, count
):
    for number in range(count):
        make_article(title=f"R{number}", languages=("en", "ru"), published=("en", "ru"))
    # How many there are, and the page's releases with their languages.
    with django_assert_num_queries(2):
        response = client.get("/sitemap-releases.xml")
    assert response.content.count(b"<url>") == 2 * count


def test_robots_txt_points_at_the_sitemap_and_keeps_private_doors_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {HOST}/sitemap.xml" in lines
    for path in ("/admin/", "/embargo/", "/media/images/*/original/"):
        assert f"Disallow: {path}" in lines, path
    # Previews live under the admin.
    assert "/admin/" in "/admin/articles/article/1/preview/en/"
