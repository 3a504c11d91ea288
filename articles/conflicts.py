"""No silent overwrites: a form writes only what its person changed.

Each change form (the release, each paragraph row, films and the rest)
carries in a hidden field the moment it was opened and a digest of every
value it showed. On save, per field and language:

- the person left it as shown: it is not written, so a newer value saved by
  someone else meanwhile stays (an editor's English title edit and a
  translator's Russian paragraph, made at the same time, both survive);
- the person changed it and nobody else did: it is written;
- both changed it since the form was opened: the save is refused with a
  message naming the field, who changed it and when; the person's own text
  stays in the form, and saving again keeps it (the conflict has been seen).

Who and when come from the revisions (``history``). The translation screen
and XLIFF imports follow the same rule with their own digests.
"""

import datetime
import hashlib
import json
from decimal import Decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from . import history
from .safe_forms import UsableChoicesMixin

BASE_FIELD = "edit_base"
UNTRACKED = {"id", "position", "DELETE", "ORDER", BASE_FIELD}


def normalized(value):
    """One spelling per value, whichever side it comes from (form or model)."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (models.QuerySet, list, tuple, set)):
        return ",".join(sorted(normalized(item) for item in value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, str):
        return " ".join(value.split())
    return str(value)


def digest(value):
    return hashlib.sha256(normalized(value).encode()).hexdigest()[:12]


def encode(opened, digests):
    return json.dumps({"at": opened.isoformat(), "fields": digests})


def decode(text):
    """``(opened, digests)``, or None for a missing or unreadable base."""
    try:
        data = json.loads(text or "")
        opened = parse_datetime(data["at"])
        digests = data["fields"]
    except (ValueError, TypeError, KeyError):
        return None
    if opened is None or not isinstance(digests, dict):
        return None
    return opened, {str(name): str(value) for name, value in digests.items()}


def model_value(obj, field):
    if field.many_to_many:
        return [] if obj.pk is None else list(getattr(obj, field.name).all())
    return getattr(obj, field.attname)


def form_value(obj, field):
    """The stored value, as the form's cleaned data holds it."""
    if field.many_to_many:
        return model_value(obj, field)
    return getattr(obj, field.name)


def changed_since(obj, field, opened, was):
    """The revision that first changed ``field`` of ``obj`` away from ``was``."""
    versions = (
        history.versions_of(obj)
        .filter(revision__date_created__gt=opened)
        .order_by("revision__date_created", "pk")
    )
    for version in versions:
        if digest(version.field_dict.get(field.attname)) != was:
            return version.revision
    return None


def conflict_message(label, revision):
    if revision is None:
        return _(
            "%(field)s was changed by someone else after you opened this page. "
            "Your text is kept here: compare it with the current one (History), "
            "then save again to keep yours."
        ) % {"field": label}
    return _(
        "%(field)s was changed by %(user)s at %(time)s, after you opened this "
        "page. Your text is kept here: compare it with the current one "
        "(History), then save again to keep yours."
    ) % {
        "field": label,
        "user": revision.user or _("someone"),
        "time": formats.date_format(
            timezone.localtime(revision.date_created), "DATETIME_FORMAT"
        ),
    }


class ConflictCheckedForm(UsableChoicesMixin, forms.ModelForm):
    """A ModelForm that writes only what its person changed (see above).

    The base is a declared field, so the admin renders it like any other
    (inlines that list their ``fields`` add it: ``with_base``).
    """

    edit_base = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.untouched = set()
        if not self.is_bound and self.instance.pk is not None:
            digests = {
                name: digest(model_value(self.instance, field))
                for name, field in self.tracked_fields()
            }
            if "position" in self.fields:
                # Kept as it is: the formset compares orders, not digests.
                digests["position"] = str(self.instance.position)
            self.initial[BASE_FIELD] = encode(timezone.now(), digests)

    def tracked_fields(self):
        opts = self._meta.model._meta
        for name in self.fields:
            if name in UNTRACKED:
                continue
            try:
                field = opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.concrete or field.many_to_many:
                yield name, field

    def base(self):
        return decode(self.data.get(self.add_prefix(BASE_FIELD)))

    def rebase(self, **digests):
        """Saving again after a conflict keeps this person's version of these."""
        opened, old = self.base()
        self.data = self.data.copy()
        self.data[self.add_prefix(BASE_FIELD)] = encode(opened, {**old, **digests})

    def clean(self):
        cleaned = super().clean()
        base = self.base()
        if base is None or self.instance.pk is None:
            return cleaned  # a new row, or a form without a base: all is new
        opened, digests = base
        refreshed = {}
        for name, field in self.tracked_fields():
            was = digests.get(name)
            if was is None or name not in cleaned:
                continue
            mine = digest(cleaned[name])
            now = digest(model_value(self.instance, field))
            if mine == was:
                # Not this person's change: whatever is there now stays.
                self.untouched.add(name)
                if now != was:
                    cleaned[name] = form_value(self.instance, field)
            elif now not in (was, mine):
                # modeltranslation names the language: "title [ru]".
                revision = changed_since(self.instance, field, opened, was)
                self.add_error(
                    name, conflict_message(str(field.verbose_name), revision)
                )
                refreshed[name] = now  # seen: saving again keeps this text
        if refreshed:
            self.rebase(**refreshed)
        return cleaned

    @property
    def changed_data(self):
        """What this person changed, for the log and for saving rows."""
        return [
            name
            for name in self.fields
            if name != BASE_FIELD
            and name not in self.untouched
            and self[name]._has_changed()
        ]


def refuse_blanking(form, field, published, error):
    """A published language never goes blank by accident: ``field`` (title,
    text) may not be emptied in a language that is public."""
    if form.instance.pk is None:
        return
    for code in published:
        name = f"{field}_{code}"
        emptied = name in form.cleaned_data and not form.cleaned_data[name]
        if emptied and form.initial.get(name):
            form.add_error(name, ValidationError(error, code="published_blank"))
