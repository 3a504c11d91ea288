"""An editor embargoes a new release until a premiere + 30 min and makes
personal links for two journalists, in Debian's Chromium driven by Playwright
(see test_browser)."""

import datetime

import pytest

from articles.models import Article, EmbargoLink, Event
from articles.models.embargo import token_hash

from . import test_browser
from .factories import make_film
from .test_admin import make_staff

pytestmark = [
    pytest.mark.skipif(
        not test_browser.CHROMIUM.exists(),
        reason="/usr/bin/chromium is missing (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]

# The same browser and the same checks (no request leaves the site).
browser_page = test_browser.browser_page

PASTE = (
    "Ana Torres\tEl Diario\tana@example.org\tEurope/Madrid\n"
    "Иван Петров; Коммерсантъ; ivan@example.ru; Asia/Almaty"
)


def choose(page, field, search, option):
    """Pick ``option`` in the form's select2 autocomplete ``field``."""
    page.locator(f".field-{field} .select2-selection").first.click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).click()


def test_editor_embargoes_a_release_and_makes_two_links(browser_page, live_server):
    page, site = browser_page, live_server.url
    film = make_film("La Tregua")
    Event.objects.create(
        film=film,
        kind=Event.Kind.PREMIERE,
        title_en="World premiere",
        date=datetime.date(2100, 9, 26),
        time=datetime.time(21, 0),
        time_zone="Europe/Madrid",
    )
    make_staff("ed", "Editors")
    test_browser.log_in(page, live_server, "ed")

    # A new release with two paragraphs, held until the premiere + 30 min.
    page.goto(f"{site}/admin/articles/article/add/")
    page.fill("#id_title_en", "La Tregua premieres in San Sebastián")
    for index, text in enumerate(("The premiere was sold out.", "A second text.")):
        page.get_by_role("button", name="Add another Paragraph").click()
        page.fill(f"#id_paragraphs-{index}-text_en", text)
    choose(page, "film", "Tregua", "La Tregua")
    choose(page, "embargo_event", "premiere", "World premiere")
    page.fill("#id_embargo_offset", "30")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get()
    assert article.embargo_event.title_en == "World premiere"
    assert "World premiere + 30 min" in page.locator(".embargo-text").inner_text()

    # English is published, and still held back by the embargo.
    page.click("button:has-text('Save and publish en')")
    page.wait_for_selector(".messagelist .success")
    assert article not in Article.objects.public("en")
    page.goto(f"{site}/admin/articles/article/")
    row = page.locator("#result_list tbody tr").first
    assert "embargoed" in row.locator(".field-status_display").inner_text().lower()
    assert "World premiere + 30 min" in row.inner_text()

    # Two links from a pasted list, shown once.
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="New personal links").click()
    page.fill("#id_recipients", PASTE)
    page.get_by_label("English").check()
    page.get_by_role("button", name="Create and show links").click()
    page.wait_for_selector("table.embargo-links-shown")
    addresses = page.locator("tr.embargo-link input").evaluate_all(
        "fields => fields.map(field => field.value)"
    )
    assert len(addresses) == 2
    assert page.locator("tr.embargo-link").nth(1).inner_text().startswith("Иван")
    tokens = [address.rstrip("/").rsplit("/", 1)[1] for address in addresses]
    assert sorted(token_hash(token) for token in tokens) == sorted(
        EmbargoLink.objects.filter(article=article).values_list("token_hash", flat=True)
    )
