"""Staff sessions: they end after the stated idle time, logging out ends them
on the server, and a form posted after the end comes back after a new login
with what was typed (articles/kept_forms.py)."""

import datetime

import lxml.html
import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import history
from articles.kept_forms import LIMIT, SESSION_KEY, typed_texts
from articles.models import Article, Paragraph

from .admin_forms import change_form_data
from .factories import make_article
from .test_admin import change_url, make_staff

pytestmark = pytest.mark.django_db


def log_in(client, username, next_url):
    """Through the login form, as a person does (axes sees the request)."""
    response = client.post(
        f"{reverse('admin:login')}?next={next_url}",
        {"username": username, "password": f"pw-{username}"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == next_url
    return response


def session_ends(client):
    """The session ends on the server, as it does after the idle time."""
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )


def post_form_of(response, css_class):
    """The named form of a page as a browser posts it: (action, data)."""
    page = lxml.html.fromstring(response.content.decode())
    form = page.find_class(css_class)[0]
    data = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return form.get("action"), data


@pytest.fixture
def editor(client):
    make_staff("ed", "Editors")
    log_in(client, "ed", reverse("admin:index"))
    return client


@pytest.fixture
def release():
    with history.release_revision(None, "created") as revision:
        revision.article = make_article(
            title="Long text", paragraphs=2, languages=("en", "ru")
        )
    return revision.article


# Idle time and logout


def test_sessions_end_after_the_stated_idle_time(editor):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    session = Session.objects.get(session_key=editor.session.session_key)
    # A request a minute before the end starts the count again.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert editor.get(reverse("admin:index")).status_code == 200
    renewed = Session.objects.get(pk=session.pk).expire_date - timezone.now()
    assert (
        datetime.timedelta(hours=7, minutes=59) < renewed <= datetime.timedelta(hours=8)
    )
    # Past the end the admin asks for a login again.
    session_ends(editor)
    response = editor.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_idle_time_comes_from_the_environment(tmp_path):
    from .test_settings import PRODUCTION, manage

    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    env = {
        **PRODUCTION,
        "PRESSROOM_VAR_DIR": str(tmp_path),
        "SESSION_IDLE_MINUTES": "30",
    }
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.stdout.split() == ["1800"], result.stderr


def test_logging_out_ends_the_session_on_the_server(editor):
    key = editor.session.session_key
    assert editor.post(reverse("admin:logout")).status_code == 200
    assert not Session.objects.filter(session_key=key).exists()
    # The old cookie, sent again, opens nothing.
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = key
    response = stolen.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# A form posted after the session ended


def test_a_change_form_posted_after_the_end_is_kept_through_the_login(editor, release):
    url = change_url(release)
    data = change_form_data(editor.get(url))
    data["title_ru"] = "Долгий текст"
    data["paragraphs-1-text_en"] = "An hour of writing,\nin two lines."
    session_ends(editor)

    response = editor.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"
    assert Article.objects.get(pk=release.pk).title_ru == "Long text [ru]"
    login_page = editor.get(response["Location"]).content.decode()
    assert "Your session had expired, so nothing was saved." in login_page

    log_in(editor, "ed", url)
    offered = editor.get(url)
    assert offered.status_code == 200
    html = offered.content.decode()
    assert "what you typed is below" in html
    assert "Долгий текст" in html
    assert "An hour of writing,<br>in two lines." in html
    assert [label for label, _text in offered.context["texts"]] == [
        "Title [ru]",
        "Text [en], row 2",
    ]
    # Nothing is written until the person says so.
    assert Article.objects.get(pk=release.pk).title_ru == "Long text [ru]"

    action, kept = post_form_of(offered, "kept-form-save")
    assert action == url
    saved = editor.post(action, kept)
    assert saved.status_code == 302
    article = Article.objects.get(pk=release.pk)
    assert article.title_ru == "Долгий текст"
    second = article.paragraphs.order_by("position")[1]
    assert second.text_en.replace("\r\n", "\n") == "An hour of writing,\nin two lines."
    # Offered once: the page is the change form again.
    assert "kept-form-save" not in editor.get(url).content.decode()
    assert SESSION_KEY not in editor.session or not editor.session[SESSION_KEY]


def test_a_kept_form_still_keeps_what_others_saved_meanwhile(editor, release):
    url = change_url(release)
    data = change_form_data(editor.get(url))
    data["title_ru"] = "Мой заголовок"
    session_ends(editor)
    editor.post(url, data)
    # Meanwhile someone else changes the same title.
    other = Client()
    other.force_login(make_staff("olga", "Editors"))
    theirs = change_form_data(other.get(url))
    theirs["title_ru"] = "Их заголовок"
    assert other.post(url, theirs).status_code == 302

    log_in(editor, "ed", url)
    action, kept = post_form_of(editor.get(url), "kept-form-save")
    response = editor.post(action, kept)
    # Refused, naming who; the person's text is in the form to save again.
    assert response.status_code == 200
    html = response.content.decode()
    assert "was changed by olga" in html
    assert 'value="Мой заголовок"' in html
    assert Article.objects.get(pk=release.pk).title_ru == "Их заголовок"


def test_a_kept_form_can_be_discarded(editor, release):
    url = change_url(release)
    data = change_form_data(editor.get(url))
    data["title_ru"] = "Черновик"
    session_ends(editor)
    editor.post(url, data)
    log_in(editor, "ed", url)
    action, discard = post_form_of(editor.get(url), "kept-form-discard")
    response = editor.post(action, discard)
    assert response.status_code == 302 and response["Location"] == url
    page = editor.get(url).content.decode()
    assert "What was kept has been discarded." in page
    assert "kept-form-save" not in page
    assert Article.objects.get(pk=release.pk).title_ru == "Long text [ru]"


def test_the_translation_screen_is_kept_too(editor, release):
    url = reverse("admin:articles_article_translate", args=[release.pk, "ru"])
    page = editor.get(url)
    form = page.context["form"]
    data = {
        name: form[name].value() or ""
        for name in form.fields
        if not name.startswith("confirm-")
    }
    first = release.paragraphs.order_by("position")[0]
    data[f"paragraph-{first.pk}"] = "Перевод, набранный за час."
    session_ends(editor)
    assert editor.post(url, data).status_code == 302

    log_in(editor, "ed", url)
    offered = editor.get(url)
    assert "Перевод, набранный за час." in offered.content.decode()
    assert len(offered.context["texts"]) == 1
    action, kept = post_form_of(offered, "kept-form-save")
    assert editor.post(action, kept).status_code == 302
    assert Paragraph.objects.get(pk=first.pk).text_ru == "Перевод, набранный за час."


def test_a_new_release_on_the_add_page_is_kept(editor):
    add = reverse("admin:articles_article_add")
    data = change_form_data(editor.get(add))
    data["title_en"] = "Written before lunch"
    session_ends(editor)
    editor.post(add, data)
    log_in(editor, "ed", add)
    offered = editor.get(add)
    assert ("Title [en]", "Written before lunch") in offered.context["texts"]
    action, kept = post_form_of(offered, "kept-form-save")
    assert editor.post(action, kept).status_code == 302
    assert Article.objects.filter(title_en="Written before lunch").exists()


def test_a_forged_post_is_not_kept(release):
    """Only a POST that passed the CSRF check is kept: a page elsewhere cannot
    plant text for someone to save after their next login."""
    forger = Client(enforce_csrf_checks=True)
    response = forger.post(change_url(release), {"title_en": "Planted"})
    assert response.status_code == 403
    assert SESSION_KEY not in forger.session


def test_a_post_from_a_browser_that_had_no_session_is_not_kept(release):
    stranger = Client()
    response = stranger.post(change_url(release), {"title_en": "Hello"})
    assert response.status_code == 302
    assert not Session.objects.exists()


def test_other_admin_posts_are_not_kept(editor):
    user = make_staff("target")
    session_ends(editor)
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = editor.post(url, {"password1": "new-secret-1", "password2": "x"})
    assert response.status_code == 302
    assert SESSION_KEY not in editor.session


def test_files_and_oversized_posts(editor, release):
    url = change_url(release)
    data = change_form_data(editor.get(url))
    session_ends(editor)
    too_long = {**data, "summary_en": "x" * (LIMIT + 1)}
    response = editor.post(url, too_long)
    assert response.status_code == 302
    assert SESSION_KEY not in editor.session
    page = editor.get(response["Location"]).content.decode()
    assert "what you sent could not be kept" in page


def test_what_differs_is_listed_with_its_label():
    html = """<form method="post">
      <label for="id_title_ru">Title [ru]:</label>
      <input id="id_title_ru" name="title_ru" value="Старый">
      <label for="id_summary_ru">Summary [ru]:</label>
      <textarea id="id_summary_ru" name="summary_ru">
Same text</textarea>
      <input type="hidden" name="edit_base" value="{}">
      <select name="film"><option value="1" selected>One</option></select>
      <label for="id_paragraphs-__prefix__-text_ru">Text [ru]:</label>
      <textarea id="id_paragraphs-__prefix__-text_ru"
                name="paragraphs-__prefix__-text_ru"></textarea>
    </form>"""
    fields = [
        ("title_ru", "Новый"),
        ("summary_ru", "Same text\r\n"),
        ("edit_base", "changed"),
        ("film", "2"),
        ("paragraphs-3-text_ru", "Новый абзац"),
    ]
    assert typed_texts(html, fields) == [
        ("Title [ru]", "Новый"),
        ("Text [ru], row 4", "Новый абзац"),
    ]


def test_an_anonymous_reader_never_touches_the_session_store(client):
    """Sessions are saved on every request, but only sessions that exist: a
    reader without a session cookie reads public pages without one being
    read, made or saved, and without a cookie set (pages stay shared)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article(languages=("en",), published=("en",))
    paths = ["/en/", "/en/releases/", article.get_absolute_url(), "/en/events/"]
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        assert settings.SESSION_COOKIE_NAME not in response.cookies, path
        assert "Cookie" not in response.get("Vary", ""), path
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        assert "django_session" not in sql, path
    assert not Session.objects.exists()
