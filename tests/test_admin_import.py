import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.importers import MAX_BYTES
from articles.models import Article, ImportDraft

from .test_admin import make_staff

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
IMPORT = "admin:articles_article_import"


@pytest.fixture
def editor(client):
    client.force_login(make_staff("ed", "Editors"))
    return client


def upload(client, data, name="release.txt", **fields):
    return client.post(
        reverse(IMPORT),
        {"file": SimpleUploadedFile(name, data, content_type="text/plain"), **fields},
    )


def confirm(client, draft):
    url = reverse("admin:articles_article_import_confirm", args=[draft.pk])
    return client.post(url, follow=True)


def test_upload_shows_what_was_understood_then_confirm_creates_the_draft(editor):
    response = upload(editor, (DATA / "missing-translations.en-ru.txt").read_bytes())
    assert response.status_code == 200
    html = response.content.decode()
    assert "What was understood" in html
    assert "Line 7:" in html and "No translation into Russian." in html
    assert "В трейлере голоса пастухов" in html
    assert Article.objects.count() == 0
    draft = ImportDraft.objects.get()
    response = confirm(editor, draft)
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:articles_article_change", args=[article.pk]
    )
    assert "was created from release.txt" in response.content.decode()
    assert article.paragraphs.count() == 4 and article.status() == "draft"
    assert not ImportDraft.objects.exists()


def test_refused_upload_shows_the_message_and_creates_nothing(editor):
    response = upload(editor, b"First line fine.\nSecond \xff line bad.\n")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Line 2: The file is not valid UTF-8" in html
    assert not ImportDraft.objects.exists() and not Article.objects.exists()


def test_upload_over_the_limit_is_refused_before_reading(editor):
    response = upload(editor, b"x" * (MAX_BYTES + 1))
    assert "at most 2097152 bytes (2 MiB)" in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_confirm_after_expiry_creates_nothing_and_says_so(editor):
    upload(editor, (DATA / "no-title.en-ru.txt").read_bytes())
    draft = ImportDraft.objects.get()
    ImportDraft.objects.filter(pk=draft.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = confirm(editor, draft)
    assert "This upload has expired" in response.content.decode()
    assert not Article.objects.exists() and not ImportDraft.objects.exists()


def test_confirm_twice_creates_one_release(editor):
    upload(editor, (DATA / "no-title.en-ru.txt").read_bytes())
    draft = ImportDraft.objects.get()
    confirm(editor, draft)
    response = confirm(editor, draft)
    assert "or was already imported" in response.content.decode()
    assert Article.objects.count() == 1


def test_file_just_under_the_limit_goes_through_confirm(editor):
    english = (
        "The festival screening was followed by a long discussion with the audience. "
    )
    russian = "За фестивальным показом последовало долгое обсуждение со зрителями. "
    unit = (english * 60).strip() + "\n" + (russian * 60).strip() + "\n"
    data = unit.encode() * (MAX_BYTES // len(unit.encode()))
    assert MAX_BYTES - 20000 < len(data) <= MAX_BYTES
    response = upload(editor, data)
    assert response.status_code == 200
    response = confirm(editor, ImportDraft.objects.get())
    article = Article.objects.get()
    assert article.paragraphs.count() == MAX_BYTES // len(unit.encode())
    assert article.paragraphs.first().text_ru.startswith("За фестивальным показом")


def test_translator_cannot_import(client):
    client.force_login(make_staff("tr", "Translators"))
    assert client.get(reverse(IMPORT)).status_code == 403
    response = upload(client, (DATA / "no-title.en-ru.txt").read_bytes())
    assert response.status_code == 403
    assert not ImportDraft.objects.exists()


def test_someone_elses_upload_cannot_be_confirmed(editor, client):
    upload(editor, (DATA / "no-title.en-ru.txt").read_bytes())
    draft = ImportDraft.objects.get()
    client.force_login(make_staff("other", "Editors"))
    response = confirm(client, draft)
    assert "This upload has expired" in response.content.decode()
    assert not Article.objects.exists()


def test_change_list_offers_import(editor):
    html = editor.get(reverse("admin:articles_article_changelist")).content.decode()
    assert reverse(IMPORT) in html


def test_admin_downloads_parallel_and_plain_text(editor, demo):
    url = reverse("admin:articles_article_export", args=[demo.pk])
    html = editor.get(reverse("admin:articles_article_change", args=[demo.pk]))
    assert f"{url}?languages=en,ru,es,kk" in html.content.decode()
    response = editor.get(url, {"languages": "en,ru"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.en-ru.txt"')
    text = response.content.decode()
    assert text.startswith(f"{demo.title_en}\n{demo.title_ru}\n")
    plain = editor.get(url, {"languages": "kk", "plain": "1"}).content.decode()
    assert plain.startswith(demo.title_kk)
    assert editor.get(url, {"languages": "en,xx"}).status_code == 400
    assert editor.get(url, {"languages": "en,ru", "plain": "1"}).status_code == 400
    assert editor.get(url).status_code == 400
