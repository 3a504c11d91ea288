"""Word documents built in memory for tests: nothing is read from disk.

``docx_bytes`` writes a minimal package around a ``w:body`` written by hand (for
tracked changes, comments, fields... which python-docx cannot make);
``python_docx_bytes`` saves what a python-docx build function makes.
"""

import io
import struct
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'mc:Ignorable="wps"'
)
DOCUMENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

# A heading style whose id is not its name, as in a Russian Word, and a style
# based on it.
STYLES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
  <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/>
  </w:style>
  <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/>
    <w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="PressHeading"><w:name w:val="Press Heading"/>
    <w:basedOn w:val="1"/></w:style>
  <w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/>
    <w:basedOn w:val="a"/></w:style>
  <w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/>
    <w:rPr><w:b/></w:rPr></w:style>
  <w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>
    <w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>
</w:styles>"""


def document_xml(body_xml: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {NAMESPACES}><w:body>{body_xml}</w:body></w:document>"
    )


def docx_bytes(
    body_xml: str,
    styles_xml: str | None = None,
    extra_parts: dict | None = None,
    *,
    relationships: str = "",
    content_types: str = "",
    main_type: str = DOCUMENT_TYPE,
) -> bytes:
    """A minimal valid .docx whose ``w:body`` holds ``body_xml``.

    ``extra_parts`` maps zip member names to bytes or text; ``relationships``
    adds ``<Relationship>`` elements to the document's, ``content_types`` adds
    ``<Default>``/``<Override>`` elements.
    """
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="png" ContentType="image/png"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
            + (
                '<Override PartName="/word/styles.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
                if styles_xml
                else ""
            )
            + content_types
            + "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PKG_REL}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" '
            'Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": document_xml(body_xml),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{PKG_REL}">'
            + (
                f'<Relationship Id="rIdStyles" Type="{REL}/styles" '
                'Target="styles.xml"/>'
                if styles_xml
                else ""
            )
            + relationships
            + "</Relationships>"
        ),
    }
    if styles_xml:
        parts["word/styles.xml"] = styles_xml
    parts.update(extra_parts or {})
    return zip_bytes(parts)


def zip_bytes(parts: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            if isinstance(content, str):
                content = content.encode()
            archive.writestr(name, content)
    return buffer.getvalue()


def python_docx_bytes(build) -> bytes:
    """The .docx saved from ``build(document)`` on a new python-docx Document."""
    import docx

    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def png_bytes(colour="red", size=(4, 3)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def paragraph(text: str, properties: str = "") -> str:
    """A ``w:p`` of one run of ``text`` (XML-escaped by the caller if needed)."""
    return f'<w:p>{properties}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def ole_bytes(streams: dict) -> bytes:
    """A minimal OLE compound file (version 3) holding ``streams``, each padded to
    4,096 bytes so that none goes to the mini stream; at most three streams."""
    assert len(streams) <= 3
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    sector = 512
    data_sectors, fat, entries = [], [fat_sector, end], []
    for name, content in streams.items():
        content = content.ljust(4096, b"\0")
        count = -(-len(content) // sector)
        first = 2 + len(data_sectors)
        fat.extend(range(first + 1, first + count))
        fat.append(end)
        data_sectors.extend(
            content[i * sector : (i + 1) * sector].ljust(sector, b"\0")
            for i in range(count)
        )
        entries.append((name, 2, first, len(content)))
    assert len(fat) <= sector // 4

    def entry(name, kind, start, size, child=free, right=free):
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", free, right, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, end, 0, child=1)
    for index, (name, kind, start, size) in enumerate(entries):
        right = index + 2 if index + 1 < len(entries) else free
        directory += entry(name, kind, start, size, right=right)
    directory = directory.ljust(sector, b"\0")
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    fat_bytes = b"".join(struct.pack("<I", n) for n in fat).ljust(sector, b"\xff")
    return header + fat_bytes + directory + b"".join(data_sectors)


def word97_bytes(encrypted=False) -> bytes:
    """An old binary Word document (.doc): only the start of its FIB, enough for
    anything that tells the format (and whether it is encrypted) from it."""
    flags = 0x0100 if encrypted else 0
    fib = struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0x0409, 0, flags)
    return ole_bytes({"WordDocument": fib.ljust(32, b"\0"), "1Table": b"\0"})
