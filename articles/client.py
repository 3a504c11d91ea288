"""The address a request came from, read one way everywhere.

Login throttling (django-axes), and the embargo and audit features, ask here.
With ``TRUSTED_PROXY_COUNT = 0``, the default, it is the connection's own
address and ``X-Forwarded-For`` is never believed: anyone can send that
header. Behind N reverse proxies that each append the address they were
connected from (nginx's ``$proxy_add_x_forwarded_for``), the client's address
is the Nth entry from the right; everything to its left came from the client
and is ignored.
"""

import ipaddress

from django.conf import settings


def plain_address(text):
    """``text`` as an IP address (a port or brackets dropped), or None."""
    text = text.strip()
    if text.startswith("["):  # [2001:db8::1]:443
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # 203.0.113.7:51234
        text = text.partition(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_address(request):
    """The client's IP address as a string, or None if there is none."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [
            hop.strip()
            for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if hop.strip()
        ]
        if hops:
            # Fewer entries than proxies: the request passed fewer of them, and
            # every entry was written by one; the leftmost is the furthest out.
            address = plain_address(hops[-proxies] if len(hops) >= proxies else hops[0])
            if address:
                return address
    # No proxy to trust, or a proxy that wrote nothing usable: the connection.
    return plain_address(request.META.get("REMOTE_ADDR", ""))
