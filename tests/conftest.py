import os
import uuid

import pytest
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from .browser_problems import Problems

# CI replays the same generated examples on every run, so a landing does not
# depend on luck; local runs keep exploring new ones. A failure found
# locally becomes a plain test next to the one that found it.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("PRESSROOM_CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def isolated_files(settings, tmp_path):
    """Media and var/ in a temporary folder; static files without collectstatic."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture
def demo(db):
    """The La Tregua demo release, as ``make run`` loads it."""
    from django.core.management import call_command

    from articles.models import Article

    call_command("loaddemo", verbosity=0)
    return Article.objects.get(slug="la-tregua-premieres-in-san-sebastian")


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Requests activate their page's language; tests start in English again."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def browser_problems():
    """Shared by every browser fixture and the test using it."""
    return Problems()


@pytest.fixture
def editor_client(client):
    """A client logged in as a member of Editors (tests.test_admin.make_staff)."""
    from tests.test_admin import make_staff

    client.force_login(make_staff("ed", "Editors"))
    return client


@pytest.fixture
def translator_client(client):
    """A client logged in as a member of Translators, with no languages."""
    from tests.test_admin import make_staff

    client.force_login(make_staff("tr", "Translators"))
    return client


@pytest.fixture(autouse=True)
def page_cache_in_memory(settings):
    """Every test starts with an empty page cache whose versions live in this
    process, bumped at once even inside the test's transaction (which never
    commits). tests/test_page_cache*.py also run it on Redis and the database."""
    from django.core.cache import caches

    from articles.page_cache import versions

    settings.PAGE_CACHE_VERSIONS = "memory"
    versions.store._wrapped = versions.MemoryVersions()
    versions.pending.clear()
    if "locmem" in settings.CACHES["default"]["BACKEND"]:
        caches["default"].clear()
    else:  # a Redis shared with other runs: this test's own keys
        settings.PAGE_CACHE_PREFIX = f"test-pages-{uuid.uuid4().hex}"
    yield


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries, settings):
    """A page's own queries, with the whole-page cache and kept fragments
    off: a cached page costs none, a kept one fewer (tests/test_page_cache*.py
    pin those)."""
    settings.PAGE_CACHE = False
    settings.PAGE_FRAGMENTS = False
    return django_assert_num_queries


@pytest.fixture(params=["memory", "redis"])
def backend(request, settings):
    """The page cache on process memory, then on Redis
    (tests/page_cache_backends.py)."""
    from tests.page_cache_backends import use

    cleanup = use(request.param, settings)
    yield request.param
    cleanup()


@pytest.fixture
def world(db):
    """tests/embargo_world.py's film, person, event and release."""
    from tests.embargo_world import build_world

    return build_world()
