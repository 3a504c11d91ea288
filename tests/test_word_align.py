import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.word import align as align_module
from articles.word.align import Link, Piece, align, numbers, pieces


def release(seed=1, paragraphs=14):
    """A press release's paragraph lengths: a title, body paragraphs of 180 to
    900 characters and one subheading halfway."""
    rng = random.Random(seed)
    document = [Piece(64, heading=True)]
    for number in range(paragraphs):
        document.append(Piece(rng.randint(180, 900)))
        if number == paragraphs // 2:
            document.append(Piece(rng.randint(25, 60), heading=True))
    return document


def translate(document, ratio=1.15, noise=0.08, seed=2):
    """Each paragraph ``ratio`` times as long, give or take ``noise``."""
    rng = random.Random(seed)
    return [
        Piece(
            round(p.length * ratio * rng.uniform(1 - noise, 1 + noise)),
            p.heading,
            p.numbers,
        )
        for p in document
    ]


def pairs(links):
    return [(link.left, link.right) for link in links]


def unusual(links):
    """The links a person would be asked about or that are not 1-1."""
    return [
        (link.left, link.right, link.doubtful)
        for link in links
        if link.doubtful or len(link.left) != 1 or len(link.right) != 1
    ]


def identity(count):
    return [((i,), (i,)) for i in range(count)]


def test_same_structure_pairs_every_paragraph_one_to_one_without_doubt():
    left = release()
    links = align(left, translate(left))
    assert pairs(links) == identity(len(left))
    assert not any(link.doubtful for link in links)


def test_russian_uniformly_longer_stays_one_to_one():
    left = release(seed=3, paragraphs=30)
    links = align(left, translate(left, ratio=1.15, noise=0))
    assert pairs(links) == identity(len(left))
    assert not any(link.doubtful for link in links)


@pytest.mark.parametrize("seed", range(10))
def test_translations_fifteen_percent_off_either_way_stay_one_to_one(seed):
    left = release(seed, paragraphs=20)
    links = align(left, translate(left, noise=0.15, seed=100 + seed))
    assert unusual(links) == []


def test_long_paragraphs_keep_a_relative_spread(monkeypatch):
    """The paper's variance (6.8 per character) alone would make a 15%
    difference in a 2,000-character paragraph impossible."""

    def documents():
        for seed in range(10):
            rng = random.Random(seed)
            left = [Piece(rng.randint(1500, 3000)) for _ in range(12)]
            yield left, translate(left, noise=0.15, seed=seed)

    assert all(unusual(align(left, right)) == [] for left, right in documents())
    monkeypatch.setattr(align_module, "SPREAD", 0.0)
    assert any(unusual(align(left, right)) != [] for left, right in documents())


def test_a_paragraph_split_in_two_is_one_to_two_at_its_place():
    left = release()
    right = translate(left)
    right[5:6] = [
        Piece(round(right[5].length * 0.45)),
        Piece(round(right[5].length * 0.55)),
    ]
    links = align(left, right)
    assert unusual(links) == [((5,), (5, 6), False)]
    assert pairs(links)[6] == ((6,), (7,))


def test_two_paragraphs_merged_are_two_to_one():
    left = release()
    right = translate(left)
    right[7:9] = [Piece(right[7].length + right[8].length)]
    links = align(left, right)
    assert unusual(links) == [((7, 8), (7,), False)]
    assert pairs(links)[-1] == ((len(left) - 1,), (len(right) - 1,))


def test_a_missing_paragraph_is_one_to_nothing_and_doubtful():
    left = release()
    right = translate(left)
    del right[4]
    links = align(left, right)
    assert unusual(links) == [((4,), (), True)]


def test_an_added_paragraph_is_nothing_to_one_and_doubtful():
    left = release()
    right = translate(left)
    right.insert(9, Piece(300))
    links = align(left, right)
    assert unusual(links) == [((), (9,), True)]


def test_a_document_missing_its_first_paragraph_recovers_after_the_gap():
    left = release(seed=5, paragraphs=20)
    right = translate(left)[1:]
    links = align(left, right)
    assert links[0] == Link((0,), (), True, links[0].cost)
    assert pairs(links)[1:] == [((i,), (i - 1,)) for i in range(1, len(left))]
    assert not any(link.doubtful for link in links[1:])


def test_headings_pair_with_headings_when_lengths_point_elsewhere():
    """A short extra line before the subheading is as long as the left
    subheading; the subheadings pair anyway."""
    left = [Piece(300), Piece(40, heading=True), Piece(500)]
    right = [Piece(340), Piece(45), Piece(60, heading=True), Piece(560)]
    links = align(left, right)
    assert ((1,), (2,)) in pairs(links)
    extra = next(link for link in links if link.right == (1,))
    assert extra.doubtful


def test_a_heading_never_joins_a_merge():
    left = [Piece(500), Piece(40, heading=True), Piece(400), Piece(450)]
    # The right side lost the heading's style and ran it into the paragraph.
    right = [Piece(575), Piece(506), Piece(517)]
    links = align(left, right)
    for link in links:
        if len(link.left) + len(link.right) > 2:
            assert not any(left[i].heading for i in link.left)
    heading = next(link for link in links if 1 in link.left)
    assert heading.doubtful


def test_a_heading_paired_with_a_body_paragraph_is_doubtful():
    left = [Piece(400), Piece(50, heading=True), Piece(400)]
    right = [Piece(460), Piece(57), Piece(460)]
    links = align(left, right)
    assert pairs(links) == identity(3)
    assert [link.doubtful for link in links] == [False, True, False]


@pytest.mark.parametrize("kept, missing", [(0, 1), (1, 0)])
def test_shared_numbers_decide_which_paragraph_is_missing(kept, missing):
    """Two paragraphs of the same length, one translated: its numbers say which."""
    middle = [
        Piece(400, numbers=frozenset({"2026", "9"})),
        Piece(400, numbers=frozenset({"14", "3.5"})),
    ]
    left = [Piece(600), *middle, Piece(500)]
    right = [Piece(690), Piece(460, numbers=middle[kept].numbers), Piece(575)]
    links = align(left, right)
    assert ((1 + kept,), (1,)) in pairs(links)
    assert Link((1 + missing,), (), True, 0) in [
        Link(link.left, link.right, link.doubtful, 0) for link in links
    ]


@pytest.mark.parametrize("dated", [1, 2])
def test_shared_numbers_pull_a_paragraph_to_its_counterpart(dated):
    """The other candidate has no numbers at all, so only the bonus decides."""
    year = frozenset({"2026"})
    left = [Piece(600), Piece(400), Piece(400), Piece(500)]
    left[dated] = Piece(400, numbers=year)
    right = [Piece(690), Piece(460, numbers=year), Piece(575)]
    assert ((dated,), (1,)) in pairs(align(left, right))


def test_numbers_that_disagree_make_a_pairing_doubtful():
    left = [Piece(400), Piece(400, numbers=frozenset({"2026"})), Piece(400)]
    right = [Piece(460), Piece(460, numbers=frozenset({"2025"})), Piece(460)]
    links = align(left, right)
    assert pairs(links) == identity(3)
    assert [link.doubtful for link in links] == [False, True, False]


def test_a_small_paragraph_that_could_join_either_way_is_doubtful():
    """1,000 + 60 characters against 1,060: a 2-1 merge or a 1-1 and a 1-0."""
    left = [Piece(800), Piece(1000), Piece(60), Piece(700)]
    right = [Piece(800), Piece(1060), Piece(700)]
    links = align(left, right)
    assert all(link.doubtful for link in links if 2 in link.left)
    assert [link.doubtful for link in links if 0 in link.left] == [False]


def test_empty_sides():
    assert align([], []) == []
    assert pairs(align([Piece(10)], [])) == [((0,), ())]
    assert [link.doubtful for link in align([], [Piece(10), Piece(20)])] == [
        True,
        True,
    ]


def test_pieces_from_texts_in_four_languages():
    texts = {
        "en": ["Berlin, 14 May 2026", "The film sold 14,000 tickets, 2.5 times more."],
        "ru": [
            "Берлин, 14 мая 2026",
            "Фильм продал 14\u00a0000 билетов, в 2,5 раза больше.",
        ],
        "kk": ["Берлин, 2026 жылғы 14 мамыр", "Фильм 14 000 билет сатты, 2,5 есе көп."],
        "es": [
            "Berlín, 14 de mayo de 2026",
            "La película vendió 14.000 entradas, 2,5 veces más.",
        ],
    }
    built = {
        lang: pieces(paragraphs, [True, False]) for lang, paragraphs in texts.items()
    }
    for lang, (title, body) in built.items():
        assert title.heading and not body.heading, lang
        assert title.numbers == {"14", "2026"}, lang
        assert body.numbers == {"14000", "2.5"}, lang
        assert body.length == len(" ".join(texts[lang][1].split()))
    for lang in ("ru", "kk", "es"):
        assert pairs(align(built["en"], built[lang])) == identity(2)


def test_pieces_wants_one_heading_flag_per_text():
    with pytest.raises(ValueError):
        pieces(["One.", "Two."], [False])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2,5 млн", {"2.5"}),
        ("1.234,5 and 1,234.5", {"1234.5"}),
        ("09.05.2026", {"9", "5", "2026"}),
        ("May 9, 2026", {"9", "2026"}),
        ("in 2026 150 films", {"2026", "150"}),
        ("19:30, 2024–2026", {"19", "30", "2024", "2026"}),
        ("No figures here.", set()),
    ],
)
def test_numbers_are_written_alike_in_every_language(text, expected):
    assert numbers(text) == expected


side = st.lists(
    st.builds(
        Piece,
        length=st.integers(0, 3000),
        heading=st.booleans(),
        numbers=st.frozensets(st.sampled_from(["1", "14", "2026", "3.5"]), max_size=2),
    ),
    max_size=40,
)


@given(side, side)
@settings(max_examples=200, deadline=None)
def test_links_cover_both_sides_once_in_order(left, right):
    links = align(left, right)
    assert [i for link in links for i in link.left] == list(range(len(left)))
    assert [j for link in links for j in link.right] == list(range(len(right)))
    for link in links:
        assert (len(link.left), len(link.right)) in {
            (1, 1),
            (1, 0),
            (0, 1),
            (2, 1),
            (1, 2),
        }
        assert link.cost < float("inf")
        if not link.left or not link.right:
            assert link.doubtful


@given(side)
@settings(max_examples=200, deadline=None)
def test_a_document_aligned_with_itself_is_the_identity(document):
    links = align(document, document)
    assert pairs(links) == identity(len(document))
    assert not any(link.doubtful for link in links)


@given(
    st.lists(st.integers(0, 1200), min_size=1, max_size=150),
    st.integers(0, 2**32),
    st.integers(1, 5),
    st.integers(10, 400),
)
@settings(max_examples=50, deadline=None)
def test_a_narrow_or_capped_band_still_covers_both_sides(lengths, seed, band, cells):
    rng = random.Random(seed)
    left = [Piece(length, heading=rng.random() < 0.1) for length in lengths]
    right = [p for p in translate(left, seed=seed) if rng.random() > 0.2]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(align_module, "MIN_BAND", band)
        patch.setattr(align_module, "MAX_CELLS", cells)
        links = align(left, right)
    assert [i for link in links for i in link.left] == list(range(len(left)))
    assert [j for link in links for j in link.right] == list(range(len(right)))


def test_the_band_follows_the_text_not_the_paragraph_count():
    """Ten short paragraphs on the right stand for one long one on the left:
    with a band of two paragraphs, the path still finds the long one's place."""
    left = [Piece(500), Piece(3000), *[Piece(400) for _ in range(8)]]
    right = [Piece(575), *[Piece(345) for _ in range(10)], *translate(left[2:])]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(align_module, "MIN_BAND", 2)
        patch.setattr(align_module, "MAX_CELLS", 1)
        links = align(left, right)
    assert pairs(links)[0] == ((0,), (0,))
    assert pairs(links)[-8:] == [((i,), (i + 9,)) for i in range(2, 10)]
