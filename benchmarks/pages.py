"""Time the public pages and count their SQL queries, for small and large content.

    .venv/bin/python benchmarks/pages.py            # SQLite in memory
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/pages.py

Builds its own data in a throw-away test database and prints, per page, the
query count and the median and 95th-percentile time of a full request through
Django's test client (no network, so this is server time only).
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmarks-only-" + "x" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))


def build(paragraphs, releases):
    from articles.models import Article, Film, Paragraph, Person

    film = Film.objects.create(title_en=f"Film {paragraphs}", synopsis_en="A story.")
    person = Person.objects.create(name_en=f"Person {paragraphs}")
    big = None
    for number in range(releases):
        article = Article.objects.create(
            film=film,
            **{
                f"title_{code}": f"Release {number} {code}"
                for code in ("en", "ru", "kk", "es")
            },
        )
        count = paragraphs if number == 0 else 3
        Paragraph.objects.bulk_create(
            Paragraph(
                article=article,
                position=position,
                **{
                    f"text_{c}": f"Text {position} {c} " * 20
                    for c in ("en", "ru", "kk", "es")
                },
            )
            for position in range(1, count + 1)
        )
        article.people.add(person)
        for code in ("en", "ru", "kk", "es"):
            article.publish(code)
        big = big or article
    return big, film, person


def embargo_with_link(article):
    from django.utils import timezone

    from articles.embargo.links import create_links

    article.embargo_until = timezone.now() + timezone.timedelta(days=1)
    article.save()
    [(_link, token)] = create_links(
        [{"name": "Bench"}], article=article, languages=["en"],
        expires_at=article.embargo_until, user=None,
    )  # fmt: skip
    return token


def measure(client, url):
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)  # before later requests reset the log
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    return query_count, statistics.median(timings), p95


def main():
    setup_test_environment()
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.contrib.auth import get_user_model

        client = Client()
        editor = get_user_model().objects.create_superuser("bench", password="bench")
        staff = Client()
        staff.force_login(editor)
        print(f"database: {connection.vendor}; {REPEAT} requests per page")
        print(
            f"{'content':<28}{'page':<30}{'queries':>8}{'median ms':>11}{'p95 ms':>9}"
        )
        for paragraphs, releases in ((5, 3), (100, 30), (500, 30)):
            article, film, person = build(paragraphs, releases)
            label = f"{paragraphs} paragraphs, {releases} rel."
            for name, url in (
                ("release (en)", f"/en/releases/{article.slug}/"),
                ("release (kk)", f"/kk/releases/{article.slug}/"),
                ("home", "/en/"),
                ("release list", "/en/releases/"),
                ("film", f"/en/films/{film.slug}/"),
                ("person", f"/en/people/{person.slug}/"),
                ("events", "/en/events/"),
            ):
                queries, median, p95 = measure(client, url)
                print(f"{label:<28}{name:<30}{queries:>8}{median:>11.2f}{p95:>9.2f}")
            queries, median, p95 = measure(staff, "/admin/articles/article/")
            name = "admin release list"
            print(f"{label:<28}{name:<30}{queries:>8}{median:>11.2f}{p95:>9.2f}")
            # The same release under embargo, read through a personal link
            # (every request is also recorded as a use of the link).
            token = embargo_with_link(article)
            url = f"/embargo/{token}/en/releases/{article.slug}/"
            queries, median, p95 = measure(client, url)
            name = "release via personal link"
            print(f"{label:<28}{name:<30}{queries:>8}{median:>11.2f}{p95:>9.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
