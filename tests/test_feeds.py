"""The RSS and Atom feeds of public releases, read as a feed reader reads them."""

import email.utils
from datetime import datetime, timedelta

import feedparser
import pytest
from django.utils import timezone

from articles import image_files
from articles.feeds import ENCLOSURE_SPEC
from articles.models import Article, Paragraph, Person
from tests.embargo_world import build_world, link_for
from tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db

RSS = "/{}/feeds/releases.rss"
ATOM = "/{}/feeds/releases.atom"
FEEDS = [RSS, ATOM]


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, (url, parsed.get("bozo_exception"))
    return response, parsed


def shown_at(release, language):
    return Article.objects.public(language).get(pk=release.pk).shown_at


@pytest.mark.parametrize("feed", FEEDS)
def test_feed_lists_public_releases_of_its_language_only(client, feed):
    english = make_article(title="Only English")
    both = make_article(title="Both", languages=("en", "ru"), published=("en", "ru"))
    make_article(title="Draft", published=())
    make_article(title="Unpublished ru", languages=("en", "ru"), published=("en",))
    make_article(title="Scheduled", publish_at=timezone.now() + timedelta(hours=1))
    make_article(title="Embargoed", embargo_until=timezone.now() + timedelta(hours=1))

    _response, parsed = read(client, feed.format("ru"))
    assert [entry.title for entry in parsed.entries] == ["Both [ru]"]

    _response, parsed = read(client, feed.format("en"))
    titles = [entry.title for entry in parsed.entries]
    assert titles == ["Unpublished ru [en]", "Both [en]", "Only English [en]"]
    assert english.pk and both.pk


def test_feeds_say_their_language(client):
    make_article(languages=("kk",), published=("kk",))
    response, parsed = read(client, RSS.format("kk"))
    assert parsed.feed.language == "kk"
    assert b"<language>kk</language>" in response.content
    response, parsed = read(client, ATOM.format("kk"))
    assert b'xml:lang="kk"' in response.content
    assert parsed.feed.language == "kk"


@pytest.mark.parametrize("feed", FEEDS)
def test_guid_stays_when_title_and_slug_change(client, feed):
    release = make_article(title="First title")
    _response, parsed = read(client, feed.format("en"))
    guid = parsed.entries[0].id
    assert str(release.pk) in guid and guid.startswith("tag:testserver,")
    assert guid.endswith(f":release:{release.pk}:en")
    assert release.slug not in guid

    release.title_en = "A new title"
    release.slug = "a-new-title"
    release.save()
    _response, parsed = read(client, feed.format("en"))
    assert parsed.entries[0].title == "A new title"
    assert parsed.entries[0].id == guid
    assert parsed.entries[0].link == "http://testserver/en/releases/a-new-title/"


def test_guid_differs_between_languages(client):
    make_article(languages=("en", "es"), published=("en", "es"))
    _response, english = read(client, RSS.format("en"))
    _response, spanish = read(client, RSS.format("es"))
    assert english.entries[0].id != spanish.entries[0].id
    assert english.entries[0].guidislink is False


@pytest.mark.parametrize("feed", FEEDS)
def test_links_are_absolute_and_feed_links_itself(client, feed):
    release = make_article()
    url = feed.format("en")
    response, parsed = read(client, url)
    assert parsed.entries[0].link == f"http://testserver{release.get_absolute_url()}"
    assert parsed.feed.link == "http://testserver/en/releases/"
    selves = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert selves == [f"http://testserver{url}"]


def test_rss_has_an_atom_self_link(client):
    make_article()
    response, _parsed = read(client, RSS.format("en"))
    assert (
        b'<atom:link href="http://testserver/en/feeds/releases.rss" rel="self"/>'
        in response.content
    )


@pytest.mark.parametrize("feed", FEEDS)
def test_enclosure_is_the_lead_image_rendition(client, feed):
    image = make_image()
    release = make_article(hero_image=image)
    make_article(title="No image")
    _response, parsed = read(client, feed.format("en"))
    by_title = {entry.title: entry for entry in parsed.entries}
    assert by_title["No image [en]"].enclosures == []

    [enclosure] = by_title["A release [en]"].enclosures
    made = image_files.rendition(image, ENCLOSURE_SPEC)
    assert enclosure.href == f"http://testserver{image.url('w800-jpeg')}"
    assert enclosure.type == "image/jpeg" == made.content_type
    assert int(enclosure.length) == made.file.size > 0
    # The address serves exactly those bytes.
    served = b"".join(client.get(image.url("w800-jpeg")).streaming_content)
    assert len(served) == int(enclosure.length)
    assert release.pk


def test_dates_are_the_shown_date_in_each_format(client):
    published = timezone.now() - timedelta(days=3)
    release = make_article()
    release.publications.update(published_at=published)
    release.publish_at = timezone.now() - timedelta(days=2)
    release.save()
    expected = shown_at(release, "en")
    assert expected == release.publish_at

    response, parsed = read(client, RSS.format("en"))
    raw = response.content.decode().split("<pubDate>")[1].split("</pubDate>")[0]
    assert email.utils.parsedate_to_datetime(raw) == expected.replace(microsecond=0)
    assert raw.endswith("+0000") and "," in raw  # RFC 822: "Tue, 01 Dec …"

    response, parsed = read(client, ATOM.format("en"))
    text = response.content.decode()
    for tag in ("published", "updated"):
        value = text.split("<entry>")[1].split(f"<{tag}>")[1].split(f"</{tag}>")[0]
        assert datetime.fromisoformat(value) == expected  # RFC 3339


@pytest.mark.parametrize("feed", FEEDS)
def test_full_text_is_in_the_feed(client, feed):
    speaker = Person.objects.create(name_en="Ana Ruiz")
    release = make_article(
        subtitle_en="The subtitle", summary_en="The summary & more", paragraphs=2
    )
    Paragraph.objects.create(
        article=release, position=3, kind="heading", text_en="A heading"
    )
    Paragraph.objects.create(
        article=release, position=4, kind="quote", text_en="Quoted.", speaker=speaker
    )
    _response, parsed = read(client, feed.format("en"))
    entry = parsed.entries[0]
    html = entry.content[0].value if feed == ATOM else entry.description
    for text in (
        "<strong>The subtitle</strong>",
        "<p>The summary &amp; more</p>",
        "<p>Paragraph 1 [en].</p>",
        "<p>Paragraph 2 [en].</p>",
        "<h2>A heading</h2>",
        "<blockquote><p>Quoted.</p><p>— Ana Ruiz</p></blockquote>",
    ):
        assert text in html, text
    if feed == ATOM:
        assert entry.summary == "The summary & more"


@pytest.mark.parametrize("feed", FEEDS)
def test_markup_in_texts_is_escaped(client, feed):
    make_article(
        title="<script>alert(1)</script> Premiere",
        summary_en="<script>alert(2)</script>",
    )
    response, parsed = read(client, feed.format("en"))
    assert b"<script>" not in response.content
    entry = parsed.entries[0]
    assert entry.title == "<script>alert(1)</script> Premiere [en]"
    html = entry.content[0].value if feed == ATOM else entry.description
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_feed_holds_the_latest_thirty_releases(client):
    for number in range(32):
        make_article(title=f"Release {number}", paragraphs=0)
    _response, parsed = read(client, RSS.format("en"))
    assert len(parsed.entries) == 30
    assert parsed.entries[0].title == "Release 31 [en]"


@pytest.mark.parametrize("feed", FEEDS)
@pytest.mark.parametrize("count", [3, 30])
def test_feed_query_count_is_constant(client, django_assert_num_queries, feed, count):
    for number in range(count):
        make_article(title=f"Release {number}", hero_image=make_image())
    client.get(feed.format("en"))  # builds the enclosures' renditions once
    # The office, the releases, their paragraphs, the lead images' renditions.
    with django_assert_num_queries(4):
        response = client.get(feed.format("en"))
    assert len(feedparser.parse(response.content).entries) == count


@pytest.mark.parametrize("feed", FEEDS)
def test_unknown_language_answers_404(client, feed):
    make_article()
    assert client.get(feed.format("xx")).status_code == 404
    assert client.get(feed.format("de")).status_code == 404


def test_every_page_links_the_feeds_of_its_language(client):
    release = make_article(languages=("en", "es"), published=("en", "es"))
    for url in ("/es/", "/es/releases/", f"/es/releases/{release.slug}/", "/es/films/"):
        html = client.get(url).content.decode()
        assert (
            '<link rel="alternate" type="application/rss+xml" hreflang="es"' in html
        ), url
        assert 'href="http://testserver/es/feeds/releases.rss"' in html, url
        assert 'href="http://testserver/es/feeds/releases.atom"' in html, url
        assert "/en/feeds/" not in html, url


def test_press_office_page_lists_its_feeds(client):
    html = client.get("/ru/press-office/").content.decode()
    assert 'href="/ru/feeds/releases.rss"' in html
    assert 'href="/ru/feeds/releases.atom"' in html


def test_personal_link_pages_name_no_feed(client):
    world = build_world(embargo_until=timezone.now() + timedelta(hours=1))
    _link, token = link_for(world)
    response = client.get(f"/embargo/{token}/en/releases/{world.release.slug}/")
    assert response.status_code == 200
    assert "feeds/releases" not in response.content.decode()
