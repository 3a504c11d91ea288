"""The embargo in the admin: the release form and list, lifting early,
personal links (made, shown once, downloaded, mailed, revoked, extended,
re-issued) and the log of their uses."""

import csv
import datetime
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import audit
from articles.embargo.describe import describe
from articles.models import Article, EmbargoLink, EmbargoLinkUse, Event
from articles.models.embargo import token_hash

from .admin_forms import change_form_data
from .factories import make_article, make_film
from .test_admin import make_staff

pytestmark = pytest.mark.django_db

FUTURE = datetime.datetime(2100, 9, 26, 19, 30, tzinfo=datetime.UTC)
PASTE = (
    "Ana Torres\tEl Diario\tana@example.org\tEurope/Madrid\n"
    "Иван Петров; Коммерсантъ; ivan@example.ru; Asia/Almaty\n"
    "=Eve, @outlet, eve@example.com\n"
)


def make_event(film, **fields):
    fields = {
        "kind": Event.Kind.PREMIERE,
        "date_precision": Event.Precision.DAY,
        "date": datetime.date(2100, 9, 26),
        "time": datetime.time(21, 0),
        "time_zone": "Europe/Madrid",
        **fields,
    }
    return Event.objects.create(film=film, title_en="Premiere", **fields)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def changelist_url(query=""):
    return reverse("admin:articles_article_changelist") + query


def links_url(article):
    return reverse("admin:articles_article_embargo_links", args=[article.pk])


def paste(client, article, deliver="show", text=PASTE, languages=("en",)):
    return client.post(
        links_url(article),
        {
            "recipients": text,
            "languages": list(languages),
            "expires_on": (
                timezone.localdate() + datetime.timedelta(days=14)
            ).isoformat(),
            "deliver": deliver,
        },
    )


# The release form


def test_change_page_tells_the_embargo_in_office_time_and_utc(editor_client, settings):
    settings.TIME_ZONE = "Europe/Madrid"
    film = make_film()
    event = make_event(film)
    article = make_article(film=film, embargo_event=event, embargo_offset=30)
    html = editor_client.get(change_url(article)).content.decode()
    assert "embargoed until 26 September 2100, 21:30 CEST (19:30 UTC)" in html
    assert "Premiere + 30 min" in html
    assert 'name="embargo_event"' in html and 'name="embargo_offset"' in html


def test_embargo_words_for_an_event_to_be_announced_and_a_passed_one():
    film = make_film()
    tba = make_event(film, date_precision="tba", date=None, time=None, time_zone="")
    article = make_article(film=film, embargo_event=tba, embargo_offset=30)
    assert describe(article) == "until the Premiere + 30 min — time to be announced"
    article.embargo_event, article.embargo_until = None, FUTURE
    article.save()
    assert describe(article, "Asia/Almaty") == (
        "embargoed until 27 September 2100, 00:30 UTC+05 (26 September 2100, 19:30 UTC)"
    )
    past = timezone.now() - datetime.timedelta(minutes=1)
    Article.objects.filter(pk=article.pk).update(embargo_until=past)
    article.refresh_from_db()
    article.save()
    assert describe(article) == "embargo passed"


def post_embargo(client, article, **fields):
    data = change_form_data(client.get(change_url(article)))
    data.update(fields)
    return client.post(change_url(article), data)


def test_a_moment_and_an_event_together_are_refused(editor_client):
    film = make_film()
    event = make_event(film)
    article = make_article(film=film)
    response = post_embargo(
        editor_client,
        article,
        embargo_until_0="2100-09-26",
        embargo_until_1="21:00:00",
        embargo_event=str(event.pk),
    )
    assert response.status_code == 200
    assert "not both" in response.content.decode()
    article.refresh_from_db()
    assert not article.has_embargo


def test_an_event_of_another_film_is_refused(editor_client):
    article = make_article(film=make_film("Mine"))
    foreign = make_event(make_film("Theirs"))
    response = post_embargo(editor_client, article, embargo_event=str(foreign.pk))
    assert response.status_code == 200
    assert "must be one of this release" in response.content.decode()
    article.refresh_from_db()
    assert article.embargo_event is None


def test_an_event_of_the_film_is_saved(editor_client):
    film = make_film()
    event = make_event(film)
    article = make_article(film=film)
    response = post_embargo(
        editor_client, article, embargo_event=str(event.pk), embargo_offset="30"
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.embargo_event == event and article.is_embargoed()


def test_the_embargo_needs_the_publish_permission(client):
    user = make_staff("writer")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["view_article", "change_article", "view_paragraph",
                          "change_paragraph", "add_paragraph", "view_articleimage",
                          "change_articleimage", "add_articleimage",
                          "view_event", "view_film"],
        )
    )  # fmt: skip
    client.force_login(user)
    article = make_article(embargo_until=FUTURE)
    response = post_embargo(
        client, article, embargo_until_0="", embargo_until_1="", title_en="Edited"
    )
    assert response.status_code == 200
    assert "Only an editor who may publish" in response.content.decode()
    article.refresh_from_db()
    assert article.embargo_until == FUTURE and article.title_en != "Edited"


# The list


def test_status_filter_and_column_show_embargoed_releases(editor_client):
    make_article(title="Held", embargo_until=FUTURE)
    make_article(title="Open")
    html = editor_client.get(changelist_url("?status=embargoed")).content.decode()
    assert "Held [en]" in html and "Open [en]" not in html
    html = editor_client.get(changelist_url()).content.decode()
    assert "column-embargo_display" in html
    assert "embargoed until 26 September 2100" in html


def test_list_query_count_does_not_grow_with_links_and_uses(editor_client):
    film = make_film()
    article = make_article(film=film, embargo_event=make_event(film))
    editor_client.get(changelist_url())  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as before:
        editor_client.get(changelist_url())
    user = make_staff("maker", "Editors")
    from articles.embargo.links import create_links

    made = create_links(
        [{"name": f"R{n}"} for n in range(6)],
        article=article,
        languages=["en"],
        expires_at=FUTURE,
        user=user,
    )
    for link, _token in made:
        for _ in range(3):
            EmbargoLinkUse.objects.create(link=link, article=article, kind="page",
                                          path="/x/")  # fmt: skip
    make_article(title="Another", film=film)
    with CaptureQueriesContext(connection) as after:
        editor_client.get(changelist_url())
    assert len(after) == len(before)


# Lifting early


def test_lifting_is_recorded_and_makes_the_release_public(editor_client):
    article = make_article(embargo_until=FUTURE)
    assert article not in Article.objects.public("en")
    response = editor_client.post(
        reverse("admin:articles_article_lift_embargo", args=[article.pk])
    )
    assert response.status_code == 302
    assert article in Article.objects.public("en")
    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("pk")
    assert "embargo_lifted" in entry.change_message
    assert audit.describe(entry.change_message).startswith("Embargo lifted (was: ")
    assert "2100" in audit.describe(entry.change_message)


def test_lift_action_on_the_list(editor_client):
    held = make_article(title="Held", embargo_until=FUTURE)
    response = editor_client.post(
        changelist_url(), {"action": "lift_embargo", "_selected_action": [held.pk]}
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert not held.has_embargo and held in Article.objects.public("en")


def test_translator_can_neither_lift_nor_make_links(translator_client):
    article = make_article(embargo_until=FUTURE)
    lift = reverse("admin:articles_article_lift_embargo", args=[article.pk])
    assert translator_client.post(lift).status_code == 403
    assert translator_client.get(links_url(article)).status_code == 403
    assert paste(translator_client, article).status_code == 403
    assert EmbargoLink.objects.count() == 0
    article.refresh_from_db()
    assert article.has_embargo


# Making links


def test_a_pasted_list_makes_links_downloaded_as_csv(editor_client):
    article = make_article(embargo_until=FUTURE)
    response = paste(editor_client, article, deliver="csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:])))
    assert rows[0] == ["name", "outlet", "email", "languages", "link", "expires"]
    assert [row[:4] for row in rows[1:]] == [
        ["Ana Torres", "El Diario", "ana@example.org", "en"],
        ["Иван Петров", "Коммерсантъ", "ivan@example.ru", "en"],
        ["'=Eve", "'@outlet", "eve@example.com", "en"],
    ]
    tokens = [row[4].rstrip("/").rsplit("/", 1)[1] for row in rows[1:]]
    assert {token_hash(token) for token in tokens} == set(
        EmbargoLink.objects.values_list("token_hash", flat=True)
    )
    stored = [
        str(value) for row in EmbargoLink.objects.values() for value in row.values()
    ]
    assert not any(token in value for token in tokens for value in stored)
    assert EmbargoLink.objects.get(name="Иван Петров").time_zone == "Asia/Almaty"


def test_links_shown_once_are_not_cached(editor_client):
    article = make_article(embargo_until=FUTURE)
    response = paste(editor_client, article, deliver="show")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert html.count("/embargo/") == 3
    assert "shown only once" in html


def test_a_bad_line_refuses_the_whole_paste(editor_client):
    article = make_article(embargo_until=FUTURE)
    text = "Ana Torres, El Diario, ana@example.org\n, , nobody@example.org\n"
    text += (
        "Bob, Outlet, bob@@example, Europe/Madrid\nCy, Out, cy@example.org, Mars/Base"
    )
    response = paste(editor_client, article, text=text)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Line 2: no name." in html
    assert "Line 3:" in html and "not a valid email address" in html
    assert "Line 4:" in html and "Mars/Base" in html
    assert EmbargoLink.objects.count() == 0


def test_a_single_recipient_is_a_one_line_paste(editor_client):
    article = make_article(embargo_until=FUTURE)
    response = paste(editor_client, article, text="Ana Torres")
    assert response.status_code == 200
    assert EmbargoLink.objects.get().name == "Ana Torres"


def test_only_published_languages_are_offered(editor_client):
    article = make_article(languages=("en", "ru"), published=("ru",))
    html = editor_client.get(links_url(article)).content.decode()
    assert 'name="languages" value="ru"' in html
    assert 'name="languages" value="en"' not in html
    response = paste(editor_client, article, languages=("en",))
    assert response.status_code == 200 and EmbargoLink.objects.count() == 0
    draft = make_article(published=())
    html = editor_client.get(links_url(draft)).content.decode()
    assert "No language of this release is published yet" in html


def test_film_links_offer_every_language(editor_client):
    film = make_film()
    url = reverse("admin:articles_film_embargo_links", args=[film.pk])
    html = editor_client.get(url).content.decode()
    assert all(
        f'name="languages" value="{code}"' in html for code in ("en", "ru", "kk", "es")
    )
    response = editor_client.post(
        url,
        {
            "recipients": "Ana, Diario, ana@example.org",
            "languages": ["es", "en"],
            "expires_on": timezone.localdate().isoformat(),
            "deliver": "show",
        },
    )
    assert response.status_code == 200
    link = EmbargoLink.objects.get()
    assert link.film == film and link.languages == ["en", "es"]


def test_mail_is_not_offered_without_a_mail_server(editor_client, settings):
    settings.MAIL_CONFIGURED = False
    article = make_article(embargo_until=FUTURE)
    html = editor_client.get(links_url(article)).content.decode()
    assert "Create and send by email" not in html
    assert "Create and show links" in html
    response = paste(editor_client, article, deliver="mail")
    assert response.status_code == 200 and EmbargoLink.objects.count() == 0


def test_each_recipient_is_mailed_their_link_in_their_language(
    editor_client, settings, mailoutbox
):
    settings.MAIL_CONFIGURED = True
    article = make_article(
        languages=("en", "ru"), published=("en", "ru"), embargo_until=FUTURE
    )
    html = editor_client.get(links_url(article)).content.decode()
    assert "Create and send by email" in html
    response = paste(
        editor_client,
        article,
        deliver="mail",
        text="Ana, Diario, ana@example.org\nIvan, Kommersant, ivan@example.ru, ru",
        languages=("en", "ru"),
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        token = mail.body.split("/embargo/", 1)[1].split("/", 1)[0]
        link = EmbargoLink.objects.get(email=mail.to[0])
        assert token_hash(token) == link.token_hash  # their own link
        language = "ru" if link.name == "Ivan" else "en"
        assert link.languages[0] == language
        assert f"A release [{language}]" in mail.subject  # in their language
        assert link.name in mail.body
    assert not EmbargoLink.objects.filter(sent_at__isnull=True).exists()


# Managing links


def make_links(article, count=2):
    from articles.embargo.links import create_links

    return create_links(
        [{"name": f"R{n}", "email": f"r{n}@example.org"} for n in range(count)],
        article=article,
        languages=["en"],
        expires_at=FUTURE,
        user=None,
    )


def link_action(client, action, links, **data):
    return client.post(
        reverse("admin:articles_embargolink_changelist"),
        {"action": action, "_selected_action": [link.pk for link in links], **data},
    )


def test_revoke_extend_and_reissue(editor_client):
    article = make_article(embargo_until=FUTURE)
    (first, old_token), (second, _token) = make_links(article)

    response = link_action(editor_client, "revoke_links", [first])
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert EmbargoLink.objects.by_token(old_token) is None

    response = link_action(editor_client, "extend_links", [second])
    assert response.status_code == 200  # the form asks by how much
    response = link_action(editor_client, "extend_links", [second], days="7", apply="1")
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.expires_at == FUTURE + datetime.timedelta(days=7)

    old_hash = second.token_hash
    response = link_action(editor_client, "reissue_links", [second], deliver="show")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    second.refresh_from_db()
    assert second.token_hash != old_hash
    assert not EmbargoLink.objects.filter(token_hash=old_hash).exists()
    new_token = response.content.decode().split("/embargo/", 1)[1].split("/", 1)[0]
    assert token_hash(new_token) == second.token_hash


def test_link_list_never_shows_a_token(editor_client):
    article = make_article(embargo_until=FUTURE)
    made = make_links(article)
    html = editor_client.get(
        reverse("admin:articles_embargolink_changelist")
        + f"?article__id__exact={article.pk}&state=usable&q=R1"
    ).content.decode()
    assert "R1" in html
    link, token = made[0]
    page = editor_client.get(
        reverse("admin:articles_embargolink_change", args=[link.pk])
    ).content.decode()
    for shown in (html, page):
        assert token not in shown and link.token_hash not in shown


def test_translator_cannot_manage_links(translator_client):
    article = make_article(embargo_until=FUTURE)
    make_links(article)
    url = reverse("admin:articles_embargolink_changelist")
    assert translator_client.get(url).status_code == 403
    url = reverse("admin:articles_embargolinkuse_changelist")
    assert translator_client.get(url).status_code == 403


# The log of uses


def test_release_page_counts_links_and_uses_and_links_the_log(editor_client):
    article = make_article(embargo_until=FUTURE)
    made = make_links(article, 3)
    for link, _token in made:
        EmbargoLinkUse.objects.create(
            link=link, article=article, kind="page", path="/x/", language="en",
            address="192.0.2.1",
        )  # fmt: skip
    html = editor_client.get(change_url(article)).content.decode()
    assert "3 usable" in html and "3 uses" in html and "see log" in html
    log = editor_client.get(
        reverse("admin:articles_embargolinkuse_changelist")
        + f"?article__id__exact={article.pk}&kind=page"
    )
    assert log.status_code == 200
    text = log.content.decode()
    assert "R2" in text and "192.0.2.1" in text
    assert reverse("admin:articles_embargolinkuse_add") not in text
