"""Personal embargo links as a journalist uses them: what a link opens, what
it does not, how an unusable one answers, and the record of every use."""

import datetime
import hashlib
import zoneinfo

import pytest
from django.utils import timezone, translation

from articles import pdf
from articles.embargo.banner import embargo_line
from articles.embargo.links import create_links
from articles.models import ArticleImage, EmbargoLink, EmbargoLinkUse, Publication
from articles.presskits.content import plan_release_kit
from tests.embargo_world import TITLE, build_world, link_for
from tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db

HOUR = timezone.timedelta(hours=1)
IGNORED_HEADERS = {"Date"}


@pytest.fixture
def embargoed():
    world = build_world()
    world.release.embargo_event = world.event
    world.release.embargo_offset = 30
    world.release.save()
    for row in (world.release, world.hero, world.still):
        row.refresh_from_db()
    return world


def link_doors(world, token, language="en"):
    base = f"/embargo/{token}"
    slug = world.release.slug
    return {
        "landing": f"{base}/{language}/",
        "release page": f"{base}/{language}/releases/{slug}/",
        "release PDF": f"{base}/{language}/releases/{slug}/pdf/",
        "release kit": f"{base}/{language}/releases/{slug}/press-kit/",
        "lead image": base + world.hero.url("thumb-jpeg"),
        "gallery download": base + world.still.download_url(language, "full"),
    }


def as_seen(response):
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    headers = {k: v for k, v in response.headers.items() if k not in IGNORED_HEADERS}
    return response.status_code, body, headers


def test_a_valid_link_opens_its_release_before_the_moment_and_says_until_when(
    client, embargoed
):
    link, token = link_for(embargoed, languages=("en",))
    doors = link_doors(embargoed, token)
    page = client.get(doors["release page"])
    assert page.status_code == 200
    html = page.content.decode()
    assert TITLE in html
    # The premiere starts at 19:00 in Madrid; + 30 minutes, told on the
    # banner in the recipient's time zone (Almaty) and in UTC.
    ends = embargoed.release.embargo_ends_at
    assert ends == embargoed.event.starts_at + timezone.timedelta(minutes=30)
    almaty = timezone.localtime(ends, zoneinfo.ZoneInfo("Asia/Almaty"))
    utc = timezone.localtime(ends, datetime.UTC)
    assert f"Embargoed until {almaty.day} {almaty:%B %Y}, {almaty:%H:%M}" in html
    assert f"{utc:%H:%M} UTC)" in html
    assert "A personal link for Marta Gil (Diario)" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert 'rel="canonical"' not in html and "hreflang=" not in html.split("<body")[0]
    # Every address on the page that leads to the release's files stays
    # under the link.
    for url in (
        embargoed.hero.url("w480-jpeg"),
        f"/en/releases/{embargoed.release.slug}/pdf/",
    ):
        assert f"/embargo/{token}{url}" in html
    for name, url in doors.items():
        response = client.get(url)
        assert response.status_code in (200, 202), name
        assert set(response["Cache-Control"].split(", ")) == {"no-store", "private"}
        assert response["X-Robots-Tag"] == "noindex, nofollow, noarchive", name
        assert response["Referrer-Policy"] == "no-referrer", name
        assert not response.has_header("ETag"), name


def test_a_link_opens_only_the_languages_it_names_and_only_published_ones(
    client, embargoed
):
    link, token = link_for(embargoed, languages=("en", "es"))
    slug = embargoed.release.slug
    assert client.get(f"/embargo/{token}/en/releases/{slug}/").status_code == 200
    # Russian is published but not named; Spanish is named but not published.
    assert client.get(f"/embargo/{token}/ru/releases/{slug}/").status_code == 404
    assert client.get(f"/embargo/{token}/es/releases/{slug}/").status_code == 404
    assert client.get(f"/embargo/{token}/es/releases/{slug}/pdf/").status_code == 404
    # Unpublishing English closes the link's English too.
    Publication.objects.filter(article=embargoed.release, language="en").delete()
    assert client.get(f"/embargo/{token}/en/releases/{slug}/").status_code == 404


def test_a_release_link_opens_nothing_of_another_release(client, embargoed):
    other = build_world()
    other.release.embargo_until = timezone.now() + HOUR
    other.release.save()
    _link, token = link_for(embargoed)
    url = f"/embargo/{token}/en/releases/{other.release.slug}/"
    assert client.get(url).status_code == 404
    assert client.get(url + "pdf/").status_code == 404
    other.hero.refresh_from_db()
    assert (
        client.get(f"/embargo/{token}" + other.hero.url("thumb-jpeg")).status_code
        == 404
    )


@pytest.mark.parametrize("how", ["revoked", "expired", "altered", "unknown"])
def test_an_unusable_link_answers_exactly_like_any_missing_page(client, embargoed, how):
    link, token = link_for(embargoed)
    if how == "revoked":
        link.revoked_at = timezone.now()
        link.save()
    elif how == "expired":
        link.expires_at = timezone.now() - HOUR
        link.save()
    elif how == "altered":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif how == "unknown":
        token = "x" * len(token)
    missing = as_seen(client.get("/embargo/" + "y" * len(token) + "/en/"))
    assert missing[0] == 404
    for name, url in link_doors(embargoed, token).items():
        seen = as_seen(client.get(url))
        assert seen[0] == 404, name
        assert seen[1] == missing[1], name
        assert seen[2] == missing[2], name
    assert not EmbargoLinkUse.objects.exists()


def test_a_link_redirects_to_the_public_page_once_the_release_is_public(
    client, embargoed
):
    _link, token = link_for(embargoed)
    slug = embargoed.release.slug
    embargoed.release.embargo_event = None
    embargoed.release.save()
    response = client.get(f"/embargo/{token}/en/releases/{slug}/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/releases/{slug}/"
    response = client.get(f"/embargo/{token}/en/releases/{slug}/pdf/")
    assert response["Location"] == f"/en/releases/{slug}/pdf/"
    # The landing of a release link goes to the public page too.
    assert client.get(f"/embargo/{token}/en/")["Location"] == f"/en/releases/{slug}/"


def test_other_addresses_under_a_link_lead_to_the_public_site(client, embargoed):
    _link, token = link_for(embargoed)
    response = client.get(f"/embargo/{token}/en/films/{embargoed.film.slug}/?a=1")
    assert response.status_code == 302
    assert response["Location"] == f"/en/films/{embargoed.film.slug}/?a=1"
    # Never to another site.
    for rest in ("/evil.example/", "\\evil.example/"):
        response = client.get(f"/embargo/{token}/{rest}")
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert response["Location"].startswith("/") and not response[
                "Location"
            ].startswith(("//", "/\\"))


def test_every_use_is_recorded_with_the_client_address(client, embargoed, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    link, token = link_for(embargoed)
    doors = link_doors(embargoed, token)
    for url in (doors["release page"], doors["release PDF"], doors["lead image"]):
        client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    client.get(doors["release page"].replace("/en/", "/ru/"))  # refused: not kept
    uses = list(EmbargoLinkUse.objects.order_by("pk"))
    assert [use.kind for use in uses] == ["page", "pdf", "image"]
    assert {use.address for use in uses} == {"203.0.113.9"}
    assert {use.article_id for use in uses} == {embargoed.release.pk}
    assert uses[0].path == f"/en/releases/{embargoed.release.slug}/"
    assert uses[0].language == "en"


def test_only_a_hash_of_the_token_is_kept(embargoed):
    link, token = link_for(embargoed)
    stored = EmbargoLink.objects.get(pk=link.pk)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 43
    for value in EmbargoLink.objects.filter(pk=link.pk).values().get().values():
        assert token not in str(value)


def test_a_film_link_opens_the_film_kit_and_its_releases(client, embargoed):
    link, token = link_for(
        embargoed, article=None, film=embargoed.film, languages=("en", "ru")
    )
    landing = client.get(f"/embargo/{token}/ru/")
    assert landing.status_code == 200
    html = landing.content.decode()
    assert f"/embargo/{token}/ru/films/{embargoed.film.slug}/press-kit/" in html
    assert f"/embargo/{token}/ru/releases/{embargoed.release.slug}/" in html
    kit = client.get(f"/embargo/{token}/ru/films/{embargoed.film.slug}/press-kit/")
    assert kit.status_code in (200, 202)
    # Another film's kit is not opened by it.
    other = build_world()
    url = f"/embargo/{token}/ru/films/{other.film.slug}/press-kit/"
    assert client.get(url).status_code == 404


def release_text(kit):
    [entry] = [e for e in kit.entries if e.kind == "release-text"]
    return entry.opener().read().decode()


def test_a_links_documents_carry_the_embargo_line_and_the_public_ones_do_not(
    embargoed, settings
):
    settings.TIME_ZONE = "Europe/Madrid"
    link, _token = link_for(embargoed)
    release = embargoed.release
    held = release_text(plan_release_kit(release, "en", link=link))
    ends = timezone.localtime(release.embargo_ends_at)
    # The premiere starts at 19:00 in Madrid; the embargo ends 30 minutes on.
    assert held.startswith(
        f"EMBARGOED until {ends.day} {ends:%B %Y}, 19:30 {ends.tzname()}"
    )
    assert f"({ends.astimezone(datetime.UTC):%H:%M} UTC)" in held
    printable = pdf.release_printable(release, "en")
    assert "EMBARGOED until" in printable.html
    # The kit built ahead for the moment is the public one: no line in it.
    at_moment = plan_release_kit(release, "en", at=release.embargo_ends_at)
    assert "EMBARGOED" not in release_text(at_moment)
    with translation.override("ru"):
        line = embargo_line(release)
    assert line.startswith("ЭМБАРГО до ")


@pytest.mark.parametrize(
    ("paragraphs", "languages"), [(2, ("en",)), (60, ("en", "ru", "kk", "es"))]
)
def test_a_link_page_costs_the_same_queries_whatever_its_size(
    client, django_assert_num_queries, paragraphs, languages
):
    release = make_article(
        title="Sizes", paragraphs=paragraphs, languages=languages,
        published=languages, embargo_until=timezone.now() + HOUR,
    )  # fmt: skip
    for _number in range(paragraphs // 10):
        ArticleImage.objects.create(article=release, image=make_image())
    [(_link, token)] = create_links(
        [{"name": "Ana"}], article=release, languages=languages,
        expires_at=timezone.now() + HOUR, user=None,
    )  # fmt: skip
    # The link, the release page's 2, and the record of the use.
    with django_assert_num_queries(4):
        response = client.get(f"/embargo/{token}/en/releases/{release.slug}/")
    assert response.status_code == 200
    assert response.content.decode().count("<picture>") == paragraphs // 10


@pytest.mark.parametrize(
    "rest",
    [
        "xx/",
        "xx/releases/{slug}/",
        "en/releases/%00/",
        "en/releases/{slug}/press-kit/../../../",
        "en/releases/{slug}/pdf/%2e%2e/",
        "media/images/1-zz/thumb-jpeg.exe",
        "en/films/nope/press-kit/",
        "ru/releases/{slug}/?page=%00",
        "a" * 3000 + "/",
    ],
)
def test_careless_or_hostile_addresses_under_a_link_never_fail(client, embargoed, rest):
    _link, token = link_for(embargoed)
    url = f"/embargo/{token}/" + rest.format(slug=embargoed.release.slug)
    response = client.get(url)
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert (
            response["Location"].startswith("/")
            and "embargo" not in response["Location"]
        )


@pytest.mark.parametrize(
    "token", ["%00", "é" * 40, "x" * 101, "..", "%2F", "a" * 43 + "%00"]
)
def test_strange_tokens_are_just_missing_pages(client, token):
    assert client.get(f"/embargo/{token}/en/").status_code == 404
