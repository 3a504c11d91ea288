"""The sitemap: every public page in each language it is public in.

``/sitemap.xml`` is always an index of sections (releases, films, people,
events, index pages), so a crawler's bookmark stays the same as the site
grows; a section runs to more pages when it passes ``LIMIT`` addresses.
Releases come from ``Article.objects.public(language)``, one query per
language whatever their number.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .languages import default_language, language_codes
from .models import Article, Event, Film, Person, plain

# Addresses per section page (each with its alternates): well under the
# protocol's 50,000 and 50 MB.
LIMIT = 20_000


class LanguageSitemap(Sitemap):
    """Each address once per language, listing the others and ``x-default``."""

    i18n = True
    alternates = True
    x_default = True
    limit = LIMIT

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
        """Public releases, each with its public languages and latest date."""
        found = {}
        for code in language_codes():
            public = (
                plain(Article)
                .public(code)
                .only("pk", "slug", "source_language", "updated_at")
            )
            for release in public:
                kept = found.setdefault(release.pk, release)
                if kept is release:
                    kept.sitemap_languages, kept.latest_shown_at = [], release.shown_at
                kept.sitemap_languages.append(code)
                kept.latest_shown_at = max(kept.latest_shown_at, release.shown_at)
        return sorted(found.values(), key=lambda release: release.pk)

    def get_languages_for_item(self, item):
        return item.sitemap_languages

    def x_default_language(self, item):
        return item.x_default_language(item.sitemap_languages)

    def lastmod(self, item):
        """The latest of the dates its pages show, or its last edit."""
        return max(item.latest_shown_at, item.updated_at)


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
