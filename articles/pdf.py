"""Releases and film fact sheets as PDF: the same content gives the same bytes.

Identical bytes let one PDF be stored per content (``pdf/<digest>.pdf``),
served with a stable ETag and put into press kits that stay byte-identical,
so nothing that varies between runs goes in: the dates are the content's
own, the identifier is the content's digest, and WeasyPrint gets nothing
from outside: the fetcher hands it the web-size renditions the document
names and the project's own stylesheet and fonts, and refuses anything else
(no network, no original image, no file outside ``static/``).

WeasyPrint needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0). Without
it the site still runs: ``available()`` is false, the PDF views answer 503 and
kits are built without PDFs.

WeasyPrint (with Pango, fontTools, pydyf...) is about 40 MiB of a worker's
memory, so it is imported on the first request that makes or serves a PDF
(``available()``, ``build()``), never when the module is: a worker that only
serves pages never loads it. Pages ask ``offered()``, which does not import it.
"""

import ctypes.util
import datetime
import functools
import hashlib
import importlib.util
import json
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile, FileField
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import image_files
from .imaging.renditions import SPECS

log = logging.getLogger(__name__)

# The shared libraries WeasyPrint opens when it is imported (weasyprint.text.ffi),
# as ctypes.util.find_library names them.
LIBRARIES = ("gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "pangoft2-1.0")


@dataclass(frozen=True)
class Renderer:
    """WeasyPrint as imported, or why it could not be (``weasyprint`` None)."""

    weasyprint: object = None
    pydyf: object = None
    fetcher_class: type = None  # Fetcher, on WeasyPrint's URLFetcher
    font_configuration: type = None
    reason: str = ""


_loaded = None  # the Renderer once the import was tried
_loading = threading.Lock()


def renderer():
    """WeasyPrint, imported on the first call (once per process)."""
    global _loaded
    if _loaded is None:
        with _loading:
            if _loaded is None:
                _loaded = _import()
    return _loaded


def _import():
    # Importing WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole
    # process, which would let damaged uploads through (imaging.uploads refuses
    # them); the renditions a PDF holds are whole files anyway. Restored as
    # soon as the import ends: only another thread of the same process (not a
    # sync worker's) could check an upload during that second.
    from PIL import ImageFile as PillowImageFile

    truncated = PillowImageFile.LOAD_TRUNCATED_IMAGES
    try:
        import pydyf
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except OSError as error:  # Pango or one of its libraries is not installed
        log.warning("PDFs are unavailable: WeasyPrint cannot load Pango (%s)", error)
        return Renderer(reason=str(error))
    finally:
        PillowImageFile.LOAD_TRUNCATED_IMAGES = truncated
    return Renderer(
        weasyprint=weasyprint,
        pydyf=pydyf,
        fetcher_class=_fetcher_class(URLFetcher, URLFetcherResponse),
        font_configuration=FontConfiguration,
    )


def available():
    """Whether this process can make PDFs: imports WeasyPrint if not done yet.
    For whatever is about to make or serve one; a page asks ``offered()``."""
    return renderer().weasyprint is not None


def unavailable_reason():
    """Why ``available()`` is false ("" when it is true)."""
    return renderer().reason


def offered():
    """Whether pages link to PDFs, without importing WeasyPrint: its answer
    once it was imported (or failed to be), else whether WeasyPrint and the
    libraries it opens are installed. Should its import still fail, the PDF
    views answer 503, as they do without Pango, and pages stop linking."""
    if _loaded is not None:
        return _loaded.weasyprint is not None
    return _installed()


@functools.cache
def _installed():
    return importlib.util.find_spec("weasyprint") is not None and all(
        ctypes.util.find_library(name) for name in LIBRARIES
    )


STATIC_SOURCE = Path(settings.BASE_DIR) / "static"
STYLESHEET = "static:css/print-pdf.css"
# Pages address images as the site does (``/media/images/...``); this host
# exists nowhere, and the fetcher only looks the path up among the
# renditions the document was given.
BASE_URL = "https://pressroom.invalid/"
IMAGE_SPEC = "w800-jpeg"
# A fact sheet has no date of its own; the one the kits' ZIP entries carry.
FIXED_DATE = "1980-01-01T00:00:00Z"
STORAGE_FOLDER = "pdf"
STATIC_URL_IN_CSS = re.compile(r"""url\(\s*["']?(static:[^"')\s]+)""")


@dataclass
class Printable:
    """A document ready for WeasyPrint, named by everything its bytes depend on."""

    html: str
    filename: str
    renditions: dict = field(default_factory=dict)  # path in BASE_URL -> Rendition
    identity: list = field(default_factory=list)

    @property
    def digest(self):
        parts = [self.html, self.identity, style_identity()]
        text = json.dumps(parts, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def storage_name(self):
        return f"{STORAGE_FOLDER}/{self.digest}.pdf"


def static_file(url):
    """The file under ``static/`` that a ``static:`` URL names, or None."""
    if not url.startswith("static:"):
        return None
    root = STATIC_SOURCE.resolve()
    path = (root / url.removeprefix("static:")).resolve()
    if path.is_relative_to(root) and path.is_file():
        return path
    return None


def style_identity():
    """The stylesheet, the fonts it names and the renderer's version: a new
    typeface or style makes new PDFs rather than serving the old ones."""
    css = static_file(STYLESHEET).read_bytes()
    files = sorted(set(STATIC_URL_IN_CSS.findall(css.decode())))
    found = {}
    for url in files:
        path = static_file(url)
        found[url] = hashlib.sha256(path.read_bytes()).hexdigest() if path else None
    loaded = renderer()
    versions = (
        [loaded.weasyprint.__version__, loaded.pydyf.__version__]
        if loaded.weasyprint is not None
        else []
    )
    return [hashlib.sha256(css).hexdigest(), found, versions]


def _fetcher_class(URLFetcher, URLFetcherResponse):
    class Fetcher(URLFetcher):
        """Everything WeasyPrint loads comes from here, and only this."""

        def __init__(self, renditions):
            super().__init__(allowed_protocols=())
            self.renditions = renditions

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}/" == BASE_URL and not parts.query:
                rendition = self.renditions.get(parts.path)
                if rendition is not None:
                    with rendition.file.open("rb") as opened:
                        data = opened.read()
                    headers = {"Content-Type": rendition.content_type}
                    return URLFetcherResponse(url, data, headers)
            path = static_file(url)
            if path is not None:
                return URLFetcherResponse(url, path.read_bytes())
            log.warning("PDF: refused to fetch %s", url)
            raise ValueError(f"not a file a PDF may hold: {url}")

    return Fetcher


def fetcher(renditions):
    """WeasyPrint's URL fetcher for a document with these renditions."""
    return renderer().fetcher_class(renditions)


def pdf_date(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def web_image(printable, image, language):
    """The w800 JPEG rendition of ``image`` for the template, registered
    with the fetcher: a PDF never holds an original."""
    if image is None or not image.width:
        return None
    rendition = image_files.rendition(image, SPECS[IMAGE_SPEC])
    url = image.url(IMAGE_SPEC)
    printable.renditions[url] = rendition
    printable.identity.append(
        [url, image.sha256, rendition.key, rendition.file.name, rendition.width]
    )
    return {
        "image": image,
        "src": url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.text_or_source("alt_text", language),
    }


def render(printable, template, context, language):
    with translation.override(language):
        printable.html = render_to_string(
            f"articles/pdf/{template}.html", {**context, "language": language}
        )
    return printable


def release_printable(article, language, at=None):
    """``article`` as ``content.releases_queryset(language)`` loads it (its
    paragraphs prefetched, its date annotated); printed for the moment ``at``,
    with the embargo line if it is not public yet then (a link's copy)."""
    from .embargo.banner import embargo_line
    from .presskits import content

    printable = Printable(html="", filename=f"{article.slug}-{language}.pdf")
    date = article.release_date
    context = {
        "article": article,
        "paragraphs": content.body_paragraphs(article, language),
        "contacts": content.contacts_of([article]),
        "lead": web_image(printable, article.hero_image, language),
        "title": article.text_in("title", language),
        "date": pdf_date(date) if date else FIXED_DATE,
    }
    with translation.override(language):
        context["embargo"] = embargo_line(article, at)
    return render(printable, "release", context, language)


def fact_sheet_printable(film, language):
    """``film`` as ``content.film_queryset()`` loads it."""
    from .presskits import content

    printable = Printable(html="", filename=f"fact-sheet-{film.slug}-{language}.pdf")
    context = {
        **content.film_context(film),
        "poster": web_image(printable, film.poster, language),
        "title": film.text_or_source("title", language).text or str(film),
        "date": FIXED_DATE,
    }
    return render(printable, "fact_sheet", context, language)


def build(printable):
    """The PDF's bytes, built now (well under a second for a release)."""
    loaded = renderer()
    if loaded.weasyprint is None:
        raise RuntimeError(f"PDFs are unavailable: {loaded.reason}")
    weasyprint = loaded.weasyprint
    url_fetcher = loaded.fetcher_class(printable.renditions)
    # @font-face rules take effect only through a shared FontConfiguration.
    fonts = loaded.font_configuration()
    stylesheet = weasyprint.CSS(
        url=STYLESHEET, url_fetcher=url_fetcher, font_config=fonts
    )
    document = weasyprint.HTML(
        string=printable.html, base_url=BASE_URL, url_fetcher=url_fetcher
    )
    return document.write_pdf(
        stylesheets=[stylesheet],
        font_config=fonts,
        # pydyf writes /ID [this, MD5 of the file]: both follow the content.
        pdf_identifier=printable.digest[:32].encode(),
        uncompressed_pdf=False,
        pdf_tags=True,
    )


def stored(printable):
    """The stored PDF for this content as a FieldFile: found, or built now."""
    name = printable.storage_name
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(build(printable)))
        if saved != name:  # stored meanwhile by another request: keep that one
            default_storage.delete(saved)
    return FieldFile(None, FileField(storage=default_storage), name)


def stored_bytes(printable):
    with stored(printable).open("rb") as opened:
        return opened.read()


def loaded_release(article, language, at=None):
    from .presskits import content

    at = at or timezone.now()
    return content.releases_queryset(language, at).filter(pk=article.pk).first()


def release_pdf(article, language) -> bytes:
    """A release public in ``language`` as PDF; ValueError if it is not."""
    release = loaded_release(article, language)
    if release is None:
        raise ValueError(f"release {article.pk} is not public in {language}")
    return build(release_printable(release, language))


def fact_sheet_pdf(film, language) -> bytes:
    from .presskits import content

    film = content.film_queryset().get(pk=film.pk)
    return build(fact_sheet_printable(film, language))
