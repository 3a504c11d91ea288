"""Error pages (400, 403, 404, 500 and a refused form) in the visitor's language.

The language is the URL's (``/ru/…``), else the browser's (the language cookie,
then Accept-Language). The pages are rendered without the request's context
processors and never touch the database, so the 500 page comes up even when
the database is what failed; should its template fail too, a plain page in the
same language stands in.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from django.views import csrf

logger = logging.getLogger(__name__)


def error_language(request):
    language = translation.get_language_from_path(request.path_info)
    if language:
        return language
    try:
        return translation.get_language_from_request(request)
    except Exception:  # a malformed header must not break an error page
        return settings.LANGUAGE_CODE


def render_error(request, template_name, status):
    language = error_language(request)
    with translation.override(language):
        try:
            content = loader.render_to_string(
                template_name, {"LANGUAGE_CODE": language}
            )
        except Exception:
            if status != 500:
                raise
            logger.exception("The 500 page failed; a plain one stands in.")
            content = plain_server_error(language)
    response = HttpResponse(content, status=status)
    response["Content-Language"] = language
    return response


def plain_server_error(language):
    title = escape(gettext("Server error"))
    text = escape(
        gettext("Something went wrong on our side. Please try again in a moment.")
    )
    return (
        f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{title} · Pressroom</title></head>"
        f"<body><h1>{title}</h1><p>{text}</p></body></html>"
    )


def bad_request(request, exception):
    return render_error(request, "400.html", 400)


def permission_denied(request, exception):
    return render_error(request, "403.html", 403)


def page_not_found(request, exception):
    return render_error(request, "404.html", 404)


def server_error(request):
    return render_error(request, "500.html", 500)


def csrf_failure(request, reason=""):
    """A refused form: Django's explanation for developers, ours for people."""
    if settings.DEBUG:
        return csrf.csrf_failure(request, reason)
    return render_error(request, "403_form.html", 403)
