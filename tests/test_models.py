import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import (
    Article,
    ArticleImage,
    Event,
    Financing,
    Paragraph,
    Person,
)
from articles.slugs import latin_slug

from .factories import make_article, make_film, make_image, make_person

pytestmark = pytest.mark.django_db


# Slugs


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Перемирие", "peremirie"),
        ("La Tregua: estreno en San Sebastián", "la-tregua-estreno-en-san-sebastian"),
        ("Әлемдік премьера Қарағанды", "alemdik-premera-karagandy"),
        ("", ""),
    ],
)
def test_latin_slug_transliterates(text, slug):
    assert latin_slug(text) == slug


def test_russian_release_gets_latin_slug_and_saves_with_empty_english():
    article = Article.objects.create(source_language="ru", title_ru="Перемирие")
    article.refresh_from_db()
    assert article.slug == "peremirie"
    assert not article.title_en
    assert not article.summary_en
    assert str(article) == "Перемирие"


def test_colliding_slugs_get_a_numeric_suffix():
    first = Article.objects.create(title_en="La Tregua")
    second = Article.objects.create(title_en="La Tregua")
    third = Article.objects.create(title_ru="Ла Трегуа", source_language="ru")
    assert (first.slug, second.slug, third.slug) == (
        "la-tregua",
        "la-tregua-2",
        "la-tregua-3",
    )


def test_titles_longer_than_a_slug_get_distinct_shortened_slugs():
    # Found by the hypothesis corpus: the second release's shortened slug did
    # not start with the full-length one, so it was not seen as taken.
    title = "Rezhisserpoblagodarilpastukhovstepi" * 4
    slugs = [Article.objects.create(title_en=title).slug for _ in range(12)]
    assert len(set(slugs)) == 12
    assert all(len(slug) <= 80 for slug in slugs)
    assert slugs[1] == slugs[0][:78] + "-2"
    assert slugs[11] == slugs[0][:77] + "-12"


def test_release_without_title_gets_placeholder_then_a_real_slug():
    article = Article.objects.create()
    assert article.slug == f"release-{article.pk}"
    assert Article.objects.get(pk=article.pk).slug == f"release-{article.pk}"
    article.title_en = "Premiere in San Sebastián"
    article.save()
    assert article.slug == "premiere-in-san-sebastian"


def test_slug_does_not_change_when_title_changes():
    article = Article.objects.create(title_en="First title")
    article.title_en = "Second title"
    article.save()
    assert article.slug == "first-title"


def test_person_and_film_slugs_come_from_source_language():
    person = Person.objects.create(source_language="kk", name_kk="Дәурен Байғалиев")
    film = make_film(title="", title_ru="Перемирие", source_language="ru")
    assert person.slug == "dauren-baigaliev"
    assert film.slug == "peremirie"


# __str__


def test_str_falls_back_to_source_language_for_labels():
    person = make_person("Aron Piper")
    from django.utils import translation

    with translation.override("ru"):
        assert str(person) == "Aron Piper"
    person.name_ru = "Арон Пипер"
    with translation.override("ru"):
        assert str(person) == "Арон Пипер"


def test_body_text_does_not_fall_back():
    article = make_article(languages=("en",))
    paragraph = article.paragraphs.first()
    from django.utils import translation

    with translation.override("ru"):
        assert not paragraph.text
    text = article.text_in("title", "ru")
    assert not text and text.language == "ru"
    fallback = article.text_or_source("title", "ru")
    assert fallback.text == "A release [en]" and fallback.is_fallback


# Paragraph constraints and reordering


def test_paragraph_positions_are_unique_per_release():
    article = make_article(paragraphs=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Paragraph.objects.create(article=article, position=1, text_en="Again")


def test_new_paragraph_is_appended():
    article = make_article(paragraphs=2)
    paragraph = Paragraph.objects.create(article=article, text_en="Last")
    assert paragraph.position == 3


def test_only_a_quote_has_a_speaker():
    article = make_article(paragraphs=0)
    speaker = make_person()
    with pytest.raises(IntegrityError), transaction.atomic():
        Paragraph.objects.create(article=article, kind="text", speaker=speaker)
    quote = Paragraph(article=article, position=1, kind="text", speaker=speaker)
    with pytest.raises(ValidationError):
        quote.full_clean()


def test_swapping_two_paragraphs_renumbers_in_one_transaction():
    article = make_article(paragraphs=3)
    first, second, third = article.paragraphs.order_by("position")
    article.reorder_paragraphs([second.pk, first.pk, third.pk])
    texts = list(
        article.paragraphs.order_by("position").values_list("text_en", "position")
    )
    assert texts == [
        ("Paragraph 2 [en].", 1),
        ("Paragraph 1 [en].", 2),
        ("Paragraph 3 [en].", 3),
    ]


def test_reorder_refuses_an_incomplete_list_and_changes_nothing():
    article = make_article(paragraphs=3)
    first, second, third = article.paragraphs.order_by("position")
    before = list(article.paragraphs.values_list("pk", "position"))
    for wrong in ([second.pk, first.pk], [first.pk, first.pk, third.pk], [1, 2, 99999]):
        with pytest.raises(ValueError):
            article.reorder_paragraphs(wrong)
    assert list(article.paragraphs.values_list("pk", "position")) == before


def test_gallery_is_ordered_and_reorderable():
    article = make_article(paragraphs=0)
    images = [make_image(f"still-{n}.png", caption_en=f"Still {n}") for n in range(3)]
    items = [
        ArticleImage.objects.create(article=article, image=image) for image in images
    ]
    assert [item.position for item in items] == [1, 2, 3]
    article.reorder_gallery([items[2].pk, items[0].pk, items[1].pk])
    ordered = [item.image.caption_en for item in article.gallery_items.all()]
    assert ordered == ["Still 2", "Still 0", "Still 1"]
    assert images[0].width == 40 and images[0].height == 30


# Financing


def test_financing_share_must_be_between_0_and_100_in_the_database():
    film = make_film()
    with pytest.raises(IntegrityError), transaction.atomic():
        Financing.objects.create(film=film, country="ES", share=Decimal("120"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Financing.objects.create(film=film, country="ES", share=Decimal("-1"))


def test_financing_over_100_percent_is_refused_by_full_clean():
    film = make_film()
    Financing.objects.create(film=film, country="ES", share=Decimal("70"))
    Financing.objects.create(film=film, country="KZ", share=Decimal("30"))
    film.full_clean()
    extra = Financing(film=film, country="FR", share=Decimal("5"))
    with pytest.raises(ValidationError, match="105"):
        extra.full_clean()
    Financing.objects.filter(country="KZ").update(share=Decimal("35"))
    with pytest.raises(ValidationError, match="105"):
        film.full_clean()


# Events


def test_event_dates_exact_month_or_tba():
    film = make_film()
    tba = Event(
        kind="streaming_release", film=film, date_precision="tba", title_en="Netflix"
    )
    tba.full_clean()
    tba.save()
    month = Event.objects.create(
        kind="award",
        date_precision="month",
        date=datetime.date(2026, 2, 14),
        title_en="Goya",
    )
    assert month.date == datetime.date(2026, 2, 1)
    screening = Event(
        kind="festival_screening",
        date=datetime.date(2025, 9, 26),
        time=datetime.time(20, 30),
        time_zone="Europe/Madrid",
        title_en="Gala",
    )
    screening.full_clean()
    screening.save()
    assert screening.starts_at.utcoffset() == datetime.timedelta(hours=2)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date_precision": "day"}, "Give a date"),
        ({"date_precision": "tba", "date": datetime.date(2025, 1, 1)}, "no date"),
        (
            {"date_precision": "month", "date": datetime.date(2025, 1, 1),
             "time": datetime.time(10)},
            "exact date",
        ),
    ],
)  # fmt: skip
def test_event_with_inconsistent_date_is_refused(fields, message):
    event = Event(kind="premiere", title_en="Premiere", **fields)
    with pytest.raises(ValidationError, match=message):
        event.full_clean()


def test_event_date_constraint_holds_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(kind="premiere", date_precision="day", date=None)


# Visibility


def test_public_shows_only_published_languages():
    article = make_article(languages=("en", "ru"), published=("en",))
    assert list(Article.objects.public("en")) == [article]
    assert not Article.objects.public("ru").exists()
    assert article.is_public("en") and not article.is_public("ru")


def test_draft_is_not_public_in_any_language():
    article = make_article(languages=("en", "ru"), published=())
    for code in ("en", "ru", "kk", "es"):
        assert not Article.objects.public(code).exists()
        assert not article.is_public(code)
    assert article.status() == Article.Status.DRAFT


def test_future_publish_at_hides_the_release_until_then():
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    article = make_article(published=("en",), publish_at=tomorrow)
    assert not Article.objects.public("en").exists()
    assert not article.is_public("en")
    assert article.status() == Article.Status.SCHEDULED
    later = tomorrow + datetime.timedelta(minutes=1)
    assert list(Article.objects.public("en", now=later)) == [article]
    assert article.is_public("en", now=later)
    assert article.status(now=later) == Article.Status.LIVE


def test_publish_at_without_any_published_language_is_still_a_draft():
    yesterday = timezone.now() - datetime.timedelta(days=1)
    article = make_article(published=(), publish_at=yesterday)
    assert article.status() == Article.Status.DRAFT
    assert not Article.objects.public("en").exists()


def test_status_querysets_agree_with_the_model():
    draft = make_article(title="Draft", published=())
    scheduled = make_article(
        title="Soon", publish_at=timezone.now() + datetime.timedelta(hours=1)
    )
    live = make_article(title="Live")
    assert list(Article.objects.drafts()) == [draft]
    assert list(Article.objects.scheduled()) == [scheduled]
    assert list(Article.objects.live()) == [live]


def test_unknown_language_is_never_public():
    make_article(published=("en",))
    assert not Article.objects.public("xx").exists()
    with pytest.raises(ValueError):
        Article.objects.first().publish("xx")


def test_unpublishing_a_language_hides_it():
    article = make_article(languages=("en", "ru"), published=("en", "ru"))
    article.unpublish("ru")
    assert list(Article.objects.public("en")) == [article]
    assert not Article.objects.public("ru").exists()
    assert Article.objects.get(pk=article.pk).published_languages == ["en"]
