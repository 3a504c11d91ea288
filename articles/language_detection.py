"""Which language a paragraph is in, among every language the model knows.

py3langid ships its model inside the package (140 languages, a few MB, no
download). Its answer is refined for what a press office's documents need:
a text's script, decided by the majority of its letters, is a hard limit (a
Cyrillic text is never English, a Latin one never Russian); Kazakh's own
letters settle Kazakh against Russian; a language that no configured language
shares a script with is refused even when short; and a text too short to
identify says so instead of guessing.
"""

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

# Letters only Kazakh has among the languages we meet (і is Ukrainian too).
KAZAKH_LETTERS = frozenset("әғқңөұүһӘҒҚҢӨҰҮҺ")

# Scripts of languages a press office may configure; others are asked of the model.
SCRIPTS = {
    "en": "LATIN", "es": "LATIN", "fr": "LATIN", "de": "LATIN", "it": "LATIN",
    "pt": "LATIN", "ca": "LATIN", "eu": "LATIN", "tr": "LATIN", "uz": "LATIN",
    "ru": "CYRILLIC", "kk": "CYRILLIC", "uk": "CYRILLIC", "be": "CYRILLIC",
    "ky": "CYRILLIC", "bg": "CYRILLIC", "sr": "CYRILLIC", "mn": "CYRILLIC",
    "el": "GREEK", "ka": "GEORGIAN", "hy": "ARMENIAN", "ar": "ARABIC", "fa": "ARABIC",
    "he": "HEBREW", "zh": "CJK", "ja": "CJK", "ko": "HANGUL",
}  # fmt: skip

# Fewer letters than this and n-gram statistics are unreliable.
MIN_LETTERS = 25
# An unconfigured language is refused only when the model is this sure of it...
UNCONFIGURED_CONFIDENCE = 0.9
# ...and gives every configured language of the same script less than this.
CONFIGURED_FLOOR = 0.05
# An identification is confident when the chosen language holds this share of
# the model's probability among the configured languages of the text's script.
CONFIDENT_SHARE = 0.9


@dataclass(frozen=True)
class Identification:
    """``language`` is a configured code, or None when the text cannot tell.

    ``detected`` is the model's own best guess, which may be any language it
    knows; ``reason`` says how the decision was made.
    """

    language: str | None
    detected: str
    confidence: float
    reason: str  # identified | kazakh-letters | script | too-short | unconfigured
    # The configured languages the text's script allows (all of them when the
    # text has no letters); a text too short to identify is in one of them.
    candidates: tuple = ()
    confident: bool = False  # sure enough to decide a document's language order


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1024)
def script_of(letter: str) -> str:
    name = unicodedata.name(letter, "")
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA")):
        return "CJK"
    return name.split(" ", 1)[0]


def dominant_script(letters: list[str]) -> str:
    """The script most letters are in; each distinct letter is looked up once."""
    counts: dict[str, int] = {}
    for letter, count in Counter(letters).items():
        script = script_of(letter)
        counts[script] = counts.get(script, 0) + count
    return max(counts, key=counts.get)


def script_candidates(text: str, configured: list[str]) -> tuple:
    """The configured languages ``text``'s script allows (all, without letters).

    The first step of ``identify`` alone: a check per table cell needs no model.
    """
    letters = [character for character in text if character.isalpha()]
    if not letters:
        return tuple(configured)
    script = dominant_script(letters)
    return tuple(code for code in configured if SCRIPTS.get(code) == script)


def identify(text: str, configured: list[str]) -> Identification:
    letters = [character for character in text if character.isalpha()]
    if not letters:
        return Identification(None, "", 0.0, "too-short", tuple(configured))
    script = dominant_script(letters)
    same_script = [code for code in configured if SCRIPTS.get(code) == script]
    candidates = tuple(same_script or configured)
    if "kk" in same_script and KAZAKH_LETTERS.intersection(letters):
        return Identification("kk", "kk", 1.0, "kazakh-letters", candidates, True)
    ranking = _identifier().rank(text)
    detected, confidence = ranking[0]
    if not same_script and all(code in SCRIPTS for code in configured):
        return Identification(None, detected, confidence, "unconfigured")
    scores = dict(ranking)
    best = max(candidates, key=lambda code: scores.get(code, 0.0))
    if (
        len(letters) >= MIN_LETTERS
        and detected not in candidates
        and confidence >= UNCONFIGURED_CONFIDENCE
        and scores.get(best, 0.0) < CONFIGURED_FLOOR
    ):
        return Identification(None, detected, confidence, "unconfigured")
    if len(same_script) == 1:
        # The script leaves one configured language: nothing to guess.
        return Identification(
            same_script[0], detected, confidence, "script", candidates, True
        )
    if len(letters) < MIN_LETTERS:
        return Identification(None, detected, confidence, "too-short", candidates)
    total = sum(scores.get(code, 0.0) for code in candidates)
    share = scores.get(best, 0.0) / total if total else 0.0
    return Identification(
        best,
        detected,
        scores.get(best, 0.0),
        "identified",
        candidates,
        share >= CONFIDENT_SHARE,
    )
