"""Template helpers for texts that may be in another language, and for dates."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.countries import country_name
from articles.image_files import web_widths
from articles.languages import active_language, language_name_in, local_name
from articles.models import Event

register = template.Library()

# As django.utils.html.json_script escapes: no "</script>", "<!--" or "&" can
# end or change the script element, whatever a title holds.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """``data`` as a ``<script type="application/ld+json">`` element: a data
    block, which browsers never run, so the site's CSP allows it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),
    )


@register.filter
def text(obj, field):
    """The field's text in the page language and no other (release texts)."""
    return obj.text_in(field, active_language())


@register.filter
def in_language(obj, field):
    """The field's text in the page language, or in the source language (marked)."""
    return obj.text_or_source(field, active_language())


@register.simple_tag
def inline_text(obj, field):
    """A short text (a name, a title) in a span with ``lang`` when it fell back."""
    text = obj.text_or_source(field, active_language())
    if text.is_fallback:
        return format_html('<span lang="{}">{}</span>', text.language, text.text)
    return text.text


@register.inclusion_tag("articles/includes/body_text.html")
def body_text(obj, field):
    """A longer text; untranslated, it is shown in its own language with a note."""
    text = obj.text_or_source(field, active_language())
    # linebreaks() escapes the text itself, so its paragraphs are safe to show.
    return {"text": text, "html": mark_safe(linebreaks(text.text, autoescape=True))}


@register.filter
def event_date(event):
    """An exact date, a month, or "to be announced", the way the language writes it."""
    if event.date is None or event.date_precision == Event.Precision.TBA:
        return _("date to be announced")
    if event.date_precision == Event.Precision.MONTH:
        return formats.date_format(event.date, "YEAR_MONTH_FORMAT")
    text = formats.date_format(event.date, "DATE_FORMAT")
    if event.time:
        time = formats.time_format(event.time, "TIME_FORMAT")
        zone = f" ({event.time_zone})" if event.time_zone else ""
        text = f"{text}, {time}{zone}"
    return text


@register.filter
def country(code):
    return country_name(code, active_language())


@register.filter
def language_name(code):
    """A language's name in itself: Русский, Қазақша, Español."""
    return local_name(code)


@register.filter
def language_here(code):
    """A language's name in the page language, for facts: "испанский" on /ru/."""
    return language_name_in(code, active_language())


@register.filter
def percent(value):
    """A share such as 70 or 12.5, written with the language's percent sign."""
    return _("%(share)s%%") % {"share": floatformat(value, "-2")}


DEFAULT_SIZES = "(min-width: 52rem) 48rem, 100vw"


@register.inclusion_tag("articles/includes/picture.html")
def picture(image, sizes=DEFAULT_SIZES, lazy=True, alt=None):
    """An image in web sizes, WebP where the browser takes it, JPEG otherwise.

    Only addresses are written: the file view builds a missing rendition, so
    a page costs no query per image.
    """
    if not image.width:
        return {"image": None}
    sizes_made = [(spec, min(spec, image.width)) for spec in web_widths(image)]
    jpeg = [(image.url(f"w{spec}-jpeg"), width) for spec, width in sizes_made]
    webp = [(image.url(f"w{spec}-webp"), width) for spec, width in sizes_made]
    shown = min(800, image.width)
    alt = (
        alt if alt is not None else image.text_or_source("alt_text", active_language())
    )
    return {
        "image": image,
        "alt": alt,
        "src": next(url for url, width in jpeg if width == shown),
        "jpeg_srcset": ", ".join(f"{url} {width}w" for url, width in jpeg),
        "webp_srcset": ", ".join(f"{url} {width}w" for url, width in webp),
        "sizes": sizes,
        "width": shown,
        "height": round(shown * image.height / image.width),
        "lazy": lazy,
    }


@register.filter
def names_speaker(paragraph, language):
    return paragraph.names_speaker(language)


@register.filter
def credit(image):
    """The credit a page shows: its own language's, or a neutral one."""
    return image.shown_credit(active_language())


@register.filter
def download_url(image, size):
    """The labelled download in the page's language."""
    return image.download_url(active_language(), size)


@register.filter
def thumbnail(image, size=120):
    """A small preview for the admin: staff see it whether public or not."""
    if image is None or not getattr(image, "width", None):
        return "—"
    scale = int(size) / max(image.width, image.height)
    return format_html(
        '<img class="admin-thumbnail" src="{}" width="{}" height="{}" alt="">',
        image.url("thumb-jpeg"),
        max(1, round(image.width * scale)),
        max(1, round(image.height * scale)),
    )


@register.filter
def noted(text):
    """Plain text that fell back to its source language says which, as
    ``[English] …``: a kit's text file has no ``lang`` attribute."""
    if getattr(text, "is_fallback", False) and text:
        return f"[{local_name(text.language)}] {text}"
    return text
