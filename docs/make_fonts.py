"""Remakes static/fonts/pressroom-serif-*.woff2 from Debian's DejaVu Serif.

    .venv/bin/python docs/make_fonts.py [FONT_DIR]

FONT_DIR defaults to /usr/share/fonts/truetype/dejavu (Debian's
fonts-dejavu-core and fonts-dejavu-extra). Each face is subset with fontTools
to the characters in UNICODES, keeps every OpenType layout feature (kerning,
mark positioning) and its hinting, and is renamed "Pressroom Serif": the
Bitstream Vera licence allows modified fonts (a subset is one) only under a
name without "Bitstream" or "Vera", and keeps the copyright notice and the
licence in the font's name table. The output is the same bytes on every run
for the same input (the source's timestamps are kept). See docs/fonts.md.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "Pressroom Serif"
POSTSCRIPT_FAMILY = "PressroomSerif"
SOURCE = Path("/usr/share/fonts/truetype/dejavu")
TARGET = Path(__file__).resolve().parent.parent / "static" / "fonts"

# source file, output file, style name (name IDs 2 and 17)
FACES = [
    ("DejaVuSerif.ttf", "pressroom-serif-regular.woff2", "Regular"),
    ("DejaVuSerif-Italic.ttf", "pressroom-serif-italic.woff2", "Italic"),
    ("DejaVuSerif-Bold.ttf", "pressroom-serif-bold.woff2", "Bold"),
    ("DejaVuSerif-BoldItalic.ttf", "pressroom-serif-bold-italic.woff2", "Bold Italic"),
]

UNICODES = [
    *range(0x0020, 0x007F),  # Basic Latin
    *range(0x00A0, 0x0100),  # Latin-1 Supplement: á é í ó ú ü ñ ¿ ¡ « » © × ·
    *range(0x0100, 0x0180),  # Latin Extended-A
    *range(0x0300, 0x0370),  # combining accents (stress marks, decomposed text)
    *range(0x0400, 0x0500),  # Cyrillic: Russian and every Kazakh letter
    *range(0x2000, 0x2070),  # General Punctuation: dashes, quotes, ellipsis
    0x20AC,  # €
    0x2116,  # №
    0x2122,  # ™
    0x2212,  # minus sign
    *range(0x2190, 0x2194),  # ← ↑ → ↓
    0x25B2,  # ▲ (the admin's reorder buttons)
    0x25BC,  # ▼
    0x2713,  # ✓ (DejaVu Serif has none; the subsetter skips what is missing)
]


def options():
    opts = subset.Options()
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]  # keeps the copyright (0) and the licence (13, 14)
    opts.name_languages = ["*"]
    # FontForge's timestamps and the maths layout table: nothing a page uses.
    opts.drop_tables += ["FFTM", "MATH"]
    opts.flavor = "woff2"
    return opts


def rename(font, style):
    """Family "Pressroom Serif" in every name a browser or a PDF reports."""
    postscript_style = style.replace(" ", "")
    names = {
        1: FAMILY,
        2: style,
        3: f"{FAMILY} {style}: subset of DejaVu Serif {version(font)}",
        4: FAMILY if style == "Regular" else f"{FAMILY} {style}",
        6: f"{POSTSCRIPT_FAMILY}-{postscript_style}",
        16: FAMILY,
        17: style,
        10: (
            "Pressroom Serif is a subset of DejaVu Serif (Latin, Cyrillic with "
            "every Kazakh letter, punctuation), renamed as the Bitstream Vera "
            "licence requires of modified fonts."
        ),
    }
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            table.removeNames(nameID=record.nameID)
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)


def version(font):
    record = font["name"].getName(5, 3, 1, 0x409)
    return record.toUnicode().removeprefix("Version ") if record else "?"


def make(source_dir=SOURCE, target_dir=TARGET):
    target_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for source, target, style in FACES:
        font = TTFont(source_dir / source, recalcTimestamp=False)
        subsetter = subset.Subsetter(options())
        subsetter.populate(unicodes=UNICODES)
        subsetter.subset(font)
        rename(font, style)
        font.flavor = "woff2"
        font.save(target_dir / target)
        made.append(target_dir / target)
    return made


if __name__ == "__main__":
    source_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    for path in make(source_dir):
        print(f"{path.stat().st_size:>7} {path}")
