"""Latin slugs, one per object and the same in every language."""

from slugify import slugify

# text-unidecode drops or mangles some Kazakh letters; these are the usual
# Latin transcriptions.
KAZAKH_LETTERS = [
    ("ә", "a"), ("Ә", "A"), ("ғ", "g"), ("Ғ", "G"), ("қ", "k"), ("Қ", "K"),
    ("ң", "n"), ("Ң", "N"), ("ө", "o"), ("Ө", "O"), ("ұ", "u"), ("Ұ", "U"),
    ("ү", "u"), ("Ү", "U"), ("һ", "h"), ("Һ", "H"), ("і", "i"), ("І", "I"),
]  # fmt: skip

MAX_LENGTH = 80
SUFFIX_ROOM = 10  # a hyphen and up to nine digits


def latin_slug(text: str) -> str:
    """Transliterate and slugify: «Перемирие» → ``peremirie``."""
    return slugify(
        text or "", max_length=MAX_LENGTH, word_boundary=True,
        replacements=KAZAKH_LETTERS,
    )  # fmt: skip


def unique_slug(instance, text: str) -> str:
    """A slug for ``instance`` from ``text``, with a numeric suffix on collision."""
    base = latin_slug(text)
    if not base:
        return ""
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    # A long slug is shortened to make room for its suffix, so the taken
    # ones are looked up by a prefix that every shortened form shares.
    prefix = base[: MAX_LENGTH - SUFFIX_ROOM]
    taken = set(others.filter(slug__startswith=prefix).values_list("slug", flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug = f"{base[: MAX_LENGTH - len(str(suffix)) - 1].rstrip('-')}-{suffix}"
        suffix += 1
    return slug
