"""An embargo in words: "embargoed until 26 September 2025, 21:30 CEST (19:30
UTC) — Premiere + 30 min".

Written here once, so the release page, the release list and the banner that
personal links show (in the recipient's time zone) say the same thing.
"""

import zoneinfo
from datetime import UTC

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _


def zone_named(name):
    """``name``'s time zone; the office's (``TIME_ZONE``) for an empty or
    unknown name. A tzinfo is returned as it is."""
    if name and not isinstance(name, str):
        return name
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def zone_abbreviation(moment):
    """ "CEST"; zones without a letter abbreviation read "UTC+05"."""
    name = moment.tzname() or ""
    return f"UTC{name}" if name[:1] in "+-" else name


def moment_text(when, zone=None):
    """``when`` in ``zone`` and in UTC, as the active language writes them."""
    local = timezone.localtime(when, zone_named(zone))
    text = "{} {}".format(
        formats.date_format(local, "DATETIME_FORMAT"), zone_abbreviation(local)
    )
    utc = timezone.localtime(when, UTC)
    if local.utcoffset() == utc.utcoffset() and zone_abbreviation(local) == "UTC":
        return text
    same_day = utc.date() == local.date()
    utc_text = formats.date_format(
        utc, "TIME_FORMAT" if same_day else "DATETIME_FORMAT"
    )
    return _("%(local)s (%(utc)s UTC)") % {"local": text, "utc": utc_text}


def event_text(article):
    """ "Premiere + 30 min", "Premiere − 15 min" or "Premiere"."""
    event, minutes = article.embargo_event, article.embargo_offset or 0
    if minutes > 0:
        return _("%(event)s + %(minutes)s min") % {"event": event, "minutes": minutes}
    if minutes < 0:
        return _("%(event)s − %(minutes)s min") % {"event": event, "minutes": -minutes}
    return str(event)


def describe(article, zone=None, now=None):
    """The release's embargo in words, "" when it has none. ``zone`` is where
    the reader is (a name or tzinfo; the office's by default)."""
    if not article.has_embargo:
        return ""
    now = now or timezone.now()
    ends = article.embargo_ends_at
    if ends is not None and ends <= now:
        return _("embargo passed")
    if ends is None:
        return _("until the %(event)s — time to be announced") % {
            "event": event_text(article)
        }
    text = _("embargoed until %(moment)s") % {"moment": moment_text(ends, zone)}
    if article.embargo_event_id is not None:
        text = _("%(embargo)s — %(event)s") % {
            "embargo": text,
            "event": event_text(article),
        }
    return text
