"""Logins and sessions in a real browser: a form saved after the session
ended comes back after the next login with what was typed, and a login
locked by wrong passwords says so in the browser's language."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from articles.models import Article

from .test_browser import (
    CHROMIUM,
    browser_page,  # noqa: F401 -- a fixture
    log_in_as_demo_editor,
)

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is missing (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_a_form_saved_after_the_session_ended_comes_back_after_login(
    browser_page,  # noqa: F811 -- the fixture imported above
    live_server,
):
    page = browser_page
    log_in_as_demo_editor(page, live_server)
    article = Article.objects.get(slug="la-tregua-premieres-in-san-sebastian")
    count = article.paragraphs.count()
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    page.goto(url)
    page.click("#paragraphs-group .add-row a")
    page.fill(
        f"#id_paragraphs-{count}-text_en",
        "A long paragraph written while the session ran out.\nIn two lines.",
    )
    page.locator(".ui-tabs-nav a", has_text="RU").first.click()
    page.fill("#id_title_ru", "«Перемирие»: премьера, которую не забудут")

    # The idle time passes while the editor is still typing.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r"/admin/login/\?next="))
    assert "What you typed is kept" in page.locator(".messagelist").inner_text()

    password = (settings.VAR_DIR / "demo-editor-password").read_text().strip()
    page.fill("#id_username", "editor")
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector(".kept-texts")
    kept = page.locator(".kept-texts").inner_text()
    assert "«Перемирие»: премьера, которую не забудут" in kept
    assert "A long paragraph written while the session ran out.\nIn two lines." in kept
    assert article.paragraphs.count() == count  # nothing written yet

    page.click("input[type=submit][value='Save it again']")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.title_ru == "«Перемирие»: премьера, которую не забудут"
    last = article.paragraphs.order_by("position").last()
    assert last.text_en.replace("\r\n", "\n") == (
        "A long paragraph written while the session ran out.\nIn two lines."
    )


def test_a_locked_login_says_so_in_the_browsers_language(
    browser_page,  # noqa: F811 -- the fixture imported above
    browser_problems,
    live_server,
):
    browser_problems.expect("status of 429 (Too Many Requests)")
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("ed", password="right-pass-1", is_staff=True)
    page = browser_page
    page.set_extra_http_headers({"Accept-Language": "ru"})

    def log_in(password):
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "ed")
        page.fill("#id_password", password)
        page.click("input[type=submit]")

    for attempt in range(5):
        log_in(f"wrong-{attempt}")
    assert page.locator("html").get_attribute("lang") == "ru"
    notice = page.locator(".errornote").inner_text()
    log_in("right-pass-1")  # refused while the lock lasts
    assert page.locator(".errornote").inner_text() == notice
    assert "15" in notice
