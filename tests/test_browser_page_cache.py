"""A visitor reading stored pages while an editor changes the release, each
in their own browser (Debian's Chromium driven by Playwright, see
test_browser): every change shows on the visitor's next load, in every
language the visitor reads, with no one waiting for a cache to expire."""

import pytest

from . import test_browser
from .factories import make_article
from .test_admin import make_staff
from .test_browser_two_people import SAVE_AND_CONTINUE, SUCCESS, two_pages  # noqa: F401

pytestmark = [
    pytest.mark.skipif(
        not test_browser.CHROMIUM.exists(),
        reason="/usr/bin/chromium is missing (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]

NEW_TITLE = "The Salt Road opens the Karaganda Film Days"


def test_a_visitor_sees_each_change_an_editor_saves_on_the_next_load(
    two_pages,  # noqa: F811
    live_server,
):
    editor_page, visitor = two_pages
    site = live_server.url
    editor = make_staff("saule-editor", "Editors")
    release = make_article(
        title="The Salt Road", languages=("en", "ru"), published=("en", "ru")
    )
    english = f"{site}/en/releases/{release.slug}/"
    russian = f"{site}/ru/releases/{release.slug}/"
    listing = f"{site}/en/releases/"
    for _ in range(2):  # the second reading comes from the page cache
        visitor.goto(english)
        visitor.goto(russian)
        visitor.goto(listing)
    assert "The Salt Road [en]" in visitor.inner_text("main")

    test_browser.log_in(editor_page, live_server, editor.username)
    editor_page.goto(f"{site}/admin/articles/article/{release.pk}/change/")
    editor_page.fill("#id_title_en", NEW_TITLE)
    editor_page.click(SAVE_AND_CONTINUE)
    editor_page.wait_for_selector(SUCCESS)

    visitor.goto(listing)
    assert NEW_TITLE in visitor.inner_text("main")
    visitor.goto(english)
    assert visitor.inner_text("h1") == NEW_TITLE

    editor_page.get_by_role("button", name="Save and unpublish ru").click()
    editor_page.wait_for_selector(SUCCESS)
    # Asked by the visitor's browser without opening it (a page answered 404
    # would count as a console error).
    assert visitor.context.request.get(russian).status == 404
    visitor.goto(english)
    # The English page no longer offers its Russian version.
    assert visitor.locator(".language-switcher a[hreflang=ru]").count() == 0
