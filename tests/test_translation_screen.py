import re

import pytest
from django.urls import reverse

from articles.models import Article, Paragraph, Translator
from articles.translation_state import CURRENT, STALE, state

from .factories import make_article
from .test_admin import make_staff

pytestmark = pytest.mark.django_db


def translate_url(article, language, query=""):
    return (
        reverse("admin:articles_article_translate", args=[article.pk, language]) + query
    )


@pytest.fixture
def kazakh_translator(client):
    user = make_staff("aigul", "Translators")
    Translator.objects.create(user=user, languages=["kk"])
    client.force_login(user)
    return client


@pytest.fixture
def release():
    article = make_article(title="Screen", paragraphs=3, languages=("en", "ru", "kk"))
    paragraph = article.paragraphs.get(position=2)
    paragraph.text_en = "The second paragraph, rewritten."
    paragraph.save()
    Paragraph.objects.create(article=article, text_en="A fourth paragraph, new.")
    return article


def test_screen_shows_source_and_translation_side_by_side(kazakh_translator, release):
    html = kazakh_translator.get(translate_url(release, "kk")).content.decode()
    assert '<div class="translate-source" lang="en">Paragraph 1 [en].</div>' in html
    first = release.paragraphs.get(position=1)
    assert re.search(
        rf'<textarea name="paragraph-{first.pk}"[^>]* lang="kk"[^>]*>\s*'
        r"Paragraph 1 \[kk\].</textarea>",
        html,
    )
    assert "state-badge--stale" in html and "state-badge--missing" in html
    assert 'name="confirm-paragraph-' in html


def test_filter_shows_only_missing_or_stale(kazakh_translator, release):
    html = kazakh_translator.get(
        translate_url(release, "kk", "?only=todo")
    ).content.decode()
    assert "The second paragraph, rewritten." in html
    assert "A fourth paragraph, new." in html
    assert "Paragraph 1 [en]." not in html
    assert "Paragraph 3 [en]." not in html


def test_one_save_translates_confirms_and_never_touches_the_source(
    kazakh_translator, release
):
    second = release.paragraphs.get(position=2)
    fourth = release.paragraphs.get(position=4)
    first = release.paragraphs.get(position=1)
    response = kazakh_translator.post(
        translate_url(release, "kk"),
        {
            f"paragraph-{first.pk}": "Paragraph 1 [kk].",
            f"paragraph-{second.pk}": "Paragraph 2 [kk].",
            f"confirm-paragraph-{second.pk}": "1",
            f"paragraph-{fourth.pk}": "Төртінші абзац.",
            "article-title": "Screen [kk]",
        },
        follow=True,
    )
    assert "Saved 1 translations and confirmed 1." in response.content.decode()
    release = Article.objects.get(pk=release.pk)
    second = Paragraph.objects.get(pk=second.pk)
    fourth = Paragraph.objects.get(pk=fourth.pk)
    assert (
        fourth.text_kk == "Төртінші абзац." and state(fourth, "text", "kk") == CURRENT
    )
    assert (
        second.text_kk == "Paragraph 2 [kk]." and state(second, "text", "kk") == CURRENT
    )
    assert second.text_en == "The second paragraph, rewritten."
    assert state(second, "text", "ru") == STALE  # other languages untouched
    assert fourth.text_en == "A fourth paragraph, new."


def test_source_fields_in_a_post_are_ignored(kazakh_translator, release):
    first = release.paragraphs.get(position=1)
    kazakh_translator.post(
        translate_url(release, "kk"),
        {
            f"paragraph-{first.pk}": "Жаңа аударма.",
            "text_en": "Hacked",
            "title_en": "X",
        },
    )
    first = Paragraph.objects.get(pk=first.pk)
    assert first.text_kk == "Жаңа аударма." and first.text_en == "Paragraph 1 [en]."
    assert Article.objects.get(pk=release.pk).title_en == "Screen [en]"


def test_translator_cannot_open_or_save_another_language(kazakh_translator, release):
    first = release.paragraphs.get(position=1)
    assert kazakh_translator.get(translate_url(release, "ru")).status_code == 403
    response = kazakh_translator.post(
        translate_url(release, "ru"), {f"paragraph-{first.pk}": "Взлом"}
    )
    assert response.status_code == 403
    assert Paragraph.objects.get(pk=first.pk).text_ru == "Paragraph 1 [ru]."


def test_translator_cannot_edit_source_publish_or_import(kazakh_translator, release):
    change = reverse("admin:articles_article_change", args=[release.pk])
    page = kazakh_translator.get(change)
    assert page.status_code == 200  # they see the release, read-only
    html = page.content.decode()
    assert translate_url(release, "kk") in html
    assert translate_url(release, "ru") not in html
    assert 'name="title_en"' not in html
    response = kazakh_translator.post(change, {"title_en": "Changed by a translator"})
    assert response.status_code == 403
    publish = reverse("admin:articles_article_publish", args=[release.pk, "kk"])
    assert kazakh_translator.post(publish).status_code == 403
    assert (
        kazakh_translator.get(reverse("admin:articles_article_import")).status_code
        == 403
    )
    paragraph_change = reverse("admin:articles_film_add")
    assert kazakh_translator.get(paragraph_change).status_code == 403
    assert Article.objects.get(pk=release.pk).title_en == "Screen [en]"


def test_translator_without_languages_or_group_cannot_translate(client, release):
    user = make_staff("nolang", "Translators")
    client.force_login(user)
    assert client.get(translate_url(release, "kk")).status_code == 403
    outsider = make_staff("outsider")
    Translator.objects.create(user=outsider, languages=["kk"])
    client.force_login(outsider)
    assert client.get(translate_url(release, "kk")).status_code == 403


def test_editor_can_translate_any_language_but_not_the_source(client, release):
    client.force_login(make_staff("ed", "Editors"))
    assert client.get(translate_url(release, "ru")).status_code == 200
    assert client.get(translate_url(release, "kk")).status_code == 200
    assert client.get(translate_url(release, "en")).status_code == 404
    assert client.get(translate_url(release, "xx")).status_code == 404


def test_anonymous_is_sent_to_log_in(client, release):
    response = client.get(translate_url(release, "kk"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_translator_languages_are_editable_in_the_admin_by_superusers(client):
    client.force_login(make_staff("ed", "Editors"))
    assert client.get(reverse("admin:articles_translator_add")).status_code == 403
    client.force_login(make_staff("root", superuser=True))
    user = make_staff("newtranslator", "Translators")
    response = client.post(
        reverse("admin:articles_translator_add"),
        {"user": user.pk, "languages": ["kk", "es"]},
    )
    assert response.status_code == 302
    assert Translator.objects.get(user=user).languages == ["kk", "es"]
    response = client.post(
        reverse("admin:articles_translator_add"), {"user": user.pk, "languages": ["xx"]}
    )
    assert response.status_code == 200  # refused with a form error


def test_demo_has_a_kazakh_translator(demo, settings):
    translator = Translator.objects.get(user__username="translator-kk")
    assert translator.languages == ["kk"]
    assert translator.user.groups.filter(name="Translators").exists()
    password = (settings.VAR_DIR / "demo-translator-password").read_text().strip()
    assert translator.user.check_password(password)
