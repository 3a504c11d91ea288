"""The index pages a journalist starts from: films, people, the press office.

Films and people are public in every language, so these pages list them all;
each costs a constant number of queries, whatever their number.
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from . import columns, roles
from . import structured_data as cards
from .languages import active_language
from .models import (
    Credit,
    Film,
    Person,
    PressContact,
    PressOffice,
    find_addresses,
    plain,
)
from .views import LanguageVersionsMixin


class FilmListView(cards.CardsMixin, LanguageVersionsMixin, ListView):
    template_name = "articles/film_list.html"
    context_object_name = "films"

    def get_queryset(self):
        language = active_language()
        directors = (
            plain(Credit)
            .filter(role=Credit.Role.DIRECTOR)
            .select_related("person")
            .only("film", "person", *columns.person(language, prefix="person__"))
        )
        films = (
            plain(Film)
            .select_related("poster")
            .only(
                *columns.film(language),
                "poster",
                *columns.image(language, prefix="poster__"),
            )
        )
        return (
            cards.with_office(films)
            .prefetch_related(
                Prefetch("credits", queryset=directors, to_attr="directing")
            )
            .order_by("-year", f"title_{language}", "pk")
        )

    def language_url(self):
        return reverse("articles:film_list")

    def office_rows(self, context):
        return context["films"]

    def card(self, page, context):
        items = [
            (film.get_absolute_url(), page.name(film, "title"))
            for film in context["films"]
        ]
        return cards.collection(page, _("Films"), items)


class PersonListView(cards.CardsMixin, LanguageVersionsMixin, TemplateView):
    """People by the roles they hold in the films; those only mentioned in
    releases after them."""

    template_name = "articles/person_list.html"

    def language_url(self):
        return reverse("articles:person_list")

    def office_rows(self, context):
        return [*self.credits, *context["others"]]

    def card(self, page, context):
        people = {}
        for _label, group in context["role_groups"]:
            for person, _films in group:
                people.setdefault(person.pk, person)
        for person in context["others"]:
            people.setdefault(person.pk, person)
        items = [
            (person.get_absolute_url(), page.name(person, "name"))
            for person in people.values()
        ]
        return cards.collection(page, _("People"), items)

    def get_context_data(self, **kwargs):
        language = active_language()
        credits = (
            plain(Credit)
            .select_related("person__portrait", "film")
            .only(
                "role",
                "person",
                *columns.person(language, prefix="person__"),
                "person__portrait",
                *columns.image(language, prefix="person__portrait__"),
                "film",
                *columns.film(language, prefix="film__"),
            )
            .order_by(f"person__name_{language}", "person__pk")
        )
        self.credits = credits = list(cards.with_office(credits))
        find_addresses([credit.person for credit in credits], "articles:person_detail")
        by_role = {}
        for credit in credits:
            people = by_role.setdefault(credit.role, {})
            people.setdefault(credit.person.pk, (credit.person, []))[1].append(
                credit.film
            )
        groups = [
            (roles.heading(role, len(by_role[role])), list(by_role[role].values()))
            for role, _label in Credit.Role.choices
            if role in by_role
        ]
        others = (
            plain(Person)
            .filter(credits__isnull=True)
            .select_related("portrait")
            .only(
                *columns.person(language),
                "portrait",
                *columns.image(language, prefix="portrait__"),
            )
            .order_by(f"name_{language}", "pk")
        )
        others = list(others)
        find_addresses(others, "articles:person_detail")
        return super().get_context_data(role_groups=groups, others=others, **kwargs)


class PressOfficeView(cards.CardsMixin, LanguageVersionsMixin, TemplateView):
    template_name = "articles/press_office.html"

    def language_url(self):
        return reverse("articles:press_office")

    def press_office(self, context):
        return context["office"] if context["office"].pk else None

    def card(self, page, context):
        return cards.press_office(page)

    def get_context_data(self, **kwargs):
        contacts = PressContact.objects.filter(on_press_office_page=True).order_by(
            "market", "name", "pk"
        )
        markets = {}
        for contact in contacts:
            markets.setdefault(contact.market, []).append(contact)
        return super().get_context_data(
            office=PressOffice.current(), markets=list(markets.values()), **kwargs
        )
