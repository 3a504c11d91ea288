"""Images and what is made from them: renditions for pages, stills of films.

An original is stored under a generated name and never served as uploaded;
pages and journalists get renditions and labelled downloads, through a view
that decides visibility first (``articles.image_views``).
"""

import re
import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from .base import (
    PositionedQuerySet,
    TakesNextPosition,
    TracksTranslations,
    Translatable,
)

# Placeholders reversed into an image's address in place of the parts that
# vary between its files, and the parts that may replace them as they are
# (what the addresses' ``slug`` converter accepts, which quoting leaves alone).
MARK = "__"
SAFE_PART = re.compile(r"[-a-zA-Z0-9_]+")


def new_version():
    return secrets.token_hex(4)


def original_name(image, filename):
    """Where an original is kept: named after its content, never the uploader's name."""
    from ..imaging.uploads import stored_name

    return stored_name(image.checked)


class ImageQuerySet(models.QuerySet):
    def public(self, language=None, now=None):
        """Images anyone may see: a film's poster or still, a portrait, or an
        image of a release public in ``language`` (in any language if None).

        Film and person pages are public in every language, so their images
        are too; a release's images follow the release.
        """
        from .films import Film, Person
        from .releases import Article, ArticleImage

        releases = Article.objects.visible(language, now)
        here = models.OuterRef("pk")
        return self.filter(
            models.Exists(Film.objects.filter(poster=here))
            | models.Exists(FilmImage.objects.filter(image=here))
            | models.Exists(Person.objects.filter(portrait=here))
            | models.Exists(releases.filter(hero_image=here))
            | models.Exists(
                ArticleImage.objects.filter(image=here, article__in=releases)
            )
        )

    def through_link(self, link, language=None, now=None):
        """Images of the releases an embargo link grants (in ``language``, or
        in any language it names): the link pages' images."""
        from .releases import Article, ArticleImage

        codes = [language] if language else None
        releases = Article.objects.granted_by(link, codes, now).values("pk")
        here = models.OuterRef("pk")
        return self.filter(
            models.Exists(releases.filter(hero_image=here))
            | models.Exists(
                ArticleImage.objects.filter(image=here, article__in=releases)
            )
        )


class Image(TracksTranslations, Translatable):
    translation_units = ("caption", "alt_text", "credit")

    file = models.FileField(_("file"), upload_to=original_name, max_length=200)
    # Pillow's name for the format of the original: JPEG, MPO, PNG, WEBP, HEIF.
    format = models.CharField(_("format"), max_length=8, blank=True, editable=False)
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, blank=True, db_index=True, editable=False
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, editable=False)
    # Upright, as people see it (EXIF orientation applied).
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “Photo: Plano a Plano”."),
    )
    credit_is_neutral = models.BooleanField(
        _("credit is the same in every language"),
        default=False,
        help_text=_(
            "Tick for a credit that is only a name (“Ana Ruiz”): it is shown "
            "on every page as written. Otherwise the credit is translated like "
            "the caption and shown only in the languages it is written in."
        ),
    )
    copyright = models.CharField(
        _("copyright"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “© 2025 Plano a Plano”. The same in every language."),
    )
    focal_x = models.FloatField(
        _("focal point, across"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the left edge, 1 the right; crops keep this point."),
    )
    focal_y = models.FloatField(
        _("focal point, down"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    # Part of every URL of the image; replaced whenever the image stops being
    # public, so an old URL (or a cache's copy of one) never works again.
    version = models.CharField(max_length=16, default=new_version, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.any_text("caption").text or f"image-{self.pk}"

    def save(self, *args, **kwargs):
        replaced = None
        if self.file and not self.file._committed:
            self.take_upload(self.file.file)
            if self.pk:
                before = Image.objects.filter(pk=self.pk)
                replaced = before.values_list("file", flat=True).first()
                # Files made from the old picture must not be served as the new.
                self.version = new_version()
        super().save(*args, **kwargs)
        if replaced:
            self.forget_old_picture(replaced)

    def forget_old_picture(self, name):
        """Renditions and downloads of a replaced original go, and its file."""
        from django.db import transaction

        self.renditions.all().delete()  # their files go once this commits
        storage = self.file.storage
        if name != self.file.name:
            transaction.on_commit(lambda: storage.delete(name))

    def take_upload(self, upload):
        """Check a new original (again, unless a form just did) and describe it."""
        from ..imaging.orientation import upright_size
        from ..imaging.uploads import check_image

        checked = getattr(upload, "checked", None) or check_image(upload)
        self.checked = checked
        self.format = checked.format
        self.sha256 = checked.sha256
        self.size = checked.size
        self.width, self.height = upright_size(upload, checked.width, checked.height)

    def shown_credit(self, language):
        """The credit a page in ``language`` shows: its own, or a neutral one."""
        own = self.text_in("credit", language)
        if own or not self.credit_is_neutral:
            return own
        return self.text_or_source("credit", language)

    def url(self, spec_name):
        """A rendition's address; the file view builds it if it is missing."""
        from ..imaging.renditions import FORMATS, SPECS

        extension = FORMATS[SPECS[spec_name].format][1]
        return self.address("image_rendition", spec=spec_name, extension=extension)

    def download_url(self, language, size):
        return self.address("image_download", language=language, size=size)

    def address(self, url_name, **parts):
        """The address of one of the image's files. A page lists several
        sizes of each image: the address of its first file is reversed, the
        others written from it (only the parts after the image's own change),
        once per instance and address prefix."""
        key = (url_name, get_script_prefix(), get_urlconf(), self.pk, self.version)
        patterns = self.__dict__.setdefault("_address_patterns", {})
        if key not in patterns:
            marks = {name: f"{MARK}{name}{MARK}" for name in parts}
            pattern = reverse(url_name, kwargs={**self.url_parts(), **marks})
            patterns[key] = (pattern, marks)
        pattern, marks = patterns[key]
        if not all(SAFE_PART.fullmatch(str(value)) for value in parts.values()):
            return reverse(url_name, kwargs={**self.url_parts(), **parts})
        for name, value in parts.items():
            pattern = pattern.replace(marks[name], str(value))
        return pattern

    def original_url(self):
        return reverse("image_original", kwargs=self.url_parts())

    def url_parts(self):
        return {"pk": self.pk, "version": self.version}

    @property
    def focal(self):
        return (self.focal_x, self.focal_y)


class Rendition(models.Model):
    """A file made from an original, once per image and key (get-or-build)."""

    image = models.ForeignKey(
        Image, on_delete=models.CASCADE, related_name="renditions"
    )
    # The spec's name, plus what else decides the bytes (focal point, labels).
    key = models.CharField(max_length=120)
    file = models.FileField(max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    content_type = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["image", "key"], name="unique_rendition")
        ]

    def __str__(self):
        return f"{self.image_id}:{self.key}"


class FilmImage(TakesNextPosition, models.Model):
    """A still of a film, in order."""

    position_parent = "film"

    film = models.ForeignKey(
        "articles.Film",
        on_delete=models.CASCADE,
        related_name="still_items",
        verbose_name=_("film"),
    )
    image = models.ForeignKey(
        Image, on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    position = models.PositiveIntegerField(_("position"), blank=True)

    objects = PositionedQuerySet.as_manager()

    class Meta:
        ordering = ["film", "position"]
        verbose_name = _("still")
        verbose_name_plural = _("stills")
        constraints = [
            models.UniqueConstraint(
                fields=["film", "position"], name="unique_still_position"
            ),
            models.UniqueConstraint(
                fields=["film", "image"], name="unique_still_image"
            ),
        ]

    def __str__(self):
        return f"{self.film} #{self.position}"
