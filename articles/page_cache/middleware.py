"""Answer public pages from the cache before the rest of Django runs.

Placed right after WhiteNoise: a stored page is answered without the
session, the language, CSRF or the database. On the way out, a public
page gets its validators (``ETag``, ``Last-Modified``) and a
``Cache-Control`` that lets a shared cache keep it for at most
``PAGE_CACHE_SHARED_SECONDS`` (less when a scheduled change comes sooner),
then revalidate; a 304 answers a matching conditional request.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from . import entries, moments, rules, versions

# Headers a stored page keeps: what the view and the inner middleware said
# about the content. Never a cookie; the security headers are added again
# on every answer by the middleware outside this one.
KEPT_HEADERS = {"content-type", "content-language", "vary", "x-robots-tag", "link"}


@dataclass(frozen=True)
class Page:
    status: int
    headers: tuple
    body: bytes
    etag: str
    modified: float

    def response(self):
        response = HttpResponse(self.body, status=self.status)
        for name, value in self.headers:
            response.headers[name] = value
        response.headers["ETag"] = self.etag
        response.headers["Last-Modified"] = http_date(self.modified)
        return response


def storable(response):
    vary = response.headers.get("Vary", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "cookie" not in vary
        and "private" not in response.headers.get("Cache-Control", "")
    )


def freeze(response, modified):
    headers = tuple(
        (name, value)
        for name, value in response.headers.items()
        if name.lower() in KEPT_HEADERS
    )
    body = response.content
    etag = f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
    return Page(response.status_code, headers, body, etag, modified)


def shared_seconds(until):
    """How long a CDN or proxy may keep the page before asking again."""
    left = until - time.time()
    return int(max(0, min(settings.PAGE_CACHE_SHARED_SECONDS, left)))


def public(request, response, page, until):
    """The answer to send: the page, or 304 when the client has it."""
    response = page.response() if response is None else response
    response.headers["ETag"] = page.etag
    response.headers["Last-Modified"] = http_date(page.modified)
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=shared_seconds(until),
        must_revalidate=True,
    )
    answer = get_conditional_response(
        request, etag=page.etag, last_modified=int(page.modified), response=response
    )
    return answer


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not rules.may_use_cache(request):
            return self.private(request, self.get_response(request))
        key = entries.cache_key("page", *rules.page_key(request))
        if settings.PAGE_CACHE:
            stored = entries.lookup(key)
            if stored is not None:
                page, until = stored
                return public(request, None, page, until)
        clock = versions.now() if settings.PAGE_CACHE else None
        response = self.get_response(request)
        if not storable(response):
            return response
        names = rules.dependencies(request, response)
        if names is None:
            return response
        page = freeze(response, time.time())
        if clock is None:  # no page cache (PAGE_CACHE=0), or it is unreachable
            return public(request, response, page, float("inf"))
        until = moments.next_change()
        entries.keep(key, clock, names, until, (page, until))
        return public(request, response, page, until)

    @staticmethod
    def private(request, response):
        """A public page asked for with a session: for this person only."""
        if settings.SESSION_COOKIE_NAME in request.COOKIES and (
            rules.is_public_page(request)
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
