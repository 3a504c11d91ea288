"""Files that are not safe Word documents: each refused with the reason a user
can act on, never a hang, a blown-up memory or an unexpected exception."""

import io
import os
import struct
import warnings
import zipfile

import pytest
from django.template.defaultfilters import filesizeformat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.word.package import (
    MAX_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    WordRefused,
    open_document,
)
from articles.word.text import MAX_PARAGRAPHS, read_document

from .word_documents import (
    STYLES_XML,
    docx_bytes,
    paragraph,
    python_docx_bytes,
    word97_bytes,
    zip_bytes,
)

DAMAGED = "damaged or is not a Word document (.docx)"
NOT_WORD = "This is not a Word document (.docx)."


def refusal(data, filename="release.docx"):
    with pytest.raises(WordRefused) as refused:
        open_document(data, filename)
    return refused.value.message


def release():
    return docx_bytes(paragraph("Премьера фильма состоится в Алматы."))


def patched(data, name, *, flags=0, file_size=None):
    """``data`` with the zip headers of member ``name`` changed: ``flags`` or'd
    into its flag bits, its uncompressed size replaced by ``file_size``."""
    data = bytearray(data)
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    member = archive.getinfo(name)
    local = member.header_offset
    position = archive.start_dir
    while data[position : position + 4] == b"PK\x01\x02":
        name_length, extra, comment = struct.unpack_from("<HHH", data, position + 28)
        if data[position + 46 : position + 46 + name_length].decode() == name:
            break
        position += 46 + name_length + extra + comment
    for offset in (local + 6, position + 8):  # local header, central directory
        (value,) = struct.unpack_from("<H", data, offset)
        struct.pack_into("<H", data, offset, value | flags)
    if file_size is not None:
        struct.pack_into("<I", data, local + 22, file_size)
        struct.pack_into("<I", data, position + 24, file_size)
    return bytes(data)


def test_a_valid_document_opens():
    document = open_document(release(), "release.docx")

    assert "Алматы" in read_document(document).paragraphs[0].text


def test_a_document_over_the_size_limit_is_refused_with_its_size():
    message = refusal(b"PK\x03\x04" + b"\0" * MAX_BYTES)

    assert filesizeformat(MAX_BYTES + 4) in message
    assert f"the limit of {filesizeformat(MAX_BYTES)}" in message


def test_a_text_file_is_not_a_word_document():
    text = "Пресс-релиз: фестиваль открывается в пятницу.\n".encode()

    assert NOT_WORD in refusal(text)


def test_a_pdf_is_named():
    assert "This is a PDF" in refusal(b"%PDF-1.7\n% fake\n")


def test_a_picture_renamed_docx_is_named():
    from .word_documents import png_bytes

    assert "This is a picture" in refusal(png_bytes(), "photo.docx")


def test_rich_text_is_named():
    assert "Rich Text (.rtf)" in refusal(rb"{\rtf1\ansi Hola, mundo}")


def test_an_old_word_97_document_is_asked_for_as_docx():
    message = refusal(word97_bytes(), "release.doc")

    assert "old Word 97–2003 document (.doc)" in message
    assert "save it as “Word Document (.docx)”" in message


def test_a_password_protected_old_word_document_is_refused():
    assert "password-protected" in refusal(word97_bytes(encrypted=True))


def test_a_password_protected_docx_says_how_to_remove_the_password():
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(release())).encrypt("құпия", encrypted)

    message = refusal(encrypted.getvalue())

    assert "This document is password-protected." in message
    assert "File › Info › Protect Document" in message


def test_a_broken_compound_file_is_damaged():
    assert DAMAGED in refusal(word97_bytes()[:700])


def office_zip(main, main_type, extra=()):
    return zip_bytes(
        {
            "[Content_Types].xml": (
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'content-types"><Override PartName="/{main}" '
                f'ContentType="{main_type}"/></Types>'
            ),
            "_rels/.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                '2006/relationships"><Relationship Id="rId1" Type="http://'
                "schemas.openxmlformats.org/officeDocument/2006/relationships/"
                f'officeDocument" Target="{main}"/></Relationships>'
            ),
            main: "<root/>",
            **dict(extra),
        }
    )


def test_a_spreadsheet_is_named():
    xlsx = office_zip(
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    )

    assert "This is a spreadsheet (.xlsx)" in refusal(xlsx, "figures.docx")


def test_a_presentation_is_named():
    pptx = office_zip(
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml."
        "presentation.main+xml",
    )

    assert "This is a presentation (.pptx)" in refusal(pptx)


def test_an_opendocument_text_is_named():
    odt = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text"})

    assert "OpenDocument file (.odt)" in refusal(odt, "nota.docx")


def test_an_arbitrary_zip_is_not_a_word_document():
    photos = zip_bytes({"photos/readme.txt": "Фотографии для прессы"})

    assert NOT_WORD in refusal(photos, "photos.docx")


def test_a_word_template_is_asked_for_as_a_document():
    dotx = docx_bytes(
        paragraph("Plantilla"),
        main_type="application/vnd.openxmlformats-officedocument."
        "wordprocessingml.template.main+xml",
    )

    assert "Word template (.dotx)" in refusal(dotx)


MACROS = "contains macros (a macro-enabled .docm file)"


def test_a_macro_enabled_document_is_refused_whatever_its_name():
    docm = docx_bytes(
        paragraph("Макрос"),
        main_type="application/vnd.ms-word.document.macroEnabled.main+xml",
    )

    assert MACROS in refusal(docm, "release.docx")


def test_a_vba_project_part_is_refused_as_macros():
    docm = docx_bytes(
        paragraph("Macro"), extra_parts={"word/vbaProject.bin": b"\0" * 64}
    )

    assert MACROS in refusal(docm)


def test_a_docm_file_name_is_refused_as_macros():
    assert MACROS in refusal(release(), "Release.DOCM")


def test_too_many_parts_is_refused():
    many = docx_bytes(
        paragraph("Many"),
        extra_parts={f"customXml/item{n}.txt": b"x" for n in range(MAX_MEMBERS)},
    )

    assert f"more than {MAX_MEMBERS} parts" in refusal(many)


def bomb(member, size, chunk=b"\0" * (1 << 20), compresslevel=9):
    """A valid docx plus ``member`` of ``size`` bytes of ``chunk`` repeated."""
    buffer = io.BytesIO(release())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.compresslevel = compresslevel
        with archive.open(member, "w") as stream:
            for _ in range(size // len(chunk)):
                stream.write(chunk)
    return buffer.getvalue()


def test_200_mb_of_zeros_in_a_part_is_refused():
    data = bomb("word/media/image1.png", 200 << 20)
    assert len(data) < MAX_BYTES

    assert "unpacks to more than 60.0" in refusal(data)


def test_a_part_compressed_absurdly_well_is_refused():
    data = bomb("word/media/image1.png", 50 << 20)

    assert f"expands more than {MAX_RATIO} times" in refusal(data)


def sparse_chunk():
    """1 MiB that deflate shrinks about 25 times: under the ratio limit."""
    return b"".join(os.urandom(1) + b"\0" * 63 for _ in range(1 << 14))


def test_a_part_that_unpacks_too_large_is_refused():
    data = bomb("word/media/image1.png", 31 << 20, sparse_chunk(), compresslevel=1)

    assert "unpacks to more than 60.0" in refusal(data)


def test_parts_that_unpack_too_large_together_are_refused():
    chunk = sparse_chunk()
    buffer = io.BytesIO(release())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for n in range(3):
            zf.writestr(f"word/media/image{n}.png", chunk * 25)

    assert "unpacks to more than 60.0" in refusal(buffer.getvalue())


def test_a_header_lying_about_the_size_is_refused():
    zeros = bomb("word/media/image1.png", 200 << 20)
    sparse = bomb("word/media/image1.png", 40 << 20, sparse_chunk(), 1)

    for data in (zeros, sparse):
        lying = patched(data, "word/media/image1.png", file_size=100)
        assert DAMAGED in refusal(lying)


def test_duplicate_part_names_are_refused():
    buffer = io.BytesIO(release())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "a") as archive:
            archive.writestr("word/document.xml", "<w:document/>")

    assert "two parts with the same name" in refusal(buffer.getvalue())


def test_encrypted_zip_parts_are_refused():
    data = patched(release(), "word/document.xml", flags=0x1)

    assert "encrypted inside the zip" in refusal(data)


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE w:document [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 or "")) * 10}">\n' for n in range(1, 10)
    )
    + "]>\n"
)


@pytest.mark.parametrize(
    "part", ["word/document.xml", "word/styles.xml", "[Content_Types].xml"]
)
def test_a_dtd_in_any_xml_part_is_refused(part):
    parts = {
        "word/document.xml": docx_bytes(paragraph("&lol9;")),
        "word/styles.xml": docx_bytes(paragraph("Hola"), STYLES_XML),
        "[Content_Types].xml": release(),
    }
    source = zipfile.ZipFile(io.BytesIO(parts[part]))
    members = {name: source.read(name) for name in source.namelist()}
    text = members[part].decode()
    members[part] = BILLION_LAUGHS + text.split("?>", 1)[1]

    assert "declarations (a DTD)" in refusal(zip_bytes(members))


def test_an_external_entity_is_refused_even_in_utf_16():
    document = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
        '2006/main"><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body>'
        "</w:document>"
    ).encode("utf-16")
    source = zipfile.ZipFile(io.BytesIO(release()))
    members = {name: source.read(name) for name in source.namelist()}
    members["word/document.xml"] = document

    assert "declarations (a DTD)" in refusal(zip_bytes(members))


def test_python_docx_itself_never_expands_entities():
    from docx.oxml.parser import parse_xml

    element = parse_xml(b'<!DOCTYPE r [<!ENTITY k "expanded">]><r>&k;</r>')

    assert "expanded" not in (element.text or "")


def test_strict_open_xml_is_asked_for_as_a_word_document():
    source = zipfile.ZipFile(io.BytesIO(release()))
    members = {name: source.read(name) for name in source.namelist()}
    members["word/document.xml"] = members["word/document.xml"].replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    )
    strict = zip_bytes(members)

    assert "Strict Open XML Document" in refusal(strict)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data.replace(b"word/document.xml", b"word/documenX.xml"),
        lambda data: b"PK\x03\x04" + os.urandom(2000),
    ],
    ids=["truncated", "main part missing", "garbage"],
)
def test_a_damaged_zip_is_refused_as_damaged(damage):
    assert DAMAGED in refusal(damage(release()))


def test_malformed_or_too_deep_xml_is_refused_as_damaged():
    unclosed = docx_bytes("<w:p><w:r><w:t>Sin cerrar</w:t></w:r>")
    deep = docx_bytes("<w:customXml>" * 300 + "</w:customXml>" * 300)

    assert DAMAGED in refusal(unclosed)
    assert DAMAGED in refusal(deep)


def test_too_many_paragraphs_are_refused_before_reading():
    document = open_document(docx_bytes("<w:p/>" * (MAX_PARAGRAPHS + 1)))

    with pytest.raises(WordRefused) as refused:
        read_document(document)

    assert "20,001 paragraphs, more than the limit of 20,000" in str(refused.value)


def test_a_table_wider_than_word_allows_is_refused():
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="2147483647"/></w:tcPr><w:p/></w:tc>'
    document = open_document(docx_bytes(f"<w:tbl><w:tr>{cell}</w:tr></w:tbl>"))

    with pytest.raises(WordRefused) as refused:
        read_document(document)

    assert "more than 63 columns" in str(refused.value)


def test_a_flood_of_empty_table_rows_is_refused():
    rows = "<w:tr/>" * 100_001
    document = open_document(docx_bytes(f"<w:tbl>{rows}</w:tbl>"))

    with pytest.raises(WordRefused) as refused:
        read_document(document)

    assert "more than 100,000 cells" in str(refused.value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_document_damaged_anywhere_opens_or_is_refused(data):
    """Whatever bytes are changed, the answer is a reading or a WordRefused."""
    original = bytearray(
        python_docx_bytes(lambda d: d.add_paragraph("Жаңа фильм көрермендерге"))
    )
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(original) - 1))
        original[position] = data.draw(st.integers(0, 255))
    try:
        read_document(open_document(bytes(original)))
    except WordRefused as refused:
        assert refused.message


def test_tables_nested_as_deep_as_the_parser_allows_are_read():
    depth = 82  # three XML levels each: libxml2 refuses past 256
    body = (
        "<w:tbl><w:tr><w:tc>" * depth
        + paragraph("Глубоко")
        + "</w:tc></w:tr></w:tbl>" * depth
    )

    reading = read_document(open_document(docx_bytes(body)))

    assert reading.tables[0].rows[0][0].text == "Глубоко"
    assert reading.notices == {"nested_tables": depth - 1}
