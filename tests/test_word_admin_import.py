"""Word documents in the admin: several files in one upload, a report, a confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ImportDraft, ImportDraftFile

from .test_admin import make_staff
from .word_release import PARAGRAPHS, TITLE, language_document, saved, split

pytestmark = pytest.mark.django_db

IMPORT = "admin:articles_article_import"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def editor(client):
    client.force_login(make_staff("ed", "Editors"))
    return client


def upload(client, files, **fields):
    uploads = [
        SimpleUploadedFile(name, data, content_type=WORD) for name, data in files
    ]
    return client.post(reverse(IMPORT), {"file": uploads, **fields})


def confirm(client, draft):
    url = reverse("admin:articles_article_import_confirm", args=[draft.pk])
    return client.post(url, follow=True)


def test_two_documents_in_one_upload_are_shown_side_by_side_then_saved(editor):
    ru = split(PARAGRAPHS, 3, "ru")
    files = [
        ("salt-road.en.docx", saved(language_document("en"))),
        ("salt-road.ru.docx", saved(language_document("ru", ru))),
    ]
    response = upload(editor, files)
    assert response.status_code == 200
    html = response.content.decode()
    assert "What was understood" in html
    assert "salt-road.en.docx, salt-road.ru.docx: 6 paragraphs." in html
    assert f'<td lang="ru">{TITLE["ru"]}</td>' in html
    assert "Paragraph 5" in html  # the place of a warning: the paragraph in Word
    assert 'salt-road.ru.docx (<span lang="ru">ru</span>)' in html
    assert "Not paired: check" not in html  # nothing was in doubt
    assert not Article.objects.exists()
    draft = ImportDraft.objects.get()
    assert ImportDraftFile.objects.filter(draft=draft).count() == 1
    response = confirm(editor, draft)
    article = Article.objects.get()
    assert "was created from salt-road.en.docx, salt-road.ru.docx" in (
        response.content.decode()
    )
    texts = list(
        article.paragraphs.order_by("position").values_list("text_ru", flat=True)
    )
    assert texts[3] == PARAGRAPHS[3][1]["ru"]  # the split halves, joined
    assert not ImportDraft.objects.exists() and not ImportDraftFile.objects.exists()


def test_a_password_protected_or_broken_document_is_refused_in_the_form(editor):
    files = [("release.docx", b"PK\x03\x04 not really a zip")]
    response = upload(editor, files)
    assert response.status_code == 200
    html = response.content.decode()
    assert "release.docx:" in html and "errorlist" in html
    assert not ImportDraft.objects.exists() and not Article.objects.exists()


def test_more_documents_than_languages_are_refused(editor):
    document = saved(language_document("en"))
    files = [(f"copy-{number}.docx", document) for number in range(5)]
    response = upload(editor, files)
    assert "At most 4 files" in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_paragraphs_kept_apart_are_marked_on_the_report(editor):
    extra = ("text", {"ru": "Фильм снят при поддержке городского фонда кино."})
    ru = [*PARAGRAPHS[:2], extra, *PARAGRAPHS[2:]]
    files = [
        ("salt-road.en.docx", saved(language_document("en"))),
        ("salt-road.ru.docx", saved(language_document("ru", ru))),
    ]
    html = upload(editor, files).content.decode()
    assert 'class="import-doubt"' in html
    assert "Rows marked “Not paired: check” were not paired" in html
    assert html.count("<strong>Not paired: check</strong>") >= 1
