"""What a kit holds at a moment: the public content, rendered, and its digest.

A kit is planned from ``Article.objects.public(language, at)``, so it holds
exactly what the public may see at ``at`` (for a personal embargo link, what
``Article.objects.through_link`` grants); the digest names that content (every
document's bytes, every image with its version and wording), so the
kit served for a request is the one built for the content of that moment.
"""

import hashlib
import io
import json
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .. import image_files, pdf, translation_state
from ..embargo.banner import embargo_line
from ..imaging.downloads import PRINT_LONG_EDGE
from ..languages import language_codes
from ..models import (
    Article,
    ArticleImage,
    Credit,
    Event,
    Film,
    FilmImage,
    Paragraph,
    Participation,
)
from .archive import Entry, Names

ALL = "all"
# A full-size download keeps its format, but HEIC comes as JPEG.
FULL_EXTENSIONS = {
    "JPEG": "jpg",
    "MPO": "jpg",
    "HEIF": "jpg",
    "PNG": "png",
    "WEBP": "webp",
}


@dataclass
class Kit:
    subject: str  # "film:12", "release:34"
    language: str  # a code, or "all"
    filename: str
    entries: list = field(default_factory=list)
    identity: list = field(default_factory=list)  # what the digest is made of
    contents: dict = field(default_factory=dict)
    public: bool = True  # False: planned for an embargo link, never listed
    at: object = None  # the moment it was planned for

    @property
    def digest(self):
        text = json.dumps(self.identity, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def add_text(self, names, folder, stem, extension, kind, language, text):
        self.add_bytes(names, folder, stem, extension, kind, language, text.encode())

    def add_bytes(
        self, names, folder, stem, extension, kind, language, data, compress=True
    ):
        name = names.take(folder, stem, extension)
        self.entries.append(
            Entry(name, kind, language, lambda data=data: io.BytesIO(data), compress)
        )
        self.identity.append([name, hashlib.sha256(data).hexdigest()])

    def add_pdf(self, names, folder, stem, kind, language, printable):
        """A PDF, once per content (the stored one when it exists); its
        bytes' hash is in the digest, so the PDF must be deterministic."""
        data = pdf.stored_bytes(printable)
        # PDF streams are compressed already.
        self.add_bytes(names, folder, stem, "pdf", kind, language, data, False)

    def add_image(self, names, folder, stem, image, language, size):
        extension = "jpg" if size == "print" else FULL_EXTENSIONS[image.format]
        name = names.take(folder, f"{stem}-{size}", extension)
        self.entries.append(
            Entry(
                name,
                f"image-{size}",
                language,
                lambda: image_files.download(image, language, size).file.open("rb"),
                compress=False,
            )
        )
        words = image_files.labels(image, language)
        self.identity.append(
            [name, image.pk, image.sha256, image.version, size, words.__dict__]
        )
        return name


def film_queryset():
    credits = Credit.objects.select_related("person").order_by("billing_order", "pk")
    return Film.objects.select_related("poster").prefetch_related(
        Prefetch("credits", queryset=credits),
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("organization"),
        ),
        "financing",
        Prefetch(
            "events",
            queryset=Event.objects.select_related("venue", "platform").order_by(
                "date", "time", "pk"
            ),
        ),
        Prefetch("still_items", queryset=FilmImage.objects.select_related("image")),
    )


def releases_queryset(language, at, link=None):
    """The releases a kit or a PDF may hold: public at ``at``, or granted by
    ``link``."""
    paragraphs = Paragraph.objects.select_related("speaker").order_by("position")
    gallery = ArticleImage.objects.select_related("image").order_by("position")
    releases = (
        Article.objects.through_link(link, language, at)
        if link is not None
        else Article.objects.public(language, at)
    )
    return releases.select_related("film", "hero_image").prefetch_related(
        "publications",
        Prefetch("paragraphs", queryset=paragraphs),
        Prefetch("gallery_items", queryset=gallery),
        "press_contacts",
    )


def release_images(article):
    gallery = [item.image for item in article.gallery_items.all()]
    return translation_state.release_images(article, gallery)


def film_images(film):
    images = [film.poster] if film.poster_id else []
    seen = {film.poster_id}
    for item in film.still_items.all():
        if item.image_id not in seen:
            images.append(item.image)
            seen.add(item.image_id)
    return images


def contacts_of(releases):
    found = {}
    for release in releases:
        for contact in release.press_contacts.all():
            found.setdefault(contact.pk, contact)
    return sorted(found.values(), key=lambda contact: (contact.name, contact.pk))


def body_paragraphs(article, language):
    return [p for p in article.paragraphs.all() if p.text_in("text", language)]


def film_context(film):
    if film is None:
        return {}
    groups = {}
    for credit in film.credits.all():
        groups.setdefault(credit.role, []).append(credit)
    credit_groups = [
        (label, groups[role]) for role, label in Credit.Role.choices if role in groups
    ]
    directors = [credit.person for credit in groups.get(Credit.Role.DIRECTOR, [])]
    filmographies = {
        person.pk: Credit.objects.filter(person=person, role=Credit.Role.DIRECTOR)
        .select_related("film")
        .order_by("film__year", "film__pk")
        for person in directors
    }
    return {
        "film": film,
        "credit_groups": credit_groups,
        "directors": [(person, list(filmographies[person.pk])) for person in directors],
    }


def add_documents(kit, names, folder, language, template, stem, context, kind):
    with translation.override(language):
        context = {**context, "language": language, "kit_kind": kind}
        html = render_to_string(f"presskits/documents/{template}.html", context)
        text = render_to_string(f"presskits/documents/{template}.txt", context)
    kit.add_text(names, folder, stem, "html", f"{kind}-html", language, html)
    kit.add_text(names, folder, stem, "txt", f"{kind}-text", language, text)


def add_release_pdf(kit, names, folder, language, release):
    if pdf.available():
        kit.add_pdf(
            names, folder, f"release-{release.slug}", "release-pdf", language,
            pdf.release_printable(release, language, kit.at),
        )  # fmt: skip


def release_context(kit, release, language, film):
    """What a release document shows besides the release: its film and
    contacts, and the embargo line while it is held back at the kit's moment."""
    with translation.override(language):
        line = embargo_line(release, kit.at)
    return {
        **film_context(film), "article": release,
        "paragraphs": body_paragraphs(release, language),
        "contacts": contacts_of([release]), "embargo": line,
    }  # fmt: skip


def add_images(kit, names, folder, language, images, stem):
    """Every image in full and print size, and one captions-and-credits file."""
    lines = []
    for number, image in enumerate(images, 1):
        if not image.width:
            continue
        sizes = ["full"]
        if max(image.width, image.height) > PRINT_LONG_EDGE:
            sizes.append("print")
        files = [
            kit.add_image(names, folder, f"{stem(number)}", image, language, size)
            for size in sizes
        ]
        words = image_files.labels(image, language)
        lines.append((files, words, image))
    if lines:
        with translation.override(language):
            text = render_to_string(
                "presskits/documents/captions.txt",
                {"lines": lines, "language": language},
            )
        kit.add_text(
            names, folder, "captions-and-credits", "txt", "captions", language, text
        )
    return len(lines)


def film_image_stem(film):
    """ "poster", then "still-01", "still-02"…: numbered as journalists count."""
    offset = 1 if film.poster_id else 0

    def stem(number):
        if offset and number == 1:
            return "poster"
        return f"still-{number - offset:02d}"

    return stem


def kit_languages(link):
    """What "all" means: every language, or those a link names."""
    if link is None:
        return list(language_codes())
    return [code for code in language_codes() if link.grants_language(code)]


def plan_film_kit(film, language, at=None, link=None):
    """The kit of ``film`` in ``language`` (or every language) at ``at``."""
    at = at or timezone.now()
    film = film_queryset().get(pk=film.pk)
    languages = kit_languages(link) if language == ALL else [language]
    kit = Kit(
        subject=f"film:{film.pk}",
        language=language,
        filename=f"press-kit-{film.slug}-{language}.zip",
        public=link is None,
        at=at,
    )
    names = Names()
    release_ids, images_count = set(), 0
    for code in languages:
        folder = code if language == ALL else ""
        releases = list(releases_queryset(code, at, link).filter(film=film))
        context = {
            **film_context(film),
            "releases": releases,
            "contacts": contacts_of(releases),
        }
        add_documents(
            kit, names, folder, code, "film", f"film-{film.slug}", context, "film"
        )
        if pdf.available():
            kit.add_pdf(
                names, folder, f"fact-sheet-{film.slug}", "fact-sheet-pdf", code,
                pdf.fact_sheet_printable(film, code),
            )  # fmt: skip
        for release in releases:
            add_documents(
                kit, names, folder, code, "release", f"release-{release.slug}",
                release_context(kit, release, code, release.film), "release",
            )  # fmt: skip
            add_release_pdf(kit, names, folder, code, release)
        images_count += add_images(
            kit, names, folder, code, film_images(film), film_image_stem(film)
        )
        release_ids |= {release.pk for release in releases}
    kit.contents = {
        "languages": languages,
        "releases": len(release_ids),
        "images": images_count,
    }
    return kit


def plan_release_kit(article, language, at=None, link=None):
    """The kit of a release in ``language`` (or every language it is public
    in, or that ``link`` grants)."""
    at = at or timezone.now()
    if language == ALL:
        languages = [
            code
            for code in kit_languages(link)
            if releases_queryset(code, at, link).filter(pk=article.pk).exists()
        ]
    else:
        languages = [language]
    kit = Kit(
        subject=f"release:{article.pk}",
        language=language,
        filename=f"press-kit-{article.slug}-{language}.zip",
        public=link is None,
        at=at,
    )
    names = Names()
    images_count = 0
    for code in languages:
        folder = code if language == ALL else ""
        release = releases_queryset(code, at, link).filter(pk=article.pk).first()
        if release is None:
            return None  # not public in this language at that moment
        film = film_queryset().get(pk=release.film_id) if release.film_id else None
        add_documents(
            kit, names, folder, code, "release", f"release-{release.slug}",
            {**release_context(kit, release, code, film), "with_film_facts": True},
            "release",
        )  # fmt: skip
        add_release_pdf(kit, names, folder, code, release)
        images_count += add_images(
            kit, names, folder, code, release_images(release),
            lambda number: f"image-{number:02d}",
        )  # fmt: skip
    if not languages:
        return None
    kit.contents = {"languages": languages, "releases": 1, "images": images_count}
    return kit
