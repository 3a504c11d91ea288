"""Parts of a page kept between requests, stale exactly when the page is.

``{% kept %}…{% endkept %}`` (``articles/templatetags/page_cache.py``)
renders its content once per page address and keeps it under the page's
own dependencies (``page_dependencies`` in the context, set by the view) and
the next scheduled change, like a whole page. A page whose whole answer is
not kept (``PAGE_CACHE=0``, a request with a query parameter) still skips
the queries and the rendering of what is inside.

Only a public view sets ``page_dependencies``: a preview or a personal
embargo link's page never has one, so it never reads or writes a fragment.
"""

from django.utils.safestring import mark_safe

from . import entries, moments


def kept(request, names, parts, render):
    key = entries.cache_key(
        "fragment", request.scheme, request.get_host(), request.path_info, *parts
    )
    html = entries.remember(
        key, names, lambda: str(render()), expires=lambda _html: moments.next_change()
    )
    return mark_safe(html)  # noqa: S308 - the template's own output, escaped there
