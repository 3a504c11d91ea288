import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles.models import (
    ArticleImage,
    Event,
    Film,
    FilmImage,
    Paragraph,
    Person,
)

from .crawl import crawl
from .factories import make_article, make_film, make_image, make_person
from .pages import read

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "kk", "es"]
RELEASE = "/{}/releases/la-tregua-premieres-in-san-sebastian/"


def translated(language, text):
    with translation.override(language):
        result = gettext(text)
    if language != "en":
        assert result != text, f"{text!r} is not translated into {language}"
    return result


# Addresses


@pytest.mark.parametrize(
    ("accept", "target"),
    [("ru-RU,ru;q=0.9,en;q=0.5", "/ru/"), ("kk", "/kk/"), ("es-ES", "/es/"),
     ("de-DE,fr;q=0.8", "/en/"), ("", "/en/")],
)  # fmt: skip
def test_root_redirects_to_the_visitors_language(client, accept, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target


def test_get_absolute_url_follows_the_active_language(demo):
    film = Film.objects.get(slug="la-tregua")
    person = Person.objects.get(slug="aron-piper")
    event = Event.objects.get(slug="la-tregua-world-premiere")
    with translation.override("ru"):
        assert demo.get_absolute_url() == RELEASE.format("ru")
        assert film.get_absolute_url() == "/ru/films/la-tregua/"
        assert person.get_absolute_url() == "/ru/people/aron-piper/"
        assert event.get_absolute_url() == "/ru/events/la-tregua-world-premiere/"
    with translation.override("es"):
        assert str(film) == "La Tregua"
        assert str(person) == "Aron Piper"


# Pages in every language


@pytest.mark.parametrize("language", ["en", "ru", "es"])
def test_release_page_in_each_published_language(client, demo, language):
    response = client.get(RELEASE.format(language))
    assert response.status_code == 200
    page = read(response)
    assert page.html_lang == language
    assert page.h1 == demo.text_in("title", language).text
    first = demo.paragraphs.get(position=1).text_in("text", language).text
    assert first in page.text
    assert translated(language, "Press contacts") in page.text
    heading = demo.paragraphs.filter(kind="heading").first()
    assert (
        f"<h2>{heading.text_in('text', language).text}</h2>"
        in response.content.decode()
    )


def test_release_page_attributes_quotes_and_links_people_and_film(client, demo):
    html = client.get(RELEASE.format("ru")).content.decode()
    # The demo's quotes say who spoke ("…», — сказал Арон Пипер"): named once.
    assert "— сказал Арон Пипер" in html
    assert '<figcaption>— <a href="/ru/people/aron-piper/">' not in html
    quote = Paragraph.objects.get(article=demo, speaker__slug="aron-piper")
    quote.text_ru = "«Эта история принадлежит зрителям»."
    quote.save()
    html = client.get(RELEASE.format("ru")).content.decode()
    assert '<figcaption>— <a href="/ru/people/aron-piper/">Арон Пипер</a>' in html
    assert '<a href="/ru/films/la-tregua/">Перемирие</a>' in html
    assert '(<i lang="es">La Tregua</i>)' in html
    assert '<a href="/ru/people/amanat-konakbayev/">Аманат Конакбаев</a>' in html
    assert "press@example.org" in html
    assert 'width="800" height="450"' in html  # the 1200 × 675 key art, at 800 px
    assert demo.hero_image.caption_ru in html
    assert demo.hero_image.credit_ru in html
    assert "27 сентября 2025 г." in html


def test_release_page_leaves_out_paragraphs_missing_in_its_language(client):
    article = make_article(paragraphs=3, languages=("en", "ru"), published=("en", "ru"))
    Paragraph.objects.filter(article=article, position=2).update(text_ru="")
    html = client.get(f"/ru/releases/{article.slug}/").content.decode()
    assert "Paragraph 1 [ru]." in html and "Paragraph 3 [ru]." in html
    assert "Paragraph 2" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_film_page_in_every_language(client, demo, language):
    response = client.get(f"/{language}/films/la-tregua/")
    assert response.status_code == 200
    page = read(response)
    film = Film.objects.get(slug="la-tregua")
    assert page.html_lang == language
    assert page.h1 == film.text_in("title", language).text
    assert translated(language, "Cast and crew") in page.text
    assert translated(language, "Financing") in page.text
    html = response.content.decode()
    assert "&lt;" not in html
    if language == "kk":
        note = translated("kk", "Not yet translated: shown in the original language.")
        assert note in page.text
        assert f'<div class="prose" lang="en"><p>{film.synopsis_en}</p></div>' in html
    else:
        assert film.text_in("synopsis", language).text.split(".")[0] in page.text


def test_film_page_groups_credits_and_shows_companies_financing_events(client, demo):
    page = read(client.get("/es/films/la-tregua/"))
    assert "Actor" in page.text and "Aron Piper" in page.text
    assert "Productor general" in page.text and "Amanat Konakbáyev" in page.text
    assert "coordinación de la parte kazaja" in page.text
    assert "Plano a Plano" in page.text and "España" in page.text
    assert "Kazajistán" in page.text
    assert "70 %" in page.text or "70%" in page.text
    assert "solo capital privado" in page.text
    premiere = page.text.index("26 de septiembre de 2025")
    spain = page.text.index("10 de octubre de 2025")
    kazakhstan = page.text.index("30 de octubre de 2025")
    assert premiere < spain < kazakhstan
    assert translated("es", "date to be announced") in page.text
    assert "«La Tregua» se estrena en San Sebastián" in page.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_person_page_in_every_language(client, demo, language):
    response = client.get(f"/{language}/people/yerlan-bekhozhin/")
    assert response.status_code == 200
    page = read(response)
    person = Person.objects.get(slug="yerlan-bekhozhin")
    assert page.html_lang == language
    assert page.h1 == person.text_in("name", language).text
    assert translated(language, "Films and roles") in page.text
    if language != "kk":
        assert demo.text_in("title", language).text in page.text
    else:
        assert demo.title_kk not in page.text


def test_person_name_not_translated_falls_back_with_its_language(client, demo):
    response = client.get("/kk/people/aron-piper/")
    page = read(response)
    assert page.h1 == "Aron Piper"
    assert '<h1><span lang="en">Aron Piper</span></h1>' in response.content.decode()
    assert translated("kk", "Not yet translated: shown in the original language.") in (
        page.text
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_events_page_in_every_language(client, demo, language):
    response = client.get(f"/{language}/events/")
    assert response.status_code == 200
    page = read(response)
    assert page.html_lang == language
    assert page.h1 == translated(language, "Events")
    assert translated(language, "Upcoming") in page.text
    assert translated(language, "Past") in page.text
    netflix = Event.objects.get(slug="la-tregua-netflix")
    upcoming, past = page.text.split(translated(language, "Past"), 1)
    assert netflix.text_in("title", language).text in upcoming
    premiere = Event.objects.get(slug="la-tregua-world-premiere")
    assert premiere.text_in("title", language).text in past


@pytest.mark.parametrize(
    ("language", "date"),
    [("en", "26 September 2025"), ("ru", "26 сентября 2025 г."),
     ("es", "26 de septiembre de 2025"), ("kk", "2025 жылғы 26 қыркүйек")],
)  # fmt: skip
def test_event_page_writes_dates_the_way_each_language_does(
    client, demo, language, date
):
    response = client.get(f"/{language}/events/la-tregua-world-premiere/")
    assert response.status_code == 200
    page = read(response)
    assert page.html_lang == language
    assert date in page.text
    assert "Victoria Eugenia" in page.text or "Виктория Эухения" in page.text


@pytest.mark.parametrize(
    ("language", "month"),
    [("en", "February 2026"), ("ru", "Февраль 2026 г."),
     ("es", "febrero de 2026"), ("kk", "2026 жылғы ақпан")],
)  # fmt: skip
def test_month_only_and_tba_dates_read_naturally(client, language, month):
    Event.objects.create(
        slug="goya-ceremony", kind="award", title_en="Goya ceremony",
        date_precision="month", date=datetime.date(2026, 2, 1),
    )  # fmt: skip
    Event.objects.create(slug="netflix", kind="streaming_release", date_precision="tba")
    assert month in read(client.get(f"/{language}/events/goya-ceremony/")).text
    tba = read(client.get(f"/{language}/events/netflix/")).text
    assert translated(language, "date to be announced") in tba


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_and_release_list_in_every_language(client, demo, language):
    for url in (f"/{language}/", f"/{language}/releases/"):
        response = client.get(url)
        assert response.status_code == 200
        page = read(response)
        assert page.html_lang == language
        if language == "kk":
            assert demo.title_kk not in page.text
            assert (
                translated("kk", "No press releases in this language yet.") in page.text
            )
        else:
            assert demo.text_in("title", language).text in page.text


def test_release_list_is_paginated(client):
    for number in range(25):
        make_article(title=f"Release {number:02d}")
    first = read(client.get("/en/releases/"))
    second = read(client.get("/en/releases/?page=2"))
    assert first.text.count("[en]") == 20
    assert second.text.count("[en]") == 5
    assert client.get("/en/releases/?page=3").status_code == 404
    assert client.get("/en/releases/?page=abc").status_code == 404


# Languages on the page


def test_release_switcher_and_hreflang_list_exactly_its_published_languages(
    client, demo
):
    page = read(client.get(RELEASE.format("en")))
    expected = {code: RELEASE.format(code) for code in ("en", "ru", "es")}
    assert page.switcher == expected
    assert {
        code: url.removeprefix("http://testserver")
        for code, url in page.hreflang.items()
    } == {**expected, "x-default": RELEASE.format("en")}
    assert page.canonical == "http://testserver" + RELEASE.format("en")


def test_unpublishing_a_language_removes_it_from_switcher_and_hreflang(client, demo):
    demo.unpublish("es")
    page = read(client.get(RELEASE.format("ru")))
    assert set(page.switcher) == {"en", "ru"}
    assert set(page.hreflang) == {"en", "ru", "x-default"}


def test_pages_that_exist_in_every_language_list_all_four(client, demo):
    for url in (
        "/ru/films/la-tregua/",
        "/kk/events/",
        "/es/",
        "/en/people/aron-piper/",
    ):
        page = read(client.get(url))
        assert set(page.switcher) == set(LANGUAGES), url
        assert set(page.hreflang) == {*LANGUAGES, "x-default"}, url
        assert page.canonical.endswith(url)


def test_switcher_names_each_language_in_itself(client, demo):
    html = client.get("/en/films/la-tregua/").content.decode()
    assert 'lang="ru" hreflang="ru">Русский</a>' in html
    assert 'lang="kk" hreflang="kk">Қазақша</a>' in html
    assert 'lang="es" hreflang="es">Español</a>' in html
    assert 'aria-current="page">English</a>' in html


# Not found


def test_unknown_slug_and_unknown_language_answer_404(client, demo):
    for url in (
        "/en/releases/no-such-release/",
        "/en/films/no-such-film/",
        "/en/people/nobody/",
        "/en/events/nothing/",
        "/de/",
        "/xx/releases/la-tregua-premieres-in-san-sebastian/",
        "/en/releases/la-tregua-premieres-in-san-sebastian/extra/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert read(response).h1 == "Page not found", url


def test_404_page_speaks_the_pages_language(client):
    response = client.get("/ru/releases/no-such-release/")
    page = read(response)
    assert response.status_code == 404
    assert page.html_lang == "ru"
    assert "There is no page at this address" not in page.text
    assert page.h1 == translated("ru", "Page not found")


def test_release_in_an_unpublished_language_offers_the_public_ones(client, demo):
    response = client.get(RELEASE.format("kk"))
    assert response.status_code == 404
    html = response.content.decode()
    assert demo.title_kk not in html
    page = read(response)
    assert page.html_lang == "kk"
    for code in ("en", "ru", "es"):
        assert f'href="{RELEASE.format(code)}"' in html
        assert demo.text_in("title", code).text in page.text
    assert not page.hreflang and not page.switcher


def test_draft_scheduled_and_unknown_look_the_same(client):
    draft = make_article(title="Secret draft", published=())
    soon = timezone.now() + datetime.timedelta(days=2)
    scheduled = make_article(title="Embargoed news", languages=("en", "ru"),
                             published=("en", "ru"), publish_at=soon)  # fmt: skip
    unknown = client.get("/en/releases/nothing-here/")
    for article in (draft, scheduled):
        for code in ("en", "ru"):
            response = client.get(f"/{code}/releases/{article.slug}/")
            assert response.status_code == 404
            html = response.content.decode()
            assert "Secret draft" not in html and "Embargoed news" not in html
            assert "/releases/" + article.slug not in html.replace(
                f"/{code}/releases/{article.slug}/", ""
            )
    assert read(unknown).h1 == read(client.get(f"/en/releases/{draft.slug}/")).h1
    for url in ("/en/", "/en/releases/", "/ru/"):
        html = client.get(url).content.decode()
        assert "Secret draft" not in html and "Embargoed news" not in html


def test_scheduled_release_appears_once_its_time_comes(client):
    article = make_article(
        title="Coming", publish_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert client.get(f"/en/releases/{article.slug}/").status_code == 404
    # The hour passes (moved back rather than waited for; saved, as every
    # write is, so the date the lists sort by follows).
    article.publish_at = timezone.now() - datetime.timedelta(minutes=1)
    article.save()
    assert client.get(f"/en/releases/{article.slug}/").status_code == 200
    assert article.title_en in client.get("/en/releases/").content.decode()


def test_film_and_person_pages_never_list_unpublished_releases(client):
    film = make_film("Quiet Film")
    person = make_person("Maria Quiet")
    public = make_article(title="Public one", film=film)
    hidden = make_article(title="Hidden one", film=film, published=())
    for article in (public, hidden):
        article.people.add(person)
    for url in (film.get_absolute_url(), person.get_absolute_url()):
        page = read(client.get(url))
        assert "Public one [en]" in page.text
        assert "Hidden one" not in page.text


def test_person_page_lists_releases_that_quote_them(client):
    person = make_person("Quoted Person")
    article = make_article(title="Quote release", paragraphs=1)
    Paragraph.objects.create(
        article=article, kind="quote", speaker=person, text_en="“Hi.”"
    )
    page = read(client.get(person.get_absolute_url()))
    assert "Quote release [en]" in page.text
    assert page.text.count("Quote release [en]") == 1


# Query counts


def _release_with(paragraphs, languages):
    article = make_article(
        paragraphs=paragraphs, languages=languages, published=languages
    )
    speaker = make_person(f"Speaker {paragraphs}")
    article.people.add(speaker, make_person(f"Other {paragraphs}"))
    article.hero_image = make_image()
    article.save()
    for _number in range(paragraphs // 5):  # 1 or 20 images in the gallery
        ArticleImage.objects.create(article=article, image=make_image())
    Paragraph.objects.filter(article=article, position=2).update(
        kind="quote", speaker=speaker
    )
    return article


@pytest.mark.parametrize(
    ("paragraphs", "languages"), [(5, ("en", "ru")), (100, ("en", "ru", "kk", "es"))]
)
def test_release_page_query_count_is_constant(
    client, django_assert_num_queries, paragraphs, languages
):
    article = _release_with(paragraphs, languages)
    # The release, with its film and lead image in joins and its published
    # languages, paragraphs with their speakers, people, gallery, press
    # contacts and the press office in subqueries; and the press-kit block's
    # kits.
    with django_assert_num_queries(2):
        response = client.get(f"/en/releases/{article.slug}/")
    assert response.status_code == 200
    assert response.content.decode().count("<picture>") == 1 + paragraphs // 5


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_counts_are_constant(client, django_assert_num_queries, count):
    film = make_film(poster=make_image())
    for number in range(count):
        make_article(title=f"Release {number}", film=film, languages=("en", "ru"))
        FilmImage.objects.create(film=film, image=make_image())
    with django_assert_num_queries(2):
        assert client.get("/en/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/en/releases/").status_code == 200
    with django_assert_num_queries(8):  # 7, and the press-kit block's kits
        response = client.get(film.get_absolute_url())
    assert response.content.decode().count("<picture>") == count + 1


@pytest.mark.parametrize("count", [3, 30])
def test_person_and_event_query_counts_are_constant(
    client, django_assert_num_queries, count
):
    person = make_person()
    film = make_film()
    event = Event.objects.create(
        kind="premiere", film=film, date=datetime.date(2025, 1, 1)
    )
    for number in range(count):
        article = make_article(title=f"R{number}", film=film)
        article.people.add(person)
        article.events.add(event)
        Event.objects.create(kind="award", film=film, date_precision="tba")
    with django_assert_num_queries(3):
        assert client.get(person.get_absolute_url()).status_code == 200
    with django_assert_num_queries(2):
        assert client.get(event.get_absolute_url()).status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/en/events/").status_code == 200


def test_crawl_every_public_link_in_every_language(client, demo):
    """No 500 anywhere; every page states its language and its versions."""
    read_all = crawl(client)
    assert len(read_all) > 40
    for url, response in read_all.items():
        assert response.status_code == 200, url
        page = read(response)
        language = url.split("/")[1]
        assert page.html_lang == language, url
        assert page.canonical.endswith(url.split("?")[0]), url
        assert language in page.hreflang and "x-default" in page.hreflang, url
        assert set(page.switcher) == set(page.hreflang) - {"x-default"}, url


def test_texts_are_escaped_not_rendered_as_markup(client):
    film = make_film(
        "<b>Bold</b> title", synopsis_en="Line one\n\n<script>alert(1)</script>"
    )
    html = client.get(film.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<b>Bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<p>Line one</p>" in html


def test_nothing_is_loaded_from_outside_the_site(client, demo):
    external = re.compile(
        r'(?:src|href|action)="(?!/|#|mailto:|tel:|http://testserver/)'
    )
    for url, response in crawl(client).items():
        html = response.content.decode()
        assert not external.search(html), (url, external.search(html))
        # JSON-LD is a data block, never run; no other script element.
        scripts = html.count("<script")
        assert scripts == html.count('<script type="application/ld+json">'), url
        assert "@import" not in html, url


def test_press_contact_languages_are_named_in_themselves(client, demo):
    html = client.get(RELEASE.format("ru")).content.decode()
    assert '<span lang="en">English</span>, <span lang="es">Español</span>' in html
    assert "Ana Ibarra" in html


# What the release page reads


def test_kazakh_release_page_leaves_out_untranslated_paragraphs_and_marks_fallbacks(
    client, django_assert_num_queries
):
    """Release texts never fall back; names, titles and captions fall back to
    their own source language, marked with ``lang``, which the narrow reads
    must still bring (a source language other than the default included)."""
    film = make_film(title="La Tregua", source_language="es", title_es="La Tregua")
    Film.objects.filter(pk=film.pk).update(title_en="")
    article = make_article(
        paragraphs=3, languages=("en", "kk"), published=("en", "kk"), film=film
    )
    Paragraph.objects.filter(article=article, position=2).update(text_kk="")
    speaker = Person.objects.create(
        name_en="", name_es="Ana Torres", source_language="es"
    )
    Paragraph.objects.filter(article=article, position=3).update(
        kind="quote", speaker=speaker
    )
    article.people.add(make_person("Aron Piper"))
    article.hero_image = make_image(caption_en="Key art")
    article.save()
    # As many queries as any release page: no fallback column is read late.
    with django_assert_num_queries(2):
        html = client.get(f"/kk/releases/{article.slug}/").content.decode()
    assert "Paragraph 1 [kk]." in html and "Paragraph 3 [kk]." in html
    assert "Paragraph 2" not in html
    assert (
        f'<a href="/kk/films/{film.slug}/"><span lang="es">La Tregua</span></a>' in html
    )
    assert '<span lang="es">Ana Torres</span></a></figcaption>' in html
    assert '<span lang="en">Aron Piper</span>' in html
    assert '<span lang="en">Key art</span>' in html


def test_release_page_reads_only_the_columns_of_its_language(client, demo):
    """On /ru/ the release's texts and its paragraphs are read in Russian only
    (they never fall back); names, titles and captions, which fall back to a
    source language known only once the row is read, are the exception."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(RELEASE.format("ru")).status_code == 200
    sql = "\n".join(query["sql"] for query in queries.captured_queries)
    assert '"articles_article"."title_ru"' in sql
    assert '"text_ru"' in sql  # the paragraphs'
    for code in ("en", "kk", "es"):
        for field in ("title", "subtitle", "summary", "dateline"):
            assert f'"articles_article"."{field}_{code}"' not in sql
        # Only paragraphs have a text, people a biography, films a synopsis.
        for field in ("text", "bio", "synopsis"):
            assert f'"{field}_{code}"' not in sql
    # Nor the untranslated columns modeltranslation keeps, nor the
    # bookkeeping of translations.
    assert not re.search(r'\."(title|subtitle|summary|text|caption|alt_text)"', sql)
    assert "translated_from" not in sql


def test_release_page_lists_its_rows_in_their_order(client):
    """Paragraphs and gallery by position, people by slug, contacts by name,
    whatever order they were written in (the page reads them as arrays)."""
    from articles.models import PressContact

    article = make_article(paragraphs=0, languages=("en",), published=("en",))
    for position, text in ((3, "Third."), (1, "First."), (2, "Second.")):
        Paragraph.objects.create(article=article, position=position, text_en=text)
    article.people.add(make_person("Zoe Zed"), make_person("Amy Ash"))
    article.press_contacts.add(
        PressContact.objects.create(name="Bea Press"),
        PressContact.objects.create(name="Al Press"),
    )
    late, early = make_image(caption_en="Late"), make_image(caption_en="Early")
    ArticleImage.objects.create(article=article, image=late, position=2)
    ArticleImage.objects.create(article=article, image=early, position=1)
    html = client.get(f"/en/releases/{article.slug}/").content.decode()

    def order(*texts):
        return sorted(texts, key=html.index)

    assert order("Second.", "First.", "Third.") == ["First.", "Second.", "Third."]
    assert order("Zoe Zed", "Amy Ash") == ["Amy Ash", "Zoe Zed"]
    assert order("Bea Press", "Al Press") == ["Al Press", "Bea Press"]
    assert order(">Late<", ">Early<") == [">Early<", ">Late<"]
