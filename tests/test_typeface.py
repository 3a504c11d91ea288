"""The site's one typeface, Pressroom Serif, draws every letter the site shows.

A translation or a template that brings a character the font lacks fails here;
docs/fonts.md says how to add it to the subset."""

import unicodedata
from pathlib import Path

import polib
import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

BASE = Path(settings.BASE_DIR)
FONTS = BASE / "static" / "fonts"
FACES = ["regular", "italic", "bold", "bold-italic"]
LARGEST = 120 * 1024

RUSSIAN = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
KAZAKH = "ӘҒҚҢӨҰҮҺІ"
SPANISH = "ÁÉÍÓÚÜÑ"
LETTERS = {
    *RUSSIAN,
    *RUSSIAN.lower(),
    *KAZAKH,
    *KAZAKH.lower(),
    *SPANISH,
    *SPANISH.lower(),
    *"¿¡«»—–…“”‘’№€©×",
}


def templates_characters():
    found = {}
    for path in sorted((BASE / "templates").rglob("*")):
        if path.is_file():
            for character in path.read_text(encoding="utf-8"):
                found.setdefault(character, path.relative_to(BASE))
    return found


def translated_characters():
    found = {}
    for path in sorted(BASE.glob("locale/*/LC_MESSAGES/django.po")):
        for entry in polib.pofile(str(path)):
            for text in (entry.msgstr, *entry.msgstr_plural.values()):
                for character in text:
                    found.setdefault(character, path.relative_to(BASE))
    return found


def drawn(character):
    """Characters a font draws: not ASCII controls, spaces or format marks."""
    return ord(character) > 127 and unicodedata.category(character)[0] not in "CZ"


def required():
    needed = dict.fromkeys(sorted(LETTERS), "the site's languages")
    for source in (templates_characters(), translated_characters()):
        for character, where in source.items():
            if drawn(character):
                needed.setdefault(character, where)
    needed.update({chr(code): "Basic Latin" for code in range(0x21, 0x7F)})
    return needed


def describe(character):
    return f"{character} U+{ord(character):04X} {unicodedata.name(character, '?')}"


def test_the_translations_bring_kazakh_russian_and_spanish_letters():
    """The scan really reads the translations: the check below is not empty."""
    characters = set(translated_characters())
    assert {"ә", "қ", "ж", "ñ", "«"} <= characters


@pytest.mark.parametrize("face", FACES)
def test_each_face_draws_every_character_the_site_shows(face):
    font = TTFont(FONTS / f"pressroom-serif-{face}.woff2")
    assert font.flavor == "woff2"
    drawn_here = set(font.getBestCmap())
    missing = [
        f"{describe(character)} (from {where})"
        for character, where in required().items()
        if ord(character) not in drawn_here
    ]
    assert not missing, f"pressroom-serif-{face}.woff2 lacks:\n" + "\n".join(missing)


@pytest.mark.parametrize("face", FACES)
def test_each_face_is_named_pressroom_serif_with_its_licence(face):
    """The Bitstream Vera licence: a modified font is renamed, and keeps the
    copyright, trademark and permission notices."""
    names = TTFont(FONTS / f"pressroom-serif-{face}.woff2")["name"]
    for name_id in (1, 16):
        assert names.getDebugName(name_id) == "Pressroom Serif"
    for name_id in (1, 3, 4, 6, 16):
        text = names.getDebugName(name_id)
        assert "Bitstream" not in text and "Vera" not in text
    assert "Copyright (c) 2003 by Bitstream" in names.getDebugName(0)
    licence = names.getDebugName(13)
    assert "Bitstream Vera is a trademark" in licence
    assert "Permission is hereby granted" in licence


@pytest.mark.parametrize("face", FACES)
def test_each_face_is_small(face):
    assert (FONTS / f"pressroom-serif-{face}.woff2").stat().st_size < LARGEST


def test_the_licence_ships_with_the_fonts():
    licence = (FONTS / "LICENSE-DejaVu.txt").read_text()
    assert "Bitstream Vera is a trademark of Bitstream, Inc." in licence
    assert "only if the fonts" in licence and "are renamed" in licence
