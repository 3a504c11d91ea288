"""The client's address (articles/client.py): the connection's unless the
settings say how many proxies to trust, then read from their header only."""

import pytest

from articles.client import client_address, plain_address


def request(rf, remote="127.0.0.1", forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return rf.get("/", REMOTE_ADDR=remote, **headers)


def test_without_proxies_a_forwarded_for_header_is_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request(rf, forwarded="203.0.113.5")) == "127.0.0.1"
    assert client_address(request(rf, remote="2001:db8::7")) == "2001:db8::7"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        # One proxy appends the address it was connected from: the last entry.
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "192.0.2.66, 203.0.113.5", "203.0.113.5"),  # the left part is forged
        (1, "192.0.2.66,203.0.113.5", "203.0.113.5"),
        # Two proxies: the outer one's entry, second from the right.
        (2, "192.0.2.66, 203.0.113.5, 198.51.100.3", "203.0.113.5"),
        # Fewer entries than proxies: every one was written by a proxy.
        (2, "203.0.113.5", "203.0.113.5"),
        # Ports and brackets are dropped; IPv6 is written in its short form.
        (1, "203.0.113.5:51234", "203.0.113.5"),
        (1, "[2001:0db8::0001]:443", "2001:db8::1"),
        # A proxy that wrote nothing usable: the connection's address.
        (1, "", "127.0.0.1"),
        (1, "unknown", "127.0.0.1"),
    ],
)
def test_behind_proxies_the_header_is_read_from_the_right(
    rf, settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(request(rf, forwarded=forwarded)) == expected


def test_behind_a_proxy_without_the_header_the_connection_is_used(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request(rf)) == "127.0.0.1"


def test_no_usable_address_at_all(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request(rf, remote="")) is None
    assert plain_address("not an address") is None
