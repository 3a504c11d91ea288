"""The audit trail: who published, translated, imported or restored what.

Entries go to Django's admin log as structured messages (JSON), so each
reader sees them in their own language: ``describe()`` renders Pressroom's
own actions here and Django's added/changed/deleted messages as Django does.
Revision comments use the same format.
"""

import json

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .languages import display_name

ACTIONS = {
    "published": gettext_lazy("Published in %(language)s."),
    "unpublished": gettext_lazy(
        "Unpublished in %(language)s (public since %(since)s)."
    ),
    "translated": gettext_lazy(
        "Translated into %(language)s: %(saved)s saved, %(confirmed)s confirmed."
    ),
    "xliff": gettext_lazy(
        "XLIFF imported into %(language)s: %(applied)s applied, "
        "%(unchanged)s unchanged, %(refused)s refused."
    ),
    "docx": gettext_lazy(
        "Word document imported into %(language)s: %(applied)s applied, "
        "%(unchanged)s unchanged, %(refused)s refused."
    ),
    "imported": gettext_lazy("Imported from %(file)s."),
    "restored": gettext_lazy("Restored %(scope)s as of revision %(revision)s."),
    "created": gettext_lazy("Initial version."),
    "embargo_lifted": gettext_lazy("Embargo lifted (was: %(was)s)."),
    "link_created": gettext_lazy("Personal embargo link made (%(delivery)s)."),
    "link_reissued": gettext_lazy(
        "Personal embargo link re-issued (%(delivery)s): the old address no "
        "longer works."
    ),
    "link_revoked": gettext_lazy("Personal embargo link revoked."),
    "link_extended": gettext_lazy("Personal embargo link extended until %(until)s."),
}
# How a new token reached its recipient, for the messages above.
DELIVERIES = {
    "show": gettext_lazy("shown on the page"),
    "csv": gettext_lazy("downloaded as CSV"),
    "mail": gettext_lazy("mailed"),
}
WHOLE_RELEASE = "all"

__all__ = ["ADDITION", "CHANGE", "DELETION", "describe", "log", "message"]


def message(action, **params):
    """A structured message for the log or a revision comment."""
    return json.dumps([{"pressroom": {"action": action, **params}}])


def describe(text):
    """``text`` (a log message or revision comment) in the active language."""
    try:
        parts = json.loads(text)
    except (TypeError, ValueError):
        return text or ""
    if not isinstance(parts, list):
        return text
    own = [
        part["pressroom"]
        for part in parts
        if isinstance(part, dict) and isinstance(part.get("pressroom"), dict)
    ]
    if not own:
        return LogEntry(change_message=text).get_change_message()
    return " ".join(render(params) for params in own)


def render(params):
    template = ACTIONS.get(params.get("action"))
    if template is None:
        return str(params.get("action", ""))
    values = dict(params)
    if "language" in values:
        values["language"] = display_name(values["language"])
    for key in ("since", "until", "was"):
        if values.get(key):
            values[key] = moment(values[key])
    if "delivery" in values:
        values["delivery"] = DELIVERIES.get(values["delivery"], values["delivery"])
    if values.get("scope") == WHOLE_RELEASE:
        values["scope"] = _("the whole release")
    elif "scope" in values:
        values["scope"] = _("the %(language)s translation") % {
            "language": display_name(values["scope"])
        }
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(template)


def moment(iso):
    """An ISO timestamp as the reader's language writes a date and time."""
    when = parse_datetime(str(iso))
    if when is None:
        return str(iso)
    return formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")


def log(user, obj, action, flag=CHANGE, **params):
    """Record ``action`` on ``obj`` by ``user`` (nobody from the command line)."""
    if user is None or not user.is_authenticated:
        return None
    return LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=flag,
        change_message=message(action, **params),
        single_object=True,
    )


def entries_for(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
    ).select_related("user")


def log_each(user, objs, action, flag=CHANGE, **params):
    """``log`` for many objects at once (one query)."""
    objs = list(objs)
    if not objs or user is None or not user.is_authenticated:
        return []
    return LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=objs,
        action_flag=flag,
        change_message=message(action, **params),
    )
