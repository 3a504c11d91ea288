"""A release full of hostile text: every text field of every object it shows,
in every language, holds script and markup that must only ever be shown.

Built with the ORM, so nothing on the way (a form's validation, an import's
checks) cleans it first: the pages themselves must escape it.
"""

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models

from articles.languages import language_codes
from articles.models import (
    Article,
    ArticleImage,
    Credit,
    Event,
    Film,
    Financing,
    Organization,
    Paragraph,
    Participation,
    Person,
    PressContact,
    Venue,
)

from .factories import make_image

# Most dangerous first: a field too short for the whole string keeps its start.
PAYLOAD = (
    "<script>alert('xss-script')</script>"
    '"><img src=x onerror=alert("xss-img")>'
    "'><svg onload=alert('xss-svg')>"
    "</textarea></title></style><script>alert('xss-close')</script>"
    "<a href=\"javascript:alert('xss-link')\">link</a>"
    '{{7*7}}{% now "Y" %}'
    '" lang="xx" onmouseover="alert(\'xss-lang\')'
)
SHORT_PAYLOAD = '"><svg onload=alert(1)>'
TINY_PAYLOAD = '"><b>x'
URL_PAYLOAD = "javascript:alert('xss-url')"
EMAIL_PAYLOAD = '"><img src=x onerror=alert("xss-mail")>@example.org'

# What a page may never hold unescaped; all of it is in the payload.
RAW_MARKUP = [
    "<script>alert(",
    "<img src=x onerror",
    "<svg onload",
    "</textarea></title>",
    "href=\"javascript:alert('xss-link')",
    'href="javascript:',
    "href='javascript:",
    'lang="xx"',
    "<b>x",
]

SKIPPED = {"slug", "source_digest"}


def hostile(field, language=""):
    if isinstance(field, models.URLField):
        return URL_PAYLOAD
    if isinstance(field, models.EmailField):
        return EMAIL_PAYLOAD
    text = f"{language} {PAYLOAD}".strip()
    limit = field.max_length
    if limit is None or limit >= len(text):
        return text
    if limit >= len(SHORT_PAYLOAD):
        return text[:limit]
    return TINY_PAYLOAD[:limit]


def fill(obj):
    """Every editable text field (each language's too) gets the payload."""
    for field in obj._meta.concrete_fields:
        if (
            not isinstance(field, models.CharField | models.TextField)
            or field.choices
            or field.name in SKIPPED
            or not field.editable
        ):
            continue
        language = field.name.rsplit("_", 1)[-1]
        setattr(
            obj,
            field.attname,
            hostile(field, language if language in language_codes() else ""),
        )
    return obj


def create(model, **fields):
    obj = fill(model(**fields))
    obj.save()
    return obj


def make_hostile_release(user=None):
    """A release, public in every language, whose every text is hostile, with
    its film, people, organizations, venue, event, images and press contact."""
    director = create(Person, country="KZ")
    actor = create(Person)
    film = create(Film, year=2025, runtime_minutes=101)
    company = create(Organization, country="ES")
    platform = create(Organization)
    create(Credit, film=film, person=director, role=Credit.Role.DIRECTOR)
    create(Credit, film=film, person=actor, role=Credit.Role.ACTOR)
    create(
        Participation,
        film=film,
        organization=company,
        role=Participation.Role.PRODUCTION,
    )
    create(Financing, film=film, country="ES", share=70)
    venue = create(Venue, country="ES")
    premiere = create(
        Event,
        kind=Event.Kind.PREMIERE,
        film=film,
        venue=venue,
        date_precision=Event.Precision.DAY,
        date="2099-09-20",
    )
    streaming = create(
        Event,
        kind=Event.Kind.STREAMING_RELEASE,
        film=film,
        platform=platform,
        date_precision=Event.Precision.TBA,
    )
    hero = fill(make_image(name="hero.png"))
    hero.save()
    still = fill(make_image(name="still.png"))
    still.save()
    contact = create(PressContact)
    article = create(Article, source_language="en", film=film, hero_image=hero)
    for kind, speaker in (
        (Paragraph.Kind.TEXT, None),
        (Paragraph.Kind.HEADING, None),
        (Paragraph.Kind.QUOTE, director),
        (Paragraph.Kind.TEXT, None),
    ):
        create(Paragraph, article=article, kind=kind, speaker=speaker)
    ArticleImage.objects.create(article=article, image=still)
    article.people.add(director, actor)
    article.organizations.add(company)
    article.events.add(premiere, streaming)
    article.press_contacts.add(contact)
    for code in language_codes():
        article.publish(code)
    # A revision and a log entry whose comment is hostile too.
    with reversion.create_revision():
        article.save()
        reversion.set_comment(PAYLOAD)
        if user is not None:
            reversion.set_user(user)
    if user is not None:
        LogEntry.objects.log_actions(user.pk, [article], CHANGE, PAYLOAD)
    return article


def public_pages(article):
    """Every public page of the release and what it links, in every language."""
    film = article.film
    people = list(article.people.all())
    events = list(article.events.all())
    urls = []
    for code in language_codes():
        urls += [
            f"/{code}/",
            f"/{code}/releases/",
            f"/{code}/releases/{article.slug}/",
            f"/{code}/films/{film.slug}/",
            *[f"/{code}/people/{person.slug}/" for person in people],
            f"/{code}/events/",
            *[f"/{code}/events/{event.slug}/" for event in events],
        ]
    return urls


def unescaped(html):
    """The payload fragments that stand raw in ``html``."""
    return [fragment for fragment in RAW_MARKUP if fragment in html]
