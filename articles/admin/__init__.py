"""The editors' admin, split by role.

``releases`` is the release desk (list, change form, ordered inlines), built
from the custom views of ``publishing``, ``translating`` and ``documents``
(parallel-text import and export); ``films`` holds films, people and the rest;
``translators`` who translates what; ``embargo`` lifting embargoes early and
making personal embargo links; ``embargo_links`` managing them and their log
of uses; ``office`` the press office's own texts. Every custom
view follows ``UserAdmin.user_change_password``: a permission check, a Form
that validates, the write, ``log_change``.
"""

from . import embargo, embargo_links, films, images, office, releases, translators

__all__ = [
    "embargo",
    "embargo_links",
    "films",
    "images",
    "office",
    "releases",
    "translators",
]
