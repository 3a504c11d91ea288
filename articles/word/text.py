"""A Word document as plain text: what a person reading it would take as its text.

The text is what Word shows with all tracked changes accepted and no markup:
insertions kept, deletions gone, comments, footnotes and text boxes left out,
fields shown as their result. python-docx's own ``.text`` is not used: it drops
the runs inside ``w:ins``. What had to be dropped to make plain text is counted
in ``Reading.notices`` and told with ``notice_messages``.
"""

import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .package import WordRefused

# A press release has a few hundred paragraphs; 20,000 is a book. Above that the
# document is refused before any of it is read, which bounds the work.
MAX_PARAGRAPHS = 20_000
# Word cannot make a table wider than 63 columns.
MAX_TABLE_COLUMNS = 63
# All tables together, counted in grid cells (rows x columns).
MAX_TABLE_CELLS = 100_000
MAX_IMAGES = 50

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
V = "{urn:schemas-microsoft-com:vml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

INSERTED = (W + "ins", W + "moveTo")
DELETED = (W + "del", W + "moveFrom")
# Nothing a reader sees: markers, properties, and what is left out on purpose.
SILENT = {
    W + tag
    for tag in (
        "pPr",
        "rPr",
        "sdtPr",
        "sdtEndPr",
        "bookmarkStart",
        "bookmarkEnd",
        "commentRangeStart",
        "commentRangeEnd",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "proofErr",
        "permStart",
        "permEnd",
        "customXmlPr",
        "subDoc",
    )
}
FORMATTING = {
    W + tag
    for tag in (
        "b",
        "i",
        "u",
        "strike",
        "dstrike",
        "highlight",
        "color",
        "vertAlign",
        "caps",
        "smallCaps",
        "shd",
        "em",
        "outline",
        "shadow",
        "emboss",
        "imprint",
    )
}
# Values that switch a formatting property off (or leave the text as it is).
PLAIN_VALUES = {"0", "false", "off", "none", "auto", "000000", "baseline", "clear"}
HEADING_NAME = re.compile(r"title|heading [1-9]")

# Notices in the order they are told.
NOTICES = (
    "tracked_insertions",
    "tracked_deletions",
    "formatting",
    "list_items",
    "links",
    "fields",
    "comments",
    "footnotes",
    "text_boxes",
    "hidden_text",
    "nested_tables",
    "linked_images",
    "images_left_out",
)


@dataclass
class WordParagraph:
    text: str  # plain text; a line break inside the paragraph is "\n"
    heading: bool = False  # a Title or Heading N style (or an outline level)
    number: int = 0  # 1-based position among the body's paragraphs (not in tables)


@dataclass
class WordCell:
    text: str  # the cell's paragraphs joined by "\n"
    heading: bool = False  # every non-empty paragraph of the cell is a heading
    merged: bool = False  # spans columns (gridSpan) or rows (vMerge continuation)


@dataclass
class WordTable:
    rows: list  # list[list[WordCell]], one WordCell per grid column
    number: int = 0  # 1-based position among the document's tables


@dataclass
class WordImage:
    name: str  # the part's file name, e.g. "image1.png"
    data: bytes
    content_type: str


@dataclass
class Reading:
    paragraphs: list = field(default_factory=list)  # body paragraphs outside tables
    tables: list = field(default_factory=list)
    images: list = field(default_factory=list)  # in order of first appearance
    # What was changed to make plain text, for the report: a key -> a count,
    # present only when the count is not 0. Keys, in NOTICES: "formatting"
    # (paragraphs), "tracked_insertions", "tracked_deletions", "comments",
    # "footnotes" (footnote and endnote references), "text_boxes", "fields"
    # (every field: its result is kept as fixed text, its instruction dropped),
    # "links" (hyperlinks: text kept, address dropped), "list_items"
    # (paragraphs whose number or bullet was dropped), "hidden_text" (runs),
    # "nested_tables", "linked_images", "images_left_out".
    notices: dict = field(default_factory=dict)


def paragraph_text(p) -> str:
    """The plain text of a ``w:p`` element: insertions kept, deletions left out."""
    return _Reader(None).paragraph(p).text.strip(" \t\r\n")


def read_document(document) -> Reading:
    """Everything an import needs from a python-docx ``Document``.

    Paragraph and cell texts are stripped of spaces, tabs and line breaks at
    both ends (not of non-breaking spaces). A paragraph whose mark was deleted
    in tracked changes is merged with the next one, as Word does on accepting:
    the merged paragraph takes the next one's style (its surviving mark) and
    the number of its first paragraph that has text.
    """
    body = document.element.body
    paragraphs = sum(1 for _paragraph in body.iter(W + "p"))
    if paragraphs > MAX_PARAGRAPHS:
        raise WordRefused(
            _(
                "This document has %(count)s paragraphs, more than the limit of "
                "%(limit)s. Split it into smaller documents and send them one by "
                "one."
            )
            % {
                "count": number_format(paragraphs, force_grouping=True),
                "limit": number_format(MAX_PARAGRAPHS, force_grouping=True),
            }
        )
    reader = _Reader(document.part)
    reading = Reading()
    for item in reader.blocks_read(body, numbered=True):
        if isinstance(item, WordParagraph):
            reading.paragraphs.append(item)
        else:
            reading.tables.append(
                WordTable(reader.table(item), number=len(reading.tables) + 1)
            )
    comments = {
        element.get(W + "id")
        for element in body.iter(W + "commentRangeStart", W + "commentReference")
    }
    reader.notices["comments"] = len(comments)
    reading.images = reader.images
    reading.notices = {key: n for key, n in reader.notices.items() if n}
    return reading


def notice_messages(notices) -> list[str]:
    """One sentence per notice, in the order of ``NOTICES``, for the report."""
    messages = []
    insertions = notices.get("tracked_insertions", 0)
    deletions = notices.get("tracked_deletions", 0)
    if insertions and deletions:
        messages.append(
            _("%(insertions)s and %(deletions)s were taken as accepted.")
            % {
                "insertions": ngettext(
                    "%(count)d tracked insertion",
                    "%(count)d tracked insertions",
                    insertions,
                )
                % {"count": insertions},
                "deletions": ngettext(
                    "%(count)d deletion", "%(count)d deletions", deletions
                )
                % {"count": deletions},
            }
        )
    elif insertions:
        messages.append(
            ngettext(
                "%(count)d tracked insertion was taken as accepted.",
                "%(count)d tracked insertions were taken as accepted.",
                insertions,
            )
            % {"count": insertions}
        )
    elif deletions:
        messages.append(
            ngettext(
                "%(count)d tracked deletion was taken as accepted.",
                "%(count)d tracked deletions were taken as accepted.",
                deletions,
            )
            % {"count": deletions}
        )
    sentences = {
        "formatting": lambda n: ngettext(
            "Inline formatting (italics, bold, …) was dropped in %(count)d "
            "paragraph: paragraphs are plain text.",
            "Inline formatting (italics, bold, …) was dropped in %(count)d "
            "paragraphs: paragraphs are plain text.",
            n,
        ),
        "list_items": lambda n: ngettext(
            "The number or bullet of %(count)d list item was dropped.",
            "The numbers or bullets of %(count)d list items were dropped.",
            n,
        ),
        "links": lambda n: ngettext(
            "%(count)d link was kept as its text only, without its address.",
            "%(count)d links were kept as their text only, without their addresses.",
            n,
        ),
        "fields": lambda n: ngettext(
            "%(count)d field (a date, page number, cross-reference, …) was kept "
            "as the text it showed.",
            "%(count)d fields (dates, page numbers, cross-references, …) were "
            "kept as the text they showed.",
            n,
        ),
        "comments": lambda n: ngettext(
            "%(count)d comment was left out.", "%(count)d comments were left out.", n
        ),
        "footnotes": lambda n: ngettext(
            "%(count)d footnote or endnote was left out.",
            "%(count)d footnotes or endnotes were left out.",
            n,
        ),
        "text_boxes": lambda n: ngettext(
            "%(count)d text box was left out.",
            "%(count)d text boxes were left out.",
            n,
        ),
        "hidden_text": lambda n: ngettext(
            "%(count)d piece of hidden text was left out.",
            "%(count)d pieces of hidden text were left out.",
            n,
        ),
        "nested_tables": lambda n: ngettext(
            "%(count)d table inside a table cell was read as lines of that cell.",
            "%(count)d tables inside table cells were read as lines of those cells.",
            n,
        ),
        "linked_images": lambda n: ngettext(
            "%(count)d picture is only linked from the document, not in it, and "
            "was left out; insert it into the document to include it.",
            "%(count)d pictures are only linked from the document, not in it, "
            "and were left out; insert them into the document to include them.",
            n,
        ),
        "images_left_out": lambda n: ngettext(
            "%(count)d picture was left out: only the first %(limit)d are read.",
            "%(count)d pictures were left out: only the first %(limit)d are read.",
            n,
        ),
    }
    for key in NOTICES:
        count = notices.get(key, 0)
        if count and key in sentences:
            messages.append(
                sentences[key](count) % {"count": count, "limit": MAX_IMAGES}
            )
    return messages


@dataclass
class _Piece:
    """One ``w:p`` as read, before paragraphs joined by a deleted mark merge."""

    text: str
    heading: bool
    mark_deleted: bool
    formatted: bool
    list_item: bool


@dataclass
class _State:
    out: list = field(default_factory=list)
    fields: list = field(default_factory=list)  # "instruction" or "result"
    insertions: int = 0
    deletions: int = 0
    formatted: bool = False
    links: int = 0


def _on(element, attribute=W + "val"):
    return element is not None and element.get(attribute, "true") not in PLAIN_VALUES


def _choice(alternate):
    """Only one branch of ``mc:AlternateContent``: the first choice, else the
    fallback (both hold the same content, drawn two ways)."""
    chosen = alternate.find(MC + "Choice")
    if chosen is None:
        chosen = alternate.find(MC + "Fallback")
    return () if chosen is None else chosen


class _Reader:
    def __init__(self, part):
        self.part = part
        self.notices = Counter()
        self.images = []
        self.seen_images = set()
        self.paragraph_styles = {}
        self.character_styles = {}
        self.default_style = None
        self.table_cells = 0
        if part is not None:
            self.read_styles()

    def read_styles(self):
        root = None
        for rel in self.part.rels.values():
            if rel.reltype.endswith("/styles") and not rel.is_external:
                root = getattr(rel.target_part, "element", None)
        if root is None:
            return
        for style in root.iter(W + "style"):
            style_id = style.get(W + "styleId")
            name = style.find(W + "name")
            based_on = style.find(W + "basedOn")
            name = "" if name is None else name.get(W + "val", "")
            based_on = None if based_on is None else based_on.get(W + "val")
            if style.get(W + "type") == "paragraph":
                level = style.find(f"{W}pPr/{W}outlineLvl")
                numbered = style.find(f"{W}pPr/{W}numPr/{W}numId")
                self.paragraph_styles[style_id] = (
                    name.lower(),
                    based_on,
                    None if level is None else level.get(W + "val"),
                    None if numbered is None else numbered.get(W + "val") != "0",
                )
                if style.get(W + "default") in ("1", "true", "on"):
                    self.default_style = style_id
            elif style.get(W + "type") == "character":
                formatted = self.rpr_formatted(style.find(W + "rPr"))
                if "hyperlink" in name.lower():
                    formatted = False
                self.character_styles[style_id] = (formatted, based_on)

    def style_chain(self, styles, style_id):
        seen = set()
        while style_id in styles and style_id not in seen:
            seen.add(style_id)
            yield styles[style_id]
            style_id = styles[style_id][-1 if styles is self.character_styles else 1]

    def style_is_heading(self, style_id):
        for name, _based_on, level, _numbered in self.style_chain(
            self.paragraph_styles, style_id
        ):
            if HEADING_NAME.fullmatch(name):
                return True
            if level is not None:
                return level in "012345678" and len(level) == 1
        return False

    def style_is_numbered(self, style_id):
        for *_rest, numbered in self.style_chain(self.paragraph_styles, style_id):
            if numbered is not None:
                return numbered
        return False

    def rpr_formatted(self, rpr):
        if rpr is None:
            return False
        for child in rpr:
            if child.tag in FORMATTING:
                value = child.get(W + "val", "true")
                if child.tag == W + "shd":
                    value = child.get(W + "fill", "auto")
                if value.lower() not in PLAIN_VALUES:
                    return True
        style = rpr.find(W + "rStyle")
        if style is not None:
            return any(
                formatted
                for formatted, _based_on in self.style_chain(
                    self.character_styles, style.get(W + "val")
                )
            )
        return False

    # Blocks: paragraphs and tables, in reading order.

    def blocks(self, container):
        for child in container:
            if child.tag in (W + "p", W + "tbl"):
                yield child
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    yield from self.blocks(content)
            elif child.tag in (W + "customXml", *INSERTED):
                yield from self.blocks(child)
            elif child.tag == MC + "AlternateContent":
                yield from self.blocks(_choice(child))

    def blocks_read(self, container, numbered=False):
        """``WordParagraph`` for each non-empty paragraph (after merging those
        whose mark was deleted) and the ``w:tbl`` elements, in order."""
        pending = []
        number = 0
        for element in self.blocks(container):
            if element.tag == W + "tbl":
                if pending:
                    yield from self.merged(pending)
                    pending = []
                yield element
                continue
            number += 1
            pending.append((number if numbered else 0, self.paragraph(element)))
            if not pending[-1][1].mark_deleted:
                yield from self.merged(pending)
                pending = []
        if pending:
            yield from self.merged(pending)

    def merged(self, pieces):
        text = "".join(piece.text for _number, piece in pieces).strip(" \t\r\n")
        if not text:
            return
        number = next((n for n, piece in pieces if piece.text.strip()), pieces[-1][0])
        last = pieces[-1][1]
        self.notices["formatting"] += any(piece.formatted for _n, piece in pieces)
        self.notices["list_items"] += last.list_item
        yield WordParagraph(text, heading=last.heading, number=number)

    # Paragraphs.

    def paragraph(self, p):
        state = _State()
        self.inline(p, state)
        ppr = p.find(W + "pPr")
        mark = None if ppr is None else ppr.find(W + "rPr")
        mark_deleted = mark is not None and any(
            mark.find(tag) is not None for tag in DELETED
        )
        mark_inserted = mark is not None and any(
            mark.find(tag) is not None for tag in INSERTED
        )
        self.notices["tracked_insertions"] += state.insertions or mark_inserted
        self.notices["tracked_deletions"] += state.deletions or mark_deleted
        self.notices["links"] += state.links
        style = None if ppr is None else ppr.find(W + "pStyle")
        style = self.default_style if style is None else style.get(W + "val")
        level = None if ppr is None else ppr.find(W + "outlineLvl")
        numbering = None if ppr is None else ppr.find(f"{W}numPr/{W}numId")
        return _Piece(
            text="".join(state.out),
            heading=self.style_is_heading(style)
            or (level is not None and level.get(W + "val") in tuple("012345678")),
            mark_deleted=mark_deleted,
            formatted=state.formatted,
            list_item=(
                numbering.get(W + "val") != "0"
                if numbering is not None
                else self.style_is_numbered(style)
            ),
        )

    def inline(self, element, state):
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in SILENT:
                continue
            if tag == W + "r":
                self.run(child, state)
            elif tag in INSERTED:
                state.insertions += 1
                self.inline(child, state)
            elif tag in DELETED:
                state.deletions += 1
            elif tag == W + "hyperlink":
                state.links += 1
                self.inline(child, state)
            elif tag == W + "fldSimple":
                self.notices["fields"] += 1
                self.inline(child, state)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.inline(content, state)
            elif tag == MC + "AlternateContent":
                self.inline(_choice(child), state)
            elif tag == M + "t":
                state.out.append(child.text or "")
            else:  # smartTag, customXml, dir, bdo, math, ruby base...
                self.inline(child, state)

    def run(self, r, state):
        rpr = r.find(W + "rPr")
        if rpr is not None and _on(rpr.find(W + "vanish")):
            self.notices["hidden_text"] += 1
            return
        start = len(state.out)
        self.run_content(r, state)
        if self.rpr_formatted(rpr) and "".join(state.out[start:]).strip():
            state.formatted = True

    def run_content(self, parent, state):
        for child in parent:
            tag = child.tag
            if tag == W + "t":
                if "instruction" not in state.fields:
                    state.out.append(child.text or "")
            elif tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    self.notices["fields"] += 1
                    state.fields.append("instruction")
                elif kind == "separate" and state.fields:
                    state.fields[-1] = "result"
                elif kind == "end" and state.fields:
                    state.fields.pop()
            elif tag in (W + "tab", W + "ptab"):
                state.out.append(" ")
            elif tag in (W + "br", W + "cr"):
                state.out.append("\n")
            elif tag == W + "noBreakHyphen":
                state.out.append("-")
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                self.notices["footnotes"] += 1
            elif tag in (W + "drawing", W + "pict", W + "object"):
                self.graphics(child)
            elif tag == MC + "AlternateContent":
                self.run_content(_choice(child), state)
            elif tag == W + "ruby":
                base = child.find(W + "rubyBase")
                if base is not None:
                    self.inline(base, state)
            # delText, instrText, softHyphen, sym, commentReference: nothing shown

    def graphics(self, element):
        for child in element:
            tag = child.tag
            if tag == MC + "AlternateContent":
                self.graphics(_choice(child))
                continue
            if tag == W + "txbxContent":
                self.notices["text_boxes"] += 1
                continue
            if tag == A + "blip":
                if child.get(R + "embed"):
                    self.image(child.get(R + "embed"))
                elif child.get(R + "link"):
                    self.notices["linked_images"] += 1
            elif tag == V + "imagedata" and child.get(R + "id"):
                self.image(child.get(R + "id"))
            self.graphics(child)

    def image(self, rid):
        rel = self.part.rels.get(rid) if self.part is not None else None
        if rel is None:
            return
        if rel.is_external:
            self.notices["linked_images"] += 1
            return
        part = rel.target_part
        if not part.content_type.startswith("image/"):
            return
        if part.partname in self.seen_images:
            return
        self.seen_images.add(part.partname)
        if len(self.images) >= MAX_IMAGES:
            self.notices["images_left_out"] += 1
            return
        self.images.append(
            WordImage(posixpath.basename(part.partname), part.blob, part.content_type)
        )

    # Tables.

    def rows(self, tbl):
        """The rows of a table, leaving out rows deleted in tracked changes."""
        for child in tbl:
            if child.tag == W + "tr":
                properties = child.find(W + "trPr")
                if properties is not None and properties.find(W + "del") is not None:
                    self.notices["tracked_deletions"] += 1
                    continue
                if properties is not None and properties.find(W + "ins") is not None:
                    self.notices["tracked_insertions"] += 1
                yield child
            elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
                yield from self.rows(child)

    def cells(self, tr):
        for child in tr:
            if child.tag == W + "tc":
                yield child
            elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
                yield from self.cells(child)

    def cell_paragraphs(self, tc):
        """The cell's non-empty paragraphs, nested tables' ones flattened in."""
        paragraphs = []
        for item in self.blocks_read(tc):
            if isinstance(item, WordParagraph):
                paragraphs.append(item)
                continue
            self.notices["nested_tables"] += 1
            for tr in self.rows(item):
                for cell in self.cells(tr):
                    paragraphs.extend(self.cell_paragraphs(cell))
        return paragraphs

    def table(self, tbl):
        """One list of ``WordCell`` per row, one cell per grid column."""
        grid = tbl.find(W + "tblGrid")
        width = 0 if grid is None else len(grid.findall(W + "gridCol"))
        rows, vertical = [], []
        for tr in self.rows(tbl):
            properties = tr.find(W + "trPr")
            before = self.grid_skip(properties, "Before")
            row = [WordCell("") for _column in range(before)]
            merges = [None] * len(row)
            self.count_cells(len(row))
            for tc in self.cells(tr):
                properties_c = tc.find(W + "tcPr")
                span = self.number(properties_c, "gridSpan", 1)
                merge = self.vertical_merge(properties_c)
                if merge == "continue":
                    cell = WordCell("", merged=True)
                else:
                    paragraphs = self.cell_paragraphs(tc)
                    cell = WordCell(
                        "\n".join(p.text for p in paragraphs),
                        heading=bool(paragraphs) and all(p.heading for p in paragraphs),
                        merged=span > 1,
                    )
                row.append(cell)
                row.extend(WordCell("", merged=True) for _column in range(span - 1))
                merges.extend([merge] * span)
                self.count_cells(span)
            after = self.grid_skip(properties, "After")
            row.extend(WordCell("") for _column in range(after))
            merges.extend([None] * after)
            self.count_cells(after if row else 1)
            rows.append(row)
            vertical.append(merges)
            width = max(width, len(row))
        if width > MAX_TABLE_COLUMNS:
            raise WordRefused(
                _(
                    "A table in this document has more than %(limit)d columns, more "
                    "than Word can show. Make the table narrower and send it again."
                )
                % {"limit": MAX_TABLE_COLUMNS}
            )
        self.count_cells(sum(width - len(row) for row in rows))
        for index, row in enumerate(rows):
            row.extend(WordCell("") for _column in range(width - len(row)))
            for column, merge in enumerate(vertical[index]):
                below = vertical[index + 1] if index + 1 < len(vertical) else ()
                if (
                    merge == "restart"
                    and column < len(below)
                    and below[column] == "continue"
                ):
                    row[column].merged = True
        return rows

    def vertical_merge(self, properties):
        merge = None if properties is None else properties.find(W + "vMerge")
        if merge is None:
            return None
        return "restart" if merge.get(W + "val") == "restart" else "continue"

    def grid_skip(self, properties, side):
        return min(self.number(properties, "grid" + side, 0), MAX_TABLE_COLUMNS + 1)

    def number(self, properties, name, default):
        element = None if properties is None else properties.find(W + name)
        try:
            value = int(element.get(W + "val"))
        except (AttributeError, TypeError, ValueError):
            return default
        return max(default, min(value, MAX_TABLE_COLUMNS + 1))

    def count_cells(self, count):
        self.table_cells += count
        if self.table_cells > MAX_TABLE_CELLS:
            raise WordRefused(
                _(
                    "The tables in this document have more than %(limit)s cells "
                    "together. Split the document into smaller ones and send them "
                    "one by one."
                )
                % {"limit": number_format(MAX_TABLE_CELLS, force_grouping=True)}
            )
