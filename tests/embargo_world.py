"""An embargoed release and every door through which it could be seen.

Shared by the leak matrix and the clock test: later features (feeds,
sitemaps, search, API) add their doors to ``DOORS``.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils import timezone

from articles.embargo.links import create_links
from articles.models import ArticleImage, Event
from articles.presskits import building
from tests.factories import make_article, make_film, make_image, make_person

TITLE = "Northern premiere reviews"


@dataclass
class World:
    film: object
    person: object
    event: object
    release: object
    hero: object
    still: object


def build_world(**release_fields):
    """A film with a premiere, and a release about it published in en and ru,
    mentioning a person, tied to the event, with a lead and a gallery image."""
    person = make_person("Aliya Sarsen")
    film = make_film("Northern Lights")
    event = Event.objects.create(
        kind=Event.Kind.PREMIERE,
        title_en="World premiere",
        film=film,
        date=timezone.now().date() + timezone.timedelta(days=3),
        time=timezone.datetime(2000, 1, 1, 19, 0).time(),
        time_zone="Europe/Madrid",
    )
    hero, still = make_image(caption_en="The lead."), make_image(caption_en="A still.")
    release = make_article(
        title=TITLE,
        paragraphs=2,
        languages=("en", "ru"),
        published=("en", "ru"),
        film=film,
        hero_image=hero,
        **release_fields,
    )
    release.people.add(person)
    release.events.add(event)
    ArticleImage.objects.create(article=release, image=still)
    return World(film, person, event, release, hero, still)


def file_shows(client, url):
    response = client.get(url)
    assert response.status_code in (200, 202, 404), (url, response.status_code)
    return response.status_code != 404


def kit_holds(world, subject, language):
    """The film kit the door would serve (the one whose digest matches the
    content of this moment) holds the release."""
    kit = building.plan(subject, language)
    built = building.build(kit)
    with built.file.open("rb") as stored:
        names = zipfile.ZipFile(io.BytesIO(stored.read())).namelist()
    return any(world.release.slug in name for name in names)


def tie_to_an_event_that_started(world, ago):
    """The release embargoed until its premiere, which started ``ago`` ago
    (office time, no zone of its own): public now."""
    past = timezone.localtime(timezone.now() - ago, timezone.get_default_timezone())
    world.event.date, world.event.time = past.date(), past.time()
    world.event.time_zone = ""
    world.event.save()
    world.release.embargo_event = world.event
    world.release.save()


def door_urls(world, language):
    slug = world.release.slug
    prefix = f"/{language}"
    return {
        "release page": ("page", f"{prefix}/releases/{slug}/"),
        "release list": ("page", f"{prefix}/releases/"),
        "home": ("page", f"{prefix}/"),
        "film page": ("page", f"{prefix}/films/{world.film.slug}/"),
        "person page": ("page", f"{prefix}/people/{world.person.slug}/"),
        "event page": ("page", f"{prefix}/events/{world.event.slug}/"),
        "film releases": ("page", f"{prefix}/films/{world.film.slug}/releases/"),
        "person releases": ("page", f"{prefix}/people/{world.person.slug}/releases/"),
        "event releases": ("page", f"{prefix}/events/{world.event.slug}/releases/"),
        "release PDF": ("file", f"{prefix}/releases/{slug}/pdf/"),
        "release kit": ("file", f"{prefix}/releases/{slug}/press-kit/"),
        "release kit, all": ("file", f"{prefix}/releases/{slug}/press-kit/all/"),
        "film kit": ("kit", f"film:{world.film.pk}"),
        "lead image": ("file", world.hero.url("thumb-jpeg")),
        "gallery rendition": ("file", world.still.url("w480-webp")),
        "image download": ("file", world.still.download_url(language, "full")),
        "image original": ("file", world.still.original_url()),
        "rss feed": ("xml", f"{prefix}/feeds/releases.rss"),
        "atom feed": ("xml", f"{prefix}/feeds/releases.atom"),
        "sitemap": ("sitemap", "/sitemap.xml"),
    }


def what_shows(client, world, language="en"):
    """Door name → whether the release (or its file) is seen through it."""
    shown = {}
    for name, (kind, target) in door_urls(world, language).items():
        if kind == "page":
            # Lists link to the release by its slug; its page shows its title.
            response = client.get(target)
            assert response.status_code in (200, 404), (target, response.status_code)
            body = response.content.decode()
            shown[name] = response.status_code == 200 and (
                world.release.slug in body or TITLE in body
            )
        elif kind == "file":
            shown[name] = file_shows(client, target)
        elif kind == "kit":
            shown[name] = kit_holds(world, target, language)
        elif kind == "xml":
            shown[name] = world.release.slug in xml_body(client, target)
        elif kind == "sitemap":
            shown[name] = sitemap_lists(client, world, target, language)
    return shown


def xml_body(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def sitemap_lists(client, world, index_url, language):
    """Some section of the sitemap lists the release's page in ``language``."""
    sections = re.findall(
        r"<loc>https?://[^/<]+(/[^<]+)</loc>", xml_body(client, index_url)
    )
    assert sections, index_url
    page = f"/{language}/releases/{world.release.slug}/"
    return any(f"{page}</loc>" in xml_body(client, url) for url in sections)


# An original is the uploader's file: staff only, public or not.
NEVER_PUBLIC = {"image original"}


def link_for(world, languages=("en",), **fields):
    expires = fields.pop("expires_at", timezone.now() + timezone.timedelta(days=7))
    [(link, token)] = create_links(
        [{"name": "Marta Gil", "outlet": "Diario", "time_zone": "Asia/Almaty"}],
        article=fields.pop("article", world.release),
        film=fields.pop("film", None),
        languages=languages,
        expires_at=expires,
        user=None,
    )
    return link, token
