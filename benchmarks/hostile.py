"""Time and peak memory of the worst inputs: 2 MiB parallel texts, hostile XLIFF.

    .venv/bin/python benchmarks/hostile.py        # SQLite in memory
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/hostile.py

Each parallel text of tests/hostile.py (quotes, dashes, spaces, brackets, one
long word, many short lines, many attributions… each filling the 2 MiB and
20,000-character limits) is imported, or refused, as the command and the
admin do; each hostile XLIFF (billion laughs, external entities, XInclude,
140,000 units, deep nesting) is refused. Every answer should come within a
few seconds whatever the input: the time grows with the size of the file,
never with how its characters repeat.

Time is measured on one run, peak memory on another under tracemalloc (which
slows it): Python's allocations, lxml's elements included, not libxml2's own
buffers, so the process's peak resident size is printed at the end too.
"""

import os
import resource
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

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def measure(action):
    """``(seconds, peak MiB, answer)`` of ``action()``, rolled back after."""
    answers = []
    for traced in (False, True):
        if traced:
            tracemalloc.start()
        start = time.perf_counter()
        with transaction.atomic():
            answers.append(action())
            transaction.set_rollback(True)
        seconds = time.perf_counter() - start
        if traced:
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        else:
            elapsed = seconds
    return elapsed, peak, answers[0]


def import_answer(data):
    from articles.importers import ImportRefused, import_file

    try:
        report, _article = import_file(data)
    except ImportRefused as refusal:
        return f"refused: {refusal}"
    return f"imported: {len(report.units)} paragraphs"


def xliff_answer(data, article):
    from articles.xliff import XliffRefused, import_xliff, summary

    try:
        _article, _language, result = import_xliff(data, article, "kk")
    except XliffRefused as refusal:
        return f"refused: {refusal}"
    return f"applied: {summary(result)}"


def row(name, size, seconds, peak, answer, width=72):
    answer = answer if len(answer) <= width else answer[: width - 1] + "…"
    print(f"{name:<26}{size / 2**20:>7.2f}{seconds:>9.2f}{peak:>9.1f}  {answer}")


def main():
    from articles.importers import import_file
    from articles.xliff import export_xliff
    from tests import hostile

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        import_file(hostile.cycled(hostile.SHORT, units=3))  # load the model once
        print(f"database: {connection.vendor}")
        header = f"{'':<26}{'MiB':>7}{'seconds':>9}{'peak MiB':>9}  answer"
        print(f"\nParallel text, imported or refused\n{header}")
        issue = (hostile.TITLE + "\n" + '"' * 19_999 + "\n").encode()
        texts = {"the issue's 40 KB file": lambda: issue, **hostile.PARALLEL_TEXTS}
        for name, build in texts.items():
            data = build()
            row(name, len(data), *measure(lambda data=data: import_answer(data)))

        _report, release = import_file(hostile.cycled(hostile.SHORT, units=20))
        export = export_xliff(release, "kk")
        print(f"\nXLIFF for a release of 20 paragraphs, refused\n{header}")
        for name, build in hostile.XLIFF_FILES.items():
            data = build(export)
            action = lambda data=data: xliff_answer(data, release)  # noqa: E731
            row(name, len(data), *measure(action))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nPeak resident size of the process: {peak:.0f} MiB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
