"""Word documents in: a multilingual table, one document per language, parallel text."""

import io
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command

from articles.audit import describe
from articles.history import versions_of
from articles.importers import ImportRefused, import_files, people_for_matching
from articles.models import Article, ArticleImage, Person
from articles.word.importing import parse_files

from .factories import png_bytes
from .word_documents import docx_bytes, paragraph
from .word_release import (
    PARAGRAPHS,
    SPEAKER,
    TITLE,
    language_document,
    merged,
    saved,
    split,
    table_document,
    without,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def speaker():
    return Person.objects.create(
        slug="dana-omarova",
        name_en=SPEAKER["en"],
        name_ru=SPEAKER["ru"],
        name_kk=SPEAKER["kk"],
    )


def understood(*documents, names=None, **options):
    names = names or [f"release-{index}.docx" for index in range(len(documents))]
    files = [
        (name, saved(document)) for name, document in zip(names, documents, strict=True)
    ]
    return parse_files(files, people_for_matching(), **options)


def warnings_text(report):
    return "\n".join(message for _line, message in report.warnings)


def texts(report, code):
    return [unit.texts.get(code) for unit in report.units]


def expected(code, paragraphs=PARAGRAPHS):
    return [texts[code] for _kind, texts in paragraphs if code in texts]


# A multilingual table


def test_table_with_a_header_row_gives_one_unit_per_row(speaker):
    report = understood(table_document(["en", "ru", "es"]))
    assert report.place == "row"
    assert report.languages == ["en", "ru", "es"]
    assert {code: title for code, (title, _row) in report.titles.items()} == {
        code: TITLE[code] for code in ("en", "ru", "es")
    }
    for code in ("en", "ru", "es"):
        assert texts(report, code) == expected(code)
    kinds = [unit.kind for unit in report.units]
    assert kinds == [kind for kind, _texts in PARAGRAPHS]
    quote = report.units[4]
    assert quote.speaker_id == speaker.pk
    # rows are numbered as Word shows them: the header is row 1, the title row 2
    assert report.units[0].lines == {"en": 3, "ru": 3, "es": 3}
    assert "the language of the first column" in warnings_text(report)


def test_table_without_a_header_is_read_by_the_language_of_each_column():
    report = understood(table_document(["ru", "kk", "en"], header=False))
    assert report.languages == ["ru", "kk", "en"]
    assert texts(report, "kk") == expected("kk")
    assert report.titles["en"][0] == TITLE["en"]


def test_source_language_chosen_among_the_columns():
    report = understood(table_document(["en", "ru"]), source_language="ru")
    assert report.source_language == "ru" and report.languages == ["ru", "en"]
    with pytest.raises(ImportRefused, match="not a column of the table"):
        understood(table_document(["en", "ru"]), source_language="es")


def test_header_in_the_editors_language_and_a_numbering_column():
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for cell, text in zip(
        table.rows[0].cells, ["№", "Английский", "Испанский"], strict=True
    ):
        cell.text = text
    for number, row in enumerate(table.rows[1:], 1):
        _kind, paragraph = PARAGRAPHS[number - 1]
        for cell, text in zip(
            row.cells, [str(number), paragraph["en"], paragraph["es"]], strict=True
        ):
            cell.text = text
    report = understood(document)
    assert report.languages == ["en", "es"]
    assert "Column 1 (“№”) is not a language; left out." in warnings_text(report)
    assert texts(report, "es") == expected("es")[:2]


def test_empty_cell_is_a_missing_translation_and_merged_cells_are_reported():
    document = table_document(["en", "ru", "es"])
    table = document.tables[0]
    table.rows[2].cells[2].text = ""  # the first paragraph has no Spanish
    heading_row = table.rows[4]
    heading_row.cells[1].merge(heading_row.cells[2])  # ru and es in one cell
    report = understood(document)
    assert report.units[0].texts.keys() == {"en", "ru"}
    text = warnings_text(report)
    assert "No translation into Spanish." in text
    assert "The Russian cell spans several columns" in text
    assert "The Spanish cell is merged with another; it is left empty here." in text
    assert any(line == 5 for line, _message in report.warnings)


def test_swapped_columns_are_reported_by_script():
    document = table_document(["en", "ru"])
    row = document.tables[0].rows[3]
    english, russian = row.cells[0].text, row.cells[1].text
    row.cells[0].text, row.cells[1].text = russian, english
    report = understood(document)
    assert "The English cell is written in another script" in warnings_text(report)


def test_two_columns_in_one_language_are_refused():
    document = table_document(["en", "ru"], header=False)
    for row in document.tables[0].rows:
        row.cells[1].text = row.cells[0].text
    with pytest.raises(ImportRefused, match="both in English"):
        understood(document)


# One document per language


def test_documents_with_the_same_structure_pair_one_to_one(speaker):
    report = understood(
        language_document("en"),
        language_document("ru"),
        language_document("es"),
        names=["salt-road.en.docx", "salt-road.ru.docx", "salt-road.es.docx"],
    )
    assert report.place == "paragraph"
    assert report.languages == ["en", "ru", "es"]
    assert report.files == [
        ("salt-road.en.docx", "en"),
        ("salt-road.ru.docx", "ru"),
        ("salt-road.es.docx", "es"),
    ]
    assert report.titles["ru"][0] == TITLE["ru"]
    for code in ("en", "ru", "es"):
        assert texts(report, code) == expected(code)
    assert [unit.kind for unit in report.units] == [k for k, _t in PARAGRAPHS]
    assert report.units[4].speaker_id == speaker.pk
    assert not any(unit.doubt for unit in report.units)
    assert "doubtful" not in warnings_text(report)


def test_the_language_is_told_by_the_text_when_the_name_does_not():
    report = understood(
        language_document("kk"),
        language_document("en"),
        names=["release.docx", "release (1).docx"],
    )
    assert report.languages == ["kk", "en"]
    assert texts(report, "en") == expected("en")


def test_a_paragraph_split_in_one_document_is_joined():
    paragraphs = split(PARAGRAPHS, 3, "ru")
    report = understood(language_document("en"), language_document("ru", paragraphs))
    assert len(report.units) == len(PARAGRAPHS)
    assert report.units[3].texts["ru"] == PARAGRAPHS[3][1]["ru"]
    assert "splits" in warnings_text(report)


def test_two_paragraphs_kept_whole_in_one_document_become_one_unit():
    paragraphs = merged(PARAGRAPHS, 0, "ru")
    report = understood(language_document("en"), language_document("ru", paragraphs))
    assert len(report.units) == len(PARAGRAPHS) - 1
    first = report.units[0]
    assert first.texts["ru"] == paragraphs[0][1]["ru"]
    assert first.texts["en"] == f"{PARAGRAPHS[0][1]['en']} {PARAGRAPHS[1][1]['en']}"
    assert "imported as one paragraph" in warnings_text(report)


def test_a_missing_paragraph_leaves_the_others_paired():
    paragraphs = without(PARAGRAPHS, 1, "ru")
    report = understood(language_document("en"), language_document("ru", paragraphs))
    assert texts(report, "en") == expected("en")
    ru = texts(report, "ru")
    assert ru[1] is None
    assert ru[:1] + ru[2:] == expected("ru", paragraphs)
    assert "No translation into Russian." in warnings_text(report)


def test_an_extra_paragraph_is_kept_apart_for_a_person_to_check():
    extra = "Фильм снят при поддержке городского фонда кино."
    paragraphs = [*PARAGRAPHS[:2], ("text", {"ru": extra}), *PARAGRAPHS[2:]]
    report = understood(language_document("en"), language_document("ru", paragraphs))
    holding = [unit for unit in report.units if extra in " ".join(unit.texts.values())]
    # Never joined to a translation: by length it could be half of paragraph 2.
    assert [(unit.texts, unit.doubt) for unit in holding] == [({"ru": extra}, True)]
    assert report.units.index(holding[0]) in (2, 3)
    text = warnings_text(report)
    assert "has no counterpart" in text or "the alignment is doubtful" in text
    assert texts(report, "en") == [
        *expected("en")[:2],
        *[None] * (len(report.units) - len(PARAGRAPHS)),
        *expected("en")[2:],
    ]
    russian_of = {texts_["en"]: texts_["ru"] for _kind, texts_ in PARAGRAPHS}
    paired = [unit for unit in report.units if not unit.doubt]
    assert len(paired) >= len(PARAGRAPHS) - 1
    assert all(unit.texts["ru"] == russian_of[unit.texts["en"]] for unit in paired)


def test_a_file_name_that_contradicts_the_text_is_refused():
    with pytest.raises(ImportRefused, match="says Russian, but its text is English"):
        understood(
            language_document("en"),
            language_document("es"),
            names=["release.ru.docx", "release.es.docx"],
        )


def test_two_documents_in_one_language_are_refused():
    with pytest.raises(ImportRefused, match="are both in English"):
        understood(language_document("en"), language_document("en"))


def test_a_text_file_among_word_documents_is_refused():
    files = [("a.en.docx", saved(language_document("en"))), ("b.txt", b"Hello.")]
    with pytest.raises(ImportRefused, match="b.txt is not a Word document"):
        parse_files(files)


# Parallel text typed into Word


def test_parallel_text_in_a_word_document():
    import docx

    document = docx.Document()
    for code in ("en", "ru"):
        document.add_paragraph(TITLE[code], style="Title")
    for _kind, texts_ in PARAGRAPHS:
        document.add_paragraph(texts_["en"])
        document.add_paragraph(texts_["ru"])
    report = understood(document)
    assert report.place == "paragraph"
    assert report.languages == ["en", "ru"]
    assert report.titles["ru"][0] == TITLE["ru"]
    assert texts(report, "ru") == expected("ru")


# Images and what was dropped


def test_embedded_images_become_the_gallery_and_a_bad_one_is_reported():
    document = language_document("en", picture=png_bytes(64, 48))
    en = saved(document)
    ru = saved(language_document("ru", picture=png_bytes(64, 48)))  # the same image
    report = parse_files([("a.en.docx", en), ("a.ru.docx", ru)])
    assert len(report.images) == 1
    _report, article = import_files([("a.en.docx", en), ("a.ru.docx", ru)])
    gallery = ArticleImage.objects.filter(article=article).select_related("image")
    assert [(item.image.width, item.image.height) for item in gallery] == [(64, 48)]


def test_italics_are_dropped_and_the_report_says_so():
    import docx

    document = language_document("en")
    paragraph = document.add_paragraph("The screening is ")
    paragraph.add_run("free").italic = True
    paragraph.add_run(" for accredited journalists.")
    other = language_document("ru")
    other.add_paragraph("Показ бесплатный для аккредитованных журналистов.")
    report = understood(document, other)
    assert report.units[-1].texts["en"] == (
        "The screening is free for accredited journalists."
    )
    assert "formatting" in warnings_text(report).lower()
    assert isinstance(document, docx.document.Document)


# Saving, the command and bad files


def test_command_imports_one_document_per_language(tmp_path, capsys, speaker):
    for code in ("en", "ru"):
        (tmp_path / f"salt-road.{code}.docx").write_bytes(
            saved(language_document(code))
        )
    call_command(
        "import_release",
        str(tmp_path / "salt-road.en.docx"),
        str(tmp_path / "salt-road.ru.docx"),
    )
    out = capsys.readouterr().out
    assert "Saved draft release" in out
    article = Article.objects.get()
    assert article.title_ru == TITLE["ru"] and article.source_language == "en"
    paragraphs = list(article.paragraphs.order_by("position"))
    assert [p.text_ru for p in paragraphs] == expected("ru")
    assert paragraphs[4].speaker_id == speaker.pk
    comment = describe(versions_of(article).first().revision.comment)
    assert "salt-road.en.docx, salt-road.ru.docx" in comment


def test_command_refuses_a_document_that_is_not_word_and_saves_nothing(tmp_path):
    fake = tmp_path / "release.docx"
    fake.write_bytes(b"%PDF-1.7 this is not a Word document")
    good = tmp_path / "release.ru.docx"
    good.write_bytes(saved(language_document("ru")))
    with pytest.raises(CommandError, match="release.docx") as error:
        call_command("import_release", str(fake), str(good))
    assert "Nothing was imported" in str(error.value)
    assert not Article.objects.exists()


def test_dry_run_saves_nothing(tmp_path, capsys):
    path = tmp_path / "table.docx"
    path.write_bytes(saved(table_document(["en", "es"])))
    call_command("import_release", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "Dry run" in out and f"es (row 3): {PARAGRAPHS[0][1]['es']}" in out
    assert not Article.objects.exists()


def test_images_in_the_document_are_saved_with_the_release():
    data = saved(table_document(["en", "ru"]))
    document = language_document("en", picture=png_bytes(30, 20, (10, 20, 30)))
    pictured = io.BytesIO(saved(document))
    _report, article = import_files(
        [
            ("r.en.docx", pictured.getvalue()),
            ("r.ru.docx", saved(language_document("ru"))),
        ]
    )
    assert article.gallery_items.count() == 1
    assert data  # the table document itself has no image


def test_tracked_changes_are_accepted_and_comments_left_out_with_a_report():
    insertion = (
        '<w:ins w:id="1" w:author="Editor" w:date="2026-11-30T10:00:00Z"><w:r>'
        '<w:t xml:space="preserve"> on 14 September</w:t></w:r></w:ins>'
    )
    deletion = (
        '<w:del w:id="2" w:author="Editor" w:date="2026-11-30T10:00:00Z"><w:r>'
        '<w:delText xml:space="preserve"> next spring</w:delText></w:r></w:del>'
    )
    comment = (
        '<w:commentRangeStart w:id="0"/><w:r><w:t>The crew</w:t></w:r>'
        '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
    )
    body = (
        paragraph(TITLE["en"])
        + paragraph(TITLE["ru"])
        + '<w:p><w:r><w:t xml:space="preserve">The film opens the season</w:t></w:r>'
        + insertion
        + deletion
        + '<w:r><w:t xml:space="preserve"> at the national cinema.</w:t></w:r></w:p>'
        + paragraph("Фильм откроет сезон в национальном кинотеатре 14 сентября.")
        + "<w:p>"
        + comment
        + '<w:r><w:t xml:space="preserve"> lived in the village for two seasons.'
        + "</w:t></w:r></w:p>"
        + paragraph("Группа два сезона жила в посёлке.")
    )
    report = parse_files([("edited.docx", docx_bytes(body))])
    assert report.units[0].texts["en"] == (
        "The film opens the season on 14 September at the national cinema."
    )
    assert report.units[1].texts == {
        "en": "The crew lived in the village for two seasons.",
        "ru": "Группа два сезона жила в посёлке.",
    }
    text = warnings_text(report)
    assert "1 tracked insertion and 1 deletion were taken as accepted." in text
    assert "1 comment was left out." in text


def damaged_picture(document_bytes):
    """The document with its picture's bytes cut short, as a broken copy leaves it."""
    source = zipfile.ZipFile(io.BytesIO(document_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("word/media/"):
                data = data[:40]
            target.writestr(item, data)
    return out.getvalue()


def test_a_damaged_picture_is_left_out_of_the_gallery_and_reported():
    en = damaged_picture(saved(language_document("en", picture=png_bytes(64, 48))))
    ru = saved(language_document("ru"))
    report = parse_files([("a.en.docx", en), ("a.ru.docx", ru)])
    assert report.images == []
    assert "a.en.docx: the image image1.png is left out:" in warnings_text(report)
    _report, article = import_files([("a.en.docx", en), ("a.ru.docx", ru)])
    assert not article.gallery_items.exists()
    assert article.paragraphs.count() == len(PARAGRAPHS)


def test_a_password_protected_document_is_refused_by_the_command(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = tmp_path / "plain.docx"
    plain.write_bytes(saved(language_document("en")))
    locked = tmp_path / "locked.docx"
    with plain.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("secret", target)
    with pytest.raises(CommandError, match="password-protected") as error:
        call_command("import_release", str(locked))
    assert str(error.value).startswith("locked.docx: ")
    assert not Article.objects.exists()


def test_a_table_row_without_its_source_text_is_reported():
    document = table_document(["en", "ru"])
    document.tables[0].rows[3].cells[0].text = ""
    report = understood(document)
    assert report.units[1].texts == {"ru": PARAGRAPHS[1][1]["ru"]}
    assert "No English text in this row; imported without a source text." in (
        warnings_text(report)
    )


# Every warning and refusal of the Word importer, each once


def one_column_table(rows):
    import docx

    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, texts_ in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts_, strict=True):
            cell.text = text
    return document


def test_a_numbering_column_without_a_header_is_left_out():
    rows = [[str(number), texts_["en"], texts_["ru"]] for number, (_k, texts_) in
            enumerate(PARAGRAPHS, 1)]  # fmt: skip
    report = understood(one_column_table(rows))
    assert report.languages == ["en", "ru"]
    text = warnings_text(report)
    assert "Column 1 holds no text to import; left out." in text
    assert "No title row: the release is imported without a title." in text


def test_documents_without_titles_are_imported_without_one():
    report = understood(
        language_document("en", title=False), language_document("ru", title=False)
    )
    assert report.titles == {}
    assert "No title: the release is imported without a title." in (
        warnings_text(report)
    )
    assert texts(report, "ru") == expected("ru")


def test_a_doubtful_pair_is_shown_apart_with_both_sides():
    paragraphs = [
        *PARAGRAPHS[:1],
        ("text", {"en": "The screening is free.", "ru": "Вход на показ свободный."}),
        ("text", {"en": "Doors open at seven.", "ru": "Двери откроются в 19:00, а "
                  "начало показа назначено на 19:30 по местному времени."}),
        *PARAGRAPHS[1:],
    ]  # fmt: skip
    report = understood(
        language_document("en", paragraphs), language_document("ru", paragraphs)
    )
    text = warnings_text(report)
    # Both sides are quoted, so an editor can pair them after the import.
    assert re.search(
        r"Not paired, the alignment is doubtful: release-0\.docx paragraph \d+ “.+” "
        r"and release-1\.docx paragraph \d+ “.+”\. Check them\.",
        text,
    )
    doors = [unit for unit in report.units if "Двери" in unit.texts.get("ru", "")]
    assert [(unit.texts.keys(), unit.doubt) for unit in doors] == [({"ru"}, True)]
    assert "No translation into Russian." in text  # “Doors open at seven.”
    assert text.count("No translation into Russian.") == 1  # not for the doubts


def test_only_fifty_pictures_become_the_gallery(monkeypatch):
    from articles.word import importing

    monkeypatch.setattr(importing, "MAX_IMAGES", 2)
    documents = [
        language_document("en", picture=png_bytes(20 + number, 20))
        for number in range(3)
    ]
    files = [(f"p{number}.docx", saved(d)) for number, d in enumerate(documents)]
    report = parse_files(files[:1])
    assert len(report.images) == 1
    english = language_document("en", picture=png_bytes(20, 20))
    english.add_picture(io.BytesIO(png_bytes(21, 20)))
    english.add_picture(io.BytesIO(png_bytes(22, 20)))
    report = parse_files([("many.en.docx", saved(english))])
    assert len(report.images) == 2
    assert "Only the first 2 images become the gallery." in warnings_text(report)


def kazakh_rows(count):
    return [[texts_["kk"]] for _kind, texts_ in PARAGRAPHS][:count]


REFUSALS = {
    "no file": (lambda: [], "No file was given."),
    "more documents than languages": (
        lambda: [(f"r{n}.docx", saved(language_document("en"))) for n in range(5)],
        "5 documents were given; one per language is expected, so at most 4.",
    ),
    "an empty document": (
        lambda: [("empty.docx", saved(__import__("docx").Document()))],
        "The document has no text.",
    ),
    "a table with only a title row": (
        lambda: [("t.docx", saved(table_document(["en", "ru"], paragraphs=[])))],
        "The table has a title but no paragraphs.",
    ),
    "a table of numbers": (
        lambda: [("n.docx", saved(one_column_table([["1", "2"], ["3", "4"]])))],
        "No column of the table is in a known language.",
    ),
    "a column too short to tell": (
        lambda: [
            (
                "s.docx",
                saved(
                    one_column_table(
                        [
                            ["Eins zwei drei vier fünf sechs", "Да"],
                            ["Sieben acht neun zehn", "Нет"],
                        ]
                    )
                ),
            )
        ],  # fmt: skip
        "Column 1 is in a language that is not configured (identified as “de”).",
    ),
    "an empty source document": (
        lambda: [
            ("a.en.docx", saved(__import__("docx").Document())),
            ("a.ru.docx", saved(language_document("ru"))),
        ],
        "a.en.docx has no text.",
    ),
    "a document in German": (
        lambda: [
            ("a.en.docx", saved(language_document("en"))),
            ("b.docx", saved(german_document())),
        ],
        "b.docx is in a language that is not configured (identified as “de”)",
    ),
}


def german_document():
    import docx

    document = docx.Document()
    document.add_paragraph(
        "Der Film eröffnet die Herbstsaison im Nationalkino mit einer Vorführung, "
        "bei der die Regisseurin und die Schauspieler anwesend sein werden."
    )
    document.add_paragraph(
        "Die Dreharbeiten dauerten zweiundvierzig Tage in zwei Jahreszeiten am See."
    )
    return document


@pytest.mark.parametrize("case", REFUSALS)
def test_word_refusals_say_why(case):
    files, message = REFUSALS[case]
    with pytest.raises(ImportRefused) as refusal:
        parse_files(files())
    assert message in str(refusal.value)


def test_the_source_language_must_be_among_the_documents():
    files = [(f"a.{c}.docx", saved(language_document(c))) for c in ("en", "ru")]
    with pytest.raises(ImportRefused, match="Spanish is not among the documents"):
        parse_files(files, source_language="es")
    report = parse_files(files, source_language="ru")
    assert report.languages == ["ru", "en"] and report.source_language == "ru"


def test_a_paragraph_over_the_limit_is_refused_with_its_place():
    long = "Слово " * 4000
    document = language_document("ru", [("text", {"ru": long.strip()})])
    files = [
        ("a.en.docx", saved(language_document("en"))),
        ("a.ru.docx", saved(document)),
    ]
    with pytest.raises(ImportRefused, match="Paragraph 2 has 23999 characters"):
        parse_files(files)


def test_a_table_longer_than_a_release_is_refused_before_it_is_read():
    row = "<w:tr>" + ("<w:tc>" + paragraph("Texto del párrafo.") + "</w:tc>") * 2
    body = "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
    body += (row + "</w:tr>") * 5003 + "</w:tbl>"
    with pytest.raises(ImportRefused, match="The table has 5003 rows; at most 5002"):
        parse_files([("long.docx", docx_bytes(body))])


def test_many_warnings_are_counted_once_with_the_documents_notices():
    rows = [["English", "Русский"]]
    for number in range(70):  # every Russian cell empty: a warning per row
        rows.append([f"Paragraph number {number} of a long release, in English.", ""])
    document = one_column_table(rows)
    document.add_paragraph("A note under the table, ").add_run(
        "in italics"
    ).italic = True
    report = understood(document)
    assert len(report.warnings) == 51
    more = [message for _line, message in report.warnings if "more warning" in message]
    assert len(more) == 1 and report.warnings[-1][1] == more[0]
    assert report.warnings_hidden == len(report.hidden)
    assert more[0] == f"…and {report.warnings_hidden} more warnings, not shown."
    everything = report.warnings[:-1] + report.hidden
    assert sum("No translation into Russian." in m for _l, m in everything) == 70
    assert (
        "1 paragraph outside the table was left out: “A note under the table, in "
        "italics”." in everything[0][1] + "".join(m for _l, m in everything)
    )


def test_parallel_text_with_a_table_of_screenings_is_read_from_its_paragraphs():
    import docx

    document = docx.Document()
    for code in ("en", "ru"):
        document.add_paragraph(TITLE[code], style="Title")
    for _kind, texts_ in PARAGRAPHS:
        document.add_paragraph(texts_["en"])
        document.add_paragraph(texts_["ru"])
    screenings = document.add_table(rows=2, cols=2)
    for cell, text in zip(
        screenings._cells,
        ["Almaty", "12 September", "Astana", "14 September"],
        strict=True,
    ):
        cell.text = text
    report = understood(document)
    assert texts(report, "ru") == expected("ru")
    assert "1 table was left out" in warnings_text(report)
