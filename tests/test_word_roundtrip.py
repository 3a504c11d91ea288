import io
import time
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from docx.oxml.ns import qn

from articles import history
from articles.models import Article, Paragraph, Translator
from articles.translation_state import CURRENT, STALE, state
from articles.word.package import WordRefused
from articles.word.roundtrip import (
    BASE,
    RELEASE,
    bookmark_name,
    custom_properties,
    export_docx,
    import_docx,
)

from . import test_browser
from .factories import make_article
from .test_admin import make_staff

pytestmark = pytest.mark.django_db
browser_page = test_browser.browser_page

RUSSIAN = {
    "article-title": "Урожай в горах",
    1: "Первый абзац.",
    2: "Второй абзац,\nв две строки.",
    3: "Третий абзац.",
}


@pytest.fixture
def release():
    article = make_article(title="Harvest in the hills", paragraphs=3)
    second = article.paragraphs.get(position=2)
    second.text_en = "The second paragraph,\nin two lines."
    second.save()
    return article


def rows_of(document):
    """``[(key or None, row)]`` for the table's rows below the header."""
    names = {}
    for row in document.tables[0].rows[1:]:
        marks = [m.get(qn("w:name")) for m in row._tr.iter(qn("w:bookmarkStart"))]
        names[row] = marks[0] if marks else None
    return list(names.items())


def translator_fills(data, translate):
    """What a translator does in Word: type into the right-hand column.

    ``translate(bookmark, source cell text)`` returns the new text or None.
    """
    document = docx.Document(io.BytesIO(data))
    for row, mark in rows_of(document):
        text = translate(mark, row.cells[0].text)
        if text is None:
            continue
        cell = row.cells[1]
        paragraph = cell.paragraphs[0]
        for run in paragraph.runs:
            run._r.getparent().remove(run._r)
        paragraph.add_run(text)  # "\n" becomes a line break (w:br)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def in_russian(article):
    """A translate() giving RUSSIAN's texts, by the unit each row was exported for."""
    keys = {bookmark_name("article-title"): "article-title"}
    for paragraph in article.paragraphs.all():
        keys[bookmark_name(f"paragraph-{paragraph.pk}")] = paragraph.position

    def translate(mark, _source):
        return RUSSIAN.get(keys.get(mark))

    return translate


def snapshot():
    return (
        list(Article.objects.values_list("pk", "title_ru", "translated_from")),
        list(Paragraph.objects.values_list("pk", "text_ru", "translated_from")),
    )


def refused(data, **expected):
    before = snapshot()
    with pytest.raises(WordRefused) as caught:
        import_docx(data, **expected)
    assert snapshot() == before
    return str(caught.value)


def test_export_is_a_table_of_source_and_translation_with_a_key_per_row(release):
    document = docx.Document(io.BytesIO(export_docx(release, "ru")))
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["English", "Russian"]
    assert len(table.rows) == 1 + 4
    title_row = table.rows[1]
    assert title_row.cells[0].text == "Title · to translate\nHarvest in the hills [en]"
    assert title_row.cells[1].text == ""
    assert title_row.cells[0]._tc.xpath("./w:tcPr/w:shd/@w:fill") == ["FFF2CC"]
    second = release.paragraphs.get(position=2)
    marks = [mark for _row, mark in rows_of(document)]
    assert marks == [
        "pr_article_title",
        *(f"pr_paragraph_{p.pk}" for p in release.paragraphs.order_by("position")),
    ]
    source = table.rows[3].cells[0]._tc
    assert len(source.xpath(".//w:br")) == 1  # the line break is kept as one
    assert "Paragraph 2" in table.rows[3].cells[0].text
    properties = custom_properties(document)
    assert properties[RELEASE] == f"pressroom:release:{release.pk}:{release.slug}"
    assert properties["pressroom.target-language"] == "ru"
    assert f"{BASE}paragraph-{second.pk}" in properties


def test_instructions_are_in_the_exporting_users_language(release):
    with translation.override("ru"):
        data = export_docx(release, "kk")
    document = docx.Document(io.BytesIO(data))
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header == ["Английский", "Казахский"]


def test_keys_and_identity_survive_a_save_by_another_program(release):
    data = export_docx(release, "ru")
    document = docx.Document(io.BytesIO(data))
    out = io.BytesIO()
    document.save(out)
    again = docx.Document(io.BytesIO(out.getvalue()))
    assert [mark for _row, mark in rows_of(again)] == [
        mark for _row, mark in rows_of(document)
    ]
    assert custom_properties(again) == custom_properties(document)


def test_journey_en_to_ru_by_command_and_in_the_admin(
    release, tmp_path, capsys, client
):
    target = tmp_path / "harvest.docx"
    call_command("export_docx", release.slug, "ru", "-o", str(target))
    target.write_bytes(translator_fills(target.read_bytes(), in_russian(release)))
    call_command("import_docx", str(target))
    out = capsys.readouterr().out
    assert "[ru]: 4 applied, 0 skipped as unchanged, 0 refused." in out
    second = Paragraph.objects.get(article=release, position=2)
    assert second.text_ru == "Второй абзац,\nв две строки."
    assert state(second, "text", "ru") == CURRENT

    # A translator of Russian, in the admin: download, correct one row, upload.
    user = make_staff("olga", "Translators")
    Translator.objects.create(user=user, languages=["ru"])
    client.force_login(user)
    download = client.get(
        reverse("admin:articles_article_docx_export", args=[release.pk, "ru"])
    )
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        f'attachment; filename="{release.slug}.en-ru.docx"'
    )
    third = bookmark_name(f"paragraph-{release.paragraphs.get(position=3).pk}")
    filled = translator_fills(
        download.content,
        lambda mark, _source: "Третий абзац, исправленный." if mark == third else None,
    )
    response = client.post(
        reverse("admin:articles_article_docx_import", args=[release.pk]),
        {"language": "ru", "file": SimpleUploadedFile("ru.docx", filled)},
        follow=True,
    )
    assert "1 applied, 3 skipped as unchanged, 0 refused." in response.content.decode()
    release = Article.objects.get(pk=release.pk)
    assert revision_actions(release)[:2] == ["docx", "docx"]
    assert describe_latest(release) == (
        "Word document imported into Russian: 1 applied, 3 unchanged, 0 refused."
    )

    release.publish("ru")
    with translation.override("ru"):
        page = client.get(release.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "Урожай в горах" in html and "Третий абзац, исправленный." in html


def revision_actions(article):
    import json

    return [
        json.loads(version.revision.comment)[0]["pressroom"]["action"]
        for version in history.versions_of(article)
    ]


def describe_latest(article):
    from articles import audit

    return audit.describe(history.versions_of(article).first().revision.comment)


def test_rows_whose_keys_a_tool_dropped_are_placed_by_their_source(release):
    filled = translator_fills(export_docx(release, "ru"), in_russian(release))
    document = docx.Document(io.BytesIO(filled))
    body = document.element.body
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        for node in list(body.iter(qn(tag))):
            node.getparent().remove(node)
    # and the label's style too: the first paragraph of the cell is then taken
    for node in list(body.iter(qn("w:pStyle"))):
        node.getparent().remove(node)
    out = io.BytesIO()
    document.save(out)
    _article, _language, result = import_docx(out.getvalue())
    assert (result.applied, result.refused) == (4, [])
    assert Paragraph.objects.get(article=release, position=1).text_ru == RUSSIAN[1]


def test_a_unit_whose_source_changed_since_the_export_is_refused(release):
    filled = translator_fills(export_docx(release, "ru"), in_russian(release))
    first = release.paragraphs.get(position=1)
    first.text_en = "The first paragraph, rewritten."
    first.save()
    _article, _language, result = import_docx(filled)
    assert result.refused == [
        (f"paragraph-{first.pk}", "its source changed since the export")
    ]
    assert result.applied == 3
    assert not Paragraph.objects.get(pk=first.pk).text_ru
    assert Article.objects.get(pk=release.pk).title_ru == "Урожай в горах"


def test_a_row_without_its_key_whose_source_changed_is_reported_by_number(release):
    data = export_docx(release, "ru")
    document = docx.Document(io.BytesIO(translator_fills(data, in_russian(release))))
    for node in list(document.element.body.iter(qn("w:bookmarkStart"))):
        node.getparent().remove(node)
    out = io.BytesIO()
    document.save(out)
    first = release.paragraphs.get(position=1)
    first.text_en = "The first paragraph, rewritten."
    first.save()
    _article, _language, result = import_docx(out.getvalue())
    assert [row for row, _reason in result.refused] == ["row 3"]
    assert result.applied == 3


def test_documents_for_another_release_or_language_are_refused(release):
    other = make_article(title="Another release", paragraphs=1)
    data = translator_fills(export_docx(other, "ru"), lambda mark, source: "Перевод")
    assert refused(data, article=release).startswith("This file is for another release")
    data = translator_fills(export_docx(release, "es"), lambda mark, source: "Texto")
    message = refused(data, article=release, language="ru")
    assert message == "This file is a translation into Spanish, not Russian."


def test_a_document_not_exported_from_pressroom_is_refused(release):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.rows[1].cells[0].text = "Harvest in the hills [en]"
    table.rows[1].cells[1].text = "Урожай"
    out = io.BytesIO()
    document.save(out)
    assert refused(out.getvalue()).startswith("This document is not a Pressroom export")
    assert refused(b"just text, not a document").startswith("This is not a Word")


def test_a_translation_saved_here_after_the_export_is_not_overwritten(release):
    data = export_docx(release, "ru")
    first = release.paragraphs.get(position=1)
    first.text_ru = "Сохранено здесь."
    first.save()
    _article, _language, result = import_docx(
        translator_fills(data, in_russian(release))
    )
    assert result.refused == [
        (f"paragraph-{first.pk}", "translated here after the export; not overwritten")
    ]
    assert Paragraph.objects.get(pk=first.pk).text_ru == "Сохранено здесь."


def test_a_text_too_long_for_its_field_is_refused_with_the_limit(release):
    title = bookmark_name("article-title")
    data = translator_fills(
        export_docx(release, "ru"),
        lambda mark, source: "Я" * 301 if mark == title else "Абзац.",
    )
    _article, _language, result = import_docx(data)
    assert result.refused == [
        (
            "article-title",
            "Ensure this value has at most 300 characters (it has 301).",
        )
    ]
    assert result.applied == 3


def test_a_stale_translation_left_as_it_was_stays_stale(release):
    import_docx(translator_fills(export_docx(release, "ru"), in_russian(release)))
    first = release.paragraphs.get(position=1)
    first.text_en = "Paragraph 1, with one more word [en]."
    first.save()
    data = export_docx(release, "ru")
    document = docx.Document(io.BytesIO(data))
    row = document.tables[0].rows[2]
    assert row.cells[0].text.startswith("Paragraph 1 · source changed")
    _article, _language, result = import_docx(data)
    assert (result.applied, result.unchanged) == (0, 4)
    assert state(Paragraph.objects.get(pk=first.pk), "text", "ru") == STALE
    mark = bookmark_name(f"paragraph-{first.pk}")
    _article, _language, result = import_docx(
        translator_fills(
            data, lambda m, source: "Первый абзац, ещё слово." if m == mark else None
        )
    )
    assert result.applied == 1
    assert state(Paragraph.objects.get(pk=first.pk), "text", "ru") == CURRENT


def test_commands_refuse_unknown_releases_languages_and_files(release, tmp_path):
    with pytest.raises(CommandError, match="choose one of ru, kk, es"):
        call_command("export_docx", release.slug, "en")
    with pytest.raises(CommandError, match="No release"):
        call_command("export_docx", "nope", "ru")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="Word.*Nothing was changed"):
        call_command("import_docx", str(bad))
    exported = tmp_path / "ru.docx"
    exported.write_bytes(export_docx(release, "ru"))
    with pytest.raises(CommandError, match="not Kazakh"):
        call_command("import_docx", str(exported), "--language", "kk")


def test_export_writes_the_default_file_name(release, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("export_docx", release.slug, "kk")
    assert (tmp_path / f"{release.slug}.en-kk.docx").is_file()


def test_admin_upload_of_a_bad_file_is_a_message_and_other_languages_forbidden(
    release, client
):
    user = make_staff("aigul", "Translators")
    Translator.objects.create(user=user, languages=["kk"])
    client.force_login(user)
    upload = reverse("admin:articles_article_docx_import", args=[release.pk])
    response = client.post(
        upload,
        {"language": "kk", "file": SimpleUploadedFile("notes.docx", b"Hello")},
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "This is not a Word document (.docx)." in html
    assert "Nothing was changed." in html
    data = export_docx(release, "ru")
    response = client.post(
        upload, {"language": "ru", "file": SimpleUploadedFile("ru.docx", data)}
    )
    assert response.status_code == 403
    assert not Article.objects.get(pk=release.pk).title_ru


def test_the_export_of_a_300_unit_release_takes_well_under_a_second():
    article = make_article(title="A long release", paragraphs=299)
    started = time.perf_counter()
    data = export_docx(article, "ru")
    assert time.perf_counter() - started < 0.8
    assert len(docx.Document(io.BytesIO(data)).tables[0].rows) == 1 + 300


@pytest.mark.skipif(
    not test_browser.CHROMIUM.exists(),
    reason="/usr/bin/chromium is missing (apt-get install chromium)",
)
@pytest.mark.django_db(transaction=True)
def test_a_translator_downloads_and_uploads_the_word_file_in_a_browser(
    browser_page, live_server, tmp_path
):
    page = browser_page
    article = make_article(title="Harvest in the hills", paragraphs=3)
    user = make_staff("dana", "Translators")
    Translator.objects.create(user=user, languages=["ru"])
    test_browser.log_in(page, live_server, user.username)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="ru.docx").click()
    download = downloading.value
    assert download.suggested_filename == f"{article.slug}.en-ru.docx"
    filled = tmp_path / download.suggested_filename
    filled.write_bytes(
        translator_fills(Path(download.path()).read_bytes(), in_russian(article))
    )
    page.select_option("#docx-language", "ru")
    page.set_input_files("#docx-file", str(filled))
    page.get_by_role("button", name="Import Word").click()
    success = page.locator(".messagelist .success")
    success.wait_for()
    assert success.inner_text() == "4 applied, 0 skipped as unchanged, 0 refused."
    assert Article.objects.get(pk=article.pk).title_ru == RUSSIAN["article-title"]
