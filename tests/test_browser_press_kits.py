"""A journalist downloads press kits from the public pages in Chromium, unzips
them with the system's own tool, and downloads again after an editor's change
(see test_browser for the checks every browser test runs)."""

import shutil
import subprocess
import zipfile

import pytest

from articles import publishing
from articles.models import FilmImage

from . import test_browser
from .factories import make_article, make_film, make_image
from .test_press_kits import run_worker

pytestmark = [
    pytest.mark.skipif(
        not test_browser.CHROMIUM.exists(),
        reason="/usr/bin/chromium is missing (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]

browser_page = test_browser.browser_page


def downloaded(page, link_name, tmp_path):
    with page.expect_download() as downloading:
        page.locator(".press-kit").get_by_role("link", name=link_name).click()
    download = downloading.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    if shutil.which("unzip"):
        tested = subprocess.run(["unzip", "-t", str(path)], capture_output=True)
        assert tested.returncode == 0, tested.stdout
    return download.suggested_filename, zipfile.ZipFile(path)


def test_a_journalist_downloads_kits_and_gets_the_new_text_after_a_change(
    browser_page, live_server, tmp_path
):
    page = browser_page
    film = make_film(title="Salt Lake", title_ru="Солёное озеро")
    film.poster = make_image(caption_en="The poster.", caption_ru="Постер.")
    film.save()
    FilmImage.objects.create(film=film, image=make_image(caption_en="Still."))
    release = make_article(
        title="Salt Lake wins", paragraphs=2, languages=("en", "ru"),
        published=(), film=film,
    )  # fmt: skip
    for language in ("en", "ru"):
        publishing.publish(release.pk, language, None)
    run_worker()

    page.goto(f"{live_server.url}/ru/films/{film.slug}/")
    block = page.locator(".press-kit")
    assert "ZIP" in block.inner_text()
    name, kit = downloaded(page, "Русский", tmp_path)
    assert name == "press-kit-salt-lake-ru.zip"
    russian = kit.read(f"release-{release.slug}.html").decode()
    assert "Salt Lake wins [ru]" in russian and "Paragraph 1 [ru]." in russian
    assert "Постер." in kit.read("captions-and-credits.txt").decode()

    name, everything = downloaded(page, "Все языки", tmp_path)
    folders = {entry.split("/")[0] for entry in everything.namelist() if "/" in entry}
    assert folders == {"en", "ru", "kk", "es"}

    # An editor rewrites the Russian first paragraph; the worker rebuilds.
    paragraph = release.paragraphs.get(position=1)
    paragraph.text_ru = "Жюри единогласно выбрало «Солёное озеро»."
    paragraph.save()
    run_worker()
    page.goto(f"{live_server.url}/ru/releases/{release.slug}/")
    name, kit = downloaded(page, "Русский", tmp_path)
    assert name == f"press-kit-{release.slug}-ru.zip"
    text = kit.read(f"release-{release.slug}.txt").decode()
    assert "Жюри единогласно выбрало «Солёное озеро»." in text
    assert "Paragraph 1 [ru]." not in text
