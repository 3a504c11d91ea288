"""A Word document as plain text: what a person reading it would take as its text.

SKELETON: the interface is fixed; the reading is being written.
"""

from dataclasses import dataclass, field


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
    # What was changed to make plain text, for the report: a key -> a count.
    # Keys: "formatting", "tracked_insertions", "tracked_deletions",
    # "comments", "footnotes", "text_boxes", "fields".
    notices: dict = field(default_factory=dict)


def paragraph_text(p) -> str:
    """The plain text of a ``w:p`` element: insertions kept, deletions left out."""
    from docx.text.paragraph import Paragraph

    return Paragraph(p, None).text


def read_document(document) -> Reading:
    """Everything an import needs from a python-docx ``Document``."""
    from docx.table import Table

    reading = Reading()
    for number, paragraph in enumerate(document.paragraphs, 1):
        style = paragraph.style.name if paragraph.style is not None else ""
        reading.paragraphs.append(
            WordParagraph(
                paragraph.text,
                heading=style.startswith(("Heading", "Title")),
                number=number,
            )
        )
    for index, table in enumerate(document.tables, 1):
        assert isinstance(table, Table)
        rows = [[WordCell(cell.text) for cell in row.cells] for row in table.rows]
        reading.tables.append(WordTable(rows, number=index))
    return reading
