"""Share cards and JSON-LD, read back with extruct, an extractor of its own."""

import datetime
import json

import extruct
import pytest
from django.utils import timezone

from articles.embargo.links import create_links
from articles.imaging.renditions import output_size
from articles.models import (
    Credit,
    Event,
    Organization,
    Participation,
    PressOffice,
    Venue,
)
from tests.factories import make_article, make_film, make_image, make_person

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def extract(client, url):
    """``(JSON-LD nodes by type, Open Graph pairs, html)`` of the page at ``url``."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    data = extruct.extract(
        html,
        base_url=f"http://testserver{url}",
        syntaxes=["json-ld", "opengraph"],
        uniform=False,
    )
    [document] = data["json-ld"]
    assert document["@context"] == "https://schema.org"
    nodes = {}
    for node in document["@graph"]:
        nodes.setdefault(node["@type"], []).append(node)
    [graph] = data["opengraph"] or [{"properties": []}]
    return nodes, graph["properties"], html


def og(properties, name):
    return [value for key, value in properties if key == name]


def only(nodes, kind):
    [node] = nodes[kind]
    return node


def office():
    return PressOffice.objects.create(
        name_en="Plano Press", name_ru="Пресс-служба Плано", email="press@example.org"
    )


def test_release_is_a_news_article_in_the_page_language(client):
    office()
    film = make_film(year=2025, title_ru="Долгая степь")
    ana = make_person("Ana Torres", name_ru="Ана Торрес")
    article = make_article(
        title="Premiere",
        languages=("en", "ru", "kk"),
        published=("en", "ru"),
        film=film,
        hero_image=make_image(),
        summary_en="The summary.",
        summary_ru="Краткое содержание.",
    )
    article.people.add(ana)
    for language, title, name, film_title in [
        ("en", "Premiere [en]", "Ana Torres", "The Long Steppe"),
        ("ru", "Premiere [ru]", "Ана Торрес", "Долгая степь"),
    ]:
        nodes, properties, _html = extract(
            client, f"/{language}/releases/{article.slug}/"
        )
        news = only(nodes, "NewsArticle")
        assert news["headline"] == title
        assert news["inLanguage"] == language
        assert news["description"] == og(properties, "og:description")[0]
        assert datetime.datetime.fromisoformat(news["datePublished"])
        assert news["dateModified"] >= news["datePublished"]
        assert news["url"] == f"http://testserver/{language}/releases/{article.slug}/"
        assert news["about"]["@type"] == "Movie"
        assert news["about"]["name"] == film_title
        assert news["about"]["url"] == f"http://testserver{film.get_absolute_url()}"
        assert [person["name"] for person in news["mentions"]] == [name]
        publisher = only(nodes, "Organization")
        assert news["publisher"] == {"@id": publisher["@id"]}
        expected = "Plano Press" if language == "en" else "Пресс-служба Плано"
        assert publisher["name"] == expected
        assert publisher["email"] == "press@example.org"
        [image] = news["image"]
        assert image["url"].startswith("http://testserver/")
        assert image["url"] == og(properties, "og:image")[0]


def test_release_open_graph_names_only_its_public_languages(client):
    image = make_image(alt_text_ru="Кадр")
    article = make_article(
        languages=("en", "ru", "kk"), published=("en", "ru"), hero_image=image
    )
    _nodes, properties, html = extract(client, f"/ru/releases/{article.slug}/")
    assert og(properties, "og:type") == ["article"]
    assert og(properties, "og:title") == ["A release [ru]"]
    assert og(properties, "og:locale") == ["ru_RU"]
    assert og(properties, "og:locale:alternate") == ["en_GB"]
    assert og(properties, "og:url") == [
        f"http://testserver/ru/releases/{article.slug}/"
    ]
    width, height = output_size("social-jpeg", image.width, image.height)
    assert og(properties, "og:image") == [
        f"http://testserver{image.url('social-jpeg')}"
    ]
    assert og(properties, "og:image:width") == [str(width)]
    assert og(properties, "og:image:height") == [str(height)]
    assert og(properties, "og:image:alt") == ["Кадр"]
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert client.get(image.url("social-jpeg")).status_code == 200


def test_other_pages_name_every_language(client):
    film = make_film()
    _nodes, properties, _html = extract(client, f"/kk{film.get_absolute_url()[3:]}")
    assert og(properties, "og:type") == ["video.movie"]
    assert og(properties, "og:locale") == ["kk_KZ"]
    assert sorted(og(properties, "og:locale:alternate")) == [
        "en_GB",
        "es_ES",
        "ru_RU",
    ]
    person = make_person()
    _nodes, properties, html = extract(client, person.get_absolute_url())
    assert og(properties, "og:type") == ["profile"]
    assert '<meta name="twitter:card" content="summary">' in html
    for url in ["/en/", "/en/releases/", "/en/films/", "/en/people/", "/en/events/"]:
        _nodes, properties, _html = extract(client, url)
        assert og(properties, "og:type") == ["website"], url


def test_film_is_a_movie_with_its_facts(client):
    film = make_film(
        "The Long Steppe",
        title_ru="Долгая степь",
        short_synopsis_ru="Степь.",
        year=2025,
        runtime_minutes=104,
        production_countries="ES,KZ",
        poster=make_image(),
    )
    for person, role in [
        (make_person("Director One"), "director"),
        (make_person("Actor One"), "actor"),
        (make_person("Producer One"), "producer"),
    ]:
        Credit.objects.create(film=film, person=person, role=role)
    company = Organization.objects.create(name_en="Plano a Plano")
    Participation.objects.create(film=film, organization=company, role="production")
    nodes, _properties, _html = extract(client, f"/ru/films/{film.slug}/")
    movie = only(nodes, "Movie")
    assert movie["name"] == "Долгая степь"
    assert movie["description"] == "Степь."
    assert movie["duration"] == "PT104M"
    assert movie["dateCreated"] == "2025"
    assert [person["name"] for person in movie["director"]] == ["Director One"]
    assert [person["name"] for person in movie["actor"]] == ["Actor One"]
    assert [person["name"] for person in movie["producer"]] == ["Producer One"]
    assert movie["productionCompany"] == [
        {"@type": "Organization", "name": "Plano a Plano"}
    ]
    assert [country["name"] for country in movie["countryOfOrigin"]] == [
        "Испания",
        "Казахстан",
    ]
    assert movie["image"]["url"].startswith("http://testserver/")
    page = only(nodes, "WebPage")
    assert page["inLanguage"] == "ru"
    assert page["mainEntity"] == {"@id": movie["@id"]}


def test_nothing_unpublished_appears_anywhere(client):
    film = make_film()
    person = make_person()
    event = Event.objects.create(kind="premiere", film=film, date=datetime.date.today())
    public = make_article(title="Public news", film=film)
    held = make_article(
        title="Held news",
        film=film,
        hero_image=make_image(),
        embargo_until=timezone.now() + HOUR,
    )
    draft = make_article(title="Draft news", film=film, published=())
    for article in (public, held, draft):
        article.people.add(person)
        article.events.add(event)
    held_image = held.hero_image.url("social-jpeg")
    pages = [
        film.get_absolute_url(),
        person.get_absolute_url(),
        event.get_absolute_url(),
        "/en/",
        "/en/releases/",
        "/en/events/",
    ]
    for url in pages:
        nodes, properties, html = extract(client, url)
        cards = json.dumps(nodes) + json.dumps(properties)
        assert "Held news" not in cards and "Draft news" not in cards, url
        assert held_image not in html and held.slug not in cards, url
    for url in pages[:3]:
        nodes, _properties, _html = extract(client, url)
        [subject] = [
            node for kind in nodes for node in nodes[kind] if "subjectOf" in node
        ]
        assert [item["headline"] for item in subject["subjectOf"]] == [
            "Public news [en]"
        ]


def test_a_title_cannot_close_the_script_element(client):
    title = "</script><script>alert(1)</script> & <!-- x"
    article = make_article(title=title)
    nodes, properties, html = extract(client, article.get_absolute_url())
    assert only(nodes, "NewsArticle")["headline"] == f"{title} [en]"
    assert og(properties, "og:title") == [f"{title} [en]"]
    assert html.count("<script") == 1
    assert "<script>alert" not in html


def test_event_is_a_screening_at_its_place_with_its_offset(client):
    venue = Venue.objects.create(
        name_en="Kursaal",
        city_en="San Sebastián",
        address_en="Zurriola 1",
        country="ES",
    )
    event = Event.objects.create(
        kind="premiere",
        title_en="World premiere",
        title_ru="Мировая премьера",
        film=make_film(),
        venue=venue,
        date=datetime.date(2025, 9, 20),
        time=datetime.time(19, 30),
        time_zone="Europe/Madrid",
    )
    nodes, _properties, _html = extract(client, f"/ru/events/{event.slug}/")
    screening = only(nodes, "ScreeningEvent")
    assert screening["name"] == "Мировая премьера"
    assert screening["inLanguage"] == "ru"
    assert screening["startDate"] == "2025-09-20T19:30:00+02:00"
    assert screening["location"]["name"] == "Kursaal"
    assert screening["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Zurriola 1",
        "addressLocality": "San Sebastián",
        "addressCountry": "ES",
    }
    assert screening["workPresented"]["name"] == "The Long Steppe"
    award = Event.objects.create(kind="award", date_precision="tba")
    nodes, _properties, _html = extract(client, award.get_absolute_url())
    assert "startDate" not in only(nodes, "Event")


def test_person_and_press_office_pages(client):
    office()
    person = make_person("Ana Torres", name_ru="Ана Торрес", bio_ru="Режиссёр.")
    person.portrait = make_image()
    person.save()
    nodes, properties, _html = extract(client, f"/ru/people/{person.slug}/")
    node = only(nodes, "Person")
    assert node["name"] == "Ана Торрес"
    assert node["description"] == "Режиссёр."
    assert node["image"]["url"] == og(properties, "og:image")[0]
    assert only(nodes, "ProfilePage")["inLanguage"] == "ru"
    nodes, _properties, _html = extract(client, "/ru/press-office/")
    organization = only(nodes, "Organization")
    assert organization["name"] == "Пресс-служба Плано"
    assert only(nodes, "AboutPage")["mainEntity"] == {"@id": organization["@id"]}


def test_index_pages_list_what_they_show(client):
    film = make_film()
    make_article(title="Listed")
    nodes, _properties, _html = extract(client, "/en/releases/")
    page = only(nodes, "CollectionPage")
    assert page["inLanguage"] == "en"
    [item] = page["mainEntity"]["itemListElement"]
    assert item["name"] == "Listed [en]"
    nodes, _properties, _html = extract(client, "/en/films/")
    [item] = only(nodes, "CollectionPage")["mainEntity"]["itemListElement"]
    assert item["url"] == f"http://testserver{film.get_absolute_url()}"
    nodes, _properties, _html = extract(client, "/es/")
    assert only(nodes, "WebSite")["inLanguage"] == "es"


def test_no_cards_on_a_personal_embargo_link_page(client):
    release = make_article(
        title="Secret", hero_image=make_image(), embargo_until=timezone.now() + HOUR
    )
    [(_link, token)] = create_links(
        [{"name": "Ana"}], article=release, languages=["en"],
        expires_at=timezone.now() + HOUR, user=None,
    )  # fmt: skip
    response = client.get(f"/embargo/{token}/en/releases/{release.slug}/")
    html = response.content.decode()
    assert response.status_code == 200 and "Secret [en]" in html
    assert "<script" not in html and 'property="og:' not in html
    assert "twitter:" not in html
