"""A cache that cannot be reached is logged once a minute, not per request."""

import logging
import threading
import time

log = logging.getLogger("pressroom.page_cache")
INTERVAL = 60
last = {"at": float("-inf")}
lock = threading.Lock()


def report(what, error):
    """Pages are then served uncached; say so at most once a minute."""
    with lock:
        if time.monotonic() - last["at"] < INTERVAL:
            return
        last["at"] = time.monotonic()
    log.warning(
        "Page cache unavailable (%s: %s); pages are served uncached.", what, error
    )
