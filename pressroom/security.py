"""The Content Security Policy by path: the public site's, or the admin's.

django-csp's middleware writes the policy of ``CONTENT_SECURITY_POLICY`` on
every response; this subclass gives every response under the admin's prefix
``PRESSROOM_ADMIN_CONTENT_SECURITY_POLICY`` instead, so no admin view can be
missed the way a per-view decorator could miss one. A view that sets its own
policy with django-csp's decorators keeps it. Both policies are fixed strings,
without nonces: a page cache may store a response with its headers.
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.urls import NoReverseMatch, reverse


def admin_prefix():
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return None


def is_admin_path(request):
    prefix = admin_prefix()
    return prefix is not None and request.path.startswith(prefix)


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request):
            policy = settings.PRESSROOM_ADMIN_CONTENT_SECURITY_POLICY
            parts.config = default_config(policy["DIRECTIVES"])
        return parts
