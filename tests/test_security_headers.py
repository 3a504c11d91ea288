"""Security headers on every response: the Content Security Policy (the public
site's or the admin's), Referrer-Policy, X-Content-Type-Options, frame
protection and Cross-Origin-Opener-Policy; on pages, redirects and errors."""

import base64
import hashlib
import re
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .test_admin import change_url, make_staff

pytestmark = pytest.mark.django_db

RELEASE = "/{}/releases/la-tregua-premieres-in-san-sebastian/"

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'none'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src": ["'self'"],
    "style-src": ["'self'", settings.ADMIN_CHANGE_LIST_STYLE_HASH],
}

PROTECTIVE_HEADERS = {
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    assert "Content-Security-Policy-Report-Only" not in response.headers
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_protected(response):
    for name, value in PROTECTIVE_HEADERS.items():
        assert response.headers.get(name) == value, (
            response.request["PATH_INFO"],
            name,
        )


@pytest.fixture
def editor(client):
    client.force_login(make_staff("ed", "Editors"))
    return client


def test_public_pages_allow_nothing_but_the_site(client, demo):
    urls = [
        "/en/",
        "/ru/releases/",
        RELEASE.format("es"),
        "/kk/films/la-tregua/",
        "/en/events/",
        "/ru/releases/no-such-release/",  # 404
        RELEASE.format("kk"),  # 404 with links to the public languages
        "/",  # redirect to the visitor's language
    ]
    for url in urls:
        response = client.get(url)
        assert policy(response) == PUBLIC_POLICY, url
        assert_protected(response)


def test_admin_pages_have_their_own_policy(client, editor, demo):
    anonymous = Client()
    login = anonymous.get("/admin/login/")
    assert login.status_code == 200
    assert policy(login) == ADMIN_POLICY
    assert_protected(login)
    urls = [
        "/admin/",
        reverse("admin:articles_article_changelist"),
        change_url(demo),
        reverse("admin:articles_article_history", args=[demo.pk]),
        reverse("admin:articles_article_preview", args=[demo.pk, "kk"]),
        reverse("admin:jsi18n"),
        "/admin/no-such-page/",  # 404
    ]
    for url in urls:
        response = editor.get(url)
        assert response.status_code in (200, 404), url
        assert policy(response) == ADMIN_POLICY, url
        assert_protected(response)


def test_no_policy_allows_inline_code_or_other_sites(client, editor, demo):
    for response in (client.get("/en/"), editor.get(change_url(demo))):
        sources = " ".join(
            source for values in policy(response).values() for source in values
        )
        assert "unsafe" not in sources
        assert "*" not in sources and "http" not in sources and "data:" not in sources


def test_the_policy_has_no_nonce_so_a_cached_page_stays_valid(client, editor, demo):
    """A page cache stores a response with its headers: a per-request nonce
    would be replayed, or would not match the stored page."""
    for browser, url in ((client, RELEASE.format("en")), (editor, change_url(demo))):
        first, second = browser.get(url), browser.get(url)
        assert policy(first) == policy(second)
        header = first.headers["Content-Security-Policy"]
        assert "nonce" not in header
        assert "nonce=" not in first.content.decode()


def test_the_admin_style_hash_matches_djangos_inline_style():
    """The admin policy allows Django's one inline <style> by its hash; a new
    Django that changes it must fail here, not in a browser."""
    source = (
        Path(django.__file__).parent / "contrib/admin/templates/admin/change_list.html"
    ).read_text()
    styles = re.findall(r"<style>(.*?)</style>", source, re.DOTALL)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    expected = f"'sha256-{digest}'"
    assert expected == settings.ADMIN_CHANGE_LIST_STYLE_HASH


INLINE_CODE = re.compile(
    r"<style|<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE
)


# Press-kit documents are files inside a ZIP, opened offline: the site never
# serves them, and an offline file can only carry its style inline. They hold
# no script (test_press_kits checks the built files).
OFFLINE_DOCUMENTS = Path(settings.BASE_DIR, "templates", "presskits", "documents")


def test_the_projects_templates_hold_no_inline_script_or_style():
    """Both policies refuse inline script and style: templates link files."""
    found = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")):
        if path.is_relative_to(OFFLINE_DOCUMENTS):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if INLINE_CODE.search(line):
                found.append(f"{path}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
