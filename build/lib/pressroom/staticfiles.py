"""Serve jQuery UI's script from the xstatic-jquery-ui package, and nothing else.

modeltranslation's language tabs need only ``jquery-ui.min.js``; the package's
theme CSS refers to images in a way the hashed (manifest) storage rejects, so
the folder as a whole cannot be a static files directory.
"""

import xstatic.pkg.jquery_ui
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "jquery-ui"
FILES = ["jquery-ui.min.js"]


class JQueryUIFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=xstatic.pkg.jquery_ui.BASE_DIR)
        self.storage.prefix = PREFIX

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        name = path.removeprefix(f"{PREFIX}/")
        if path.startswith(f"{PREFIX}/") and name in FILES:
            found = self.storage.path(name)
            return [found] if find_all else found
        return [] if find_all else None

    def list(self, ignore_patterns):
        for name in FILES:
            yield name, self.storage
