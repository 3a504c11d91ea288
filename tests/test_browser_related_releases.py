"""A film page with many releases in a real browser: "All N press releases",
then the paginated list, forward and back with the keyboard alone."""

import re

import pytest

from articles.views import RELEASES_PER_PAGE

from . import test_browser
from .test_related_releases import about

pytestmark = test_browser.pytestmark
browser_page = test_browser.browser_page


def focus_and_press(page, selector):
    """Tab until the link has the focus, as a keyboard user does; then Enter."""
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(selector) => document.activeElement === document.querySelector(selector)",
            selector,
        ):
            page.keyboard.press("Enter")
            return
    pytest.fail(f"{selector} never had the focus")


def test_film_page_leads_to_all_its_releases_page_by_page(browser_page, live_server):
    count = 2 * RELEASES_PER_PAGE + 3
    film, _person, _event = about(count)
    page = browser_page
    page.goto(f"{live_server.url}{film.get_absolute_url()}")
    link = page.get_by_role("link", name=f"All {count} press releases")
    assert link.is_visible()

    focus_and_press(page, f'a[href="/en/films/{film.slug}/releases/"]')
    page.wait_for_url(re.compile(rf"/en/films/{film.slug}/releases/$"))
    assert (
        page.get_by_role("heading", level=1).inner_text().startswith("Press releases")
    )
    assert page.locator("nav.breadcrumb [aria-current=page]").count() == 1
    assert page.locator("article.release-item").count() == RELEASES_PER_PAGE
    assert "Page 1 of 3" in page.locator("nav.pagination").inner_text()

    focus_and_press(page, "nav.pagination a[rel=next]")
    page.wait_for_url(re.compile(r"\?page=2$"))
    assert "Page 2 of 3" in page.locator("nav.pagination").inner_text()
    focus_and_press(page, "nav.pagination a[rel=next]")
    page.wait_for_url(re.compile(r"\?page=3$"))
    assert page.locator("article.release-item").count() == 3
    assert page.locator("nav.pagination a[rel=next]").count() == 0

    focus_and_press(page, "nav.pagination a[rel=prev]")
    page.wait_for_url(re.compile(r"\?page=2$"))
    assert "Page 2 of 3" in page.locator("nav.pagination").inner_text()
    # The way back to the film, by its breadcrumb.
    focus_and_press(page, f'nav.breadcrumb a[href="{film.get_absolute_url()}"]')
    page.wait_for_url(re.compile(rf"/en/films/{film.slug}/$"))
