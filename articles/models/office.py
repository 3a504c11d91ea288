"""The press office itself: who it is and how journalists reach it.

One row, edited in the admin and translated like every other text; the
press-office page, the feeds' and structured data's publisher read it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import Translatable

THE_OFFICE = "office"


class PressOffice(Translatable):
    # A fixed, unique key: there is one office, so there is one row.
    key = models.CharField(
        max_length=10, default=THE_OFFICE, unique=True, editable=False
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    about = models.TextField(
        _("who we are"), blank=True, help_text=_("A few sentences for journalists.")
    )
    accreditation = models.TextField(
        _("accreditation"),
        blank=True,
        help_text=_("How a journalist gets accredited: whom to write, what to send."),
    )
    embargoed_access = models.TextField(
        _("embargoed access"),
        blank=True,
        help_text=_("How accredited journalists receive embargoed material early."),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("press office")
        verbose_name_plural = _("press office")

    def __str__(self):
        return self.any_text("name").text or str(_("press office"))

    @classmethod
    def current(cls):
        """The office's row, or an unsaved empty one before anyone wrote it."""
        return cls.objects.filter(key=THE_OFFICE).first() or cls()
