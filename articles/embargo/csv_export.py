"""Links as a CSV file for a mail merge.

UTF-8 with a byte-order mark, so Excel reads Cyrillic and Kazakh names; a
cell that a spreadsheet would run as a formula (= + - @, and tab or carriage
return before them) is prefixed with a quote.
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .links import link_url

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def links_csv(request, made):
    """The CSV text of ``[(link, token)]``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [_("name"), _("outlet"), _("email"), _("languages"), _("link"), _("expires")]
    )
    for link, token in made:
        expires = timezone.localtime(link.expires_at).strftime("%Y-%m-%d %H:%M %Z")
        row = [
            link.name,
            link.outlet,
            link.email,
            " ".join(link.languages),
            link_url(request, token),
            expires,
        ]
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()


def csv_response(request, made, filename="embargo-links.csv"):
    response = HttpResponse(
        "\ufeff" + links_csv(request, made), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
