"""Save releases at the same moment through the admin, over HTTP, under gunicorn.

    .venv/bin/python benchmarks/concurrent_saves.py        # SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pressroom_bench_saves \\
        .venv/bin/python benchmarks/concurrent_saves.py

For N in BENCH_CLIENTS (default 1,4,8), gunicorn runs with N workers and N
editors, each logged in with its own cookies, post their own release's change
form at the same moment, BENCH_ROUNDS times (default 5). A save succeeds when
the admin redirects to the release list, as it does for a browser. Prints, per
N, the saves, successes, failures and the median and 95th-percentile time of
the POST (every answered POST, failed ones too: an editor waits for those as
well). Exits 1 on any failure, so it doubles as a check: the target is none
at 8.

Nothing of the developer's is touched: PRESSROOM_VAR_DIR, static files and the
SQLite file live in a temporary directory; on PostgreSQL a database named after
the URL's, with the process id appended, is created and dropped at the end.
"""

import http.cookiejar
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.throwaway import plain_http_site, postgres_database  # noqa: E402

CLIENTS = [int(n) for n in os.environ.get("BENCH_CLIENTS", "1,4,8").split(",")]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
TIMEOUT = 60  # seconds: one request, one wait at the barrier, a server start
USERNAME = "bench"
PASSWORD = "bench-only-password-0123456789"
LIST_PATH = "/admin/articles/article/"
# A traceback's last line in the server log, e.g. "...OperationalError: ...".
EXCEPTION_LINE = re.compile(r"^[\w.]+(Error|Exception)\b.*")

SETUP = """
import os

from django.contrib.auth import get_user_model

from articles.models import Article, Paragraph

get_user_model().objects.create_superuser(
    os.environ["BENCH_USER"], "bench@example.invalid", os.environ["BENCH_PASSWORD"]
)
for number in range(int(os.environ["BENCH_RELEASES"])):
    article = Article.objects.create(title_en=f"Release {number}")
    for position in (1, 2):
        Paragraph.objects.create(
            article=article, position=position, text_en=f"Paragraph {position}."
        )
    print("release", article.pk)
"""


@dataclass
class Save:
    ok: bool
    ms: float | None = None  # None: no POST was answered
    problem: str = ""


@contextmanager
def database():
    """Yield (label, DATABASE_URL or None); a PostgreSQL one is created for us.

    Unset DATABASE_URL means the settings' default, an SQLite file in
    PRESSROOM_VAR_DIR, which is our temporary directory.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        yield "sqlite", None
        return
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit("DATABASE_URL must be PostgreSQL; leave it unset for SQLite.")
    base = parts.path.lstrip("/") or "pressroom_bench_saves"
    name = f"{base[:50]}_{os.getpid()}"
    with postgres_database(url, name) as found:
        yield found


def server_env(var_dir, database_url):
    """Production-like settings (DEBUG off) over plain HTTP, all state in var_dir."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    env.update(plain_http_site(var_dir))
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    if done.returncode:
        print(done.stdout, file=sys.stderr)
        sys.exit(f"manage.py {args[0]} failed (exit {done.returncode}), see above.")
    return done.stdout


def create_releases(env, count):
    """A superuser and one release of two paragraphs per editor; their pks."""
    output = manage(
        {
            **env,
            "BENCH_USER": USERNAME,
            "BENCH_PASSWORD": PASSWORD,
            "BENCH_RELEASES": str(count),
        },
        "shell",
        "-c",
        SETUP,
    )
    return [
        int(line.split()[1])
        for line in output.splitlines()
        if line.startswith("release ")
    ]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env, workers, log_path):
    """Yield the base URL of a gunicorn answering with ``workers`` workers."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "pressroom.wsgi:application"),
                *("--workers", str(workers), "--bind", f"127.0.0.1:{port}"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, so its workers go with it
        )
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            if process.poll() is not None:
                tail = log_path.read_text(errors="replace").splitlines()[-15:]
                print("\n".join(tail), file=sys.stderr)
                sys.exit(f"gunicorn exited (code {process.returncode}), see above.")
            try:
                with urllib.request.urlopen(base + "/admin/login/", timeout=5):
                    break
            except urllib.error.HTTPError:
                break  # it answers; what it answers, the editors will tell
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit(f"gunicorn does not answer within {TIMEOUT} s.")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A save's answer is its redirect: keep it rather than follow it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Refused(Exception):
    pass


class Browser:
    """One editor: its own cookies; every answer returned as it came."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirects,
        )

    def request(self, path, fields=None):
        headers = {}
        data = None
        if fields is not None:
            data = urllib.parse.urlencode(fields).encode()
            headers = {"Origin": self.base, "Referer": self.base + path}
        request = urllib.request.Request(self.base + path, data, headers)
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            try:
                return error.code, error.headers, error.read()
            finally:
                error.close()

    def form(self, path, form_id):
        """The form's fields as a browser would submit them (buttons aside)."""
        status, _headers, body = self.request(path)
        if status != 200:
            raise Refused(f"GET of #{form_id} answered {status}")
        for form in lxml.html.fromstring(body).forms:
            if form.get("id") == form_id:
                return form.form_values()
        raise Refused(f"no form #{form_id} in the page")

    def log_in(self):
        path = "/admin/login/?next=/admin/"
        fields = [
            (name, value)
            for name, value in self.form(path, "login-form")
            if name not in ("username", "password")
        ]
        fields += [("username", USERNAME), ("password", PASSWORD)]
        status, _headers, _body = self.request(path, fields)
        if status != 302:
            raise Refused(f"login answered {status}")


def judge(status, headers, body, ms):
    """Saved: redirected to the list, not back to the form, not a 5xx."""
    location = urllib.parse.urlsplit(headers.get("Location") or "").path
    if status == 302 and location == LIST_PATH:
        return Save(True, ms)
    if status == 302:
        return Save(False, ms, f"302 to {location}")
    if status == 200:
        page = lxml.html.fromstring(body)
        errors = page.find_class("errornote") + page.find_class("errorlist")
        first = " ".join(errors[0].text_content().split()) if errors else "?"
        return Save(False, ms, f"200, form error: {first[:120]}")
    return Save(False, ms, str(status))


def describe(error):
    if isinstance(error, Refused):
        return str(error)
    return f"{type(error).__name__}: {error}"


def editor(base, pk, number, clients, barrier, results):
    """Log in, warm up, then each round: fresh form, wait for all, POST (timed)."""
    browser = Browser(base)
    path = f"/admin/articles/article/{pk}/change/"
    broken = ""
    try:
        browser.log_in()
    except Exception as error:  # whatever it is, it is this editor's failure
        broken = f"login: {describe(error)}"
    else:
        try:
            browser.form(path, "article_form")  # a cold worker loads the app here
        except Exception as error:
            broken = f"warm-up: {describe(error)}"
    barrier.wait(TIMEOUT)
    for round_ in range(1, ROUNDS + 1):
        fields, problem = None, broken
        if not problem:
            try:
                fields = browser.form(path, "article_form")
            except Exception as error:
                problem = describe(error)
        barrier.wait(TIMEOUT)
        if problem:
            results.append(Save(False, problem=problem))
            continue
        title = f"Release {number}, {clients} at once, round {round_}"
        fields = [(n, title if n == "title_en" else v) for n, v in fields]
        fields.append(("_save", "Save"))
        start = time.perf_counter()
        try:
            status, headers, body = browser.request(path, fields)
            ms = (time.perf_counter() - start) * 1000
            results.append(judge(status, headers, body, ms))
        except Exception as error:
            results.append(Save(False, problem=f"POST: {describe(error)}"))


def run(env, var_dir, clients, pks):
    """N editors against N workers; the saves and the server's exception lines."""
    log_path = var_dir / f"gunicorn-{clients}.log"
    results = []
    with gunicorn(env, clients, log_path) as base:
        barrier = threading.Barrier(clients)
        threads = [
            threading.Thread(
                target=editor,
                args=(base, pks[number], number, clients, barrier, results),
            )
            for number in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    missing = clients * ROUNDS - len(results)
    results += [Save(False, problem="no result: the editor thread died")] * missing
    log = log_path.read_text(errors="replace").splitlines()
    exceptions = [line for line in log if EXCEPTION_LINE.match(line)]
    return results, exceptions


def percentile(values, fraction):
    """Nearest rank: with few samples, a value that was measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still clean up
    failed = False
    with (
        tempfile.TemporaryDirectory(prefix="pressroom-bench-") as tmp,
        database() as (label, database_url),
    ):
        var_dir = Path(tmp)
        env = server_env(var_dir, database_url)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")  # DEBUG off: a manifest
        pks = create_releases(env, max(CLIENTS))
        print(
            f"database: {label}; {ROUNDS} rounds; N gunicorn workers, "
            "N editors saving their own release at once",
            flush=True,
        )
        print(
            f"{'database':<12}{'N':>3}{'saves':>7}{'successes':>11}{'failures':>10}"
            f"{'median ms':>11}{'p95 ms':>9}",
            flush=True,
        )
        details = []
        for clients in CLIENTS:
            results, exceptions = run(env, var_dir, clients, pks)
            times = [save.ms for save in results if save.ms is not None]
            failures = [save.problem for save in results if not save.ok]
            failed = failed or bool(failures)
            median = f"{statistics.median(times):.1f}" if times else "-"
            p95 = f"{percentile(times, 0.95):.1f}" if times else "-"
            print(
                f"{label.split()[0]:<12}{clients:>3}{len(results):>7}"
                f"{len(results) - len(failures):>11}{len(failures):>10}"
                f"{median:>11}{p95:>9}",
                flush=True,
            )
            if failures:
                details.append((clients, Counter(failures), Counter(exceptions)))
        for clients, problems, exceptions in details:
            print(f"\nN={clients}, failed saves:")
            for problem, count in problems.most_common():
                print(f"  {count} x {problem}")
            for line, count in exceptions.most_common(3):
                print(f"  server log, {count} x {line[:160]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
