"""Press releases, their paragraphs, images, contacts and publications."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .. import translation_state
from ..languages import language_choices, language_codes
from .base import (
    FollowsDefault,
    Localized,
    PositionedQuerySet,
    SluggedMixin,
    TakesNextPosition,
    TracksTranslations,
    Translatable,
    renumber,
)
from .films import Event, Film, Organization, Person
from .images import Image


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
    market = models.CharField(
        _("market"),
        max_length=200,
        blank=True,
        help_text=_("Who the contact serves, e.g. “Spain and Latin America”."),
    )
    on_press_office_page = models.BooleanField(
        _("on the press-office page"),
        default=False,
        help_text=_("List this contact on the public press-office page."),
    )
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


def shown_at(published):
    """The date a page shows for a release: the latest of its language's
    publication, ``publish_at`` and the embargo's end. Lists sort by it, so it
    is kept on each publication (``shown_dates``); this is the rule the kept
    column is tested against."""
    return Greatest(
        Coalesce("publish_at", published),
        Coalesce("embargo_ends_at", published),
        published,
    )


class ListedAtField(models.DateTimeField):
    """A new release is listed when it was created (``created_at``, set
    just before this field by ``auto_now_add``) until it is published."""

    def pre_save(self, model_instance, add):
        if add and getattr(model_instance, self.attname) is None:
            setattr(model_instance, self.attname, model_instance.created_at)
        return super().pre_save(model_instance, add)


class ArticleQuerySet(models.QuerySet):
    """Every door (page, list, feed, sitemap, API, press kit) asks these."""

    def public(self, language, now=None):
        """Published in ``language`` and ``publish_at`` not in the future,
        with the date each release shows, newest first (pages and lists)."""
        if language not in language_codes():
            return self.none()
        # The annotation reads the one publication ``visible()`` joined:
        # lists need no extra query for the date.
        return (
            self.visible(language, now)
            .annotate(
                language_published_at=F("publications__published_at"),
                # The date the page shows (``release_date``), stored: lists
                # read the newest first from the publications' index.
                shown_at=F("publications__shown_at"),
            )
            .order_by("-shown_at", "-publications__article_id")
        )

    def visible(self, language=None, now=None):
        """The visibility rule, in ``language`` or in any language if None:
        a published language and ``publish_at`` not in the future."""
        if language is not None and language not in language_codes():
            return self.none()
        now = now or timezone.now()
        # In one language, the publication's kept shown date is also bounded:
        # a public release's is past (it is the latest of the dates below), and
        # the bound lets a list skip scheduled and embargoed releases in the
        # publications' index instead of reading each one.
        published = (
            Q(publications__language=language, publications__shown_at__lte=now)
            if language
            else Q(self._with_publication())
        )
        return self.filter(
            published,
            Q(publish_at__isnull=True) | Q(publish_at__lte=now),
            self.not_embargoed(now),
        )

    @staticmethod
    def not_embargoed(now):
        """No embargo, or one whose moment has passed. An embargo tied to an
        event without a time yet has no moment (``embargo_ends_at`` is NULL):
        it holds until the event gets one."""
        return Q(embargo_until__isnull=True, embargo_event__isnull=True) | Q(
            embargo_ends_at__lte=now
        )

    def embargoed(self, now=None):
        """Published, and held back at ``now`` by an embargo that ends no
        earlier than ``publish_at`` (the status ``Article.status()`` gives)."""
        now = now or timezone.now()
        return (
            self.filter(self._with_publication())
            .exclude(self.not_embargoed(now))
            .filter(
                Q(embargo_ends_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(embargo_ends_at__gte=F("publish_at"))
            )
        )

    def granted_by(self, link, languages=None, now=None):
        """What a personal embargo link grants: its release (or its film's
        releases) published in one of ``languages`` (default: all it names)
        that the link names, while the link is usable. Timing (``publish_at``,
        the embargo) does not hold a link back: that is what links are for."""
        codes = [
            code
            for code in (languages or link.languages)
            if code in language_codes() and link.grants_language(code)
        ]
        if not codes or not link.usable(now):
            return self.none()
        scope = Q(pk=link.article_id) if link.article_id else Q(film_id=link.film_id)
        published = Publication.objects.filter(
            article=OuterRef("pk"), language__in=codes
        )
        return self.filter(scope, Exists(published))

    def through_link(self, link, language, now=None):
        """``granted_by`` in one language, dated and ordered like ``public()``."""
        if language not in language_codes():
            return self.none()
        return (
            self.granted_by(link, [language], now)
            .filter(publications__language=language)
            .annotate(
                language_published_at=F("publications__published_at"),
                shown_at=F("publications__shown_at"),
            )
            .order_by("-shown_at", "-publications__article_id")
        )

    def with_published_languages(self):
        """Each release's published languages read in its own row, as
        ``published_languages`` reads them, without a query of publications."""
        from ..row_sql import ChildValues

        codes = ChildValues(Publication, "article", "language")
        return self.annotate(published_codes=codes)

    def _with_publication(self):
        return Exists(Publication.objects.filter(article=OuterRef("pk")))

    def drafts(self):
        return self.exclude(self._with_publication())

    def scheduled(self, now=None):
        """Published, with ``publish_at`` ahead and no embargo holding it
        longer (those are ``embargoed``)."""
        now = now or timezone.now()
        return self.filter(self._with_publication(), publish_at__gt=now).filter(
            self.not_embargoed(now)
            | Q(embargo_ends_at__isnull=False, embargo_ends_at__lt=F("publish_at"))
        )

    def going_public(self, now=None):
        """``(pk, film_id, moment)`` of each release that becomes public at a
        known moment after ``now``: its ``publish_at`` or its embargo's end,
        whichever is later (press kits are built for those moments)."""
        now = now or timezone.now()
        rows = (
            self.filter(self._with_publication())
            .filter(Q(publish_at__gt=now) | Q(embargo_ends_at__gt=now))
            .values_list("pk", "film_id", "publish_at", "embargo_ends_at",
                         "embargo_event_id", "embargo_until")
        )  # fmt: skip
        found = []
        for pk, film_id, publish_at, ends_at, event_id, until in rows:
            held = event_id is not None or until is not None
            if held and ends_at is None:
                continue  # to be announced: no moment yet
            dates = (publish_at, ends_at if held else None)
            moment = max(date for date in dates if date)
            if moment > now:
                found.append((pk, film_id, moment))
        return found

    def live(self, now=None):
        return self.visible(None, now)

    def refresh_listed_at(self):
        """Set ``listed_at`` of these releases from their publications: one
        UPDATE, whatever their number."""
        first = Publication.objects.filter(article=OuterRef("pk")).order_by(
            "published_at"
        )
        return self.update(
            listed_at=Coalesce(Subquery(first.values("published_at")[:1]), "created_at")
        )

    def locked(self, pk):
        """The release with its row locked until the transaction ends.

        Writes that read before they write (positions, the publish gate) take
        this first, so two people saving one release wait for each other. On
        SQLite, IMMEDIATE transactions already serialize every write.
        """
        return self.select_for_update().get(pk=pk)


class Article(TracksTranslations, SluggedMixin, Translatable):
    """A press release."""

    translation_units = ("title", "subtitle", "summary", "dateline")

    slug_fallback_prefix = "release"

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        EMBARGOED = "embargoed", _("embargoed")
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
    embargo_until = models.DateTimeField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_("Not public in any language before this moment."),
    )
    embargo_event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="embargoed_releases",
        verbose_name=_("embargoed until the event"),
        help_text=_(
            "Not public before this event of the film starts (plus the minutes "
            "below); the embargo follows the event when its date or time "
            "changes, and holds while its time is to be announced."
        ),
    )
    embargo_offset = models.IntegerField(
        _("minutes after the event starts"),
        default=0,
        validators=[MinValueValidator(-7 * 24 * 60), MaxValueValidator(7 * 24 * 60)],
        help_text=_("e.g. 30: from the start of the screening plus 30 minutes."),
    )
    # When the embargo ends, kept by ``articles.embargo`` from the fixed moment
    # or the event (NULL while the event has no time), so the visibility rule
    # is one comparison.
    embargo_ends_at = models.DateTimeField(
        _("embargo ends"), null=True, blank=True, editable=False, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Where the admin lists the release, newest first: its first
    # publication, a draft by when it was created. Kept by ``publish()``,
    # ``unpublish()`` and ``completeness.record()``, so the list sorts on an
    # indexed column instead of a subquery per release.
    listed_at = ListedAtField(_("listed at"), editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [F("publish_at").desc(nulls_last=True), "-created_at", "-pk"]
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        permissions = [("publish_article", _("Can publish and unpublish a language"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(embargo_until__isnull=True) | Q(embargo_event__isnull=True),
                name="article_embargo_one_kind",
            ),
        ]
        indexes = [
            # ``publish_at`` decides visibility and the next scheduled change.
            models.Index(fields=["publish_at"], name="article_publish_at"),
            models.Index(fields=["listed_at", "id"], name="article_listed_at"),
        ]

    def __str__(self):
        return self.any_text("title").text or f"{self.slug_fallback_prefix}-{self.pk}"

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_source_language", self.source_language)
        super().save(*args, **kwargs)
        if loaded != self.source_language:
            self.refresh_source_digests()
        self._loaded_source_language = self.source_language

    def get_absolute_url(self):
        return self.page_address("articles:article_detail")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_source_language = instance.source_language
        return instance

    def refresh_source_digests(self):
        """The source language changed: paragraphs' source digests follow it."""
        paragraphs = list(self.paragraphs.all())
        for paragraph in paragraphs:
            paragraph.source_digest = translation_state.text_digest(
                getattr(paragraph, f"text_{self.source_language}", "") or ""
            )
        Paragraph.objects.bulk_update(paragraphs, ["source_digest"], batch_size=500)

    @property
    def published_languages(self):
        """Codes in settings order: from ``with_published_languages()``, else
        from the publications (prefetched ones when present)."""
        if hasattr(self, "published_codes"):
            codes = set((self.published_codes or "").split(","))
        else:
            codes = {publication.language for publication in self.publications.all()}
        return [code for code in language_codes() if code in codes]

    def is_public(self, language, now=None):
        """The model twin of ``Article.objects.public(language)``."""
        now = now or timezone.now()
        if self.publish_at is not None and self.publish_at > now:
            return False
        if self.is_embargoed(now):
            return False
        return language in self.published_languages

    @property
    def has_embargo(self):
        return self.embargo_until is not None or self.embargo_event_id is not None

    def is_embargoed(self, now=None):
        """The model twin of ``ArticleQuerySet.not_embargoed``, negated."""
        if not self.has_embargo:
            return False
        now = now or timezone.now()
        return self.embargo_ends_at is None or self.embargo_ends_at > now

    def public_from(self):
        """When the release becomes public (its published languages): the
        later of ``publish_at`` and the embargo's end; None while an embargo
        waits for its event's time."""
        if self.has_embargo and self.embargo_ends_at is None:
            return None
        moments = [m for m in (self.publish_at, self.embargo_ends_at) if m]
        return max(moments) if moments else None

    def public_languages(self, now=None):
        now = now or timezone.now()
        return [code for code in self.published_languages if self.is_public(code, now)]

    def x_default_language(self, public_languages=None):
        """Where a visitor with no language of the page goes (``x-default``):
        the source language if public, else the first public one."""
        if public_languages is None:
            public_languages = self.public_languages()
        if self.source_language in public_languages:
            return self.source_language
        return public_languages[0] if public_languages else None

    def status(self, now=None):
        now = now or timezone.now()
        if not self.published_languages:
            return self.Status.DRAFT
        if self.is_embargoed(now) and (
            self.embargo_ends_at is None
            or self.publish_at is None
            or self.embargo_ends_at >= self.publish_at
        ):
            return self.Status.EMBARGOED
        if self.publish_at is not None and self.publish_at > now:
            return self.Status.SCHEDULED
        return self.Status.LIVE

    @property
    def release_date(self):
        """When the release became public in the page's language.

        The latest of ``publish_at``, the embargo's end and that language's
        publication, read from
        ``public()``'s annotation; outside it, the first publication.
        """
        published = getattr(self, "language_published_at", None)
        if published is None:
            dates = [
                publication.published_at for publication in self.publications.all()
            ]
            published = min(dates) if dates else None
        dates = [
            date for date in (self.publish_at, self.embargo_ends_at, published) if date
        ]
        return max(dates) if dates else None

    def publish(self, language, user=None, at=None):
        """Record ``language`` as published; the gate is ``publishing.publish``."""
        if language not in language_codes():
            raise ValueError(f"Unknown language {language!r}.")
        _publication, created = Publication.objects.get_or_create(
            article=self,
            language=language,
            defaults={"published_by": user, "published_at": at or timezone.now()},
        )
        if created:
            self.refresh_listed_at()

    def unpublish(self, language):
        self.publications.filter(language=language).delete()
        self.refresh_listed_at()

    def refresh_listed_at(self):
        """After a publication came or went: where the admin lists it."""
        type(self)._default_manager.filter(pk=self.pk).refresh_listed_at()

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
    # The date pages show in this language (``shown_at()``), kept by
    # ``shown_dates.refresh``; lists sort by it.
    shown_at = models.DateTimeField(_("shown date"), editable=False)

    class Meta:
        ordering = ["article", "language"]
        verbose_name = _("published language")
        verbose_name_plural = _("published languages")
        # Public lists read a language's newest releases in this order.
        indexes = [
            models.Index(
                "language",
                models.F("shown_at").desc(),
                models.F("article").desc(),
                name="publication_language_shown",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="unique_publication_language"
            ),
        ]

    def __str__(self):
        return f"{self.article} [{self.language}]"


class LanguageProgress(models.Model):
    """How complete a release is in one language, stored for the admin's list.

    Written only by ``completeness.record()``, from the rule
    (``completeness.detailed()``), in the transaction of the change.
    """

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=_("press release"),
    )
    language = models.CharField(_("language"), max_length=7, choices=language_choices)
    total = models.PositiveIntegerField(_("units"))
    current = models.PositiveIntegerField(_("current units"))
    stale = models.PositiveIntegerField(_("stale units"))

    class Meta:
        ordering = ["article_id", "language"]
        verbose_name = _("language progress")
        verbose_name_plural = _("language progress")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="unique_language_progress"
            ),
        ]
        indexes = [
            # The "incomplete in" filter.
            models.Index(
                fields=["language", "article"],
                condition=Q(current__lt=F("total")),
                name="language_progress_incomplete",
            ),
        ]

    def __str__(self):
        return f"{self.article_id} [{self.language}] {self.current}/{self.total}"


class Paragraph(TakesNextPosition, TracksTranslations, Localized, models.Model):
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

    def names_speaker(self, language):
        """Whether the quote's own words already say who spoke ("…," said
        Ana Torres), so the page does not name them a second time."""
        if self.speaker is None:
            return False
        text = self.text_in("text", language).text
        names = {getattr(self.speaker, f"name_{code}", "") for code in language_codes()}
        return any(name and name in text for name in names)

    @property
    def source_language(self):
        return self.article.source_language


class ArticleImage(TakesNextPosition, models.Model):
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
