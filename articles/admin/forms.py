"""The forms every custom view of the release desk validates through."""

from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import conflicts, translation_state, xliff
from ..embargo.recipients import RecipientsRefused, parse_recipients
from ..importers import ImportRefused, check_size
from ..languages import language_choices, language_codes, local_name
from ..models import Film, Translator
from ..safe_forms import UsableChoicesMixin
from ..translation_state import STALE
from ..word import package as word_package


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, as Django's documentation shows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data]
        return [one(data, initial)]


class ImportForm(forms.Form):
    file = MultipleFileField(
        label=_("File or files"),
        help_text=_(
            "A UTF-8 text file (at most 2 MiB): the title in each language, then "
            "each paragraph followed by its translations. Or a Word document "
            "(.docx, at most 20 MiB): a table with one column per language, or "
            "parallel text. Or one Word document per language, chosen together."
        ),
    )
    source_language = forms.ChoiceField(
        label=_("Source language"),
        required=False,
        help_text=_("Leave empty to take the language of the first paragraph."),
    )
    film = forms.ModelChoiceField(
        label=_("Film"), queryset=Film.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_language"].choices = [("", "—"), *language_choices()]

    def clean_file(self):
        from ..word.importing import is_word
        from ..word.package import MAX_BYTES as WORD_MAX_BYTES

        uploads = self.cleaned_data["file"]
        if len(uploads) > len(language_codes()):
            raise forms.ValidationError(
                _("At most %(limit)s files: one Word document per language.")
                % {"limit": len(language_codes())}
            )
        for upload in uploads:
            head = upload.read(8)
            upload.seek(0)
            try:
                if is_word(upload.name, head):
                    if upload.size > WORD_MAX_BYTES:
                        raise ImportRefused(
                            _(
                                "%(file)s is %(size)s bytes; a Word document may "
                                "have at most %(limit)s bytes (20 MiB)."
                            )
                            % {
                                "file": upload.name,
                                "size": upload.size,
                                "limit": WORD_MAX_BYTES,
                            }
                        )
                else:
                    check_size(upload.size)
            except ImportRefused as refusal:
                raise forms.ValidationError(str(refusal)) from None
        return uploads


class TranslatorForm(UsableChoicesMixin, forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages this translator may translate releases into."),
    )

    class Meta:
        model = Translator
        fields = ["user", "languages"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices()


class TranslationForm(forms.Form):
    """The translation screen: a text for each unit, a confirm for stale ones.

    Writes only what this translator changed (``conflicts``): a unit left as
    shown keeps whatever is there now, a unit someone else changed meanwhile
    is a conflict, and a unit of a published language cannot be emptied.
    """

    def __init__(self, units, language, *args, published=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units, self.language, self.published = units, language, published
        self.fields[conflicts.BASE_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False
        )
        if not self.is_bound:
            self.initial[conflicts.BASE_FIELD] = conflicts.encode(
                timezone.now(),
                {unit.key: conflicts.digest(unit.text(language)) for unit in units},
            )
        for unit in units:
            rows = 5 if unit.field == "text" else 2
            self.fields[unit.key] = translation_state.text_field(
                unit,
                language,
                label=_("Translation of %(label)s") % {"label": unit.label},
                initial=unit.text(language),
                widget=forms.Textarea(
                    attrs={"lang": language, "rows": rows, "id": f"id-{unit.key}"}
                ),
            )
            if unit.state(language) == STALE:
                self.fields[f"confirm-{unit.key}"] = forms.BooleanField(
                    required=False,
                    label=_(
                        "The source changed but this translation still holds: "
                        "mark it current"
                    ),
                )

    def rows(self):
        """``(unit, state, text field, confirm field or None)`` in reading order."""
        for unit in self.units:
            confirm = f"confirm-{unit.key}"
            yield (
                unit,
                unit.state(self.language),
                self[unit.key],
                self[confirm] if confirm in self.fields else None,
            )

    def clean(self):
        cleaned = super().clean()
        base = conflicts.decode(self.data.get(conflicts.BASE_FIELD))
        opened, digests = base or (None, {})
        self.texts, refreshed = {}, {}
        for unit in self.units:
            if unit.key not in self.data or unit.key not in cleaned:
                continue  # not on the page when it was opened, or invalid
            mine = conflicts.digest(cleaned[unit.key])
            now = conflicts.digest(unit.text(self.language))
            was = digests.get(unit.key, now if base is None else None)
            if mine == was:
                continue  # left as shown: whatever is there now stays
            if was is not None and now not in (was, mine):
                field = unit.obj._meta.get_field(f"{unit.field}_{self.language}")
                revision = conflicts.changed_since(unit.obj, field, opened, was)
                self.add_error(
                    unit.key, conflicts.conflict_message(str(unit.label), revision)
                )
                refreshed[unit.key] = now
            elif self.blanks_published(unit, cleaned[unit.key]):
                self.add_error(
                    unit.key,
                    _(
                        "This language is published: this text cannot be "
                        "emptied. Unpublish the language first, or delete "
                        "the paragraph."
                    ),
                )
            if unit.key in self.cleaned_data:
                self.texts[unit.key] = cleaned[unit.key]
        if refreshed:
            self.data = self.data.copy()
            self.data[conflicts.BASE_FIELD] = conflicts.encode(
                opened, {**digests, **refreshed}
            )
        return cleaned

    def blanks_published(self, unit, text):
        published = self.language in self.published
        return published and bool(unit.text(self.language)) and not text

    def save(self):
        """Returns ``(saved, confirmed)``."""
        confirms = {
            unit.key
            for unit in self.units
            if self.cleaned_data.get(f"confirm-{unit.key}")
        }
        return translation_state.apply(self.units, self.language, self.texts, confirms)


class XliffUploadForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    file = forms.FileField(label=_("XLIFF file"))
    max_bytes = xliff.MAX_BYTES

    def __init__(self, languages, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, local_name(code)) for code in language_codes() if code in languages
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(_("The file is too large."))
        return upload


class WordUploadForm(XliffUploadForm):
    file = forms.FileField(label=_("Word document (.docx)"))
    max_bytes = word_package.MAX_BYTES


class ExportForm(forms.Form):
    """``?languages=en,ru`` (and ``plain=1`` for one language without marks)."""

    languages = forms.CharField()
    plain = forms.BooleanField(required=False)

    def clean_languages(self):
        codes = [code for code in self.cleaned_data["languages"].split(",") if code]
        if not codes or any(code not in language_codes() for code in codes):
            raise forms.ValidationError(
                _("Choose languages among %(codes)s, e.g. ?languages=en,ru.")
                % {"codes": ", ".join(language_codes())}
            )
        return codes

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("plain") and len(cleaned.get("languages") or []) != 1:
            raise forms.ValidationError(
                _("Plain text is one language: give exactly one.")
            )
        return cleaned


class DeliveryForm(forms.Form):
    """How new tokens reach their recipients: the page's three buttons each
    post their ``deliver`` value. Mail is offered only where it is set up."""

    SHOW, CSV, MAIL = "show", "csv", "mail"

    deliver = forms.ChoiceField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(self.SHOW, _("show")), (self.CSV, _("CSV"))]
        if settings.MAIL_CONFIGURED:
            choices.append((self.MAIL, _("email")))
        self.fields["deliver"].choices = choices

    @property
    def mail_offered(self):
        return settings.MAIL_CONFIGURED


class NewLinksForm(DeliveryForm):
    recipients = forms.CharField(
        label=_("Recipients"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80, "spellcheck": "false"}),
        help_text=_(
            "One per line: name, outlet, email, time zone and, if you like, "
            "the recipient's language — separated by tabs (pasted from a "
            "spreadsheet), semicolons or commas. Only the name is required, "
            "e.g. “Ana Torres, El Diario, ana@example.org, Europe/Madrid, es”."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "What the links open; the first is the recipient's language for the mail."
        ),
    )
    expires_on = forms.DateField(
        label=_("Works until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        help_text=_("The links stop working after this day (office time)."),
    )

    def __init__(self, languages, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = [
            (code, local_name(code)) for code in language_codes() if code in languages
        ]
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(
            days=DEFAULT_LINK_DAYS
        )

    def clean_recipients(self):
        try:
            return parse_recipients(self.cleaned_data["recipients"])
        except RecipientsRefused as refusal:
            raise forms.ValidationError(refusal.problems) from None

    def clean_expires_on(self):
        return checked_expiry(self.cleaned_data["expires_on"])

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("languages") or []
        for recipient in cleaned.get("recipients") or []:
            if chosen and recipient["language"] and recipient["language"] not in chosen:
                self.add_error(
                    "recipients",
                    _(
                        "Line %(number)s: %(language)s is not among the "
                        "chosen languages."
                    )
                    % {"number": recipient["line"], "language": recipient["language"]},
                )
        if cleaned.get("deliver") == self.MAIL:
            lines = [
                recipient["name"]
                for recipient in cleaned.get("recipients") or []
                if not recipient["email"]
            ]
            if lines:
                self.add_error(
                    "recipients",
                    _("To send by email, every recipient needs an address: %(names)s.")
                    % {"names": ", ".join(lines)},
                )
        return cleaned

    def expires_at(self):
        return end_of_day(self.cleaned_data["expires_on"])

    def languages_for(self, recipient):
        """The chosen languages in the site's order, the recipient's first
        (a link's first language is the one its mail is written in)."""
        codes = [
            code for code in language_codes() if code in self.cleaned_data["languages"]
        ]
        own = recipient["language"]
        return [own, *(code for code in codes if code != own)] if own else codes


DEFAULT_LINK_DAYS = 14
MAX_LINK_DAYS = 366


def end_of_day(day):
    """The first moment after ``day`` in the office's time zone."""
    zone = timezone.get_default_timezone()
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)


def checked_expiry(day):
    today = timezone.localdate()
    if day < today:
        raise forms.ValidationError(_("Choose today or a later day."))
    if day > today + timedelta(days=MAX_LINK_DAYS):
        raise forms.ValidationError(
            _("A link works at most %(days)s days.") % {"days": MAX_LINK_DAYS}
        )
    return day


class ExtendLinksForm(forms.Form):
    days = forms.IntegerField(
        label=_("By days"),
        min_value=1,
        max_value=MAX_LINK_DAYS,
        required=False,
        help_text=_("Added to each link's current expiry, e.g. 7."),
    )
    until = forms.DateField(
        label=_("Or until the end of"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        required=False,
    )

    def clean_until(self):
        day = self.cleaned_data["until"]
        return checked_expiry(day) if day else day

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get("days"), cleaned.get("until")]
        if sum(value is not None for value in given) != 1 and not self.errors:
            raise forms.ValidationError(_("Give either a number of days or a date."))
        return cleaned

    def new_expiry(self, link):
        if self.cleaned_data.get("days"):
            start = max(link.expires_at, timezone.now())
            return start + timedelta(days=self.cleaned_data["days"])
        return end_of_day(self.cleaned_data["until"])
