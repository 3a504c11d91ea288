"""A release full of hostile text (tests.payloads) in Debian's Chromium: every
public page and every admin page of it loads without running any of it. The
browser fixture fails the test on any dialog (an alert that ran), any console
error (a Content Security Policy violation, which an injected script that
slipped through would cause) and any script error."""

import pytest
from django.urls import reverse

from articles import history

from . import test_browser
from .payloads import PAYLOAD, make_hostile_release, public_pages
from .test_admin import make_staff
from .test_payloads_escaped import admin_pages, revision_pages

pytestmark = [
    pytest.mark.skipif(
        not test_browser.CHROMIUM.exists(),
        reason="/usr/bin/chromium is missing (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]

browser_page = test_browser.browser_page


def visit(page, live_server, url):
    response = page.goto(f"{live_server.url}{url}")
    assert response.status == 200, url
    page.wait_for_load_state("load")
    # The payload is on the page, as text.
    assert "xss-" in page.content(), f"{url} shows no payload"


def test_no_payload_runs_on_any_public_page(browser_page, live_server):
    page = browser_page
    article = make_hostile_release()
    urls = public_pages(article)
    assert len(urls) == 4 * 9
    for url in urls:
        visit(page, live_server, url)
    # Hover and focus everything a payload might have hooked into.
    page.goto(f"{live_server.url}/kk/releases/{article.slug}/")
    for element in page.locator("main a, main h1, main p, main img").all()[:40]:
        if element.is_visible():
            element.hover()
    title = page.title()
    assert "<script>" in title  # the title holds the text, not markup


def test_no_payload_runs_on_any_admin_page(browser_page, live_server):
    page = browser_page
    user = make_staff("root", superuser=True)
    article = make_hostile_release(user)
    test_browser.log_in(page, live_server, "root")
    for url in admin_pages(article) + revision_pages(article):
        visit(page, live_server, url)

    # The change page: switch through the language tabs, then save it as it
    # stands; every text comes back exactly as it was.
    change = reverse("admin:articles_article_change", args=[article.pk])
    page.goto(f"{live_server.url}{change}")
    for code in ("RU", "KK", "ES", "EN"):
        page.locator(".ui-tabs-nav a", has_text=code).first.click()
    before = {
        code: (getattr(article, f"title_{code}"), getattr(article, f"summary_{code}"))
        for code in ("en", "ru", "kk", "es")
    }
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    after = {
        code: (getattr(article, f"title_{code}"), getattr(article, f"summary_{code}"))
        for code in ("en", "ru", "kk", "es")
    }
    assert after == before
    assert PAYLOAD in article.summary_ru

    # The history now lists that save too, and its page still runs nothing.
    visit(
        page, live_server, reverse("admin:articles_article_history", args=[article.pk])
    )
    assert history.versions_of(article).count() >= 2


def test_the_browser_checks_see_a_violation_and_a_dialog(live_server):
    """The checks every browser test relies on do catch what they look for:
    markup added to a public page breaks its policy, and an alert shows."""
    from playwright.sync_api import sync_playwright

    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(test_browser.CHROMIUM), args=test_browser.ARGS
        )
        context = browser.new_context()
        test_browser.watch(context, problems)
        page = context.new_page()
        page.goto(f"{live_server.url}/en/events/")
        page.evaluate(
            "document.body.insertAdjacentHTML('beforeend',"
            " '<p style=\"color: red\">styled</p>')"
        )
        page.evaluate("alert('a test dialog')")
        page.wait_for_timeout(200)
        browser.close()
    assert any("Content Security Policy" in problem for problem in problems), problems
    assert any("a test dialog" in problem for problem in problems), problems
