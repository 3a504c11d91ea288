"""Every public page and admin list with 30 releases and with N (default 10,000).

    .venv/bin/python benchmarks/scale.py [--n 10000] [--runs 5] [--only film] [--keep]

Builds each size with ``benchmarks/scale_data.py`` in a throw-away PostgreSQL
database of its own (on the server of ``DATABASE_URL``, default the local one
as user postgres; dropped at the end unless ``--keep``), one child process per
size with the settings as deployed (DEBUG off) and the whole-page cache off
(``PAGE_CACHE=0``, so a page's time is its uncached cost; kept parts stay on,
as in production). Pages are requested through Django's test client in that
process: one warm-up, one request whose SQL queries are counted, then
``--runs`` timed requests. Public pages are fetched anonymously, the admin as a
superuser. Pages are found from the URLconf and the admin site, so pages added
later (a film's list of releases, a new list filter) are measured too.

Prints per page the status, queries, median and 95th-percentile server time in
ms and size in KB at 30 and at N, the ratio of the medians, and ``!`` where the
page misses the target at N: over 150 ms, over twice its time with 30
releases, or a different query count. Exits 1 if any page answers 5xx.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import scale_data  # noqa: E402

SMALL = 30
TARGET_MS = 150
TARGET_RATIO = 2
# Pages over empty tables (axes, tasks) vary by up to ~15 ms between runs on a
# shared 2-core machine:
# ">2×" is marked only when the difference is larger than this.
NOISE_MS = 20
CHOICES_PER_FILTER = 6
# A film, person or event page's own list of releases, where the app has one.
RELATED_LISTS = ("film", "person", "event")


# Finding the pages -----------------------------------------------------------


def url_names(namespace="articles"):
    """The names of the URLconf's routes in ``namespace``."""
    from django.urls import get_resolver

    resolver = get_resolver()
    found = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                inner = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern.url_patterns, inner)
            elif pattern.name:
                found.add(f"{prefix}{pattern.name}")

    walk(resolver.url_patterns, "")
    return sorted(
        name[len(namespace) + 1 :] for name in found if name.startswith(namespace + ":")
    )


def paginated(url):
    """Whether the view at ``url`` is a paginated list (``?page=``)."""
    from django.urls import resolve

    view = resolve(url.split("?")[0]).func
    return bool(getattr(getattr(view, "view_class", None), "paginate_by", None))


def public_pages(info):
    """``[(label, url)]`` of the public pages; ``url`` None for a page the
    app does not have (yet)."""
    from django.urls import NoReverseMatch, resolve, reverse
    from django.utils import translation

    from articles import models as m
    from articles.sitemaps import SITEMAPS

    pages = []

    def page(label, name, language="en", query="", **kwargs):
        with translation.override(language):
            pages.append((label, reverse(f"articles:{name}", kwargs=kwargs) + query))

    for code in info["languages"]:
        page(f"home [{code}]", "home", code)
    for code in info["languages"]:
        page(f"release list p1 [{code}]", "article_list", code)
    with translation.override("en"):
        list_url = reverse("articles:article_list")
    per_page = getattr(resolve(list_url).func.view_class, "paginate_by", None)
    if per_page:
        count = m.Article.objects.public("en").count()
        last = max(1, math.ceil(count / per_page))
        page(
            "release list middle page", "article_list", query=f"?page={last // 2 or 1}"
        )
        page("release list last page", "article_list", query=f"?page={last}")
    page("release [en]", "article_detail", slug=info["release"])
    page("release [ru]", "article_detail", "ru", slug=info["release"])
    page("film (biggest)", "film_detail", slug=info["film"])
    page("person (most mentioned)", "person_detail", slug=info["person"])
    page("event (busiest)", "event_detail", slug=info["event"])

    names = url_names()
    for kind in RELATED_LISTS:
        slug = info[kind]
        candidates = [n for n in names if kind in n and "releases" in n]
        url = None
        for name in candidates:
            try:
                with translation.override("en"):
                    url = reverse(f"articles:{name}", kwargs={"slug": slug})
                break
            except NoReverseMatch:
                continue
        pages.append((f"{kind}'s releases p1", url))
        pages.append((f"{kind}'s releases last page", url and url + "?page=last"))

    page("events list", "event_list")
    page("films index", "film_list")
    with translation.override("en"):
        films_url = reverse("articles:film_list")
    if paginated(films_url):
        page("films index last page", "film_list", query="?page=last")
    page("people index", "person_list")
    page("press office", "press_office")
    page("feed rss", "releases_rss")
    page("feed atom", "releases_atom")
    pages.append(("sitemap index", reverse("sitemap")))
    for section, sitemap in SITEMAPS.items():
        url = reverse("sitemap_section", kwargs={"section": section})
        pages.append((f"sitemap {section} p1", url))
        last = sitemap().paginator.num_pages
        if last > 1:
            pages.append((f"sitemap {section} last page", f"{url}?p={last}"))
    pages.append(("robots.txt", reverse("robots_txt")))
    return pages


def admin_pages(info, user):
    """``[(label, url)]`` of every admin changelist: plain, its last page,
    each list filter's choices (a few of a long list) and two searches."""
    from django.contrib import admin
    from django.contrib.admin.filters import RelatedFieldListFilter
    from django.test import RequestFactory
    from django.urls import reverse

    pages = []
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label
    ):
        opts = model._meta
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except Exception:
            continue
        label = f"admin {opts.label_lower}"
        pages.append((label, url))
        request = RequestFactory().get(url)
        request.user = user
        if not model_admin.has_view_or_change_permission(request):
            continue
        changelist = model_admin.get_changelist_instance(request)
        last = changelist.paginator.num_pages
        if last > 1:
            pages.append((f"{label} last page", f"{url}?p={last}"))
        for spec in changelist.filter_specs:
            related = isinstance(spec, RelatedFieldListFilter)
            shown = 0
            for number, choice in enumerate(spec.choices(changelist)):
                query = choice["query_string"]
                if query in ("?", "") or shown >= CHOICES_PER_FILTER:
                    continue
                shown += 1
                display = f"#{number}" if related else str(choice["display"])
                pages.append((f"{label} [{spec.title}: {display}]", url + query))
        if model_admin.get_search_fields(request):
            for word in (info["common_word"], info["rare_word"]):
                pages.append((f"{label} search {word!r}", f"{url}?q={word}"))
    return pages


# Measuring -------------------------------------------------------------------


def body_size(response):
    if getattr(response, "streaming", False):
        return len(b"".join(response.streaming_content))
    return len(response.content)


def measure(client, url, runs):
    """Status, queries, median and p95 ms and bytes of ``url``: one warm-up,
    one request counted, ``runs`` timed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    result = {
        "status": response.status_code,
        "queries": len(queries),
        "bytes": body_size(response),
    }
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        body_size(response)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    result["median"] = statistics.median(timings) if timings else None
    result["p95"] = (
        timings[max(0, math.ceil(len(timings) * 0.95) - 1)] if timings else None
    )
    return result


def measure_all(info, runs=5, only=None, progress=None):
    """``{label: result}`` for every page (``None`` for a page the app lacks)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    User = get_user_model()
    user = User.objects.filter(username="scale-bench").first() or (
        User.objects.create_superuser("scale-bench", "bench@example.org", "x")
    )
    anonymous, staff = Client(), Client()
    staff.force_login(user)
    targets = [(label, url, anonymous) for label, url in public_pages(info)]
    targets += [(label, url, staff) for label, url in admin_pages(info, user)]
    results = {}
    for label, url, client in targets:
        if only and only not in label and (url is None or only not in url):
            continue
        if url is None:
            results[label] = None
            continue
        results[label] = {"url": url, **measure(client, url, runs)}
        if progress:
            progress(label, results[label])
    return results


# The two sizes ---------------------------------------------------------------


def child(args):
    """Build one size in the database of ``DATABASE_URL`` and measure it."""
    scale_data.setup_django({})
    info = scale_data.migrate_and_build(args.n)

    def progress(label, result):
        print(
            f"  [{args.n}] {label}: {result['status']} {result['queries']} q "
            f"{result['median']:.0f} ms",
            file=sys.stderr,
            flush=True,
        )

    results = measure_all(
        info, args.runs, args.only, progress if args.verbose else None
    )
    info.pop("release_ids")
    Path(args.json).write_text(json.dumps({"info": info, "results": results}))


def run_size(n, args, server):
    name = f"pressroom_scale_{n}_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="scale-") as var_dir:
        out = Path(var_dir) / "results.json"
        command = [
            sys.executable, __file__, "--child", "--n", str(n),
            "--runs", str(args.runs), "--json", str(out),
        ]  # fmt: skip
        if args.only:
            command += ["--only", args.only]
        if args.verbose:
            command.append("--verbose")
        environment = {
            **os.environ,
            **scale_data.site_environment(
                scale_data.database_url(server, name), var_dir
            ),
            "PAGE_CACHE": "0",
            "PYTHONPATH": str(ROOT),
        }
        environment.pop("REDIS_URL", None)
        scale_data.create_database(server, name)
        try:
            subprocess.run(command, env=environment, check=True)
            return json.loads(out.read_text())
        finally:
            if args.keep:
                print(f"kept database {name}", file=sys.stderr)
            else:
                scale_data.drop_database(server, name)


def ms(value):
    return "—" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def report(small, large, n):
    """The table; returns the labels of pages that answered 5xx."""
    head = (
        f"{'page':<58}{'status':>9}{'queries':>11}{'median ms':>18}"
        f"{'p95 ms':>16}{'×':>7}{'KB':>15}  "
    )
    print(head)
    print(f"{'':<58}{f'{SMALL}/{n}':>9}{f'{SMALL}/{n}':>11}{f'{SMALL} / {n}':>18}"
          f"{f'{SMALL} / {n}':>16}{'':>7}{f'{SMALL} / {n}':>15}")  # fmt: skip
    failed, missed = [], []
    labels = list(large["results"]) + [
        label for label in small["results"] if label not in large["results"]
    ]
    for label in labels:
        a = small["results"].get(label)
        b = large["results"].get(label)
        if a is None and b is None:
            print(f"{label:<58}{'n/a':>9}")
            continue
        a = a or {}
        b = b or {}
        for result in (a, b):
            if result.get("status", 200) >= 500:
                failed.append(label)
        ratio = (
            b["median"] / a["median"] if a.get("median") and b.get("median") else None
        )
        marks = []
        if b.get("median") is not None and b["median"] > TARGET_MS:
            marks.append(f">{TARGET_MS}ms")
        if (
            ratio is not None
            and ratio > TARGET_RATIO
            and b["median"] - a["median"] > NOISE_MS
        ):
            marks.append(f">{TARGET_RATIO}×")
        if a and b and a.get("queries") != b.get("queries"):
            marks.append("queries")
        if b.get("status", 200) >= 400 or a.get("status", 200) >= 400:
            marks.append("status")
        if marks:
            missed.append(label)
        status = f"{a.get('status', '—')}/{b.get('status', '—')}"
        queries = f"{a.get('queries', '—')}/{b.get('queries', '—')}"
        median = f"{ms(a.get('median'))} / {ms(b.get('median'))}"
        p95 = f"{ms(a.get('p95'))} / {ms(b.get('p95'))}"
        size = " / ".join(
            f"{r['bytes'] / 1024:,.0f}" if r.get("bytes") is not None else "—"
            for r in (a, b)
        )
        times = "—" if ratio is None else f"{ratio:.1f}"
        mark = ("! " + " ".join(marks)) if marks else ""
        print(
            f"{label[:57]:<58}{status:>9}{queries:>11}{median:>18}{p95:>16}"
            f"{times:>7}{size:>15}  {mark}"
        )
    print(f"\n{len(missed)} of {len(labels)} pages miss the target "
          f"(under {TARGET_MS} ms, within {TARGET_RATIO}× of {SMALL} releases, "
          f"same queries; ×2 counts from {NOISE_MS} ms more).")  # fmt: skip
    return failed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="releases (large size)")
    parser.add_argument("--runs", type=int, default=5, help="timed requests per page")
    parser.add_argument("--only", help="only pages whose label or URL contains this")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--verbose", action="store_true", help="print each page")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)

    server = scale_data.server_url()
    sizes = {}
    for n in (SMALL, args.n):
        start = time.perf_counter()
        sizes[n] = run_size(n, args, server)
        info = sizes[n]["info"]
        print(
            f"{n} releases: migrated in {info['migrate_seconds']:.1f} s, built in "
            f"{info['build_seconds']:.1f} s, measured in "
            f"{time.perf_counter() - start - info['build_seconds']:.0f} s "
            f"({info['films']} films, {info['people']} people, {info['events']} "
            f"events; biggest film {info['film_releases']} releases)",
            flush=True,
        )
    print(
        f"\nPostgreSQL, DEBUG off, PAGE_CACHE=0, Django test client; median and p95 "
        f"of {args.runs} requests after a warm-up\n"
    )
    failed = report(sizes[SMALL], sizes[args.n], args.n)
    if failed:
        print("5xx: " + ", ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
