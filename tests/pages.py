"""Read a rendered page the way a test needs it: language, headings, links."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Page:
    html_lang: str = ""
    h1: str = ""
    hreflang: dict = field(default_factory=dict)
    switcher: dict = field(default_factory=dict)
    canonical: str = ""
    text: str = ""
    lang_elements: list = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.page = Page()
        self.in_h1 = False
        self.in_switcher = False
        self.depth_nav = 0
        self.texts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page.html_lang = attrs.get("lang", "")
        elif tag in {"script", "style", "title"}:
            self.skip += 1
        elif tag == "h1":
            self.in_h1 = True
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            # A typed alternate is a feed in the page's language, not a version.
            if "type" not in attrs:
                self.page.hreflang[attrs["hreflang"]] = attrs["href"]
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.page.canonical = attrs["href"]
        elif tag == "nav" and "language-switcher" in attrs.get("class", ""):
            self.in_switcher = True
        elif tag == "a" and self.in_switcher:
            self.page.switcher[attrs["hreflang"]] = attrs["href"]
        if tag != "html" and "lang" in attrs:
            self.page.lang_elements.append((tag, attrs["lang"]))

    def handle_endtag(self, tag):
        if tag in {"script", "style", "title"}:
            self.skip -= 1
        elif tag == "h1":
            self.in_h1 = False
        elif tag == "nav":
            self.in_switcher = False

    def handle_data(self, data):
        if self.skip:
            return
        if self.in_h1:
            self.page.h1 += data
        self.texts.append(data)


def read(response):
    reader = _Reader()
    reader.feed(response.content.decode())
    reader.page.h1 = " ".join(reader.page.h1.split())
    reader.page.text = " ".join(" ".join(reader.texts).split())
    return reader.page
