"""Time the paragraph aligner of Word imports on large and lopsided documents.

    .venv/bin/python benchmarks/align.py

Builds synthetic paragraph lengths (a release with a heading every ten
paragraphs; the other side 15% longer, give or take 10%, with a paragraph
split, one merged and one left out every fifty) and prints, per size, the
median time of BENCH_REPEAT runs (default 5), the links and the doubtful ones.
The target is under 0.3 s for 300 × 300. The lopsided sizes check the band's
cap on cells: no size may take minutes.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.word.align import Piece, align  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
SIZES = [(300, 300), (2000, 2000), (5000, 5000), (5000, 2500), (5000, 100)]


def documents(paragraphs, other, seed=1):
    rng = random.Random(seed)
    left = [
        Piece(rng.randint(25, 60), heading=True)
        if number % 10 == 0
        else Piece(rng.randint(150, 900))
        for number in range(paragraphs)
    ]
    right = []
    for number, piece in enumerate(left):
        length = round(piece.length * 1.15 * rng.uniform(0.9, 1.1))
        if piece.heading or number % 50 not in (17, 33, 45):
            right.append(Piece(length, piece.heading))
        elif number % 50 == 17:
            right += [Piece(length // 2), Piece(length - length // 2)]
        elif number % 50 == 33:
            right[-1] = Piece(right[-1].length + length)
    # Lopsided sizes: keep the first `other` paragraphs of the other side.
    return left, right[:other]


def main():
    print(f"{'size':>13} {'median s':>9} {'links':>6} {'doubtful':>9}")
    for paragraphs, other in SIZES:
        left, right = documents(paragraphs, other)
        times = []
        for _ in range(REPEAT if paragraphs <= 2000 else 1):
            start = time.perf_counter()
            links = align(left, right)
            times.append(time.perf_counter() - start)
        doubtful = sum(link.doubtful for link in links)
        size = f"{len(left)} × {len(right)}"
        print(f"{size:>13} {statistics.median(times):9.3f} {len(links):6} {doubtful:9}")


if __name__ == "__main__":
    main()
