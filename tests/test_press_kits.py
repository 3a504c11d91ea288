"""Press kits as a journalist gets them: built by the background worker for
real, holding exactly the public content of the language asked, the same bytes
for the same content, served with ranges and conditional requests."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from articles import pdf, publishing
from articles.models import ArticleImage, FilmImage, Paragraph, PressContact, PressKit
from articles.presskits import building
from tests.factories import make_article, make_film, make_image

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_cache():
    """The "already queued" marks of earlier tests must not hold this one's."""
    cache.clear()


def run_worker():
    """The queue as `manage.py db_worker` runs it, until it is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def opened(response):
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    return archive, body


def manifest_matches(archive):
    manifest = json.loads(archive.read("manifest.json"))
    listed = {entry["name"]: entry for entry in manifest["files"]}
    assert set(listed) == set(archive.namelist()) - {"manifest.json"}
    for name, entry in listed.items():
        data = archive.read(name)
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    return listed


@pytest.fixture
def festival(django_capture_on_commit_callbacks):
    """A film with a poster and a still, a release public in en and ru whose
    last paragraph is not translated yet, and a release still a draft."""
    with django_capture_on_commit_callbacks(execute=True):
        poster = make_image(caption_en="The poster.", caption_ru="Постер.")
        still = make_image(caption_en="On the steppe.", caption_ru="В степи.")
        film = make_film(title="Salt Lake", poster=poster)
        FilmImage.objects.create(film=film, image=still)
        contact = PressContact.objects.create(
            name="Dana Omarova", email="press@example.org", languages="kk, ru, en"
        )
        release = make_article(
            title="Salt Lake wins", paragraphs=2, languages=("en", "ru"),
            published=(), film=film,
        )  # fmt: skip
        release.press_contacts.add(contact)
        for language in ("en", "ru"):
            publishing.publish(release.pk, language, None)
        # Added after publication, not translated yet.
        Paragraph.objects.create(article=release, text_en="Only in English so far.")
        draft = make_article(title="A secret draft", film=film, published=())
        draft_image = make_image(caption_en="Not yet.")
        ArticleImage.objects.create(article=draft, image=draft_image)
    return film, release, draft


def test_a_kit_is_prepared_then_built_by_the_worker(client, festival):
    film, release, draft = festival
    PressKit.objects.all().delete()
    response = client.get(f"/ru/films/{film.slug}/press-kit/")
    assert response.status_code == 202
    assert "Пресс-кит готовится" in response.content.decode()
    assert response["Retry-After"] == "30"
    run_worker()
    response = client.get(f"/ru/films/{film.slug}/press-kit/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "press-kit-salt-lake-ru.zip" in response["Content-Disposition"]


def test_a_kit_holds_exactly_the_public_content_of_its_language(client, festival):
    film, release, draft = festival
    run_worker()
    archive, _body = opened(client.get(f"/ru/films/{film.slug}/press-kit/"))
    listed = manifest_matches(archive)
    names = set(listed)
    assert f"release-{release.slug}.html" in names
    assert f"release-{release.slug}.txt" in names
    assert "poster-full.png" in names and "still-01-full.png" in names
    assert "captions-and-credits.txt" in names
    if pdf.available():  # always in CI, which installs Pango
        assert listed[f"release-{release.slug}.pdf"]["kind"] == "release-pdf"
        assert listed[f"fact-sheet-{film.slug}.pdf"]["kind"] == "fact-sheet-pdf"
        assert archive.getinfo(f"release-{release.slug}.pdf").compress_type == (
            zipfile.ZIP_STORED
        )
    assert not any("secret" in name for name in names)
    russian = archive.read(f"release-{release.slug}.html").decode()
    assert '<html lang="ru">' in russian
    assert "Salt Lake wins [ru]" in russian
    assert "Only in English so far." not in russian  # not translated: left out
    assert "Dana Omarova" in russian and "press@example.org" in russian
    captions = archive.read("captions-and-credits.txt").decode()
    assert "Постер." in captions and "В степи." in captions
    for name in names:
        if name.endswith(".html"):  # offline documents: no script, nothing remote
            document = archive.read(name).decode().lower()
            assert "<script" not in document and "http" not in document, name
    everything = b"".join(archive.read(name) for name in names)
    assert b"A secret draft" not in everything and b"Not yet." not in everything
    assert all(listed[name]["language"] in ("ru", "") for name in names)


def test_the_all_languages_kit_of_a_release_has_only_its_public_languages(
    client, festival
):
    film, release, draft = festival
    run_worker()
    archive, _body = opened(client.get(f"/en/releases/{release.slug}/press-kit/all/"))
    folders = {name.split("/")[0] for name in archive.namelist() if "/" in name}
    assert folders == {"en", "ru"}
    assert client.get(f"/es/releases/{release.slug}/press-kit/").status_code == 404
    assert client.get(f"/en/releases/{draft.slug}/press-kit/").status_code == 404


def test_the_same_content_gives_the_same_bytes(client, festival):
    film, release, draft = festival
    run_worker()
    first = opened(client.get(f"/en/films/{film.slug}/press-kit/"))[1]
    for kit in PressKit.objects.all():
        kit.delete()
    building.refresh(f"film:{film.pk}")
    again = opened(client.get(f"/en/films/{film.slug}/press-kit/"))[1]
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(again).hexdigest()


def test_a_change_makes_a_new_kit_and_the_old_one_is_never_served(
    client, festival, django_capture_on_commit_callbacks
):
    film, release, draft = festival
    run_worker()
    before = client.get(f"/ru/releases/{release.slug}/press-kit/")
    old_etag = before["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        paragraph = release.paragraphs.get(text_en="Only in English so far.")
        paragraph.text_ru = "Пока только по-английски."
        paragraph.save()
    # Until the worker has run, the new content is "being prepared".
    assert client.get(f"/ru/releases/{release.slug}/press-kit/").status_code == 202
    run_worker()
    after = client.get(f"/ru/releases/{release.slug}/press-kit/")
    assert after.status_code == 200 and after["ETag"] != old_etag
    archive, _body = opened(after)
    assert (
        "Пока только по-английски."
        in archive.read(f"release-{release.slug}.html").decode()
    )
    assert not PressKit.objects.filter(digest__startswith=old_etag.strip('"')).exists()
    stored_names = {
        path.name for path in (Path(settings.MEDIA_ROOT) / "presskits").rglob("*.zip")
    }
    assert stored_names == {Path(kit.file.name).name for kit in PressKit.objects.all()}


def test_a_scheduled_release_is_in_no_kit_until_its_minute_and_its_kit_is_ready(
    client, festival, django_capture_on_commit_callbacks
):
    film, release, draft = festival
    soon = timezone.now() + timezone.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        draft.publish_at = soon
        draft.save()
        publishing.publish(draft.pk, "en", None)
    run_worker()
    archive, _body = opened(client.get(f"/en/films/{film.slug}/press-kit/"))
    assert not any("secret" in name for name in archive.namelist())
    assert client.get(f"/en/releases/{draft.slug}/press-kit/").status_code == 404
    # At its minute the kit that holds it is already built.
    later = building.plan(f"film:{film.pk}", "en", soon)
    assert building.stored(later) is not None


def test_kits_are_served_with_ranges_and_conditional_requests(client, festival):
    film, release, draft = festival
    run_worker()
    url = f"/en/films/{film.slug}/press-kit/"
    whole = client.get(url)
    body = b"".join(whole.streaming_content)
    assert int(whole["Content-Length"]) == len(body)
    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert b"".join(part.streaming_content) == body[100:200]
    assert client.get(url, HTTP_IF_NONE_MATCH=whole["ETag"]).status_code == 304
    modified = whole["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304


def test_hostile_titles_make_safe_names(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        film = make_film(title="../../etc/passwd")
        for title in ("a/b\\c\x01", "Қазақ әні / Перемирие", "x" * 290):
            make_article(title=title, film=film)
    run_worker()
    archive, _body = opened(client.get(f"/en/films/{film.slug}/press-kit/"))
    for name in archive.namelist():
        assert name.isascii() and ".." not in name and "\\" not in name
        assert all(part and not part.startswith(".") for part in name.split("/"))
        assert len(name) < 120


def test_the_fact_sheet_holds_the_films_facts_with_untranslated_texts_marked(
    client, django_capture_on_commit_callbacks
):
    from articles.models import Credit, Person

    with django_capture_on_commit_callbacks(execute=True):
        film = make_film(
            title="Salt Lake", title_ru="Солёное озеро", year=2025,
            runtime_minutes=104, production_countries="KZ, ES",
            spoken_languages="kk, ru", aspect_ratio="2.39:1",
            short_synopsis_en="Two sisters and a dry lake.",
            director_statement_en="I grew up by that lake.",
        )  # fmt: skip
        director = Person.objects.create(
            name_en="Dana Omarova", name_ru="Дана Омарова", bio_ru="Родилась в Арале."
        )
        Credit.objects.create(film=film, person=director, role=Credit.Role.DIRECTOR)
    run_worker()
    archive, _body = opened(client.get(f"/ru/films/{film.slug}/press-kit/"))
    sheet = archive.read(f"film-{film.slug}.txt").decode()
    for fact in ("Солёное озеро", "2025", "104", "Казахстан, Испания", "2.39:1"):
        assert fact in sheet, fact
    assert "[English] Two sisters and a dry lake." in sheet
    assert "[English] I grew up by that lake." in sheet
    assert "Дана Омарова" in sheet and "Родилась в Арале." in sheet
    html = archive.read(f"film-{film.slug}.html").decode()
    assert '<div class="prose" lang="en">' in html  # the fallback keeps its lang
