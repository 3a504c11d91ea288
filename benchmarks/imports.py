"""Time a parallel-text import of 20 and of 2,000 units and count its queries.

    .venv/bin/python benchmarks/imports.py        # SQLite in memory
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/imports.py

The cost must grow linearly: queries per import or per batch of 500
paragraphs, never per paragraph or field.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmarks-only-" + "x" * 50)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

ENGLISH = [
    "The festival screening was followed by a long discussion with the audience.",
    "The director thanked the shepherds who had let the crew into their lives.",
    "Tickets for the second screening sold out within an hour of going on sale.",
]
RUSSIAN = [
    "За фестивальным показом последовало долгое обсуждение со зрителями.",
    "Режиссёр поблагодарил пастухов, которые впустили съёмочную группу в свою жизнь.",
    "Билеты на второй показ были распроданы в течение часа после начала продаж.",
]
KAZAKH = [
    "Фестивальдік көрсетілімнен кейін көрермендермен ұзақ талқылау өтті.",
    "Режиссер түсірілім тобын өз өміріне кіргізген малшыларға алғыс айтты.",
    "Екінші көрсетілімге билеттер сатылымға шыққаннан кейін бір сағатта таусылды.",
]


def document(units):
    lines = ["Steppe Light: a benchmark release", "«Свет степи»: тестовый релиз"]
    for number in range(units):
        pick = number % len(ENGLISH)
        lines += [ENGLISH[pick], RUSSIAN[pick], KAZAKH[pick]]
    return "\n".join(lines).encode()


def main():
    from articles.importers import import_file

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        import_file(document(3))  # load the language model once
        print(f"database: {connection.vendor}")
        print(f"{'units':>6}{'bytes':>10}{'queries':>9}{'seconds':>9}{'ms/unit':>9}")
        for units in (20, 2000):
            data = document(units)
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                _report, article = import_file(data)
            seconds = time.perf_counter() - start
            assert article.paragraphs.count() == units
            print(
                f"{units:>6}{len(data):>10}{len(queries):>9}{seconds:>9.2f}"
                f"{seconds * 1000 / units:>9.2f}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
