"""RSS and Atom feeds of the public releases, one pair per language.

The releases come from ``Article.objects.public(language)``, like every page;
a feed costs the same few queries whatever the number of releases.
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from . import columns, image_files
from .imaging.renditions import SPECS
from .languages import active_language
from .models import Article, Paragraph, PressOffice, Rendition, plain

RELEASES_IN_FEED = 30
# A fixed JPEG size every reader can show; not a crop, so its key is its name.
ENCLOSURE_SPEC = SPECS["w800-jpeg"]
# The date in the tag URI of a feed itself (RFC 4151): any fixed day works.
FEED_TAG_DATE = "2025-01-01"


@dataclass
class FeedRequest:
    language: str
    request: HttpRequest

    @property
    def host(self):
        """The tag URIs' authority: the site's name without a port."""
        return self.request.get_host().rsplit(":", 1)[0].strip("[]").lower()


class AtomWithContent(feedgenerator.Atom1Feed):
    """Atom with the summary as ``summary`` and the full text as ``content``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("summary_text"):
            handler.addQuickElement("summary", item["summary_text"], {"type": "text"})
        handler.addQuickElement("content", item["description"], {"type": "html"})


class ReleasesRss(Feed):
    feed_type = feedgenerator.Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        return FeedRequest(active_language(), request)

    def title(self, obj):
        name = PressOffice.current().text_or_source("name", obj.language).text
        return _("%(office)s: press releases") % {"office": name or "Pressroom"}

    def description(self, obj):
        return _("The latest press releases, in full, with their lead image.")

    def link(self, obj):
        return reverse("articles:article_list")

    def feed_guid(self, obj):
        return f"tag:{obj.host},{FEED_TAG_DATE}:releases:{obj.language}"

    def items(self, obj):
        language = obj.language
        paragraphs = (
            plain(Paragraph)
            .select_related("speaker")
            .only(
                "article",
                "kind",
                *columns.own(language, "text"),
                "speaker",
                *columns.person(language, prefix="speaker__"),
            )
            .order_by("position")
        )
        renditions = Rendition.objects.filter(key=ENCLOSURE_SPEC.name)
        releases = list(
            plain(Article)
            .public(language)
            .select_related("hero_image")
            .only(
                "slug",
                "source_language",
                "created_at",
                *columns.own(language, "title", "subtitle", "summary"),
                "hero_image",
                *columns.image(language, prefix="hero_image__"),
            )
            .prefetch_related(
                Prefetch("paragraphs", queryset=paragraphs),
                Prefetch(
                    "hero_image__renditions",
                    queryset=renditions,
                    to_attr="enclosure_renditions",
                ),
            )[:RELEASES_IN_FEED]
        )
        for release in releases:
            release.feed = obj
        return releases

    def item_title(self, item):
        return item.text_in("title", item.feed.language).text

    def item_description(self, item):
        return full_text(item, item.feed)

    def item_guid(self, item):
        """Stable while the title and slug change: the release and language."""
        created = item.created_at.date().isoformat()
        return f"tag:{item.feed.host},{created}:release:{item.pk}:{item.feed.language}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.shown_at

    def item_updateddate(self, item):
        return item.shown_at

    def item_enclosures(self, item):
        made = enclosure_rendition(item.hero_image)
        if made is None:
            return []
        url = item.feed.request.build_absolute_uri(
            item.hero_image.url(ENCLOSURE_SPEC.name)
        )
        return [feedgenerator.Enclosure(url, str(made.file.size), made.content_type)]

    def item_extra_kwargs(self, item):
        return {"summary_text": item.text_in("summary", item.feed.language).text}


class ReleasesAtom(ReleasesRss):
    feed_type = AtomWithContent

    def subtitle(self, obj):
        return self.description(obj)


def enclosure_rendition(image):
    """The prefetched rendition of the lead image, built now if missing."""
    if image is None or not image.width:
        return None
    found = getattr(image, "enclosure_renditions", None)
    if found:
        return found[0]
    return image_files.rendition(image, ENCLOSURE_SPEC)


def full_text(release, feed):
    """The release as its page reads, in HTML: subtitle, image, summary, body."""
    language = feed.language
    parts = []
    subtitle = release.text_in("subtitle", language)
    if subtitle:
        parts.append(format_html("<p><strong>{}</strong></p>", subtitle))
    image = release.hero_image
    if image is not None and image.width:
        parts.append(
            format_html(
                '<p><img src="{}" alt="{}"></p>',
                feed.request.build_absolute_uri(image.url(ENCLOSURE_SPEC.name)),
                image.text_or_source("alt_text", language),
            )
        )
    summary = release.text_in("summary", language)
    if summary:
        parts.append(format_html("<p>{}</p>", summary))
    parts.extend(paragraph_html(p, language) for p in release.paragraphs.all())
    return format_html_join("\n", "{}", ((part,) for part in parts if part))


def paragraph_html(paragraph, language):
    text = paragraph.text_in("text", language)
    if not text:
        return ""
    if paragraph.kind == Paragraph.Kind.HEADING:
        return format_html("<h2>{}</h2>", text)
    if paragraph.kind == Paragraph.Kind.QUOTE:
        if paragraph.speaker:
            speaker = paragraph.speaker.text_or_source("name", language)
            return format_html(
                "<blockquote><p>{}</p><p>— {}</p></blockquote>", text, speaker
            )
        return format_html("<blockquote><p>{}</p></blockquote>", text)
    return format_html("<p>{}</p>", text)
