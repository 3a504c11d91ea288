"""Time the paragraph aligner of Word imports on large and lopsided documents.

    .venv/bin/python benchmarks/align.py

Builds synthetic paragraph lengths (a release with a heading every ten
paragraphs; the other side 15% longer, give or take 10%, with a paragraph
split, one merged and one left out every fifty) and prints, per size, the
median time of BENCH_REPEAT runs (default 5), the links and the doubtful ones.
The target is under 0.3 s for 300 × 300. The lopsided sizes check the band's
cap on cells: no size may take minutes.

Then, over BENCH_CASES synthetic releases (default 400) with known splits,
merges, missing and added paragraphs and 8 to 18% noise, the share of links
that are wrong, wrong and not marked doubtful (the importer would pair them),
and doubtful — with the paper's priors and with the aligner's. The second
number must stay at zero.
"""

import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.word import align as align_module  # noqa: E402
from articles.word.align import Piece, align  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
CASES = int(os.environ.get("BENCH_CASES", "400"))
PAPER_PRIORS = {
    (1, 1): 0.89,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
}
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


def known_case(seed):
    """A release, its translation and the links a person would make."""
    rng = random.Random(seed)
    left = [
        Piece(rng.randint(40, 70), True)
        if number % 9 == 0
        else Piece(rng.randint(120, 1200))
        for number in range(rng.randint(10, 40))
    ]
    noise = rng.choice([0.08, 0.12, 0.18])

    def translated(piece):
        return round(piece.length * 1.15 * rng.uniform(1 - noise, 1 + noise))

    right, truth, i = [], set(), 0
    while i < len(left):
        piece, draw, j = left[i], rng.random(), len(right)
        if piece.heading or draw >= 0.09:
            if draw > 0.98:
                right.append(Piece(rng.randint(100, 600)))
                truth.add(((), (j,)))
                j += 1
            right.append(Piece(translated(piece), piece.heading))
            truth.add(((i,), (j,)))
        elif draw < 0.03:
            truth.add(((i,), ()))
        elif draw < 0.06:
            length = translated(piece)
            right += [Piece(length // 2), Piece(length - length // 2)]
            truth.add(((i,), (j, j + 1)))
        elif i + 1 < len(left) and not left[i + 1].heading:
            right.append(Piece(translated(piece) + translated(left[i + 1])))
            truth.add(((i, i + 1), (j,)))
            i += 1
        else:
            right.append(Piece(translated(piece)))
            truth.add(((i,), (j,)))
        i += 1
    return left, right, truth


def accuracy(priors):
    saved = dict(align_module.PRIORS), dict(align_module._PRIOR_COST)
    align_module.PRIORS.update(priors)
    align_module._PRIOR_COST.update({k: -math.log(p) for k, p in priors.items()})
    try:
        wrong = trusted = doubtful = total = 0
        for seed in range(CASES):
            left, right, truth = known_case(seed)
            for link in align(left, right):
                right_link = (link.left, link.right) in truth
                total += 1
                wrong += not right_link
                trusted += not right_link and not link.doubtful
                doubtful += link.doubtful
    finally:
        align_module.PRIORS.update(saved[0])
        align_module._PRIOR_COST.update(saved[1])
    return wrong / total, trusted / total, doubtful / total


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
    print()
    print(f"{'priors':>13} {'wrong':>9} {'unmarked':>9} {'doubtful':>9}")
    for name, priors in [("paper", PAPER_PRIORS), ("aligner", align_module.PRIORS)]:
        wrong, unmarked, doubtful = accuracy(dict(priors))
        print(f"{name:>13} {wrong:9.2%} {unmarked:9.2%} {doubtful:9.2%}")


if __name__ == "__main__":
    main()
