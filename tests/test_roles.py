"""Least privilege: for each role, every admin page, and exactly which open."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Translator

from .test_admin import make_staff

pytestmark = pytest.mark.django_db

RELEASE_PAGES = {"article:changelist", "article:change", "article:history"}


def admin_pages(demo):
    """``{name: url}`` of every list, add, change and history page."""
    pages = {"index": reverse("admin:index")}
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        key = opts.model_name
        pages[f"{key}:changelist"] = reverse(f"{prefix}_changelist")
        pages[f"{key}:add"] = reverse(f"{prefix}_add")
        obj = model._default_manager.first()
        if obj is not None:
            pages[f"{key}:change"] = reverse(f"{prefix}_change", args=[obj.pk])
            pages[f"{key}:history"] = reverse(f"{prefix}_history", args=[obj.pk])
    pages["article:translate:kk"] = reverse(
        "admin:articles_article_translate", args=[demo.pk, "kk"]
    )
    pages["article:translate:es"] = reverse(
        "admin:articles_article_translate", args=[demo.pk, "es"]
    )
    pages["article:preview:kk"] = reverse(
        "admin:articles_article_preview", args=[demo.pk, "kk"]
    )
    pages["article:import"] = reverse("admin:articles_article_import")
    return pages


def opened(client, pages):
    return {name for name, url in pages.items() if client.get(url).status_code == 200}


def test_each_role_sees_exactly_what_its_work_needs(client, demo):
    pages = admin_pages(demo)
    app_pages = {
        name
        for name in pages
        if name.split(":")[0] in {m._meta.model_name for m in admin.site._registry}
    }
    auth_pages = {name for name in pages if name.split(":")[0] in {"user", "group"}}
    article_app = app_pages - auth_pages

    client.force_login(Translator.objects.get(languages=["kk"]).user)
    assert opened(client, pages) == {
        "index",
        *RELEASE_PAGES,
        "article:translate:kk",
        "article:preview:kk",
    }

    client.force_login(make_staff("ed", "Editors"))
    editor = opened(client, pages)
    assert editor == {"index"} | {
        name for name in article_app if not name.startswith("translator:")
    } | {"article:translate:kk", "article:translate:es", "article:preview:kk",
         "article:import"}  # fmt: skip
    assert not editor & auth_pages

    client.force_login(make_staff("root", superuser=True))
    assert opened(client, pages) == set(pages)
