import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from modeltranslation.admin import TabbedTranslationAdmin

from articles.embargo.links import create_links
from articles.models import (
    Article,
    EmbargoLink,
    EmbargoLinkUse,
    Financing,
    Paragraph,
    PressOffice,
)

from .admin_forms import change_form_data
from .factories import make_article, make_film, make_person

pytestmark = pytest.mark.django_db


def make_staff(username, group=None, superuser=False):
    user = get_user_model().objects.create_user(
        username, password="pw-" + username, is_staff=True, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_embargo_link_and_use(article):
    """A personal link and a use of it; returns their models, which have no
    add page (links are made from a release or a film, uses are a record)."""
    link, _token = create_links(
        [{"name": "Ana Torres"}],
        article=article,
        languages=["en"],
        expires_at=timezone.now() + datetime.timedelta(days=1),
        user=None,
    )[0]
    EmbargoLinkUse.objects.create(link=link, article=article, kind="page", path="/")
    return {EmbargoLink, EmbargoLinkUse}


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def publish_url(article, language, verb="publish"):
    return reverse(f"admin:articles_article_{verb}", args=[article.pk, language])


# Every page renders


def test_every_changelist_add_and_change_page_renders(client, demo):
    client.force_login(make_staff("root", superuser=True))
    editor_client = client
    made_elsewhere = make_embargo_link_and_use(demo)
    app_models = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "articles"
    ]
    assert len(app_models) == 12  # the others are edited inline
    for model, model_admin in app_models:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        obj = model.objects.first()
        changelist = editor_client.get(reverse(f"{prefix}_changelist"))
        if model is PressOffice:  # one office: its list is its page
            assert changelist["Location"] == reverse(f"{prefix}_change", args=[obj.pk])
        else:
            assert changelist.status_code == 200, model
        add = editor_client.get(reverse(f"{prefix}_add")).status_code
        if model is PressOffice:
            assert add == 302  # to the one there is
        else:
            assert add == (403 if model in made_elsewhere else 200), model
        assert obj is not None, model
        page = editor_client.get(reverse(f"{prefix}_change", args=[obj.pk]))
        assert page.status_code == 200, model
        html = page.content.decode()
        assert "ajax.googleapis" not in html and "//cdn" not in html
        if isinstance(model_admin, TabbedTranslationAdmin):
            assert "/static/jquery-ui/jquery-ui.min.js" in html


def test_article_change_page_has_tabs_paragraphs_and_language_panel(
    editor_client, demo
):
    html = editor_client.get(change_url(demo)).content.decode()
    assert "modeltranslation/js/tabbed_translation_fields.js" in html
    assert "articles/admin/reorder.js" in html
    assert 'class="ordered-position"' in html
    assert 'name="paragraphs-0-text_ru"' in html
    assert 'data-language="kk"' in html
    assert "kk 6/20" in html  # title, dateline and 4 of 13 paragraphs; of 20 units
    assert "paragraph 5" in html


def test_admin_speaks_the_editors_language(editor_client, demo):
    html = editor_client.get(
        reverse("admin:articles_article_changelist"), HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert "Пресс-релизы" in html or "пресс-релиз" in html.lower()
    response = editor_client.post(
        reverse("set_language"), {"language": "es", "next": "/admin/"}
    )
    assert response.status_code == 302
    html = editor_client.get(reverse("admin:articles_film_change", args=[demo.film.pk]))
    text = html.content.decode()
    assert "Título original" in text or "título original" in text


# Completeness in the list


def test_list_shows_status_and_completeness(editor_client, demo):
    html = editor_client.get(
        reverse("admin:articles_article_changelist")
    ).content.decode()
    assert "en ✓</span> · " in html
    assert ">ru ✓<" in html and ">es ✓<" in html and ">kk 6/20<" in html
    assert html.index(">en ✓<") < html.index(">ru ✓<") < html.index(">es ✓<")
    assert html.index(">es ✓<") < html.index(">kk 6/20<")
    with translation.override("en"):
        assert "Live" in html or "live" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=draft", {"Draft"}),
        ("status=scheduled", {"Soon"}),
        ("status=live", {"Live"}),
        ("published=ru", {"Live"}),
        ("incomplete=ru", {"Draft", "Soon"}),
        ("incomplete=en", set()),
        ("q=Soon", {"Soon"}),
    ],
)
def test_list_filters_and_search(editor_client, query, expected):
    future = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)
    make_article(title="Draft", languages=("en",), published=())
    make_article(title="Soon", languages=("en",), published=("en",), publish_at=future)
    make_article(title="Live", languages=("en", "ru"), published=("en", "ru"))
    html = editor_client.get(
        reverse("admin:articles_article_changelist") + "?" + query
    ).content.decode()
    shown = {title for title in ("Draft", "Soon", "Live") if f"{title} [en]" in html}
    assert shown == expected


def test_film_filter(editor_client):
    film = make_film("Filtered film")
    make_article(title="With film", film=film)
    make_article(title="Without film")
    html = editor_client.get(
        reverse("admin:articles_article_changelist") + f"?film__id__exact={film.pk}"
    ).content.decode()
    assert "With film [en]" in html and "Without film [en]" not in html


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow(
    editor_client, django_assert_num_queries, count
):
    film = make_film()
    for number in range(count):
        make_article(
            title=f"R{number}", paragraphs=4, languages=("en", "ru"), film=film
        )
    # 11 queries (the page's keys, then its rows: deep pages stay cheap),
    # reversion's savepoint around the list (SAVEPOINT, RELEASE), and the
    # session's save, which every request makes to start the idle time again
    # (SAVEPOINT, UPDATE, RELEASE).
    with django_assert_num_queries(16):
        response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200


# Publishing


def test_publish_gate_refuses_an_incomplete_language_and_names_what_is_missing(
    editor_client, demo
):
    response = editor_client.post(publish_url(demo, "kk"), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "paragraph 5" in html and "paragraph 13" in html
    assert "paragraph 4" not in html.split("missing")[1].split(".")[0]
    assert not Article.objects.public("kk").exists()


def test_publish_gate_refuses_a_missing_title(editor_client):
    article = make_article(languages=("en",), published=("en",))
    Paragraph.objects.filter(article=article).update(text_ru="Текст")
    response = editor_client.post(publish_url(article, "ru"), follow=True)
    assert "missing title" in response.content.decode()
    assert not Article.objects.public("ru").exists()


def translate_everything(article, language):
    """Give every unit of ``article`` a text in ``language``, saved the normal way."""
    from articles.completeness import article_units

    for unit in article_units(article):
        if not unit.text(language):
            setattr(unit.obj, f"{unit.field}_{language}", f"{unit.source} [{language}]")
            unit.obj.save()


def test_publish_gate_accepts_a_complete_language(editor_client, demo):
    translate_everything(demo, "kk")
    response = editor_client.post(publish_url(demo, "kk"), follow=True)
    assert "is published in" in response.content.decode()
    assert list(Article.objects.public("kk")) == [demo]
    publication = demo.publications.get(language="kk")
    assert publication.published_by.username == "ed"


def test_unpublish_hides_the_language(editor_client, demo):
    editor_client.post(publish_url(demo, "es", "unpublish"))
    assert not Article.objects.public("es").exists()
    assert Article.objects.public("en").exists()


def test_non_editor_cannot_publish_by_direct_post(translator_client, demo):
    Article.objects.filter(pk=demo.pk)
    demo.unpublish("es")
    response = translator_client.post(publish_url(demo, "es"))
    assert response.status_code == 403
    response = translator_client.post(publish_url(demo, "ru", "unpublish"))
    assert response.status_code == 403
    assert not Article.objects.public("es").exists()
    assert Article.objects.public("ru").exists()


def test_publish_needs_post_and_a_known_language(editor_client, demo):
    assert editor_client.get(publish_url(demo, "kk")).status_code == 405
    assert editor_client.post(publish_url(demo, "xx")).status_code == 404
    missing = reverse("admin:articles_article_publish", args=[999999, "en"])
    assert editor_client.post(missing).status_code == 404


def test_publish_action_on_the_list(editor_client):
    complete = make_article(title="Complete", languages=("en", "ru"), published=("en",))
    incomplete = make_article(title="Partial", languages=("en",), published=("en",))
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_ru", "_selected_action": [complete.pk, incomplete.pk]},
        follow=True,
    )
    assert "1 release published" in response.content.decode()
    assert "Partial [en] cannot be published" in response.content.decode()
    assert list(Article.objects.public("ru")) == [complete]


def test_translator_has_no_publish_actions(translator_client, demo):
    html = translator_client.get(reverse("admin:articles_article_changelist"))
    assert "publish_ru" not in html.content.decode()


# Preview


def test_preview_any_language_for_staff_with_private_no_store_noindex(
    editor_client, demo
):
    response = editor_client.get(
        reverse("admin:articles_article_preview", args=[demo.pk, "kk"])
    )
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    html = response.content.decode()
    assert '<html lang="kk">' in html
    assert demo.title_kk in html
    assert demo.paragraphs.get(position=1).text_kk in html
    with translation.override("kk"):
        assert gettext("paragraph %(number)s") % {"number": 5} in html


def test_preview_of_a_draft_and_unknown_language(editor_client):
    draft = make_article(title="Draft only", published=())
    url = reverse("admin:articles_article_preview", args=[draft.pk, "en"])
    assert "Draft only [en]" in editor_client.get(url).content.decode()
    bad = reverse("admin:articles_article_preview", args=[draft.pk, "xx"])
    assert editor_client.get(bad).status_code == 404


def test_preview_is_staff_only(client):
    draft = make_article(title="Secret", published=())
    url = reverse("admin:articles_article_preview", args=[draft.pk, "en"])
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(get_user_model().objects.create_user("visitor", password="x"))
    response = client.get(url)
    assert response.status_code == 302
    assert "Secret" not in response.content.decode()


# Ordering


def test_reordering_paragraphs_through_the_admin_swaps_them(editor_client):
    article = make_article(paragraphs=3)
    first, second, third = article.paragraphs.order_by("position")
    data = change_form_data(editor_client.get(change_url(article)))
    data["paragraphs-0-position"] = "2"
    data["paragraphs-1-position"] = "1"
    data["paragraphs-1-text_en"] = "Edited second"
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, (
        response.context["errors"] if response.context else ""
    )
    texts = list(
        article.paragraphs.order_by("position").values_list("text_en", flat=True)
    )
    assert texts == ["Edited second", "Paragraph 1 [en].", "Paragraph 3 [en]."]


def test_adding_and_deleting_paragraphs_keeps_positions_dense(editor_client):
    article = make_article(paragraphs=3)
    data = change_form_data(editor_client.get(change_url(article)))
    # As reorder.js leaves it: the new row moved to the top, all renumbered.
    data["paragraphs-0-position"] = "2"
    data["paragraphs-1-position"] = "3"
    data["paragraphs-1-DELETE"] = "on"
    data["paragraphs-2-position"] = "4"
    data["paragraphs-TOTAL_FORMS"] = "4"
    data.update(
        {
            "paragraphs-3-article": str(article.pk),
            "paragraphs-3-position": "1",
            "paragraphs-3-kind": "heading",
            "paragraphs-3-text_en": "New heading",
        }
    )
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302
    rows = list(
        article.paragraphs.order_by("position").values_list("position", "text_en")
    )
    assert rows == [
        (1, "New heading"),
        (2, "Paragraph 1 [en]."),
        (3, "Paragraph 3 [en]."),
    ]


def test_quote_speaker_uses_autocomplete(editor_client, demo):
    html = editor_client.get(change_url(demo)).content.decode()
    assert 'data-field-name="speaker"' in html and "admin-autocomplete" in html
    person = make_person("Findable Speaker")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Findable",
            "app_label": "articles",
            "model_name": "paragraph",
            "field_name": "speaker",
        },
    )
    assert response.json()["results"] == [
        {"id": str(person.pk), "text": "Findable Speaker"}
    ]


# Films


def test_film_financing_over_100_percent_is_refused_in_the_admin(editor_client, demo):
    url = reverse("admin:articles_film_change", args=[demo.film.pk])
    data = change_form_data(editor_client.get(url))
    data["financing-0-share"] = "80"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "110" in response.content.decode()
    assert sorted(Financing.objects.values_list("share", flat=True)) == [30, 70]


def test_film_page_lists_credits_participations_and_events(editor_client, demo):
    html = editor_client.get(
        reverse("admin:articles_film_change", args=[demo.film.pk])
    ).content.decode()
    assert "credits-TOTAL_FORMS" in html and "participations-TOTAL_FORMS" in html
    assert "events-TOTAL_FORMS" in html
    assert "la-tregua-world-premiere" in html or "World premiere" in html


def test_people_and_organizations_show_their_films(editor_client, demo):
    from articles.models import Organization, Person

    person = Person.objects.get(slug="yerlan-bekhozhin")
    html = editor_client.get(
        reverse("admin:articles_person_change", args=[person.pk])
    ).content.decode()
    assert "credits-TOTAL_FORMS" in html and 'value="coordinator" selected' in html
    organization = Organization.objects.get(slug="plano-a-plano")
    html = editor_client.get(
        reverse("admin:articles_organization_change", args=[organization.pk])
    ).content.decode()
    assert "participations-TOTAL_FORMS" in html
