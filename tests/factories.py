"""Small builders for test data: a release in a few lines, any size."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from articles import completeness
from articles.models import Article, Film, Image, Paragraph, Person


def make_person(name="Ana Torres", **fields):
    return Person.objects.create(name_en=name, **fields)


def make_film(title="The Long Steppe", **fields):
    return Film.objects.create(title_en=title, **fields)


def make_article(
    title="A release",
    paragraphs=3,
    languages=("en",),
    published=("en",),
    source_language="en",
    **fields,
):
    """A release with ``paragraphs`` texts in each of ``languages``."""
    titles = {f"title_{code}": f"{title} [{code}]" for code in languages}
    article = Article.objects.create(
        source_language=source_language, **titles, **fields
    )
    Paragraph.objects.bulk_create(
        Paragraph(
            article=article,
            position=position,
            **{f"text_{code}": f"Paragraph {position} [{code}]." for code in languages},
        )
        for position in range(1, paragraphs + 1)
    )
    completeness.record([article.pk])  # bulk_create sends no signal
    for code in published:
        article.publish(code)
    return article


def png_bytes(width=40, height=30, color=(200, 80, 40)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


ALT_TEXTS = {
    "alt_text_en": "A grey still.",
    "alt_text_ru": "Серый кадр.",
    "alt_text_kk": "Сұр кадр.",
    "alt_text_es": "Un fotograma gris.",
}


def make_image(name="still.png", content=None, **fields):
    """An image described in every language (alt text is required to publish)."""
    upload = SimpleUploadedFile(name, content or png_bytes(), content_type="image/png")
    if not any(field.startswith("alt_text") for field in fields):
        fields = {**ALT_TEXTS, **fields}
    return Image.objects.create(file=upload, **fields)
