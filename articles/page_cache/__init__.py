"""The whole-page cache of the public site, with exact invalidation.

A stored page is true as long as nothing it depends on has changed since it
was rendered, and at most until the next scheduled change (a ``publish_at``,
an embargo's end, a kit offered from a moment, midnight for the events).

* ``versions``: a clock and one version per dependency ("catalog",
  "releases", "release:12", "film:3"); every change sets its dependencies'
  versions to a new tick of the clock.
* ``entries``: a stored page remembers the clock as it was read *before*
  rendering; it is served only while none of its dependencies has a version
  above that, so a change committed during the rendering makes it stale.
* ``changes``: which saves, deletions and reorders change which dependency.
* ``rules``: which pages are cached, and what each depends on.
* ``middleware``: looks pages up before the session, the language or the
  database are touched, stores them on the way out, answers 304.
"""
