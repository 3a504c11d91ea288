"""Newest first, by the date each list shows; "View on site" never a 404."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import shown_dates
from articles.models import Publication

from .factories import make_article
from .test_admin import change_url, make_staff

pytestmark = pytest.mark.django_db


def published(article, language, when):
    Publication.objects.filter(article=article, language=language).update(
        published_at=when
    )
    shown_dates.refresh([article.pk])  # a bulk write keeps the shown date


def titles_in(html, titles):
    found = [(html.index(title), title) for title in titles if title in html]
    return [title for _index, title in sorted(found)]


def test_public_list_puts_the_release_published_now_first(client):
    now = timezone.now()
    old = make_article(title="Scheduled in 2025")
    old.publish_at = datetime.datetime(2025, 9, 26, 10, tzinfo=datetime.UTC)
    old.save()
    published(old, "en", datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC))
    fresh = make_article(title="Published just now")
    published(fresh, "en", now)
    middle = make_article(title="Published in spring")
    published(middle, "en", datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC))
    expected = ["Published just now", "Published in spring", "Scheduled in 2025"]
    for url in (reverse("articles:article_list"), reverse("articles:home")):
        html = client.get(url).content.decode()
        assert titles_in(html, [f"{t} [en]" for t in expected]) == [
            f"{t} [en]" for t in expected
        ], url


def test_admin_list_orders_by_first_publication_and_drafts_by_creation(client):
    client.force_login(make_staff("ed", "Editors"))
    older = make_article(title="Published last year")
    published(older, "en", timezone.now() - datetime.timedelta(days=365))
    make_article(title="Published today")
    make_article(title="A new draft", published=())
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert titles_in(
        html,
        ["A new draft [en]", "Published today [en]", "Published last year [en]"],
    ) == ["A new draft [en]", "Published today [en]", "Published last year [en]"]


def test_view_on_site_opens_the_preview_when_the_release_is_not_public(client):
    client.force_login(make_staff("ed", "Editors"))
    draft = make_article(title="Draft", published=())
    live = make_article(title="Live")
    for article, expected in (
        (draft, reverse("admin:articles_article_preview", args=[draft.pk, "en"])),
        (live, live.get_absolute_url()),
    ):
        html = client.get(change_url(article)).content.decode()
        link = re.search(r'href="([^"]+)" class="viewsitelink"', html).group(1)
        assert link == expected
        assert client.get(link).status_code == 200
