"""Too long, NUL characters, tampered values: a field error or a refusal on
every write path, never a 500 and never a silent truncation; nothing changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ImportDraft
from articles.xliff import export_xliff

from .admin_forms import change_form_data
from .factories import make_article
from .test_admin import change_url, make_staff
from .test_xliff import agency_fills

pytestmark = pytest.mark.django_db

TOO_LONG = "Ж" * 5000
WITH_NUL = "Before\x00after"


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff("ed", "Editors"))
    return client


@pytest.fixture
def release():
    return make_article(title="Release", paragraphs=2, languages=("en", "ru"))


def snapshot(article):
    article = Article.objects.get(pk=article.pk)
    return (
        {f"title_{code}": getattr(article, f"title_{code}") for code in ["en", "ru"]},
        list(article.paragraphs.order_by("position").values_list("text_en", "text_ru")),
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title_en", TOO_LONG, "at most 300 characters"),
        ("title_ru", WITH_NUL, "Null characters are not allowed"),
        ("paragraphs-0-text_en", WITH_NUL, "Null characters are not allowed"),
        ("slug", "Not a slug!", "Enter a valid “slug”"),
    ],
)
def test_change_form(editor_client, release, field, value, message):
    before = snapshot(release)
    data = change_form_data(editor_client.get(change_url(release)))
    data[field] = value
    response = editor_client.post(change_url(release), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot(release) == before


def translate_url(article, language):
    return reverse("admin:articles_article_translate", args=[article.pk, language])


@pytest.mark.parametrize(
    ("value", "message"),
    [(TOO_LONG, "at most 300 characters"), (WITH_NUL, "Null characters")],
)
def test_translation_screen(editor_client, release, value, message):
    before = snapshot(release)
    paragraph = release.paragraphs.get(position=1)
    response = editor_client.post(
        translate_url(release, "ru"),
        {"article-title": value, f"paragraph-{paragraph.pk}": "Новый текст."},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Nothing was saved" in html
    assert snapshot(release) == before


def test_translation_screen_keeps_a_long_paragraph_whole(editor_client, release):
    paragraph = release.paragraphs.get(position=1)
    long_text = "Длинный абзац. " * 2000
    response = editor_client.post(
        translate_url(release, "ru"), {f"paragraph-{paragraph.pk}": long_text}
    )
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.text_ru == long_text.strip()


@pytest.mark.parametrize("value", [TOO_LONG, "x" * 301])
def test_xliff_import_refuses_a_unit_too_long_for_its_field(release, value):
    from articles.xliff import import_xliff

    before = snapshot(release)
    data = agency_fills(
        export_xliff(release, "es"),
        lambda unit: value if unit.xmlelement.get("id") == "article-title" else None,
    )
    _article, _language, result = import_xliff(data)
    assert result.applied == 0
    assert [key for key, _reason in result.refused] == ["article-title"]
    assert "at most 300 characters" in result.refused[0][1]
    assert snapshot(release) == before
    assert not Article.objects.get(pk=release.pk).title_es


def test_xliff_upload_with_an_unknown_language_changes_nothing(editor_client, release):
    before = snapshot(release)
    response = editor_client.post(
        reverse("admin:articles_article_xliff_import", args=[release.pk]),
        {
            "language": "xx",
            "file": SimpleUploadedFile("a.xlf", export_xliff(release, "ru")),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert snapshot(release) == before


def test_xliff_upload_without_a_file_gives_a_message(editor_client, release):
    response = editor_client.post(
        reverse("admin:articles_article_xliff_import", args=[release.pk]),
        {"language": "ru"},
        follow=True,
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Title\n\nText with a NUL \x00 inside.\n", "binary data"),
        (b"A title\n\n" + ("x" * 20_001).encode() + b"\n", "at most 20000"),
    ],
)
def test_parallel_text_upload_is_refused(editor_client, data, message):
    response = editor_client.post(
        reverse("admin:articles_article_import"),
        {"file": SimpleUploadedFile("release.txt", data, content_type="text/plain")},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportDraft.objects.exists() and not Article.objects.exists()


def test_parallel_text_upload_with_a_foreign_film_is_a_field_error(editor_client):
    response = editor_client.post(
        reverse("admin:articles_article_import"),
        {
            "file": SimpleUploadedFile("r.txt", b"A title\n\nA paragraph.\n"),
            "film": "999999",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_publishing_an_unknown_language_is_a_404(editor_client, release):
    url = reverse("admin:articles_article_publish", args=[release.pk, "xx"])
    assert editor_client.post(url).status_code == 404
    assert release.publications.count() == 1


@pytest.mark.parametrize(
    "query", ["?languages=en,xx", "?languages=", "?languages=en,ru&plain=1", ""]
)
def test_export_with_bad_languages_is_a_400(editor_client, release, query):
    url = reverse("admin:articles_article_export", args=[release.pk])
    response = editor_client.get(url + query)
    assert response.status_code == 400
    assert response.content.decode().strip()
