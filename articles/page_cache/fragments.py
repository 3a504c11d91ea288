"""Parts of a page kept between requests, stale exactly when the page is.

A view that keeps parts of its page makes a ``Fragments`` before it reads
the database: it reads the clock (as a whole page does) and looks its parts
up. When they are all there, the view skips the queries and the rendering
they need; ``{% kept "name" %}…{% endkept %}`` (templatetags/page_cache.py)
then writes the stored part, or renders its content and stores it under the
page's dependencies and the next scheduled change. So a page whose whole
answer is not kept (``PAGE_CACHE=0``, an unread query parameter) is still
cheap, and a change makes its parts stale exactly as it makes pages stale.

A preview or a personal embargo link's page never makes one: their parts
are never read from or written to the cache.
"""

from django.utils.safestring import mark_safe

from . import entries, moments, versions


class Fragments:
    def __init__(self, request, parts):
        self.request = request
        self.names = ()  # known once the page's object is
        keys = {self.key(name): name for name in parts}
        found = entries.lookup_many(list(keys))
        self.found = {name: found.get(key) for key, name in keys.items()}
        # Read before the page reads anything, for the parts it will keep.
        self.clock = None if self.complete else versions.now()

    def key(self, name):
        request = self.request
        return entries.cache_key(
            "fragment", request.scheme, request.get_host(), request.path_info, name
        )

    @property
    def complete(self):
        return all(html is not None for html in self.found.values())

    def get(self, name):
        """A kept part of the template, as the HTML it was."""
        html = self.found.get(name)
        return None if html is None else mark_safe(html)  # noqa: S308

    def value(self, name):
        return self.found.get(name)

    def keep(self, name, value):
        if self.clock is not None and self.names:
            until = moments.next_change()
            entries.keep(self.key(name), self.clock, self.names, until, value)
        self.found[name] = value
