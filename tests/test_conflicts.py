"""Two people on one release: different fields both survive, the same field is
refused with the person's text kept, on every write path."""

import pytest
from django.urls import reverse

from articles import history
from articles.models import Article, Paragraph
from articles.translation_state import CURRENT, state
from articles.xliff import export_xliff, import_xliff

from .admin_forms import add_rows, change_form_data
from .factories import make_article
from .test_admin import change_url, make_staff
from .test_xliff import agency_fills

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(make_staff("ed", "Editors"))
    return client


@pytest.fixture
def other_editor(django_user_model):
    from django.test import Client

    client = Client()
    client.force_login(make_staff("olga", "Editors"))
    return client


def translate_url(article, language):
    return reverse("admin:articles_article_translate", args=[article.pk, language])


def translation_form(client, article, language):
    response = client.get(translate_url(article, language))
    form = response.context["form"]
    return {
        name: form[name].value() or ""
        for name in form.fields
        if not name.startswith("confirm-")
    }


@pytest.fixture
def release():
    with history.release_revision(None, "created") as revision:
        revision.article = make_article(
            title="Two people", paragraphs=3, languages=("en", "ru")
        )
    return revision.article


def test_an_editors_title_and_a_translators_paragraph_both_survive(
    editor, other_editor, release
):
    stale = change_form_data(editor.get(change_url(release)))
    paragraph = release.paragraphs.get(position=2)
    screen = translation_form(other_editor, release, "ru")
    screen[f"paragraph-{paragraph.pk}"] = "Новый русский абзац."
    screen["article-title"] = "Двое, новый заголовок"
    assert other_editor.post(translate_url(release, "ru"), screen).status_code == 302
    stale["title_en"] = "Two people, one release"
    assert editor.post(change_url(release), stale).status_code == 302
    article = Article.objects.get(pk=release.pk)
    paragraph = Paragraph.objects.get(pk=paragraph.pk)
    assert article.title_en == "Two people, one release"
    assert article.title_ru == "Двое, новый заголовок"
    assert paragraph.text_ru == "Новый русский абзац."
    assert state(paragraph, "text", "ru") == CURRENT


def test_the_same_field_changed_twice_is_refused_with_the_text_kept(
    editor, other_editor, release
):
    mine = change_form_data(editor.get(change_url(release)))
    theirs = change_form_data(other_editor.get(change_url(release)))
    theirs["title_en"] = "Their title"
    assert other_editor.post(change_url(release), theirs).status_code == 302
    mine["title_en"] = "My title"
    response = editor.post(change_url(release), mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "was changed by olga" in html and "title [en]" in html
    assert 'value="My title"' in html
    assert Article.objects.get(pk=release.pk).title_en == "Their title"
    # Seen: saving again keeps mine.
    again = change_form_data(response)
    assert editor.post(change_url(release), again).status_code == 302
    assert Article.objects.get(pk=release.pk).title_en == "My title"


def test_a_paragraph_changed_by_both_is_refused(editor, other_editor, release):
    mine = change_form_data(editor.get(change_url(release)))
    theirs = change_form_data(other_editor.get(change_url(release)))
    theirs["paragraphs-0-text_en"] = "Their first paragraph."
    assert other_editor.post(change_url(release), theirs).status_code == 302
    mine["paragraphs-0-text_en"] = "My first paragraph."
    mine["paragraphs-1-text_en"] = "My second paragraph."
    response = editor.post(change_url(release), mine)
    assert response.status_code == 200
    assert "My first paragraph." in response.content.decode()
    texts = list(
        release.paragraphs.order_by("position").values_list("text_en", flat=True)
    )
    assert texts[:2] == ["Their first paragraph.", "Paragraph 2 [en]."]


def test_the_translation_screen_keeps_what_others_saved_meanwhile(
    editor, other_editor, release
):
    first, second = release.paragraphs.order_by("position")[:2]
    mine = translation_form(editor, release, "ru")
    theirs = translation_form(other_editor, release, "ru")
    theirs[f"paragraph-{first.pk}"] = "Их перевод."
    assert other_editor.post(translate_url(release, "ru"), theirs).status_code == 302
    # A different unit: both survive, the untouched one is not written back.
    mine[f"paragraph-{second.pk}"] = "Мой перевод."
    assert editor.post(translate_url(release, "ru"), mine).status_code == 302
    assert Paragraph.objects.get(pk=first.pk).text_ru == "Их перевод."
    assert Paragraph.objects.get(pk=second.pk).text_ru == "Мой перевод."
    # The same unit: refused, mine kept on the page.
    stale = dict(mine)
    stale[f"paragraph-{first.pk}"] = "Мой вариант."
    response = editor.post(translate_url(release, "ru"), stale)
    assert response.status_code == 400
    html = response.content.decode()
    assert "was changed by olga" in html and "Мой вариант." in html
    assert Paragraph.objects.get(pk=first.pk).text_ru == "Их перевод."


def test_an_xliff_translation_older_than_one_saved_here_is_refused(release):
    exported = export_xliff(release, "ru")
    first = release.paragraphs.get(position=1)
    first.text_ru = "Сохранено здесь после экспорта."
    first.save()
    data = agency_fills(
        exported,
        lambda unit: (
            "Перевод агентства."
            if unit.xmlelement.get("id") == f"paragraph-{first.pk}"
            else None
        ),
    )
    _article, _language, result = import_xliff(data)
    assert [key for key, _reason in result.refused] == [f"paragraph-{first.pk}"]
    assert (
        Paragraph.objects.get(pk=first.pk).text_ru == "Сохранено здесь после экспорта."
    )


def test_two_reorders_conflict_but_an_edit_keeps_the_others_order(
    editor, other_editor, release
):
    mine = change_form_data(editor.get(change_url(release)))
    texts_only = change_form_data(editor.get(change_url(release)))
    theirs = change_form_data(other_editor.get(change_url(release)))
    theirs["paragraphs-0-position"], theirs["paragraphs-2-position"] = "3", "1"
    assert other_editor.post(change_url(release), theirs).status_code == 302
    order = ["Paragraph 3 [en].", "Paragraph 2 [en].", "Paragraph 1 [en]."]
    # An edit that moved nothing keeps their order.
    texts_only["paragraphs-1-text_en"] = "Paragraph 2, edited."
    assert editor.post(change_url(release), texts_only).status_code == 302
    texts = list(
        release.paragraphs.order_by("position").values_list("text_en", flat=True)
    )
    assert texts == [order[0], "Paragraph 2, edited.", order[2]]
    # A move of my own on top of theirs is a conflict.
    mine["paragraphs-0-position"], mine["paragraphs-1-position"] = "2", "1"
    response = editor.post(change_url(release), mine)
    assert response.status_code == 200
    assert "The order was changed" in response.content.decode()


def test_a_paragraph_added_meanwhile_stays_where_it_was_put(
    editor, other_editor, release
):
    mine = change_form_data(editor.get(change_url(release)))
    theirs = change_form_data(other_editor.get(change_url(release)))
    add_rows(
        theirs, "paragraphs", [{"position": "1", "kind": "text", "text_en": "Top"}]
    )
    for index in range(3):
        theirs[f"paragraphs-{index}-position"] = str(index + 2)
    assert other_editor.post(change_url(release), theirs).status_code == 302
    mine["title_en"] = "Edited meanwhile"
    assert editor.post(change_url(release), mine).status_code == 302
    texts = release.paragraphs.order_by("position").values_list("text_en", flat=True)
    assert list(texts)[0] == "Top"


# A published language never goes blank


def test_emptying_a_published_title_or_paragraph_is_refused(editor, release):
    release.publish("ru")
    data = change_form_data(editor.get(change_url(release)))
    data["title_ru"] = ""
    data["paragraphs-0-text_ru"] = ""
    response = editor.post(change_url(release), data)
    assert response.status_code == 200
    assert response.content.decode().count("This language is published") == 2
    assert Article.objects.get(pk=release.pk).title_ru == "Two people [ru]"


def test_the_translation_screen_cannot_empty_a_published_language(editor, release):
    release.publish("ru")
    screen = translation_form(editor, release, "ru")
    screen["article-title"] = ""
    response = editor.post(translate_url(release, "ru"), screen)
    assert response.status_code == 400
    assert "This language is published" in response.content.decode()
    assert Article.objects.get(pk=release.pk).title_ru == "Two people [ru]"


def test_an_unpublished_language_may_be_emptied(editor, release):
    data = change_form_data(editor.get(change_url(release)))
    data["paragraphs-0-text_ru"] = ""
    assert editor.post(change_url(release), data).status_code == 302
    assert not release.paragraphs.get(position=1).text_ru


# Publish buttons save first


def test_save_and_publish_saves_the_edit_then_publishes(editor, release):
    data = change_form_data(editor.get(change_url(release)))
    data["title_ru"] = "Двое, исправлено"
    data["_publish"] = "ru"
    response = editor.post(change_url(release), data, follow=True)
    article = Article.objects.get(pk=release.pk)
    assert article.title_ru == "Двое, исправлено"
    assert "ru" in article.published_languages
    assert "is published in Russian" in response.content.decode()


def test_save_and_publish_refused_by_the_gate_still_keeps_the_edit(editor, release):
    data = change_form_data(editor.get(change_url(release)))
    data["title_en"] = "Kept although Kazakh is not ready"
    data["_publish"] = "kk"
    response = editor.post(change_url(release), data, follow=True)
    assert "cannot be published in Kazakh" in response.content.decode()
    article = Article.objects.get(pk=release.pk)
    assert article.title_en == "Kept although Kazakh is not ready"
    assert "kk" not in article.published_languages


def test_films_and_people_forms_keep_what_others_saved_meanwhile(editor, other_editor):
    from articles.models import Film

    from .factories import make_film

    film = make_film("The Long Steppe", synopsis_en="A first synopsis.")
    url = reverse("admin:articles_film_change", args=[film.pk])
    stale = change_form_data(editor.get(url))
    theirs = change_form_data(other_editor.get(url))
    theirs["synopsis_en"] = "Their synopsis."
    assert other_editor.post(url, theirs).status_code == 302
    stale["year"] = "2025"
    assert editor.post(url, stale).status_code == 302
    film = Film.objects.get(pk=film.pk)
    assert (film.year, film.synopsis_en) == (2025, "Their synopsis.")
