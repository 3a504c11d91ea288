"""Public pages. Every release shown here comes from ``Article.objects.public()``."""

from django.conf import settings
from django.db import connections
from django.db.models import Count, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from . import columns, completeness, pdf, roles
from . import structured_data as cards
from .languages import active_language, default_language, language_codes
from .models import (
    Article,
    ArticleImage,
    Credit,
    Event,
    Film,
    FilmImage,
    Financing,
    Image,
    Paragraph,
    Participation,
    Person,
    PressContact,
    find_addresses,
    plain,
)
from .page_cache.fragments import Fragments
from .presskits.content import ALL
from .presskits.views import kits_block
from .row_sql import RelatedRows, instances, rows

RELEASES_PER_PAGE = 20
# Film, person and event pages show this many of their newest releases and
# link to the paginated list of all of them.
RELATED_SHOWN = 8


def in_languages(url, languages, reverse_in):
    """``(code, url)`` for each of ``languages``, from ``url`` reversed in the
    active language: ``i18n_patterns`` writes the language as the first part
    of the path and nothing else in it depends on the language (no pattern
    is translated), so only that part changes. An address without that part
    is reversed again in each language by ``reverse_in(code)``."""
    prefix = get_script_prefix()
    active = f"{prefix}{translation.get_language()}/"
    if not url.startswith(active):
        return [(code, reverse_in(code)) for code in languages]
    rest = url[len(active) :]
    return [(code, f"{prefix}{code}/{rest}") for code in languages]


class LanguageVersionsMixin:
    """Canonical and ``hreflang`` links, and the switcher: the page's languages."""

    def page_languages(self):
        return language_codes()

    def url_in(self, language):
        with translation.override(language):
            return self.language_url()

    def language_url(self):
        return self.object.get_absolute_url()

    def urls_in(self, languages):
        """The page's address in each of ``languages``: reversed once, in the
        active language, whose prefix is then swapped (``in_languages``)."""
        return in_languages(self.language_url(), languages, self.url_in)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = active_language()
        versions = self.urls_in(self.page_languages())
        default = dict(versions).get(self.x_default_language())
        context.update(
            page_language=language,
            language_versions=versions,
            canonical_url=dict(versions).get(language) or self.request.path,
            x_default_url=default or (versions[0][1] if versions else None),
        )
        return context

    def x_default_language(self):
        return default_language()


def event_items(queryset, language, *related, more=()):
    """``queryset`` of events reading what lists and cards show of them and
    of their film and the ``related`` they select (``venue``, ``platform``),
    and the ``more`` fields a page shows."""
    fields = [
        *more,
        *columns.event(language),
        "film",
        *columns.film(language, prefix="film__"),
    ]
    if "venue" in related:
        fields += ["venue", *columns.venue(language, prefix="venue__")]
    if "platform" in related:
        fields += ["platform", *columns.organization(language, prefix="platform__")]
    return queryset.only(*fields)


class PublicArticleMixin:
    """The one door to releases: ``Article.objects.public(language)``."""

    def public_articles(self):
        return plain(Article).public(active_language()).select_related("film")

    def releases_about(self, subject):
        """The public releases of a film, a person or an event, newest first."""
        releases = self.public_articles()
        if isinstance(subject, Film):
            releases = releases.filter(film=subject)
        elif isinstance(subject, Person):
            # Two lookups by index joined into one set, not one join of both
            # relations; one IN of a UNION (not two INs or-ed) is a set the
            # planner estimates well, so it hashes it instead of comparing it
            # with every public release.
            people = Article.people.through.objects.filter(person=subject)
            quotes = Paragraph.objects.filter(speaker=subject)
            releases = releases.filter(
                pk__in=people.order_by()
                .values("article")
                .union(quotes.order_by().values("article"))
            )
        else:
            releases = releases.filter(events=subject)
        return releases.only(*columns.release_item(active_language()))


class NewestReleasesMixin(PublicArticleMixin):
    """A film, person or event page: its ``RELATED_SHOWN`` newest public
    releases and how many there are in all (a count read with them as a
    subquery the database runs once, so the page costs no query more),
    linking to ``<page>/releases/``. Not a window count: a window must read
    every release before the first, so the planner's cheap plan for the first
    eight became a join of every public release with the subject's."""

    releases_list = None  # the paginated list's URL name

    def get_context_data(self, **kwargs):
        about = self.releases_about(self.object)
        total = (
            about.order_by()
            .annotate(one=Value(1))
            .values("one")
            .annotate(total=Count("pk"))
            .values("total")
        )
        releases = about.annotate(releases_total=Coalesce(Subquery(total), Value(0)))
        releases = list(releases[:RELATED_SHOWN])
        return super().get_context_data(
            releases=releases,
            releases_total=releases[0].releases_total if releases else 0,
            releases_url=reverse(self.releases_list, kwargs={"slug": self.object.slug}),
            **kwargs,
        )


class HomeView(
    cards.CardsMixin, LanguageVersionsMixin, PublicArticleMixin, TemplateView
):
    template_name = "articles/home.html"

    def language_url(self):
        return reverse("articles:home")

    def office_rows(self, context):
        return [*context["latest_releases"], *self.events]

    def card(self, page, context):
        return cards.home(page)

    def get_context_data(self, **kwargs):
        language = active_language()
        today = timezone.localdate()
        events = event_items(
            plain(Event)
            .select_related("venue", "film")
            .filter(Q(date__isnull=True) | Q(date__gte=today.replace(day=1))),
            language,
            "venue",
        )
        self.events = list(cards.with_office(events)[:12])
        upcoming = [event for event in self.events if event.is_upcoming(today)][:4]
        releases = self.public_articles().only(*columns.release_item(language))
        return super().get_context_data(
            latest_releases=cards.with_office(releases)[:6],
            upcoming_events=upcoming,
            **kwargs,
        )


class ArticleListView(
    cards.CardsMixin, LanguageVersionsMixin, PublicArticleMixin, ListView
):
    paginate_by = RELEASES_PER_PAGE
    template_name = "articles/article_list.html"
    context_object_name = "releases"

    def get_queryset(self):
        releases = self.public_articles().only(*columns.release_item(active_language()))
        return cards.with_office(releases)

    def office_rows(self, context):
        return context["releases"]

    def card(self, page, context):
        language = page.language
        items = [
            (release.get_absolute_url(), release.text_in("title", language).text)
            for release in context["releases"]
        ]
        return cards.collection(page, _("Press releases"), items)

    def language_url(self):
        url = reverse("articles:article_list")
        page = self.request.GET.get("page")
        return f"{url}?page={page}" if page and page != "1" else url


def press_kit_links(obj, kind, languages):
    """``(language, url, newest kit or None)`` for each language and "all"."""
    name = "articles:release_kit" if kind == "release" else "articles:film_kit"
    kits = kits_block(f"{kind}:{obj.pk}", languages)

    def reverse_in(code):
        with translation.override(code):
            return reverse(name, kwargs={"slug": obj.slug})

    urls = dict(
        in_languages(reverse(name, kwargs={"slug": obj.slug}), languages, reverse_in)
    )
    urls[ALL] = reverse(f"{name}_all", kwargs={"slug": obj.slug})
    return [(code, urls[code], row) for code, row in kits]


class ArticleDetailView(
    cards.CardsMixin, LanguageVersionsMixin, PublicArticleMixin, DetailView
):
    """The release page in two queries: the release with its film and lead
    image, its published languages, paragraphs and their speakers, people,
    gallery, press contacts and the press office, reading only the columns
    the page shows in its language (``articles.columns``); and the press-kit
    block's kits."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"
    # Its share cards and its body are kept (``{% kept %}``) under the
    # release's versions; only this public page keeps them, never a
    # preview or an embargo link's page (their ``get`` makes none).
    # With them, the release's own row as the page read it ("row"): kept as
    # long as they are, it says what the head and the switcher show.
    KEPT = ("cards", "release", "row")
    fragments = None

    def get_queryset(self):
        language = active_language()
        articles = self.public_articles().with_published_languages()
        articles = self.lean(articles, language)
        articles = articles.annotate(**self.related_rows(language))
        return cards.with_office(articles)

    def card(self, page, context):
        return cards.release(
            page, self.object, context["paragraphs"], context["people"]
        )

    @staticmethod
    def own_columns(language):
        return (
            "slug",
            "source_language",
            *columns.own(language, "title", "subtitle", "summary", "dateline"),
            "publish_at",
            "embargo_until",
            "embargo_event",
            "embargo_ends_at",
            "updated_at",
        )

    def release_row(self, language):
        """What ``kept_release`` needs: the release's own columns as read."""
        fields = [Article._meta.get_field(name) for name in self.own_columns(language)]
        row = {field.attname: getattr(self.object, field.attname) for field in fields}
        return {**row, "id": self.object.pk, "codes": self.object.published_codes}

    @staticmethod
    def kept_release(row):
        row = dict(row)
        codes = row.pop("codes")
        article = Article(**row)
        article._state.adding = False
        article.published_codes = codes
        return article

    @classmethod
    def lean(cls, queryset, language):
        """The release's own columns in ``language``, its film and lead image."""
        return queryset.select_related("film", "hero_image").only(
            *cls.own_columns(language),
            "film",
            *columns.film(language, prefix="film__"),
            "hero_image",
            *columns.image(language, prefix="hero_image__"),
        )

    @staticmethod
    def related_rows(language):
        """The release's paragraphs (with their speakers' names in every
        language: ``names_speaker`` looks for any of them in the quote), its
        people, its gallery's images and its press contacts, each read as a
        JSON array by a subquery of the page's one query (``RelatedRows``)."""

        def row(*names):
            return [f"row:{name}" for name in ("id", *names)]

        people = Article.people.through
        contacts = Article.press_contacts.through
        return {
            "page_paragraphs": RelatedRows(
                Paragraph,
                "article",
                [
                    *(f"link:{name}" for name in ("id", "position", "kind")),
                    "link:speaker_id",
                    *(f"link:{name}" for name in columns.own(language, "text")),
                    *row("slug", "source_language", *columns.every("name")),
                ],
                joined=("speaker", Person, True),
                order=["link:position"],
            ),
            "page_people": RelatedRows(
                people,
                "article",
                row(*columns.person(language)),
                joined=("person", Person, False),
                order=["row:slug"],
            ),
            "page_gallery": RelatedRows(
                ArticleImage,
                "article",
                ["link:position", *row(*columns.image(language))],
                joined=("image", Image, False),
                order=["link:position"],
            ),
            "page_contacts": RelatedRows(
                contacts,
                "article",
                row(
                    "name",
                    "organization",
                    "email",
                    "phone",
                    "languages",
                    *columns.named(PressContact, language, "role"),
                ),
                joined=("presscontact", PressContact, False),
                order=["row:name", "row:id"],
            ),
        }

    def related(self, language):
        """``(paragraphs, people, gallery images, press contacts)`` from the
        arrays ``related_rows`` read, as model instances."""
        article = self.object
        db = article._state.db
        vendor = connections[db].vendor
        paragraph_rows = rows(article.page_paragraphs, vendor, ["link:position"])
        paragraphs = instances(Paragraph, paragraph_rows, "link", db)
        speakers = instances(Person, paragraph_rows, "row", db)
        for paragraph, speaker in zip(paragraphs, speakers, strict=True):
            Paragraph.speaker.field.set_cached_value(paragraph, speaker)
        people = instances(
            Person, rows(article.page_people, vendor, ["row:slug"]), "row", db
        )
        gallery = instances(
            Image, rows(article.page_gallery, vendor, ["link:position"]), "row", db
        )
        contacts = instances(
            PressContact,
            rows(article.page_contacts, vendor, ["row:name", "row:id"]),
            "row",
            db,
        )
        find_addresses(
            [*people, *(speaker for speaker in speakers if speaker)],
            "articles:person_detail",
        )
        return paragraphs, people, gallery, contacts

    @staticmethod
    def with_page_relations(queryset):
        """Every column in every language: a staff preview, whatever it shows."""
        paragraphs = Paragraph.objects.select_related("speaker").order_by("position")
        gallery = ArticleImage.objects.select_related("image").order_by("position")
        return queryset.select_related("film", "hero_image").prefetch_related(
            "publications",
            Prefetch("paragraphs", queryset=paragraphs),
            "people",
            Prefetch("gallery_items", queryset=gallery),
            "press_contacts",
        )

    def get(self, request, *args, **kwargs):
        if settings.PAGE_FRAGMENTS:
            self.fragments = Fragments(request, self.KEPT)
            if self.fragments.complete:
                # As true as the parts kept with it: the release's versions
                # and the next scheduled change decide, so no query is needed.
                self.object = self.kept_release(self.fragments.value("row"))
                context = self.get_context_data(object=self.object)
                return self.render_to_response(context)
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return self.unavailable(kwargs["slug"])

    def unavailable(self, slug):
        """404; for a release public in other languages right now, links to them."""
        elsewhere = []
        for code in language_codes():
            if code == active_language():
                continue
            article = Article.objects.public(code).filter(slug=slug).first()
            if article is not None:
                with translation.override(code):
                    elsewhere.append(
                        (
                            code,
                            article.text_in("title", code),
                            article.get_absolute_url(),
                        )
                    )
        if not elsewhere:
            raise Http404("No release with this address is public.")
        return TemplateResponse(
            self.request,
            "articles/article_unavailable.html",
            {"elsewhere": elsewhere},
            status=404,
        )

    def page_languages(self):
        return self.object.public_languages()

    def x_default_language(self):
        return self.object.x_default_language()

    def get_context_data(self, **kwargs):
        if self.fragments is not None:
            self.fragments.names = ("catalog", f"release:{self.object.pk}")
            if self.fragments.complete:  # the body and cards are kept
                return super().get_context_data(
                    kept_fragments=self.fragments, paragraphs=(), people=(), **kwargs
                )
            self.fragments.keep("row", self.release_row(active_language()))
            kwargs["kept_fragments"] = self.fragments
        language = active_language()
        paragraphs, people, gallery_images, contacts = self.related(language)
        shown = []
        for paragraph in paragraphs:
            text = paragraph.text_in("text", language)
            if not text:
                continue
            # What the template writes, worked out once here.
            paragraph.shown_text = text
            paragraph.named_speaker = (
                paragraph.speaker
                if paragraph.speaker and not paragraph.names_speaker(language)
                else None
            )
            shown.append(paragraph)
        # The lead image is shown on top: the gallery does not repeat it.
        gallery = [
            image for image in gallery_images if image.pk != self.object.hero_image_id
        ]
        public_languages = self.object.public_languages()
        return super().get_context_data(
            paragraphs=shown,
            people=people,
            press_contacts=contacts,
            gallery=gallery,
            press_kits=press_kit_links(self.object, "release", public_languages),
            press_kit_subject="release",
            pdf_available=pdf.offered(),
            pdf_url=reverse("articles:release_pdf", kwargs={"slug": self.object.slug}),
            **kwargs,
        )


class FilmDetailView(
    cards.CardsMixin, LanguageVersionsMixin, NewestReleasesMixin, DetailView
):
    model = Film
    template_name = "articles/film_detail.html"
    releases_list = "articles:film_releases"

    def card(self, page, context):
        return cards.movie(page, self.object, context["releases"])

    def get_queryset(self):
        """The film with its poster, then each of its lists in one query,
        each reading what the page shows in its language; one film's rows
        need no ordering by film (their default, which joins the film)."""
        language = active_language()
        credits = (
            plain(Credit)
            .select_related("person")
            .only(
                "film",
                "role",
                "billing_order",
                *columns.named(Credit, language, "character_name", "note"),
                "person",
                *columns.person(language, prefix="person__"),
            )
            .order_by("billing_order", "pk")
        )
        stills = (
            plain(FilmImage)
            .select_related("image")
            .only("film", "image", *columns.image(language, prefix="image__"))
            .order_by("position")
        )
        participations = (
            plain(Participation)
            .select_related("organization")
            .only(
                "film",
                "role",
                "country",
                "organization",
                *columns.organization(language, prefix="organization__"),
            )
            .order_by("billing_order", "pk")
        )
        financing = (
            plain(Financing)
            .only(
                "film", "country", "share", *columns.named(Financing, language, "note")
            )
            .order_by("-share", "country")
        )
        events = event_items(plain(Event).select_related("venue"), language, "venue")
        films = cards.with_office(plain(Film).all())
        return (
            films.select_related("poster")
            .only(
                *columns.film(language),
                "runtime_minutes",
                "production_countries",
                "spoken_languages",
                "aspect_ratio",
                *columns.named(
                    Film,
                    language,
                    "short_synopsis",
                    "synopsis",
                    "director_statement",
                    "picture_format",
                    "sound",
                ),
                "poster",
                *columns.image(language, prefix="poster__"),
            )
            .prefetch_related(
                Prefetch("credits", queryset=credits),
                Prefetch("still_items", queryset=stills),
                Prefetch("participations", queryset=participations),
                Prefetch("financing", queryset=financing),
                Prefetch("events", queryset=events),
            )
        )

    def get_context_data(self, **kwargs):
        credits = self.object.credits.all()
        find_addresses([credit.person for credit in credits], "articles:person_detail")
        groups = roles.grouped(credits)
        # The poster is shown on top: the stills do not repeat it.
        stills = [
            item.image
            for item in self.object.still_items.all()
            if item.image_id != self.object.poster_id
        ]
        return super().get_context_data(
            credit_groups=groups,
            stills=stills,
            press_kits=press_kit_links(self.object, "film", language_codes()),
            press_kit_subject="film",
            pdf_available=pdf.offered(),
            pdf_url=reverse(
                "articles:film_fact_sheet", kwargs={"slug": self.object.slug}
            ),
            **kwargs,
        )


class PersonDetailView(
    cards.CardsMixin, LanguageVersionsMixin, NewestReleasesMixin, DetailView
):
    model = Person
    template_name = "articles/person_detail.html"
    releases_list = "articles:person_releases"

    def card(self, page, context):
        return cards.person(page, self.object, context["releases"])

    def get_queryset(self):
        language = active_language()
        credits = (
            plain(Credit)
            .select_related("film")
            .only(
                "person",
                "role",
                *columns.named(Credit, language, "character_name"),
                "film",
                *columns.film(language, prefix="film__"),
            )
        )
        people = cards.with_office(plain(Person).all())
        return (
            people.select_related("portrait")
            .only(
                "slug",
                "country",
                *columns.named(Person, language, "name", "bio"),
                "portrait",
                *columns.image(language, prefix="portrait__"),
            )
            .prefetch_related(Prefetch("credits", queryset=credits))
        )


class EventListView(cards.CardsMixin, LanguageVersionsMixin, TemplateView):
    template_name = "articles/event_list.html"

    def language_url(self):
        return reverse("articles:event_list")

    def office_rows(self, context):
        return self.events

    def card(self, page, context):
        items = [
            (event.get_absolute_url(), cards.event_title(page, event))
            for event in (*context["upcoming"], *context["past"])
        ]
        return cards.collection(page, _("Events"), items)

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        events = event_items(
            plain(Event).select_related("venue", "film", "platform"),
            active_language(),
            "venue",
            "platform",
        )
        self.events = events = list(cards.with_office(events))
        upcoming = [event for event in events if event.is_upcoming(today)]
        past = [event for event in reversed(events) if not event.is_upcoming(today)]
        return super().get_context_data(upcoming=upcoming, past=past, **kwargs)


class EventDetailView(
    cards.CardsMixin, LanguageVersionsMixin, NewestReleasesMixin, DetailView
):
    model = Event
    template_name = "articles/event_detail.html"
    releases_list = "articles:event_releases"

    def get_queryset(self):
        language = active_language()
        events = event_items(
            plain(Event).select_related("venue", "film", "platform"),
            language,
            "venue",
            "platform",
            more=columns.named(Event, language, "description"),
        )
        return cards.with_office(events)

    def card(self, page, context):
        return cards.event(page, self.object, context["releases"])


class RelatedReleaseListView(
    cards.CardsMixin, LanguageVersionsMixin, PublicArticleMixin, ListView
):
    """All the public releases of one film, person or event, paginated like
    the release list (``?page=N``; 404 past the last page or for an unknown
    address)."""

    paginate_by = RELEASES_PER_PAGE
    template_name = "articles/related_release_list.html"
    context_object_name = "releases"
    # Set by each URL: the subject's model, its name field, its page's and
    # its index page's URL names.
    model = None
    name_field = None
    detail_name = None
    index_name = None

    def subjects(self, language):
        if self.model is Film:
            return plain(Film).only(*columns.film(language))
        if self.model is Person:
            return plain(Person).only(*columns.person(language))
        return event_items(plain(Event).select_related("film"), language)

    def get(self, request, *args, **kwargs):
        subjects = cards.with_office(self.subjects(active_language()))
        self.subject = get_object_or_404(subjects, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.releases_about(self.subject)

    def office_rows(self, context):
        return [self.subject]

    def title(self, page):
        if self.model is Event:
            name = cards.event_title(page, self.subject)
        else:
            name = page.name(self.subject, self.name_field)
        return _("Press releases: %(name)s") % {"name": name}

    def card(self, page, context):
        language = page.language
        items = [
            (release.get_absolute_url(), release.text_in("title", language).text)
            for release in context["releases"]
        ]
        return cards.collection(page, self.title(page), items)

    def language_url(self):
        url = reverse(self.request.resolver_match.view_name, kwargs=self.kwargs)
        page = self.request.GET.get("page")
        return f"{url}?page={page}" if page and page != "1" else url

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subject=self.subject,
            name_field=self.name_field,
            index_url=reverse(self.index_name),
            index_label={Film: _("Films"), Person: _("People")}.get(
                self.model, _("Events")
            ),
            **kwargs,
        )


class ArticlePreviewView(ArticleDetailView):
    """Any release in any language, for staff: the admin wraps it, adds
    noindex and never-cache, and checks the permission."""

    template_name = "articles/article_preview.html"
    pk_url_kwarg = "pk"

    def get_queryset(self):
        return self.with_page_relations(Article.objects.all())

    def related(self, language):
        article = self.object
        return (
            list(article.paragraphs.all()),
            list(article.people.all()),
            [item.image for item in article.gallery_items.all()],
            list(article.press_contacts.all()),
        )

    def get(self, request, *args, **kwargs):
        return DetailView.get(self, request, *args, **kwargs)

    def cards_allowed(self):
        return False  # a preview is no page to share

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = active_language()
        context.update(
            preview=True,
            preview_public=self.object.is_public(language),
            blockers=completeness.blockers(self.object, language),
        )
        return context


@require_safe
def robots_txt(request):
    """Crawlers: the sitemap, and the addresses that are nobody's to index."""
    return TemplateResponse(
        request,
        "robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
