"""Least privilege: for each role, every admin page, and exactly which open."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Translator

from .test_admin import make_embargo_link_and_use, make_staff

pytestmark = pytest.mark.django_db

RELEASE_PAGES = ("changelist", "change", "history")


def admin_pages(demo):
    """``{name: url}`` of every list, add, change and history page."""
    pages = {"index": reverse("admin:index")}
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        key = f"{opts.app_label}.{opts.model_name}"
        pages[f"{key}:changelist"] = reverse(f"{prefix}_changelist")
        pages[f"{key}:add"] = reverse(f"{prefix}_add")
        obj = model._default_manager.first()
        if obj is not None:
            pages[f"{key}:change"] = reverse(f"{prefix}_change", args=[obj.pk])
            pages[f"{key}:history"] = reverse(f"{prefix}_history", args=[obj.pk])
    article = "articles.article"
    for name, view, language in (
        ("translate:kk", "translate", "kk"),
        ("translate:es", "translate", "es"),
        ("preview:kk", "preview", "kk"),
    ):
        pages[f"{article}:{name}"] = reverse(
            f"admin:articles_article_{view}", args=[demo.pk, language]
        )
    pages[f"{article}:import"] = reverse("admin:articles_article_import")
    pages[f"{article}:embargo_links"] = reverse(
        "admin:articles_article_embargo_links", args=[demo.pk]
    )
    pages["articles.film:embargo_links"] = reverse(
        "admin:articles_film_embargo_links", args=[demo.film.pk]
    )
    return pages


# Links are made from a release or a film, and uses are a record: no add page.
NO_ADD_PAGE = ("articles.embargolink:add", "articles.embargolinkuse:add")
# There is one press office: its list and its add page open the one there is.
TO_THE_OFFICE = ("articles.pressoffice:changelist", "articles.pressoffice:add")


def opened(client, pages):
    return {name for name, url in pages.items() if client.get(url).status_code == 200}


def test_each_role_sees_exactly_what_its_work_needs(client, demo):
    make_embargo_link_and_use(demo)
    pages = admin_pages(demo)
    article = "articles.article"

    client.force_login(Translator.objects.get(languages=["kk"]).user)
    assert opened(client, pages) == {
        "index",
        *(f"{article}:{page}" for page in RELEASE_PAGES),
        f"{article}:translate:kk",
        f"{article}:preview:kk",
    }

    client.force_login(make_staff("ed", "Editors"))
    assert opened(client, pages) == {"index"} | {
        name
        for name in pages
        if name.startswith("articles.")
        and not name.startswith("articles.translator:")
        and name not in NO_ADD_PAGE + TO_THE_OFFICE
    }
    for name in TO_THE_OFFICE:
        assert client.get(pages[name]).status_code == 302

    client.force_login(make_staff("root", superuser=True))
    # Failed logins and finished background tasks are a record, never written
    # by hand (django-axes, django-tasks-db).
    records = ("axes.", "django_tasks_database.")
    assert opened(client, pages) == {
        name
        for name in pages
        if not (name.startswith(records) and name.endswith(":add"))
        and name not in NO_ADD_PAGE + TO_THE_OFFICE
    }
