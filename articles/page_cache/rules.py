"""Which pages are cached, under which key, depending on what.

Only the public pages below, only for a GET or HEAD without a session
cookie (staff are never served or stored a cached page), and only with the
query parameters a page reads. Previews live under the admin and embargo
links under ``/embargo/``: neither is ever in this list.
"""

from django.conf import settings

LISTS = ("catalog", "releases")
# view name -> the query parameters that change the page
PAGES = {
    "articles:home": (),
    "articles:article_list": ("page",),
    "articles:article_detail": (),
    "articles:film_list": (),
    "articles:film_detail": (),
    "articles:film_releases": ("page",),
    "articles:person_list": (),
    "articles:person_detail": (),
    "articles:person_releases": ("page",),
    "articles:press_office": (),
    "articles:event_list": (),
    "articles:event_detail": (),
    "articles:event_releases": ("page",),
    "articles:releases_rss": (),
    "articles:releases_atom": (),
    "sitemap": (),
    "sitemap_section": ("p",),
    "robots_txt": (),
}
FEEDS = ("articles:releases_rss", "articles:releases_atom")
QUERY_PARAMETERS = {name for names in PAGES.values() for name in names}
NEVER_CACHED_PREFIXES = ("/admin/", "/embargo/", "/media/", "/static/", "/i18n/")


def may_use_cache(request):
    """Whether this request may be answered from, or stored in, the cache."""
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(NEVER_CACHED_PREFIXES)
        and set(request.GET) <= QUERY_PARAMETERS
        and all(len(values) == 1 for values in request.GET.lists())
    )


def page_key(request):
    """Everything that changes the response: scheme, host, path and query.

    The language is in the path; no page varies on a header (the only
    negotiated answer, "/" redirecting by Accept-Language, is not cached).
    """
    query = sorted(request.GET.items())
    return (request.scheme, request.get_host(), request.path_info, repr(query))


def is_public_page(request):
    match = request.resolver_match
    return match is not None and match.view_name in PAGES


def dependencies(request, response):
    """What the page shows, or None when it is not a page to cache."""
    if not is_public_page(request):
        return None
    match = request.resolver_match
    if set(request.GET) - set(PAGES[match.view_name]):
        return None
    context = getattr(response, "context_data", None) or {}
    if match.view_name == "articles:article_detail":
        return ("catalog", f"release:{context['article'].pk}")
    if match.view_name in FEEDS:  # their enclosures give each file's size
        return (*LISTS, "renditions")
    if match.view_name == "articles:film_detail":
        return (*LISTS, f"film:{context['object'].pk}")
    return LISTS
