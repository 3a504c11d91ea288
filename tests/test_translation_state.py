import pytest
from django.urls import reverse

from articles import completeness
from articles.completeness import article_units, detailed
from articles.models import Article, Paragraph
from articles.translation_state import CURRENT, MISSING, STALE, state, text_digest

from .factories import make_article, make_image
from .test_admin import make_staff

pytestmark = pytest.mark.django_db


def states(article, language):
    return {unit.label: unit.state(language) for unit in article_units(article)}


def test_editing_the_source_makes_translations_stale():
    article = make_article(paragraphs=2, languages=("en", "ru", "es"))
    paragraph = article.paragraphs.get(position=1)
    assert state(paragraph, "text", "ru") == CURRENT
    paragraph.text_en = "A new English text."
    paragraph.save()
    paragraph = Paragraph.objects.get(pk=paragraph.pk)
    assert state(paragraph, "text", "ru") == STALE
    assert state(paragraph, "text", "es") == STALE
    assert state(article.paragraphs.get(position=2), "text", "ru") == CURRENT


def test_saving_a_translation_makes_it_current():
    article = make_article(paragraphs=1, languages=("en", "ru"))
    paragraph = article.paragraphs.get()
    paragraph.text_en = "Changed source."
    paragraph.save()
    paragraph = Paragraph.objects.get(pk=paragraph.pk)
    paragraph.text_ru = "Изменённый перевод."
    paragraph.save()
    assert state(Paragraph.objects.get(pk=paragraph.pk), "text", "ru") == CURRENT


def test_confirming_a_stale_translation_makes_it_current_unchanged():
    from articles.translation_state import confirm

    article = make_article(paragraphs=1, languages=("en", "ru"))
    paragraph = article.paragraphs.get()
    paragraph.text_en = "Typo fixed in the source."
    paragraph.save()
    confirm(paragraph, "text", "ru")
    paragraph.save()
    paragraph = Paragraph.objects.get(pk=paragraph.pk)
    assert paragraph.text_ru == "Paragraph 1 [ru]."
    assert state(paragraph, "text", "ru") == CURRENT


def test_a_new_source_paragraph_is_missing_in_the_other_languages():
    article = make_article(paragraphs=1, languages=("en", "ru"))
    Paragraph.objects.create(article=article, text_en="Added later.")
    assert list(states(article, "ru").values()) == [CURRENT, CURRENT, MISSING]


def test_article_fields_and_image_texts_are_units():
    image = make_image(
        caption_en="A still", alt_text_en="Two men in snow", caption_ru="Кадр"
    )
    article = make_article(paragraphs=1, languages=("en", "ru"), hero_image=image)
    article.subtitle_en = "Subtitle"
    article.save()
    assert states(article, "ru") == {
        "title": CURRENT,
        "subtitle": MISSING,
        "paragraph 1": CURRENT,
        "image 1, caption": CURRENT,
        "image 1, alternative text": MISSING,
    }
    image.caption_en = "A new caption"
    image.save()
    assert states(Article.objects.get(pk=article.pk), "ru")["image 1, caption"] == STALE


def test_source_text_empty_is_no_unit_and_source_language_is_always_current():
    article = make_article(paragraphs=2, languages=("en",))
    Paragraph.objects.create(article=article, text_ru="Только по-русски.")
    assert len(article_units(article)) == 3  # title and the two English paragraphs
    assert set(states(article, "en").values()) == {CURRENT}


def test_list_shows_progress_with_stale_count(client):
    client.force_login(make_staff("ed", "Editors"))
    article = make_article(title="Progress", paragraphs=3, languages=("en", "ru"))
    paragraph = article.paragraphs.get(position=2)
    paragraph.text_en = "Rewritten."
    paragraph.save()
    Paragraph.objects.create(article=article, text_en="Brand new.")
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert ">ru 3/5 · 1 stale<" in html
    assert ">en ✓<" in html
    ru = next(state for state in detailed(article) if state.language == "ru")
    assert str(ru) == "ru 3/5 · 1 stale"
    assert ru.missing_units == ("paragraph 4",) and ru.stale_units == ("paragraph 2",)


def test_incomplete_filter_counts_stale_paragraphs(client):
    client.force_login(make_staff("ed", "Editors"))
    complete = make_article(title="Complete", paragraphs=2, languages=("en", "ru"))
    stale = make_article(title="Stale", paragraphs=2, languages=("en", "ru"))
    paragraph = stale.paragraphs.get(position=1)
    paragraph.text_en = "Changed."
    paragraph.save()
    assert list(completeness.incomplete_in(Article.objects.all(), "ru")) == [stale]
    html = client.get(
        reverse("admin:articles_article_changelist") + "?incomplete=ru"
    ).content.decode()
    assert "Stale [en]" in html and "Complete [en]" not in html
    assert complete not in completeness.incomplete_in(Article.objects.all(), "ru")


def test_publish_gate_refuses_stale_units_and_lists_them(client):
    client.force_login(make_staff("ed", "Editors"))
    article = make_article(paragraphs=2, languages=("en", "ru"), published=("en",))
    paragraph = article.paragraphs.get(position=2)
    paragraph.text_en = "The source changed after translation."
    paragraph.save()
    url = reverse("admin:articles_article_publish", args=[article.pk, "ru"])
    html = client.post(url, follow=True).content.decode()
    assert "cannot be published" in html and "stale paragraph 2" in html
    assert not Article.objects.public("ru").exists()


def test_a_published_language_stays_public_as_the_source_changes(client):
    article = make_article(paragraphs=2, languages=("en", "ru"), published=("en", "ru"))
    paragraph = article.paragraphs.get(position=1)
    paragraph.text_en = "The English changed."
    paragraph.save()
    Paragraph.objects.create(article=article, text_en="A new English paragraph.")
    html = client.get(f"/ru/releases/{article.slug}/").content.decode()
    assert "Paragraph 1 [ru]." in html  # stale: the existing translation still shows
    assert "A new English paragraph." not in html  # missing: left out
    assert "Paragraph 2 [ru]." in html


def test_demo_and_imports_start_current(demo):
    for language in ("ru", "es"):
        assert set(states(demo, language).values()) == {CURRENT}
    kazakh = set(states(demo, "kk").values())
    assert kazakh == {CURRENT, MISSING}
    paragraph = demo.paragraphs.get(position=1)
    assert paragraph.translated_from["text"]["ru"] == text_digest(paragraph.text_en)
    assert paragraph.source_digest == text_digest(paragraph.text_en)


def test_migration_records_existing_translations_as_current():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("articles.migrations.0009_record_existing_translations")
    article = make_article(paragraphs=1, languages=("en", "ru"))
    Paragraph.objects.filter(article=article).update(
        translated_from={}, source_digest=""
    )
    Article.objects.filter(pk=article.pk).update(translated_from={})
    migration.record_current(apps, None)
    paragraph = Paragraph.objects.get(article=article)
    assert paragraph.translated_from == {
        "text": {"ru": text_digest("Paragraph 1 [en].")}
    }
    assert paragraph.source_digest == text_digest("Paragraph 1 [en].")
    assert Article.objects.get(pk=article.pk).translated_from["title"]["ru"]


def stored(article):
    """The list's states of ``article``: its stored records."""
    rows = Article.objects.prefetch_related("progress", "publications")
    return completeness.from_records(rows.get(pk=article.pk))


def test_list_counts_agree_with_the_detailed_states(demo):
    """The list reads stored records; the release page names units in Python."""
    from articles.importers import import_file

    from .test_importers import DATA

    data = (DATA / "three-languages.en-ru-es.txt").read_bytes()
    _report, imported = import_file(data)
    paragraph = demo.paragraphs.get(position=3)
    paragraph.text_en = "A heading, rewritten."
    paragraph.save()
    Paragraph.objects.create(article=demo, text_en="One more paragraph.")
    for article in (demo, imported):
        listed = [str(state) for state in stored(article)]
        assert listed == [str(state) for state in detailed(article)], article


def test_incomplete_filter_catches_a_stale_title_and_a_stale_caption():
    image = make_image(
        caption_en="A still",
        caption_ru="Кадр",
        alt_text_en="A steppe.",
        alt_text_ru="Степь.",
    )
    titled = make_article(title="Titled", paragraphs=1, languages=("en", "ru"))
    captioned = make_article(
        title="Captioned", paragraphs=1, languages=("en", "ru"), hero_image=image
    )
    make_article(title="Fine", paragraphs=1, languages=("en", "ru"))
    assert not completeness.incomplete_in(Article.objects.all(), "ru").exists()
    titled.title_en = "Titled, renamed"
    titled.save()
    image.caption_en = "A new still"
    image.save()
    assert set(completeness.incomplete_in(Article.objects.all(), "ru")) == {
        titled,
        captioned,
    }
    assert set(completeness.incomplete_in(Article.objects.all(), "es")) == set(
        Article.objects.all()
    )


def test_changing_the_source_language_keeps_list_and_detail_in_agreement():
    article = make_article(paragraphs=2, languages=("en", "ru"))
    paragraph = article.paragraphs.get(position=1)
    paragraph.text_en = "Edited, so the Russian is stale."
    paragraph.save()
    article = Article.objects.get(pk=article.pk)
    article.source_language = "ru"
    article.save()
    assert [str(s) for s in stored(article)] == [
        str(s) for s in detailed(Article.objects.get(pk=article.pk))
    ]
    assert Paragraph.objects.get(pk=paragraph.pk).source_digest == text_digest(
        "Paragraph 1 [ru]."
    )
