"""Editorial workflow: imports waiting for a confirmation, translators' languages."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..languages import language_codes
from .films import Film


class ImportDraft(models.Model):
    """An uploaded document between the report and the editor's confirmation.

    Kept in the database, not on an app server's disk, so any server can take
    the confirmation; it expires.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    source_language = models.CharField(max_length=7, blank=True)
    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import in progress")
        verbose_name_plural = _("imports in progress")

    def __str__(self):
        return self.filename

    @property
    def expired(self):
        return self.expires_at <= timezone.now()

    def files(self):
        """``[(name, bytes)]``: the upload, then the other documents sent with it."""
        others = self.other_files.order_by("position").values_list("filename", "data")
        return [(self.filename, bytes(self.data))] + [
            (name, bytes(data)) for name, data in others
        ]


class ImportDraftFile(models.Model):
    """A further document of a multi-file upload (one Word document per language)."""

    draft = models.ForeignKey(
        ImportDraft, on_delete=models.CASCADE, related_name="other_files"
    )
    position = models.PositiveSmallIntegerField()
    filename = models.CharField(max_length=255)
    data = models.BinaryField()

    class Meta:
        ordering = ["draft", "position"]

    def __str__(self):
        return self.filename


class Translator(models.Model):
    """The languages a member of Translators may translate into."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="translator",
        verbose_name=_("user"),
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        help_text=_("The languages this translator may translate releases into."),
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("translator")
        verbose_name_plural = _("translators")

    def __str__(self):
        return f"{self.user} ({', '.join(self.languages)})"

    def clean(self):
        super().clean()
        unknown = [code for code in self.languages if code not in language_codes()]
        if unknown or not isinstance(self.languages, list):
            raise ValidationError(
                {"languages": _("Unknown language: %(codes)s.") % {"codes": unknown}}
            )
