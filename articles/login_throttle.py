"""Failed logins: an account from one address is locked after a few, an
address after more, each for a cool-off (django-axes, with this handler).

Axes counts failures per lockout parameter (``AXES_LOCKOUT_PARAMETERS``:
the account with the address, and the address alone) but compares them all
with one ``AXES_FAILURE_LIMIT``. The two locks need different limits: a few
wrong passwords for one account from one address, more from one address
across accounts (an office behind one address mistypes too). So this handler
counts both itself and reports the failures of the lock nearest to closing,
on the scale of ``AXES_FAILURE_LIMIT``: the address's count is shifted so that
it reaches that limit exactly when it reaches its own,
``PRESSROOM_LOGIN_FAILURES_PER_ADDRESS``. Everything else — recording
failures, cool-off, the access log, the admin's Access attempts and the
``axes_reset_*`` commands — is axes's own.

An account is never locked on its own, whatever the address: a stranger
elsewhere can lock only their own address out, never an editor.
"""

import math

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext as _


def failure_count(attempts):
    return attempts.aggregate(count=Sum("failures_since_start"))["count"] or 0


class LoginThrottle(AxesDatabaseHandler):
    def failures(self, request, credentials=None):
        """Failures within the cool-off: (this account from this address,
        every account from this address)."""
        recent = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        username = get_client_username(request, credentials)
        return failure_count(recent.filter(username=username)), failure_count(recent)

    def get_failures(self, request, credentials=None):
        account, address = self.failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        shift = settings.PRESSROOM_LOGIN_FAILURES_PER_ADDRESS - limit
        return max(account, address - shift)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets: which lock, when to try again, and
    that an administrator can unlock sooner; 429 with Retry-After."""
    seconds = int(get_cool_off(request).total_seconds())
    minutes = max(1, math.ceil(seconds / 60))
    account, _address = LoginThrottle().failures(request, credentials)
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "account_locked": account >= get_failure_limit(request, credentials),
        "minutes": minutes,
    }
    response = render(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
