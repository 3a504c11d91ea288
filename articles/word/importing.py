"""Word documents into a draft release, reported before anything is saved.

Three shapes reach a press office: a table with one column per language (a
translation agency's), one document per language (``release.en.docx``,
``release.ru.docx``), and parallel text typed into Word. Each becomes the same
``Report`` as a parallel-text file, so the report page, the confirm and
``import_release()`` are shared; only the pairing differs.
"""

import hashlib
import io
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from .. import importers
from ..importers import ImportRefused, Line, Unit
from ..language_detection import identify, script_candidates
from ..languages import display_name, language_codes, language_name_in, local_name
from . import align
from .package import WordRefused, open_document
from .text import notice_messages, read_document

WORD_EXTENSIONS = (".docx", ".docm", ".dotx", ".dotm", ".doc")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_IMAGES = 50  # a release's gallery; more is a document of scans, not a release
QUOTED_START = 60  # characters of a paragraph a warning quotes
# Other names a header cell gives a language: ISO 639-2 codes and the short
# forms agencies type.
HEADER_ALIASES = {
    "en": {"eng", "engl", "англ", "ағылш", "ing", "inglés"},
    "ru": {"rus", "рус", "русский язык", "ruso"},
    "kk": {"kaz", "kz", "каз", "қаз", "қазақ тілі", "казахский язык", "kazajo"},
    "es": {"spa", "esp", "исп", "español", "castellano"},
}


def is_word(name, data):
    """By content first: a renamed file is what its bytes say."""
    return data.startswith((ZIP_MAGIC, OLE_MAGIC)) or name.lower().endswith(
        WORD_EXTENSIONS
    )


def parse_files(files, people=(), source_language=None, configured=None):
    """A report for one text file, or one or more Word documents.

    ``files`` is ``[(name, bytes)]`` in the order the user gave them.
    """
    configured = configured or language_codes()
    importers.check_source_language(source_language, configured)
    if not files:
        raise ImportRefused(_("No file was given."))
    if len(files) == 1 and not is_word(*files[0]):
        return importers.parse(files[0][1], people, source_language, configured)
    for name, data in files:
        if not is_word(name, data):
            raise ImportRefused(
                _(
                    "%(file)s is not a Word document: several files are imported "
                    "together only as Word documents, one per language."
                )
                % {"file": name}
            )
    if len(files) > len(configured):
        raise ImportRefused(
            _(
                "%(count)s documents were given; one per language is expected, so "
                "at most %(limit)s."
            )
            % {"count": len(files), "limit": len(configured)}
        )
    readings = [(name, read(name, data)) for name, data in files]
    if len(readings) == 1:
        name, reading = readings[0]
        table = main_table(reading)
        if table is not None:
            report = parse_table(table, reading, people, source_language, configured)
        else:
            report = parse_paragraphs(reading, people, source_language, configured)
        report.files = [(name, "")]
    else:
        report = parse_per_language(readings, people, source_language, configured)
    for name, reading in readings:
        prefix = f"{name}: " if len(readings) > 1 else ""
        for message in notice_messages(reading.notices):
            report.warn(None, prefix + message)
    gallery(report, readings)
    report.sort_warnings()
    return report


def read(name, data):
    try:
        return read_document(open_document(data, name))
    except WordRefused as refusal:
        raise ImportRefused(f"{name}: {refusal}") from None


def check_length(text, number, place):
    if len(text) > importers.MAX_PARAGRAPH:
        raise ImportRefused(
            _("%(place)s has %(length)s characters; at most %(limit)s are allowed.")
            % {"place": place, "length": len(text), "limit": importers.MAX_PARAGRAPH}
        )


def marked(line):
    """A Pressroom export's ``# `` and ``> `` marks, typed into Word."""
    if match := importers.HEADING_MARK.match(line.text):
        line.text, line.marker = line.text[match.end() :], "heading"
    elif match := importers.QUOTE_MARK.match(line.text):
        line.text, line.marker = line.text[match.end() :], "quote"
        line.speaker_slug = match.group("slug")
    return line


def quoted(text):
    """The start of a paragraph, to name it in a warning."""
    text = " ".join(text.split())
    if len(text) <= QUOTED_START:
        return f"“{text}”"
    return f"“{text[:QUOTED_START].rstrip()}…”"


# Parallel text typed into Word


def parse_paragraphs(reading, people, source_language, configured):
    """Each Word paragraph is a line of parallel text; empty ones separate groups."""
    lines = []
    previous = 0
    leading = True  # a Title or Heading style on the first lines marks a title
    for paragraph in reading.paragraphs:
        check_length(paragraph.text, paragraph.number, place(paragraph.number))
        line = marked(Line(paragraph.number, paragraph.text.strip()))
        line.after_blank = paragraph.number != previous + 1
        previous = paragraph.number
        leading = leading and paragraph.heading
        if paragraph.heading and not leading and line.marker is None:
            line.marker = "heading"
        lines.append(line)
        if len(lines) > (importers.MAX_UNITS + 1) * len(configured):
            raise ImportRefused(
                _("The document has more than %(limit)s paragraphs.")
                % {"limit": importers.MAX_UNITS * len(configured)}
            )
    if not lines:
        raise ImportRefused(_("The document has no text."))
    report = importers.parse_lines(
        lines, people, source_language, configured, place="paragraph"
    )
    if reading.tables:
        report.warn(
            None,
            ngettext(
                "%(count)s table was left out: the release is read from the "
                "paragraphs around it.",
                "%(count)s tables were left out: the release is read from the "
                "paragraphs around them.",
                len(reading.tables),
            )
            % {"count": len(reading.tables)},
        )
    return report


def place(number):
    return _("Paragraph %(number)s") % {"number": number}


# A multilingual table


def main_table(reading):
    """The table that holds the release: the one with most rows of two columns,
    unless the text outside tables is longer (a release typed as parallel
    text, with a table of contacts or screenings in it)."""
    tables = [
        table
        for table in reading.tables
        if len(table.rows) >= 2
        and sum(1 for cell in table.rows[0] if not cell.merged or cell.text) >= 2
    ]
    table = max(tables, key=lambda table: len(table.rows), default=None)
    if table is None:
        return None
    in_table = sum(len(cell.text) for row in table.rows for cell in row)
    outside = sum(len(paragraph.text) for paragraph in reading.paragraphs)
    return table if in_table >= outside else None


def header_languages(row, configured):
    """Each column's language by its header cell, or None if the row is text."""
    names = {}
    for code in configured:
        found = {code, local_name(code), *HEADER_ALIASES.get(code, ())}
        for interface in configured:
            with override(interface):
                found.add(display_name(code))
            found.add(language_name_in(code, interface))
        names.update((normal(name), code) for name in found)
    columns = {}
    for index, cell in enumerate(row):
        text = normal(cell.text)
        if text:
            columns[index] = names.get(text) or names.get(
                re.split(r"[\s(/:,-]", text)[0]
            )
    named = sum(1 for code in columns.values() if code)
    # A row of text may hold a language's name; a header names most columns.
    return columns if named >= max(1, len(columns) - named) else None


def normal(text):
    return " ".join(text.casefold().replace("ё", "е").split()).strip(" .:*()")


def column_languages(table, configured, report):
    """``({column: language}, rows after the header)``; a refusal if unclear."""
    header = header_languages(table.rows[0], configured)
    rows = list(enumerate(table.rows, 1))
    if header is not None:
        rows = rows[1:]
        for index, code in sorted(header.items()):
            if code is None:
                report.warn(
                    1,
                    _("Column %(column)s (“%(header)s”) is not a language; left out.")
                    % {"column": index + 1, "header": table.rows[0][index].text},
                )
        columns = {index: code for index, code in header.items() if code}
    else:
        columns = {}
        for index in range(len(table.rows[0])):
            text = "\n".join(row[index].text for row in table.rows if index < len(row))
            if sum(character.isalpha() for character in text) < 20:
                if text.strip():
                    report.warn(
                        None,
                        _("Column %(column)s holds no text to import; left out.")
                        % {"column": index + 1},
                    )
                continue
            result = identify(text, configured)
            if result.reason == "unconfigured":
                raise ImportRefused(
                    _(
                        "Column %(column)s is in a language that is not configured "
                        "(identified as “%(code)s”)."
                    )
                    % {"column": index + 1, "code": result.detected}
                )
            if not result.confident:
                raise ImportRefused(
                    _(
                        "Cannot tell the language of column %(column)s; give the "
                        "table a first row naming each column's language."
                    )
                    % {"column": index + 1}
                )
            columns[index] = result.language
    seen = {}
    for index, code in sorted(columns.items()):
        if code in seen:
            raise ImportRefused(
                _("Columns %(first)s and %(second)s are both in %(language)s.")
                % {
                    "first": seen[code] + 1,
                    "second": index + 1,
                    "language": display_name(code),
                }
            )
        seen[code] = index
    if len(columns) < 1:
        raise ImportRefused(_("No column of the table is in a known language."))
    return columns, rows


def parse_table(table, reading, people, source_language, configured):
    """One row per unit; the first row is the title when it reads like one."""
    report = importers.new_report(source_language, place="row")
    if len(table.rows) > importers.MAX_UNITS + 2:  # a header and a title row
        raise ImportRefused(
            _("The table has %(count)s rows; at most %(limit)s can be imported.")
            % {"count": len(table.rows), "limit": importers.MAX_UNITS + 2}
        )
    columns, rows = column_languages(table, configured, report)
    languages = [columns[index] for index in sorted(columns)]
    lead = source_language if source_language in languages else languages[0]
    if source_language is not None and source_language not in languages:
        raise ImportRefused(
            _("The source language %(language)s is not a column of the table.")
            % {"language": display_name(source_language)}
        )
    report.languages = [lead] + [code for code in languages if code != lead]
    report.lead_language = lead
    report.source_language = lead
    if source_language is None:
        report.warn(
            None,
            _("Source language: %(language)s, the language of the first column.")
            % {"language": display_name(lead)},
        )
    lines = []
    units = []
    for number, row in rows:
        texts = {}
        for index, code in columns.items():
            cell = row[index] if index < len(row) else None
            if cell is None:
                continue
            if cell.merged and not cell.text:
                if not all(other.merged for other in row):
                    report.warn(
                        number,
                        _(
                            "The %(language)s cell is merged with another; it is "
                            "left empty here."
                        )
                        % {"language": display_name(code)},
                    )
                continue
            if cell.merged:
                report.warn(
                    number,
                    _(
                        "The %(language)s cell spans several columns; its text is "
                        "taken as %(language)s only."
                    )
                    % {"language": display_name(code)},
                )
            text = cell.text.strip()
            if not text:
                continue
            check_length(text, number, _("Row %(number)s") % {"number": number})
            line = marked(Line(number, text, language=code, confident=True))
            if cell.heading and line.marker is None:
                line.marker = "heading"
            script_check(line, code, report)
            texts[code] = line
        if texts and lead not in texts and units:
            report.warn(
                number,
                _("No %(language)s text in this row; imported without a source text.")
                % {"language": display_name(lead)},
            )
        if texts:
            units.append(texts)
            lines.extend(texts.values())
    if not units:
        raise ImportRefused(_("The table has no text to import."))
    first = units[0]
    if all(importers.looks_like_title(line) or line.marker for line in first.values()):
        report.titles = {code: (line.text, line.number) for code, line in first.items()}
        units = units[1:]
        lines = [line for line in lines if line not in first.values()]
    else:
        report.warn(None, _("No title row: the release is imported without a title."))
    if not units:
        raise ImportRefused(_("The table has a title but no paragraphs."))
    for texts in units:
        report.units.append(
            Unit(
                texts={code: line.text for code, line in texts.items()},
                lines={code: line.number for code, line in texts.items()},
            )
        )
    outside = [paragraph.text for paragraph in reading.paragraphs]
    if outside:
        report.warn(
            None,
            ngettext(
                "%(count)s paragraph outside the table was left out: %(text)s.",
                "%(count)s paragraphs outside the table were left out, the first: "
                "%(text)s.",
                len(outside),
            )
            % {"count": len(outside), "text": quoted(outside[0])},
        )
    importers.finish(report, lines, people)
    return report


def script_check(line, code, report):
    """A cell in a script its column's language is not written in: a swap."""
    candidates = script_candidates(line.text, language_codes())
    if code not in candidates:
        report.warn(
            line.number,
            _(
                "The %(language)s cell is written in another script (perhaps "
                "%(guess)s); check the columns."
            )
            % {
                "language": display_name(code),
                "guess": " / ".join(display_name(other) for other in candidates) or "?",
            },
        )


# One document per language


def document_language(name, reading, configured):
    """The language a file's name says (``release.ru.docx``) or its text does."""
    stem = name.rsplit("/", 1)[-1].lower()
    parts = set(re.split(r"[^a-z]+", stem.rsplit(".", 1)[0]))
    named = [code for code in configured if code in parts]
    text = "\n".join(paragraph.text for paragraph in reading.paragraphs[:200])
    result = identify(text[:20_000], configured)
    if result.reason == "unconfigured":
        raise ImportRefused(
            _(
                "%(file)s is in a language that is not configured (identified as "
                "“%(code)s”); this site publishes in %(languages)s."
            )
            % {
                "file": name,
                "code": result.detected,
                "languages": ", ".join(display_name(code) for code in configured),
            }
        )
    if len(named) == 1:
        if result.confident and result.language != named[0]:
            raise ImportRefused(
                _("The name of %(file)s says %(named)s, but its text is %(found)s.")
                % {
                    "file": name,
                    "named": display_name(named[0]),
                    "found": display_name(result.language),
                }
            )
        return named[0]
    if not result.confident:
        raise ImportRefused(
            _(
                "Cannot tell the language of %(file)s; name the file after its "
                "language, e.g. release.%(code)s.docx."
            )
            % {"file": name, "code": configured[0]}
        )
    return result.language


def split_title(reading):
    """``(title paragraph or None, body paragraphs)``."""
    paragraphs = reading.paragraphs
    if not paragraphs:
        return None, []
    first = paragraphs[0]
    line = Line(first.number, first.text)
    if len(paragraphs) > 1 and (first.heading or importers.looks_like_title(line)):
        return first, paragraphs[1:]
    return None, paragraphs


def parse_per_language(readings, people, source_language, configured):
    """Align each document with the source's, paragraph by paragraph."""
    report = importers.new_report(source_language, place="paragraph")
    documents = {}
    for name, reading in readings:
        code = document_language(name, reading, configured)
        if code in documents:
            raise ImportRefused(
                _("%(first)s and %(second)s are both in %(language)s.")
                % {
                    "first": documents[code][0],
                    "second": name,
                    "language": display_name(code),
                }
            )
        documents[code] = (name, reading)
    if source_language is not None and source_language not in documents:
        raise ImportRefused(
            _("The source language %(language)s is not among the documents.")
            % {"language": display_name(source_language)}
        )
    lead = source_language or next(iter(documents))
    report.languages = [lead] + [code for code in documents if code != lead]
    report.lead_language = report.source_language = lead
    report.files = [(documents[code][0], code) for code in report.languages]
    if source_language is None:
        report.warn(
            None,
            _("Source language: %(language)s, the language of the first document.")
            % {"language": display_name(lead)},
        )
    bodies = {}
    for code in report.languages:
        name, reading = documents[code]
        title, body = split_title(reading)
        for paragraph in body:
            check_length(paragraph.text, paragraph.number, place(paragraph.number))
        if len(body) > importers.MAX_UNITS:
            raise ImportRefused(
                _(
                    "%(file)s has %(count)s paragraphs; at most %(limit)s can be "
                    "imported."
                )
                % {"file": name, "count": len(body), "limit": importers.MAX_UNITS}
            )
        if title is not None:
            report.titles[code] = (title.text.strip(), title.number)
        elif code == lead:
            report.warn(None, _("No title: the release is imported without a title."))
        bodies[code] = body
    if not bodies[lead]:
        raise ImportRefused(_("%(file)s has no text.") % {"file": documents[lead][0]})
    pairing = Pairing(lead, bodies[lead])
    for code in report.languages[1:]:
        pairing.add(code, bodies[code], documents, report)
    report.units = pairing.units
    lines = []
    for unit in report.units:
        for code, text in unit.texts.items():
            line = Line(unit.lines[code], text, language=code, confident=True)
            if pairing.headings.get(id(unit)):
                line.marker = "heading"
            lines.append(marked(line))
            unit.texts[code] = lines[-1].text
    importers.finish(report, lines, people)
    return report


class Pairing:
    """Units built from the source document, each other language aligned in.

    Where another document keeps whole what the source splits (2–1), the two
    source paragraphs become one unit; where it splits what the source keeps
    whole (1–2), its halves are joined. A doubtful link pairs nothing: both
    sides stay separate units, marked for the editor to check.
    """

    def __init__(self, lead, body):
        self.lead = lead
        self.body = body
        self.units = [
            Unit(texts={lead: p.text.strip()}, lines={lead: p.number}) for p in body
        ]
        self.unit_of = list(self.units)  # the unit each source paragraph is in
        self.headings = {
            id(unit): p.heading for unit, p in zip(self.units, body, strict=True)
        }

    def add(self, code, body, documents, report):
        lead_name, other_name = documents[self.lead][0], documents[code][0]
        links = align.align(pieces(self.body), pieces(body))
        previous = None  # the last source paragraph seen, to place orphans after
        for link in links:
            left = [self.body[index] for index in link.left]
            right = [body[index] for index in link.right]
            if link.left:
                previous = link.left[-1]
            if not right:
                continue
            if not left or link.doubtful:
                self.orphans(code, right, previous, left)
                if left:
                    report.warn(
                        left[0].number,
                        _(
                            "Not paired, the alignment is doubtful: %(lead)s "
                            "%(lead_where)s %(lead_text)s and %(other)s "
                            "%(other_where)s %(other_text)s. Check them."
                        )
                        % {
                            "lead": lead_name,
                            "lead_where": numbers(left),
                            "lead_text": quoted(left[0].text),
                            "other": other_name,
                            "other_where": numbers(right),
                            "other_text": quoted(right[0].text),
                        },
                    )
                    for index in link.left:
                        self.unit_of[index].doubt = True
                else:
                    report.warn(
                        self.unit_of[previous].lines[self.lead]
                        if previous is not None
                        else None,
                        _(
                            "%(file)s %(where)s %(text)s has no counterpart in "
                            "%(lead)s; kept as a paragraph without a source text. "
                            "Check it."
                        )
                        % {
                            "file": other_name,
                            "where": numbers(right),
                            "text": quoted(right[0].text),
                            "lead": lead_name,
                        },
                    )
                continue
            if len(left) == 2:
                self.merge(link.left[0], link.left[1])
                report.warn(
                    left[0].number,
                    _(
                        "%(lead)s %(lead_where)s are one paragraph in %(other)s "
                        "(%(other_where)s); imported as one paragraph."
                    )
                    % {
                        "lead": lead_name,
                        "lead_where": numbers(left),
                        "other": other_name,
                        "other_where": numbers(right),
                    },
                )
            elif len(right) == 2:
                report.warn(
                    left[0].number,
                    _(
                        "%(other)s splits %(lead)s %(lead_where)s in two "
                        "(%(other_where)s); the halves are joined."
                    )
                    % {
                        "lead": lead_name,
                        "lead_where": numbers(left),
                        "other": other_name,
                        "other_where": numbers(right),
                    },
                )
            unit = self.unit_of[link.left[0]]
            text = " ".join(p.text.strip() for p in right)
            if code in unit.texts:  # two source paragraphs merged by another language
                unit.texts[code] += " " + text
            else:
                unit.texts[code] = text
                unit.lines[code] = right[0].number

    def merge(self, first, second):
        keep, gone = self.unit_of[first], self.unit_of[second]
        if keep is gone:
            return
        for code, text in gone.texts.items():
            if code in keep.texts:
                keep.texts[code] += " " + text
            else:
                keep.texts[code] = text
                keep.lines[code] = gone.lines[code]
        keep.doubt = keep.doubt or gone.doubt
        self.units.remove(gone)
        self.unit_of = [keep if unit is gone else unit for unit in self.unit_of]

    def orphans(self, code, right, previous, left):
        """Units of one language, after the source paragraph they follow."""
        after = self.unit_of[previous] if previous is not None else None
        position = self.units.index(after) + 1 if after is not None else 0
        while (
            position < len(self.units)
            and self.units[position].doubt
            and (self.lead not in self.units[position].texts)
        ):
            position += 1  # after the orphans already placed there
        for offset, paragraph in enumerate(right):
            unit = Unit(
                texts={code: paragraph.text.strip()},
                lines={code: paragraph.number},
                doubt=True,
            )
            self.headings[id(unit)] = paragraph.heading
            self.units.insert(position + offset, unit)


def pieces(paragraphs):
    return align.pieces(
        [paragraph.text for paragraph in paragraphs],
        [paragraph.heading for paragraph in paragraphs],
    )


def numbers(paragraphs):
    if len(paragraphs) == 1:
        return _("paragraph %(number)s") % {"number": paragraphs[0].number}
    return _("paragraphs %(first)s–%(last)s") % {
        "first": paragraphs[0].number,
        "last": paragraphs[-1].number,
    }


# Images


def gallery(report, readings):
    """Embedded images, each checked as an upload; a refused one is reported."""
    from ..imaging.uploads import check_image

    seen = set()
    for name, reading in readings:
        for image in reading.images:
            digest = hashlib.sha256(image.data).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            if len(report.images) == MAX_IMAGES:
                report.warn(
                    None,
                    _("Only the first %(limit)s images become the gallery.")
                    % {"limit": MAX_IMAGES},
                )
                return
            try:
                check_image(io.BytesIO(image.data))
            except ValidationError as error:
                report.warn(
                    None,
                    _("%(file)s: the image %(image)s is left out: %(reason)s")
                    % {
                        "file": name,
                        "image": image.name,
                        "reason": " ".join(error.messages),
                    },
                )
                continue
            report.images.append((image.name, image.data))
