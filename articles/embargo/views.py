"""The doors a personal embargo link opens, each asking
``Article.objects.through_link`` (or ``Image.objects.through_link``) what the
link grants. Whatever has become public meanwhile is sent to its public
address, so a link never outlives its embargo as a second copy of the site.
"""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from .. import pdf
from ..languages import language_codes
from ..models import Article, plain
from ..pdf_views import send as send_pdf
from ..pdf_views import unavailable as pdf_unavailable
from ..presskits.content import (
    ALL,
    plan_film_kit,
    plan_release_kit,
    releases_queryset,
)
from ..presskits.views import send_kit
from ..views import ArticleDetailView
from .banner import banner_text
from .router import DOORS, public_path, site_addresses


def in_language(language):
    """The door's language from its address: one the site has, now active."""
    if language not in language_codes():
        raise Http404
    translation.activate(language)


def used(request, article=None, language=""):
    """What the router records for this use, besides the door and the time."""
    request.embargo_use = (article.pk if article else None, language)


def without_link(url):
    """``/embargo/<token>/en/…`` → ``en/…``."""
    return url.split("/", 3)[3]


def public_twin(request):
    """The same address without the link, for what is public now."""
    return HttpResponseRedirect(public_path(request, without_link(request.path_info)))


def granted(request, language, slug):
    found = (
        Article.objects.through_link(request.embargo_link, language)
        .filter(slug=slug)
        .first()
    )
    if found is None:
        raise Http404
    return found


def granted_languages(link, article):
    return [code for code in article.published_languages if link.grants_language(code)]


@require_safe
def landing(request, language=None):
    """The recipient's page: what the link opens, in each language, and when
    it may be published."""
    link = request.embargo_link
    if language is None:
        codes = [code for code in language_codes() if link.grants_language(code)]
        active = translation.get_language()
        chosen = active if active in codes else (codes or [active])[0]
        return redirect(reverse("landing_in", DOORS, kwargs={"language": chosen}))
    in_language(language)
    now = timezone.now()
    sections = []
    for code in language_codes():
        if not link.grants_language(code):
            continue
        releases = list(Article.objects.through_link(link, code).select_related("film"))
        with translation.override(code):
            sections.append(
                {
                    "language": code,
                    "releases": [
                        {
                            "article": release,
                            "title": release.text_in("title", code),
                            "url": release.get_absolute_url(),
                            "pdf_url": reverse(
                                "articles:release_pdf", kwargs={"slug": release.slug}
                            ),
                            "kit_url": reverse(
                                "articles:release_kit", kwargs={"slug": release.slug}
                            ),
                            "banner": banner_text(release, link, now),
                            "public": release.is_public(code, now),
                        }
                        for release in releases
                    ],
                    "film_kit_url": link.film_id
                    and reverse("articles:film_kit", kwargs={"slug": link.film.slug}),
                }
            )
    if all_public(sections) and not link.film_id:
        first = sections[0]["releases"][0]
        return HttpResponseRedirect(public_path(request, without_link(first["url"])))
    used(request, language=language)
    return TemplateResponse(
        request,
        "embargo/landing.html",
        {
            "link": link,
            "sections": sections,
            "film": link.film if link.film_id else None,
            "embargo_link": link,
            "page_language": language,
        },
    )


def all_public(sections):
    releases = [item for section in sections for item in section["releases"]]
    return bool(releases) and all(item["public"] for item in releases)


class LinkReleaseView(ArticleDetailView):
    """The release page as the public will see it, with the embargo banner,
    in the languages the link names."""

    def public_articles(self):
        return plain(Article).through_link(
            self.request.embargo_link, translation.get_language()
        )

    def get(self, request, *args, **kwargs):
        in_language(kwargs["language"])
        self.object = self.get_object()  # 404 unless the link grants it
        if self.object.is_public(kwargs["language"]):
            return public_twin(request)
        used(request, self.object, kwargs["language"])
        return self.render_to_response(self.get_context_data(object=self.object))

    def page_languages(self):
        return granted_languages(self.request.embargo_link, self.object)

    def x_default_language(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        link = self.request.embargo_link
        context.update(
            embargo_link=link,
            embargo_banner=banner_text(self.object, link),
            canonical_url=None,
            x_default_url=None,
        )
        return context


release_page = LinkReleaseView.as_view()


@require_safe
def release_pdf(request, language, slug):
    in_language(language)
    link = request.embargo_link
    release = (
        releases_queryset(language, timezone.now(), link).filter(slug=slug).first()
    )
    if release is None:
        raise Http404
    if release.is_public(language):
        return public_twin(request)
    if not pdf.available():
        return pdf_unavailable(request)
    used(request, release, language)
    with site_addresses(request):
        return send_pdf(request, pdf.release_printable(release, language))


@require_safe
def release_kit(request, language, slug, everything=False):
    in_language(language)
    link = request.embargo_link
    release = granted(request, language, slug)
    languages = granted_languages(link, release) if everything else [language]
    if all(release.is_public(code) for code in languages):
        return public_twin(request)
    with site_addresses(request):
        kit = plan_release_kit(release, ALL if everything else language, link=link)
    if kit is None:
        raise Http404
    used(request, release, language)
    return send_kit(request, kit)


@require_safe
def film_kit(request, language, slug, everything=False):
    in_language(language)
    link = request.embargo_link
    if not link.film_id or link.film.slug != slug:
        raise Http404
    languages = (
        [code for code in language_codes() if link.grants_language(code)]
        if everything
        else [language]
    )
    if not link.grants_language(language):
        raise Http404
    held = [
        release
        for code in languages
        for release in Article.objects.through_link(link, code).filter(film=link.film)
        if not release.is_public(code)
    ]
    if not held:
        return public_twin(request)
    film = link.film
    used(request, language=language)
    with site_addresses(request):
        kit = plan_film_kit(film, ALL if everything else language, link=link)
    return send_kit(request, kit)
