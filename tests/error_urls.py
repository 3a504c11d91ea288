"""The site's URLs plus views that fail, for the error-page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import LocalePrefixPattern, include, path

from pressroom import urls as site

handler400 = site.handler400
handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500


def server_error(request):
    raise RuntimeError("a test of the 500 page")


def bad_request(request):
    raise SuspiciousOperation("a test of the 400 page")


def permission_denied(request):
    raise PermissionDenied("a test of the 403 page")


failing = [
    path("fail/500/", server_error),
    path("fail/400/", bad_request),
    path("fail/403/", permission_denied),
]

urlpatterns = [
    path("", include(failing)),
    path("admin/", include(failing)),
    *[
        pattern
        for pattern in site.urlpatterns
        if not isinstance(pattern.pattern, LocalePrefixPattern)
    ],
    *i18n_patterns(path("", include(failing)), path("", include("articles.urls"))),
]
