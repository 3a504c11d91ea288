"""A Word (.docx) round trip for translators: XLIFF's twin for people, not tools.

The export is a table of two columns, the source and the translation, one row
per unit (``completeness.article_units``, the units and keys XLIFF has), each
row's label small and grey above its source, the rows still to do shaded.

Which unit a row is: a bookmark named after the unit's key around the source
text (``pr_paragraph_12``; Word's names allow letters, digits and ``_``, at
most 40 characters), which Word and LibreOffice keep. A row whose bookmark a
tool dropped is placed by its source text. No content control: it would sit in
the cell the translator types into, where copying a cell copies its tag too.

What the file is for: custom document properties, which Word and LibreOffice
keep — the release (``pressroom:release:<pk>:<slug>``, as in XLIFF), the
target language and, per unit, the digest of its translation at export, so a
translation saved here after the export is not overwritten.

Word has no "translated" state: a stale unit's translation left as it was
stays stale (the translation screen can confirm it); edited, it is current.
The import applies the rows with the rules every file follows
(``translation_files.apply_returned``).
"""

import hashlib
import io

from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import conflicts, translation_files
from ..languages import display_name
from ..translation_files import ReturnedUnit, normalized
from ..translation_state import CURRENT, MISSING
from .package import WordRefused, open_document
from .text import paragraph_text

PROPERTY_PREFIX = "pressroom."
RELEASE = "pressroom.release"
SOURCE_LANGUAGE = "pressroom.source-language"
TARGET_LANGUAGE = "pressroom.target-language"
EXPORTED = "pressroom.exported"
BASE = "pressroom.base."  # + unit key: conflicts.digest() of the target at export
BOOKMARK_PREFIX = "pr_"
BOOKMARK_LENGTH = 40  # Word's limit on a bookmark's name
LABEL_STYLE = "Pressroom Label"
SOURCE_STYLE = "Pressroom Source"
TRANSLATION_STYLE = "Pressroom Translation"
TODO_FILL = "FFF2CC"  # a pale yellow behind the rows still to do
HEADER_FILL = "E7E6E6"
CUSTOM_PROPERTIES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
)
VARIANT_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
PROPERTY_FORMAT = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # user-defined properties


def bookmark_name(key: str) -> str:
    """A Word bookmark name for a unit key: ``paragraph-12`` → ``pr_paragraph_12``."""
    name = BOOKMARK_PREFIX + key.replace("-", "_")
    if len(name) > BOOKMARK_LENGTH:
        name = BOOKMARK_PREFIX + hashlib.sha256(key.encode()).hexdigest()[:20]
    return name


def file_name(article, language) -> str:
    return f"{article.slug}.{article.source_language}-{language}.docx"


# Writing


def export_docx(article, language) -> bytes:
    """The release's units for ``language`` as a two-column table to fill in.

    Headings and instructions are in the active language (the exporting user's).
    """
    import docx

    document = docx.Document()
    styles = add_styles(document, article.source_language, language)
    source_name, target_name = (
        display_name(article.source_language),
        display_name(language),
    )
    title = getattr(article, f"title_{article.source_language}") or str(article)
    document.core_properties.title = title
    document.add_heading(title, level=1)
    document.add_paragraph(
        _("%(source)s → %(target)s") % {"source": source_name, "target": target_name}
    )
    document.add_paragraph(
        _(
            "Write the translation in the right-hand column, next to each text; a "
            "new line inside a text is Shift+Enter. Shaded rows are still to do: "
            "a translation is missing, or the source changed since it was made — "
            "edit it to make it current (left as it is, it stays marked as "
            "changed). Keep the left-hand column and the rows as they are, and "
            "send the file back as .docx."
        )
    )
    table = document.add_table(rows=1, cols=2)
    table.style = document.styles["Table Grid"]
    widths = [
        column.get(qn("w:w"))
        for column in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))
    ]
    header = table.rows[0]._tr
    header.get_or_add_trPr().append(element("w:tblHeader"))
    cells = list(header.iterchildren(qn("w:tc")))
    for tc, text in zip(cells, (source_name, target_name), strict=True):
        tc.get_or_add_tcPr().append(shading(HEADER_FILL))
        tc.remove(tc.find(qn("w:p")))
        tc.append(paragraph([text], bold=True))
    properties = {
        RELEASE: translation_files.original_of(article),
        SOURCE_LANGUAGE: article.source_language,
        TARGET_LANGUAGE: language,
        EXPORTED: timezone.now().isoformat(timespec="seconds"),
    }
    for number, unit in enumerate(translation_files.units_by_key(article).values(), 1):
        state = unit.state(language)
        todo = state != CURRENT
        label = capfirst(unit.label)
        if state == MISSING:
            label = f"{label} · {_('to translate')}"
        elif todo:
            label = f"{label} · {_('source changed: check the translation')}"
        tr = element("w:tr")
        source = element("w:tc")
        source.append(cell_properties(widths[0], todo))
        source.append(paragraph([label], style=styles[LABEL_STYLE]))
        source.append(
            paragraph(
                unit.source.split("\n"),
                style=styles[SOURCE_STYLE],
                bookmark=(number, bookmark_name(unit.key)),
            )
        )
        target = element("w:tc")
        target.append(cell_properties(widths[1], todo))
        target.append(
            paragraph(unit.text(language).split("\n"), style=styles[TRANSLATION_STYLE])
        )
        tr.append(source)
        tr.append(target)
        table._tbl.append(tr)
        properties[BASE + unit.key] = conflicts.digest(unit.text(language))
    add_custom_properties(document, properties)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def qn(tag):
    from docx.oxml.ns import qn

    return qn(tag)


def element(tag, **attributes):
    from docx.oxml import OxmlElement

    return OxmlElement(
        tag, {qn(f"w:{name}"): value for name, value in attributes.items()}
    )


def shading(fill):
    return element("w:shd", val="clear", color="auto", fill=fill)


def cell_properties(width, todo):
    properties = element("w:tcPr")
    properties.append(element("w:tcW", w=str(width), type="dxa"))
    if todo:
        properties.append(shading(TODO_FILL))
    return properties


def paragraph(lines, style=None, bold=False, bookmark=None):
    """A ``w:p`` of ``lines`` joined by line breaks (``w:br``), as Word writes them."""
    p = element("w:p")
    if style:
        properties = element("w:pPr")
        properties.append(element("w:pStyle", val=style))
        p.append(properties)
    if bookmark:
        p.append(element("w:bookmarkStart", id=str(bookmark[0]), name=bookmark[1]))
    run = element("w:r")
    if bold:
        run_properties = element("w:rPr")
        run_properties.append(element("w:b"))
        run.append(run_properties)
    for index, line in enumerate(lines):
        if index:
            run.append(element("w:br"))
        if line:
            text = element("w:t")
            text.text = line
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(text)
    p.append(run)
    if bookmark:
        p.append(element("w:bookmarkEnd", id=str(bookmark[0])))
    return p


def add_styles(document, source_language, language):
    """Paragraph styles for labels, sources and translations; their style ids.

    A text's language is its style's, so Word checks the spelling of each
    column in its own language, also in what the translator types.
    """
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    ids = {}
    for name, lang in (
        (LABEL_STYLE, None),
        (SOURCE_STYLE, source_language),
        (TRANSLATION_STYLE, language),
    ):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.paragraph_format.space_after = Pt(2)
        if lang is None:
            style.font.size = Pt(8)
            style.font.color.rgb = RGBColor(0x6B, 0x6B, 0x6B)
        else:
            style.element.get_or_add_rPr().append(element("w:lang", val=lang))
        ids[name] = style.style_id
    return ids


def add_custom_properties(document, properties):
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    root = etree.Element(
        f"{{{CUSTOM_PROPERTIES}}}Properties",
        nsmap={None: CUSTOM_PROPERTIES, "vt": VARIANT_TYPES},
    )
    for pid, (name, value) in enumerate(properties.items(), 2):
        node = etree.SubElement(root, f"{{{CUSTOM_PROPERTIES}}}property")
        node.set("fmtid", PROPERTY_FORMAT)
        node.set("pid", str(pid))
        node.set("name", name)
        etree.SubElement(node, f"{{{VARIANT_TYPES}}}lpwstr").text = value
    package = document.part.package
    part = Part(
        PackURI("/docProps/custom.xml"),
        CONTENT_TYPE.OFC_CUSTOM_PROPERTIES,
        etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True),
        package,
    )
    package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)


# Reading


def custom_properties(document) -> dict:
    """The document's user-defined properties whose names are Pressroom's."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    found = {}
    for rel in document.part.package.rels.values():
        if rel.reltype != RELATIONSHIP_TYPE.CUSTOM_PROPERTIES or rel.is_external:
            continue
        try:
            root = etree.fromstring(rel.target_part.blob, parser)
        except etree.XMLSyntaxError:
            continue
        for node in root.iter(f"{{{CUSTOM_PROPERTIES}}}property"):
            name = node.get("name") or ""
            if name.startswith(PROPERTY_PREFIX):
                found[name] = "".join(node.itertext()).strip()
    return found


def table_rows(document):
    """Each row of the body's tables, with the row's number in its table."""
    for tbl in document.element.body.xpath("./w:tbl | ./w:sdt/w:sdtContent/w:tbl"):
        rows = tbl.xpath("./w:tr | ./w:sdt/w:sdtContent/w:tr")
        yield from enumerate(rows, 1)


def row_cells(tr):
    return tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc")


def cell_paragraphs(tc, label_styles):
    """``(texts, labelled)``: each paragraph's text, and whether it is a label."""
    texts = []
    for p in tc.iter(qn("w:p")):
        style = p.xpath("string(./w:pPr/w:pStyle/@w:val)")
        texts.append((paragraph_text(p), style in label_styles))
    return texts


def source_readings(paragraphs):
    """What the source cell's text may be: without its label, or (a tool having
    dropped the label's style) without its first paragraph."""
    readings = ["\n".join(text for text, label in paragraphs if not label)]
    if len(paragraphs) > 1:
        readings.append("\n".join(text for text, _label in paragraphs[1:]))
    return readings


def label_style_ids(document):
    ids = {"PressroomLabel"}
    for style in document.styles:
        if style.name == LABEL_STYLE:
            ids.add(style.style_id)
    return ids


def read_rows(document, units):
    """``(returned units, refusals, rows counted)`` of the document's tables."""
    by_bookmark = {bookmark_name(key): key for key in units}
    by_source = {}
    for key, unit in units.items():
        by_source.setdefault(normalized(unit.source), []).append(key)
    label_styles = label_style_ids(document)
    rows, refusals, placed = [], [], set()
    counted = 0
    for number, tr in table_rows(document):
        cells = row_cells(tr)
        names = [node.get(qn("w:name")) for node in tr.iter(qn("w:bookmarkStart"))]
        key = next((by_bookmark[n] for n in names if n in by_bookmark), None)
        if len(cells) < 2:
            if key:
                refusals.append((key, _("its row no longer has two columns")))
            continue
        paragraphs = cell_paragraphs(cells[0], label_styles)
        readings = source_readings(paragraphs)
        target = "\n".join(
            text for text, _label in cell_paragraphs(cells[1], label_styles)
        ).strip()
        if key is None:
            key = next(
                (
                    candidate
                    for reading in readings
                    for candidate in by_source.get(normalized(reading), [])
                    if candidate not in placed
                ),
                None,
            )
        if key is None:
            header = number == 1 or tr.xpath("./w:trPr/w:tblHeader")
            if header or not (normalized(readings[0]) or target):
                continue  # the header row, or a row someone added and left empty
            counted += 1
            refusals.append(
                (
                    _("row %(number)s") % {"number": number},
                    _(
                        "no unit of the release has this source text; it may have "
                        "changed since the export"
                    ),
                )  # fmt: skip
            )
            continue
        counted += 1
        placed.add(key)
        expected = normalized(units[key].source)
        source = next((r for r in readings if normalized(r) == expected), readings[0])
        rows.append(ReturnedUnit(key=key, source=source, target=target))
    return rows, refusals, counted


@transaction.atomic
def import_docx(data: bytes, article=None, language=None, user=None, filename=""):
    """Apply a translator's document. Returns ``(article, language, result)``.

    ``article`` and ``language``, when given, are what the document must be
    for. Raises ``WordRefused``; the import is one revision of the release.
    """
    document = open_document(data, filename)
    properties = custom_properties(document)
    if RELEASE not in properties:
        raise WordRefused(
            _(
                "This document is not a Pressroom export (it does not say which "
                "release it is for); translate a Word file downloaded from the "
                "release's page."
            )
        )
    found, target = translation_files.identify(
        properties[RELEASE],
        properties.get(TARGET_LANGUAGE),
        article,
        language,
        WordRefused,
    )
    units = translation_files.units_by_key(found)
    rows, refusals, counted = read_rows(document, units)
    if counted > len(units):
        raise WordRefused(
            ngettext(
                "The release has %(units)s unit to translate and this document has "
                "more (%(count)s rows); it cannot be an export of the release.",
                "The release has %(units)s units to translate and this document has "
                "more (%(count)s rows); it cannot be an export of the release.",
                len(units),
            )
            % {"count": counted, "units": len(units)}
        )
    for row in rows:
        row.base = properties.get(BASE + row.key)
    result = translation_files.apply_returned(
        found,
        target,
        units,
        rows,
        user=user,
        action="docx",
        result=translation_files.ImportResult(refused=refusals),
    )
    return found, target, result
