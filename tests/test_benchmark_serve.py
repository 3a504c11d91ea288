"""benchmarks/serve.py reads wrk's report: if wrk's wording or units slipped
past the parser, the benchmark would print wrong figures or none. The samples
are real `wrk --latency` output (Debian's wrk 4.1.0) against small local
servers: one fast (microseconds), one that drops a connection now and then
(milliseconds, socket errors), one slow and answering 404 (seconds)."""

import importlib.util
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "serve.py"
spec = importlib.util.spec_from_file_location("benchmark_serve", PATH)
serve = importlib.util.module_from_spec(spec)
spec.loader.exec_module(serve)

MICROSECONDS = """\
Running 2s test @ http://127.0.0.1:18083/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   321.50us  190.63us   4.10ms   93.97%
    Req/Sec    24.67k     4.06k   49.81k    97.56%
  Latency Distribution
     50%  301.00us
     75%  380.00us
     90%  469.00us
     99%  736.00us
  100488 requests in 2.10s, 4.12MB read
Requests/sec:  47858.79
Transfer/sec:      1.96MB
"""

MILLISECONDS_SOCKET_ERRORS = """\
Running 2s test @ http://127.0.0.1:18084/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.17ms  512.71us   6.85ms   93.83%
    Req/Sec     3.57k   145.22     3.82k    61.90%
  Latency Distribution
     50%    2.08ms
     75%    2.20ms
     90%    2.43ms
     99%    5.08ms
  14903 requests in 2.10s, 625.81KB read
  Socket errors: connect 0, read 3727, write 0, timeout 0
Requests/sec:   7094.23
Transfer/sec:    297.90KB
"""

# wrk pads a latency in seconds with a trailing space.
SECONDS_NOT_FOUND = """\
Running 3s test @ http://127.0.0.1:18082/missing
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.22s    25.09ms   1.25s   100.00%
    Req/Sec     1.00      0.00     1.00    100.00%
  Latency Distribution
     50%    1.25s 
     75%    1.25s 
     90%    1.25s 
     99%    1.25s 
  8 requests in 3.01s, 0.96KB read
  Non-2xx or 3xx responses: 8
Requests/sec:      2.66
Transfer/sec:     327.38B
"""  # noqa: W291 -- the trailing spaces are wrk's


def test_microseconds():
    result = serve.parse_wrk(MICROSECONDS)
    assert result.requests_per_second == pytest.approx(47858.79)
    assert result.p50_ms == pytest.approx(0.301)
    assert result.p99_ms == pytest.approx(0.736)
    assert result.problems() == []


def test_milliseconds_and_socket_errors():
    result = serve.parse_wrk(MILLISECONDS_SOCKET_ERRORS)
    assert result.requests_per_second == pytest.approx(7094.23)
    assert result.p50_ms == pytest.approx(2.08)
    assert result.p99_ms == pytest.approx(5.08)
    assert result.non_2xx == 0
    assert result.socket_errors == {
        "connect": 0,
        "read": 3727,
        "write": 0,
        "timeout": 0,
    }
    assert result.problems() == [
        "socket errors: connect 0, read 3727, write 0, timeout 0"
    ]


def test_seconds_and_answers_that_are_not_2xx():
    result = serve.parse_wrk(SECONDS_NOT_FOUND)
    assert result.requests_per_second == pytest.approx(2.66)
    assert result.p50_ms == pytest.approx(1250)
    assert result.p99_ms == pytest.approx(1250)
    assert result.non_2xx == 8
    assert result.problems() == ["8 non-2xx answers"]


def test_output_without_the_latency_distribution_is_refused():
    """wrk without --latency prints no percentiles: no figures, not zeros."""
    without = MICROSECONDS.replace("Latency Distribution", "").replace(
        "     50%  301.00us\n", ""
    )
    with pytest.raises(ValueError):
        serve.parse_wrk(without)
