"""A new editor's first day, from an empty database to a release public in two
languages, and an add page that keeps what was typed when a save fails: both in
Debian's Chromium driven by Playwright (see test_browser)."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Article, Image, Person

from . import test_browser
from .factories import make_article, png_bytes
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

ADD_PAGE = "/admin/articles/article/add/"
PARAGRAPH_ROWS = "#paragraphs-group .inline-related:not(.empty-form)"

SPEAKER_EN, SPEAKER_RU = "Ainur Bekova", "Айнур Бекова"
TITLE = (
    "Winter Orchard opens the Almaty Film Week",
    "«Зимний сад» откроет Алматинскую неделю кино",
)
LEAD = (
    "Winter Orchard, the second feature by Ainur Bekova, opens the Almaty "
    "Film Week on 14 November.",
    "«Зимний сад», второй полнометражный фильм Айнур Бековой, откроет "
    "Алматинскую неделю кино 14 ноября.",
)
HEADING = ("About the film", "О фильме")
QUOTE = (
    "We waited two winters for the apple trees to freeze in the right light.",
    "Мы две зимы ждали, когда яблони замёрзнут в нужном свете.",
)
BODY = (
    "Shot over two years in the Alatau foothills, the film follows three "
    "sisters who keep their late father's orchard.",
    "Фильм два года снимали в предгорьях Алатау: три сестры берегут сад "
    "покойного отца.",
)
CLOSING = (
    "Press screenings are held at the Arman cinema; accreditation closes on "
    "1 November.",
    "Пресс-показы пройдут в кинотеатре «Арман»; аккредитация закрывается 1 ноября.",
)
SISTERS = ("The three sisters at the orchard gate.", "Три сестры у ворот сада.")
ON_SET = (
    "Ainur Bekova on set in the Alatau foothills.",
    "Айнур Бекова на съёмках в предгорьях Алатау.",
)
SISTERS_ALT = (
    "Three young women stand at a wooden gate in the snow.",
    "Три молодые женщины стоят у деревянных ворот в снегу.",
)
ON_SET_ALT = (
    "A woman with a headset beside a camera among bare apple trees.",
    "Женщина с гарнитурой у камеры среди голых яблонь.",
)
RUSSIAN = dict(
    [
        TITLE,
        LEAD,
        HEADING,
        QUOTE,
        BODY,
        CLOSING,
        SISTERS,
        ON_SET,
        SISTERS_ALT,
        ON_SET_ALT,
    ]
)


def save_and_continue(page, outcome=".messagelist .success"):
    """Click "Save and continue editing"; wait for ``outcome`` on the next page."""
    page.click("input[name=_continue]")
    page.wait_for_selector(outcome)


def add_paragraph(page, text, kind=None):
    """Click "Add another Paragraph", type ``text``; the new row's id."""
    index = page.locator(PARAGRAPH_ROWS).count()
    page.get_by_role("button", name="Add another Paragraph").click()
    page.fill(f"#id_paragraphs-{index}-text_en", text)
    if kind:
        page.select_option(f"#id_paragraphs-{index}-kind", kind)
    return f"paragraphs-{index}"


def shown_paragraphs(page):
    """The English texts of the paragraph rows, top to bottom, as on screen."""
    return page.locator(f"{PARAGRAPH_ROWS} textarea[name$='-text_en']").evaluate_all(
        "fields => fields.map(field => field.value)"
    )


def choose(page, row, field, search, option):
    """Pick ``option`` in a select2 autocomplete after typing ``search``."""
    page.locator(f"#{row} .field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).click()


def body_blocks(page):
    """``(tag, text)`` of each block of the public page's body, in order."""
    blocks = page.locator(".release__body > *").evaluate_all(
        """blocks => blocks.map(block => [
            block.tagName.toLowerCase(),
            (block.querySelector("blockquote") || block).innerText.trim(),
        ])"""
    )
    return [tuple(block) for block in blocks]


def test_an_editors_first_day(browser_page, live_server, tmp_path):
    page = browser_page
    site = live_server.url
    # Nothing yet but the two groups the migrations make.
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Editors",
        "Translators",
    }
    assert not (Article.objects.exists() or Person.objects.exists())
    test_browser.log_in(page, live_server, make_staff("dana", "Editors").username)

    # The director to quote, named in English and, on the RU tab, in Russian.
    page.goto(f"{site}/admin/articles/person/add/")
    page.fill("#id_name_en", SPEAKER_EN)
    page.click("a[href='#tab_id_name_ru']")
    page.fill("#id_name_ru", SPEAKER_RU)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    speaker = Person.objects.get()
    assert (speaker.name_en, speaker.name_ru) == (SPEAKER_EN, SPEAKER_RU)

    # Two stills, uploaded with an English caption and description each.
    for number, (caption, alt, color) in enumerate(
        [
            (SISTERS[0], SISTERS_ALT[0], (170, 40, 30)),
            (ON_SET[0], ON_SET_ALT[0], (30, 90, 160)),
        ],
        1,
    ):
        still = tmp_path / f"still-{number}.png"
        still.write_bytes(png_bytes(64, 48, color))
        page.goto(f"{site}/admin/articles/image/add/")
        page.set_input_files("#id_file", still)
        page.fill("#id_caption_en", caption)
        page.fill("#id_alt_text_en", alt)
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
    sisters, on_set = (Image.objects.get(caption_en=c[0]) for c in (SISTERS, ON_SET))
    assert (sisters.width, sisters.height) == (64, 48)

    # The release, written in English; the heading and the closing paragraph
    # land in the wrong place first.
    page.goto(site + ADD_PAGE)
    page.fill("#id_title_en", TITLE[0])
    add_paragraph(page, LEAD[0])
    quote = add_paragraph(page, QUOTE[0], kind="quote")
    heading = add_paragraph(page, HEADING[0], kind="heading")
    closing = add_paragraph(page, CLOSING[0])
    add_paragraph(page, BODY[0])
    choose(page, quote, "speaker", "Bek", SPEAKER_EN)
    assert page.locator(f"#id_{quote}-speaker").input_value() == str(speaker.pk)
    for _still in range(2):
        page.get_by_role("button", name="Add another Gallery image").click()
    choose(page, "gallery_items-0", "image", "on set", ON_SET[0])
    choose(page, "gallery_items-1", "image", "sisters", SISTERS[0])

    # The heading goes up above the quote, the closing paragraph down to the end.
    page.locator(f"#{heading} .order-up").click()
    page.locator(f"#{closing} .order-down").click()
    order = [LEAD[0], HEADING[0], QUOTE[0], BODY[0], CLOSING[0]]
    assert shown_paragraphs(page) == order
    save_and_continue(page)
    assert shown_paragraphs(page) == order  # as saved, after the reload

    article = Article.objects.get()
    paragraphs = list(article.paragraphs.order_by("position"))
    assert [(p.position, p.text_en) for p in paragraphs] == list(enumerate(order, 1))
    assert [p.kind for p in paragraphs] == ["text", "heading", "quote", "text", "text"]
    assert [p.speaker for p in paragraphs] == [None, None, speaker, None, None]
    gallery = article.gallery_items.order_by("position")
    assert [(item.position, item.image) for item in gallery] == [
        (1, on_set),
        (2, sisters),
    ]
    assert article.title_en == TITLE[0] and article.slug

    # Russian, on the translation screen: every unit, from its English source.
    page.goto(f"{site}/admin/articles/article/{article.pk}/translate/ru/")
    units = page.locator("tr.translate-unit")
    # The title, the paragraphs, each still's caption and description.
    assert units.count() == 1 + 5 + 2 * 2
    for index in range(units.count()):
        unit = units.nth(index)
        source = unit.locator(".translate-source").inner_text()
        unit.locator("textarea").fill(RUSSIAN[source])
    page.get_by_role("button", name="Save translations").click()
    page.wait_for_selector(".messagelist .success")
    assert "Saved 10 translations" in page.locator(".messagelist").inner_text()
    article.refresh_from_db()
    assert article.title_ru == TITLE[1]
    assert [p.text_ru for p in article.paragraphs.order_by("position")] == [
        RUSSIAN[text] for text in order
    ]

    # Published from the language panel, English first.
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    for language, name in [("en", "English"), ("ru", "Russian")]:
        page.get_by_role(
            "button", name=f"Save and publish {language}", exact=True
        ).click()
        page.wait_for_selector(f".messagelist .success:has-text('published in {name}')")
        unpublish = f"Save and unpublish {language}"
        page.wait_for_selector(
            f"tr[data-language={language}] button:text-is('{unpublish}')"
        )
    assert Article.objects.get().public_languages() == ["en", "ru"]

    # The readers' pages.
    for language, column in [("en", 0), ("ru", 1)]:
        response = page.goto(f"{site}/{language}/releases/{article.slug}/")
        assert response.status == 200
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").inner_text() == TITLE[column]
        assert body_blocks(page) == [
            ("p", LEAD[column]),
            ("h2", HEADING[column]),
            ("figure", QUOTE[column]),
            ("p", BODY[column]),
            ("p", CLOSING[column]),
        ]
        speaker_line = page.locator(".release__body figure.quote figcaption")
        assert speaker_line.inner_text() == f"— {(SPEAKER_EN, SPEAKER_RU)[column]}"
        captions = page.locator(".gallery figcaption > span:first-child")
        captions = captions.all_inner_texts()
        assert captions == [ON_SET[column], SISTERS[column]]


def test_an_error_on_the_add_page_loses_nothing(browser_page, live_server):
    page = browser_page
    make_article(title="Already out", slug="taken")
    test_browser.log_in(page, live_server, make_staff("timur", "Editors").username)
    first = "The jury meets on Monday to choose the opening film."
    second = "Accredited journalists may attend every screening."

    page.goto(live_server.url + ADD_PAGE)
    page.fill("#id_title_en", "The jury is announced")
    page.fill("#id_slug", "taken")
    add_paragraph(page, first)
    moved = add_paragraph(page, second)
    page.locator(f"#{moved} .order-up").click()
    assert shown_paragraphs(page) == [second, first]
    save_and_continue(page, outcome=".field-slug .errorlist")

    assert "already exists" in page.locator(".field-slug .errorlist").inner_text()
    assert Article.objects.count() == 1
    # Both texts are still in their fields, in the order they were moved to.
    assert page.locator("#id_title_en").input_value() == "The jury is announced"
    assert shown_paragraphs(page) == [second, first]

    page.fill("#id_slug", "jury-announced")
    save_and_continue(page)
    saved = Article.objects.get(slug="jury-announced")
    assert list(
        saved.paragraphs.order_by("position").values_list("text_en", flat=True)
    ) == [second, first]
    assert shown_paragraphs(page) == [second, first]
