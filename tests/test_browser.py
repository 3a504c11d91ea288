"""The editors' admin in a real browser: Debian's Chromium driven by Playwright.

Every browser test fails on a request that leaves the site, a console error
(each Content Security Policy violation is one), a script error or a dialog."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from articles.models import Article

from .browser_problems import Problems

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is missing (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]


def watch(context, problems):
    """Every console error in any page of the browser context (Chromium reports
    each Content Security Policy violation as one), every uncaught script
    error and every dialog is a problem: a test whose pages showed any fails.
    The pages run under the site's real policy; nothing bypasses it."""

    def console(message):
        if message.type == "error":
            where = message.page.url if message.page else "?"
            source = message.location.get("url") or "the page"
            problems.append(f"console error on {where} ({source}): {message.text}")

    def web_error(error):
        where = error.page.url if error.page else "?"
        problems.append(f"script error on {where}: {error.error}")

    def dialog(dialog):
        where = dialog.page.url if dialog.page else "?"
        problems.append(f"{dialog.type} dialog on {where}: {dialog.message}")
        dialog.dismiss()

    context.on("console", console)
    context.on("weberror", web_error)
    context.on("dialog", dialog)


def assert_no_problems(problems):
    if isinstance(problems, Problems):
        problems = problems.unexpected()
    assert not problems, "the browser reported:\n" + "\n".join(problems)


@pytest.fixture
def browser_page(live_server, browser_problems):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own
    # ORM calls are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    outside = []
    problems = browser_problems
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        watch(context, problems)
        context.on(
            "request",
            lambda request: (
                outside.append(request.url)
                if not request.url.startswith((live_server.url, "data:"))
                else None
            ),
        )
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        # ORM calls made while Playwright's loop runs use their own connection;
        # close it here, or PostgreSQL cannot drop the test database.
        connections.close_all()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    assert not outside, f"requests outside the site: {outside}"
    assert_no_problems(problems)


def log_in(page, live_server, username, password=None):
    """The admin's login form, as a person fills it (tests' staff: ``pw-<name>``)."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or f"pw-{username}")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def log_in_as_demo_editor(page, live_server):
    call_command("loaddemo", verbosity=0)
    password = (settings.VAR_DIR / "demo-editor-password").read_text().strip()
    log_in(page, live_server, "editor", password)


def test_editor_switches_tabs_reorders_and_publishes(browser_page, live_server):
    page = browser_page
    log_in_as_demo_editor(page, live_server)
    article = Article.objects.get(slug="la-tregua-premieres-in-san-sebastian")
    first, second = article.paragraphs.order_by("position")[:2]
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

    # Language tabs: the tab script has loaded and switches the title field.
    english_title = page.locator("#id_title_en")
    russian_title = page.locator("#id_title_ru")
    assert english_title.is_visible() and not russian_title.is_visible()
    page.locator(".ui-tabs-nav a", has_text="RU").first.click()
    assert russian_title.is_visible() and not english_title.is_visible()
    assert russian_title.input_value() == article.title_ru

    # Reorder: move the first paragraph down, then save.
    page.locator("#paragraphs-group .inline-related .order-down").first.click()
    assert page.locator("#id_paragraphs-0-position").input_value() == "2"
    assert page.locator("#id_paragraphs-1-position").input_value() == "1"
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    order = list(article.paragraphs.order_by("position").values_list("pk", flat=True))
    assert order[:2] == [second.pk, first.pk]

    # The publish gate names what Kazakh lacks.
    page.click("button:has-text('Save and publish kk')")
    error = page.locator(".messagelist .error").inner_text()
    assert (
        "paragraph" in error
        and "kk" not in Article.objects.get(pk=article.pk).public_languages()
    )

    # Unpublish Spanish, see it gone, publish it again, see it back.
    page.click("button:has-text('Save and unpublish es')")
    page.wait_for_selector(".messagelist .success")
    spanish_url = f"{live_server.url}/es/releases/{article.slug}/"
    assert page.request.get(spanish_url).status == 404
    page.click("button:has-text('Save and publish es')")
    assert "es" in page.locator(".messagelist .success").inner_text()
    response = page.goto(spanish_url)
    assert response.status == 200
    assert page.locator("h1").inner_text() == article.title_es
    # The reordered paragraphs read in their new order on the public page.
    body = page.locator(".release__body").inner_text()
    assert body.index(second.text_es[:40]) < body.index(first.text_es[:40])


def test_editor_previews_an_unpublished_language(browser_page, live_server):
    page = browser_page
    log_in_as_demo_editor(page, live_server)
    article = Article.objects.get(slug="la-tregua-premieres-in-san-sebastian")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    with page.expect_popup() as popup:
        page.locator("tr[data-language=kk] a", has_text="Preview").click()
    preview = popup.value
    preview.wait_for_load_state()
    assert preview.locator("html").get_attribute("lang") == "kk"
    assert preview.locator("h1").inner_text() == article.title_kk
    assert preview.locator(".preview-banner").is_visible()


def test_source_edit_then_translator_brings_russian_up_to_date(
    browser_page, live_server
):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from articles.models import Translator

    page = browser_page
    log_in_as_demo_editor(page, live_server)
    article = Article.objects.get(slug="la-tregua-premieres-in-san-sebastian")
    count = article.paragraphs.count()

    # The editor rewrites the first English paragraph and adds a new one.
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.fill("#id_paragraphs-0-text_en", "The premiere drew a full house of 1,200.")
    page.click("#paragraphs-group .add-row a")
    page.fill(
        f"#id_paragraphs-{count}-text_en", "Tickets for a second screening sold out."
    )
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert article.paragraphs.count() == count + 1

    # A Russian translator sees one stale and one missing unit.
    user = get_user_model().objects.create_user(
        "olga", password="olga-pass-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Translators"))
    Translator.objects.create(user=user, languages=["ru"])
    page.context.clear_cookies()  # a new visitor: the translator
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "olga")
    page.fill("#id_password", "olga-pass-1")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(
        f"{live_server.url}/admin/articles/article/{article.pk}/translate/ru/?only=todo"
    )
    rows = page.locator("tr.translate-unit")
    assert rows.count() == 2
    assert "state-badge--stale" in rows.nth(0).inner_html()
    assert "state-badge--missing" in rows.nth(1).inner_html()
    rows.nth(0).locator("textarea").fill("На премьеру пришли 1200 зрителей.")
    rows.nth(1).locator("textarea").fill("Билеты на второй показ распроданы.")
    page.click("input[type=submit][value]")
    page.wait_for_selector(".messagelist .success")
    assert page.locator("tr.translate-unit").count() == 0

    # The Russian page shows both new texts.
    page.goto(f"{live_server.url}/ru/releases/{article.slug}/")
    body = page.locator(".release__body").inner_text()
    assert "На премьеру пришли 1200 зрителей." in body
    assert "Билеты на второй показ распроданы." in body


def test_json_ld_is_no_script_the_policy_reports(browser_page, live_server):
    """``script-src 'none'`` holds: a JSON-LD data block is not run, so
    Chromium reports no violation (the fixture fails on any)."""
    call_command("loaddemo", verbosity=0)
    release = Article.objects.get(slug="la-tregua-premieres-in-san-sebastian")
    for path in ["/en/", release.get_absolute_url(), "/ru/films/", "/es/press-office/"]:
        browser_page.goto(f"{live_server.url}{path}")
        scripts = browser_page.locator('script[type="application/ld+json"]')
        assert scripts.count() == 1, path
        assert '"@context"' in scripts.inner_text(), path
