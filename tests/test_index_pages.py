"""The pages a journalist starts from — films, people, the press office — and
the details that make a page read well: facts first, nothing said twice, no
empty boxes, headings in the right number."""

import datetime

import pytest
from django.utils import translation

from articles.models import (
    ArticleImage,
    Credit,
    Event,
    FilmImage,
    PressContact,
    PressOffice,
)
from tests.factories import make_article, make_film, make_image, make_person

pytestmark = pytest.mark.django_db


def films_with_people(count):
    for number in range(count):
        film = make_film(f"Film {number}", year=2000 + number, poster=make_image())
        director = make_person(f"Director {number}")
        Credit.objects.create(film=film, person=director, role=Credit.Role.DIRECTOR)
        for actor in range(2):
            Credit.objects.create(
                film=film, person=make_person(f"Actor {number}-{actor}"),
                role=Credit.Role.ACTOR,
            )  # fmt: skip
    make_person("Only mentioned")


@pytest.mark.parametrize("count", [3, 30])
def test_index_pages_cost_the_same_queries_whatever_their_length(
    client, django_assert_num_queries, count
):
    films_with_people(count)
    for number in range(count):
        PressContact.objects.create(
            name=f"Contact {number}", market_en=f"Market {number % 3}",
            on_press_office_page=True,
        )  # fmt: skip
    with django_assert_num_queries(2):  # films with posters; their directors
        response = client.get("/en/films/")
    assert response.content.decode().count("<picture>") == count
    with django_assert_num_queries(2):  # credits with people and films; the rest
        response = client.get("/en/people/")
    assert response.content.decode().count('class="card"') == count * 3 + 1
    with django_assert_num_queries(2):  # the office; its listed contacts
        response = client.get("/en/press-office/")
    assert response.content.decode().count("<address>") == count


def test_the_film_list_shows_year_and_director_newest_first(client):
    films_with_people(2)
    html = client.get("/ru/films/").content.decode()
    assert html.index("Film 1") < html.index("Film 0")
    assert "2001" in html and "Director 1" in html


def test_people_are_listed_by_role_with_headings_in_the_right_number(client):
    films_with_people(1)
    html = client.get("/en/people/").content.decode()
    assert ">Director</h2>" in html and ">Actors</h2>" in html
    assert html.index(">Director</h2>") < html.index(">Actors</h2>")
    assert "Also in our releases" in html and "Only mentioned" in html
    html = client.get("/ru/people/").content.decode()
    assert ">Режиссёр</h2>" in html and ">Актёры</h2>" in html


@pytest.mark.parametrize(
    ("language", "count", "heading"),
    [("ru", 1, "Актёр"), ("ru", 3, "Актёры"), ("ru", 6, "Актёры"), ("ru", 21, "Актёры"),
     ("kk", 6, "Актерлер"), ("es", 6, "Actores"), ("en", 6, "Actors")],
)  # fmt: skip
def test_a_credits_heading_follows_the_number_in_every_language(
    client, language, count, heading
):
    film = make_film("Many actors")
    for number in range(count):
        Credit.objects.create(
            film=film, person=make_person(f"A{number}"), role=Credit.Role.ACTOR
        )
    html = client.get(f"/{language}/films/{film.slug}/").content.decode()
    assert f"<dt>{heading}</dt>" in html


def test_the_press_office_page_in_each_language_with_contacts_by_market(client):
    PressOffice.objects.create(
        name_en="North Films press office", name_ru="Пресс-служба North Films",
        accreditation_en="Write to us.", accreditation_ru="Напишите нам.",
        embargoed_access_en="Ask for a personal link.",
    )  # fmt: skip
    PressContact.objects.create(
        name="Ana", market_en="Spain", market_ru="Испания", on_press_office_page=True
    )
    PressContact.objects.create(name="Not listed", market_en="Spain")
    html = client.get("/ru/press-office/").content.decode()
    assert "Пресс-служба North Films" in html and "Напишите нам." in html
    assert ">Испания</h3>" in html and "Ana" in html and "Not listed" not in html
    # Untranslated text is shown in the language it is written in, marked so.
    assert '<div lang="en"><p>Ask for a personal link.</p></div>' in html
    assert 'href="/ru/press-office/"' in client.get("/ru/").content.decode()


def test_a_release_page_has_no_empty_box_and_does_not_repeat_its_lead_image(client):
    lead, other = make_image(caption_en="The lead."), make_image(caption_en="Other.")
    bare = make_article(title="Bare", hero_image=lead)
    ArticleImage.objects.create(article=bare, image=lead)
    html = client.get(f"/en/releases/{bare.slug}/").content.decode()
    assert "release__facts" not in html  # no film, people or contacts
    assert 'id="gallery-heading"' not in html  # the lead only, shown on top
    ArticleImage.objects.create(article=bare, image=other)
    html = client.get(f"/en/releases/{bare.slug}/").content.decode()
    assert html.count("The lead.") == 1 and html.count("Other.") == 1


def test_the_film_page_puts_the_facts_first_and_says_nothing_twice(client):
    poster, still = make_image(caption_en="Poster."), make_image(caption_en="Still.")
    film = make_film("Steppe", original_title="Steppe", year=2025,
                     runtime_minutes=104, poster=poster)  # fmt: skip
    FilmImage.objects.create(film=film, image=poster)
    FilmImage.objects.create(film=film, image=still)
    Credit.objects.create(
        film=film, person=make_person("Dana Omar"), role=Credit.Role.DIRECTOR
    )
    Event.objects.create(
        kind=Event.Kind.PREMIERE, film=film, title_en="World premiere",
        date=datetime.date(2025, 9, 26),
    )  # fmt: skip
    html = client.get(f"/en/films/{film.slug}/").content.decode()
    assert "Original title" not in html  # the same as the title
    facts = html[html.index('class="facts film-facts"') :]
    for fact in ("Director", "Dana Omar", "Premiere", "26 September 2025",
                 "World premiere", "104 minutes", "2025"):  # fmt: skip
        assert fact in facts[: facts.index("</dl>")], fact
    assert html.count("Poster.") == 1 and html.count("Still.") == 1
    with translation.override("ru"):
        html = client.get(f"/ru/films/{film.slug}/").content.decode()
    assert "Режиссёр" in html and "Премьера" in html
