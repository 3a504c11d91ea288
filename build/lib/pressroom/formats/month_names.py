"""Django's month names, marked here so that our catalogs can override them.

Kazakh writes month names in lower case ("2025 жылғы 26 қыркүйек"); Django's
own Kazakh catalog capitalises them. The other languages repeat Django's names.
"""

from django.utils.translation import gettext_noop

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
