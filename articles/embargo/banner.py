"""The "Embargoed until …" lines: the banner a link holder reads (in the page's
language and the recipient's time zone) and the line printed on a link's
documents (in the office's time zone), both worded through ``describe``."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .describe import event_text, moment_text


def embargo_line(article, at=None):
    """For a document held back at ``at`` (a link's PDF or kit): the line a
    press office prints on top, in the office's time zone and UTC."""
    at = at or timezone.now()
    moment = article.public_from()
    if moment is None and article.has_embargo:
        return _("EMBARGOED until %(event)s: time to be announced.") % {
            "event": event_text(article)
        }
    if moment is None or moment <= at:
        return None
    return _("EMBARGOED until %(moment)s.") % {"moment": moment_text(moment)}


def banner_text(article, link, now=None):
    """What holds ``article`` back, or None once it is public everywhere."""
    now = now or timezone.now()
    moment = article.public_from()
    if moment is None and article.has_embargo:
        return _("Embargoed until %(event)s: its time is still to be announced.") % {
            "event": event_text(article)
        }
    if moment is None or moment <= now:
        return None
    return _("Embargoed until %(moment)s. Do not publish before then.") % {
        "moment": moment_text(moment, link.time_zone)
    }
