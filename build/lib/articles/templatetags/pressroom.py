"""Template helpers for texts that may be in another language, and for dates."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.countries import country_name
from articles.languages import active_language, local_name
from articles.models import Event

register = template.Library()


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
def percent(value):
    """A share such as 70 or 12.5, written with the language's percent sign."""
    return _("%(share)s%%") % {"share": floatformat(value, "-2")}
