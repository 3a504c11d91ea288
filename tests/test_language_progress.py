"""The stored completeness (``LanguageProgress``) always says what the rule
(``completeness.detailed()``) says: random sequences of the real write paths,
checked after every step. The list reads only the stored rows."""

import contextlib
import random

import pytest
from django.db.models import Min
from django.urls import reverse

from articles import (
    completeness,
    conflicts,
    history,
    importers,
    publishing,
    restore,
    translation_files,
)
from articles.models import Article, ArticleImage, LanguageProgress, Paragraph
from articles.translation_files import ReturnedUnit

from .admin_forms import add_rows, change_form_data
from .factories import make_article, make_film, make_image
from .test_admin import change_url, make_staff
from .test_importers import DATA

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "ru", "kk", "es")


def stored_matches_rule():
    """Every release's rows are the rule's counts; its ``listed_at`` is its
    first publication, else its creation."""
    stored = {
        (row.article_id, row.language): (row.total, row.current, row.stale)
        for row in LanguageProgress.objects.all()
    }
    expected = {}
    for article in Article.objects.annotate(first=Min("publications__published_at")):
        for state in completeness.detailed(article):
            expected[(article.pk, state.language)] = (
                state.total,
                state.current,
                state.stale,
            )
        assert article.listed_at == (article.first or article.created_at), article.pk
    assert stored == expected


class Steps:
    """The write paths an editor, a translator and an import take."""

    def __init__(self, rng, client, user, images):
        self.rng, self.client, self.user, self.images = rng, client, user, images

    def release(self):
        return self.rng.choice(list(Article.objects.order_by("pk")))

    def language(self, article, target=True):
        codes = [c for c in LANGUAGES if not target or c != article.source_language]
        return self.rng.choice(codes)

    def post_change_form(self, article, change):
        data = change_form_data(self.client.get(change_url(article)))
        change(data)
        response = self.client.post(change_url(article), data)
        assert response.status_code in (200, 302)

    def edit_title(self):
        article = self.release()
        code = self.language(article, target=False)
        text = self.rng.choice(["", f"Title {self.rng.random()}"])

        def change(data):
            data[f"title_{code}"] = text

        self.post_change_form(article, change)

    def edit_paragraph(self):
        article = self.release()
        count = article.paragraphs.count()
        if not count:
            return self.add_paragraph_in_form()
        row, code = self.rng.randrange(count), self.language(article, target=False)
        text = self.rng.choice(["", f"Words {self.rng.random()}"])

        def change(data):
            data[f"paragraphs-{row}-text_{code}"] = text

        self.post_change_form(article, change)

    def add_paragraph_in_form(self):
        article = self.release()
        position = article.paragraphs.count() + 1
        texts = {
            f"text_{code}": f"New {code} {self.rng.random()}"
            for code in LANGUAGES
            if code == article.source_language or self.rng.random() < 0.5
        }

        def change(data):
            add_rows(
                data,
                "paragraphs",
                [{"position": str(position), "kind": "text", **texts}],
            )

        self.post_change_form(article, change)

    def delete_paragraph_in_form(self):
        article = self.release()
        count = article.paragraphs.count()
        if count:
            row = self.rng.randrange(count)
            self.post_change_form(
                article, lambda data: data.update({f"paragraphs-{row}-DELETE": "on"})
            )

    def reorder_in_form(self):
        article = self.release()
        if article.paragraphs.count() < 2:
            return

        def change(data):
            data["paragraphs-0-position"], data["paragraphs-1-position"] = (
                data["paragraphs-1-position"],
                data["paragraphs-0-position"],
            )

        self.post_change_form(article, change)

    def gallery_in_form(self):
        article = self.release()
        shown = set(article.gallery_items.values_list("image", flat=True))
        if shown and self.rng.random() < 0.5:
            self.post_change_form(
                article, lambda data: data.update({"gallery_items-0-DELETE": "on"})
            )
            return
        free = [image for image in self.images if image.pk not in shown]
        if not free:
            return
        image = self.rng.choice(free)

        def change(data):
            add_rows(
                data,
                "gallery_items",
                [{"position": str(len(shown) + 1), "image": str(image.pk)}],
            )

        self.post_change_form(article, change)

    def change_source_language(self):
        article = self.release()
        code = self.language(article)
        self.post_change_form(
            article, lambda data: data.update({"source_language": code})
        )

    def translation_screen(self):
        article = self.release()
        code = self.language(article)
        url = reverse("admin:articles_article_translate", args=[article.pk, code])
        form = self.client.get(url).context["form"]
        data = {conflicts.BASE_FIELD: form.initial[conflicts.BASE_FIELD]}
        for unit in form.units:
            text = unit.text(code)
            if self.rng.random() < 0.4:
                text = f"Translated {self.rng.random()}"
            data[unit.key] = text
            if f"confirm-{unit.key}" in form.fields and self.rng.random() < 0.5:
                data[f"confirm-{unit.key}"] = "on"
        assert self.client.post(url, data).status_code in (200, 302)

    def returned_file(self):
        """An XLIFF or Word file coming back: ``apply_returned()``."""
        article = self.release()
        code = self.language(article)
        units = translation_files.units_by_key(article)
        returned = [
            ReturnedUnit(
                key=unit.key,
                source=unit.source,
                target=f"Back {self.rng.random()}",
                done=True,
            )
            for unit in units.values()
            if self.rng.random() < 0.5
        ]
        translation_files.apply_returned(
            article, code, units, returned, user=self.user, action="xliff_imported"
        )

    def add_paragraph(self):
        article = self.release()
        Paragraph.objects.create(
            article=article,
            **{f"text_{article.source_language}": f"Added {self.rng.random()}"},
        )

    def delete_paragraph(self):
        paragraph = Paragraph.objects.order_by("?").first()
        if paragraph is not None:
            paragraph.delete()

    def edit_image(self):
        image = self.rng.choice(self.images)
        code = self.rng.choice(LANGUAGES)
        field = self.rng.choice(["caption", "alt_text"])
        setattr(image, f"{field}_{code}", self.rng.choice(["", "Changed"]))
        image.save()

    def publish(self):
        article = self.release()
        code = self.rng.choice(LANGUAGES)
        if self.rng.random() < 0.5:
            publishing.unpublish(article.pk, code, self.user)
            return
        with contextlib.suppress(publishing.PublicationRefused):
            publishing.publish(article.pk, code, self.user)

    def restore(self):
        article = self.release()
        versions = list(history.versions_of(article)[:4])
        if not versions:
            return
        revision = self.rng.choice(versions).revision
        language = self.rng.choice([None, self.language(article)])
        with contextlib.suppress(restore.RestoreRefused):
            restore.restore(article, revision, self.user, language)

    def import_text(self):
        data = (DATA / "three-languages.en-ru-es.txt").read_bytes()
        importers.import_file(data)

    def all(self):
        return [
            self.edit_title,
            self.edit_paragraph,
            self.add_paragraph_in_form,
            self.delete_paragraph_in_form,
            self.reorder_in_form,
            self.gallery_in_form,
            self.change_source_language,
            self.translation_screen,
            self.returned_file,
            self.add_paragraph,
            self.delete_paragraph,
            self.edit_image,
            self.publish,
            self.restore,
            self.import_text,
        ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stored_completeness_follows_every_write(client, demo, seed):
    rng = random.Random(seed)
    user = make_staff("chief", "Editors")
    user.is_superuser = True
    user.save()
    client.force_login(user)
    images = [make_image(f"s{n}.png", caption_en=f"Still {n}") for n in range(3)]
    for number in range(2):
        article = make_article(
            f"Release {number}",
            paragraphs=3,
            languages=("en", "ru"),
            hero_image=images[0],
        )
        ArticleImage.objects.create(article=article, image=images[1], position=1)
    stored_matches_rule()
    steps = Steps(rng, client, user, images)
    done = []
    for _ in range(30):
        step = rng.choice(steps.all())
        step()
        done.append(step.__name__)
        try:
            stored_matches_rule()
        except AssertionError as error:
            raise AssertionError(f"after {done}: {error}") from None
    assert len(set(done)) > 8, done


def test_the_list_reads_stored_rows_not_the_rule(client, demo):
    """What the list shows is the stored row: a row changed behind the rule's
    back shows, which is how a test can see the list does not compute it."""
    client.force_login(make_staff("ed", "Editors"))
    LanguageProgress.objects.filter(article=demo, language="kk").update(
        total=99, current=98, stale=0
    )
    listing = reverse("admin:articles_article_changelist")
    assert "kk 98/99" in client.get(listing).content.decode()
    page = client.get(listing, {"incomplete": "kk"}).content.decode()
    assert change_url(demo) in page


def test_deleting_a_release_deletes_its_rows(demo):
    make_article("Other", paragraphs=2)
    demo.delete()
    assert not LanguageProgress.objects.filter(article_id=demo.pk).exists()
    stored_matches_rule()


def test_deleting_an_image_records_the_releases_that_showed_it():
    image = make_image(caption_en="A still", caption_ru="Кадр")
    article = make_article(paragraphs=1, languages=("en", "ru"), hero_image=image)
    other = make_article("Other", paragraphs=1, languages=("en", "ru"))
    ArticleImage.objects.create(article=other, image=image, position=1)
    image.delete()
    stored_matches_rule()
    assert article.progress.get(language="ru").total == 2  # title and paragraph


def test_record_reads_a_few_queries_for_any_number_of_releases(
    django_assert_num_queries,
):
    image = make_image(caption_en="A still")
    ids = [make_article(f"R{n}", paragraphs=3, hero_image=image).pk for n in range(6)]
    for pk in ids:
        ArticleImage.objects.create(article_id=pk, image=image, position=1)
    # Releases, publications, paragraphs, gallery; the upsert; listed_at.
    with django_assert_num_queries(6):
        completeness.record(ids)
    with django_assert_num_queries(6):
        completeness.record(ids[:1])


# The list at any size: one number of queries for 3 and 30 releases.
# Session, user, reversion's savepoint, the film filter's films, the COUNTs,
# the page's keys then its rows, their films, stored completeness and
# publications, then the session's save (SAVEPOINT, UPDATE, RELEASE).
LIST_QUERIES = 16


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"status": "draft"},
        {"status": "live"},
        {"published": "en"},
        {"incomplete": "kk"},
        {"q": "R1"},
        {"o": "2"},
    ],
)
def test_list_and_filters_cost_the_same_queries_at_any_size(
    client, django_assert_num_queries, count, query
):
    film = make_film()
    for number in range(count):
        make_article(
            title=f"R{number}",
            paragraphs=4,
            languages=("en", "ru") if number % 2 else ("en", "kk"),
            published=("en",) if number % 3 else (),
            film=film,
        )
    client.force_login(make_staff("ed", "Editors"))
    listing = reverse("admin:articles_article_changelist")
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(listing, query)
    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


def test_the_film_filter_costs_the_same_queries(client, django_assert_num_queries):
    film = make_film()
    for number in range(5):
        make_article(title=f"R{number}", film=film)
    client.force_login(make_staff("ed", "Editors"))
    listing = reverse("admin:articles_article_changelist")
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(listing, {"film__id__exact": film.pk})
    assert "R1 [en]" in response.content.decode()


def test_an_empty_filter_reads_no_rows_of_the_page(client, django_assert_num_queries):
    """Nothing is incomplete in the source language: no keys, rows or parts
    of rows to read."""
    for number in range(5):
        make_article(title=f"R{number}")
    client.force_login(make_staff("ed", "Editors"))
    listing = reverse("admin:articles_article_changelist")
    with django_assert_num_queries(LIST_QUERIES - 3):
        response = client.get(listing, {"incomplete": "en"})
    assert response.context["cl"].result_count == 0
