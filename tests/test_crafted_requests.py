"""Crafted admin requests answer 400 (or are ignored), never 500: every
changelist and autocomplete, as a translator and as an editor."""

import pytest
from django.contrib import admin
from django.urls import reverse

from articles.models import Translator

from .admin_forms import change_form_data
from .factories import make_article
from .test_admin import make_staff

pytestmark = pytest.mark.django_db

QUERIES = [
    "?title_en__regex=(",
    "?slug__iregex=[",
    "?translated_from__contains={}",
    "?name_en__regex=*",
    "?id__in=a,b",
    "?pk=abc",
    "?film__id__exact=abc",
    "?date__gte=not-a-date",
    "?kind__exact=%00",
    "?o=99.zz",
    "?p=-1",
    "?p=abc",
    "?q=a%00b",
    "?q=" + "x" * 5000,
    "?all=1&all=2",
    "?_to_field=password",
    "?_popup=1&_to_field=id",
    "?e=1",
    "?status=zzz",
    "?published=%00",
    "?incomplete=xx",
    "?user__password__startswith=a",
]

AUTOCOMPLETE = [
    "app_label=articles&model_name=article&field_name=film&term=a%00",
    "app_label=articles&model_name=article&field_name=film&term=" + "ж" * 3000,
    "app_label=articles&model_name=article&field_name=film&page=abc",
    "app_label=articles&model_name=nothing&field_name=film&term=a",
    "app_label=articles&model_name=article&field_name=slug&term=a",
    "app_label=articles&model_name=translator&field_name=user&term=%00",
]


def changelists():
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
        if model._meta.app_label == "articles"
    ]


@pytest.fixture(params=["Translators", "Editors"])
def staff_client(request, client):
    user = make_staff(f"user-{request.param}", request.param)
    if request.param == "Translators":
        Translator.objects.create(user=user, languages=["ru"])
    client.force_login(user)
    client.raise_request_exception = False
    return client


def test_no_crafted_query_string_is_a_500(staff_client):
    make_article()
    for url in changelists():
        for query in QUERIES:
            status = staff_client.get(url + query).status_code
            assert status < 500, (url, query, status)


def test_no_crafted_autocomplete_is_a_500(staff_client):
    for query in AUTOCOMPLETE:
        status = staff_client.get(f"/admin/autocomplete/?{query}").status_code
        assert status < 500, (query, status)


def test_a_lookup_the_list_does_not_offer_is_a_400(client):
    client.force_login(make_staff("ed", "Editors"))
    url = reverse("admin:articles_article_changelist")
    assert client.get(url + "?title_en__regex=(").status_code == 400
    assert client.get(url + "?film__id__exact=1").status_code == 200  # offered


def test_crafted_choices_are_a_form_error_not_a_500(client):
    client.force_login(make_staff("root", superuser=True))
    response = client.post(
        reverse("admin:articles_translator_add"), {"user": "abc", "languages": ["ru"]}
    )
    assert response.status_code == 200 and response.context["errors"]
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(client.get(url))
    data.update(film="abc", people=["x", "1"], hero_image="1 OR 1=1")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
