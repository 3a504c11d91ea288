"""XLIFF 1.2 for translation agencies: one release, one target language.

Written and read with translate-toolkit, the library memoQ, Trados, OmegaT and
Phrase users' tools are tested against. Each trans-unit's id is the unit's
stable key (``paragraph-12``); a note says its state. On import, a unit whose
source text is no longer the release's is reported and not applied, so an
agency's work on an old text never overwrites a newer one.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import completeness, conflicts, translation_files
from .translation_files import (  # noqa: F401 - the XLIFF doors' names for them
    REFUSALS_SHOWN,
    ReturnedUnit,
    summary,
)
from .translation_state import CURRENT

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
ACCEPTED_NAMESPACES = {NAMESPACE, "urn:oasis:names:tc:xliff:document:1.1"}
MAX_BYTES = 10 * 1024 * 1024
BASE_NOTE = "target at export: "
XINCLUDE = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")
# What a DTD is made of. XLIFF needs none, and a DTD can read other files
# (external entities) or expand without limit (nested entities).
DECLARATIONS = ("<!DOCTYPE", "<!ENTITY", "<!ELEMENT", "<!ATTLIST", "<!NOTATION")
BYTE_ORDER_MARKS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
ORIGIN = "pressroom"


class XliffRefused(Exception):
    """A file that cannot be imported; nothing has changed."""


def export_xliff(article, language) -> bytes:
    """The release's units for ``language``: missing and stale ones to translate."""
    from lxml import etree
    from translate.storage import xliff

    original = translation_files.original_of(article)
    skeleton = etree.Element(f"{{{NAMESPACE}}}xliff", nsmap={None: NAMESPACE})
    skeleton.set("version", "1.2")
    file_node = etree.SubElement(skeleton, f"{{{NAMESPACE}}}file")
    file_node.set("original", original)
    file_node.set("source-language", article.source_language)
    file_node.set("target-language", language)
    file_node.set("datatype", "plaintext")
    etree.SubElement(file_node, f"{{{NAMESPACE}}}body")
    head = etree.tostring(skeleton, xml_declaration=True, encoding="UTF-8")
    store = xliff.xlifffile.parsestring(head)
    for unit in completeness.article_units(article):
        if not unit.source:
            continue  # an untitled draft: nothing to translate yet
        state = unit.state(language)
        trans_unit = store.addsourceunit(unit.source, filename=original)
        trans_unit.setid(unit.key)
        trans_unit.target = unit.text(language)
        trans_unit.set_state_n(
            trans_unit.statemap["translated"]
            if state == CURRENT
            else trans_unit.statemap["needs-translation"]
        )
        trans_unit.addnote(f"state: {state}", origin=ORIGIN)
        trans_unit.addnote(str(unit.label), origin=ORIGIN)
        # What the target was at export: a translation saved here meanwhile
        # is then not overwritten by the agency's older one.
        trans_unit.addnote(
            f"{BASE_NOTE}{conflicts.digest(unit.text(language))}", origin=ORIGIN
        )
    # translate-toolkit declares its XLIFF 1.1 namespace on every unit; unused.
    tree = etree.fromstring(bytes(store))
    etree.cleanup_namespaces(tree)
    return etree.tostring(
        tree, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


def declares_dtd(data: bytes) -> bool:
    """Whether the raw file holds a DTD's markup, in UTF-8 or UTF-16/32."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            text = data.decode(encoding, errors="replace")
            return any(declaration in text for declaration in DECLARATIONS)
    if data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):  # UTF-16 without a mark
        encoding = "utf-16-le" if data[0] == ord("<") else "utf-16-be"
        text = data.decode(encoding, errors="replace")
        return any(declaration in text for declaration in DECLARATIONS)
    return any(declaration.encode() in data for declaration in DECLARATIONS)


def dtd_refusal():
    return XliffRefused(
        _(
            "This file has a DTD or entity declarations (<!DOCTYPE …>), which "
            "XLIFF does not need and which can read other files; it is refused."
        )
    )


def read(data: bytes):
    """``(root, file)`` of an XLIFF 1.x file, or a refusal saying what is wrong.

    A DTD, entities or XInclude are refused before anything parses the file
    beyond lxml with every resolver off, and that parse checks again.
    """
    if len(data) > MAX_BYTES:
        raise XliffRefused(
            _("The file is %(size)s bytes; at most %(limit)s bytes can be imported.")
            % {"size": len(data), "limit": MAX_BYTES}
        )
    if declares_dtd(data):
        raise dtd_refusal()
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise XliffRefused(
            _("This is not well-formed XML (line %(line)s): %(error)s")
            % {"line": error.lineno, "error": error.msg}
        ) from None
    docinfo = root.getroottree().docinfo
    if (
        docinfo.doctype
        or docinfo.internalDTD is not None
        or docinfo.externalDTD is not None
        or next(root.iter(etree.Entity), None) is not None
    ):
        raise dtd_refusal()
    if any(next(root.iter(f"{{{space}}}*"), None) is not None for space in XINCLUDE):
        raise XliffRefused(
            _(
                "This file includes other files (XInclude), which XLIFF does not "
                "need; it is refused."
            )
        )
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or namespace not in ACCEPTED_NAMESPACES:
        raise XliffRefused(
            _("This is not an XLIFF 1.2 file (its root is “%(root)s”).")
            % {"root": root.tag}
        )
    if root.get("version", "").startswith("2."):
        raise XliffRefused(
            _("This is not an XLIFF 1.2 file (its version is “%(version)s”).")
            % {"version": root.get("version")}
        )
    # translate-toolkit reads the units of the first XLIFF namespace it finds
    namespaces = {
        space
        for space in root.nsmap.values()
        if space and space.startswith(NAMESPACE.removesuffix("1.2"))
    }
    if namespaces != {namespace}:
        raise XliffRefused(
            _("This file mixes XLIFF namespaces (%(namespaces)s); an export has one.")
            % {"namespaces": ", ".join(sorted(namespaces))}
        )
    files = root.findall(f"{{{namespace}}}file")
    if len(files) != 1:
        raise XliffRefused(
            _("A Pressroom XLIFF file has one <file>; this one has %(count)s.")
            % {"count": len(files)}
        )
    return root, files[0]


@transaction.atomic
def import_xliff(data: bytes, article=None, language=None, user=None) -> tuple:
    """Apply an agency's translations. Returns ``(article, language, result)``.

    ``article`` and ``language``, when given, are what the file must be for.
    The import is one revision of the release.
    """
    from translate.storage import xliff

    root, file_node = read(data)
    found, target = translation_files.identify(
        file_node.get("original"),
        file_node.get("target-language"),
        article,
        language,
        XliffRefused,
    )
    units = translation_files.units_by_key(found)
    count = sum(1 for _unit in root.iter("{*}trans-unit"))  # in any namespace
    if count > len(units):
        raise XliffRefused(
            ngettext(
                "The release has %(units)s unit to translate and this file has more "
                "(%(count)s trans-units); it cannot be an export of the release.",
                "The release has %(units)s units to translate and this file has more "
                "(%(count)s trans-units); it cannot be an export of the release.",
                len(units),
            )
            % {"count": count, "units": len(units)}
        )
    store = xliff.xlifffile.parsestring(data)
    returned = [
        ReturnedUnit(
            key=trans_unit.xmlelement.get("id", ""),
            source=trans_unit.source,
            target=trans_unit.target or "",
            done=trans_unit.get_state_n() >= trans_unit.statemap["translated"],
            base=exported_target(trans_unit),
        )
        for trans_unit in store.getunits()
    ]
    result = translation_files.apply_returned(
        found, target, units, returned, user=user, action="xliff"
    )
    return found, target, result


def exported_target(trans_unit):
    """The digest of the target when the file was exported, if it says."""
    for line in (trans_unit.getnotes(origin=ORIGIN) or "").splitlines():
        if line.startswith(BASE_NOTE):
            return line.removeprefix(BASE_NOTE).strip()
    return None
