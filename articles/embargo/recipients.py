"""Recipients pasted as lines: ``Name, Outlet, email, time zone``, and
optionally the recipient's language (``ru``), which their mail is written in.

Forgiving about the shape (tab, semicolon or comma between cells, empty
cells, a header row, the email and the time zone found where they are), strict
about the content: a line without a name, with an email address that is not
one or with a time zone that does not exist refuses the whole paste, naming
the line, so nothing is half made.
"""

import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ..languages import language_codes

MAX_RECIPIENTS = 500
HEADER_WORDS = {"email", "e-mail", "mail", "correo", "почта"}


class RecipientsRefused(Exception):
    """``problems``: one sentence per bad line."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problems))


@cache
def time_zones():
    """Every zone name by its lowercase spelling: "europe/madrid" is accepted."""
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def split_cells(line):
    for separator in ("\t", ";", ","):
        if separator in line:
            return [cell.strip() for cell in line.split(separator)]
    return [line.strip()]


def is_header(cells):
    return not any("@" in cell[1:] for cell in cells) and any(
        cell.lower() in HEADER_WORDS for cell in cells
    )


def read_line(cells):
    """``(recipient, problem)`` for one line's non-empty cells."""
    # "@outlet" is a handle, not an address: an address has text before "@".
    emails = [cell for cell in cells if "@" in cell[1:]]
    codes = [cell for cell in cells if cell.lower() in language_codes()]
    others = [cell for cell in cells if cell not in emails and cell not in codes]
    if len(emails) > 1:
        return None, _("more than one email address")
    email = emails[0] if emails else ""
    if email:
        try:
            validate_email(email)
        except ValidationError:
            return None, _("“%(email)s” is not a valid email address") % {
                "email": email
            }
    zone = ""
    if len(others) == 3 or (len(others) == 2 and others[1].lower() in time_zones()):
        zone = time_zones().get(others[-1].lower())
        if zone is None:
            return None, _("“%(zone)s” is not a time zone (e.g. Europe/Madrid)") % {
                "zone": others[-1]
            }
        others = others[:-1]
    if len(others) > 2:
        return None, _("too many columns (name, outlet, email, time zone)")
    if not others:
        return None, _("no name")
    return {
        "name": others[0][:200],
        "outlet": others[1][:200] if len(others) > 1 else "",
        "email": email,
        "time_zone": zone,
        "language": codes[-1].lower() if codes else "",
    }, None


def parse_recipients(text):
    """The recipients of ``text`` in order; raises ``RecipientsRefused``."""
    recipients, problems = [], []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        cells = [cell for cell in split_cells(line) if cell]
        if not cells or (not recipients and not problems and is_header(cells)):
            continue
        recipient, problem = read_line(cells)
        if recipient:
            recipient["line"] = number
        if problem:
            problems.append(
                _("Line %(number)s: %(problem)s.")
                % {"number": number, "problem": problem}
            )
        else:
            recipients.append(recipient)
    if not recipients and not problems:
        problems.append(_("Paste one recipient per line."))
    if len(recipients) > MAX_RECIPIENTS:
        problems.append(
            _("At most %(count)s recipients at once.") % {"count": MAX_RECIPIENTS}
        )
    if problems:
        raise RecipientsRefused(problems)
    return recipients
