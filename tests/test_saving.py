"""Writing a release from scratch, and saves that meet other people's saves."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from articles.models import Article, ArticleImage, Paragraph

from .admin_forms import add_rows, change_form_data
from .factories import make_article, make_image, make_person
from .test_admin import change_url, make_staff

pytestmark = pytest.mark.django_db

ADD_URL = "admin:articles_article_add"


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff("ed", "Editors"))
    return client


def add_page_data(client):
    return change_form_data(client.get(reverse(ADD_URL)))


def test_a_new_release_with_paragraphs_and_gallery_is_saved_in_one_submit(
    editor_client,
):
    speaker = make_person("Marta Ruiz")
    stills = [make_image(f"still-{n}.png", caption_en=f"Still {n}") for n in (1, 2)]
    data = add_page_data(editor_client)
    data["title_en"] = "A premiere in Almaty"
    add_rows(
        data,
        "paragraphs",
        [
            {"position": "1", "kind": "text", "text_en": "The film opens tonight."},
            {"position": "2", "kind": "heading", "text_en": "About the film"},
            {
                "position": "3",
                "kind": "quote",
                "speaker": str(speaker.pk),
                "text_en": "“We shot it in winter,” said Marta Ruiz.",
            },
            {"position": "4", "kind": "text", "text_en": "Tickets are sold out."},
        ],
    )
    add_rows(
        data,
        "gallery_items",
        [
            {"position": "1", "image": str(stills[1].pk)},
            {"position": "2", "image": str(stills[0].pk)},
        ],
    )
    response = editor_client.post(reverse(ADD_URL), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    article = Article.objects.get(title_en="A premiere in Almaty")
    paragraphs = list(article.paragraphs.order_by("position"))
    assert [(p.position, p.kind) for p in paragraphs] == [
        (1, "text"),
        (2, "heading"),
        (3, "quote"),
        (4, "text"),
    ]
    assert paragraphs[2].speaker == speaker
    gallery = article.gallery_items.order_by("position")
    assert [item.image for item in gallery] == [stills[1], stills[0]]
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert entry.is_addition()


def test_a_new_release_keeps_the_order_shown_even_when_moved_before_saving(
    editor_client,
):
    data = add_page_data(editor_client)
    data["title_en"] = "Moved before saving"
    add_rows(
        data,
        "paragraphs",
        [
            {"position": "3", "kind": "text", "text_en": "Third"},
            {"position": "1", "kind": "text", "text_en": "First"},
            {"position": "2", "kind": "text", "text_en": "Second"},
        ],
    )
    assert editor_client.post(reverse(ADD_URL), data).status_code == 302
    article = Article.objects.get(title_en="Moved before saving")
    texts = article.paragraphs.order_by("position").values_list("text_en", flat=True)
    assert list(texts) == ["First", "Second", "Third"]


def test_an_error_on_the_add_page_keeps_everything_typed(editor_client):
    make_article(title="Taken", slug="taken")
    data = add_page_data(editor_client)
    data.update(title_en="A second release", slug="taken")
    add_rows(
        data,
        "paragraphs",
        [
            {"position": "1", "kind": "text", "text_en": "Kept paragraph one."},
            {"position": "2", "kind": "text", "text_en": "Kept paragraph two."},
        ],
    )
    response = editor_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "with this Slug already exists" in html
    assert "Kept paragraph one." in html and "Kept paragraph two." in html
    assert Article.objects.count() == 1
    again = change_form_data(response)
    again["slug"] = "a-second-release"
    assert editor_client.post(reverse(ADD_URL), again).status_code == 302
    saved = Article.objects.get(slug="a-second-release")
    assert list(
        saved.paragraphs.order_by("position").values_list("text_en", flat=True)
    ) == ["Kept paragraph one.", "Kept paragraph two."]


# A form opened before someone else's save


def test_a_form_opened_before_another_editor_added_a_paragraph_keeps_both(
    editor_client,
):
    article = make_article(paragraphs=2)
    first, second = article.paragraphs.order_by("position")
    stale = change_form_data(editor_client.get(change_url(article)))
    # Meanwhile another editor inserts a paragraph after the first one.
    fresh = change_form_data(editor_client.get(change_url(article)))
    add_rows(
        fresh, "paragraphs", [{"position": "2", "text_en": "Theirs", "kind": "text"}]
    )
    fresh["paragraphs-1-position"] = "3"
    assert editor_client.post(change_url(article), fresh).status_code == 302
    # The first editor adds one at the end and swaps nothing.
    add_rows(
        stale, "paragraphs", [{"position": "3", "text_en": "Mine", "kind": "text"}]
    )
    response = editor_client.post(change_url(article), stale)
    assert response.status_code == 302
    texts = article.paragraphs.order_by("position").values_list("text_en", flat=True)
    assert list(texts) == ["Paragraph 1 [en].", "Theirs", "Paragraph 2 [en].", "Mine"]
    positions = article.paragraphs.order_by("position").values_list(
        "position", flat=True
    )
    assert list(positions) == [1, 2, 3, 4]


def test_a_form_opened_before_another_editor_deleted_a_paragraph_gets_a_message(
    editor_client,
):
    article = make_article(paragraphs=2)
    stale = change_form_data(editor_client.get(change_url(article)))
    article.paragraphs.get(position=2).delete()
    stale["paragraphs-1-text_en"] = "My edit of a deleted paragraph"
    stale["title_en"] = "Not saved"
    response = editor_client.post(change_url(article), stale)
    assert response.status_code == 200
    assert "Someone else deleted 1 of these rows" in response.content.decode()
    article.refresh_from_db()
    assert article.title_en != "Not saved"
    assert article.paragraphs.count() == 1


def test_deleting_a_paragraph_someone_else_deleted_just_saves(editor_client):
    article = make_article(paragraphs=3)
    stale = change_form_data(editor_client.get(change_url(article)))
    article.paragraphs.get(position=2).delete()
    stale["paragraphs-1-DELETE"] = "on"
    stale["title_en"] = "Saved"
    assert editor_client.post(change_url(article), stale).status_code == 302
    assert list(
        article.paragraphs.order_by("position").values_list("text_en", flat=True)
    ) == ["Paragraph 1 [en].", "Paragraph 3 [en]."]


def test_a_tampered_position_is_a_field_error_not_a_500(editor_client):
    article = make_article(paragraphs=2)
    data = change_form_data(editor_client.get(change_url(article)))
    data["paragraphs-0-position"] = "first"
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 200
    assert response.context["errors"]
    assert ArticleImage.objects.count() == 0
    assert Paragraph.objects.filter(article=article).count() == 2


def test_a_release_with_a_gallery_saves_again_as_shown(editor_client):
    article = make_article(paragraphs=2)
    for position, name in enumerate(["one.png", "two.png"], 1):
        ArticleImage.objects.create(
            article=article, image=make_image(name), position=position
        )
    data = change_form_data(editor_client.get(change_url(article)))
    data["title_en"] = "Saved again with its gallery"
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert article.gallery_items.count() == 2
