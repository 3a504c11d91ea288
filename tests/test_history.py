"""A release's history: revisions and log entries, compare, restore."""

import json
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from articles import audit, completeness, history, publishing, restore
from articles.models import Article, ArticleImage, ImportDraft, Paragraph, Translator
from articles.translation_state import CURRENT, STALE, state, text_digest
from articles.xliff import export_xliff

from .admin_forms import add_rows, change_form_data
from .factories import make_article, make_film, make_image, make_person
from .test_admin import change_url, make_staff
from .test_html import vnu_jar
from .test_xliff import agency_fills

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_staff("ed", "Editors")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def compare_url(article, revision, language):
    return reverse(
        "admin:articles_article_revision_compare",
        args=[article.pk, revision.pk, language],
    )


def restore_url(article, revision):
    return reverse(
        "admin:articles_article_revision_restore", args=[article.pk, revision.pk]
    )


def latest_revision(article):
    return history.versions_of(article).first().revision


def paragraph_texts(article, language="en"):
    return list(
        article.paragraphs.order_by("position").values_list(
            f"text_{language}", flat=True
        )
    )


def row_index(data, pk):
    """The inline row of paragraph ``pk`` in change form data."""
    return next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("paragraphs-") and key.endswith("-id") and value == str(pk)
    )


def save_change_form(client, article, edit=None):
    """Open the change form, change what ``edit`` changes, save: a revision."""
    data = change_form_data(client.get(change_url(article)))
    if edit is not None:
        edit(data)
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return latest_revision(article)


def edit_paragraph(article, pk, language, text):
    def edit(data):
        data[f"paragraphs-{row_index(data, pk)}-text_{language}"] = text

    return edit


def translate(client, article, language, texts):
    """The translation screen's save; ``texts`` by unit key."""
    url = reverse("admin:articles_article_translate", args=[article.pk, language])
    assert client.post(url, texts).status_code == 302
    return latest_revision(article)


def full_translation(article, language, suffix=""):
    texts = {"article-title": f"{article.title_en} [{language}]{suffix}"}
    for paragraph in article.paragraphs.order_by("position"):
        texts[f"paragraph-{paragraph.pk}"] = f"{paragraph.text_en} [{language}]{suffix}"
    return texts


class TableText(HTMLParser):
    """The rows of an HTML table as a reader hears them: cell texts in order."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.in_body = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag in ("td", "th") and self.in_body:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tbody":
            self.in_body = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(response):
    parser = TableText()
    parser.feed(response.content.decode())
    return parser.rows


def revision_rows(response):
    """Rows of the History page for revisions (log entries have no buttons)."""
    return [row for row in table_rows(response) if row[3] != "Log entry"]


# The History page


def test_history_page_lists_a_day_of_work_newest_first(editor_client, editor):
    article = make_article(title="Premiere", paragraphs=2, published=("en",))
    save_change_form(
        editor_client, article, lambda data: data.update(title_en="Premiere tonight")
    )
    article.refresh_from_db()
    translated = translate(
        editor_client, article, "ru", full_translation(article, "ru")
    )
    publishing.publish(article.pk, "ru", editor)
    publishing.unpublish(article.pk, "ru", editor)
    first = article.paragraphs.get(position=1)
    translate(editor_client, article, "ru", {f"paragraph-{first.pk}": "Другое."})
    response = editor_client.post(
        restore_url(article, translated), {"scope": "ru"}, follow=True
    )
    assert "Restored the Russian translation" in response.content.decode()

    response = editor_client.get(history_url(article))
    assert response.status_code == 200
    rows = table_rows(response)
    actions = [row[2] for row in rows]
    restored = f"Restored the Russian translation as of revision {translated.pk}."
    # Each write is a revision and a log entry, listed once.
    assert actions == [
        restored,
        "Translated into Russian: 1 saved, 0 confirmed.",
        actions[2],
        "Published in Russian.",
        "Translated into Russian: 3 saved, 0 confirmed.",
        "Changed Title [en].",
    ]
    assert actions[2].startswith("Unpublished in Russian (public since ")
    assert all(row[1] == "ed" for row in rows)
    revisions = revision_rows(response)
    assert [row[3] for row in revisions] == [
        str(version.revision.pk) for version in history.versions_of(article)
    ]
    assert revisions[0][4] == "English · Russian · Kazakh · Spanish"
    assert "Restore the whole release" in revisions[0][5]
    assert "Restore Russian only" in revisions[0][5]
    assert "Restore English only" not in revisions[0][5]  # the source


def test_the_change_pages_history_link_leads_to_the_history_page(editor_client):
    article = make_article()
    html = editor_client.get(change_url(article)).content.decode()
    assert f'href="{history_url(article)}"' in html
    html = editor_client.get(history_url(article)).content.decode()
    assert 'id="change-history"' in html and "This release has no history yet." in html


def test_history_page_costs_the_same_queries_for_2_and_20_revisions(
    editor_client, editor, django_assert_num_queries
):
    article = make_article(paragraphs=3)

    def work(times):
        for _ in range(times):
            with history.release_revision(
                editor, "translated", article, language="ru", saved=1, confirmed=0
            ):
                pass
            audit.log(editor, article, "translated", language="ru", saved=1)

    work(2)
    editor_client.get(history_url(article))  # sessions and caches warm
    with CaptureQueriesContext(connection) as two:
        assert editor_client.get(history_url(article)).status_code == 200
    assert len(two) <= 12
    work(18)
    with django_assert_num_queries(len(two)):
        response = editor_client.get(history_url(article))
    assert len(table_rows(response)) == 40


@pytest.mark.parametrize(
    ("name", "args"), [("recoverlist", []), ("recover", [1]), ("revision", [1, 2])]
)
def test_reversions_recover_and_revert_views_are_gone_for_releases(name, args):
    """They would bring publications back too; restoring is ours alone."""
    with pytest.raises(NoReverseMatch):
        reverse(f"admin:articles_article_{name}", args=args)
    assert reverse(f"admin:articles_film_{name}", args=args)  # others keep theirs


# Compare


def test_compare_marks_changed_words_and_escapes_markup(editor_client):
    article = make_article(paragraphs=2)
    first, second = article.paragraphs.order_by("position")
    first.text_en = "The film opens tonight in Almaty."
    first.save()
    before = save_change_form(editor_client, article)

    def edit(data):
        data[f"paragraphs-{row_index(data, first.pk)}-text_en"] = (
            "The film opens tomorrow in Astana."
        )
        data[f"paragraphs-{row_index(data, second.pk)}-DELETE"] = "on"
        add_rows(
            data,
            "paragraphs",
            [{"position": "3", "kind": "text", "text_en": "<script>x()</script> & co"}],
        )

    save_change_form(editor_client, article, edit)
    response = editor_client.get(compare_url(article, before, "en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<div class="revision-text" lang="en">The film opens <del>tonight</del>'
        "<ins>tomorrow</ins> in <del>Almaty.</del><ins>Astana.</ins></div>"
    ) in html
    assert "<script>x()" not in html
    assert "<ins>&lt;script&gt;x()&lt;/script&gt; &amp; co</ins>" in html
    assert "<del>Paragraph 2 [en].</del>" in html
    rows = [(row[0], row[1]) for row in table_rows(response)]
    assert rows == [
        ("Title", "unchanged"),
        ("Paragraph 1", "changed since"),
        ("Paragraph 2", "removed since"),
        ("Paragraph 2", "added since"),
    ]


def test_compare_in_a_language_without_changes_says_so(editor_client):
    article = make_article(paragraphs=1, languages=("en", "ru"))
    revision = save_change_form(editor_client, article)
    html = editor_client.get(compare_url(article, revision, "ru")).content.decode()
    assert "Nothing differs in this language." in html
    assert '<div class="revision-text" lang="ru">Paragraph 1 [ru].</div>' in html


def test_word_diff_escapes_both_sides():
    html = restore.word_diff('<b>"old"</b> text', "<i>new</i> text")
    assert html == (
        "<del>&lt;b&gt;&quot;old&quot;&lt;/b&gt;</del>"
        "<ins>&lt;i&gt;new&lt;/i&gt;</ins> text"
    )


def test_compare_refuses_unknown_languages_and_foreign_revisions(editor_client):
    article = make_article()
    other = make_article(title="Other")
    revision = save_change_form(editor_client, article)
    foreign = save_change_form(editor_client, other)
    assert editor_client.get(compare_url(article, revision, "xx")).status_code == 404
    assert editor_client.get(compare_url(article, foreign, "en")).status_code == 404
    assert editor_client.get(compare_url(other, foreign, "en")).status_code == 200


# Restore


def make_gallery(article, count=2):
    images = [make_image(f"still-{n}.png") for n in range(count)]
    for position, image in enumerate(images, 1):
        ArticleImage.objects.create(article=article, image=image, position=position)
    return images


def publications(article):
    return sorted(article.publications.values_list("language", "published_at"))


def test_restoring_the_whole_release_brings_back_texts_paragraphs_and_order(
    editor_client, editor
):
    article = make_article(paragraphs=3, languages=("en", "ru"), published=("en",))
    images = make_gallery(article)
    publishing.publish(article.pk, "ru", editor)
    first, second, third = article.paragraphs.order_by("position")
    before = save_change_form(editor_client, article)

    def edit(data):
        data["title_en"] = "A new title"
        data[f"paragraphs-{row_index(data, first.pk)}-text_en"] = "Rewritten."
        data[f"paragraphs-{row_index(data, first.pk)}-position"] = "2"
        data[f"paragraphs-{row_index(data, third.pk)}-position"] = "1"
        data[f"paragraphs-{row_index(data, second.pk)}-DELETE"] = "on"
        data["gallery_items-0-position"] = "2"
        data["gallery_items-1-position"] = "1"
        add_rows(
            data, "paragraphs", [{"position": "3", "kind": "text", "text_en": "New."}]
        )

    save_change_form(editor_client, article, edit)
    assert paragraph_texts(article) == ["Paragraph 3 [en].", "Rewritten.", "New."]
    gallery = article.gallery_items.order_by("position")
    assert [item.image for item in gallery] == images[::-1]
    publishing.unpublish(article.pk, "ru", editor)
    published = publications(article)
    revisions = history.versions_of(article).count()

    response = editor_client.post(restore_url(article, before), {"scope": "all"})
    assert response.status_code == 302 and response["Location"] == change_url(article)
    article.refresh_from_db()
    assert article.title_en == "A release [en]"
    assert paragraph_texts(article) == [
        "Paragraph 1 [en].",
        "Paragraph 2 [en].",
        "Paragraph 3 [en].",
    ]
    assert paragraph_texts(article, "ru")[1] == "Paragraph 2 [ru]."
    assert article.paragraphs.filter(pk=second.pk).exists()  # the same paragraph
    gallery = article.gallery_items.order_by("position")
    assert [item.image for item in gallery] == images
    assert publications(article) == published  # public stays public, no more
    assert completeness.blockers(article, "ru") == ([], [])
    assert history.versions_of(article).count() == revisions + 1
    assert Paragraph.objects.filter(text_en="New.").count() == 0
    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time")
    assert audit.describe(entry.change_message) == (
        f"Restored the whole release as of revision {before.pk}."
    )
    # The old revision is untouched: comparing with it finds nothing changed.
    assert not restore.has_differences(restore.compare(article, before, "en"))


def test_restoring_the_whole_release_brings_back_the_gallery_and_its_order(editor):
    article = make_article(paragraphs=1)
    first, second, third = make_gallery(article, 3)
    with history.release_revision(editor, "translated", article):
        pass
    before = latest_revision(article)
    with history.release_revision(editor, "translated", article):
        article.gallery_items.filter(image=second).delete()
        items = article.gallery_items.order_by("-position")
        article.reorder_gallery([item.pk for item in items])
        ArticleImage.objects.create(article=article, image=make_image(), position=9)
    assert [item.image for item in article.gallery_items.all()][:2] == [third, first]

    done = restore.restore(article, before, editor)
    assert done.scope == audit.WHOLE_RELEASE and done.revision_id == before.pk
    gallery = article.gallery_items.order_by("position")
    assert [item.image for item in gallery] == [first, second, third]
    assert [item.position for item in gallery] == [1, 2, 3]


def test_restoring_the_whole_release_brings_back_its_links_not_its_slug(editor):
    film, other_film = make_film(), make_film("Another")
    speaker, person = make_person("Marta Ruiz"), make_person("Ana Torres")
    hero = make_image()
    article = make_article(paragraphs=1, film=film, hero_image=hero, slug="kept")
    article.people.set([person])
    quote = article.paragraphs.get()
    quote.kind, quote.speaker = Paragraph.Kind.QUOTE, speaker
    quote.save()
    with history.release_revision(editor, "translated", article):
        pass
    before = latest_revision(article)
    with history.release_revision(editor, "translated", article):
        article.film, article.hero_image, article.slug = other_film, None, "moved"
        article.publish_at = timezone.now()
        article.source_language = "es"
        article.save()
        article.people.set([speaker])
        quote.kind, quote.speaker = Paragraph.Kind.TEXT, None
        quote.save()
    publish_at = article.publish_at

    restore.restore(article, before, editor)
    article = Article.objects.get(pk=article.pk)
    assert (article.film, article.hero_image) == (film, hero)
    assert article.source_language == "en"
    assert list(article.people.all()) == [person]
    quote.refresh_from_db()
    assert (quote.kind, quote.speaker) == (Paragraph.Kind.QUOTE, speaker)
    assert (article.slug, article.publish_at) == ("moved", publish_at)


def test_restoring_one_language_changes_only_that_language(editor_client):
    article = make_article(paragraphs=2, languages=("en", "ru", "kk"), published=())
    first, second = article.paragraphs.order_by("position")
    before = save_change_form(editor_client, article)
    translate(editor_client, article, "ru", {"article-title": "Новое название"})
    translate(editor_client, article, "ru", {f"paragraph-{first.pk}": "Новый текст."})
    translate(editor_client, article, "kk", {f"paragraph-{first.pk}": "Жаңа мәтін."})

    def edit(data):
        data[f"paragraphs-{row_index(data, first.pk)}-text_en"] = "New source."
        data[f"paragraphs-{row_index(data, second.pk)}-DELETE"] = "on"

    save_change_form(editor_client, article, edit)

    response = editor_client.post(
        restore_url(article, before), {"scope": "ru"}, follow=True
    )
    html = response.content.decode()
    assert "Restored the Russian translation as of revision" in html
    assert "Paragraphs deleted since were not restored: paragraph 2." in html
    article.refresh_from_db()
    assert article.title_ru == "A release [ru]"
    assert paragraph_texts(article, "ru") == ["Paragraph 1 [ru]."]
    assert paragraph_texts(article, "kk") == ["Жаңа мәтін."]
    assert paragraph_texts(article) == ["New source."]
    assert article.title_en == "A release [en]" and article.title_kk == "A release [kk]"


def test_a_translation_restored_against_a_newer_source_is_stale(editor_client):
    article = make_article(paragraphs=2, languages=("en",), published=("en",))
    first, second = article.paragraphs.order_by("position")
    translated = translate(
        editor_client, article, "ru", full_translation(article, "ru")
    )
    save_change_form(
        editor_client, article, edit_paragraph(article, first.pk, "en", "New source.")
    )
    translate(editor_client, article, "ru", {f"paragraph-{first.pk}": "Новый."})
    first.refresh_from_db()
    assert state(first, "text", "ru") == CURRENT

    done = restore.restore(article, translated, None, "ru")
    assert done.units == ("paragraph 1",)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.text_ru == "Paragraph 1 [en]. [ru]"
    assert first.translated_from["text"]["ru"] == text_digest("Paragraph 1 [en].")
    assert state(first, "text", "ru") == STALE  # the save did not make it current
    assert state(second, "text", "ru") == CURRENT
    assert completeness.blockers(Article.objects.get(pk=article.pk), "ru") == (
        [],
        ["paragraph 1"],
    )


def test_a_translation_with_no_record_is_restored_against_its_source_then(
    editor_client,
):
    # make_article writes paragraphs in bulk: their translations have no record.
    article = make_article(paragraphs=1, languages=("en", "ru"), published=("en",))
    (paragraph,) = article.paragraphs.all()
    assert paragraph.translated_from == {}
    before = save_change_form(editor_client, article)
    save_change_form(
        editor_client,
        article,
        edit_paragraph(article, paragraph.pk, "en", "A newer source."),
    )
    translate(editor_client, article, "ru", {f"paragraph-{paragraph.pk}": "Новый."})

    restore.restore(article, before, None, "ru")
    paragraph.refresh_from_db()
    assert paragraph.text_ru == "Paragraph 1 [ru]."
    assert paragraph.translated_from["text"]["ru"] == text_digest("Paragraph 1 [en].")
    assert state(paragraph, "text", "ru") == STALE


def test_a_restore_never_empties_a_published_language(editor_client, editor):
    article = make_article(paragraphs=2, languages=("en",), published=("en",))
    before = save_change_form(editor_client, article)
    translate(editor_client, article, "ru", full_translation(article, "ru"))
    publishing.publish(article.pk, "ru", editor)
    revisions = history.versions_of(article).count()
    entries = LogEntry.objects.count()

    for scope in ("ru", "all"):
        response = editor_client.post(
            restore_url(article, before), {"scope": scope}, follow=True
        )
        assert response.redirect_chain[-1][0] == history_url(article)
        html = response.content.decode()
        assert "Nothing was restored: it would empty title (Russian)" in html
        assert "paragraph 1 (Russian), paragraph 2 (Russian)" in html
        assert "Unpublish that language first" in html
    article.refresh_from_db()
    assert article.title_ru == "A release [en] [ru]"
    assert paragraph_texts(article, "ru") == [
        "Paragraph 1 [en]. [ru]",
        "Paragraph 2 [en]. [ru]",
    ]
    assert article.published_languages == ["en", "ru"]
    assert history.versions_of(article).count() == revisions
    assert LogEntry.objects.count() == entries


def test_the_source_language_alone_is_not_restored(editor_client):
    article = make_article()
    revision = save_change_form(editor_client, article)
    with pytest.raises(restore.RestoreRefused, match="restore the whole release"):
        restore.restore(article, revision, None, "en")


# Permissions and bad input


@pytest.fixture
def kazakh_translator():
    user = make_staff("aigul", "Translators")
    Translator.objects.create(user=user, languages=["kk"])
    client = Client()
    client.force_login(user)
    return client


def test_a_translator_restores_only_their_language(kazakh_translator, editor_client):
    article = make_article(paragraphs=1, languages=("en", "ru", "kk"), published=())
    revision = save_change_form(editor_client, article)
    article.paragraphs.update(text_kk="Өзгерді.", text_ru="Изменено.")

    page = kazakh_translator.get(history_url(article))
    assert page.status_code == 200
    assert [row[5] for row in revision_rows(page)] == ["Restore Kazakh only"]
    for scope in ("ru", "all"):
        response = kazakh_translator.post(
            restore_url(article, revision), {"scope": scope}
        )
        assert response.status_code == 403
    assert paragraph_texts(article, "ru") == ["Изменено."]
    response = kazakh_translator.post(restore_url(article, revision), {"scope": "kk"})
    assert response.status_code == 302
    assert paragraph_texts(article, "kk") == ["Paragraph 1 [kk]."]
    assert paragraph_texts(article, "ru") == ["Изменено."]


@pytest.mark.parametrize("scope", ["xx", "en", ""])
def test_an_unknown_scope_is_a_400_and_changes_nothing(editor_client, scope):
    article = make_article(paragraphs=1, languages=("en", "ru"))
    revision = save_change_form(editor_client, article)
    article.paragraphs.update(text_ru="Изменено.")
    response = editor_client.post(restore_url(article, revision), {"scope": scope})
    assert response.status_code == 400
    assert paragraph_texts(article, "ru") == ["Изменено."]


def test_a_foreign_or_missing_revision_or_release_is_a_404(editor_client):
    article = make_article()
    other = make_article(title="Other")
    foreign = save_change_form(editor_client, other)
    assert (
        editor_client.post(restore_url(article, foreign), {"scope": "all"}).status_code
        == 404
    )
    missing = reverse(
        "admin:articles_article_revision_restore", args=[article.pk, foreign.pk + 99]
    )
    assert editor_client.post(missing, {"scope": "all"}).status_code == 404
    gone = reverse(
        "admin:articles_article_revision_restore", args=[other.pk + 99, foreign.pk]
    )
    assert editor_client.post(gone, {"scope": "all"}).status_code == 404
    odd = reverse("admin:articles_article_history", args=["x"])
    assert editor_client.get(odd).status_code == 404
    assert editor_client.get(restore_url(other, foreign)).status_code == 405


@pytest.mark.skipif(
    shutil.which("java") is None, reason="Java is missing: the Nu Html Checker needs it"
)
def test_history_and_compare_pages_are_valid_html(editor_client, tmp_path):
    article = make_article(paragraphs=2, languages=("en", "ru"))
    revision = save_change_form(editor_client, article)
    save_change_form(
        editor_client,
        article,
        edit_paragraph(article, article.paragraphs.first().pk, "en", "<b>New</b>"),
    )
    pages = {
        "history": editor_client.get(history_url(article)),
        "compare": editor_client.get(compare_url(article, revision, "en")),
    }
    for name, response in pages.items():
        (tmp_path / f"{name}.html").write_bytes(response.content)
    result = subprocess.run(
        ["java", "-jar", vnu_jar(), "--format", "json", "--exit-zero-always"]
        + [str(tmp_path / f"{name}.html") for name in pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{m['url']}: {m['message']} [{m.get('extract', '')}]"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []


def test_a_day_that_starts_with_an_import_reads_in_the_history(editor_client):
    document = (
        "Festival jury announced\nОбъявлено жюри фестиваля\n\n"
        "The festival named its jury this morning in Almaty.\n"
        "Фестиваль утром объявил состав жюри в Алматы.\n"
    ).encode()
    editor_client.post(
        reverse("admin:articles_article_import"),
        {"file": SimpleUploadedFile("jury.en-ru.txt", document)},
    )
    draft = ImportDraft.objects.get()  # the report page keeps it for the confirm
    editor_client.post(
        reverse("admin:articles_article_import_confirm", args=[draft.pk])
    )
    article = Article.objects.get()
    data = agency_fills(
        export_xliff(article, "es"),
        lambda unit: f"[es] {unit.source}",
    )
    editor_client.post(
        reverse("admin:articles_article_xliff_import", args=[article.pk]),
        {"language": "es", "file": SimpleUploadedFile("jury.es.xlf", data)},
    )
    actions = [row[2] for row in table_rows(editor_client.get(history_url(article)))]
    assert actions == [
        "XLIFF imported into Spanish: 2 applied, 0 unchanged, 0 refused.",
        "Imported from jury.en-ru.txt.",
    ]
    assert article.paragraphs.get().text_es.startswith("[es] The festival")
