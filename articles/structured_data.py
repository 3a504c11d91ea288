"""Share cards (Open Graph, Twitter) and schema.org JSON-LD of the public pages.

Plain dicts built from what each view has already loaded, in the page's
language; ``head_cards.html`` writes them, the JSON-LD through the
``json_ld`` filter. No release is looked up here: every release named comes
from the view's own ``Article.objects.public()`` querysets, so nothing that
is not public can appear. Personal embargo-link pages and staff previews get
none of it.

The press office, publisher of every page, is read by a subquery of the
page's own main query (``with_office``), so the cards cost no query.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .countries import country_name
from .imaging.renditions import output_size
from .languages import language_codes
from .models import Credit, Event, Participation, PressOffice
from .models.office import THE_OFFICE
from .row_sql import RowAsJSON

# Open Graph names a locale, not a language: each language with the country
# whose press reads it first. English is British: the office writes British
# English, and the festivals it works with are European.
OG_LOCALES = {"en": "en_GB", "ru": "ru_RU", "kk": "kk_KZ", "es": "es_ES"}
SITE_NAME = "Pressroom"
SOCIAL_SPEC = "social-jpeg"
DESCRIPTION_CHARS = 300

PRODUCER_ROLES = (
    Credit.Role.GENERAL_PRODUCER,
    Credit.Role.PRODUCER,
    Credit.Role.CO_PRODUCER,
    Credit.Role.EXECUTIVE_PRODUCER,
)
COMPANY_ROLES = (Participation.Role.PRODUCTION, Participation.Role.CO_PRODUCTION)
SCREENINGS = (
    Event.Kind.PREMIERE,
    Event.Kind.FESTIVAL_SCREENING,
    Event.Kind.PRESS_SCREENING,
    Event.Kind.THEATRICAL_RELEASE,
)


def og_locale(language):
    return OG_LOCALES.get(language, language)


# The press office


def with_office(queryset):
    """``queryset`` with the office's row as ``press_office`` (a dict, or
    None before anyone wrote it), read in the same query."""
    fields = ["source_language", "website", "email", "phone"]
    fields += [f"name_{code}" for code in language_codes()]
    return queryset.annotate(
        press_office=RowAsJSON(PressOffice, "key", THE_OFFICE, fields)
    )


def office_from(rows):
    """The office from the first of ``rows`` that ``with_office`` annotated;
    a query only when there is none (an empty list)."""
    for row in rows:
        if hasattr(row, "press_office"):
            return PressOffice(**row.press_office) if row.press_office else None
        break
    office = PressOffice.current()
    return office if office.pk else None


# A page


@dataclass
class Page:
    """What every card of one page needs: where, in which language, by whom."""

    request: object
    language: str
    path: str
    languages: list = field(default_factory=list)
    office: PressOffice | None = None

    def absolute(self, path):
        return self.request.build_absolute_uri(path)

    @property
    def url(self):
        return self.absolute(self.path)

    @cached_property
    def office_url(self):
        return self.absolute(reverse("articles:press_office"))

    @cached_property
    def office_id(self):
        return self.office_url + "#organization"

    @cached_property
    def website_id(self):
        return self.absolute(reverse("articles:home")) + "#website"

    @property
    def site_name(self):
        if self.office is not None:
            name = self.office.text_or_source("name", self.language).text
            if name:
                return name
        return SITE_NAME

    def own(self, obj, name):
        """A text in the page language only (descriptions), or None."""
        return obj.text_in(name, self.language).text or None

    def name(self, obj, name):
        """A name or title: in the page language, else as its source has it."""
        return obj.text_or_source(name, self.language).text or str(obj)


@dataclass
class Card:
    """One page's share card and JSON-LD nodes."""

    title: str
    og_type: str = "website"
    description: str | None = None
    image: dict | None = None
    extra: list = field(default_factory=list)
    nodes: list = field(default_factory=list)


def rendered(page, card):
    """The template's data: meta tags as pairs, and the JSON-LD document."""
    open_graph = [
        ("og:type", card.og_type),
        ("og:title", card.title),
        ("og:url", page.url),
        ("og:site_name", page.site_name),
        ("og:locale", og_locale(page.language)),
    ]
    open_graph += [
        ("og:locale:alternate", og_locale(code))
        for code in page.languages
        if code != page.language
    ]
    if card.description:
        open_graph.append(("og:description", shortened(card.description)))
    twitter = [("twitter:card", "summary_large_image" if card.image else "summary")]
    if card.image:
        open_graph += [
            ("og:image", card.image["url"]),
            ("og:image:type", "image/jpeg"),
            ("og:image:width", str(card.image["width"])),
            ("og:image:height", str(card.image["height"])),
        ]
        if card.image["caption"]:
            open_graph.append(("og:image:alt", card.image["caption"]))
            twitter.append(("twitter:image:alt", card.image["caption"]))
    open_graph += card.extra
    nodes = [*card.nodes, organization(page)]
    return {
        "open_graph": open_graph,
        "twitter": twitter,
        "json_ld": {"@context": "https://schema.org", "@graph": nodes},
    }


def shortened(text):
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_CHARS)


def social_image(page, image):
    """The social rendition of ``image`` (a public one: the caller's), or None."""
    if image is None or not image.width or not image.height:
        return None
    width, height = output_size(SOCIAL_SPEC, image.width, image.height)
    alt = image.text_or_source("alt_text", page.language).text
    return {
        "@type": "ImageObject",
        "url": page.absolute(image.url(SOCIAL_SPEC)),
        "width": width,
        "height": height,
        "caption": alt or None,
    }


def image_node(image):
    return {key: value for key, value in image.items() if value is not None}


def compact(node):
    """Without empty values: schema.org reads a missing property as unknown."""
    return {key: value for key, value in node.items() if value not in (None, "", [])}


# Nodes


def organization(page):
    """The press office: the publisher of every page."""
    office = page.office
    node = {
        "@type": "Organization",
        "@id": page.office_id,
        "name": page.site_name,
        "url": page.office_url,
    }
    if office is not None:
        node.update(
            email=office.email or None,
            telephone=office.phone or None,
            sameAs=[office.website] if office.website else None,
        )
        if office.pk:  # the whole row, on the press-office page
            node["description"] = page.own(office, "about")
    return compact(node)


def web_page(page, kind, name, main=None, description=None):
    return compact(
        {
            "@type": kind,
            "@id": page.url,
            "url": page.url,
            "name": name,
            "description": description,
            "inLanguage": page.language,
            "isPartOf": {"@id": page.website_id},
            "publisher": {"@id": page.office_id},
            "mainEntity": main,
        }
    )


def item_list(page, items):
    """``(url, name)`` pairs as an ItemList, in page order."""
    return {
        "@type": "ItemList",
        "numberOfItems": len(items),
        "itemListElement": [
            {"@type": "ListItem", "position": position, "url": page.absolute(url)}
            | ({"name": name} if name else {})
            for position, (url, name) in enumerate(items, 1)
        ],
    }


def person_ref(page, person):
    return {
        "@type": "Person",
        "name": page.name(person, "name"),
        "url": page.absolute(person.get_absolute_url()),
    }


def movie_ref(page, film):
    return compact(
        {
            "@type": "Movie",
            "name": page.name(film, "title"),
            "url": page.absolute(film.get_absolute_url()),
            "dateCreated": str(film.year) if film.year else None,
        }
    )


def release_ref(page, article):
    """A public release named on another page (from a ``public()`` queryset)."""
    return compact(
        {
            "@type": "NewsArticle",
            "headline": article.text_in("title", page.language).text,
            "url": page.absolute(article.get_absolute_url()),
            "inLanguage": page.language,
            "datePublished": iso(article.release_date),
        }
    )


def iso(moment):
    return moment.isoformat() if moment else None


def release(page, article, paragraphs, people=None):
    """The NewsArticle of a release page, and its card; ``people`` are the
    release's (read from ``article.people`` when not given)."""
    image = social_image(page, article.hero_image)
    people = list(article.people.all() if people is None else people)
    people += [p.speaker for p in paragraphs if p.speaker and p.speaker not in people]
    published = article.release_date
    modified = max(filter(None, (article.updated_at, published)), default=None)
    title = article.text_in("title", page.language).text or str(article)
    node = {
        "@type": "NewsArticle",
        "@id": page.url + "#release",
        "url": page.url,
        "mainEntityOfPage": page.url,
        "headline": title,
        "alternativeHeadline": page.own(article, "subtitle"),
        "description": page.own(article, "summary"),
        "inLanguage": page.language,
        "datePublished": iso(published),
        "dateModified": iso(modified),
        "dateline": page.own(article, "dateline"),
        "publisher": {"@id": page.office_id},
        "author": {"@id": page.office_id},
        "isPartOf": {"@id": page.website_id},
        "image": [image_node(image)] if image else None,
        "about": movie_ref(page, article.film) if article.film else None,
        "mentions": [person_ref(page, person) for person in people],
    }
    extra = [("article:published_time", iso(published))] if published else []
    if modified:
        extra.append(("article:modified_time", iso(modified)))
    return Card(
        title=title,
        og_type="article",
        description=page.own(article, "summary"),
        image=image,
        extra=extra,
        nodes=[compact(node)],
    )


def movie(page, film, releases):
    """The Movie of a film page; ``releases`` are the page's public ones."""
    credits = {}
    for credit in film.credits.all():
        credits.setdefault(credit.role, []).append(credit.person)
    people = lambda *roles: [  # noqa: E731
        person_ref(page, person) for role in roles for person in credits.get(role, [])
    ]
    companies = [
        compact(
            {
                "@type": "Organization",
                "name": page.name(item.organization, "name"),
                "url": item.organization.website or None,
            }
        )
        for item in film.participations.all()
        if item.role in COMPANY_ROLES
    ]
    image = social_image(page, film.poster)
    title = page.name(film, "title")
    description = page.own(film, "short_synopsis")
    node = {
        "@type": "Movie",
        "@id": page.url + "#film",
        "url": page.url,
        "name": title,
        "alternateName": (
            film.original_title if film.original_title != title else None
        ),
        "description": description,
        "dateCreated": str(film.year) if film.year else None,
        "duration": f"PT{film.runtime_minutes}M" if film.runtime_minutes else None,
        "countryOfOrigin": [
            {"@type": "Country", "name": country_name(code, page.language)}
            for code in film.production_country_codes()
        ],
        "director": [person_ref(page, person) for person in film.directors()],
        "actor": people(Credit.Role.ACTOR),
        "producer": people(*PRODUCER_ROLES),
        "musicBy": people(Credit.Role.COMPOSER),
        "productionCompany": companies,
        "image": image_node(image) if image else None,
        "subjectOf": [release_ref(page, article) for article in releases],
    }
    return Card(
        title=title,
        og_type="video.movie",
        description=description,
        image=image,
        extra=[("video:release_date", str(film.year))] if film.year else [],
        nodes=[
            web_page(page, "WebPage", title, {"@id": node["@id"]}),
            compact(node),
        ],
    )


def person(page, person, releases):
    image = social_image(page, person.portrait)
    name = page.name(person, "name")
    description = page.own(person, "bio")
    node = {
        "@type": "Person",
        "@id": page.url + "#person",
        "url": page.url,
        "name": name,
        "description": description and shortened(description),
        "image": image_node(image) if image else None,
        "subjectOf": [release_ref(page, article) for article in releases],
    }
    return Card(
        title=name,
        og_type="profile",
        description=description,
        image=image,
        nodes=[
            web_page(page, "ProfilePage", name, {"@id": node["@id"]}),
            compact(node),
        ],
    )


def start_date(event):
    """ISO 8601 as precise as the event is known: with the offset of its
    time zone, a day, a month, or None (to be announced)."""
    if event.starts_at is not None:
        return event.starts_at.isoformat()
    if event.date is None or event.date_precision == Event.Precision.TBA:
        return None
    if event.date_precision == Event.Precision.MONTH:
        return event.date.strftime("%Y-%m")
    return event.date.isoformat()


def location(page, event):
    venue = event.venue
    if venue is not None:
        address = compact(
            {
                "@type": "PostalAddress",
                "streetAddress": venue.text_or_source("address", page.language).text,
                "addressLocality": venue.text_or_source("city", page.language).text,
                "addressCountry": venue.country or None,
            }
        )
        return compact(
            {
                "@type": "Place",
                "name": venue.text_or_source("name", page.language).text or None,
                "address": address if len(address) > 1 else None,
            }
        )
    if event.platform is not None:
        return compact(
            {
                "@type": "VirtualLocation",
                "name": page.name(event.platform, "name"),
                "url": event.platform.website or None,
            }
        )
    territory = event.text_or_source("territory", page.language).text
    return {"@type": "Place", "name": territory} if territory else None


def event_title(page, event):
    title = event.text_or_source("title", page.language).text
    if title:
        return title
    film = f" — {page.name(event.film, 'title')}" if event.film else ""
    return f"{event.get_kind_display()}{film}"


def event_node(page, event, releases=()):
    screening = event.kind in SCREENINGS
    url = page.absolute(event.get_absolute_url())
    node = {
        "@type": "ScreeningEvent" if screening else "Event",
        "@id": url + "#event",
        "url": url,
        "name": event_title(page, event),
        "description": page.own(event, "description"),
        "startDate": start_date(event),
        "location": location(page, event),
        "inLanguage": page.language,
        "eventAttendanceMode": (
            "https://schema.org/OnlineEventAttendanceMode"
            if event.venue is None and event.platform is not None
            else None
        ),
        "subjectOf": [release_ref(page, article) for article in releases],
    }
    if event.film is not None:
        key = "workPresented" if screening else "about"
        node[key] = movie_ref(page, event.film)
    return compact(node)


def event(page, event, releases):
    node = event_node(page, event, releases)
    return Card(
        title=node["name"],
        description=node.get("description"),
        nodes=[web_page(page, "WebPage", node["name"], {"@id": node["@id"]}), node],
    )


def home(page):
    website = compact(
        {
            "@type": "WebSite",
            "@id": page.website_id,
            "url": page.absolute(reverse("articles:home")),
            "name": page.site_name,
            "inLanguage": page.language,
            "publisher": {"@id": page.office_id},
        }
    )
    return Card(title=page.site_name, nodes=[website])


def collection(page, title, items):
    """An index page: ``items`` are ``(url, name)`` pairs of what it lists."""
    return Card(
        title=title,
        nodes=[web_page(page, "CollectionPage", title, item_list(page, items))],
    )


def press_office(page):
    title = _("Press office")
    office = page.office
    return Card(
        title=page.site_name if office is not None else str(title),
        description=office and page.own(office, "about"),
        nodes=[web_page(page, "AboutPage", str(title), {"@id": page.office_id})],
    )


# Views


class CardsMixin:
    """Adds ``cards`` to a public page's context; goes before
    ``LanguageVersionsMixin``, whose canonical address and languages it uses.

    A view names what it shows in ``card(page, context)`` and the rows
    ``with_office`` annotated in ``office_rows(context)``.
    """

    def cards_allowed(self):
        return getattr(self.request, "embargo_link", None) is None

    def office_rows(self, context):
        obj = getattr(self, "object", None)
        return [obj] if obj is not None else []

    def press_office(self, context):
        return office_from(self.office_rows(context))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.cards_allowed():
            return context
        kept = context.get("kept_fragments")
        if kept is not None and kept.complete:  # written from the cache
            return context
        page = Page(
            request=self.request,
            language=context["page_language"],
            path=context.get("canonical_url") or self.request.path,
            languages=[code for code, _url in context.get("language_versions", ())],
            office=self.press_office(context),
        )
        context["cards"] = rendered(page, self.card(page, context))
        return context
