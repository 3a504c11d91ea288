"""Who may translate into which languages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from ..languages import local_name
from ..models import Translator
from .base import SafeRequests
from .forms import TranslatorForm


@admin.register(Translator)
class TranslatorAdmin(SafeRequests, admin.ModelAdmin):
    form = TranslatorForm
    list_display = ["user", "languages_display"]
    autocomplete_fields = ["user"]

    @admin.display(description=gettext_lazy("languages"))
    def languages_display(self, translator):
        return ", ".join(local_name(code) for code in translator.languages)
