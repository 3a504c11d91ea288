"""An editor imports a release sent as one Word document per language, in Chromium."""

import pytest

from articles.models import Article

from . import test_browser
from .test_admin import make_staff
from .word_release import PARAGRAPHS, TITLE, language_document, merged, saved

pytestmark = [
    pytest.mark.skipif(
        not test_browser.CHROMIUM.exists(),
        reason="/usr/bin/chromium is missing (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]

browser_page = test_browser.browser_page


def test_editor_imports_english_and_russian_documents(
    browser_page, live_server, tmp_path
):
    page = browser_page
    english = tmp_path / "salt-road.en.docx"
    english.write_bytes(saved(language_document("en")))
    russian = tmp_path / "salt-road.ru.docx"
    russian.write_bytes(saved(language_document("ru", merged(PARAGRAPHS, 0, "ru"))))
    test_browser.log_in(page, live_server, make_staff("dana", "Editors").username)

    page.goto(f"{live_server.url}/admin/articles/article/")
    page.click("text=Import a release (text or Word)")
    page.set_input_files("#id_file", [english, russian])
    page.click("input[type=submit]")
    page.wait_for_selector("text=What was understood")
    assert page.locator("table.import-units tbody tr").count() == len(PARAGRAPHS) - 1
    assert page.locator("text=imported as one paragraph").count() == 1
    assert not Article.objects.exists()

    page.click("text=Create the draft release")
    page.wait_for_selector(".messagelist .success")
    article = Article.objects.get()
    assert article.title_ru == TITLE["ru"]
    first = article.paragraphs.order_by("position").first()
    assert first.text_en == f"{PARAGRAPHS[0][1]['en']} {PARAGRAPHS[1][1]['en']}"
    assert page.url.endswith(f"/admin/articles/article/{article.pk}/change/")
