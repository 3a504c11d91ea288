from django import forms
from django.utils.translation import gettext_lazy as _

from .importers import ImportRefused, check_size
from .languages import language_choices
from .models import Film, Translator


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
