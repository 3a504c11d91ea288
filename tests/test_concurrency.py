"""Two or eight people writing at the same moment, each thread with its own
database connection, on SQLite (a test database on disk, in WAL mode) and on
PostgreSQL: every save succeeds, waits its turn and loses nothing."""

import threading

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles import audit
from articles.models import Article, ImportDraft, Paragraph, Publication

from .admin_forms import add_rows, change_form_data
from .factories import make_article
from .test_admin import change_url, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(calls):
    """Run ``calls`` in threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, call))
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def clients(user, count):
    made = []
    for _number in range(count):
        client = Client()
        client.force_login(user)
        made.append(client)
    return made


@pytest.fixture
def editor():
    return make_staff("ed", "Editors")


def test_eight_editors_save_eight_releases_at_once(editor):
    articles = [make_article(title=f"Release {n}", paragraphs=3) for n in range(8)]
    editors = clients(editor, 8)
    forms = []
    for client, article in zip(editors, articles, strict=True):
        data = change_form_data(client.get(change_url(article)))
        data["title_en"] = f"Saved by editor {article.pk}"
        forms.append(data)
    responses = at_once(
        [
            lambda c=client, a=article, d=data: c.post(change_url(a), d)
            for client, article, data in zip(editors, articles, forms, strict=True)
        ]
    )
    assert [response.status_code for response in responses] == [302] * 8
    for article in articles:
        assert Article.objects.get(pk=article.pk).title_en == (
            f"Saved by editor {article.pk}"
        )


def test_two_editors_add_a_paragraph_to_one_release_at_once(editor):
    article = make_article(paragraphs=2)
    editors = clients(editor, 2)
    forms = []
    for number, client in enumerate(editors):
        data = change_form_data(client.get(change_url(article)))
        add_rows(
            data,
            "paragraphs",
            [{"position": "3", "kind": "text", "text_en": f"Added by {number}"}],
        )
        forms.append(data)
    responses = at_once(
        [
            lambda c=client, d=data: c.post(change_url(article), d)
            for client, data in zip(editors, forms, strict=True)
        ]
    )
    assert [response.status_code for response in responses] == [302, 302]
    rows = list(
        Paragraph.objects.filter(article=article)
        .order_by("position")
        .values_list("position", "text_en")
    )
    assert [position for position, _text in rows] == [1, 2, 3, 4]
    assert {text for _position, text in rows[2:]} == {"Added by 0", "Added by 1"}


DOCUMENT = (
    "Confirmed in two tabs at the same moment\n"
    "Подтверждено в двух вкладках одновременно\n\n"
    "The press office confirmed the import twice by accident.\n"
    "Пресс-служба случайно подтвердила импорт дважды.\n"
).encode()


def upload(client):
    response = client.post(
        reverse("admin:articles_article_import"),
        {"file": SimpleUploadedFile("release.en-ru.txt", DOCUMENT)},
    )
    assert response.status_code == 200
    return response.context["draft"]


def test_an_import_confirmed_twice_at_once_creates_one_release(editor):
    first, second = clients(editor, 2)
    draft = upload(first)
    url = reverse("admin:articles_article_import_confirm", args=[draft.pk])
    responses = at_once([lambda: first.post(url), lambda: second.post(url)])
    assert Article.objects.count() == 1
    article = Article.objects.get()
    targets = sorted(response.url for response in responses)
    assert targets == sorted(
        [change_url(article), reverse("admin:articles_article_import")]
    )
    assert not ImportDraft.objects.exists()


def test_two_editors_publish_one_language_at_once(editor):
    article = make_article(paragraphs=3, languages=("en", "ru"), published=("en",))
    url = reverse("admin:articles_article_publish", args=[article.pk, "ru"])
    responses = at_once([lambda c=client: c.post(url) for client in clients(editor, 2)])
    assert [response.status_code for response in responses] == [302, 302]
    assert Publication.objects.filter(article=article, language="ru").count() == 1
    assert (
        LogEntry.objects.filter(
            object_id=str(article.pk),
            change_message=audit.message("published", language="ru"),
        ).count()
        == 1
    )


def test_one_document_imported_twice_at_once_gets_two_slugs(editor):
    """Two editors import the same document: two releases, neither a 500."""
    first, second = clients(editor, 2)
    drafts = [upload(first), upload(second)]
    urls = [
        reverse("admin:articles_article_import_confirm", args=[draft.pk])
        for draft in drafts
    ]
    responses = at_once([lambda: first.post(urls[0]), lambda: second.post(urls[1])])
    assert all("/change/" in response.url for response in responses)
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "confirmed-in-two-tabs-at-the-same-moment",
        "confirmed-in-two-tabs-at-the-same-moment-2",
    ]


def test_four_visitors_asking_for_a_rendition_not_yet_built_all_get_it():
    from articles.models import Rendition

    from .factories import make_image

    image = make_image()
    make_article(hero_image=image)
    Rendition.objects.all().delete()  # as if the build after upload had failed
    url = image.url("w800-webp")

    def fetch():
        response = Client().get(url)
        return response.status_code, b"".join(response.streaming_content)

    results = at_once([fetch] * 4)
    assert {status for status, _body in results} == {200}
    assert len({body for _status, body in results}) == 1
    assert Rendition.objects.filter(image=image).count() == 1


def test_two_workers_building_the_same_kit_keep_one():
    from articles.models import FilmImage, PressKit
    from articles.presskits import building

    from .factories import make_film, make_image

    film = make_film(poster=make_image())
    FilmImage.objects.create(film=film, image=make_image())
    make_article(film=film)
    PressKit.objects.all().delete()

    def build():
        return building.build(building.plan(f"film:{film.pk}", "en")).pk

    first, second = at_once([build, build])
    assert first == second
    assert PressKit.objects.filter(language="en").count() == 1
