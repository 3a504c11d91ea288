"""The next moment at which a public page may change without anyone acting.

A release becomes public at its ``publish_at`` or when its embargo ends; a
kit built ahead is offered from its ``valid_from``; an event stops being
upcoming when its day is over. No stored page outlives the earliest of these.
"""

from datetime import datetime, time, timedelta

from django.db.models import Min, Q
from django.utils import timezone

from . import entries

NEVER = float("inf")
# Changes to these can move a moment (an event moved holds its releases).
DEPENDS_ON = ("catalog", "releases", "kits")


def next_midnight(now):
    local = timezone.localtime(now)
    tomorrow = datetime.combine(local.date() + timedelta(days=1), time.min)
    return timezone.make_aware(tomorrow, local.tzinfo).timestamp()


def next_scheduled(now):
    """The next ``publish_at``, embargo end or kit ``valid_from`` after ``now``."""
    from articles.models import Article, PressKit

    releases = Article.objects.aggregate(
        publish=Min("publish_at", filter=Q(publish_at__gt=now)),
        embargo=Min("embargo_ends_at", filter=Q(embargo_ends_at__gt=now)),
    )
    kit = PressKit.objects.filter(valid_from__gt=now).aggregate(at=Min("valid_from"))
    moments = [*releases.values(), kit["at"]]
    return min((moment.timestamp() for moment in moments if moment), default=NEVER)


def next_change():
    """POSIX time of the next change; two queries, then kept until it comes."""
    now = timezone.now()
    scheduled = entries.remember(
        entries.cache_key("moment", "next"),
        DEPENDS_ON,
        lambda: next_scheduled(now),
        expires=lambda moment: moment,
    )
    return min(scheduled, next_midnight(now))
