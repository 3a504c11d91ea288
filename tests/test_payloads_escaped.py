"""Hostile text in every field of a release is shown, never run: every public
and admin page holds it escaped (the browser test runs the same pages)."""

import pytest
from django.urls import reverse

from articles import history

from .payloads import PAYLOAD, make_hostile_release, public_pages, unescaped
from .test_admin import make_staff

pytestmark = pytest.mark.django_db


def admin_pages(article):
    film, person = article.film, article.people.first()
    event, image = article.events.first(), article.hero_image
    contact, organization = (
        article.press_contacts.first(),
        article.organizations.first(),
    )
    pages = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_film_change", args=[film.pk]),
        reverse("admin:articles_person_change", args=[person.pk]),
        reverse("admin:articles_event_change", args=[event.pk]),
        reverse("admin:articles_venue_change", args=[event.venue.pk]),
        reverse("admin:articles_image_change", args=[image.pk]),
        reverse("admin:articles_presscontact_change", args=[contact.pk]),
        reverse("admin:articles_organization_change", args=[organization.pk]),
    ]
    for name in ("film", "person", "organization", "venue", "event", "image",
                 "presscontact"):  # fmt: skip
        pages.append(reverse(f"admin:articles_{name}_changelist"))
    for code in ("en", "ru", "kk", "es"):
        pages.append(reverse("admin:articles_article_preview", args=[article.pk, code]))
        if code != article.source_language:
            pages.append(
                reverse("admin:articles_article_translate", args=[article.pk, code])
            )
    return pages


def revision_pages(article):
    revision = history.versions_of(article).first().revision
    return [
        reverse(
            "admin:articles_article_revision_compare",
            args=[article.pk, revision.pk, code],
        )
        for code in ("en", "ru", "kk", "es")
    ]


def test_public_pages_show_the_payloads_escaped(client):
    article = make_hostile_release()
    for url in public_pages(article):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "xss-" in html, f"{url} shows no payload"
        assert not unescaped(html), (url, unescaped(html))
    release = client.get(f"/ru/releases/{article.slug}/").content.decode()
    assert "&lt;script&gt;alert(&#x27;xss-script&#x27;)&lt;/script&gt;" in release
    # Template syntax in a text is text, not template code.
    assert "{{7*7}}{% now &quot;Y&quot; %}" in release


def test_admin_pages_show_the_payloads_escaped(client):
    user = make_staff("root", superuser=True)
    article = make_hostile_release(user)
    client.force_login(user)
    for url in admin_pages(article) + revision_pages(article):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "xss-" in html, f"{url} shows no payload"
        assert not unescaped(html), (url, unescaped(html))
    change = client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    # A textarea holds the text escaped, so the form sends it back unchanged.
    assert "&lt;/textarea&gt;&lt;/title&gt;" in change
    assert PAYLOAD not in change
