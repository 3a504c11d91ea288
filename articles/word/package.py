"""Opening a .docx someone sent: refused with a reason unless it is safe to read.

A .docx is a zip of XML parts. Before python-docx sees anything, the zip is
unpacked here in bounded chunks, every limit below is checked against the bytes
actually decompressed (never against the sizes the zip headers claim), every XML
part is parsed once without a DTD, and python-docx is handed a fresh zip of
exactly the parts that passed.
"""

import io
import posixpath
import re
import zipfile
from functools import cache

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Mail servers and the upload form refuse more than about 25 MB anyway; a press
# release with a dozen photos saved by Word stays well below 20 MiB.
MAX_BYTES = 20 * 1024 * 1024
# A Word document has 10 to 40 parts, a few hundred with many pictures; far
# more is a zip built to exhaust the reader (each entry costs memory to list).
MAX_MEMBERS = 1_000
# Pictures hardly compress, so a real document unpacks to little more than its
# own size; text compresses about ten times. 60 MiB is three times the largest
# accepted file, and one part (document.xml of some 100,000 paragraphs) may not
# take more than half of that.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_MEMBER_BYTES = 30 * 1024 * 1024
# Deflate cannot do better than about 1,030 to 1. Word's own XML reaches 300 to
# 1 only for thousands of identical paragraphs; a part past 1 MiB that expands
# more than 400 times is filler built to blow up memory.
MAX_RATIO = 400
RATIO_CHECKED_FROM = 1024 * 1024
CHUNK = 64 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
STRICT_WORD_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
DOCUMENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
TEMPLATE_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
)
# "<!DOCTYPE" or "<!ENTITY" in ASCII or UTF-16 (either byte order), looked for
# before lxml parses anything; the parsed document's docinfo is checked too.
DTD_MARKS = re.compile(
    rb"<\0?!\0?(?:D\0?O\0?C\0?T\0?Y\0?P\0?E|E\0?N\0?T\0?I\0?T\0?Y)",
    re.IGNORECASE,
)
LOOKS_LIKE_XML = re.compile(rb"\xef\xbb\xbf|\xff\xfe|\xfe\xff|\s*<")
MACRO_TYPES = re.compile(r"macroEnabled|vbaProject|vbaData", re.IGNORECASE)


@cache
def safe_parser():
    """Entities are never expanded, no DTD or network address is ever loaded,
    and libxml2 keeps its default bounds (nesting depth 256, 10 MB text nodes).
    Made on first use: a worker serving pages never loads lxml."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=True,
    )


class WordRefused(Exception):
    """A document that cannot be read; nothing has been saved."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


def damaged():
    return WordRefused(
        _(
            "This document is damaged or is not a Word document (.docx). Open it "
            "in Word, save it as “Word Document (.docx)” and send it again."
        )
    )


def open_document(data: bytes, filename: str = ""):
    """A python-docx ``Document`` of ``data``, or ``WordRefused`` saying why not."""
    if len(data) > MAX_BYTES:
        raise WordRefused(
            _(
                "The document is %(size)s, more than the limit of %(limit)s. Make "
                "it smaller (in Word: File › Compress Pictures) and send it again."
            )
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(MAX_BYTES)}
        )
    if filename.lower().endswith((".docm", ".dotm")):
        raise macro_enabled()
    if data.startswith(OLE_MAGIC):
        raise refusal_of_compound_file(data)
    if not data.startswith(ZIP_MAGIC):
        raise refusal_of_other_file(data)
    parts = unpack(data)
    check_package(parts)
    checked = repacked(parts)
    del parts
    return load(checked)


def macro_enabled():
    return WordRefused(
        _(
            "This document contains macros (a macro-enabled .docm file), which are "
            "not accepted. In Word, save it as “Word Document (.docx)”, which "
            "leaves the macros out, and send that."
        )
    )


def refusal_of_compound_file(data):
    """Why an OLE compound file (old Office, or any encrypted Office file) is
    refused."""
    import msoffcrypto
    from msoffcrypto.format.doc97 import Doc97File
    from msoffcrypto.format.ooxml import OOXMLFile

    try:
        office_file = msoffcrypto.OfficeFile(io.BytesIO(data))
        encrypted = office_file.is_encrypted()
    except msoffcrypto.exceptions.FileFormatError:
        return not_word()
    except Exception:  # noqa: BLE001 - olefile fails in many ways on bad files
        return damaged()
    if encrypted and isinstance(office_file, (Doc97File, OOXMLFile)):
        return WordRefused(
            _(
                "This document is password-protected. Remove the password (in "
                "Word: File › Info › Protect Document), save it and send it again."
            )
        )
    if isinstance(office_file, Doc97File):
        return WordRefused(
            _(
                "This is an old Word 97–2003 document (.doc). Open it in Word, "
                "save it as “Word Document (.docx)” and send that."
            )
        )
    return not_word()


def not_word():
    return WordRefused(
        _(
            "This is not a Word document (.docx). Save it from Word as “Word "
            "Document (.docx)” and send it again."
        )
    )


def refusal_of_other_file(data):
    """Why a file that is not a zip at all is refused, naming what it is."""
    if data.startswith(b"%PDF"):
        return WordRefused(
            _(
                "This is a PDF, not a Word document (.docx). Send the Word "
                "document the PDF was made from."
            )
        )
    if data.startswith(b"{\\rtf"):
        return WordRefused(
            _(
                "This is a Rich Text (.rtf) file, not a Word document (.docx). "
                "Open it in Word, save it as “Word Document (.docx)” and send that."
            )
        )
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\0", b"MM\0*")):
        return WordRefused(
            _(
                "This is a picture, not a Word document (.docx). Send the text as "
                "a Word document; pictures are added to a release separately."
            )
        )
    return not_word()


def unpack(data):
    """Every member of the zip, decompressed within the limits, by name."""
    # zipfile lists the whole central directory before anything can be checked;
    # every entry it will list starts with this signature, so counting them
    # bounds that list first.
    if data.count(b"PK\x01\x02") > MAX_MEMBERS:
        raise too_many_members()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception:  # noqa: BLE001 - a damaged zip fails in many ways
        raise damaged() from None
    if len(members) > MAX_MEMBERS:
        raise too_many_members()
    names = [member.filename.casefold() for member in members]
    if len(set(names)) != len(names):
        raise WordRefused(
            _(
                "This document has two parts with the same name, which Word never "
                "writes; it may have been altered to mislead readers. Open it in "
                "Word, save it as “Word Document (.docx)” and send it again."
            )
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise WordRefused(
            _(
                "Parts of this document are encrypted inside the zip. Send the "
                "document as Word saves it, without a password."
            )
        )
    if any(
        member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        for member in members
    ):
        raise damaged()
    parts = {}
    unpacked = 0
    for member in members:
        if member.is_dir():
            continue
        chunks = []
        size = 0
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    unpacked += len(chunk)
                    if size > MAX_MEMBER_BYTES or unpacked > MAX_UNPACKED_BYTES:
                        raise too_large_unpacked()
                    if size > RATIO_CHECKED_FROM and size > MAX_RATIO * max(
                        member.compress_size, 1
                    ):
                        raise too_compressed()
                    chunks.append(chunk)
        except WordRefused:
            raise
        except Exception:  # noqa: BLE001 - bad CRC, truncated data, lying sizes
            raise damaged() from None
        parts[member.filename] = b"".join(chunks)
    return parts


def too_many_members():
    return WordRefused(
        _(
            "This document has more than %(limit)d parts, far more than a Word "
            "document needs, and cannot be read safely. Open it in Word, save it as "
            "“Word Document (.docx)” and send it again."
        )
        % {"limit": MAX_MEMBERS}
    )


def too_large_unpacked():
    return WordRefused(
        _(
            "This document unpacks to more than %(limit)s and cannot be read "
            "safely. Make it smaller (in Word: File › Compress Pictures) and send "
            "it again."
        )
        % {"limit": filesizeformat(MAX_UNPACKED_BYTES)}
    )


def too_compressed():
    return WordRefused(
        _(
            "A part of this document expands more than %(ratio)d times when "
            "unpacked, which Word never writes, and cannot be read safely. Open it "
            "in Word, save it as “Word Document (.docx)” and send it again."
        )
        % {"ratio": MAX_RATIO}
    )


def check_package(parts):
    """Refuse a zip that is not a plain Word document, or has a DTD in any XML."""
    if parts.get("mimetype", b"").startswith(b"application/vnd.oasis.opendocument"):
        raise WordRefused(
            _(
                "This is an OpenDocument file (.odt), not a Word document (.docx). "
                "Open it, save it as “Word Document (.docx)” and send that."
            )
        )
    if "[Content_Types].xml" not in parts:
        raise not_word()
    default_types, override_types = content_types(
        parse_part(parts["[Content_Types].xml"])
    )

    def content_type(name):
        return override_types.get(
            "/" + name.lower(),
            default_types.get(posixpath.splitext(name)[1][1:].lower(), ""),
        )

    from lxml import etree

    # Every part python-docx might parse (it goes by content type) is parsed
    # here first, one at a time, to refuse any DTD before it gets there.
    main_namespace = None
    main = None
    if "_rels/.rels" in parts:
        main = main_part(parse_part(parts["_rels/.rels"]))
    for name, blob in parts.items():
        if (
            name.lower().endswith((".xml", ".rels"))
            or "xml" in content_type(name)
            or LOOKS_LIKE_XML.match(blob)
        ):
            root = parse_part(blob)
            if name == main:
                main_namespace = etree.QName(root).namespace
            del root
    declared = list(default_types.values()) + list(override_types.values())
    if any(MACRO_TYPES.search(t) for t in declared) or any(
        posixpath.basename(name).lower() in ("vbaproject.bin", "vbadata.xml")
        for name in parts
    ):
        raise macro_enabled()
    main_type = content_type(main) if main else ""
    if main_type == DOCUMENT_TYPE:
        if main not in parts:
            raise damaged()
        if main_namespace == STRICT_WORD_NS:
            raise WordRefused(
                _(
                    "This document is saved as “Strict Open XML Document”, which "
                    "cannot be read here. In Word, save it as “Word Document "
                    "(.docx)” and send that."
                )
            )
        return
    if main_type == TEMPLATE_TYPE:
        raise WordRefused(
            _(
                "This is a Word template (.dotx). Open it in Word, save it as "
                "“Word Document (.docx)” and send that."
            )
        )
    if "spreadsheetml" in main_type or any(n.startswith("xl/") for n in parts):
        raise WordRefused(
            _("This is a spreadsheet (.xlsx), not a Word document (.docx).")
        )
    if "presentationml" in main_type or any(n.startswith("ppt/") for n in parts):
        raise WordRefused(
            _("This is a presentation (.pptx), not a Word document (.docx).")
        )
    raise not_word()


def parse_part(blob):
    """The root of an XML part, refused if it declares a DTD or entities."""
    if DTD_MARKS.search(blob):
        raise declares_dtd()
    try:
        from lxml import etree

        root = etree.fromstring(blob, safe_parser())
    except Exception:  # noqa: BLE001 - malformed, too deep, bad encoding
        raise damaged() from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.system_url:
        raise declares_dtd()
    return root


def declares_dtd():
    return WordRefused(
        _(
            "This document contains XML declarations (a DTD) that Word never "
            "writes and that can be used to attack readers; it cannot be read. "
            "Open it in Word, save it as “Word Document (.docx)” and send it again."
        )
    )


def content_types(root):
    defaults, overrides = {}, {}
    for element in root:
        if element.tag == f"{{{CT_NS}}}Default":
            defaults[element.get("Extension", "").lower()] = element.get(
                "ContentType", ""
            )
        elif element.tag == f"{{{CT_NS}}}Override":
            overrides[element.get("PartName", "").lower()] = element.get(
                "ContentType", ""
            )
    return defaults, overrides


def main_part(root):
    """The zip member name of the package's main part, or ``None``."""
    if root is None:
        return None
    for relationship in root.iter(f"{{{RELS_NS}}}Relationship"):
        if relationship.get("Type") in OFFICE_DOCUMENT:
            target = relationship.get("Target", "")
            if relationship.get("TargetMode") == "External" or not target:
                return None
            return posixpath.normpath(posixpath.join("/", target)).lstrip("/")
    return None


def repacked(parts):
    """A fresh zip of exactly the parts that were checked, not compressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    return buffer.getvalue()


def load(checked):
    import docx

    try:
        document = docx.Document(io.BytesIO(checked))
        if document.element.body is None:
            raise damaged()
    except WordRefused:
        raise
    except Exception:  # noqa: BLE001 - python-docx fails in many ways on bad XML
        raise damaged() from None
    return document
