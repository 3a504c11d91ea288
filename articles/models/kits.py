"""Press kits as built: one stored ZIP per subject, language and content."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PressKit(models.Model):
    """A built kit. ``digest`` names the public content it holds, so the kit
    served is always the one whose digest matches the content of the moment;
    kits for content that is no longer (or not yet) public are never served."""

    # "film:12" or "release:34": the kits of one subject, whatever its kind.
    subject = models.CharField(_("subject"), max_length=40)
    film = models.ForeignKey(
        "articles.Film",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="press_kits",
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="press_kits",
    )
    language = models.CharField(_("language"), max_length=7)  # a code, or "all"
    digest = models.CharField(max_length=64)
    file = models.FileField(max_length=200)
    size = models.PositiveBigIntegerField()
    # What is inside, for the download block: counts by kind, languages.
    contents = models.JSONField(default=dict)
    # False for a kit built for embargo links only: never offered on a public
    # page (its content is not public yet, so no public request matches it).
    public = models.BooleanField(default=True)
    # The first moment its content is public: a kit built ahead for a
    # scheduled or embargoed release is not listed before it.
    valid_from = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(_("built"), auto_now_add=True)

    class Meta:
        ordering = ["subject", "language", "-built_at"]
        verbose_name = _("press kit")
        verbose_name_plural = _("press kits")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "language", "digest"], name="unique_kit_content"
            )
        ]

    def __str__(self):
        return f"{self.subject} [{self.language}] {self.digest[:8]}"
