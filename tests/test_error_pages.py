"""400, 403, 404 and 500 pages: styled like the site, in the language of the
URL (or of the browser where the URL has none), with the security headers,
and the 500 page without the database."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from django.utils.translation import gettext

from articles import errors

from .pages import read
from .test_admin import make_staff
from .test_security_headers import PROTECTIVE_HEADERS, policy
from .test_views import translated

LANGUAGES = [code for code, _name in settings.LANGUAGES]
HEADINGS = {
    400: "Bad request",
    403: "Access denied",
    404: "Page not found",
    500: "Server error",
}
HOME_LINK = "Go to the press office’s home page"

errors_urls = override_settings(ROOT_URLCONF="tests.error_urls")


def in_language(language, text):
    with translation.override(language):
        return gettext(text)


def assert_error_page(response, status, language):
    assert response.status_code == status
    assert response["Content-Language"] == language
    assert response["Content-Type"].startswith("text/html")
    page = read(response)
    assert page.html_lang == language
    assert page.h1 == in_language(language, HEADINGS[status])
    html = response.content.decode()
    # Styled like the site: its stylesheet, header and the way home.
    assert "/static/css/site.css" in html
    assert 'class="site-header"' in html
    assert f'href="/{language}/"' in html
    assert translated(language, HOME_LINK) in page.text
    assert '<meta name="robots" content="noindex">' in html
    for name, value in PROTECTIVE_HEADERS.items():
        assert response[name] == value, name
    assert policy(response)
    return page


@pytest.fixture
def failing_client():
    client = Client(raise_request_exception=False)
    with errors_urls:
        yield client


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", [400, 403, 500])
def test_error_page_in_the_urls_language(failing_client, status, language):
    # The browser asks for another language: the URL wins.
    other = "kk" if language != "kk" else "es"
    response = failing_client.get(
        f"/{language}/fail/{status}/", HTTP_ACCEPT_LANGUAGE=other
    )
    assert_error_page(response, status, language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_404_page_in_the_urls_language(client, language):
    response = client.get(f"/{language}/releases/no-such-release/")
    assert_error_page(response, 404, language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", [400, 403, 500])
def test_without_a_language_in_the_url_the_browsers_language(
    failing_client, status, language
):
    for path in (f"/fail/{status}/", f"/admin/fail/{status}/"):
        response = failing_client.get(path, HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
        assert_error_page(response, status, language)
    # The admin's pages answer with the admin's policy, the others the site's.
    assert policy(response)["script-src"] == ["'self'"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_404_in_the_browsers_language(client, language):
    client.force_login(make_staff("ed", "Editors"))
    response = client.get("/admin/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert_error_page(response, 404, language)


def test_a_language_cookie_counts_as_the_browsers_choice(failing_client):
    failing_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    response = failing_client.get("/fail/500/", HTTP_ACCEPT_LANGUAGE="es")
    assert_error_page(response, 500, "ru")


def test_an_unknown_browser_language_falls_back_to_english(failing_client):
    response = failing_client.get("/fail/500/", HTTP_ACCEPT_LANGUAGE="de-DE,fr;q=0.8")
    assert_error_page(response, 500, "en")


def test_the_500_page_needs_no_database(failing_client):
    """No ``django_db`` mark: any query on the way raises, and so fails."""
    for language in LANGUAGES:
        response = failing_client.get(f"/{language}/fail/500/")
        assert_error_page(response, 500, language)


@pytest.mark.django_db
def test_the_500_handler_makes_no_query(django_assert_num_queries):
    request = RequestFactory().get("/kk/releases/")
    with django_assert_num_queries(0):
        response = errors.server_error(request)
    assert response.status_code == 500
    assert read(response).html_lang == "kk"


def test_a_broken_500_template_still_answers_in_the_language(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the template failed too")

    monkeypatch.setattr(errors.loader, "render_to_string", broken)
    response = errors.server_error(RequestFactory().get("/ru/"))
    assert response.status_code == 500
    assert response["Content-Language"] == "ru"
    page = read(response)
    assert page.html_lang == "ru"
    assert page.h1 == in_language("ru", "Server error")


@pytest.mark.django_db
def test_a_bad_host_gets_the_styled_400(client):
    response = client.get("/ru/", HTTP_HOST="evil.example.org")
    assert_error_page(response, 400, "ru")


@pytest.mark.django_db
def test_a_translator_refused_an_editors_page_gets_the_styled_403(client):
    Group.objects.get(name="Translators")
    client.force_login(make_staff("tr", "Translators"))
    response = client.get("/admin/auth/user/add/", HTTP_ACCEPT_LANGUAGE="kk")
    assert_error_page(response, 403, "kk")


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refused_form_explains_itself_in_the_browsers_language(language):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/i18n/setlang/", {"language": "ru"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 403
    assert response["Content-Language"] == language
    page = read(response)
    assert page.html_lang == language
    assert page.h1 == in_language(language, "The form was not sent")
    assert translated(language, HOME_LINK) in page.text


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_with_debug_a_refused_form_shows_djangos_explanation():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "ru"})
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
