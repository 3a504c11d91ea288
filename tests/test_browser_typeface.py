"""One typeface draws a Kazakh page: Chromium reports, through its DevTools
protocol, which font drew each glyph (Debian's Chromium driven by Playwright,
see test_browser). Before Pressroom Serif, the system fonts drew the nine
Kazakh letters from another, heavier face in the middle of words."""

import pytest

from . import test_browser
from .factories import make_article

pytestmark = [
    pytest.mark.skipif(
        not test_browser.CHROMIUM.exists(),
        reason="/usr/bin/chromium is missing (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]

browser_page = test_browser.browser_page

FAMILY = "Pressroom Serif"
# Every Kazakh letter, capital and small, among Russian ones; no "fi", "fl"
# or "ff" (the font's ligatures would draw two letters as one glyph).
PARAGRAPH = (
    "Ә Ғ Қ Ң Ө Ұ Ү Һ І — ә ғ қ ң ө ұ ү һ і. Әсем Ғалия Қостанайда "
    "«Ұлы дала» фильмін көрсетті; Өмір мен Үміт Һәм Іле жағасында таңға дейін "
    "әңгімелесті, ғажап күн өтті."
)
TITLE = "Қазақ киносы: Әлем, Ғасыр, Ңң, Өлке, Ұлт, Үміт, Һауа, Іле"
QUOTE = "Біз үшін әр кадр маңызды, — деді Ұлжан Өтегенқызы."
BOLD_ITALIC = "Ә Ғ Қ Ң Ө Ұ Ү Һ І ә ғ қ ң ө ұ ү һ і"


def kazakh_release():
    article = make_article(
        title="Kazakh",
        slug="kazakh-typeface",
        paragraphs=2,
        languages=("kk",),
        published=("kk",),
        source_language="kk",
    )
    article.title_kk = TITLE
    article.save()
    first, second = article.paragraphs.order_by("position")
    first.text_kk = PARAGRAPH
    first.save()
    second.kind = "quote"
    second.text_kk = QUOTE
    second.save()
    return article


def fonts_of(session, root, selector):
    """The fonts Chromium drew the text directly inside ``selector`` with."""
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})
    assert node["nodeId"], f"no {selector} on the page"
    return session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})[
        "fonts"
    ]


def line_count(page, selector):
    return page.evaluate(
        """selector => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector(selector));
            return range.getClientRects().length;
        }""",
        selector,
    )


def assert_drawn_by_pressroom_serif(page, session, root, selector):
    """One family drew every glyph: a glyph for each character but the space
    at the end of each wrapped line, which is not drawn."""
    text = page.locator(selector).text_content()
    fonts = fonts_of(session, root, selector)
    families = [font["familyName"] for font in fonts]
    assert families == [FAMILY], f"{selector} ({text!r}) was drawn with {fonts}"
    wrapped = line_count(page, selector) - 1
    assert fonts[0]["glyphCount"] == len(text) - wrapped, (selector, text, fonts)
    return fonts[0]


def test_one_typeface_draws_every_kazakh_letter_in_every_style(
    browser_page, live_server
):
    page = browser_page
    article = kazakh_release()
    page.goto(f"{live_server.url}/kk/releases/{article.slug}/")
    assert page.locator(".release__body > p").first.text_content() == PARAGRAPH

    # Bold italic: nothing on a release page is set in it, so a test element
    # is (added through DevTools, which the page's policy does not govern).
    page.evaluate(
        """text => {
            const strong = document.createElement("strong");
            strong.id = "bold-italic";
            strong.textContent = text;
            const emphasis = document.createElement("em");
            emphasis.append(strong);
            document.querySelector(".release__body").append(emphasis);
        }""",
        BOLD_ITALIC,
    )
    page.evaluate("document.fonts.ready.then(() => true)")

    # The four faces were fetched from the site (the fixture fails on any
    # request elsewhere) and are in use.
    faces = page.evaluate(
        """[...document.fonts].map(
            face => [face.family.replaceAll('"', ""), face.weight, face.style,
                     face.status])"""
    )
    assert sorted(faces) == sorted(
        [FAMILY, weight, style, "loaded"]
        for weight in ("400", "700")
        for style in ("normal", "italic")
    ), faces

    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]

    assert_drawn_by_pressroom_serif(page, session, root, ".release__body > p")
    assert_drawn_by_pressroom_serif(page, session, root, "h1")
    assert_drawn_by_pressroom_serif(page, session, root, ".quote blockquote p")
    assert_drawn_by_pressroom_serif(page, session, root, "#bold-italic")

    # The styles are the font's own, not synthesized from the regular face.
    styles = page.evaluate(
        """selectors => selectors.map(selector => {
            const style = getComputedStyle(document.querySelector(selector));
            return [style.fontFamily, style.fontWeight, style.fontStyle];
        })""",
        ["h1", ".quote blockquote p", "#bold-italic", ".kicker", ".site-name"],
    )
    assert styles == [
        ['"Pressroom Serif", serif', "700", "normal"],
        ['"Pressroom Serif", serif', "400", "italic"],
        ['"Pressroom Serif", serif', "700", "italic"],
        ['"Pressroom Serif", serif', "400", "normal"],
        ['"Pressroom Serif", serif', "700", "normal"],
    ]
