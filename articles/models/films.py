"""Films and who and what surrounds them: people, companies, money, events."""

import zoneinfo
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..countries import (
    country_choices,
    country_name,
    split_codes,
    validate_country_codes,
)
from .base import (
    FollowsDefault,
    FollowsFilm,
    SluggedMixin,
    Translatable,
    timezone_choices,
)


class Person(SluggedMixin, Translatable):
    slug_source_field = "name"
    slug_fallback_prefix = "person"

    name = models.CharField(_("name"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    portrait = models.ForeignKey(
        "articles.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("portrait"),
    )
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
        return self.page_address("articles:person_detail")


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
    short_synopsis = models.TextField(
        _("short synopsis"),
        blank=True,
        help_text=_(
            "A logline of a few sentences, up to about 300 characters; "
            "the long synopsis follows it on the film page."
        ),
    )
    synopsis = models.TextField(_("long synopsis"), blank=True)
    director_statement = models.TextField(_("director’s statement"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    runtime_minutes = models.PositiveSmallIntegerField(
        _("running time (minutes)"), null=True, blank=True
    )
    production_countries = models.CharField(
        _("production countries"),
        max_length=100,
        blank=True,
        validators=[validate_country_codes],
        help_text=_(
            "Codes of the producing countries in billing order, e.g. “ES, KZ”. "
            "The financing countries are a hint, not the answer: a country may "
            "finance a film without producing it."
        ),
    )
    spoken_languages = models.CharField(
        _("spoken languages"),
        max_length=100,
        blank=True,
        validators=[
            RegexValidator(
                r"^\s*[a-z]{2,3}(-[A-Za-z0-9]{2,8})*"
                r"(\s*,\s*[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)*\s*$",
                _("Enter language codes separated by commas, e.g. “es, kk”."),
            )
        ],
        help_text=_("Codes of the languages spoken in the film, e.g. “es, kk”."),
    )
    picture_format = models.CharField(
        _("picture format"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “DCP 4K, colour”."),
    )
    aspect_ratio = models.CharField(
        _("aspect ratio"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^(\d+(\.\d+)?:1|\d+:\d+)$",
                _("Enter an aspect ratio such as “2.39:1” or “16:9”."),
            )
        ],
    )
    sound = models.CharField(
        _("sound"), max_length=200, blank=True, help_text=_("e.g. “Dolby 5.1”.")
    )
    poster = models.ForeignKey(
        "articles.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("poster"),
    )
    stills = models.ManyToManyField(
        "articles.Image",
        through="FilmImage",
        blank=True,
        related_name="+",
        verbose_name=_("stills"),
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
        return self.page_address("articles:film_detail")

    def production_country_codes(self):
        return split_codes(self.production_countries)

    def spoken_language_codes(self):
        return split_codes(self.spoken_languages)

    def premiere(self):
        """The film's premiere (the first one), read from ``events.all()`` so
        a page that prefetched them pays no query."""
        premieres = [
            event
            for event in self.events.all()
            if event.kind == Event.Kind.PREMIERE and event.date
        ]
        return min(premieres, key=lambda event: (event.date, event.pk), default=None)

    def directors(self):
        """Reads ``credits.all()`` so a page that prefetched them pays no query."""
        credits = [
            credit
            for credit in self.credits.all()
            if credit.role == Credit.Role.DIRECTOR
        ]
        credits.sort(key=lambda credit: (credit.billing_order, credit.pk))
        return [credit.person for credit in credits]

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
        indexes = [models.Index(fields=["date", "time"], name="event_date")]
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
        return self.page_address("articles:event_detail")

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
        """The aware start time of a screening with a local time, else None;
        without a time zone, the local time is the office's (``TIME_ZONE``)."""
        if self.date is None or self.time is None:
            return None
        zone = (
            zoneinfo.ZoneInfo(self.time_zone)
            if self.time_zone
            else timezone.get_default_timezone()
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
