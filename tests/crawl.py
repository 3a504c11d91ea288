"""Follow every public link from the home pages, as a visitor would."""

import re

from django.conf import settings

LINK = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/media/", "/admin/")
# Downloads and feeds, not pages: press kits (test_press_kits), PDFs
# (test_pdf), RSS and Atom (test_feeds).
DOWNLOAD = re.compile(r"/(press-kit/.*|pdf/|fact-sheet/|feeds/.*)$")


def crawl(client, limit=500):
    """Return {url: response} for every public page reachable from /<lang>/."""
    pages = {}
    todo = [f"/{code}/" for code, _name in settings.LANGUAGES]
    while todo and len(pages) < limit:
        url = todo.pop()
        if url in pages:
            continue
        response = client.get(url)
        pages[url] = response
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            for href in LINK.findall(response.content.decode()):
                download = DOWNLOAD.search(href.split("?")[0])
                if not href.startswith(SKIP) and not download and href not in pages:
                    todo.append(href.replace("&amp;", "&"))
    return pages
