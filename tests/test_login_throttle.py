"""Failed logins are throttled (django-axes with articles/login_throttle.py):
an account from one address after 5 failures, an address after 30, each for
15 minutes after its last failure; other addresses are never affected."""

import datetime
import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from articles.login_throttle import LoginThrottle

LOGIN = "/admin/login/?next=/admin/"
HERE = "127.0.0.2"
ELSEWHERE = "127.0.0.3"
PASSWORD = "a-long-correct-password-8f3k"


@pytest.fixture
def fast_hashing(settings):
    """Wrong passwords are still hashed; a fast hasher keeps 30 of them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db, fast_hashing):
    return get_user_model().objects.create_user(
        "editor", password=PASSWORD, is_staff=True
    )


def log_in(client, username, password, address=HERE, **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail(client, times, username="editor", address=HERE, **headers):
    return [
        log_in(client, username, f"wrong-{n}", address, **headers).status_code
        for n in range(times)
    ]


def test_the_configured_numbers():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.PRESSROOM_LOGIN_FAILURES_PER_ADDRESS == 30
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_an_account_from_one_address_locks_after_five_failures(client, editor):
    assert fail(client, 4) == [200] * 4  # the login page with its error
    locked = log_in(client, "editor", "wrong-again")
    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"
    page = locked.content.decode()
    assert "Too many wrong passwords were entered for this account" in page
    assert "Try again in 15 minutes." in page
    assert "an administrator can unlock" in page

    # The right password is refused while the lock lasts.
    refused = log_in(client, "editor", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session

    # Another address logs in with it, and so does another account from here.
    assert logged_in(log_in(client.__class__(), "editor", PASSWORD, ELSEWHERE))
    get_user_model().objects.create_user("writer", password=PASSWORD, is_staff=True)
    assert logged_in(log_in(client.__class__(), "writer", PASSWORD, HERE))


def test_an_address_locks_after_thirty_failures_across_accounts(client, editor):
    # Seven names, each below its own limit of five: 7 × 4 = 28, then two more.
    for name in ("anna", "boris", "chen", "dana", "erlan", "fiona", "gulnar"):
        assert fail(client, 4, username=name) == [200] * 4
    assert fail(client, 1, username="hana") == [200]
    assert fail(client, 1, username="ivan") == [429]
    # Now the editor's right password, her first attempt, is refused too.
    locked = log_in(client, "editor", PASSWORD)
    assert locked.status_code == 429
    assert "so nobody can log in from it" in locked.content.decode()

    # Only this address: the editor elsewhere is not affected.
    assert logged_in(log_in(client.__class__(), "editor", PASSWORD, ELSEWHERE))


def test_the_lock_ends_after_the_cool_off(client, editor):
    fail(client, 5)
    assert log_in(client, "editor", PASSWORD).status_code == 429
    # Sixteen minutes later (the cool-off runs from the last failure).
    earlier = datetime.timedelta(minutes=16)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - earlier
        )
    assert logged_in(log_in(client, "editor", PASSWORD))


def test_a_cool_off_that_has_not_passed_keeps_the_lock(client, editor):
    fail(client, 5)
    earlier = datetime.timedelta(minutes=14)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - earlier
        )
    assert log_in(client, "editor", PASSWORD).status_code == 429


def test_the_lockout_page_speaks_the_browsers_language(client, editor):
    fail(client, 4, HTTP_ACCEPT_LANGUAGE="ru")
    locked = log_in(client, "editor", "wrong", HTTP_ACCEPT_LANGUAGE="ru")
    assert locked.status_code == 429
    assert locked["Content-Language"] == "ru"
    page = locked.content.decode()
    assert '<html lang="ru"' in page
    # Message ids in variables, so that makemessages does not collect them here.
    djangos = "Skip to main content"
    ours = ["Too many failed logins", "Back to the login page"]
    with translation.override("ru"):
        # Django's own admin strings are Russian here…
        assert translation.gettext(djangos) != djangos
        assert translation.gettext(djangos) in page
        # …and ours are what the Russian catalog says.
        for message in ours:
            assert translation.gettext(message) in page


def test_an_administrator_unlocks_in_the_admin(client, editor):
    fail(client, 5)
    assert log_in(client, "editor", PASSWORD).status_code == 429
    admin = get_user_model().objects.create_superuser("admin", password=PASSWORD)
    staff = client.__class__()
    staff.force_login(admin)
    listing = staff.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "editor" in listing.content.decode()
    pks = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    deleted = staff.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
    )
    assert deleted.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert logged_in(log_in(client, "editor", PASSWORD))


def test_an_administrator_unlocks_with_a_command(client, editor):
    fail(client, 5)
    call_command("axes_reset_username", "editor", verbosity=0)
    assert logged_in(log_in(client, "editor", PASSWORD))
    for name in ("a", "b", "c", "d", "e", "f"):
        fail(client, 5, username=name)
    assert log_in(client, "editor", PASSWORD).status_code == 429
    call_command("axes_reset_ip", HERE, verbosity=0)
    assert logged_in(log_in(client, "editor", PASSWORD))


def test_a_forged_forwarded_for_does_not_escape_the_lock(client, editor):
    """Without a trusted proxy the header is the client's own words."""
    for n in range(6):
        forged = f"198.51.100.{n}"
        log_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR=forged)
    response = log_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HERE}


def test_behind_one_proxy_each_client_has_its_own_lock(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.9"
    # The client forges the left part; the proxy appends the real address.
    attacker = {"HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.66"}
    fail(client, 5, address=proxy, **attacker)
    assert log_in(client, "editor", PASSWORD, proxy, **attacker).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.66"
    }
    # The editor behind the same proxy, from her own address, logs in.
    editor_here = {"HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    assert logged_in(
        log_in(client.__class__(), "editor", PASSWORD, proxy, **editor_here)
    )


def test_the_handler_counts_each_lock_against_its_own_limit(rf, editor):
    request = rf.post(LOGIN, REMOTE_ADDR=HERE)
    request.axes_ip_address = HERE
    request.axes_attempt_time = None
    now = datetime.datetime.now(datetime.UTC)
    for name, failures in (("editor", 3), ("anna", 4), ("boris", 4)):
        AccessAttempt.objects.create(
            username=name,
            ip_address=HERE,
            user_agent="test",
            failures_since_start=failures,
            attempt_time=now,
        )
    handler = LoginThrottle()
    credentials = {"username": "editor"}
    assert handler.failures(request, credentials) == (3, 11)
    # The account's 3 of 5 is nearer than the address's 11 of 30 (shifted: -14).
    assert handler.get_failures(request, credentials) == 3
    assert not handler.is_locked(request, credentials)


class Browser:
    """A real HTTP client against the live server: cookies, the CSRF token."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect()
        )

    def log_in(self, username, password):
        with self.opener.open(self.base + LOGIN, timeout=10) as page:
            token = re.search(
                rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.read()
            ).group(1)
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.decode(),
                "username": username,
                "password": password,
            }
        ).encode()
        request = urllib.request.Request(
            self.base + LOGIN, body, headers={"Referer": self.base + LOGIN}
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.django_db(transaction=True)
def test_a_brute_force_run_against_the_login(live_server, settings):
    """Thirty wrong passwords, then the right one, over HTTP as an attacker
    would send them: from the fifth on the login answers 429, and the right
    password does not get in."""
    # The live server speaks plain HTTP; urllib keeps secure cookies for HTTPS.
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = False
    get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    attacker = Browser(live_server.url)
    statuses = [attacker.log_in("editor", f"guess-{n}") for n in range(30)]
    assert statuses == [200] * 4 + [429] * 26
    assert attacker.log_in("editor", PASSWORD) == 429
    # Every attempt came from this one address, the loopback.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "127.0.0.1"
    }
