"""Personal embargo links and the record of every use of them.

A link's token is shown once, when it is made; only its SHA-256 is kept, so
a copy of the database opens nothing. What a link grants is decided by
``Article.objects.through_link`` (the visibility rule's one exception).
"""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..languages import language_codes
from .base import timezone_choices
from .films import Film
from .releases import Article

TOKEN_BYTES = 32  # 256 bits: 43 characters in a URL


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token):
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class EmbargoLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)

    def by_token(self, token, now=None):
        """The usable link with this token, or None: unknown, revoked and
        expired tokens are all simply not found."""
        if not token or len(token) > 100:
            return None
        return self.usable(now).filter(token_hash=token_hash(token)).first()

    def touching(self, article):
        """Links that grant ``article``: its own, and its film's."""
        scope = Q(article=article)
        if article.film_id:
            scope |= Q(film_id=article.film_id)
        return self.filter(scope)


class EmbargoLink(models.Model):
    """Early access for one named recipient to one release or one film's kits."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="embargo_links",
        verbose_name=_("press release"),
    )
    film = models.ForeignKey(
        Film,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="embargo_links",
        verbose_name=_("film"),
        help_text=_("For a film's press kits and its releases."),
    )
    name = models.CharField(_("recipient"), max_length=200)
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        help_text=_("The published languages this link opens."),
    )
    time_zone = models.CharField(
        _("recipient's time zone"),
        max_length=64,
        blank=True,
        choices=timezone_choices,
        help_text=_("The banner gives the embargo's moment in this time zone."),
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    issued_at = models.DateTimeField(_("token issued"), default=timezone.now)
    sent_at = models.DateTimeField(_("mailed"), null=True, blank=True)

    objects = EmbargoLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("embargo link")
        verbose_name_plural = _("embargo links")
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=True, film__isnull=False)
                | Q(article__isnull=False, film__isnull=True),
                name="embargo_link_one_subject",
            ),
        ]

    def __str__(self):
        who = f"{self.name} ({self.outlet})" if self.outlet else self.name
        return f"{who} → {self.subject}"

    @property
    def subject(self):
        return self.article if self.article_id else self.film

    def clean(self):
        super().clean()
        unknown = [code for code in self.languages if code not in language_codes()]
        if unknown or not self.languages:
            raise ValidationError(
                {"languages": _("Choose one or more of the site's languages.")}
            )

    def grants_language(self, language):
        return language in self.languages

    def usable(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    def issue(self):
        """A new token: the old one stops working. Returns the token, which is
        not kept anywhere: show it or send it now."""
        token = new_token()
        self.token_hash = token_hash(token)
        self.issued_at = timezone.now()
        return token


class EmbargoLinkUse(models.Model):
    """One request through a link: what was opened, when, from where."""

    class Kind(models.TextChoices):
        PAGE = "page", _("page")
        PDF = "pdf", _("PDF")
        KIT = "kit", _("press kit")
        IMAGE = "image", _("image")
        DOWNLOAD = "download", _("image download")
        REDIRECT = "redirect", _("sent to the public page")

    link = models.ForeignKey(
        EmbargoLink,
        on_delete=models.CASCADE,
        related_name="uses",
        verbose_name=_("link"),
    )
    # The release the use was about, when there is one (for the per-release log).
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="embargo_link_uses",
        verbose_name=_("press release"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("what"), max_length=10, choices=Kind.choices)
    path = models.CharField(_("address"), max_length=500)
    language = models.CharField(_("language"), max_length=7, blank=True)
    address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("embargo link use")
        verbose_name_plural = _("embargo link uses")

    def __str__(self):
        return f"{self.link} {self.kind} {self.at:%Y-%m-%d %H:%M}"
