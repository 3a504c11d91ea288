"""Parallel-text press releases: a document in, a draft release out, and back.

The format is what press offices send: the title in each language, then each
paragraph followed by its translations, one paragraph a line. ``parse()`` is
pure (bytes in, a report out, nothing saved); ``import_release()`` saves a
parsed report as one draft, all or nothing; ``export_release()`` writes the
format back. Pressroom's exports mark headings with ``# `` and quotes with
``> `` (``>{speaker-slug} `` when the text does not name its speaker), which
``parse()`` understands, so an export imports back to the same release.
"""

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import permutations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import completeness
from .history import release_revision
from .language_detection import identify
from .languages import display_name, language_codes
from .translation_state import text_digest

MAX_BYTES = 2 * 1024 * 1024
MAX_PARAGRAPH = 20_000
MAX_UNITS = 5_000
TITLE_MAX = 300
HEADING_MAX = 150
WARNINGS_SHOWN = 50  # the first warnings by line, then how many more there are
LINES_LISTED = 10  # line numbers named in one warning
SENTENCE_END = tuple(".!?…:;")

# Deleted to count them: control characters other than a newline and a tab.
CONTROLS = dict.fromkeys(code for code in range(32) if chr(code) not in "\n\t")

HEADING_MARK = re.compile(r"^#\s+")
QUOTE_MARK = re.compile(r"^>(?:\{(?P<slug>[a-z0-9-]+)\})?\s+")

OPENING_QUOTES = "“\"«„‘'"
CLOSING_QUOTES = "”\"»“’'"
# The words that attribute a quote, lower case: “…,” said NAME. | NAME said: “…”
SAID = (
    "said", "says", "added", "noted", "stated", "explained", "commented",
    "remarked", "recalled",
    "сказал", "сказала", "отметил", "отметила", "заявил", "заявила", "добавил",
    "добавила", "подчеркнул", "подчеркнула", "пояснил", "пояснила", "рассказал",
    "рассказала",
    "dijo", "afirmó", "señaló", "añadió", "explicó", "declaró", "comentó", "aseguró",
    "деді", "атап өтті", "мәлімдеді", "қосты", "айтты",
)  # fmt: skip
DASHES = "—–-"
ATTRIBUTION_MAX = 120  # "said NAME": longer, and it is not an attribution
LEAD_IN_MAX = 200  # "NAME said:" before a quote


class ImportRefused(Exception):
    """A document that cannot be imported; nothing has been saved."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        if self.line is None:
            return self.message
        return _("Line %(line)s: %(message)s") % {
            "line": self.line,
            "message": self.message,
        }


@dataclass
class Line:
    number: int
    text: str
    marker: str | None = None  # "heading" or "quote" from an export's marks
    speaker_slug: str | None = None
    language: str | None = None
    how: str = ""
    candidates: tuple = ()  # the languages the line's script allows
    guess: str | None = None  # an identification not sure enough to trust alone
    confident: bool = False
    after_blank: bool = False  # the first line, or one after an empty line


@dataclass
class Unit:
    texts: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    kind: str = "text"
    speaker_id: int | None = None
    speaker_name: str = ""
    doubt: bool = False  # kept apart from a paragraph it may translate

    @property
    def first_line(self):
        return min(self.lines.values())

    @property
    def kind_label(self):
        from .models import Paragraph

        return Paragraph.Kind(self.kind).label


@dataclass
class Report:
    languages: list
    lead_language: str
    source_language: str
    source_given: bool
    titles: dict  # language -> (text, line)
    units: list
    warnings: list  # (line or None, message)
    warnings_hidden: int = 0  # beyond the first WARNINGS_SHOWN
    # What a warning's number counts: "line" in a text file, "row" in a Word
    # table, "paragraph" in a Word document.
    place: str = "line"
    images: list = field(default_factory=list)  # (file name, bytes) for the gallery
    files: list = field(default_factory=list)  # (file name, language) of each document
    hidden: list = field(default_factory=list)  # warnings beyond WARNINGS_SHOWN
    count_line: tuple | None = None  # the "…and N more" line that stands for them

    def warn(self, line, message):
        self.warnings.append((line, message))

    def where(self, number):
        """ "line 12", "row 12" or "paragraph 12", in the reader's language."""
        if self.place == "row":
            return _("row %(number)s") % {"number": number}
        if self.place == "paragraph":
            return _("paragraph %(number)s") % {"number": number}
        return _("line %(number)s") % {"number": number}

    @property
    def doubts(self):
        """Whether some paragraphs were kept apart for a person to pair."""
        return any(unit.doubt for unit in self.units)

    def title_rows(self):
        """``(code, title, where)`` for the report page."""
        return [
            (code, text, self.where(number))
            for code, (text, number) in self.titles.items()
        ]

    def unit_rows(self):
        """``(unit, [(code, text or None, where or "")])`` in the file's languages."""
        return [
            (
                unit,
                [
                    (
                        code,
                        unit.texts.get(code),
                        self.where(unit.lines[code]) if code in unit.lines else "",
                    )
                    for code in self.languages
                ],
            )
            for unit in self.units
        ]

    @property
    def located_warnings(self):
        """``(place or "", message)``: what the report page lists."""
        return [
            (capfirst(self.where(number)) if number else "", message)
            for number, message in self.warnings
        ]

    def sort_warnings(self):
        """By line, the file's own first; the first few, then a count.

        Sorting again after more warnings were added (a Word document's
        notices come after its units') takes the hidden ones back first.
        """
        if self.hidden:
            self.warnings = [w for w in self.warnings if w is not self.count_line]
            self.warnings += self.hidden
            self.hidden = []
        self.warnings.sort(
            key=lambda warning: (warning[0] is not None, warning[0] or 0)
        )
        hidden = len(self.warnings) - WARNINGS_SHOWN
        self.warnings_hidden = max(hidden, 0)
        if hidden > 0:
            self.hidden = self.warnings[WARNINGS_SHOWN:]
            del self.warnings[WARNINGS_SHOWN:]
            self.count_line = (
                None,
                ngettext(
                    "…and %(count)s more warning, not shown.",
                    "…and %(count)s more warnings, not shown.",
                    hidden,
                )
                % {"count": hidden},
            )
            self.warnings.append(self.count_line)


# Reading bytes


def check_size(size: int):
    if size > MAX_BYTES:
        raise ImportRefused(
            _(
                "The file is %(size)s bytes; at most %(limit)s bytes (2 MiB) "
                "can be imported."
            )
            % {"size": size, "limit": MAX_BYTES}
        )


def decode(data: bytes) -> str:
    """UTF-8 text with one kind of line ending, or a refusal naming the place."""
    check_size(len(data))
    if not data.strip():
        raise ImportRefused(_("The file is empty."))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ImportRefused(
            _("This is not a text file (it contains binary data)."), line=line
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        raise ImportRefused(
            _(
                "The file is not valid UTF-8: byte %(byte)s of this line "
                "(byte %(offset)s of the file) is 0x%(value)02x. Save it as UTF-8."
            )
            % {
                "byte": error.start - line_start + 1,
                "offset": error.start + 1,
                "value": data[error.start],
            },
            line=data[: error.start].count(b"\n") + 1,
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    controls = len(text) - len(text.translate(CONTROLS))
    if controls > max(8, len(text) // 100):
        raise ImportRefused(
            _("This is not a text file (it contains control characters).")
        )
    return text


def read_lines(text: str, max_lines: int) -> list[Line]:
    """The lines that hold text, or a refusal before more than ``max_lines``."""
    lines = []
    numbered = enumerate(io.StringIO(text), 1)  # one line at a time, not a list
    after_blank = True
    for number, raw in numbered:
        stripped = raw.strip()
        if not stripped:
            after_blank = True
            continue
        if len(stripped) > MAX_PARAGRAPH:
            raise ImportRefused(
                _(
                    "This paragraph has %(length)s characters; "
                    "at most %(limit)s are allowed."
                )
                % {"length": len(stripped), "limit": MAX_PARAGRAPH},
                line=number,
            )
        line = Line(number, stripped, after_blank=after_blank)
        after_blank = False
        if HEADING_MARK.match(stripped):
            line.text, line.marker = HEADING_MARK.sub("", stripped, count=1), "heading"
        elif match := QUOTE_MARK.match(stripped):
            line.text, line.marker = QUOTE_MARK.sub("", stripped, count=1), "quote"
            line.speaker_slug = match.group("slug")
        if len(lines) == max_lines:
            more = sum(1 for _number, rest in numbered if not rest.isspace())
            raise ImportRefused(
                _(
                    "The file has %(count)s lines with text; at most %(limit)s "
                    "can be imported."
                )
                % {"count": max_lines + 1 + more, "limit": max_lines}
            )
        lines.append(line)
    if not lines:
        raise ImportRefused(_("The file is empty."))
    return lines


# Languages


def identify_lines(lines, configured):
    """Identify each line; refuse a language that is not configured.

    A line identified without confidence keeps its identification as a guess,
    and its language is decided with the document's order in mind.
    """
    for line in lines:
        result = identify(line.text, configured)
        if result.reason == "unconfigured":
            raise ImportRefused(
                _(
                    "This paragraph is in a language that is not configured "
                    "(identified as “%(code)s”); this site publishes in %(languages)s."
                )
                % {
                    "code": result.detected,
                    "languages": ", ".join(display_name(code) for code in configured),
                },
                line=line.number,
            )
        line.how, line.candidates = result.reason, result.candidates
        line.confident = result.confident
        if result.confident:
            line.language = result.language
        else:
            line.guess = result.language


# Orders with more languages than this are not searched for the best one.
MAX_ORDER_SEARCH = 7


def language_order(lines):
    """The cycle of languages the document follows, by a vote of confident lines.

    Each pair of neighbouring lines identified with confidence votes for its
    second language following its first; the order of the languages that
    gathers most votes around the cycle wins (the first appearance breaks
    ties). The cycle starts with the language that most often opens the file
    or a group of lines after an empty line.
    """
    confident = [line for line in lines if line.confident]
    order = []
    for line in confident or [line for line in lines if line.guess]:
        language = line.language or line.guess
        if language not in order:
            order.append(language)
    if len(order) < 2:
        return order
    follows = Counter()
    for before, after in zip(lines, lines[1:], strict=False):
        if before.confident and after.confident and before.language != after.language:
            follows[before.language, after.language] += 1
    if len(order) <= MAX_ORDER_SEARCH:
        first, *rest = order

        def score(cycle):
            return sum(
                follows[cycle[index], cycle[(index + 1) % len(cycle)]]
                for index in range(len(cycle))
            )

        order = max(([first, *others] for others in permutations(rest)), key=score)
    return rotate_to_start(order, lines)


def rotate_to_start(order, lines):
    """The rotation of ``order`` that the file's groups and first lines start with.

    Groups after empty lines vote for the language they start with; then the
    leading lines (a repeated one skipped) are matched against each rotation,
    a confident line counting more than one whose script merely allows it.
    """
    starts = Counter(
        line.language for line in lines if line.after_blank and line.confident
    )
    leading = []
    for line in lines:
        if len(leading) == len(order):
            break
        if all(line.text != other.text for other in leading):
            leading.append(line)

    def preference(index):
        cycle = order[index:] + order[:index]
        fit = sum(
            2 if line.language == language else language in line.candidates
            for line, language in zip(leading, cycle, strict=False)
        )
        return (starts[cycle[0]], fit, -index)

    start = max(range(len(order)), key=preference)
    return order[start:] + order[:start]


def implied_language(previous, order, candidates):
    """The next language in the document's order that the text's script allows."""
    start = order.index(previous) + 1 if previous in order else 0
    for step in range(len(order)):
        language = order[(start + step) % len(order)]
        if not candidates or language in candidates:
            return language
    return None


# The share of groups after empty lines that open with the first language
# for the empty lines to be taken as separating units.
GROUPS_ARE_UNITS = 0.8


def fill_by_position(lines, order, report):
    """A line not identified with confidence takes the language its position implies.

    Position never overrides script: only a language the line's script allows
    is implied. Among the leading title lines, one that repeats an earlier
    title is in its language and leaves the position where it was. When the
    file's empty lines separate its units (nearly every group they open that
    is identified starts with the first language), a line after one starts
    the cycle again.
    """
    previous = None
    language_of_text = {}  # of the titles
    in_titles = True
    openers = [
        line.language for line in lines[1:] if line.after_blank and line.confident
    ]
    groups_are_units = (
        bool(order)
        and len(openers) >= 2
        and openers.count(order[0]) >= GROUPS_ARE_UNITS * len(openers)
    )
    for line in lines:
        if line.after_blank and groups_are_units:
            previous = None
        in_titles = in_titles and looks_like_title(line)
        repeat = in_titles and line.text in language_of_text
        if line.language is None:
            if repeat:
                language = language_of_text[line.text]
            else:
                language = implied_language(previous, order, line.candidates)
            if language is None:
                language = line.guess
            if language is None and len(line.candidates) == 1:
                language = line.candidates[0]
            if language is None:
                raise ImportRefused(
                    _("This paragraph is too short to tell its language."),
                    line=line.number,
                )
            line.language, line.how = language, "position"
            if line.guess is None:
                report.warn(
                    line.number,
                    _("Too short to identify; taken as %(language)s from its position.")
                    % {"language": display_name(line.language)},
                )
            elif line.guess != language:
                report.warn(
                    line.number,
                    _(
                        "Not identified with confidence (perhaps %(guess)s); "
                        "taken as %(language)s from its position."
                    )
                    % {
                        "guess": display_name(line.guess),
                        "language": display_name(line.language),
                    },
                )
        if not repeat:
            previous = line.language
            if in_titles:
                language_of_text[line.text] = line.language


# Titles


def looks_like_title(line):
    """Short, and not ending like a sentence (a question or exclamation may)."""
    return (
        line.marker is None
        and len(line.text) <= TITLE_MAX
        and not line.text.rstrip("”»\"'’").endswith((".", ":", ";", "…"))
    )


def take_titles(lines, report, count):
    """The leading title lines, at most one per language (exact repeats dropped).

    There are at most ``count`` titles, the number of the document's languages.
    """
    titles = {}
    taken = 0
    for line in lines:
        if not looks_like_title(line):
            break
        if len(titles) == count and line.language not in titles:
            break
        if line.language in titles:
            if titles[line.language][0] != line.text:
                break
            report.warn(line.number, _("The title is repeated; the repeat is ignored."))
        else:
            titles[line.language] = (line.text, line.number)
        taken += 1
    return titles, taken


# Units


def block_runs(lines, lead):
    """Split body lines into blocks: a run of lead lines, then a run of others."""
    blocks = []
    for line in lines:
        if line.language == lead:
            if not blocks or blocks[-1][1]:
                blocks.append(([], []))
            blocks[-1][0].append(line)
        else:
            if not blocks:
                blocks.append(([], []))
            blocks[-1][1].append(line)
    return blocks


def pair_block(leads, others, report):
    """Units for one block, never pairing what the order leaves in doubt."""
    units = [
        Unit(texts={lead.language: lead.text}, lines={lead.language: lead.number})
        for lead in leads
    ]
    by_language: dict[str, list[Line]] = {}
    for line in others:
        by_language.setdefault(line.language, []).append(line)
    orphans = []
    for language, lines in by_language.items():
        count = len(lines)
        if leads and count == len(leads) == 1:
            pairs = [(units[0], lines[0])]
        elif leads and count == len(leads):
            pairs = list(zip(units, lines, strict=True))
            report.warn(
                leads[0].number,
                _(
                    "The order breaks at lines %(first)s–%(last)s: %(count)s "
                    "paragraphs in %(lead)s are followed by their %(count)s in "
                    "%(language)s; paired in order. Check them."
                )
                % {
                    "first": leads[0].number,
                    "last": lines[-1].number,
                    "count": count,
                    "lead": display_name(leads[0].language),
                    "language": display_name(language),
                },
            )
        elif leads and count == 1:
            pairs = [(units[-1], lines[0])]
        else:
            pairs = []
            orphans.extend(lines)
            where = line_numbers(lines)
            if leads:
                message = _(
                    "The order breaks at lines %(first)s–%(last)s: cannot tell "
                    "which paragraphs the %(language)s ones (lines %(where)s) "
                    "translate; they are kept as separate paragraphs without a "
                    "source text. Check them."
                ) % {
                    "first": leads[0].number,
                    "last": lines[-1].number,
                    "language": display_name(language),
                    "where": where,
                }
            else:
                message = _(
                    "Paragraphs in %(language)s (lines %(where)s) come before any "
                    "paragraph of the source; they are kept without a source text."
                ) % {"language": display_name(language), "where": where}
            report.warn(lines[0].number, message)
        for unit, line in pairs:
            unit.texts[line.language] = line.text
            unit.lines[line.language] = line.number
    for line in orphans:
        units.append(
            Unit(texts={line.language: line.text}, lines={line.language: line.number})
        )
    return units


def line_numbers(lines):
    """The first few lines' numbers, and how many more there are."""
    numbers = ", ".join(str(line.number) for line in lines[:LINES_LISTED])
    if len(lines) <= LINES_LISTED:
        return numbers
    return _("%(lines)s and %(count)s more") % {
        "lines": numbers,
        "count": len(lines) - LINES_LISTED,
    }


def check_lengths(unit, lead, report):
    """Translations are of similar length; a far-off one is probably mispaired."""
    source = unit.texts.get(lead, "")
    if len(source) < 80:
        return
    for language, text in unit.texts.items():
        ratio = len(text) / len(source)
        if language != lead and not 0.4 <= ratio <= 2.5:
            report.warn(
                unit.lines[language],
                _(
                    "This %(language)s paragraph is %(ratio)s times as long as its "
                    "source (line %(line)s); check that they are translations of "
                    "each other."
                )
                % {
                    "language": display_name(language),
                    "ratio": f"{ratio:.1f}",
                    "line": unit.lines[lead],
                },
            )


def find_speaker(text, people):
    """The person named in ``text``: the longest name that appears in it."""
    folded = text.casefold()
    best = None
    for person_id, names in people:
        for name in names:
            if (
                name
                and name.casefold() in folded
                and (best is None or len(name) > len(best[1]))
            ):
                best = (person_id, name)
    return best


def quote_attribution(text):
    """The words naming the speaker, when ``text`` is mostly an attributed quote.

    A quote followed only by "said NAME" qualifies at any length; a lead-in
    ("NAME said: “…”") only when the quote is at least half the paragraph.
    Both are read by scanning ``text`` a bounded number of times: no
    backtracking, whatever runs of quotes, dashes or spaces it holds.
    """
    attribution = quote_then_speaker(text)
    if attribution is not None:
        return attribution
    lead_in = speaker_then_quote(text)
    if lead_in is not None and len(lead_in[1]) >= 0.5 * len(text):
        return lead_in[0]
    return None


def said_at(text, start):
    """The attributing word (“said”, “сказала”…) at ``start``, before a space."""
    for word in SAID:
        after = start + len(word)
        if (
            after < len(text)
            and text[after].isspace()
            and text[start:after].lower() == word
        ):
            return word
    return None


def said_at_end(text, end):
    """Where the attributing word that ends ``text[:end]`` starts, after a space."""
    for word in SAID:
        start = end - len(word)
        if start > 0 and text[start - 1].isspace() and text[start:end].lower() == word:
            return start
    return None


def skip_spaces(text, start):
    while start < len(text) and text[start].isspace():
        start += 1
    return start


# Besides the speaker's name, an attribution holds at most a comma, a dash, an
# attributing word and a full stop that are not spaces.
ATTRIBUTION_SCAN = ATTRIBUTION_MAX + 3 + max(len(word) for word in SAID)


def quote_then_speaker(text):
    """NAME in “…,” said NAME. | «…» — сказал NAME. | «…», dijo NAME. | “…” NAME said.

    The quote ends at the last closing mark that such an attribution follows:
    ``[,.]``, spaces, a dash, spaces, then "said NAME" or "NAME said", and an
    optional full stop. NAME is at most ``ATTRIBUTION_MAX`` characters, so
    only the closing marks among the last ``ATTRIBUTION_SCAN`` characters that
    are not spaces can end the quote; the spaces after a mark belong to no
    other mark. The scan is linear in ``text`` whatever it holds.
    """
    if len(text) < 3 or text[0] not in OPENING_QUOTES:
        return None
    end = len(text) - 1 if text.endswith(".") else len(text)
    # "NAME said" needs an attributing word at the end, after spaces.
    said_start = said_at_end(text, end)
    if said_start is not None:
        spaces_start = said_start - 1
        while spaces_start > 0 and text[spaces_start - 1].isspace():
            spaces_start -= 1
    seen = 0  # characters after ``close`` that are not spaces
    for close in range(len(text) - 1, 1, -1):
        if seen > ATTRIBUTION_SCAN:
            return None
        if text[close] not in CLOSING_QUOTES:
            seen += not text[close].isspace()
            continue
        seen += 1
        first = close + 1
        start = first + (first < len(text) and text[first] in ",.")
        start = skip_spaces(text, start)
        start = skip_spaces(text, start + (start < len(text) and text[start] in DASHES))
        word = said_at(text, start)
        if word:
            name_start = skip_spaces(text, start + len(word))
            name_end = end if end > name_start else len(text)
            if name_end > name_start:
                name = text[name_start:name_end]
                return name if len(name) <= ATTRIBUTION_MAX else None
        if said_start is not None:
            # NAME starts where the marks and spaces end, or where it keeps
            # a space before the attributing word (as the former pattern did).
            start = min(start, said_start - 2)
            if start >= first:
                name = text[start : max(start + 1, spaces_start)]
                return name if len(name) <= ATTRIBUTION_MAX else None
    return None


def speaker_then_quote(text):
    """``(NAME said, quote)`` in NAME said: “…”. | NAME отметил: «…»

    The lead-in is 3 to 200 characters without an opening mark, then a colon;
    the quote runs to a closing mark at the end (before an optional full stop).
    """
    if text.endswith(tuple(CLOSING_QUOTES)):
        close = len(text) - 1
    elif len(text) > 1 and text[-1] == "." and text[-2] in CLOSING_QUOTES:
        close = len(text) - 2
    else:
        return None
    limit = min(LEAD_IN_MAX, len(text) - 1)
    for mark in OPENING_QUOTES:
        found = text.find(mark, 0, limit)
        if found != -1:
            limit = min(limit, found)
    for colon in range(3, limit + 1):
        if text[colon] != ":":
            continue
        opening = skip_spaces(text, colon + 1)
        if (
            opening < len(text)
            and text[opening] in OPENING_QUOTES
            and close >= opening + 2
        ):
            return text[:colon], text[opening + 1 : close]
    return None


def classify(unit, unit_lines, people, slugs, report):
    """Kind and speaker of a unit from its marks or its texts, in any language."""
    markers = {line.marker for line in unit_lines if line.marker}
    if "heading" in markers:
        unit.kind = "heading"
        return
    attributions = {}
    for line in unit_lines:
        attribution = quote_attribution(line.text)
        if attribution is not None:
            attributions[line.language] = attribution
    if "quote" not in markers and not attributions:
        lead = unit_lines[0]
        ending = lead.text.rstrip("”»\"'’")
        if len(lead.text) <= HEADING_MAX and not ending.endswith(SENTENCE_END):
            unit.kind = "heading"
        return
    unit.kind = "quote"
    slug = next((line.speaker_slug for line in unit_lines if line.speaker_slug), None)
    if slug and slug in slugs:
        unit.speaker_id, unit.speaker_name = slugs[slug]
        return
    for line in unit_lines:
        found = find_speaker(attributions.get(line.language, line.text), people)
        if found:
            unit.speaker_id, unit.speaker_name = found
            return
    named = next(iter(attributions.values()), "")
    report.warn(
        unit.first_line,
        _("A quote whose speaker (“%(name)s”) is not among the people; no speaker set.")
        % {"name": named.strip() or "?"},
    )


def parse(data: bytes, people=(), source_language=None, configured=None) -> Report:
    """Understand a parallel-text document. Pure: reads only its arguments.

    ``people`` is ``[(person_id, [names in every language], slug)]``.
    """
    configured = configured or language_codes()
    check_source_language(source_language, configured)
    # A unit has at most one line per language; so do the titles.
    lines = read_lines(decode(data), max_lines=(MAX_UNITS + 1) * len(configured))
    return parse_lines(lines, people, source_language, configured)


def check_source_language(source_language, configured):
    if source_language is not None and source_language not in configured:
        raise ImportRefused(
            _("Unknown source language “%(code)s”; choose one of %(codes)s.")
            % {"code": source_language, "codes": ", ".join(configured)}
        )


def new_report(source_language, place="line"):
    return Report(
        languages=[],
        lead_language="",
        source_language="",
        source_given=source_language is not None,
        titles={},
        units=[],
        warnings=[],
        place=place,
    )


def parse_lines(lines, people, source_language, configured, place="line") -> Report:
    """Parallel text from its lines, whether a text file's or a Word document's."""
    identify_lines(lines, configured)
    order = language_order(lines)
    report = new_report(source_language, place)
    fill_by_position(lines, order, report)
    seen = {line.language for line in lines}
    languages = [code for code in order if code in seen]
    languages += [code for code in configured if code in seen and code not in languages]
    report.languages = languages
    report.titles, taken = take_titles(lines, report, len(languages))
    body = lines[taken:]
    if not report.titles:
        report.warn(None, _("No title lines: the release is imported without a title."))
    if not body:
        raise ImportRefused(_("The file has titles but no paragraphs."))
    lead = body[0].language
    report.lead_language = lead
    report.source_language = source_language or lead
    if report.source_language not in languages:
        raise ImportRefused(
            _("The source language %(language)s does not occur in the file.")
            % {"language": display_name(report.source_language)}
        )
    if source_language is None:
        report.warn(
            None,
            _("Source language: %(language)s, the language of the first paragraph.")
            % {"language": display_name(lead)},
        )
    for leads, others in block_runs(body, lead):
        report.units.extend(pair_block(leads, others, report))
    finish(report, body, people)
    return report


def finish(report, lines, people):
    """Kinds, speakers and the checks every import's units get, however paired.

    ``lines`` are the units' ``Line``s; a unit's ``lines`` name them by
    number, per language.
    """
    lead = report.lead_language
    languages = report.languages
    line_of = {(line.language, line.number): line for line in lines}
    people = list(people)
    slugs = {
        slug: (person_id, names[0] if names else slug)
        for person_id, names, slug in people
    }
    people_names = [(person_id, names) for person_id, names, _slug in people]
    if len(report.units) > MAX_UNITS:
        raise ImportRefused(
            _("The file has %(count)s paragraphs; at most %(limit)s can be imported.")
            % {"count": len(report.units), "limit": MAX_UNITS}
        )
    for unit in report.units:
        unit_lines = sorted(
            (line_of[code, number] for code, number in unit.lines.items()),
            key=lambda line: (line.language != lead, line.number),
        )
        classify(unit, unit_lines, people_names, slugs, report)
        check_lengths(unit, lead, report)
    for unit in report.units:
        missing = [code for code in languages if code not in unit.texts]
        if missing and lead in unit.texts and not unit.doubt:  # doubts say why
            report.warn(
                unit.lines[lead],
                _("No translation into %(languages)s.")
                % {"languages": ", ".join(display_name(code) for code in missing)},
            )
    for code in languages:
        if code not in report.titles and report.titles:
            report.warn(
                None, _("No title in %(language)s.") % {"language": display_name(code)}
            )
    report.sort_warnings()


# Saving


def people_for_matching():
    """``parse()``'s ``people``: every person's names in every language, one query."""
    from .models import Person

    fields = [f"name_{code}" for code in language_codes()]
    return [
        (row[0], [name for name in row[2:] if name], row[1])
        for row in Person.objects.values_list("pk", "slug", *fields)
    ]


def validate(obj, exclude):
    """The model's own limits, so nothing is cut short or refused by the database."""
    try:
        obj.clean_fields(exclude=exclude)
    except ValidationError as error:
        raise ImportRefused(
            "; ".join(
                f"{field}: {' '.join(messages)}"
                for field, messages in error.message_dict.items()
            )
        ) from None


@transaction.atomic
def import_release(report: Report, film=None):
    """Save a parsed report as one draft release; its translations start current."""
    with completeness.deferred():  # the release recorded once, at the end
        article = save_release(report, film)
        completeness.changed([article.pk])  # bulk_create sends no signal
    return article


def save_release(report, film):
    from .models import Article, Paragraph

    source = report.source_language
    article = Article(source_language=source, film=film)
    for code, (text, _line) in report.titles.items():
        setattr(article, f"title_{code}", text)
    source_title = report.titles.get(source, ("", None))[0]
    if source_title:
        digest = text_digest(source_title)
        article.translated_from = {
            "title": {code: digest for code in report.titles if code != source}
        }
    validate(article, exclude=["slug"])
    article.save()
    paragraphs = []
    speakers = set()
    for position, unit in enumerate(report.units, 1):
        paragraph = Paragraph(
            article=article,
            position=position,
            kind=unit.kind,
            speaker_id=unit.speaker_id if unit.kind == "quote" else None,
        )
        for code, text in unit.texts.items():
            setattr(paragraph, f"text_{code}", text)
        digest = text_digest(unit.texts.get(source, ""))
        paragraph.source_digest = digest
        if unit.texts.get(source):
            paragraph.translated_from = {
                "text": {code: digest for code in unit.texts if code != source}
            }
        paragraphs.append(paragraph)
        if paragraph.speaker_id:
            speakers.add(paragraph.speaker_id)
    Paragraph.objects.bulk_create(paragraphs, batch_size=500)
    if speakers:
        article.people.add(*speakers)
    add_gallery(article, report.images)
    return article


def add_gallery(article, images):
    """A Word document's pictures, checked again as they are stored."""
    from django.core.files.base import ContentFile

    from .models import ArticleImage, Image

    for position, (name, data) in enumerate(images, 1):
        image = Image(file=ContentFile(data, name=name))
        try:
            image.save()
        except ValidationError as error:
            raise ImportRefused(
                _("The image %(image)s cannot be stored: %(reason)s")
                % {"image": name, "reason": " ".join(error.messages)}
            ) from None
        ArticleImage.objects.create(article=article, image=image, position=position)


def import_files(files, source_language=None, film=None, dry_run=False, user=None):
    """Parse ``[(name, bytes)]`` and, unless ``dry_run``, save as one revision.

    One text file, one Word document or one Word document per language.
    Returns ``(report, article or None)``.
    """
    from .word.importing import parse_files

    report = parse_files(files, people_for_matching(), source_language)
    if dry_run:
        return report, None
    names = ", ".join(name for name, _data in files)
    with release_revision(user, "imported", file=names) as revision:
        revision.article = import_release(report, film=film)
    return report, revision.article


def import_file(
    data: bytes, source_language=None, film=None, dry_run=False, user=None, filename=""
):
    """One file; see ``import_files``."""
    return import_files([(filename, data)], source_language, film, dry_run, user)


# Writing


def export_release(article, languages, plain=False) -> str:
    """The parallel text of ``article`` in ``languages`` (or plain text of one)."""
    paragraphs = list(article.paragraphs.select_related("speaker").order_by("position"))
    out = []
    for code in languages:
        title = article.text_in("title", code).text
        if title:
            out.append(title)
    if plain:
        out.append("")
    for paragraph in paragraphs:
        texts = [(code, paragraph.text_in("text", code).text) for code in languages]
        texts = [(code, text) for code, text in texts if text]
        if not texts:
            continue
        for _code, text in texts:
            out.append(mark(paragraph, text, texts, plain))
        if plain:
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def mark(paragraph, text, texts, plain):
    if plain:
        return text
    if paragraph.kind == "heading":
        return f"# {text}"
    if paragraph.kind == "quote":
        speaker = paragraph.speaker
        named = speaker is not None and any(
            find_speaker(other, [(speaker.pk, speaker_names(speaker))])
            for _code, other in texts
        )
        if speaker is not None and not named:
            return f">{{{speaker.slug}}} {text}"
        return f"> {text}"
    return text


def speaker_names(person):
    return [
        getattr(person, f"name_{code}")
        for code in language_codes()
        if getattr(person, f"name_{code}")
    ]


def summary(report: Report) -> list[str]:
    """The report as text lines, for the command and the logs."""
    lines = [
        _("Languages: %(languages)s") % {"languages": ", ".join(report.languages)},
        _("Source language: %(language)s") % {"language": report.source_language},
    ]
    for code, text, where in report.title_rows():
        lines.append(_("Title [%(code)s] (%(where)s): %(text)s") % {
            "code": code, "where": where, "text": text,
        })  # fmt: skip
    counts = Counter(unit.kind for unit in report.units)
    lines.append(
        _("%(count)s units: %(text)s text, %(heading)s headings, %(quote)s quotes")
        % {
            "count": len(report.units),
            "text": counts["text"],
            "heading": counts["heading"],
            "quote": counts["quote"],
        }
    )
    for number, (unit, cells) in enumerate(report.unit_rows(), 1):
        speaker = f" — {unit.speaker_name}" if unit.speaker_name else ""
        doubt = " " + _("(not paired: check)") if unit.doubt else ""
        lines.append(f"{number:>4}. [{unit.kind}{speaker}]{doubt}")
        for code, text, where in cells:
            if text is None:
                lines.append(f"      {code}: —")
            else:
                lines.append(f"      {code} ({where}): {text}")
    for number, message in report.warnings:
        where = report.where(number) if number else _("file")
        lines.append(
            _("Warning (%(where)s): %(message)s") % {"where": where, "message": message}
        )
    for name, _data in report.images:
        lines.append(_("Gallery image: %(name)s") % {"name": name})
    return lines
