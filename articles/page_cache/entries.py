"""Stored values that stay true until a dependency changes or a moment comes.

An entry keeps the clock read before its value was computed. It is served
while every dependency it names has a version no later than that clock and
its moment has not come; a dependency changed during the computation has a
later version, so such an entry is never served.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from . import versions
from .failures import report


@dataclass(frozen=True)
class Entry:
    clock: int
    names: tuple
    expires: float  # a POSIX time: the next scheduled change that concerns it
    value: object


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def cache_key(kind, *parts):
    digest = hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()
    return f"{settings.PAGE_CACHE_PREFIX}:{kind}:{digest[:40]}"


def still_true(entry, clock_now=None):
    if entry is None or timezone.now().timestamp() >= entry.expires:
        return False
    if clock_now is not None and clock_now == entry.clock:
        return True  # nothing at all has changed since it was computed
    current = versions.read(entry.names)
    if current is None:
        return False
    return all(name in current and current[name] <= entry.clock for name in entry.names)


def lookup_many(keys):
    """``{key: value}`` of the entries still true: one cache read and one
    read of their dependencies' versions, however many keys."""
    try:
        found = cache().get_many(keys)
    except Exception as error:  # noqa: BLE001 - any cache failure is a miss
        report("get", error)
        return {}
    now = timezone.now().timestamp()
    found = {
        key: entry
        for key, entry in found.items()
        if isinstance(entry, Entry) and now < entry.expires
    }
    names = {name for entry in found.values() for name in entry.names}
    current = versions.read(names) if names else {}
    if current is None:
        return {}
    return {
        key: entry.value
        for key, entry in found.items()
        if all(current.get(name, float("inf")) <= entry.clock for name in entry.names)
    }


def lookup(key):
    """The value stored under ``key`` if it is still true, else None."""
    clock = None
    try:
        # With Redis, the entry and the clock in one round trip.
        entry, clock = versions.entry_and_clock(cache(), key)
    except versions.NotTogether:
        try:
            entry = cache().get(key)
        except Exception as error:  # noqa: BLE001 - any cache failure is a miss
            report("get", error)
            return None
    if not isinstance(entry, Entry) or not still_true(entry, clock):
        return None
    return entry.value


def keep(key, clock, names, expires, value):
    """Store ``value``, computed after ``clock`` was read, unless a dependency
    changed since (or is new: it gets its first version, later than
    ``clock``, and the next computation is stored)."""
    names = tuple(sorted(set(names)))
    current = versions.read(names)
    if current is None:
        return False
    missing = [name for name in names if name not in current]
    if missing:
        versions.bump(*missing)
        return False
    if any(current[name] > clock for name in names):
        return False
    seconds = min(settings.PAGE_CACHE_SECONDS, expires - timezone.now().timestamp())
    if seconds < 1:
        return False
    try:
        cache().set(key, Entry(clock, names, expires, value), int(seconds))
    except Exception as error:  # noqa: BLE001 - any cache failure: not stored
        report("set", error)
        return False
    return True


def remember(key, names, compute, expires):
    """``compute()``'s value, kept until ``names`` change or ``expires(value)``."""
    value = lookup(key)
    if value is not None:
        return value
    clock = versions.now()
    value = compute()
    if clock is not None:
        keep(key, clock, names, expires(value), value)
    return value
