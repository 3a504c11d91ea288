"""Serve the demo under gunicorn and load it with wrk: pages against a static file.

    .venv/bin/python benchmarks/serve.py                 # SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/serve.py

Needs Debian's ``wrk`` (``apt install wrk``). Loads the demo into a throw-away
database (on PostgreSQL, a new database pressroom_bench_serve_<pid> on the
server DATABASE_URL names, dropped at the end; otherwise an SQLite file in a
temporary directory) and starts two gunicorns with 2 sync workers each, DEBUG
off: one as deployed, one with PAGE_CACHE=0 (the whole-page cache off, every
other cache on). The Russian release page is also saved into STATIC_ROOT, so
WhiteNoise serves the same bytes from the same gunicorn: the ceiling a page
can reach there.

wrk (2 threads, 16 connections, BENCH_SECONDS each, default 10) runs every
target once a round, BENCH_ROUNDS rounds (default 3), so drift hits all alike.
Prints per target the medians of requests/s, p50 and p99 latency, requests/s as
a share of the static file's, and the SQL queries of the page with the page
cache off (counted in this process with Django's test client); then each
worker's peak memory (VmHWM) and the targets, PASS or FAIL. A missed target
is a measurement, exit 0; a server that does not start or a non-2xx answer
exits 1.
"""

import functools
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's pressroom, not an installed one

from benchmarks.throwaway import plain_http_site, postgres_database  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WORKERS = 2
CONNECTIONS = 16
THREADS = 2
TIMEOUT = 60  # seconds: a server start, one request

RELEASE = "/ru/releases/la-tregua-premieres-in-san-sebastian/"
FILM = "/ru/films/la-tregua/"
RELEASE_LIST = "/ru/releases/"
FEED = "/ru/feeds/releases.rss"
STATIC_NAME = "bench/release-ru.html"
STATIC = "/static/" + STATIC_NAME

# (label, server, path). The first is the page a visitor waits for when the
# whole-page cache does not have it; the static file is the yardstick.
TARGETS = [
    ("release ru", "uncached", RELEASE),
    ("release ru", "cached", RELEASE),
    ("film ru", "cached", FILM),
    ("release list ru", "cached", RELEASE_LIST),
    ("RSS feed ru", "cached", FEED),
    ("static copy of release", "cached", STATIC),
    ("film ru", "uncached", FILM),
    ("release list ru", "uncached", RELEASE_LIST),
]

UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
LATENCY_LINE = re.compile(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.M)
REQUESTS_LINE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
NON_2XX_LINE = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
SOCKET_LINE = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
)


@dataclass
class Wrk:
    """What one wrk --latency run says: throughput, latency, what went wrong."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int = 0  # wrk counts answers of 400 and up under this name
    socket_errors: dict = field(default_factory=dict)

    def problems(self):
        found = []
        if self.non_2xx:
            found.append(f"{self.non_2xx} non-2xx answers")
        if any(self.socket_errors.values()):
            found.append(
                "socket errors: "
                + ", ".join(f"{k} {v}" for k, v in self.socket_errors.items())
            )
        return found


def parse_wrk(text):
    """Read wrk's report; ValueError when a figure we need is missing."""
    latencies = {
        percent: float(value) * UNIT_MS[unit]
        for percent, value, unit in LATENCY_LINE.findall(text)
    }
    requests = REQUESTS_LINE.search(text)
    if requests is None or set(latencies) != {"50", "99"}:
        raise ValueError("not wrk --latency output:\n" + text)
    non_2xx = NON_2XX_LINE.search(text)
    sockets = SOCKET_LINE.search(text)
    return Wrk(
        requests_per_second=float(requests.group(1)),
        p50_ms=latencies["50"],
        p99_ms=latencies["99"],
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=dict(
            zip(
                ("connect", "read", "write", "timeout"),
                map(int, sockets.groups()) if sockets else (0, 0, 0, 0),
                strict=True,
            )
        ),
    )


def run_wrk(url, seconds=SECONDS, threads=THREADS, connections=CONNECTIONS):
    done = subprocess.run(
        [
            *("wrk", "--threads", str(threads), "--connections", str(connections)),
            *("--duration", f"{seconds}s", "--latency", url),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + TIMEOUT,
    )
    if done.returncode:
        raise RuntimeError(f"wrk failed on {url}: {done.stderr.strip()}")
    return parse_wrk(done.stdout)


@contextmanager
def database(tmp):
    """Yield (label, DATABASE_URL) of a database nobody else uses.

    PostgreSQL when the caller's DATABASE_URL names a server: a new database
    there, dropped at the end even on failure. Otherwise an SQLite file in tmp.
    """
    url = os.environ.get("DATABASE_URL", "")
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        yield "sqlite", f"sqlite:///{tmp / 'pressroom.sqlite3'}"
        return
    name = f"pressroom_bench_serve_{os.getpid()}"
    with postgres_database(url, name) as found:
        yield found


def server_env(tmp, database_url):
    """Production-like (DEBUG off) over plain HTTP, all state in tmp.

    Every variable the settings read is ours, not the caller's (REDIS_URL
    aside, passed through), so a developer's shell does not change the figures.
    """
    from pressroom.environment import VARIABLES

    dropped = {*VARIABLES, "PAGE_CACHE", "GUNICORN_CMD_ARGS"}
    env = {name: value for name, value in os.environ.items() if name not in dropped}
    env.update(plain_http_site(tmp / "var"))
    env.update(
        # gunicorn and manage.py import this checkout, wherever pip installed it.
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        DATABASE_URL=database_url,
        SECURE_HSTS_SECONDS="0",
        CONN_MAX_AGE="600",
    )
    redis_url = bench_redis()
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


LOCAL_REDIS = "redis://127.0.0.1:6379/14"


@functools.cache
def bench_redis():
    """Redis as deployed (the shared cache, the page cache's versions):
    REDIS_URL, else a local Redis on its own database 14, emptied first;
    none with BENCH_REDIS=0 or when no Redis answers."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    if os.environ.get("BENCH_REDIS") == "0":
        return ""
    import redis

    try:
        redis.Redis.from_url(LOCAL_REDIS, socket_connect_timeout=0.5).flushdb()
    except (redis.RedisError, OSError):
        return ""
    return LOCAL_REDIS


def manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        print(done.stdout + done.stderr, file=sys.stderr)
        sys.exit(f"manage.py {args[0]} failed (exit {done.returncode}), see above.")


def count_queries(env, paths):
    """Each page's SQL queries with the page cache off, after one warm-up.

    In this process, against the servers' database: Django's test client needs
    no server, and CaptureQueriesContext sees every query of the request.
    """
    os.environ.update(env, PAGE_CACHE="0")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")  # the one name ALLOWED_HOSTS knows
    counts = {}
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code} in the test client.")
        counts[path] = len(queries)
    connection.close()  # the database is dropped at the end
    return counts


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path):
    """(status, body) of one GET, redirects not followed: a 302 is no page."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Server:
    """One gunicorn master and its sync workers, in a process group of its own."""

    def __init__(self, name, env, log_path):
        self.name = name
        self.port = free_port()
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "pressroom.wsgi:application"),
                    *("--workers", str(WORKERS), "--worker-class", "sync"),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    # No --access-logfile: gunicorn then writes no access log.
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self):
        """Return once it answers anything; exit when it died or never does."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            if self.process.poll() is not None:
                tail = self.log_path.read_text(errors="replace").splitlines()[-15:]
                print("\n".join(tail), file=sys.stderr)
                sys.exit(f"gunicorn ({self.name}) exited, see above.")
            try:
                get(self.port, "/robots.txt")
                return
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit(f"gunicorn ({self.name}) does not answer in {TIMEOUT} s.")
                time.sleep(0.2)

    def workers(self):
        """Its children's pids (the sync workers), from /proc."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        if children.exists():
            return [int(child) for child in children.read_text().split()]
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # "pid (comm) state ppid ...": comm may hold spaces, so split after ")".
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                found.append(int(stat.parent.name))
        return sorted(found)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
                return
            except subprocess.TimeoutExpired:
                pass
        with suppress(ProcessLookupError):  # workers left behind go too
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def peak_memory_mib(pid):
    """VmHWM, the most resident memory the process ever had."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    raise ValueError(f"no VmHWM for {pid}")


def measure(servers, errors):
    """Every target once per round, the order turned by one each round."""
    runs = {index: [] for index in range(len(TARGETS))}
    for round_ in range(ROUNDS):
        order = list(range(len(TARGETS)))
        order = order[round_ % len(order) :] + order[: round_ % len(order)]
        for index in order:
            label, server, path = TARGETS[index]
            result = run_wrk(servers[server].url(path))
            runs[index].append(result)
            print(
                f"  round {round_ + 1}/{ROUNDS}  {label + ' (' + server + ')':<36}"
                f"{result.requests_per_second:>9.1f} req/s"
                f"{result.p99_ms:>9.1f} ms p99",
                flush=True,
            )
            for problem in result.problems():
                errors.append(f"{label} ({server}), round {round_ + 1}: {problem}")
                print(f"  ERROR {errors[-1]}", flush=True)
    return runs


def report(label, runs, queries, memory, errors):
    """The table, the peak memory per worker, and the targets with PASS/FAIL."""
    medians = {
        index: (
            statistics.median(r.requests_per_second for r in results),
            statistics.median(r.p50_ms for r in results),
            statistics.median(r.p99_ms for r in results),
        )
        for index, results in runs.items()
    }
    static = medians[next(i for i, t in enumerate(TARGETS) if t[2] == STATIC)][0]
    print(
        f"\ndatabase: {label}; gunicorn with {WORKERS} sync workers per server; "
        f"wrk {THREADS} threads, {CONNECTIONS} connections, {SECONDS} s, "
        f"median of {ROUNDS} rounds"
    )
    print(
        f"{'target':<24}{'server':<10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'% static':>10}{'queries':>9}"
    )
    for index, (label_, server, path) in enumerate(TARGETS):
        rps, p50, p99 = medians[index]
        count = queries.get(path, "-")
        print(
            f"{label_:<24}{server:<10}{rps:>9.1f}{p50:>9.1f}{p99:>9.1f}"
            f"{100 * rps / static:>9.1f}%{count:>9}"
        )
    print("(queries: one request of the page with the page cache off)")
    print("\npeak resident memory (VmHWM) per gunicorn worker:")
    for server, workers in memory.items():
        for pid, mib in workers:
            print(f"  {server:<10} worker {pid:<8}{mib:>7.1f} MiB")

    uncached = medians[TARGETS.index(("release ru", "uncached", RELEASE))]
    cached = medians[TARGETS.index(("release ru", "cached", RELEASE))]
    sizes = [mib for workers in memory.values() for _pid, mib in workers]
    worst = max(sizes, default=float("nan"))  # none found: nan, and FAIL
    checks = [
        (
            "uncached release page >= 10% of the static file's req/s",
            uncached[0] >= 0.10 * static,
            f"{100 * uncached[0] / static:.1f}%",
        ),
        (
            "p99 of the uncached release page < 60 ms",
            uncached[2] < 60,
            f"{uncached[2]:.1f} ms",
        ),
        (
            "cached release page >= 50% of the static file's req/s",
            cached[0] >= 0.50 * static,
            f"{100 * cached[0] / static:.1f}%",
        ),
        ("every worker's VmHWM < 80 MiB", worst < 80, f"largest {worst:.1f} MiB"),
    ]
    print("\ntargets:")
    for text, passed, value in checks:
        print(f"  {'PASS' if passed else 'FAIL'}  {text}: {value}")
    for error in errors:
        print(f"ERROR {error}")


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still clean up
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt install wrk")
    errors = []
    with (
        tempfile.TemporaryDirectory(prefix="pressroom-bench-serve-") as tmp,
        database(Path(tmp)) as (label, database_url),
        ExitStack() as stack,
    ):
        tmp = Path(tmp)
        env = server_env(tmp, database_url)
        print(f"database: {label}; loading the demo", flush=True)
        print(f"cache: {bench_redis() or 'each process its own memory'}", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "loaddemo")
        manage(env, "collectstatic", "--noinput", "-v0")  # DEBUG off: a manifest
        queries = count_queries(env, sorted({path for *_, path in TARGETS} - {STATIC}))

        servers = {}
        servers["uncached"] = Server(
            "uncached", {**env, "PAGE_CACHE": "0"}, tmp / "uncached.log"
        )
        stack.callback(servers["uncached"].stop)
        servers["uncached"].wait()
        # The page's own bytes as a file, before the server that serves it
        # starts: with DEBUG off WhiteNoise lists STATIC_ROOT once, at start.
        status, html = get(servers["uncached"].port, RELEASE)
        if status != 200:
            sys.exit(f"{RELEASE} answered {status}.")
        static_file = Path(env["STATIC_ROOT"]) / STATIC_NAME
        static_file.parent.mkdir(parents=True, exist_ok=True)
        static_file.write_bytes(html)
        servers["cached"] = Server("cached", env, tmp / "cached.log")
        stack.callback(servers["cached"].stop)
        servers["cached"].wait()
        if get(servers["cached"].port, STATIC) != (200, html):
            sys.exit(f"{STATIC} does not answer 200 with the page's {len(html)} bytes.")

        print(
            f"warming up; then {ROUNDS} rounds of {len(TARGETS)} targets, "
            f"{SECONDS} s each",
            flush=True,
        )
        for label_, server, path in TARGETS:
            status, _body = get(servers[server].port, path)
            if status != 200:
                sys.exit(f"{label_} ({server}) {path} answered {status}.")
            # Both workers: two connections at once for a second.
            run_wrk(servers[server].url(path), seconds=1, threads=1, connections=2)
        runs = measure(servers, errors)
        memory = {
            name: [(pid, peak_memory_mib(pid)) for pid in server.workers()]
            for name, server in servers.items()
        }
        report(label, runs, queries, memory, errors)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
