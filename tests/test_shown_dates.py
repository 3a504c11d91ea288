"""The date kept on each publication is the rule's, whatever changed it, and
lists read their newest releases in that order from the publications' index."""

import datetime
import random

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Event, Publication
from articles.models.releases import shown_at

from .factories import make_article, make_film

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "ru", "es")


def kept_and_rule():
    """``{publication id: (kept, by the rule)}`` for every publication."""
    rows = Article.objects.filter(publications__isnull=False).values_list(
        "publications__pk",
        "publications__shown_at",
        shown_at(F("publications__published_at")),
    )
    return {pk: (kept, rule) for pk, kept, rule in rows}


def moments(now):
    return [
        None,
        now - datetime.timedelta(days=30),
        now - datetime.timedelta(minutes=5),
        now + datetime.timedelta(hours=3),
        now + datetime.timedelta(days=40),
    ]


def test_the_kept_date_follows_every_change(django_capture_on_commit_callbacks):
    rng = random.Random(20)
    now = timezone.now()
    film = make_film()
    event = Event.objects.create(
        kind="premiere", film=film, date=(now + datetime.timedelta(days=3)).date()
    )
    releases = [
        make_article(title=f"Release {n}", languages=LANGUAGES, published=("en",))
        for n in range(4)
    ]

    def publish(article):
        article.publish(rng.choice(LANGUAGES), at=rng.choice(moments(now)[1:3]))

    def unpublish(article):
        article.unpublish(rng.choice(LANGUAGES))

    def schedule(article):
        article.publish_at = rng.choice(moments(now))
        article.save()

    def embargo_until(article):
        article.embargo_event = None
        article.embargo_until = rng.choice(moments(now))
        article.save()

    def embargo_on_event(article):
        article.embargo_until = None
        article.embargo_event = event
        article.embargo_offset = rng.choice([0, 90])
        article.save()

    def move_event(_article):
        event.date = (now + datetime.timedelta(days=rng.choice([-2, 1, 5]))).date()
        event.time = rng.choice([None, datetime.time(19, 30)])
        event.save()

    def publication_redated(article):
        publication = article.publications.first()
        if publication is not None:
            publication.published_at = rng.choice(moments(now)[1:3])
            publication.save()

    changes = [
        publish,
        unpublish,
        schedule,
        embargo_until,
        embargo_on_event,
        move_event,
        publication_redated,
    ]
    seen = set()
    later = 0  # steps where some release shows a date after its publication's
    for step in range(80):
        change = rng.choice(changes)
        article = Article.objects.get(pk=rng.choice(releases).pk)
        with django_capture_on_commit_callbacks(execute=True):
            change(article)
        seen.add(change.__name__)
        for pk, (kept, rule) in kept_and_rule().items():
            assert kept == rule, (step, change.__name__, pk)
        later += Publication.objects.filter(shown_at__gt=F("published_at")).exists()
    assert seen == {change.__name__ for change in changes}
    assert later > 10


def test_the_list_shows_the_kept_order_and_nothing_held_back(client):
    now = timezone.now()
    old = make_article(title="Old but scheduled late")
    old.publish_at = now - datetime.timedelta(hours=1)
    old.save()
    Publication.objects.filter(article=old).update(
        published_at=now - datetime.timedelta(days=9)
    )
    from articles import shown_dates

    shown_dates.refresh([old.pk])
    fresh = make_article(title="Published a day ago")
    Publication.objects.filter(article=fresh).update(
        published_at=now - datetime.timedelta(days=1)
    )
    shown_dates.refresh([fresh.pk])
    held = make_article(title="Embargoed")
    held.embargo_until = now + datetime.timedelta(days=1)
    held.save()
    html = client.get(reverse("articles:article_list")).content.decode()
    assert "Embargoed [en]" not in html
    first = html.index("Old but scheduled late [en]")
    assert first < html.index("Published a day ago [en]")


def test_a_language_list_reads_its_page_from_the_publications_index():
    for number in range(30):
        make_article(title=f"Release {number}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    page = Article.objects.public("en")[:20]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")  # a tiny table: force it
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
            assert "Sort" not in plan.split("publication_language_shown")[0]
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert "TEMP B-TREE FOR ORDER BY" not in plan
    assert "publication_language_shown" in plan


def test_a_publication_saved_raw_without_the_column_gets_its_date():
    """A revision or fixture from before the column: deserialized, saved raw."""
    import json

    from django.core import serializers

    release = make_article(title="Restored", published=())
    release.publish_at = timezone.now() - datetime.timedelta(hours=2)
    release.save()
    published = (timezone.now() - datetime.timedelta(days=3)).isoformat()
    old = json.dumps(
        [
            {
                "model": "articles.publication",
                "fields": {
                    "article": release.pk,
                    "language": "en",
                    "published_at": published,
                    "published_by": None,
                },
            }
        ]
    )
    for item in serializers.deserialize("json", old):
        item.save()  # raw: Model.save() is not called
    publication = Publication.objects.get(article=release, language="en")
    assert publication.shown_at == release.publish_at
    assert Article.objects.public("en").filter(pk=release.pk).exists()
