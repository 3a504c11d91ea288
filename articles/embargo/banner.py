"""The "Embargoed until …" line a link holder reads, in the page's language
and the recipient's time zone."""

import datetime
import zoneinfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def recipient_zone(link):
    try:
        return zoneinfo.ZoneInfo(link.time_zone) if link.time_zone else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def local_moment(moment, zone=None):
    """``moment`` as the reader's clock shows it, with the zone's abbreviation."""
    local = timezone.localtime(moment, zone or timezone.get_default_timezone())
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def embargo_line(article, at=None):
    """For a document held back at ``at`` (a link's PDF or kit): the line a
    press office prints on top, in the office's time zone and UTC."""
    at = at or timezone.now()
    moment = article.public_from()
    if moment is None and article.has_embargo:
        return _("EMBARGOED until %(event)s: time to be announced.") % {
            "event": article.embargo_event
        }
    if moment is None or moment <= at:
        return None
    utc = timezone.localtime(moment, datetime.UTC)
    return _("EMBARGOED until %(moment)s (%(utc)s UTC).") % {
        "moment": local_moment(moment),
        "utc": formats.time_format(utc, "TIME_FORMAT"),
    }


def banner_text(article, link, now=None):
    """What holds ``article`` back, or None once it is public everywhere."""
    now = now or timezone.now()
    moment = article.public_from()
    if moment is None and article.has_embargo:
        event = article.embargo_event
        return _("Embargoed until %(event)s: its time is still to be announced.") % {
            "event": event
        }
    if moment is None or moment <= now:
        return None
    return _("Embargoed until %(moment)s. Do not publish before then.") % {
        "moment": local_moment(moment, recipient_zone(link))
    }
