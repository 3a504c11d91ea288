import uuid
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, Sum, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from . import completeness, translation_state
from .countries import country_choices, country_name
from .languages import (
    active_language,
    default_language,
    language_choices,
    language_codes,
)
from .slugs import unique_slug


def timezone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


@dataclass(frozen=True)
class LocalizedText:
    """A text with the language it is really in, so templates can mark it."""

    text: str
    language: str
    requested: str

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)

    @property
    def is_fallback(self):
        return bool(self.text) and self.language != self.requested


def renumber(queryset, ordered_pks):
    """Give the rows of ``queryset`` positions 1..n in ``ordered_pks`` order.

    Two UPDATEs in one transaction: the first moves every row out of the way,
    so the unique position constraint holds after each statement on every
    database, without deferrable constraints (which SQLite lacks).
    """
    ordered_pks = [int(pk) for pk in ordered_pks]
    with transaction.atomic():
        existing = set(queryset.select_for_update().values_list("pk", flat=True))
        if set(ordered_pks) != existing or len(ordered_pks) != len(existing):
            raise ValueError("The new order must list every item exactly once.")
        if not ordered_pks:
            return
        offset = 1 + max(
            queryset.aggregate(m=models.Max("position"))["m"], len(existing)
        )
        queryset.update(position=F("position") + offset)
        queryset.update(
            position=Case(
                *(
                    When(pk=pk, then=Value(index))
                    for index, pk in enumerate(ordered_pks, 1)
                ),
                output_field=models.PositiveIntegerField(),
            )
        )


class Localized:
    """Reading translated fields explicitly, since modeltranslation's fallbacks are off.

    Needs ``source_language``: a field on the main models, a property on the
    small ones that follow their parent.
    """

    def text_in(self, field, language=None):
        """The text in ``language`` and no other: body text never falls back."""
        language = language or active_language()
        return LocalizedText(
            getattr(self, f"{field}_{language}", "") or "", language, language
        )

    def text_or_source(self, field, language=None):
        """The text in ``language``, else in the source language, marked so."""
        language = language or active_language()
        own = self.text_in(field, language)
        if own or language == self.source_language:
            return own
        source = getattr(self, f"{field}_{self.source_language}", "") or ""
        return LocalizedText(source, self.source_language, language)

    def any_text(self, field, language=None):
        """For labels (admin, ``__str__``): own language, source language, then any."""
        language = language or active_language()
        found = self.text_or_source(field, language)
        if found:
            return found
        for code in language_codes():
            value = getattr(self, f"{field}_{code}", "")
            if value:
                return LocalizedText(value, code, language)
        return found


class Translatable(Localized, models.Model):
    source_language = models.CharField(
        _("source language"),
        max_length=7,
        choices=language_choices,
        default=default_language,
        help_text=_("The language the texts were written in; the others translate it."),
    )

    class Meta:
        abstract = True


class FollowsFilm(Localized):
    @property
    def source_language(self):
        return self.film.source_language


class FollowsDefault(Localized):
    @property
    def source_language(self):
        return default_language()


class TracksTranslations(models.Model):
    """Keeps ``translated_from`` right on every save (see translation_state)."""

    translation_units = ()

    translated_from = models.JSONField(
        _("translated from"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Per field and language: a digest of the source text translated."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        translation_state.record_changes(self, getattr(self, "_loaded_texts", {}))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.derived_fields()}
        super().save(*args, **kwargs)
        self._loaded_texts = self.unit_texts()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_texts = instance.unit_texts()
        return instance

    def unit_texts(self):
        return {
            f"{field}_{code}": getattr(self, f"{field}_{code}", None)
            for field in self.translation_units
            for code in language_codes()
            if f"{field}_{code}" in self.__dict__
        }

    def derived_fields(self):
        return ["translated_from"]

    def translation_state(self, field, language):
        return translation_state.state(self, field, language)


class SluggedMixin(models.Model):
    """A Latin slug made from a text in the source language, once."""

    slug_source_field = "title"
    slug_fallback_prefix = "item"

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "The address of the page in every language, in Latin letters, "
            "e.g. “la-tregua”. Made from the title when left empty."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug or self.has_placeholder_slug():
            text = self.any_text(self.slug_source_field, self.source_language).text
            self.slug = unique_slug(self, text) or self.slug
        super().save(*args, **kwargs)
        if not self.slug:
            self.slug = f"{self.slug_fallback_prefix}-{self.pk}"
            type(self)._default_manager.filter(pk=self.pk).update(slug=self.slug)

    def has_placeholder_slug(self):
        """A draft saved without a title gets ``<prefix>-<id>`` until it has one."""
        return (
            self.pk is not None
            and self.slug == f"{self.slug_fallback_prefix}-{self.pk}"
        )


class Person(SluggedMixin, Translatable):
    slug_source_field = "name"
    slug_fallback_prefix = "person"

    name = models.CharField(_("name"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, choices=country_choices
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.any_text("name").text or f"{self.slug_fallback_prefix}-{self.pk}"

    def get_absolute_url(self):
        return reverse("articles:person_detail", kwargs={"slug": self.slug})


class Organization(SluggedMixin, Translatable):
    slug_source_field = "name"
    slug_fallback_prefix = "organization"

    name = models.CharField(_("name"), max_length=200, blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, choices=country_choices
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.any_text("name").text or f"{self.slug_fallback_prefix}-{self.pk}"

    @property
    def country_name(self):
        return country_name(self.country)


class Film(SluggedMixin, Translatable):
    slug_fallback_prefix = "film"

    title = models.CharField(_("title"), max_length=200, blank=True)
    original_title = models.CharField(
        _("original title"),
        max_length=200,
        blank=True,
        help_text=_(
            "The title as released in its country of origin, e.g. “La Tregua”."
        ),
    )
    original_language = models.CharField(
        _("original language"),
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
                _("Enter a language code such as “es” or “kk”."),
            )
        ],
        help_text=_("The language of the original title, as a code: “es” for Spanish."),
    )
    synopsis = models.TextField(_("synopsis"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    runtime_minutes = models.PositiveSmallIntegerField(
        _("running time (minutes)"), null=True, blank=True
    )
    people = models.ManyToManyField(
        Person, through="Credit", related_name="films", verbose_name=_("people")
    )
    organizations = models.ManyToManyField(
        Organization,
        through="Participation",
        related_name="films",
        verbose_name=_("organizations"),
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("film")
        verbose_name_plural = _("films")

    def __str__(self):
        return (
            self.any_text("title").text
            or self.original_title
            or f"{self.slug_fallback_prefix}-{self.pk}"
        )

    def get_absolute_url(self):
        return reverse("articles:film_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.pk is None:
            return
        total = self.financing.aggregate(total=Sum("share"))["total"] or Decimal(0)
        if total > 100:
            raise ValidationError(
                _(
                    "The financing shares of this film add up to %(total)s%%; "
                    "at most 100%% is possible."
                ),
                params={"total": total},
                code="financing_over_100",
            )


class Credit(FollowsFilm, models.Model):
    class Role(models.TextChoices):
        DIRECTOR = "director", _("director")
        SCREENWRITER = "screenwriter", _("screenwriter")
        ACTOR = "actor", _("actor")
        GENERAL_PRODUCER = "general_producer", _("general producer")
        PRODUCER = "producer", _("producer")
        CO_PRODUCER = "co_producer", _("co-producer")
        EXECUTIVE_PRODUCER = "executive_producer", _("executive producer")
        COORDINATOR = "coordinator", _("coordinator")
        CINEMATOGRAPHER = "cinematographer", _("director of photography")
        EDITOR = "editor", _("editor")
        COMPOSER = "composer", _("composer")

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="credits", verbose_name=_("film")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="credits",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    character_name = models.CharField(
        _("character"),
        max_length=200,
        blank=True,
        help_text=_(
            "For actors: the part they play, e.g. “Captain Reyes”. "
            "Leave empty if not announced."
        ),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("What the role covers, e.g. “coordination of the Kazakh side”."),
    )
    billing_order = models.PositiveSmallIntegerField(_("billing order"), default=0)

    class Meta:
        ordering = ["film", "billing_order", "pk"]
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        constraints = [
            models.UniqueConstraint(
                fields=["film", "person", "role"], name="unique_credit_per_role"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}"


class Participation(FollowsFilm, models.Model):
    class Role(models.TextChoices):
        PRODUCTION = "production", _("production company")
        CO_PRODUCTION = "co_production", _("co-production company")
        FINANCING = "financing", _("financing partner")
        DISTRIBUTOR = "distributor", _("distributor")
        SALES = "sales", _("sales agent")
        PLATFORM = "platform", _("streaming platform")
        FESTIVAL = "festival", _("festival")

    film = models.ForeignKey(
        Film,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("film"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        choices=country_choices,
        help_text=_("The country the company represents in this film, e.g. Spain."),
    )
    billing_order = models.PositiveSmallIntegerField(_("billing order"), default=0)

    class Meta:
        ordering = ["film", "billing_order", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["film", "organization", "role"],
                name="unique_participation_per_role",
            ),
        ]

    def __str__(self):
        return f"{self.organization} — {self.get_role_display()}"

    @property
    def country_name(self):
        return country_name(self.country or self.organization.country)


class Financing(FollowsFilm, models.Model):
    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="financing", verbose_name=_("film")
    )
    country = models.CharField(_("country"), max_length=2, choices=country_choices)
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Percentage of the budget, e.g. 70."),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “private capital only”."),
    )

    class Meta:
        ordering = ["film", "-share", "country"]
        verbose_name = _("financing share")
        verbose_name_plural = _("financing")
        constraints = [
            models.UniqueConstraint(
                fields=["film", "country"], name="unique_financing_country"
            ),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=100),
                name="financing_share_between_0_and_100",
            ),
        ]

    def __str__(self):
        return f"{country_name(self.country)} {self.share:g}%"

    def clean(self):
        super().clean()
        if self.film_id is None or self.share is None:
            return
        others = (
            Financing.objects.filter(film_id=self.film_id)
            .exclude(pk=self.pk)
            .aggregate(total=Sum("share"))["total"]
        ) or Decimal(0)
        if others + self.share > 100:
            raise ValidationError(
                {
                    "share": _(
                        "With this share the film's financing would add up to "
                        "%(total)s%%; at most 100%% is possible."
                    )
                    % {"total": others + self.share}
                },
                code="financing_over_100",
            )

    @property
    def country_name(self):
        return country_name(self.country)


class Venue(FollowsDefault, models.Model):
    name = models.CharField(_("name"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, choices=country_choices
    )
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        parts = [self.any_text("name").text, self.any_text("city").text]
        return ", ".join(part for part in parts if part) or f"venue-{self.pk}"

    @property
    def country_name(self):
        return country_name(self.country)


class Event(SluggedMixin, Translatable):
    slug_fallback_prefix = "event"

    class Kind(models.TextChoices):
        PREMIERE = "premiere", _("premiere")
        FESTIVAL_SCREENING = "festival_screening", _("festival screening")
        THEATRICAL_RELEASE = "theatrical_release", _("theatrical release")
        STREAMING_RELEASE = "streaming_release", _("streaming release")
        AWARD = "award", _("award")
        PRESS_SCREENING = "press_screening", _("press screening")
        PRESS_CONFERENCE = "press_conference", _("press conference")

    class Precision(models.TextChoices):
        DAY = "day", _("exact date")
        MONTH = "month", _("month only")
        TBA = "tba", _("to be announced")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    film = models.ForeignKey(
        Film,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("film"),
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("venue"),
    )
    territory = models.CharField(
        _("territory"),
        max_length=200,
        blank=True,
        help_text=_("Where a release happens, e.g. “Spain and Europe”."),
    )
    platform = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="platform_events",
        verbose_name=_("platform"),
        help_text=_("For a streaming release: the service, e.g. Netflix."),
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_(
            "Empty when the date is to be announced; any day of the month "
            "when only the month is known."
        ),
    )
    time = models.TimeField(_("local time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        choices=timezone_choices,
        help_text=_("Where the local time applies, e.g. Europe/Madrid."),
    )

    class Meta:
        ordering = [
            F("date").asc(nulls_last=True),
            F("time").asc(nulls_first=True),
            "pk",
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=(Q(date_precision="tba") & Q(date__isnull=True))
                | (~Q(date_precision="tba") & Q(date__isnull=False)),
                name="event_date_matches_precision",
            ),
            models.CheckConstraint(
                condition=Q(time__isnull=True) | Q(date_precision="day"),
                name="event_time_needs_exact_date",
            ),
        ]

    def __str__(self):
        return (
            self.any_text("title").text
            or f"{self.get_kind_display()} {self.date or ''}".strip()
        )

    def save(self, *args, **kwargs):
        if self.date_precision == self.Precision.MONTH and self.date:
            self.date = self.date.replace(day=1)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:event_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        errors = {}
        if self.date_precision == self.Precision.TBA:
            if self.date or self.time:
                errors["date"] = _("A date to be announced has no date or time.")
        elif self.date is None:
            errors["date"] = _("Give a date, or choose “to be announced”.")
        if self.time and self.date_precision != self.Precision.DAY:
            errors["time"] = _("A local time needs an exact date.")
        if self.time_zone and not self.time:
            errors["time_zone"] = _("A time zone only applies to a local time.")
        if errors:
            raise ValidationError(errors)

    @property
    def starts_at(self):
        """The aware start time of a screening with a local time, else None."""
        if self.date is None or self.time is None:
            return None
        zone = (
            zoneinfo.ZoneInfo(self.time_zone)
            if self.time_zone
            else timezone.get_current_timezone()
        )
        return timezone.datetime.combine(self.date, self.time, tzinfo=zone)

    def is_upcoming(self, today=None):
        """TBA events are upcoming; a month-only event until that month ends."""
        today = today or timezone.localdate()
        if self.date is None:
            return True
        if self.date_precision == self.Precision.MONTH:
            return (self.date.year, self.date.month) >= (today.year, today.month)
        return self.date >= today


class Image(TracksTranslations, Translatable):
    translation_units = ("caption", "alt_text")

    file = models.ImageField(
        _("file"), upload_to="images/%Y/%m/", width_field="width", height_field="height"
    )
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.any_text("caption").text or self.file.name or f"image-{self.pk}"


class PressContact(FollowsDefault, models.Model):
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “International press”."),
    )
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.CharField(
        _("languages spoken"),
        max_length=100,
        blank=True,
        validators=[
            RegexValidator(
                r"^\s*[a-z]{2,3}(\s*,\s*[a-z]{2,3})*\s*$",
                _("Enter language codes separated by commas, e.g. “en, es”."),
            )
        ],
        help_text=_("Codes of the languages the contact speaks, e.g. “en, es, ru”."),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")

    def __str__(self):
        return self.name

    @property
    def spoken_languages(self):
        return [code.strip() for code in self.languages.split(",") if code.strip()]


class ArticleQuerySet(models.QuerySet):
    """Every door (page, list, feed, sitemap, API, press kit) asks these."""

    def public(self, language, now=None):
        """Published in ``language`` and ``publish_at`` not in the future."""
        if language not in language_codes():
            return self.none()
        now = now or timezone.now()
        # The filter joins exactly one publication per release, which the
        # annotation reads: lists need no extra query for the date.
        return self.filter(
            Q(publish_at__isnull=True) | Q(publish_at__lte=now),
            publications__language=language,
        ).annotate(language_published_at=F("publications__published_at"))

    def _with_publication(self):
        return Exists(Publication.objects.filter(article=OuterRef("pk")))

    def drafts(self):
        return self.exclude(self._with_publication())

    def scheduled(self, now=None):
        now = now or timezone.now()
        return self.filter(self._with_publication(), publish_at__gt=now)

    def live(self, now=None):
        now = now or timezone.now()
        return self.filter(
            self._with_publication(),
            Q(publish_at__isnull=True) | Q(publish_at__lte=now),
        )

    def with_completeness(self):
        """Rows for ``completeness.of_row()``: paragraphs counted in SQL, images
        prefetched, so the list costs no query per release."""
        gallery = ArticleImage.objects.select_related("image").order_by("position")
        return (
            self.annotate(**completeness.completeness_annotations())
            .select_related("hero_image")
            .prefetch_related(
                "publications", Prefetch("gallery_items", queryset=gallery)
            )
        )

    def incomplete_in(self, language):
        """Releases with a unit missing or stale in ``language``, or no title."""
        rows = self.with_completeness()
        incomplete = [
            row.pk
            for row in rows
            if not row.text_in("title", language)
            or not next(
                state
                for state in completeness.from_annotations(row)
                if state.language == language
            ).complete
        ]
        return self.filter(pk__in=incomplete)


class Article(TracksTranslations, SluggedMixin, Translatable):
    """A press release."""

    translation_units = ("title", "subtitle", "summary", "dateline")

    slug_fallback_prefix = "release"

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        LIVE = "live", _("live")

    title = models.CharField(_("title"), max_length=300, blank=True)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    dateline = models.CharField(
        _("dateline"), max_length=200, blank=True, help_text=_("e.g. “San Sebastián”.")
    )
    film = models.ForeignKey(
        Film,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("film"),
    )
    people = models.ManyToManyField(
        Person,
        blank=True,
        related_name="mentioned_in",
        verbose_name=_("people mentioned"),
    )
    organizations = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="mentioned_in",
        verbose_name=_("organizations mentioned"),
    )
    events = models.ManyToManyField(
        Event, blank=True, related_name="articles", verbose_name=_("events")
    )
    hero_image = models.ForeignKey(
        Image,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hero_of",
        verbose_name=_("hero image"),
    )
    gallery = models.ManyToManyField(
        Image,
        through="ArticleImage",
        blank=True,
        related_name="galleries",
        verbose_name=_("gallery"),
    )
    press_contacts = models.ManyToManyField(
        PressContact,
        blank=True,
        related_name="articles",
        verbose_name=_("press contacts"),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_(
            "When the whole release goes public. "
            "Empty: as soon as a language is published."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [F("publish_at").desc(nulls_last=True), "-created_at", "-pk"]
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        permissions = [("publish_article", _("Can publish and unpublish a language"))]

    def __str__(self):
        return self.any_text("title").text or f"{self.slug_fallback_prefix}-{self.pk}"

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    @property
    def published_languages(self):
        """Codes in settings order; uses prefetched publications when present."""
        codes = {publication.language for publication in self.publications.all()}
        return [code for code in language_codes() if code in codes]

    def is_public(self, language, now=None):
        """The model twin of ``Article.objects.public(language)``."""
        now = now or timezone.now()
        if self.publish_at is not None and self.publish_at > now:
            return False
        return language in self.published_languages

    def public_languages(self, now=None):
        now = now or timezone.now()
        return [code for code in self.published_languages if self.is_public(code, now)]

    def status(self, now=None):
        now = now or timezone.now()
        if not self.published_languages:
            return self.Status.DRAFT
        if self.publish_at is not None and self.publish_at > now:
            return self.Status.SCHEDULED
        return self.Status.LIVE

    @property
    def release_date(self):
        """When the release became public in the page's language.

        The later of ``publish_at`` and that language's publication, read from
        ``public()``'s annotation; outside it, the first publication.
        """
        published = getattr(self, "language_published_at", None)
        if published is None:
            dates = [
                publication.published_at for publication in self.publications.all()
            ]
            published = min(dates) if dates else None
        dates = [date for date in (self.publish_at, published) if date]
        return max(dates) if dates else None

    def publication_blockers(self, language):
        """(missing, stale): what must be translated before publishing ``language``."""
        return completeness.blockers(self, language)

    def publish(self, language, user=None, at=None):
        if language not in language_codes():
            raise ValueError(f"Unknown language {language!r}.")
        Publication.objects.get_or_create(
            article=self,
            language=language,
            defaults={"published_by": user, "published_at": at or timezone.now()},
        )

    def unpublish(self, language):
        self.publications.filter(language=language).delete()

    def reorder_paragraphs(self, paragraph_pks):
        renumber(self.paragraphs.all(), paragraph_pks)

    def reorder_gallery(self, article_image_pks):
        renumber(self.gallery_items.all(), article_image_pks)


class Publication(models.Model):
    """A language in which an editor has published a release."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="publications",
        verbose_name=_("press release"),
    )
    language = models.CharField(_("language"), max_length=7, choices=language_choices)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["article", "language"]
        verbose_name = _("published language")
        verbose_name_plural = _("published languages")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="unique_publication_language"
            ),
        ]

    def __str__(self):
        return f"{self.article} [{self.language}]"


class PositionedQuerySet(models.QuerySet):
    def next_position(self):
        return (self.aggregate(m=models.Max("position"))["m"] or 0) + 1


class Paragraph(TracksTranslations, Localized, models.Model):
    translation_units = ("text",)

    class Kind(models.TextChoices):
        TEXT = "text", _("text")
        HEADING = "heading", _("heading")
        QUOTE = "quote", _("quote")

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="paragraphs",
        verbose_name=_("press release"),
    )
    position = models.PositiveIntegerField(_("position"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT
    )
    speaker = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("speaker"),
        help_text=_("For a quote: who said it."),
    )
    text = models.TextField(_("text"), blank=True)
    source_digest = models.CharField(
        _("source digest"),
        max_length=16,
        blank=True,
        editable=False,
        help_text=_("Digest of the source text, so stale translations can be counted."),
    )

    objects = PositionedQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position"]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="unique_paragraph_position"
            ),
            models.CheckConstraint(
                condition=Q(kind="quote") | Q(speaker__isnull=True),
                name="paragraph_speaker_only_on_quote",
            ),
        ]

    def __str__(self):
        text = self.text_in("text", self.source_language).text
        return f"¶{self.position} {Truncator(text).chars(60)}".strip()

    def save(self, *args, **kwargs):
        if self.position is None:
            self.position = Paragraph.objects.filter(
                article_id=self.article_id
            ).next_position()
        self.source_digest = translation_state.text_digest(
            self.text_in("text", self.source_language).text
        )
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.speaker_id and self.kind != self.Kind.QUOTE:
            raise ValidationError({"speaker": _("Only a quote has a speaker.")})

    def derived_fields(self):
        return ["translated_from", "source_digest"]

    @property
    def source_language(self):
        return self.article.source_language


class ArticleImage(models.Model):
    """An image in a release's gallery, in order."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="gallery_items",
        verbose_name=_("press release"),
    )
    image = models.ForeignKey(
        Image, on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    position = models.PositiveIntegerField(_("position"), blank=True)

    objects = PositionedQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position"]
        verbose_name = _("gallery image")
        verbose_name_plural = _("gallery")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="unique_gallery_position"
            ),
            models.UniqueConstraint(
                fields=["article", "image"], name="unique_gallery_image"
            ),
        ]

    def __str__(self):
        return f"{self.article} #{self.position}"

    def save(self, *args, **kwargs):
        if self.position is None:
            self.position = ArticleImage.objects.filter(
                article_id=self.article_id
            ).next_position()
        super().save(*args, **kwargs)


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
