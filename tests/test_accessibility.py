"""Every public page, in all four languages, passes axe-core in Chromium with
no serious or critical violation, at desktop and phone widths; and the pages
work with the keyboard alone (see test_browser for the checks every browser
test runs: console errors, each Content Security Policy violation among them,
fail it).

axe-core comes from the axe-playwright-python package (its ``axe.min.js``).
Its source runs in each page through ``page.evaluate``, as the test's own
code: the page keeps its real policy (``script-src 'none'``), nothing is
added to the page's markup and nothing bypasses the policy."""

import time
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.demo_embargo import RELEASE_SLUG

from . import test_browser
from .crawl import crawl
from .test_html import EXTRA_PAGES, link_pages

pytestmark = [
    pytest.mark.skipif(
        not test_browser.CHROMIUM.exists(),
        reason="/usr/bin/chromium is missing (apt-get install chromium)",
    ),
    pytest.mark.django_db(transaction=True),
]

browser_page = test_browser.browser_page

WIDTHS = {"desktop": 1280, "phone": 390}
FAILING_IMPACTS = ("serious", "critical")
RELEASE = "la-tregua-premieres-in-san-sebastian"
FILM = "la-tregua"


def axe_source():
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


# Every rule axe runs by default (WCAG 2 A and AA, and best practices); the
# result is cut down in the page to what a failure message needs.
RUN_AXE = """async () => {
  await document.fonts.ready;
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map(n => ({impact: n.impact, target: n.target.join(" "),
                               summary: n.failureSummary})),
  }));
}"""


# The widest element past the viewport's right edge, if any.
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const wide = [...document.body.querySelectorAll("*")]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
  return `${document.documentElement.scrollWidth}px wide: ${wide.slice(-3).join(", ")}`;
}"""


def public_urls(client):
    """The crawl from every home page (release lists, every detail page, the
    films, people, events and press-office pages in four languages), the 404
    pages, and a journalist's personal embargo link."""
    urls = {
        url
        for url, response in crawl(client).items()
        if "text/html" in response.get("Content-Type", "")
    }
    urls.update(EXTRA_PAGES)
    urls.update(link_pages())
    return sorted(urls)


def axe_violations(page, source):
    """Serious and critical violations on the page as it is shown now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)
    found = []
    for violation in page.evaluate(RUN_AXE):
        for node in violation["nodes"]:
            if (node["impact"] or violation["impact"]) in FAILING_IMPACTS:
                found.append((violation, node))
    return found


def test_every_public_page_passes_axe(
    browser_page, browser_problems, live_server, client
):
    page = browser_page
    call_command("loaddemo", verbosity=0)
    urls = public_urls(client)
    for code in ("en", "ru", "kk", "es"):
        for index in ("films", "people", "events", "press-office", "releases"):
            assert f"/{code}/{index}/" in urls
    assert any(f"/es/releases/{RELEASE_SLUG}/" in url for url in urls)
    assert len(urls) > 40

    source = axe_source()
    failures = []
    started = time.monotonic()
    for url in urls:
        page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
        response = page.goto(live_server.url + url)
        if response.status == 404:
            # The 404 pages are meant: Chromium logs their status as an error.
            browser_problems.expect(f"({live_server.url}{url}): Failed to load")
        assert response.status in (200, 202, 404), url
        for width_name, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            # Reflow (WCAG 1.4.10): nothing makes the page scroll sideways.
            overflow = page.evaluate(SIDEWAYS)
            if overflow:
                failures.append(
                    f"{url} [{width_name} {width}px] scrolls sideways: {overflow}"
                )
            for violation, node in axe_violations(page, source):
                failures.append(
                    f"{url} [{width_name} {width}px] {violation['id']} "
                    f"({node['impact'] or violation['impact']}): {node['target']}"
                    f" — {violation['help']}\n    {node['summary']}"
                )
    # axe really runs: a link with no name, added here, is found.
    page.evaluate(
        "() => document.querySelector('main').append("
        "Object.assign(document.createElement('a'), {href: '/x'}))"
    )
    assert "link-name" in [v["id"] for v, _node in axe_violations(page, source)]
    elapsed = time.monotonic() - started
    print(f"axe: {len(urls)} pages at {len(WIDTHS)} widths in {elapsed:.1f} s")
    assert not failures, (
        f"{len(failures)} accessibility failures (axe serious or critical, "
        "or sideways scrolling):\n" + "\n".join(failures)
    )


FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const region = element.closest(
    ".skip-link, .site-nav, .language-switcher, main, header, footer");
  let where = "elsewhere";
  if (element.classList.contains("skip-link")) where = "skip";
  else if (element.closest(".site-nav")) where = "nav";
  else if (element.closest(".language-switcher")) where = "languages";
  else if (element.closest("main")) where = "main";
  else if (region) where = region.tagName.toLowerCase();
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none";
  const box = element.getBoundingClientRect();
  return {
    where,
    tag: element.tagName.toLowerCase(),
    text: (element.textContent || "").trim().slice(0, 40),
    indicated: outline || shadow,
    visible: box.width > 0 && box.height > 0 && box.bottom > 0
      && box.top < window.innerHeight,
  };
}"""


def tab_through(page, presses):
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    return stops


@pytest.mark.parametrize(
    "path", [f"/en/releases/{RELEASE}/", f"/ru/films/{FILM}/"], ids=["release", "film"]
)
def test_keyboard_alone_reaches_skip_link_navigation_languages_and_content(
    browser_page, live_server, path
):
    page = browser_page
    call_command("loaddemo", verbosity=0)
    page.goto(live_server.url + path)

    stops = tab_through(page, 20)
    places = [stop["where"] for stop in stops]
    assert places[0] == "skip", stops[0]
    for place in ("nav", "languages", "main"):
        assert place in places, f"Tab never reaches {place}: {places}"
    assert (
        places.index("skip")
        < places.index("nav")
        < places.index("languages")
        < places.index("main")
    ), places
    for stop in stops:
        assert stop["indicated"], f"no visible focus indicator on {stop}"
        assert stop["visible"], f"focused but not on screen: {stop}"

    # Enter on the skip link moves focus to the main content.
    page.goto(live_server.url + path)
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["where"] == "skip"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'content'")
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
    # The next Tab continues inside the main content.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["where"] == "main"
