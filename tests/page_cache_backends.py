"""The page cache's backends for tests: process memory, Redis, the database.

Redis is the one at ``REDIS_URL``, else a local one on the default port; a
test on Redis skips where none answers, except in CI (``PRESSROOM_CI``),
where ``.ci/run`` starts one and a missing Redis fails the run.
"""

import os
import uuid

import pytest

DEFAULT_REDIS = "redis://127.0.0.1:6379/0"


def redis_url():
    import redis

    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except (redis.RedisError, OSError) as error:
        message = f"no Redis answers at {url} ({error})"
        if os.environ.get("PRESSROOM_CI"):
            pytest.fail(message + ": .ci/run starts one")
        pytest.skip(message)
    return url


def use(kind, settings):
    """Switch this test's page cache to ``kind``; returns a cleanup."""
    from articles.page_cache import versions

    if kind == "redis":
        url = redis_url()
        prefix = f"test-pages-{uuid.uuid4().hex[:12]}"
        settings.CACHES = {
            "default": {
                "BACKEND": "pressroom.cache.TolerantRedisCache",
                "LOCATION": url,
                "KEY_PREFIX": prefix,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        settings.REDIS_URL = url
        settings.PAGE_CACHE_PREFIX = prefix
        store = versions.RedisVersions(url, prefix)
    elif kind == "database":
        store = versions.DatabaseVersions()
    else:
        store = versions.MemoryVersions()
    settings.PAGE_CACHE_VERSIONS = kind
    versions.store._wrapped = store

    def cleanup():
        if kind == "redis":
            import redis

            client = redis.Redis.from_url(settings.REDIS_URL)
            keys = list(client.scan_iter(match=f"*{settings.PAGE_CACHE_PREFIX}*"))
            if keys:
                client.delete(*keys)

    return cleanup
