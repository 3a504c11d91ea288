"""Two people on one release at the same time, each in their own browser
context (own cookies) in Debian's Chromium driven by Playwright (see
test_browser): an editor on the change page, a translator on the translation
screen. Different fields both survive; the same field changed by both is
refused with the person's own text kept; the language panel's publish button
saves what was typed first."""

import os

import pytest
from django.contrib.auth.models import Group
from django.db import connections
from django.utils import formats, timezone

from articles import history
from articles.models import Article, Translator
from articles.translation_state import CURRENT, state

from . import test_browser
from .factories import make_article
from .test_admin import make_staff

pytestmark = [
    pytest.mark.skipif(
        not test_browser.CHROMIUM.exists(),
        reason="/usr/bin/chromium is missing (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]

SAVE_AND_CONTINUE = "input[name=_continue]"
SUCCESS = ".messagelist .success"

# The editor's and the translator's own words.
NEW_TITLE_EN = "The Salt Road premieres at the Karaganda Film Days"
PARAGRAPH_RU = (
    "Съёмки «Соляной дороги» шли три месяца на берегах озера Балхаш, "
    "в основном на рассвете."
)
TRANSLATORS_TITLE_RU = "Премьера «Соляной дороги» на Днях кино в Караганде"
EDITORS_TITLE_RU = "«Соляная дорога» впервые покажут в Караганде"
SUBTITLE_EN = "A road movie about the last salt caravan of the steppe"
SUBTITLE_RU = "Роуд-муви о последнем соляном караване степи"


@pytest.fixture
def two_pages(live_server):
    """Two pages in one browser, each in its own context: two people, two
    sets of cookies. As in ``test_browser.browser_page``, no request may leave
    the site, and no page may report a console error (a Content Security
    Policy violation is one), a script error or a dialog."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own
    # ORM calls are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    outside = []
    problems = []

    def note_outside(request):
        if not request.url.startswith((live_server.url, "data:")):
            outside.append(request.url)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(test_browser.CHROMIUM), args=test_browser.ARGS
        )
        pages = []
        for _person in range(2):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.on("request", note_outside)
            test_browser.watch(context, problems)
            page = context.new_page()
            page.set_default_timeout(15000)
            pages.append(page)
        yield pages
        # ORM calls made while Playwright's loop runs use their own connection;
        # close it here, or PostgreSQL cannot drop the test database.
        connections.close_all()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    assert not outside, f"requests outside the site: {outside}"
    test_browser.assert_no_problems(problems)


def release_with_a_first_revision():
    """English and Russian, public in English only, with a first revision."""
    with history.release_revision(None, "created") as revision:
        revision.article = make_article(
            title="The Salt Road",
            paragraphs=3,
            languages=("en", "ru"),
            published=("en",),
        )
    return revision.article


def publish_button(page, language):
    return page.get_by_role("button", name=f"Save and publish {language}", exact=True)


def test_an_editor_and_a_translator_on_one_release_at_once(two_pages, live_server):
    editor_page, translator_page = two_pages
    site = live_server.url
    # Nothing yet but the two groups the migrations make.
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Editors",
        "Translators",
    }
    assert not Article.objects.exists()
    editor = make_staff("saule-editor", "Editors")
    translator = make_staff("marat-translator", "Translators")
    Translator.objects.create(user=translator, languages=["ru"])
    release = release_with_a_first_revision()
    paragraph = release.paragraphs.get(position=2)
    change_url = f"{site}/admin/articles/article/{release.pk}/change/"
    translate_url = f"{site}/admin/articles/article/{release.pk}/translate/ru/"
    test_browser.log_in(editor_page, live_server, editor.username)
    test_browser.log_in(translator_page, live_server, translator.username)

    # 1. Different fields: both open their page, the translator saves first.
    editor_page.goto(change_url)
    translator_page.goto(translate_url)
    assert translator_page.locator("tr.translate-unit").count() == 1 + 3
    translator_page.fill(f"textarea[name=paragraph-{paragraph.pk}]", PARAGRAPH_RU)
    translator_page.get_by_role("button", name="Save translations").click()
    translator_page.wait_for_selector(SUCCESS)
    paragraph.refresh_from_db()
    assert paragraph.text_ru == PARAGRAPH_RU

    # The editor's page still shows the old Russian paragraph; saving the
    # English title does not write it back.
    editor_page.fill("#id_title_en", NEW_TITLE_EN)
    editor_page.click(SAVE_AND_CONTINUE)
    editor_page.wait_for_selector(SUCCESS)
    release.refresh_from_db()
    paragraph.refresh_from_db()
    assert release.title_en == NEW_TITLE_EN
    assert release.title_ru == "The Salt Road [ru]"
    assert paragraph.text_ru == PARAGRAPH_RU
    assert state(paragraph, "text", "ru") == CURRENT

    # 2. The same field: the Russian title, the translator first.
    editor_page.goto(change_url)
    translator_page.goto(translate_url)
    translator_page.fill("textarea[name=article-title]", TRANSLATORS_TITLE_RU)
    translator_page.get_by_role("button", name="Save translations").click()
    translator_page.wait_for_selector(SUCCESS)
    release.refresh_from_db()
    assert release.title_ru == TRANSLATORS_TITLE_RU

    editor_page.click("a[href='#tab_id_title_ru']")
    editor_page.fill("#id_title_ru", EDITORS_TITLE_RU)
    editor_page.click(SAVE_AND_CONTINUE)
    error = editor_page.locator(".errorlist", has_text="after you opened this page")
    error.wait_for()
    revision = (
        history.versions_of(release).filter(revision__user=translator).first().revision
    )
    when = formats.date_format(
        timezone.localtime(revision.date_created), "DATETIME_FORMAT"
    )
    assert (
        f"was changed by {translator.username} at {when}, after you opened this "
        "page. Your text is kept here"
    ) in error.inner_text()
    assert error.is_visible()  # modeltranslation opens the tab with the error
    assert editor_page.locator("#id_title_ru").input_value() == EDITORS_TITLE_RU
    assert not editor_page.locator(SUCCESS).count()
    release.refresh_from_db()
    assert release.title_ru == TRANSLATORS_TITLE_RU
    assert release.title_en == NEW_TITLE_EN

    # Seen: saving again keeps the editor's text.
    editor_page.click(SAVE_AND_CONTINUE)
    editor_page.wait_for_selector(SUCCESS)
    release.refresh_from_db()
    assert release.title_ru == EDITORS_TITLE_RU
    paragraph.refresh_from_db()
    assert paragraph.text_ru == PARAGRAPH_RU

    # 3. Russian goes public from the language panel, with the editor's title.
    assert "ru" not in release.public_languages()
    publish_button(editor_page, "ru").click()
    editor_page.wait_for_selector(f"{SUCCESS}:has-text('published in Russian')")
    release = Article.objects.get(pk=release.pk)
    assert release.public_languages() == ["en", "ru"]
    response = editor_page.goto(f"{site}/ru/releases/{release.slug}/")
    assert response.status == 200
    assert editor_page.locator("h1").inner_text() == EDITORS_TITLE_RU
    assert PARAGRAPH_RU in editor_page.locator(".release__body").inner_text()


def test_publish_button_never_discards_typed_text(two_pages, live_server):
    page, _other = two_pages
    site = live_server.url
    editor = make_staff("aliya-editor", "Editors")
    release = release_with_a_first_revision()
    change_url = f"{site}/admin/articles/article/{release.pk}/change/"
    test_browser.log_in(page, live_server, editor.username)

    # An English subtitle only, then "Save and publish ru" without saving: the
    # subtitle is saved, but Russian now lacks it, so it stays unpublished.
    page.goto(change_url)
    page.fill("#id_subtitle_en", SUBTITLE_EN)
    publish_button(page, "ru").click()
    page.wait_for_selector(".messagelist .error")
    assert "subtitle" in page.locator(".messagelist .error").inner_text()
    release.refresh_from_db()
    assert release.subtitle_en == SUBTITLE_EN
    assert release.public_languages() == ["en"]
    assert page.locator("#id_subtitle_en").input_value() == SUBTITLE_EN

    # Its Russian, typed on the RU tab, and the same button: saved and public.
    page.click("a[href='#tab_id_subtitle_ru']")
    page.fill("#id_subtitle_ru", SUBTITLE_RU)
    publish_button(page, "ru").click()
    page.wait_for_selector(f"{SUCCESS}:has-text('published in Russian')")
    release.refresh_from_db()
    assert (release.subtitle_en, release.subtitle_ru) == (SUBTITLE_EN, SUBTITLE_RU)
    assert release.public_languages() == ["en", "ru"]
    page.wait_for_selector(
        "tr[data-language=ru] button:text-is('Save and unpublish ru')"
    )

    page.goto(f"{site}/ru/releases/{release.slug}/")
    assert page.locator(".subtitle").inner_text() == SUBTITLE_RU
