"""Making, re-issuing and addressing personal embargo links.

A token exists in clear only in the response (page, CSV, mail) of the
request that made it: callers get ``(link, token)`` pairs and must use them
at once.
"""

from django.db import transaction
from django.urls import get_script_prefix

from ..models import EmbargoLink

PREFIX = "embargo"


def link_path(token):
    """The link's address on this site, e.g. ``/embargo/<token>/``."""
    return f"{get_script_prefix()}{PREFIX}/{token}/"


def link_url(request, token):
    return request.build_absolute_uri(link_path(token))


@transaction.atomic
def create_links(recipients, *, article=None, film=None, languages, expires_at, user):
    """One link per recipient (dicts with name, outlet, email, time_zone);
    returns ``[(link, token)]`` in the order given."""
    made = []
    for recipient in recipients:
        link = EmbargoLink(
            article=article,
            film=film,
            languages=list(languages),
            expires_at=expires_at,
            created_by=user,
            name=recipient["name"],
            outlet=recipient.get("outlet", ""),
            email=recipient.get("email", ""),
            time_zone=recipient.get("time_zone", ""),
        )
        token = link.issue()
        link.full_clean()
        link.save()
        made.append((link, token))
    return made


@transaction.atomic
def reissue(link):
    """A new token for ``link``; the old one answers 404 from now on."""
    token = link.issue()
    link.save(update_fields=["token_hash", "issued_at"])
    return token
