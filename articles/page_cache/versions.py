"""A clock and a version per dependency, shared by every process.

Three stores, one behaviour: ``bump(names)`` advances the clock and gives
each name the new value atomically (a reader never sees a name go back);
``read(names)`` answers the current values (a missing name is absent);
``now()`` answers the clock.

* Redis (``REDIS_URL``): one Lua script per bump, so the clock and the names
  move together even with many writers.
* The database (no Redis): a row per name, bumped in its own short
  transaction, so every process on the machine (the server, the kit worker,
  a command) sees the same versions even though each caches pages in its
  own memory.
* Process memory (tests, one process): a dict under a lock.

A change bumps its dependencies twice: at once, and again when its
transaction commits. The second bump is the one that matters (a page read
before the commit is then older than the version); the first makes the
change visible inside a transaction that never commits, such as a test's.
"""

import threading
import time

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils.functional import SimpleLazyObject

from .failures import report

CLOCK = "~clock"

BUMP_SCRIPT = """
local value = redis.call('INCR', KEYS[1])
for i = 2, #KEYS do redis.call('SET', KEYS[i], value) end
return value
"""


class MemoryVersions:
    """For one process: the tests, or ``runserver`` alone."""

    errors = ()
    bumps_inside_transactions = True

    def __init__(self):
        self.lock = threading.Lock()
        self.values = {CLOCK: 0}

    def bump(self, names):
        with self.lock:
            value = self.values[CLOCK] = self.values[CLOCK] + 1
            for name in names:
                self.values[name] = value

    def read(self, names):
        return {name: self.values[name] for name in names if name in self.values}

    def now(self):
        return self.values[CLOCK]

    def clear(self):
        with self.lock:
            self.values = {CLOCK: 0}


class RedisVersions:
    """Shared by every server that uses the same Redis."""

    bumps_inside_transactions = True

    def __init__(self, url, prefix):
        import redis

        self.errors = (redis.RedisError, OSError)
        self.client = redis.Redis.from_url(
            url,
            socket_connect_timeout=settings.PAGE_CACHE_REDIS_TIMEOUT,
            socket_timeout=settings.PAGE_CACHE_REDIS_TIMEOUT,
        )
        self.prefix = prefix
        self.script = self.client.register_script(BUMP_SCRIPT)
        # The clock starts from the wall clock in milliseconds: if Redis
        # loses it, the new clock is still ahead of every version kept.
        self.started = False

    def key(self, name):
        return f"{self.prefix}:v:{name}"

    def start_clock(self):
        if not self.started:
            self.client.set(self.key(CLOCK), int(time.time() * 1000), nx=True)
            self.started = True

    def bump(self, names):
        self.start_clock()
        self.script(keys=[self.key(CLOCK), *(self.key(name) for name in names)])

    def read(self, names):
        names = list(names)
        values = self.client.mget([self.key(name) for name in names])
        return {
            name: int(value) for name, value in zip(names, values, strict=True) if value
        }

    def now(self):
        self.start_clock()
        value = self.client.get(self.key(CLOCK))
        if value is None:  # Redis restarted since start_clock()
            self.started = False
            self.start_clock()
            value = self.client.get(self.key(CLOCK))
        return int(value)

    def entry_and_clock(self, django_cache, key):
        """A stored entry and the clock in one round trip, where Django's
        cache is this same Redis (the entry is read as Django reads it)."""
        servers = getattr(django_cache, "_servers", None)
        if servers != [settings.REDIS_URL]:
            raise NotTogether
        self.start_clock()
        raw, clock = self.client.mget(
            [django_cache.make_and_validate_key(key), self.key(CLOCK)]
        )
        entry = None if raw is None else django_cache._cache._serializer.loads(raw)
        return entry, None if clock is None else int(clock)

    def clear(self):
        keys = list(self.client.scan_iter(match=self.key("*")))
        if keys:
            self.client.delete(*keys)
        self.started = False


class DatabaseVersions:
    """Shared by every process using the same database."""

    errors = ()
    # Only once the change commits, in a transaction of its own: taking the
    # clock's row inside an editor's transaction would make two editors'
    # transactions wait on each other, and could deadlock them.
    bumps_inside_transactions = False

    def rows(self):
        from articles.models import PageVersion

        return PageVersion.objects

    def bump(self, names):
        rows = self.rows()
        with transaction.atomic():
            if not rows.filter(name=CLOCK).update(value=F("value") + 1):
                try:
                    with transaction.atomic():
                        rows.create(name=CLOCK, value=1)
                except IntegrityError:  # another process made it first
                    rows.filter(name=CLOCK).update(value=F("value") + 1)
            value = rows.get(name=CLOCK).value
            model = rows.model
            rows.bulk_create(
                [model(name=name, value=value) for name in names],
                update_conflicts=True,
                unique_fields=["name"],
                update_fields=["value"],
            )

    # Read on every stored page served: one plain statement, not the ORM's.
    def read(self, names):
        names = list(names)
        if not names:
            return {}
        marks = ", ".join(["%s"] * len(names))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT name, value FROM {self.table()} WHERE name IN ({marks})",  # noqa: S608
                names,
            )
            return dict(cursor.fetchall())

    def now(self):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT value FROM {self.table()} WHERE name = %s", [CLOCK])  # noqa: S608
            row = cursor.fetchone()
        return row[0] if row else 0

    def table(self):
        return connection.ops.quote_name(self.rows().model._meta.db_table)

    def clear(self):
        self.rows().all().delete()


def make_store():
    kind = settings.PAGE_CACHE_VERSIONS
    if kind == "redis":
        return RedisVersions(settings.REDIS_URL, settings.PAGE_CACHE_PREFIX)
    if kind == "database":
        return DatabaseVersions()
    return MemoryVersions()


store = SimpleLazyObject(make_store)
pending = set()  # bumps that failed (Redis unreachable), tried again first
pending_lock = threading.Lock()


def _bump(names):
    with pending_lock:
        names = set(names) | pending
        pending.clear()
    try:
        store.bump(sorted(names))
    except store.errors as error:
        with pending_lock:
            pending.update(names)
        report("bump", error)


def bump(*names):
    """``names`` changed: now, and again once the change is committed."""
    names = {name for name in names if name}
    if not names:
        return
    if not transaction.get_connection().in_atomic_block:
        _bump(names)
        return
    if store.bumps_inside_transactions:
        _bump(names)
    transaction.on_commit(lambda: _bump(names))


def read(names):
    """The versions of ``names``, or None when the store cannot be reached."""
    if pending:
        _bump(())
        if pending:
            return None
    try:
        return store.read(names)
    except store.errors as error:
        report("read", error)
        return None


class NotTogether(Exception):
    """The entries and the versions are not in one Redis."""


def entry_and_clock(django_cache, key):
    """``(entry, clock)`` read together, or NotTogether."""
    together = getattr(store, "entry_and_clock", None)
    if together is None:
        raise NotTogether
    try:
        return together(django_cache, key)
    except store.errors as error:
        report("read", error)
        return None, None


def now():
    try:
        return store.now()
    except store.errors as error:
        report("clock", error)
        return None
