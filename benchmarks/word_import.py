"""Import a release sent as two Word documents of 300 paragraphs each.

    .venv/bin/python benchmarks/word_import.py        # SQLite in memory
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/word_import.py
    .venv/bin/python benchmarks/word_import.py 1000   # another size

Prints the time to read both documents, to align and report them, and to
save the release; the peak memory Python allocated (tracemalloc); and the
queries the save made, which must not grow with the paragraphs. The Russian
document splits one paragraph in 40 in two and leaves out one in 75, as a
translation agency's files do, so the aligner has work to do.
"""

import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmarks-only-" + "x" * 50)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SENTENCES = [
    (
        "The festival screening on {n} May was followed by a long discussion.",
        "За фестивальным показом {n} мая последовало долгое обсуждение.",
    ),
    (
        "The director thanked the {n} shepherds who had let the crew into their lives.",
        "Режиссёр поблагодарил {n} пастухов, которые впустили группу в свою жизнь.",
    ),
    (
        "Tickets for screening number {n} sold out within an hour.",
        "Билеты на показ номер {n} были распроданы за час.",
    ),
    (
        "The crew spent {n} nights in tents on the shore of the lake.",
        "Съёмочная группа провела {n} ночей в палатках на берегу озера.",
    ),
    (
        "Her previous film was shown in {n} countries and won two prizes.",
        "Её предыдущий фильм показали в {n} странах, и он получил две премии.",
    ),
]
HEADING = ("Part {n}", "Часть {n}")


def paragraphs(count):
    """``[(heading, english, russian)]`` of lengths that vary like a release's."""
    out = []
    for number in range(count):
        if number % 20 == 19:
            out.append((True, HEADING[0].format(n=number), HEADING[1].format(n=number)))
            continue
        size = 1 + number % 4
        picks = [SENTENCES[(number + step) % len(SENTENCES)] for step in range(size)]
        english = " ".join(
            en.format(n=number + step) for step, (en, _ru) in enumerate(picks)
        )
        russian = " ".join(
            ru.format(n=number + step) for step, (_en, ru) in enumerate(picks)
        )
        out.append((False, english, russian))
    return out


def documents(count):
    import docx

    english, russian = docx.Document(), docx.Document()
    english.add_heading("Steppe Light: a benchmark release", level=0)
    russian.add_heading("«Свет степи»: тестовый релиз", level=0)
    for number, (heading, en, ru) in enumerate(paragraphs(count)):
        if heading:
            english.add_heading(en, level=1)
            russian.add_heading(ru, level=1)
            continue
        english.add_paragraph(en)
        if number % 75 == 30:
            continue  # not translated
        if number % 40 == 13 and ". " in ru:
            first, second = ru.split(". ", 1)
            russian.add_paragraph(first + ".")
            russian.add_paragraph(second)
        else:
            russian.add_paragraph(ru)
    files = []
    for name, document in (("bench.en.docx", english), ("bench.ru.docx", russian)):
        out = io.BytesIO()
        document.save(out)
        files.append((name, out.getvalue()))
    return files


def main():
    from articles.importers import import_release, people_for_matching
    from articles.word.importing import parse_files, read

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        files = documents(count)
        parse_files(documents(10))  # load the language model and python-docx once
        start = time.perf_counter()
        for name, data in files:
            read(name, data)
        reading = time.perf_counter() - start
        start = time.perf_counter()
        report = parse_files(files, people_for_matching())
        parsing = time.perf_counter() - start
        tracemalloc.start()  # a second parse: tracing slows Python down
        parse_files(files, people_for_matching())
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            article = import_release(report)
        saving = time.perf_counter() - start
        doubts = sum(unit.doubt for unit in report.units)
        print(f"database: {connection.vendor}")
        print(f"paragraphs per document: {count} (+ title)")
        print(f"documents: {', '.join(f'{n} {len(d) // 1024} KiB' for n, d in files)}")
        print(f"units: {len(report.units)}, kept apart for a person: {doubts}")
        print(f"warnings: {len(report.warnings)}")
        print(f"read both documents: {reading * 1000:8.0f} ms")
        print(f"read, align, report: {parsing * 1000:8.0f} ms")
        print(f"save the release:    {saving * 1000:8.0f} ms, {len(queries)} queries")
        print(f"peak memory (parse): {peak / 2**20:8.1f} MiB")
        assert article.paragraphs.count() == len(report.units)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
