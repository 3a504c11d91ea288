"""Pair the paragraphs of two translations of one document, as a person would.

A length-based aligner after Gale and Church (1993), "A program for aligning
sentences in bilingual corpora": a translated paragraph is about c times as long
as its original, so a pairing whose lengths disagree is improbable. Dynamic
programming finds the cheapest monotonic sequence of links (1-1, 1-0, 0-1, 2-1,
1-2), where a link costs -log(P(kind) * P(delta | match)), adjusted for headings
(anchors) and for the numbers the two sides share.

Changes to the paper, each for paragraphs rather than sentences:

- Priors: press releases are translated paragraph by paragraph, so 1-1 is far
  likelier than the paper's 0.89. See PRIORS.
- Variance: the paper's s^2 * l makes the relative spread shrink as 1/sqrt(l),
  which for a 2,000-character paragraph would call a 15% difference
  impossible; a translator's wordiness varies from paragraph to paragraph and
  does not average out. The variance gets a floor proportional to l^2
  (SPREAD), so the relative spread levels off at about 10%.
- A 1-0 or 0-1 link costs its prior alone. The paper also charges it the
  length term against an empty side, which grows with sqrt(l): a long missing
  paragraph became "impossible" and was forced into a wrong merge.
- No 2-2 links: in a press release they are two 1-1 links; allowing them made
  two slightly mismatched neighbours look ambiguous and did not help.

The result marks links a person should look at before they are paired; see
``align``.
"""

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    length: int  # characters of the paragraph's text
    heading: bool = False  # a heading in its document
    numbers: frozenset = frozenset()  # digit groups in the text ("2026", "14", "3.5")
    sentences: int = 0  # sentences in the text; 0 when not counted


@dataclass(frozen=True)
class Link:
    left: tuple[int, ...]  # indexes into left: (), (i,) or (i, i+1)
    right: tuple[int, ...]  # indexes into right
    doubtful: bool  # a person should look before this is paired
    cost: float  # -log probability of this link under the model, less its evidence


# (left count, right count) -> prior probability. A release is translated
# paragraph by paragraph, so 1-1 is far likelier than the paper's 0.89. On
# synthetic releases with known splits, merges and missing paragraphs
# (benchmarks/align.py), the paper's priors got 2.1% of links wrong and 0.16%
# wrong but not marked doubtful; these get 1.3% and 0.05% (a merge or a gap
# next to an added paragraph, which lengths alone cannot tell apart). How the
# rest is shared between merges and missing paragraphs made no measurable
# difference, so it is shared equally.
PRIORS = {
    (1, 1): 0.94,
    (2, 1): 0.015,
    (1, 2): 0.015,
    (1, 0): 0.015,
    (0, 1): 0.015,
}
KINDS = tuple(PRIORS)
S2 = 6.8  # the paper's variance per character
SPREAD = 0.1  # relative standard deviation a long paragraph levels off at
HEADING_MISMATCH = 6.0  # a heading paired 1-1 with a body paragraph
# Numbers: each digit group both sides share lowers the cost, each one only
# one side has raises it (a translator keeps "2026" and "14" as digits), up to
# NUMBERS_COUNTED groups each way.
NUMBER_BONUS = 1.5
NUMBER_PENALTY = 1.5
NUMBERS_COUNTED = 3
# Sentences: a translation keeps its original's sentences far more often than
# not, so a pairing whose sentence counts differ costs this much per sentence
# (up to two); it tells "a paragraph split in two" from "a paragraph missing".
SENTENCE_PENALTY = 1.5
# A link is doubtful when the lengths it pairs are this improbable under the
# model (|delta| > 2.58): about one correct 1-1 link in a hundred is shown to a
# person, while a wrong pairing of paragraphs of unlike length is rarely missed.
DOUBT_PROBABILITY = 0.01
# ... or when the best alignment without it costs less than this much more:
# log(20), the model thinks the link at most twenty times likelier than the
# best alternative (e.g. a 2-1 merge against a 1-1 and a 1-0).
DOUBT_MARGIN = math.log(20)
# The band around the diagonal of lengths (see _band): MIN_BAND paragraphs
# either side, plus the difference in paragraph counts; no more than MAX_CELLS
# cells in all, about two seconds. 300 x 300 takes about 0.05 s.
MIN_BAND = 20
MAX_CELLS = 400_000
# Re-align once if the ratio of lengths over the paired links differs from the
# documents' overall ratio by more than this.
RATIO_TOLERANCE = 0.05

_PRIOR_COST = {kind: -math.log(p) for kind, p in PRIORS.items()}
_SQRT_PI = math.sqrt(math.pi)


def align(left: list[Piece], right: list[Piece]) -> list[Link]:
    """Pair the paragraphs of ``left`` and ``right`` in document order.

    The links cover every index of both sides exactly once and never cross. A
    link is doubtful when it has no counterpart (1-0, 0-1), pairs a heading
    with a body paragraph, pairs two sides that both have numbers but share
    none, pairs lengths with P(delta) < DOUBT_PROBABILITY, or when the best
    alignment that does without it is within DOUBT_MARGIN of the best one.

    The expected ratio c is total right length / total left length, estimated
    again from the paired links when paragraphs with no counterpart skewed it.
    """
    c = _ratio(sum(p.length for p in left), sum(p.length for p in right))
    links = _align(left, right, c)
    paired_left = sum(left[i].length for link in links if link.right for i in link.left)
    paired_right = sum(
        right[j].length for link in links if link.left for j in link.right
    )
    if paired_left and paired_right:
        again = _ratio(paired_left, paired_right)
        if abs(again / c - 1) > RATIO_TOLERANCE:
            links = _align(left, right, again)
    return links


def pieces(texts: list[str], headings: list[bool]) -> list[Piece]:
    """Pieces for ``align`` from paragraph texts and whether each is a heading."""
    if len(texts) != len(headings):
        raise ValueError("texts and headings differ in length")
    return [
        Piece(
            len(" ".join(text.split())), bool(heading), numbers(text), sentences(text)
        )
        for text, heading in zip(texts, headings, strict=True)
    ]


# A sentence ends with a full stop, "!", "?" or "…" (and closing quotes or
# brackets), then a space and a capital letter, perhaps after an opening quote.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'»”’)\]]*\s+[\"'«“„‘(\[¿¡]?(\w)")


def sentences(text: str) -> int:
    """How many sentences ``text`` has: one, plus each end a capital follows."""
    if not text.strip():
        return 0
    return 1 + sum(
        1 for match in _SENTENCE_END.finditer(text) if match.group(1).isupper()
    )


# Spaces that group thousands: "14 000", with a no-break or narrow no-break space.
_GROUP_SPACES = " \u00a0\u202f\u2009"
_DIGITS = "0123456789"


def numbers(text: str) -> frozenset:
    """The digit groups of ``text``, written the same way in every language.

    "2,5" and "2.5" are "2.5"; "14 000", "14,000" and "14.000" are "14000";
    "1.234,5" and "1,234.5" are "1234.5"; a date "09.05.2026" is "9", "5" and
    "2026", like "May 9, 2026".
    """
    found = set()
    i, n = 0, len(text)
    while i < n:
        if text[i] not in _DIGITS:
            i += 1
            continue
        groups, separators = [], []
        start = i
        while True:
            while i < n and text[i] in _DIGITS:
                i += 1
            groups.append(text[start:i])
            if i + 1 < n and text[i] in ".," and text[i + 1] in _DIGITS:
                separators.append(text[i])
            elif (
                i + 3 < n
                and text[i] in _GROUP_SPACES
                and len(groups[-1]) <= 3
                and all(ch in _DIGITS for ch in text[i + 1 : i + 4])
                and (i + 4 == n or text[i + 4] not in _DIGITS)
            ):
                separators.append(" ")
            else:
                break
            i += 1
            start = i
        found.update(_normal_numbers(groups, separators))
    return frozenset(found)


def _normal_numbers(groups: list[str], separators: list[str]) -> list[str]:
    def grouped(head, tail):
        return 1 <= len(head) <= 3 and all(len(g) == 3 for g in tail)

    def plain(digits):
        return digits.lstrip("0") or "0"

    if not separators:
        return [plain(groups[0])]
    if len(set(separators)) == 1 and grouped(groups[0], groups[1:]):
        return [plain("".join(groups))]
    if len(separators) == 1:
        return [plain(groups[0]) + "." + groups[1]]
    *body, last = separators
    if (
        last != " "
        and len(set(body)) == 1
        and last not in body
        and grouped(groups[0], groups[1:-1])
    ):
        return [plain("".join(groups[:-1])) + "." + groups[-1]]
    return [plain(g) for g in groups]


def _ratio(left_total: int, right_total: int) -> float:
    if left_total <= 0 or right_total <= 0:
        return 1.0
    return right_total / left_total


def _match_cost(l1: int, l2: int, c: float) -> float:
    """-log P(delta | match): Gale and Church's delta on the mean of both sides,
    two-tailed, with a floor to the variance that grows with the square of the
    length (see the module's note). Accurate far into the tail."""
    mean = (l1 + l2 / c) / 2
    if mean <= 0:
        return 0.0
    variance = S2 * mean + (SPREAD * c * mean) ** 2
    x = abs(l2 - c * l1) / math.sqrt(2 * variance)  # delta / sqrt(2)
    p = math.erfc(x)
    if p > 1e-300:
        return -math.log(p)
    return x * x + math.log(x * _SQRT_PI)


def _link_cost(kind, a, b, c: float) -> float:
    """The cost of a link with both sides: ``a`` and ``b`` are (length,
    heading, numbers), a merged pair already summed. A heading never joins a
    merge; shared numbers lower the cost, numbers that disagree raise it."""
    la, ha, na, sa = a
    lb, hb, nb, sb = b
    cost = _PRIOR_COST[kind]
    if kind != (1, 1):
        if ha or hb:
            return math.inf
    elif ha != hb:
        cost += HEADING_MISMATCH
    cost += _match_cost(la, lb, c)
    if na or nb:
        shared = min(len(na & nb), NUMBERS_COUNTED)
        differing = min(len(na ^ nb), NUMBERS_COUNTED)
        cost += NUMBER_PENALTY * differing - NUMBER_BONUS * shared
    if sa and sb:
        cost += SENTENCE_PENALTY * min(abs(sa - sb), 2)
    # Not floored at 0: the evidence of shared numbers is a likelihood ratio,
    # and flooring it would hide it from the comparison with other paths.
    return cost


def _sides(side: list[Piece]):
    """Per index: the piece, and the piece merged with the next one."""
    single = [(p.length, p.heading, p.numbers, p.sentences) for p in side]
    pair = [
        (
            a.length + b.length,
            a.heading or b.heading,
            a.numbers | b.numbers,
            a.sentences + b.sentences if a.sentences and b.sentences else 0,
        )
        for a, b in zip(side, side[1:], strict=False)
    ]
    return single, pair


def _band(left: list[Piece], right: list[Piece]):
    """For each row i, the range of j the grid is computed on.

    The band follows the diagonal of lengths, not of indexes: row i is centred
    on the j where the same fraction of the right document's text has gone by
    (a piece counts its length plus one, so empty pieces still move it). Its
    half-width is MIN_BAND plus the difference in paragraph counts, since
    every unpaired paragraph moves the path one step off that diagonal; it
    shrinks only when the band would exceed MAX_CELLS.
    """
    n, m = len(left), len(right)
    half = MIN_BAND + abs(n - m)
    if (n + 1) * min(2 * half + 1, m + 1) > MAX_CELLS:
        half = max(MIN_BAND, MAX_CELLS // (2 * (n + 1)))
    left_total = sum(p.length + 1 for p in left) or 1
    right_total = sum(p.length + 1 for p in right) or 1
    centres = []
    done_left = 0
    done_right = 0  # text before index j on the right
    j = 0
    for i in range(n + 1):
        if i:
            done_left += left[i - 1].length + 1
        target = done_left / left_total * right_total
        while j < m and done_right + (right[j].length + 1) / 2 <= target:
            done_right += right[j].length + 1
            j += 1
        centres.append(j)
    centres[n] = m
    lows, highs = [], []
    for i, centre in enumerate(centres):
        low, high = max(0, centre - half), min(m, centre + half)
        if i and low > highs[-1]:
            low = highs[-1]  # keep the rows connected by 1-0 steps
        lows.append(low)
        highs.append(high)
    lows[0] = 0
    highs[n] = m
    return lows, highs


def _align(left: list[Piece], right: list[Piece], c: float) -> list[Link]:
    n, m = len(left), len(right)
    lows, highs = _band(left, right)
    left_single, left_pair = _sides(left)
    right_single, right_pair = _sides(right)
    inf = math.inf

    # Forward: best[i][j - lows[i]] is the cost of the best alignment of
    # left[:i] with right[:j]; costs[k][i][...] the cost of the link of kind k
    # ending at (i, j).
    lower_bound = [_PRIOR_COST[kind] - NUMBER_BONUS * NUMBERS_COUNTED for kind in KINDS]
    best = [None] * (n + 1)
    choice = [None] * (n + 1)
    costs = [[None] * (n + 1) for _ in KINDS]
    for i in range(n + 1):
        low, high = lows[i], highs[i]
        width = high - low + 1
        row = [inf] * width
        row_choice = [-1] * width
        row_costs = [[inf] * width for _ in KINDS]
        best[i], choice[i] = row, row_choice
        for k in range(len(KINDS)):
            costs[k][i] = row_costs[k]
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            here = inf
            pick = -1
            for k, kind in enumerate(KINDS):
                di, dj = kind
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or pj < lows[pi] or pj > highs[pi]:
                    continue
                before = best[pi][pj - lows[pi]]
                if before == inf:
                    continue
                if before + lower_bound[k] >= here + DOUBT_MARGIN:
                    # No alignment within DOUBT_MARGIN of the best uses this
                    # link: it changes neither the result nor its doubts.
                    continue
                if di and dj:
                    a = (left_single if di == 1 else left_pair)[pi]
                    b = (right_single if dj == 1 else right_pair)[pj]
                    cost = _link_cost(kind, a, b, c)
                else:
                    # No counterpart: its prior alone (see the module's note).
                    cost = _PRIOR_COST[kind]
                row_costs[k][j - low] = cost
                total = before + cost
                if total < here:
                    here, pick = total, k
            row[j - low] = here
            row_choice[j - low] = pick

    path = []
    i, j = n, m
    while i or j:
        k = choice[i][j - lows[i]]
        di, dj = KINDS[k]
        path.append((i - di, j - dj, k))
        i, j = i - di, j - dj
    path.reverse()
    total = best[n][m - lows[n]]

    # Backward: after[i][...] is the cost of the best alignment of left[i:]
    # with right[j:]. On the way, every link whose best alignment through it
    # costs less than total + DOUBT_MARGIN, other than the chosen ones, marks
    # the indexes it covers with that cost.
    on_path = set(path)
    limit = total + DOUBT_MARGIN
    near_left = [inf] * n
    near_right = [inf] * m
    after = [None] * (n + 1)
    for i in range(n, -1, -1):
        low, high = lows[i], highs[i]
        row = [inf] * (high - low + 1)
        after[i] = row
        best_row = best[i]
        for j in range(high, low - 1, -1):
            if i == n and j == m:
                row[j - low] = 0.0
                continue
            here = inf
            for k, (di, dj) in enumerate(KINDS):
                ei, ej = i + di, j + dj
                if ei > n or ej > m or ej < lows[ei] or ej > highs[ei]:
                    continue
                cost = costs[k][ei][ej - lows[ei]]
                if cost == inf:
                    continue
                rest = cost + after[ei][ej - lows[ei]]
                if rest < here:
                    here = rest
                through = best_row[j - low] + rest
                if through < limit and (i, j, k) not in on_path:
                    for x in range(i, ei):
                        near_left[x] = min(near_left[x], through)
                    for y in range(j, ej):
                        near_right[y] = min(near_right[y], through)
            row[j - low] = here

    links = []
    for i, j, k in path:
        di, dj = KINDS[k]
        ei, ej = i + di, j + dj
        cost = costs[k][ei][ej - lows[ei]]
        alternative = near_left[i] if di else near_right[j]
        doubtful = di == 0 or dj == 0 or alternative - total < DOUBT_MARGIN
        if not doubtful:
            a = (left_single if di == 1 else left_pair)[i]
            b = (right_single if dj == 1 else right_pair)[j]
            doubtful = (
                a[1] != b[1]
                or (a[2] and b[2] and not a[2] & b[2])
                or _match_cost(a[0], b[0], c) > -math.log(DOUBT_PROBABILITY)
            )
        links.append(
            Link(tuple(range(i, ei)), tuple(range(j, ej)), doubtful, round(cost, 6))
        )
    return links
