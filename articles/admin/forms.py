"""The forms every custom view of the release desk validates through."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import translation_state, xliff
from ..importers import ImportRefused, check_size
from ..languages import language_choices, language_codes, local_name
from ..models import Film, Translator
from ..translation_state import STALE


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Parallel-text file"),
        help_text=_(
            "A UTF-8 text file: the title in each language, then each paragraph "
            "followed by its translations. At most 2 MiB."
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
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except ImportRefused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return upload


class TranslatorForm(forms.ModelForm):
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

    Only the units whose text was sent are written, so a unit that appeared
    after the page was opened (and is not on it) keeps its text.
    """

    def __init__(self, units, language, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.units, self.language = units, language
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

    def save(self):
        """Returns ``(saved, confirmed)``."""
        texts = {
            unit.key: self.cleaned_data[unit.key]
            for unit in self.units
            if unit.key in self.data
        }
        confirms = {
            unit.key
            for unit in self.units
            if self.cleaned_data.get(f"confirm-{unit.key}")
        }
        return translation_state.apply(self.units, self.language, texts, confirms)


class XliffUploadForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    file = forms.FileField(label=_("XLIFF file"))

    def __init__(self, languages, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, local_name(code)) for code in language_codes() if code in languages
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > xliff.MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload


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
