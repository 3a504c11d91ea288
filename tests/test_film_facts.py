"""The facts a press kit gives about a film, in the admin and on its page."""

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from articles.models import Credit, Film

from .admin_forms import change_form_data
from .factories import make_film, make_image, make_person

pytestmark = pytest.mark.django_db

FACTS = {
    "production_countries": "ES, KZ",
    "spoken_languages": "es, kk",
    "aspect_ratio": "2.39:1",
    "picture_format_en": "DCP 4K, colour",
    "sound_en": "Dolby 5.1",
    "year": 2025,
    "runtime_minutes": 101,
}


def translated(language, text):
    with translation.override(language):
        return gettext(text)


def facts_on(html):
    """The film-facts list as {label: value}; {} when the page has none."""
    page = lxml.html.fromstring(html)
    lists = page.find_class("film-facts")
    if not lists:
        return {}
    (facts,) = lists
    labels = [" ".join(dt.text_content().split()) for dt in facts.iter("dt")]
    values = [" ".join(dd.text_content().split()) for dd in facts.iter("dd")]
    assert len(labels) == len(values)
    return dict(zip(labels, values, strict=True))


def field_errors(film, field):
    with pytest.raises(ValidationError) as refused:
        film.full_clean()
    return refused.value.message_dict[field]


# Validation


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("es, kz", "in capitals"),
        ("ESP", "in capitals"),
        ("ES; KZ", "in capitals"),
        ("ES,, KZ", "in capitals"),
        ("ES, XX", "Not a country code: XX."),
        ("ES, KZ, ES", "only once"),
    ],
)
def test_production_countries_refuse_what_is_not_a_list_of_countries(value, message):
    film = Film(title_en="Film", production_countries=value)
    errors = field_errors(film, "production_countries")
    assert any(message in error for error in errors), errors


@pytest.mark.parametrize("value", ["ES, KZ", "ES,KZ", " FR ", "US", ""])
def test_production_countries_accept_ordered_codes(value):
    film = Film(title_en="Film", slug="film", production_countries=value)
    film.full_clean()


def test_production_country_codes_keep_the_billing_order():
    film = Film(production_countries="KZ,  ES")
    assert film.production_country_codes() == ["KZ", "ES"]
    assert Film().production_country_codes() == []


@pytest.mark.parametrize("value", ["ES", "Spanish", "es; kk", "e", "es,"])
def test_spoken_languages_refuse_what_are_not_codes(value):
    errors = field_errors(Film(spoken_languages=value), "spoken_languages")
    assert errors == ["Enter language codes separated by commas, e.g. “es, kk”."]


@pytest.mark.parametrize("value", ["es, kk", "es,kk,ru", "pt-BR", ""])
def test_spoken_languages_accept_codes(value):
    Film(title_en="Film", slug="film", spoken_languages=value).full_clean()
    assert Film(spoken_languages="es, kk").spoken_language_codes() == ["es", "kk"]


@pytest.mark.parametrize("value", ["2.39", "wide", "2,39:1", "1.85:1.5", ":1", "16/9"])
def test_aspect_ratio_refuses_what_is_not_a_ratio(value):
    errors = field_errors(Film(aspect_ratio=value), "aspect_ratio")
    assert errors == ["Enter an aspect ratio such as “2.39:1” or “16:9”."]


@pytest.mark.parametrize("value", ["2.39:1", "1.85:1", "16:9", "4:3", ""])
def test_aspect_ratio_accepts_ratios(value):
    Film(title_en="Film", slug="film", aspect_ratio=value).full_clean()


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_user("ed", password="pw-ed", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_the_film_admin_shows_the_errors_and_saves_nothing(editor_client):
    url = reverse("admin:articles_film_add")
    data = change_form_data(editor_client.get(url))
    data.update(
        title_en="Refused film",
        production_countries="es, XX",
        spoken_languages="Spanish",
        aspect_ratio="wide",
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter country codes in capitals separated by commas" in html
    assert "Enter language codes separated by commas, e.g. “es, kk”." in html
    assert "Enter an aspect ratio such as “2.39:1” or “16:9”." in html
    assert not Film.objects.exists()


def test_the_film_admin_saves_the_facts(editor_client):
    url = reverse("admin:articles_film_add")
    data = change_form_data(editor_client.get(url))
    data.update(
        title_en="Saved film",
        production_countries="ES, KZ",
        spoken_languages="es, kk",
        aspect_ratio="2.39:1",
        picture_format_en="DCP 4K, colour",
        picture_format_ru="DCP 4K, цветной",
        sound_en="Dolby 5.1",
        short_synopsis_en="A logline.",
        director_statement_es="Notas.",
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    film = Film.objects.get()
    assert film.production_country_codes() == ["ES", "KZ"]
    assert (film.picture_format_ru, film.sound_en) == ("DCP 4K, цветной", "Dolby 5.1")
    assert (film.short_synopsis_en, film.director_statement_es) == (
        "A logline.",
        "Notas.",
    )
    change = editor_client.get(reverse("admin:articles_film_change", args=[film.pk]))
    assert change.status_code == 200
    assert "2.39:1" in change.content.decode()


# The film page

EXPECTED = {
    "en": ("Spain, Kazakhstan", "Spanish, Kazakh", "DCP 4K, colour"),
    "ru": ("Испания, Казахстан", "испанский, казахский", "DCP 4K, цветной"),
    "kk": ("Испания, Қазақстан", "испан тілі, қазақ тілі", "DCP 4K, түрлі-түсті"),
    "es": ("España, Kazajistán", "español, kazajo", "DCP 4K, color"),
}


@pytest.mark.parametrize("language", ["en", "ru", "kk", "es"])
def test_film_page_lists_the_facts_in_its_language(client, demo, language):
    html = client.get(f"/{language}/films/la-tregua/").content.decode()
    countries, languages, picture = EXPECTED[language]
    facts = facts_on(html)
    with translation.override(language):
        assert facts[ngettext("Production country", "Production countries", 2)] == (
            countries
        )
        assert facts[ngettext("Spoken language", "Spoken languages", 2)] == languages
        assert facts[gettext("Year")] == "2025"
        assert facts[gettext("Picture")] == picture
        assert facts[gettext("Aspect ratio")] == "2.39:1"
        assert facts[gettext("Sound")] == "Dolby 5.1"
    if language != "en":
        assert translated(language, "Aspect ratio") != "Aspect ratio"
    # Facts the demo leaves out are left out, not shown empty.
    assert translated(language, "Running time") not in facts


def test_film_page_lists_only_the_facts_that_are_set(client):
    film = make_film(runtime_minutes=101, sound_en="Dolby 5.1")
    facts = facts_on(client.get(film.get_absolute_url()).content.decode())
    assert facts == {"Running time": "101 minutes", "Sound": "Dolby 5.1"}
    bare = make_film("Bare film")
    html = client.get(bare.get_absolute_url()).content.decode()
    assert "film-facts" not in html and "logline" not in html


def test_untranslated_short_fact_is_marked_in_its_own_language(client):
    film = make_film(**FACTS)
    html = client.get(f"/ru/films/{film.slug}/").content.decode()
    assert '<dd><span lang="en">Dolby 5.1</span></dd>' in html
    assert facts_on(html)[translated("ru", "Year")] == "2025"


def test_kazakh_page_falls_back_to_the_source_short_synopsis(client, demo):
    film = Film.objects.get(slug="la-tregua")
    assert film.short_synopsis_en and not film.short_synopsis_kk
    html = client.get("/kk/films/la-tregua/").content.decode()
    logline = lxml.html.fromstring(html).find_class("logline")[0]
    (prose,) = logline.find_class("prose")
    assert prose.get("lang") == "en"
    assert prose.text_content() == film.short_synopsis_en
    note = translated("kk", "Not yet translated: shown in the original language.")
    assert note in logline.text_content()


def test_short_synopsis_comes_before_the_long_one(client, demo):
    film = Film.objects.get(slug="la-tregua")
    html = client.get("/ru/films/la-tregua/").content.decode()
    short = html.index(film.short_synopsis_ru)
    heading = html.index(translated("ru", "Synopsis"))
    assert short < heading < html.index(film.synopsis_ru)


def test_directors_statement_appears_only_when_there_is_one(client, demo):
    film = Film.objects.get(slug="la-tregua")
    html = client.get("/es/films/la-tregua/").content.decode()
    assert translated("es", "Director’s statement") in html
    assert 'id="statement-heading"' in html
    assert film.director_statement_es.split("\n")[0] in html
    kazakh = client.get("/kk/films/la-tregua/").content.decode()
    assert 'id="statement-heading"' in kazakh  # in English, marked so
    assert (
        '<div class="prose" lang="en"><p>' + film.director_statement_en.split("\n")[0]
        in kazakh
    )
    without = make_film("No statement", synopsis_en="A story.")
    html = client.get(without.get_absolute_url()).content.decode()
    assert 'id="statement-heading"' not in html
    assert "Director’s statement" not in html


def test_film_page_with_every_fact_keeps_its_query_count(
    client, django_assert_num_queries
):
    film = make_film(
        poster=make_image(),
        short_synopsis_en="A logline.",
        director_statement_en="Why.",
        **FACTS,
    )
    with django_assert_num_queries(8):  # as test_views pins the film page
        response = client.get(film.get_absolute_url())
    assert "Spain, Kazakhstan" in response.content.decode()


# Directors


def test_directors_in_billing_order_without_queries_when_prefetched(
    django_assert_num_queries,
):
    film = make_film()
    second = make_person("Second Director")
    first = make_person("First Director")
    actor = make_person("An Actor")
    Credit.objects.create(film=film, person=second, role="director", billing_order=2)
    Credit.objects.create(film=film, person=actor, role="actor", billing_order=0)
    Credit.objects.create(film=film, person=first, role="director", billing_order=1)
    Credit.objects.create(film=film, person=first, role="screenwriter")
    assert Credit.Role.DIRECTOR == "director"
    film = Film.objects.prefetch_related(
        Prefetch("credits", queryset=Credit.objects.select_related("person"))
    ).get(pk=film.pk)
    with django_assert_num_queries(0):
        directors = film.directors()
        names = [person.name_en for person in directors]
    assert names == ["First Director", "Second Director"]
    assert make_film("Nobody directed").directors() == []
