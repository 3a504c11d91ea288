"""Images as an editor meets them: uploads refused with a message and nothing
stored, renditions made once, previews in the admin, credits on pages, and
downloads labelled in the language asked."""

import io
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TransactionTestCase
from django.urls import reverse
from PIL import Image as Picture
from PIL import IptcImagePlugin

from articles import image_files
from articles.models import ArticleImage, Image, Rendition
from tests.factories import make_article, make_film, make_image, make_person
from tests.test_admin import make_staff

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_image_add")


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff("images-editor", "Editors"))
    return client


def jpeg_bytes(width=900, height=600, orientation=None, gps=False):
    exif = Picture.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (43.0, 19.0, 7.0)}
    buffer = io.BytesIO()
    Picture.new("RGB", (width, height), (90, 120, 60)).save(
        buffer, "JPEG", exif=exif.tobytes()
    )
    return buffer.getvalue()


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path) for path in root.rglob("*") if path.is_file())


def upload(editor_client, name, content, **fields):
    data = {
        "source_language": "en",
        "alt_text_en": "A field.",
        "focal_x": "0.5",
        "focal_y": "0.5",
        "file": SimpleUploadedFile(name, content),
        **fields,
    }
    return editor_client.post(ADD_URL, data)


def refusal(response):
    assert response.status_code == 200, "the form comes back with a message"
    return " ".join(
        str(error) for error in response.context["adminform"].form.errors["file"]
    )


def animated_gif():
    frames = [Picture.new("P", (20, 20), color) for color in (1, 2)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HOSTILE = [
    ("poster.jpg", jpeg_bytes()[:4000], "incomplete or damaged"),
    ("drawing.svg", SVG, "not an image"),
    ("page.jpg", b"<!DOCTYPE html><html><body>hi</body></html>", "not an image"),
    ("name.php.png", b"<?php system($_GET['c']); ?>", "not an image"),
    ("empty.jpg", b"", "empty"),
    ("moving.gif", animated_gif(), "not an image"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE)
def test_hostile_uploads_are_refused_with_a_message_and_nothing_is_stored(
    editor_client, name, content, message
):
    response = upload(editor_client, name, content)
    if content == b"":
        # Browsers send no file for an empty one; Django says the file is empty.
        assert "empty" in refusal(response).lower()
    else:
        assert message in refusal(response)
    assert not Image.objects.exists()
    assert stored_files() == []


def test_a_huge_png_is_refused_before_it_is_decoded(editor_client):
    from tests.test_image_uploads import png_claiming

    response = upload(editor_client, "big.png", png_claiming(16000, 10000))
    assert "160 million pixels" in refusal(response)
    assert stored_files() == []


def test_an_upload_is_stored_under_its_content_not_its_name(editor_client):
    response = upload(editor_client, "evil.php.jpg", jpeg_bytes(orientation=6))
    assert response.status_code == 302
    image = Image.objects.get()
    assert "evil" not in image.file.name and ".php" not in image.file.name
    assert image.file.name.startswith("originals/") and image.file.name.endswith(".jpg")
    assert (image.format, image.width, image.height) == ("JPEG", 600, 900)  # upright


class RenditionsAreBuiltOnce(TransactionTestCase):
    """Right after the upload is committed, then never again."""

    def test_renditions_are_made_after_upload_and_reused(self):
        self.client.force_login(make_staff("images-builder", "Editors"))
        upload(self.client, "still.jpg", jpeg_bytes(2000, 1000))
        image = Image.objects.get()
        keys = set(image.renditions.values_list("key", flat=True))
        assert keys == {
            image_files.rendition_key(image, spec)
            for spec in image_files.page_specs(image)
        }
        article = make_article(hero_image=image)
        page = self.client.get(article.get_absolute_url()).content.decode()
        files = set(re.findall(r"/media/images/[^\s\",]+", page))
        renditions = {url for url in files if "/download/" not in url}
        assert len(renditions) == 9  # 4 widths, JPEG and WebP; the share card

        def built():
            return {
                r.pk: os.path.getmtime(r.file.path) for r in Rendition.objects.all()
            }

        before = built()
        for url in renditions:
            assert self.client.get(url).status_code == 200
        assert built() == before  # nothing built or rewritten
        download = next(url for url in files if "/download/" in url)
        for _attempt in range(2):
            assert self.client.get(download).status_code == 200
        assert len(built()) == len(before) + 1  # the download, built once


def test_moving_the_focal_point_makes_a_new_share_card(client):
    image = make_image(content=jpeg_bytes(2000, 1000))
    make_film(poster=image)
    first = image_files.rendition(image, image_files.renditions.SPECS["social-jpeg"])
    image.focal_x = 0.9
    image.save()
    second = image_files.rendition(image, image_files.renditions.SPECS["social-jpeg"])
    assert first.key != second.key
    assert not Rendition.objects.filter(pk=first.pk).exists()


def test_the_admin_shows_thumbnails_everywhere_an_image_is_chosen(editor_client):
    poster, still, portrait = make_image(), make_image(), make_image()
    film = make_film(poster=poster)
    film.still_items.create(image=still)
    person = make_person(portrait=portrait)
    article = make_article(hero_image=poster)
    ArticleImage.objects.create(article=article, image=still)
    pages = {
        reverse("admin:articles_image_changelist"): [poster, still, portrait],
        reverse("admin:articles_film_change", args=[film.pk]): [poster, still],
        reverse("admin:articles_person_change", args=[person.pk]): [portrait],
        reverse("admin:articles_article_change", args=[article.pk]): [poster, still],
        reverse("admin:articles_article_translate", args=[article.pk, "ru"]): [poster],
    }
    for url, images in pages.items():
        html = editor_client.get(url).content.decode()
        for image in images:
            assert image.url("thumb-jpeg") in html, (url, image)
    for image in (poster, still):
        assert editor_client.get(image.url("thumb-jpeg")).status_code == 200


def test_a_credit_appears_only_in_its_own_language_unless_neutral(client):
    image = make_image(credit_en="Photo: Ana Ruiz", caption_en="On set.")
    article = make_article(
        languages=("en", "ru"), published=("en", "ru"), hero_image=image
    )
    english = client.get(article.get_absolute_url()).content.decode()
    russian = client.get(f"/ru/releases/{article.slug}/").content.decode()
    assert "Photo: Ana Ruiz" in english
    assert "Photo: Ana Ruiz" not in russian
    image.credit_en, image.credit_is_neutral = "Ana Ruiz", True
    image.save()
    russian = client.get(f"/ru/releases/{article.slug}/").content.decode()
    assert '<span class="credit" lang="en">Ana Ruiz</span>' in russian


def test_alt_text_is_required_in_every_published_language(client):
    from articles import publishing
    from articles.publishing import PublicationRefused

    image = make_image(alt_text_en="A field.")
    article = make_article(languages=("en", "ru"), published=("en",), hero_image=image)
    with pytest.raises(PublicationRefused, match="alternative text"):
        publishing.publish(article.pk, "ru", None)


LABELS = {
    "en": ("The director on the steppe.", "Photo: Ana Ruiz"),
    "ru": ("Режиссёр в степи.", "Фото: Ана Руис"),
    "kk": ("Режиссер даладағы түсірілімде: әғқңөұүһі.", "Фото: Ана Руис"),
    "es": ("La directora en la estepa, al atardecer.", "Foto: Ana Ruiz"),
}


def test_downloads_carry_caption_credit_and_copyright_in_the_language_asked(client):
    texts = {}
    for language, (caption, credit) in LABELS.items():
        texts[f"caption_{language}"] = caption
        texts[f"credit_{language}"] = credit
    image = make_image(
        content=jpeg_bytes(3600, 2400, orientation=6, gps=True),
        copyright="© 2025 Plano a Plano",
        **texts,
    )
    make_film(poster=image)
    for language, (caption, credit) in LABELS.items():
        for size in ("full", "print"):
            response = client.get(image.download_url(language, size))
            assert response.status_code == 200
            assert "attachment" in response["Content-Disposition"]
            body = b"".join(response.streaming_content)
            picture = Picture.open(io.BytesIO(body))
            iptc = IptcImagePlugin.getiptcinfo(picture)
            assert iptc[(2, 120)].decode() == caption
            assert iptc[(2, 110)].decode() == credit
            assert iptc[(2, 116)].decode() == "© 2025 Plano a Plano"
            xmp = str(picture.getxmp())
            assert caption in xmp and credit in xmp
            exif = picture.getexif()
            assert 0x8825 not in exif  # no GPS
            if size == "print":
                assert max(picture.size) == 3000
                assert picture.size == (2000, 3000)  # turned upright
            else:
                assert exif.get(0x0112) == 6 and picture.size == (3600, 2400)


def test_editing_texts_keeps_the_file_and_replacing_it_forgets_the_old_one(
    editor_client,
):
    from tests.admin_forms import change_form_data

    upload(editor_client, "first.jpg", jpeg_bytes(900, 600))
    image = Image.objects.get()
    image_files.build_renditions(image)
    url = reverse("admin:articles_image_change", args=[image.pk])
    data = change_form_data(editor_client.get(url))
    data["caption_en"] = "A new caption."
    assert editor_client.post(url, data).status_code == 302
    edited = Image.objects.get()
    assert (edited.caption_en, edited.file.name) == ("A new caption.", image.file.name)
    kept = len(image_files.page_specs(image))
    assert edited.version == image.version and edited.renditions.count() == kept

    data = change_form_data(editor_client.get(url))
    data["file"] = SimpleUploadedFile("second.jpg", jpeg_bytes(400, 800))
    assert editor_client.post(url, data).status_code == 302
    replaced = Image.objects.get()
    assert (replaced.width, replaced.height) == (400, 800)
    assert replaced.version != image.version
    assert not replaced.renditions.filter(width=900).exists()
    assert editor_client.get(image.url("w480-jpeg")).status_code == 404
    thumb = editor_client.get(replaced.url("thumb-jpeg"))
    picture = Picture.open(io.BytesIO(b"".join(thumb.streaming_content)))
    assert picture.size[1] > picture.size[0]  # the new, upright picture
