"""Redis as Django's cache, where an unreachable Redis is a miss, not a 500.

Every operation has short connect and read timeouts (settings) and, if
Redis does not answer, behaves as an empty cache: pages are rendered, kits
queued, logins checked. The failure is logged at most once a minute.
"""

from django.core.cache.backends.redis import RedisCache
from redis import RedisError

from articles.page_cache.failures import report

ANSWERS_WHEN_DOWN = {
    "get": lambda args, kwargs: kwargs.get(
        "default", args[1] if len(args) > 1 else None
    ),
    "get_many": lambda args, kwargs: {},
    "has_key": lambda args, kwargs: False,
    # The caller goes on as if it were first (a kit is queued once more).
    "add": lambda args, kwargs: True,
    "set": lambda args, kwargs: None,
    "set_many": lambda args, kwargs: [],
    "touch": lambda args, kwargs: False,
    "delete": lambda args, kwargs: False,
    "delete_many": lambda args, kwargs: None,
    "clear": lambda args, kwargs: False,
    "incr": None,  # no sensible answer: the caller must know
    "decr": None,
}


def tolerant(name):
    method = getattr(RedisCache, name)
    answer = ANSWERS_WHEN_DOWN[name]

    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            report(f"redis {name}", error)
            if answer is None:
                raise
            return answer(args, kwargs)

    call.__name__ = name
    return call


class TolerantRedisCache(RedisCache):
    pass


for _name in ANSWERS_WHEN_DOWN:
    setattr(TolerantRedisCache, _name, tolerant(_name))
