"""A journalist with a personal embargo link, in Chromium: the link's page,
the release with its banner and images, the press kit and the PDF, and the
same link after the moment (see test_browser for the checks every browser
test runs)."""

import zipfile

import pytest
from django.utils import timezone

from . import test_browser
from .embargo_world import TITLE, build_world, link_for
from .test_press_kits import run_worker

pytestmark = [
    pytest.mark.skipif(
        not test_browser.CHROMIUM.exists(),
        reason="/usr/bin/chromium is missing (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]

browser_page = test_browser.browser_page


def test_a_journalist_reads_and_downloads_an_embargoed_release_through_a_link(
    browser_page, browser_problems, live_server, tmp_path
):
    page = browser_page
    world = build_world()
    world.release.embargo_event = world.event
    world.release.embargo_offset = 30
    world.release.save()
    _link, token = link_for(world, languages=("en", "ru"))
    run_worker()

    # The public site knows nothing of it.
    browser_problems.expect("404")
    response = page.goto(f"{live_server.url}/en/releases/{world.release.slug}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/en/releases/")
    assert TITLE not in page.content()

    page.goto(f"{live_server.url}/embargo/{token}/")
    assert page.url.endswith(f"/embargo/{token}/en/")
    assert "A personal link for Marta Gil (Diario)" in page.inner_text("main")
    page.get_by_role("link", name=f"{TITLE} [en]").click()
    main = page.inner_text("main")
    assert "Embargoed until" in main
    assert "Do not publish before then" in main
    # Its images load (under the link), none is broken.
    assert page.locator("main img").count() >= 2
    page.keyboard.press("End")  # the gallery loads lazily
    page.wait_for_function(
        "() => [...document.querySelectorAll('main img')]"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    # The Russian version through the language switcher stays under the link.
    page.locator(".language-switcher").get_by_role("link", name="Русский").click()
    assert f"/embargo/{token}/ru/releases/" in page.url
    assert "Эмбарго до " in page.inner_text("main")

    with page.expect_download() as downloading:
        page.locator(".press-kit").get_by_role("link").first.click()
    path = tmp_path / downloading.value.suggested_filename
    downloading.value.save_as(path)
    kit = zipfile.ZipFile(path)
    assert any(world.release.slug in name for name in kit.namelist())
    # Documents are written with the site's addresses: the token is in none.
    for name in kit.namelist():
        assert token.encode() not in kit.read(name), name
        assert b"/embargo/" not in kit.read(name), name


def test_after_the_moment_the_link_leads_to_the_public_page(browser_page, live_server):
    page = browser_page
    world = build_world()
    world.release.embargo_until = timezone.now() + timezone.timedelta(hours=1)
    world.release.save()
    _link, token = link_for(world)
    page.goto(f"{live_server.url}/embargo/{token}/en/releases/{world.release.slug}/")
    assert "Embargoed until" in page.inner_text("main")
    world.release.embargo_until = timezone.now() - timezone.timedelta(minutes=1)
    world.release.save()
    page.reload()
    assert page.url == f"{live_server.url}/en/releases/{world.release.slug}/"
    assert "Embargoed" not in page.inner_text("main")
