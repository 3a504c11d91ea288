"""Reading a Word document as the plain text a person sees in Word, with all
tracked changes accepted, and telling what had to be dropped."""

import io

from docx.enum.text import WD_BREAK

from articles.word.package import open_document
from articles.word.text import (
    MAX_IMAGES,
    NOTICES,
    WordCell,
    notice_messages,
    paragraph_text,
    read_document,
)

from .word_documents import (
    STYLES_XML,
    docx_bytes,
    paragraph,
    png_bytes,
    python_docx_bytes,
)


def read(data):
    return read_document(open_document(data, "release.docx"))


def texts(reading):
    return [p.text for p in reading.paragraphs]


def run(text, properties=""):
    return f'<w:r>{properties}<w:t xml:space="preserve">{text}</w:t></w:r>'


def test_paragraphs_in_four_languages_keep_their_order_and_numbers():
    def build(document):
        document.add_heading("Festival de cine de Almaty", level=0)
        document.add_paragraph("The festival opens on Friday.")
        document.add_paragraph("   ")
        document.add_heading("Программа", level=1)
        document.add_paragraph("Фестиваль откроется в пятницу.")
        document.add_paragraph("Фестиваль жұма күні ашылады.")
        document.add_paragraph("El festival abre el viernes.")

    reading = read(python_docx_bytes(build))

    assert texts(reading) == [
        "Festival de cine de Almaty",
        "The festival opens on Friday.",
        "Программа",
        "Фестиваль откроется в пятницу.",
        "Фестиваль жұма күні ашылады.",
        "El festival abre el viernes.",
    ]
    assert [p.number for p in reading.paragraphs] == [1, 2, 4, 5, 6, 7]
    assert [p.heading for p in reading.paragraphs] == [1, 0, 1, 0, 0, 0]
    assert reading.notices == {}
    assert notice_messages(reading.notices) == []


def test_inline_formatting_is_dropped_and_its_paragraphs_counted():
    def build(document):
        first = document.add_paragraph("La película ")
        first.add_run("La tregua").italic = True
        second = document.add_paragraph()
        second.add_run("Важно:").bold = True
        second.add_run(" показ бесплатный.")
        document.add_paragraph("Plain text.")

    reading = read(python_docx_bytes(build))

    assert texts(reading)[:2] == ["La película La tregua", "Важно: показ бесплатный."]
    assert reading.notices == {"formatting": 2}
    assert notice_messages(reading.notices) == [
        "Inline formatting (italics, bold, …) was dropped in 2 paragraphs: "
        "paragraphs are plain text."
    ]


def test_character_styles_count_as_formatting_but_links_do_not():
    strong = run("Strong words", '<w:rPr><w:rStyle w:val="Strong"/></w:rPr>')
    body = (
        f"<w:p>{strong}</w:p>"
        + '<w:p><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
        + "<w:t>enlace</w:t></w:r></w:p>"
    )

    reading = read(docx_bytes(body, STYLES_XML))

    assert reading.notices == {"formatting": 1}


def test_tracked_changes_are_taken_as_accepted():
    body = (
        "<w:p>"
        + run("Премьера ")
        + '<w:del w:id="1" w:author="Ana"><w:r><w:delText>вчера</w:delText>'
        "</w:r></w:del>"
        + '<w:ins w:id="2" w:author="Ana">'
        + run("в субботу")
        + "</w:ins>"
        + run(" в Алматы")
        + '<w:ins w:id="3" w:author="Ana">'
        + run(" и Астане")
        + "</w:ins>"
        + run(".")
        + "</w:p>"
    )

    reading = read(docx_bytes(body))

    assert texts(reading) == ["Премьера в субботу в Алматы и Астане."]
    assert reading.notices == {"tracked_insertions": 2, "tracked_deletions": 1}
    assert notice_messages(reading.notices) == [
        "2 tracked insertions and 1 deletion were taken as accepted."
    ]


def test_a_moved_sentence_appears_only_where_it_was_moved_to():
    body = (
        '<w:p><w:moveFrom w:id="1" w:author="Ana">'
        + run("Entrada libre. ")
        + "</w:moveFrom>"
        + run("Proyección a las 20:00.")
        + '<w:moveTo w:id="2" w:author="Ana">'
        + run(" Entrada libre.")
        + "</w:moveTo></w:p>"
    )

    reading = read(docx_bytes(body))

    assert texts(reading) == ["Proyección a las 20:00. Entrada libre."]


def test_a_deleted_paragraph_mark_joins_the_paragraph_with_the_next():
    deleted_mark = '<w:pPr><w:rPr><w:del w:id="9" w:author="Ana"/></w:rPr></w:pPr>'
    body = (
        f"<w:p>{deleted_mark}{run('The screening starts ')}</w:p>"
        + paragraph("at eight.")
        + f'<w:p>{deleted_mark}<w:del w:id="8" w:author="Ana"><w:r>'
        "<w:delText>A paragraph removed entirely.</w:delText></w:r></w:del></w:p>"
        + paragraph("Tickets", '<w:pPr><w:pStyle w:val="1"/></w:pPr>')
    )

    reading = read(docx_bytes(body, STYLES_XML))

    assert texts(reading) == ["The screening starts at eight.", "Tickets"]
    assert [p.number for p in reading.paragraphs] == [1, 4]
    assert [p.heading for p in reading.paragraphs] == [False, True]
    assert reading.notices == {"tracked_deletions": 2}


def test_a_deleted_table_row_is_left_out():
    def row(text, change=""):
        return f"<w:tr>{change}<w:tc>{paragraph(text)}</w:tc></w:tr>"

    body = (
        '<w:tbl><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>'
        + row("Алматы")
        + row("Астана", '<w:trPr><w:del w:id="1" w:author="Ana"/></w:trPr>')
        + "</w:tbl>"
    )

    reading = read(docx_bytes(body))

    assert [[c.text for c in r] for r in reading.tables[0].rows] == [["Алматы"]]
    assert reading.notices == {"tracked_deletions": 1}


def test_comments_are_left_out_and_counted():
    body = (
        '<w:p><w:commentRangeStart w:id="0"/>'
        + run("Жаңа фильм")
        + '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
        + run(" наурызда шығады.")
        + '<w:r><w:commentReference w:id="1"/></w:r></w:p>'
    )

    reading = read(docx_bytes(body))

    assert texts(reading) == ["Жаңа фильм наурызда шығады."]
    assert notice_messages(reading.notices) == ["2 comments were left out."]


def test_breaks_tabs_hyphens_and_non_breaking_spaces():
    body = (
        "<w:p>"
        + run("Город:")
        + "<w:r><w:tab/></w:r>"
        + run("Алма\u00a0Ата")
        + "<w:r><w:br/></w:r>"
        + run("Post")
        + "<w:r><w:noBreakHyphen/></w:r>"
        + run("Production")
        + "<w:r><w:softHyphen/></w:r>"
        + run("s")
        + "<w:r><w:cr/></w:r>"
        + run("Fin")
        + '<w:r><w:br w:type="page"/></w:r>'
        + "</w:p>"
    )

    reading = read(docx_bytes(body))

    assert texts(reading) == ["Город: Алма\u00a0Ата\nPost-Productions\nFin"]


def test_python_docx_breaks_are_read_as_line_breaks():
    def build(document):
        p = document.add_paragraph("Línea uno")
        p.add_run().add_break(WD_BREAK.LINE)
        p.add_run("línea dos")

    assert texts(read(python_docx_bytes(build))) == ["Línea uno\nlínea dos"]


def test_hyperlinks_keep_their_text():
    body = (
        '<w:p><w:hyperlink r:id="rIdLink">'
        + run("сайт фестиваля", '<w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>')
        + "</w:hyperlink></w:p>"
    )
    link = (
        '<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/hyperlink" '
        'Target="https://example.org/" TargetMode="External"/>'
    )

    reading = read(docx_bytes(body, STYLES_XML, relationships=link))

    assert texts(reading) == ["сайт фестиваля"]
    assert notice_messages(reading.notices) == [
        "1 link was kept as its text only, without its address."
    ]


def test_fields_keep_the_text_they_showed():
    body = (
        "<w:p>"
        + run("Fecha: ")
        + '<w:fldSimple w:instr=" DATE \\@ &quot;d MMMM yyyy&quot; ">'
        + run("3 marzo 2025")
        + "</w:fldSimple>"
        + run(", página ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run("2")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + "</w:p>"
    )

    reading = read(docx_bytes(body))

    assert texts(reading) == ["Fecha: 3 marzo 2025, página 2"]
    assert notice_messages(reading.notices) == [
        "2 fields (dates, page numbers, cross-references, …) were kept as the "
        "text they showed."
    ]


def test_footnote_references_are_left_out():
    body = (
        "<w:p>"
        + run("The film won two awards.")
        + '<w:r><w:footnoteReference w:id="1"/></w:r>'
        + "</w:p>"
    )

    reading = read(docx_bytes(body))

    assert texts(reading) == ["The film won two awards."]
    assert notice_messages(reading.notices) == ["1 footnote or endnote was left out."]


TEXT_BOX = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
    "<wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>"
    + paragraph("Врезка: цитата режиссёра")
    + "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>"
    "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
    "<v:textbox><w:txbxContent>"
    + paragraph("Врезка: цитата режиссёра")
    + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r>"
)


def test_a_text_box_is_left_out_and_counted_once():
    body = "<w:p>" + run("Режиссёр рассказал о фильме.") + TEXT_BOX + "</w:p>"

    reading = read(docx_bytes(body))

    assert texts(reading) == ["Режиссёр рассказал о фильме."]
    assert notice_messages(reading.notices) == ["1 text box was left out."]


def test_content_controls_hold_numbered_body_paragraphs():
    body = (
        paragraph("Before")
        + "<w:sdt><w:sdtPr><w:alias w:val='Lead'/></w:sdtPr><w:sdtContent>"
        + paragraph("Лид внутри элемента управления.")
        + paragraph("Екінші абзац.")
        + "</w:sdtContent></w:sdt>"
        + "<w:p><w:sdt><w:sdtContent>"
        + run("Inline control")
        + "</w:sdtContent></w:sdt></w:p>"
    )

    reading = read(docx_bytes(body))

    assert texts(reading) == [
        "Before",
        "Лид внутри элемента управления.",
        "Екінші абзац.",
        "Inline control",
    ]
    assert [p.number for p in reading.paragraphs] == [1, 2, 3, 4]


def test_headings_by_style_name_based_on_and_outline_level():
    body = (
        paragraph("Заголовок", '<w:pPr><w:pStyle w:val="1"/></w:pPr>')
        + paragraph(
            "Subtítulo propio", '<w:pPr><w:pStyle w:val="PressHeading"/></w:pPr>'
        )
        + paragraph("Cita", '<w:pPr><w:pStyle w:val="Quote"/></w:pPr>')
        + paragraph("Outline", '<w:pPr><w:outlineLvl w:val="2"/></w:pPr>')
        + paragraph("Body level", '<w:pPr><w:outlineLvl w:val="9"/></w:pPr>')
        + paragraph("Unknown style", '<w:pPr><w:pStyle w:val="Missing"/></w:pPr>')
    )

    reading = read(docx_bytes(body, STYLES_XML))

    assert [p.heading for p in reading.paragraphs] == [1, 1, 0, 1, 0, 0]


def test_hidden_text_is_left_out():
    body = "<w:p>" + run("Visible.") + run(" Hidden.", "<w:rPr><w:vanish/></w:rPr>")
    body += "</w:p>"

    reading = read(docx_bytes(body))

    assert texts(reading) == ["Visible."]
    assert reading.notices == {"hidden_text": 1}


def test_list_numbers_and_bullets_are_dropped_and_counted():
    def build(document):
        document.add_paragraph("Almaty", style="List Bullet")
        document.add_paragraph("Astana", style="List Number")
        document.add_paragraph("Shymkent")

    reading = read(python_docx_bytes(build))

    assert texts(reading) == ["Almaty", "Astana", "Shymkent"]
    assert notice_messages(reading.notices) == [
        "The numbers or bullets of 2 list items were dropped."
    ]


def test_a_table_with_merged_cells_gives_one_cell_per_column():
    def build(document):
        table = document.add_table(rows=3, cols=3)
        table.cell(0, 0).merge(table.cell(0, 1))
        table.cell(0, 0).text = "Фильм"
        table.cell(0, 2).text = "Год"
        table.cell(1, 0).merge(table.cell(2, 0))
        table.cell(1, 0).text = "La tregua"
        table.cell(1, 1).text = "Драма"
        table.cell(1, 2).text = "2025"
        table.cell(2, 1).text = "Комедия"
        table.cell(2, 2).text = "2026"
        document.add_paragraph("Кестеден кейін")

    reading = read(python_docx_bytes(build))

    (table,) = reading.tables
    assert table.number == 1
    assert table.rows == [
        [WordCell("Фильм", merged=True), WordCell("", merged=True), WordCell("Год")],
        [WordCell("La tregua", merged=True), WordCell("Драма"), WordCell("2025")],
        [WordCell("", merged=True), WordCell("Комедия"), WordCell("2026")],
    ]
    assert texts(reading) == ["Кестеден кейін"]
    assert reading.paragraphs[0].number == 1


def test_table_cells_read_like_paragraphs_and_know_their_headings():
    cell_heading = paragraph("Программа", '<w:pPr><w:pStyle w:val="1"/></w:pPr>')
    cell_lines = paragraph("Линия 1") + "<w:p/>" + paragraph("Línea 2")
    nested = (
        "<w:tbl><w:tr><w:tc>"
        + paragraph("Вложенная")
        + "</w:tc><w:tc>"
        + paragraph("tabla")
        + "</w:tc></w:tr></w:tbl><w:p/>"
    )
    body = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/>"
        "</w:tblGrid>"
        f"<w:tr><w:tc>{cell_heading}</w:tc><w:tc>{cell_lines}</w:tc>"
        f"<w:tc>{nested}</w:tc></w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
        f"<w:tc>{paragraph('Solo')}</w:tc></w:tr>"
        "</w:tbl>"
    )

    reading = read(docx_bytes(body, STYLES_XML))

    rows = reading.tables[0].rows
    assert [[c.text for c in row] for row in rows] == [
        ["Программа", "Линия 1\nLínea 2", "Вложенная\ntabla", ""],
        ["", "Solo", "", ""],
    ]
    assert [c.heading for c in rows[0]] == [True, False, False, False]
    assert notice_messages(reading.notices) == [
        "1 table inside a table cell was read as lines of that cell."
    ]


def test_pictures_are_read_once_each_in_document_order():
    red, blue = png_bytes("red"), png_bytes("blue", size=(3, 5))

    def build(document):
        document.add_paragraph("Кадр из фильма:")
        document.add_picture(io.BytesIO(red))
        document.add_picture(io.BytesIO(blue))
        document.add_picture(io.BytesIO(red))

    reading = read(python_docx_bytes(build))

    assert [(i.data, i.content_type) for i in reading.images] == [
        (red, "image/png"),
        (blue, "image/png"),
    ]
    assert all(i.name.endswith(".png") for i in reading.images)
    assert texts(reading) == ["Кадр из фильма:"]


def blip_run(rid, attribute="r:embed"):
    return (
        "<w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic>"
        f'<pic:blipFill><a:blip {attribute}="{rid}"/></pic:blipFill>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def test_linked_pictures_are_counted_not_fetched_and_vml_pictures_read():
    body = (
        "<w:p>"
        + blip_run("rIdLinked", "r:link")
        + '<w:r><w:pict><v:shape><v:imagedata r:id="rIdVml"/></v:shape></w:pict>'
        "</w:r>"
        + '<w:r><w:pict><v:shape><v:imagedata r:id="rIdFar"/></v:shape></w:pict>'
        "</w:r>" + run("Фото: пресс-служба") + "</w:p>"
    )
    relationships = (
        f'<Relationship Id="rIdLinked" Type="{IMAGE_REL}" '
        'Target="https://example.org/still.jpg" TargetMode="External"/>'
        f'<Relationship Id="rIdFar" Type="{IMAGE_REL}" '
        'Target="file:///C:/photos/still.png" TargetMode="External"/>'
        f'<Relationship Id="rIdVml" Type="{IMAGE_REL}" Target="media/still.png"/>'
    )

    reading = read(
        docx_bytes(
            body,
            relationships=relationships,
            extra_parts={"word/media/still.png": png_bytes("green")},
        )
    )

    assert [(i.name, i.data) for i in reading.images] == [
        ("still.png", png_bytes("green"))
    ]
    assert notice_messages(reading.notices) == [
        "2 pictures are only linked from the document, not in it, and were left "
        "out; insert them into the document to include them."
    ]


def test_a_picture_drawn_two_ways_is_read_once():
    body = (
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<a:blip r:embed="rIdNew"/></w:drawing></mc:Choice><mc:Fallback><w:pict>'
        '<v:imagedata r:id="rIdOld"/></w:pict></mc:Fallback></mc:AlternateContent>'
        "</w:r></w:p>"
    )
    relationships = (
        f'<Relationship Id="rIdNew" Type="{IMAGE_REL}" Target="media/new.png"/>'
        f'<Relationship Id="rIdOld" Type="{IMAGE_REL}" Target="media/old.png"/>'
    )

    reading = read(
        docx_bytes(
            body,
            relationships=relationships,
            extra_parts={
                "word/media/new.png": png_bytes("red"),
                "word/media/old.png": png_bytes("blue"),
            },
        )
    )

    assert [i.name for i in reading.images] == ["new.png"]


def test_a_deleted_picture_is_not_read():
    body = '<w:p><w:del w:id="1" w:author="Ana">' + blip_run("rIdGone") + "</w:del>"
    body += run("Sin foto.") + "</w:p>"
    relationships = (
        f'<Relationship Id="rIdGone" Type="{IMAGE_REL}" Target="media/gone.png"/>'
    )

    reading = read(
        docx_bytes(
            body,
            relationships=relationships,
            extra_parts={"word/media/gone.png": png_bytes()},
        )
    )

    assert reading.images == []
    assert texts(reading) == ["Sin foto."]


def test_pictures_beyond_the_limit_are_left_out_and_counted():
    count = MAX_IMAGES + 2
    body = "<w:p>" + "".join(blip_run(f"rIdImg{n}") for n in range(count)) + "</w:p>"
    relationships = "".join(
        f'<Relationship Id="rIdImg{n}" Type="{IMAGE_REL}" Target="media/i{n}.png"/>'
        for n in range(count)
    )
    parts = {f"word/media/i{n}.png": png_bytes(size=(n + 1, 1)) for n in range(count)}

    reading = read(docx_bytes(body, relationships=relationships, extra_parts=parts))

    assert [i.name for i in reading.images] == [f"i{n}.png" for n in range(MAX_IMAGES)]
    assert notice_messages(reading.notices) == [
        f"2 pictures were left out: only the first {MAX_IMAGES} are read."
    ]


def test_paragraph_text_reads_one_paragraph_with_insertions():
    from docx.oxml.parser import parse_xml

    from .word_documents import NAMESPACES

    p = parse_xml(
        f"<w:p {NAMESPACES}>"
        + run("Estreno ")
        + '<w:ins w:id="1" w:author="Ana">'
        + run("mundial")
        + "</w:ins></w:p>"
    )

    assert paragraph_text(p) == "Estreno mundial"


def test_every_notice_has_a_sentence_in_singular_and_plural():
    for count in (1, 3):
        notices = dict.fromkeys(NOTICES, count)

        messages = notice_messages(notices)

        assert len(messages) == len(NOTICES) - 1  # insertions and deletions: one
        assert all(str(count) in message for message in messages)
    assert notice_messages({"tracked_deletions": 1}) == [
        "1 tracked deletion was taken as accepted."
    ]
    assert notice_messages({"tracked_insertions": 3}) == [
        "3 tracked insertions were taken as accepted."
    ]
    assert notice_messages({"comments": 1, "formatting": 1}) == [
        "Inline formatting (italics, bold, …) was dropped in 1 paragraph: "
        "paragraphs are plain text.",
        "1 comment was left out.",
    ]
