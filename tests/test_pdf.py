"""Releases and fact sheets as PDF, read back by independent readers: poppler's
pdftotext and pdffonts, pypdf for metadata and images, fontTools for the
embedded fonts' coverage. The same content must give the same bytes, in a
download and inside a press kit."""

import datetime
import hashlib
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from articles import pdf
from articles.countries import country_name
from articles.models import Paragraph, Person, PressKit
from articles.presskits import building, content
from tests.factories import make_article, make_film, make_image, png_bytes

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "ru", "kk", "es")
KAZAKH_LETTERS = "әғқңөұүһі"
TYPEFACE = Path(settings.BASE_DIR) / "static/fonts/pressroom-serif-regular.woff2"
# Until the typeface is in static/fonts/, WeasyPrint uses a system serif: the
# PDFs must still embed every font and use one family, but which one is
# checked only once the files are there.
TYPEFACE_MERGED = TYPEFACE.exists()
ORIGINAL_SIZE = (2400, 1350)

MISSING_TOOLS = [tool for tool in ("pdftotext", "pdffonts") if not shutil.which(tool)]
if not pdf.available():
    SKIP_REASON = (
        "WeasyPrint cannot load Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0): "
        + pdf.unavailable_reason()
    )
elif MISSING_TOOLS:
    SKIP_REASON = f"{', '.join(MISSING_TOOLS)} missing (Debian: poppler-utils)"
else:
    SKIP_REASON = ""
needs_pdf = pytest.mark.skipif(bool(SKIP_REASON), reason=SKIP_REASON)
needs_weasyprint = pytest.mark.skipif(not pdf.available(), reason=SKIP_REASON)

TEXTS = {
    "en": {
        "title": "The Truce premieres in San Sebastián",
        "paragraphs": [
            "Two former enemies in one camp",
            "The Kazakh-Spanish drama opened to a long ovation at the Victoria "
            "Eugenia theatre.",
            "We wanted the premiere in front of an audience that truly "
            "understands cinema.",
            "The film tells of Spanish prisoners in the camps around Karaganda.",
        ],
        "speaker": "Yerlan Bekkhozhin",
    },
    "ru": {
        "title": "«Перемирие» показали в Сан-Себастьяне",
        "paragraphs": [
            "Два бывших врага в одном лагере",
            "Казахстанско-испанская драма открылась долгой овацией в театре "
            "Виктория Эухения.",
            "Мы хотели, чтобы премьера прошла перед публикой, которая "
            "по-настоящему понимает кино.",
            "Фильм рассказывает об испанских узниках лагерей под Карагандой.",
        ],
        "speaker": "Ерлан Бекхожин",
    },
    "kk": {
        "title": "«Бітім» фильмінің премьерасы Сан-Себастьянда өтті",
        "paragraphs": [
            "Бір лагерьдегі екі бұрынғы жау",
            "Қазақстан мен Испанияның бірлескен драмасы Виктория Эухения "
            "театрында ұзақ қол шапалақпен қарсы алынды.",
            "Біз премьераның киноны шын түсінетін көрермен алдында өткенін қаладық.",
            "Фильм Қарағанды лагерьлеріндегі испан тұтқындары туралы баяндайды. "
            "Жаһандық тарихтың бұл беті әлі де аз белгілі.",
        ],
        "speaker": "Ерлан Бекқожин",
    },
    "es": {
        "title": "La Tregua se estrena en San Sebastián",
        "paragraphs": [
            "Dos antiguos enemigos en un mismo campo",
            "El drama kazajo-español se estrenó con una larga ovación en el "
            "teatro Victoria Eugenia.",
            "Queríamos estrenar ante un público que de verdad entiende el cine.",
            "La película cuenta la historia de los prisioneros españoles en los "
            "campos de Karagandá.",
        ],
        "speaker": "Yerlan Bekjozhin",
    },
}
KINDS = ["heading", "text", "quote", "text"]
PUBLISHED_AT = datetime.datetime(2025, 9, 27, 9, 0, tzinfo=datetime.UTC)


def make_release():
    """A release with a lead image 2400 px wide, a heading, a quote with its
    speaker and two texts, published in all four languages."""
    film = make_film(
        title="The Truce", title_ru="Перемирие", title_kk="Бітім",
        title_es="La Tregua", original_title="La Tregua", original_language="es",
        year=2025, production_countries="KZ, ES", runtime_minutes=104,
        poster=make_image("poster.png", png_bytes(*ORIGINAL_SIZE)),
    )  # fmt: skip
    speaker = Person.objects.create(
        **{f"name_{code}": TEXTS[code]["speaker"] for code in LANGUAGES}
    )
    release = make_article(
        paragraphs=0, published=(), film=film, publish_at=PUBLISHED_AT,
        hero_image=make_image("lead.png", png_bytes(*ORIGINAL_SIZE)),
    )  # fmt: skip
    for code in LANGUAGES:
        setattr(release, f"title_{code}", TEXTS[code]["title"])
    release.save()
    for position, kind in enumerate(KINDS):
        Paragraph.objects.create(
            article=release, position=position + 1, kind=kind,
            speaker=speaker if kind == "quote" else None,
            **{f"text_{code}": TEXTS[code]["paragraphs"][position]
               for code in LANGUAGES},
        )  # fmt: skip
    for code in LANGUAGES:
        release.publish(code, at=PUBLISHED_AT)
    return release


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def words(text):
    """Without white space: a line may break anywhere, even after "Сан-"."""
    return re.sub(r"\s+", "", text)


def pdftotext(data, tmp_path):
    path = tmp_path / "read.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True, check=True, text=True,
    )  # fmt: skip
    return words(result.stdout)


def pdffonts(data, tmp_path):
    """``[(name, embedded)]`` as poppler lists them."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    )
    rows = result.stdout.splitlines()[2:]
    # name type encoding emb sub uni object ID: the type may hold a space.
    return [(row.split()[0], row.split()[-5] == "yes") for row in rows if row.strip()]


def family(font_name):
    """ "ABCDEF+Pressroom-Serif-Bold-Italic" -> "Pressroom-Serif"."""
    name = font_name.split("+", 1)[-1]
    return re.sub(r"(-(Bold|Italic|Oblique|Regular|Book|Medium))+$", "", name)


def embedded_cmaps(data):
    """Every character the embedded font programs map, from their own cmaps."""
    covered = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                    if key in descriptor:
                        program = descriptor[key].get_object().get_data()
                        covered |= set(TTFont(io.BytesIO(program)).getBestCmap())
    return covered


def images_in(data):
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for xobject in page["/Resources"].get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                found.append(xobject)
    return found


@needs_pdf
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_release_pdf_holds_its_language_in_order_and_no_other(
    client, tmp_path, language
):
    release = make_release()
    response = client.get(f"/{language}/releases/{release.slug}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        f'attachment; filename="{release.slug}-{language}.pdf"'
        == response["Content-Disposition"]
    )
    data = body(response)
    text = pdftotext(data, tmp_path)
    wanted = TEXTS[language]
    assert words(wanted["title"]) in text
    positions = [text.index(words(paragraph)) for paragraph in wanted["paragraphs"]]
    assert positions == sorted(positions)
    assert words(wanted["speaker"]) in text
    for other in LANGUAGES:
        if other != language:
            for paragraph in TEXTS[other]["paragraphs"]:
                assert words(paragraph) not in text, (other, paragraph)

    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == wanted["title"]
    assert reader.metadata.author == "Pressroom"
    assert reader.trailer["/Root"]["/Lang"] == language
    # The content's own date, not the time of the build.
    assert reader.metadata["/CreationDate"] == "D:20250927090000Z"
    assert reader.metadata["/ModDate"] == "D:20250927090000Z"

    fonts = pdffonts(data, tmp_path)
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    families = {family(name) for name, _embedded in fonts}
    assert len(families) == 1, families  # nothing fell back to another font
    if TYPEFACE_MERGED:
        assert families == {"Pressroom-Serif"}, families


@needs_pdf
def test_the_kazakh_pdf_has_a_glyph_for_every_letter(client, tmp_path):
    release = make_release()
    kazakh = "".join(TEXTS["kk"]["paragraphs"])
    assert set(KAZAKH_LETTERS) <= set(kazakh)
    data = body(client.get(f"/kk/releases/{release.slug}/pdf/"))
    text = pdftotext(data, tmp_path)
    for paragraph in TEXTS["kk"]["paragraphs"]:
        assert words(paragraph) in text
    needed = {ord(char) for char in kazakh if not char.isspace()}
    assert not needed - embedded_cmaps(data), sorted(
        chr(code) for code in needed - embedded_cmaps(data)
    )
    families = {family(name) for name, _embedded in pdffonts(data, tmp_path)}
    assert len(families) == 1, families
    if TYPEFACE_MERGED:
        assert families == {"Pressroom-Serif"}, families
        covered = set(TTFont(TYPEFACE).getBestCmap())
        assert not needed - covered


@needs_pdf
def test_the_same_content_gives_the_same_bytes(client):
    release = make_release()
    first = pdf.release_pdf(release, "kk")
    second = pdf.release_pdf(release, "kk")
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()

    url = f"/kk/releases/{release.slug}/pdf/"
    served = client.get(url)
    assert body(served) == first
    stored = sorted(Path(settings.MEDIA_ROOT, "pdf").glob("*.pdf"))
    assert len(stored) == 1
    stored[0].unlink()
    again = client.get(url)
    assert body(again) == first and again["ETag"] == served["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=served["ETag"]).status_code == 304
    assert (
        b"".join(client.get(url, HTTP_RANGE="bytes=0-7").streaming_content)
        == (first[:8])
    )


@needs_pdf
def test_a_change_makes_a_new_pdf(client):
    release = make_release()
    url = f"/en/releases/{release.slug}/pdf/"
    before = client.get(url)
    paragraph = release.paragraphs.get(position=2)
    paragraph.text_en = "A new sentence for the press."
    paragraph.save()
    after = client.get(url)
    assert after["ETag"] != before["ETag"]
    assert b"".join(after.streaming_content) != b"".join(before.streaming_content)


def test_only_a_public_language_has_a_pdf(client):
    release = make_article(title="Only in English", languages=("en", "ru"))
    draft = make_article(title="A draft", published=())
    later = make_article(
        title="Scheduled",
        publish_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1),
    )
    assert client.get(f"/ru/releases/{release.slug}/pdf/").status_code == 404
    assert client.get(f"/en/releases/{draft.slug}/pdf/").status_code == 404
    assert client.get(f"/en/releases/{later.slug}/pdf/").status_code == 404
    assert client.get("/en/releases/no-such-release/pdf/").status_code == 404
    assert client.get("/en/films/no-such-film/fact-sheet/").status_code == 404


@needs_pdf
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_fact_sheet_shows_the_films_facts(client, tmp_path, language):
    film = make_release().film
    response = client.get(f"/{language}/films/{film.slug}/fact-sheet/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        f'filename="fact-sheet-{film.slug}-{language}.pdf"'
        in (response["Content-Disposition"])
    )
    data = body(response)
    text = pdftotext(data, tmp_path)
    countries = ", ".join(country_name(code, language) for code in ("KZ", "ES"))
    for fact in ("La Tregua", "2025", "104", countries):
        assert words(fact) in text, fact
    reader = PdfReader(io.BytesIO(data))
    assert reader.trailer["/Root"]["/Lang"] == language
    assert reader.metadata.title == getattr(film, f"title_{language}")
    fonts = pdffonts(data, tmp_path)
    assert all(embedded for _name, embedded in fonts), fonts


@needs_pdf
def test_images_are_web_size_renditions_never_the_original(client):
    release = make_release()
    for url, image in (
        (f"/en/releases/{release.slug}/pdf/", release.hero_image),
        (f"/en/films/{release.film.slug}/fact-sheet/", release.film.poster),
    ):
        found = images_in(body(client.get(url)))
        assert len(found) == 1
        (xobject,) = found
        assert xobject["/Width"] <= 1600
        assert (xobject["/Width"], xobject["/Height"]) != ORIGINAL_SIZE
        rendition = image.renditions.get(key="w800-jpeg")
        with rendition.file.open("rb") as opened:
            assert xobject.get_object()._data == opened.read()


@needs_weasyprint
def test_the_fetcher_refuses_everything_but_renditions_and_static_files():
    fetcher = pdf.fetcher({})
    for url in (
        "https://example.org/image.jpg",
        "http://127.0.0.1/media/images/1-abc/w800-jpeg.jpg",
        "file:///etc/passwd",
        f"{pdf.BASE_URL}media/images/1-abc/original/",
        "static:../pressroom/settings.py",
        "static:/etc/passwd",
        "data:text/plain,hello",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert b"@page" in fetcher.fetch(pdf.STYLESHEET).read()


@needs_pdf
@pytest.mark.django_db(transaction=True)
def test_press_kits_hold_the_pdfs_and_stay_byte_identical(client):
    cache.clear()
    release = make_release()
    film = release.film
    building.refresh(f"release:{release.pk}")
    building.refresh(f"film:{film.pk}")

    def kit(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return body(response)

    release_kit = kit(f"/kk/releases/{release.slug}/press-kit/")
    archive = zipfile.ZipFile(io.BytesIO(release_kit))
    name = f"release-{release.slug}.pdf"
    assert archive.getinfo(name).compress_type == zipfile.ZIP_STORED
    assert archive.read(name) == pdf.release_pdf(release, "kk")
    film_kit = kit(f"/es/films/{film.slug}/press-kit/")
    names = zipfile.ZipFile(io.BytesIO(film_kit)).namelist()
    assert f"fact-sheet-{film.slug}.pdf" in names and name in names
    everything = zipfile.ZipFile(
        io.BytesIO(kit(f"/en/films/{film.slug}/press-kit/all/"))
    ).namelist()
    for code in LANGUAGES:
        assert f"{code}/{name}" in everything
        assert f"{code}/fact-sheet-{film.slug}.pdf" in everything

    # Built again from nothing: no kit, no stored PDF.
    for row in PressKit.objects.all():
        row.delete()
    shutil.rmtree(Path(settings.MEDIA_ROOT) / "pdf")
    building.refresh(f"release:{release.pk}")
    building.refresh(f"film:{film.pk}")
    assert kit(f"/kk/releases/{release.slug}/press-kit/") == release_kit
    assert kit(f"/es/films/{film.slug}/press-kit/") == film_kit


def test_without_pango_the_site_works_and_says_pdf_unavailable(client, monkeypatch):
    monkeypatch.setattr(pdf, "_loaded", pdf.Renderer(reason="no Pango here"))
    assert not pdf.available() and not pdf.offered()
    release = make_release()
    response = client.get(f"/en/releases/{release.slug}/pdf/")
    assert response.status_code == 503
    assert "PDF unavailable" in response.content.decode()
    sheet = client.get(f"/en/films/{release.film.slug}/fact-sheet/")
    assert sheet.status_code == 503
    for url in (release.get_absolute_url(), release.film.get_absolute_url()):
        page = client.get(url)
        html = page.content.decode()
        assert page.status_code == 200
        assert "PDF unavailable" in html
        assert "/pdf/" not in html and "/fact-sheet/" not in html
    kit = content.plan_release_kit(release, "en")
    assert not [entry for entry in kit.entries if entry.name.endswith(".pdf")]


@needs_weasyprint
def test_pages_link_to_their_pdfs(client):
    release = make_release()
    html = client.get(f"/ru/releases/{release.slug}/").content.decode()
    assert f'href="/ru/releases/{release.slug}/pdf/"' in html
    film_html = client.get(f"/kk/films/{release.film.slug}/").content.decode()
    assert f'href="/kk/films/{release.film.slug}/fact-sheet/"' in film_html
    assert "PDF unavailable" not in html + film_html


@needs_weasyprint
def test_weasyprint_leaves_pillow_strict_about_damaged_images():
    """WeasyPrint turns on LOAD_TRUNCATED_IMAGES when imported; uploads rely
    on Pillow refusing a truncated file."""
    from PIL import ImageFile

    pdf.release_pdf(make_release(), "en")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
