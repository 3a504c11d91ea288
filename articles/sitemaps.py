"""The sitemap: every public page in each language it is public in.

``/sitemap.xml`` is always an index of sections (releases, films, people,
events, index pages), so a crawler's bookmark stays the same as the site
grows; a section runs to more pages past ``LIMIT`` items. Releases come
from ``Article.objects.live()`` (public in some language now) with their
published languages: a section page costs two queries, whatever their number.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.urls import reverse

from .languages import default_language
from .models import Article, Event, Film, Person, Publication, plain

# Pages per section page, each listed in up to four languages with its
# alternates: a section page is rendered in well under 150 ms whatever the
# number of releases (Django renders a sitemap at about 0.1 ms an address
# and alternate), and stays far under the protocol's 50,000 addresses.
LIMIT = 100


class ItemLanguages:
    """A section's items for Django's paginator, counted and sliced by item
    (a query each on a queryset), each item of a slice then listed once per
    language it is in: Django's own ``_items()`` reads every item to pair
    it with its languages before taking one page of them."""

    def __init__(self, sitemap, items):
        self.sitemap, self.items = sitemap, items

    def count(self):
        if isinstance(self.items, QuerySet):
            return self.items.count()
        return len(self.items)

    def __getitem__(self, index):
        items = self.items
        if isinstance(items, QuerySet):
            # The page's keys first, then only their rows' subqueries: an
            # offset would compute them for every row it skips.
            items = items.filter(pk__in=items.values("pk")[index])
        else:
            items = items[index]
        return [
            (item, code)
            for item in items
            for code in self.sitemap.get_languages_for_item(item)
        ]


class LanguageSitemap(Sitemap):
    """Each address once per language, listing the others and ``x-default``."""

    i18n = True
    alternates = True
    x_default = True
    limit = LIMIT

    def _items(self):
        return ItemLanguages(self, self.items())

    def x_default_language(self, item):
        return default_language()

    def get_urls(self, page=1, site=None, protocol=None):
        """Django's ``x-default`` is the address without a language (which
        redirects by the browser's); pages name one of their own languages
        instead, so the sitemap says what their ``<head>`` says."""
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            alternates = [
                alternate
                for alternate in url["alternates"]
                if alternate["lang_code"] != "x-default"
            ]
            default = self.x_default_language(url["item"][0])
            alternates += [
                {"location": alternate["location"], "lang_code": "x-default"}
                for alternate in alternates
                if alternate["lang_code"] == default
            ]
            url["alternates"] = alternates
        return urls


class ReleaseSitemap(LanguageSitemap):
    def items(self):
        """Releases public in some language now (``Article.objects.live()``),
        each with its published languages (a live release is public in each
        of them: timing is the release's, publication the language's) and
        its latest publication, read in its row: a section page reads its
        own ``limit`` rows, whatever the number of releases."""
        latest = (
            Publication.objects.filter(article=OuterRef("pk"))
            .order_by("-published_at")
            .values("published_at")[:1]
        )
        return (
            plain(Article)
            .live()
            .with_published_languages()
            .annotate(latest_published_at=Subquery(latest))
            .only("pk", "slug", "source_language", "updated_at", "publish_at",
                  "embargo_ends_at")
            .order_by("pk")
        )  # fmt: skip

    def get_languages_for_item(self, item):
        return item.published_languages

    def x_default_language(self, item):
        return item.x_default_language(item.published_languages)

    def lastmod(self, item):
        """The latest of the dates its pages show, or its last edit."""
        dates = (
            item.publish_at,
            item.embargo_ends_at,
            item.latest_published_at,
            item.updated_at,
        )
        return max(date for date in dates if date)

    def get_latest_lastmod(self):
        """The index's date for the section, in one query (Django's default
        reads every release)."""
        latest = (
            plain(Article)
            .live()
            .aggregate(
                *(
                    Max(name)
                    for name in ("publish_at", "embargo_ends_at", "updated_at")
                ),
                Max("publications__published_at"),
            )
        )
        return max((date for date in latest.values() if date), default=None)


class FilmSitemap(LanguageSitemap):
    def items(self):
        return plain(Film).only("pk", "slug").order_by("pk")


class PersonSitemap(LanguageSitemap):
    def items(self):
        return plain(Person).only("pk", "slug").order_by("pk")


class EventSitemap(LanguageSitemap):
    def items(self):
        return plain(Event).only("pk", "slug").order_by("pk")


class IndexPageSitemap(LanguageSitemap):
    def items(self):
        return [
            "articles:home",
            "articles:article_list",
            "articles:film_list",
            "articles:person_list",
            "articles:event_list",
            "articles:press_office",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "releases": ReleaseSitemap,
    "films": FilmSitemap,
    "people": PersonSitemap,
    "events": EventSitemap,
    "pages": IndexPageSitemap,
}
