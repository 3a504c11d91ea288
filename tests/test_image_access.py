"""Who may fetch an image file, and when: the leak matrix for images.

Every file of an image (original, downloads, every rendition) is asked for
by an anonymous visitor and by staff while its release is a draft, public
in another language only, scheduled, public, and unpublished again.
"""

import pytest
from django.utils import timezone

from articles.image_files import page_specs
from articles.models import ArticleImage, FilmImage, Image
from tests.factories import make_article, make_film, make_image, make_person
from tests.test_admin import make_staff

pytestmark = pytest.mark.django_db


def public_files(image, language="en"):
    """Every address a visitor could have seen or guessed, original aside."""
    return [
        image.download_url(language, "full"),
        image.download_url(language, "print"),
        *[image.url(spec.name) for spec in page_specs(image)],
    ]


def statuses(client, urls):
    return {url: client.get(url).status_code for url in urls}


def described_image(**fields):
    return make_image(
        alt_text_en="A still.", alt_text_ru="Кадр.", caption_en="On set.", **fields
    )


def release_with_images(published=("en",), **fields):
    article = make_article(languages=("en", "ru"), published=published, **fields)
    hero, still = described_image(), described_image()
    article.hero_image = hero
    article.save()
    ArticleImage.objects.create(article=article, image=still)
    return article, hero, still


def refreshed(image):
    return Image.objects.get(pk=image.pk)


def test_draft_images_answer_404_to_visitors_and_private_files_to_staff(client):
    article, hero, still = release_with_images(published=())
    for image in (hero, still):
        urls = [image.original_url(), *public_files(image)]
        assert set(statuses(client, urls).values()) == {404}
    client.force_login(make_staff("editor-images", "Editors"))
    response = client.get(still.url("w480-jpeg"))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert client.get(still.original_url()).status_code == 200


def test_public_release_images_are_served_and_the_original_is_not(client):
    article, hero, still = release_with_images()
    for image in (hero, still):
        assert set(statuses(client, public_files(image)).values()) == {200}
        assert client.get(image.original_url()).status_code == 404
    response = client.get(still.url("w800-webp"))
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, no-cache"
    again = client.get(still.url("w800-webp"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_download_follows_the_visibility_of_its_language(client):
    article, hero, still = release_with_images(published=("en",))
    assert client.get(still.download_url("en", "full")).status_code == 200
    assert client.get(still.download_url("ru", "full")).status_code == 404
    assert client.get(still.download_url("xx", "full")).status_code == 404
    assert client.get(still.download_url("en", "huge")).status_code == 404


def test_scheduled_release_images_wait_for_its_time(client):
    later = timezone.now() + timezone.timedelta(days=2)
    article, hero, still = release_with_images(publish_at=later)
    assert set(statuses(client, public_files(still)).values()) == {404}


def test_unpublishing_retires_every_old_address_for_good(client):
    article, hero, still = release_with_images()
    old = {image.pk: public_files(image) for image in (hero, still)}
    assert set(statuses(client, old[still.pk]).values()) == {200}

    article.unpublish("en")
    for image in (hero, still):
        assert refreshed(image).version != image.version
        assert set(statuses(client, old[image.pk]).values()) == {404}

    article.publish("en")  # public again: new addresses work, old ones never
    for image in (hero, still):
        assert set(statuses(client, old[image.pk]).values()) == {404}
        assert set(statuses(client, public_files(refreshed(image))).values()) == {200}


def test_rescheduling_a_public_release_hides_its_images_at_once(client):
    article, hero, still = release_with_images()
    old = public_files(still)
    article.publish_at = timezone.now() + timezone.timedelta(hours=1)
    article.save()
    assert set(statuses(client, old).values()) == {404}


def test_an_image_taken_out_of_a_public_gallery_is_no_longer_served(client):
    article, hero, still = release_with_images()
    old = public_files(still)
    ArticleImage.objects.filter(image=still).delete()
    assert set(statuses(client, old).values()) == {404}
    # The lead image, still in place, keeps its addresses.
    assert set(statuses(client, public_files(hero)).values()) == {200}


def test_an_image_still_shown_elsewhere_keeps_its_address(client):
    article, hero, still = release_with_images()
    film = make_film()
    FilmImage.objects.create(film=film, image=still)
    old = public_files(still)
    article.unpublish("en")
    assert refreshed(still).version == still.version
    assert set(statuses(client, old).values()) == {200}


def test_film_and_person_images_are_public_in_every_language(client):
    poster, still, portrait = described_image(), described_image(), described_image()
    film = make_film(poster=poster)
    FilmImage.objects.create(film=film, image=still)
    make_person(portrait=portrait)
    for image in (poster, still, portrait):
        for language in ("en", "ru", "kk", "es"):
            assert client.get(image.download_url(language, "print")).status_code == 200
        assert client.get(image.url("social-jpeg")).status_code == 200
        assert client.get(image.original_url()).status_code == 404


def test_a_replaced_poster_is_no_longer_served(client):
    poster, other = described_image(), described_image()
    film = make_film(poster=poster)
    old = public_files(poster)
    film.poster = other
    film.save()
    assert set(statuses(client, old).values()) == {404}
    assert client.get(other.url("w480-jpeg")).status_code == 200


def test_an_image_nobody_shows_is_private(client):
    image = described_image()
    assert set(statuses(client, public_files(image)).values()) == {404}


@pytest.mark.parametrize(
    "suffix",
    ["w480-jpeg.webp", "w999-jpeg.jpg", "original.jpg", "thumb-jpeg.png", "..%2F.jpg"],
)
def test_unknown_files_answer_404(client, suffix):
    article, hero, still = release_with_images()
    base = still.url("w480-jpeg").rsplit("/", 1)[0]
    assert client.get(f"{base}/{suffix}").status_code == 404


def test_a_wrong_version_answers_404_even_for_a_public_image(client):
    article, hero, still = release_with_images()
    good = still.url("w480-jpeg")
    assert client.get(good.replace(still.version, "00000000")).status_code == 404


def test_files_cannot_be_written_through_their_addresses(client):
    article, hero, still = release_with_images()
    assert client.post(still.url("w480-jpeg")).status_code == 405


def test_behind_nginx_django_decides_and_nginx_sends(client, settings):
    settings.MEDIA_ACCEL_PREFIX = "/protected-media/"
    article, hero, still = release_with_images()
    response = client.get(still.url("w480-jpeg"))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"].startswith("/protected-media/renditions/")
    assert response.content == b""
    draft = release_with_images(published=())[2]
    response = client.get(draft.url("w480-jpeg"))
    assert response.status_code == 404
    assert not response.has_header("X-Accel-Redirect")
