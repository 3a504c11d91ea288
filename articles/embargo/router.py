"""``/embargo/<token>/…``: one entrance for everything a link opens.

An unknown, altered, revoked or expired token raises the site's own 404
before anything else happens, so it answers exactly like any missing page.
For a usable link, the rest of the address is resolved against the link's
doors (``articles.embargo.urls``) with the script prefix set to the link, so
every address the page writes (images, kits, PDFs, other languages) stays
under it; an address that is not one of the doors goes to its public twin.
Every answer is recorded, marked private, never indexed and never cached.
"""

from contextlib import contextmanager

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import Resolver404, get_script_prefix, resolve, set_script_prefix
from django.utils.http import url_has_allowed_host_and_scheme

from ..client import client_address
from ..models import EmbargoLink, EmbargoLinkUse
from .links import link_path

DOORS = "articles.embargo.urls"
KINDS = {
    "pdf": EmbargoLinkUse.Kind.PDF,
    "release_kit": EmbargoLinkUse.Kind.KIT,
    "release_kit_all": EmbargoLinkUse.Kind.KIT,
    "film_kit": EmbargoLinkUse.Kind.KIT,
    "film_kit_all": EmbargoLinkUse.Kind.KIT,
    "rendition": EmbargoLinkUse.Kind.IMAGE,
    "download": EmbargoLinkUse.Kind.DOWNLOAD,
}


def through_link(request, token, rest=""):
    link = EmbargoLink.objects.by_token(token)
    if link is None or "\x00" in rest:  # no address has NUL; PostgreSQL cannot keep it
        raise Http404
    try:
        match = resolve("/" + rest, urlconf=DOORS)
    except Resolver404:
        response, kind = to_public(request, rest), EmbargoLinkUse.Kind.REDIRECT
    else:
        request.embargo_link = link
        response = open_door(request, link_path(token), match)
        kind = KINDS.get(match.url_name, EmbargoLinkUse.Kind.PAGE)
    record(request, link, rest, response, kind)
    return private(response)


def open_door(request, prefix, match):
    # Read (and so fix) the settings built from the script prefix before
    # changing it, so that they keep the site's own.
    settings.STATIC_URL, settings.MEDIA_URL  # noqa: B018
    before = request.site_prefix = get_script_prefix()
    set_script_prefix(prefix)
    try:
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
    finally:
        set_script_prefix(before)
    return response


@contextmanager
def site_addresses(request):
    """Documents (kits, PDFs) are the same for everyone who may have them:
    they are written with the site's own addresses, never a link's."""
    inner = get_script_prefix()
    set_script_prefix(getattr(request, "site_prefix", inner))
    try:
        yield
    finally:
        set_script_prefix(inner)


def public_path(request, rest, query=""):
    """``rest`` on the public site (the prefix the site had before the link's)."""
    prefix = getattr(request, "site_prefix", None) or get_script_prefix()
    path = f"{prefix}{rest}"
    return f"{path}?{query}" if query else path


def to_public(request, rest):
    target = public_path(request, rest, request.META.get("QUERY_STRING", ""))
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        raise Http404
    return HttpResponseRedirect(target)


def record(request, link, rest, response, kind):
    if response.status_code >= 400:
        return
    article_id, language = getattr(request, "embargo_use", (None, ""))
    if 300 <= response.status_code < 400:
        kind = EmbargoLinkUse.Kind.REDIRECT
    EmbargoLinkUse.objects.create(
        link=link,
        article_id=article_id or link.article_id,
        kind=kind,
        path=("/" + rest)[:500],
        language=language or "",
        address=client_address(request),
    )


def private(response):
    """Nobody but the recipient keeps or finds any of it."""
    response["Cache-Control"] = "private, no-store"
    response.headers.pop("ETag", None)
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response["Referrer-Policy"] = "no-referrer"
    return response
