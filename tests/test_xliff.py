from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree

from articles import completeness
from articles.models import Article, Paragraph, Translator
from articles.translation_state import CURRENT, MISSING, STALE, state
from articles.xliff import XliffRefused, export_xliff, import_xliff

from .test_admin import make_staff

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent.parent / "docs" / "schemas" / "xliff-1.2"
XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"


@pytest.fixture(scope="module")
def schema():
    """The OASIS schema kept in the repository, its import of the W3C xml
    namespace schema pointed at the local stand-in: no network, never skipped."""
    text = (SCHEMAS / "xliff-core-1.2-strict.xsd").read_text(encoding="utf-8").lstrip()
    text = text.replace("http://www.w3.org/2001/xml.xsd", "xml.xsd")
    return etree.XMLSchema(etree.fromstring(text.encode(), base_url=f"{SCHEMAS}/"))


def agency_fills(data, translate):
    """What a CAT tool does: read the file, write targets, mark them translated."""
    from translate.storage import xliff

    store = xliff.xlifffile.parsestring(data)
    for unit in store.getunits():
        text = translate(unit)
        if text is not None:
            unit.target = text
            unit.set_state_n(unit.statemap["translated"])
    return bytes(store)


def units_of(data):
    root = etree.fromstring(data)
    return {unit.get("id"): unit for unit in root.iter(f"{XLIFF}trans-unit")}


@pytest.mark.parametrize("language", ["ru", "kk", "es"])
def test_every_export_validates_against_the_xliff_12_schema(schema, demo, language):
    data = export_xliff(demo, language)
    schema.assertValid(etree.fromstring(data))


def test_the_schema_really_checks_the_namespace_and_the_units(schema, demo):
    """The canary: the validation above would catch a file that is not 1.2."""
    data = export_xliff(demo, "kk")
    assert not schema.validate(
        etree.fromstring(data.replace(b"document:1.2", b"document:1.1"))
    )
    assert not schema.validate(
        etree.fromstring(data.replace(b"<trans-unit ", b"<trans-unit bogus='1' "))
    )


def test_export_marks_missing_and_stale_for_translation_and_current_as_done(demo):
    paragraph = demo.paragraphs.get(position=1)
    paragraph.text_en = "The premiere drew a full house."
    paragraph.save()
    units = units_of(export_xliff(demo, "kk"))
    file_node = etree.fromstring(export_xliff(demo, "kk")).find(f"{XLIFF}file")
    assert file_node.get("original") == f"pressroom:release:{demo.pk}:{demo.slug}"
    assert (file_node.get("source-language"), file_node.get("target-language")) == (
        "en", "kk"
    )  # fmt: skip
    stale = units[f"paragraph-{paragraph.pk}"]
    assert stale.find(f"{XLIFF}target").get("state") == "needs-translation"
    assert "state: stale" in [note.text for note in stale.iter(f"{XLIFF}note")]
    missing = units["article-subtitle"]
    assert missing.find(f"{XLIFF}target").get("state") == "needs-translation"
    current = units["article-title"]
    assert current.find(f"{XLIFF}target").get("state") == "translated"
    assert current.find(f"{XLIFF}target").text == demo.title_kk


def test_round_trip_through_an_agency(schema, demo):
    data = export_xliff(demo, "kk")
    before = {
        key: unit.find(f"{XLIFF}target").get("state")
        for key, unit in units_of(data).items()
    }
    todo = sum(1 for value in before.values() if value == "needs-translation")
    filled = agency_fills(
        data,
        lambda unit: f"[kk] {unit.source}" if not unit.target else None,
    )
    schema.assertValid(etree.fromstring(filled))
    article, language, result = import_xliff(filled)
    assert (article, language) == (demo, "kk")
    assert (result.applied, result.refused) == (todo, [])
    assert result.unchanged == len(before) - todo
    demo = Article.objects.get(pk=demo.pk)
    assert demo.subtitle_kk == f"[kk] {demo.subtitle_en}"
    paragraph = demo.paragraphs.get(position=7)
    assert paragraph.text_kk == f"[kk] {paragraph.text_en}"
    assert state(paragraph, "text", "kk") == CURRENT
    assert demo.hero_image.caption_kk == f"[kk] {demo.hero_image.caption_en}"
    missing, stale = completeness.blockers(demo, "kk")
    assert (missing, stale) == ([], [])


def test_units_whose_source_changed_meanwhile_are_refused_not_applied(demo):
    data = export_xliff(demo, "kk")
    paragraph = demo.paragraphs.get(position=6)
    paragraph.text_en = "“A new quote,” said Aron Piper."
    paragraph.save()
    filled = agency_fills(
        data, lambda unit: f"[kk] {unit.source}" if not unit.target else None
    )
    _article, _language, result = import_xliff(filled)
    assert result.refused == [
        (f"paragraph-{paragraph.pk}", "its source changed since the export")
    ]
    paragraph = Paragraph.objects.get(pk=paragraph.pk)
    assert not paragraph.text_kk and state(paragraph, "text", "kk") == MISSING
    assert Paragraph.objects.get(article=demo, position=7).text_kk.startswith("[kk]")


def test_a_stale_translation_checked_by_the_agency_becomes_current(demo):
    paragraph = demo.paragraphs.get(position=1)
    paragraph.text_en = paragraph.text_en.replace("long ovation", "long, warm ovation")
    paragraph.save()
    assert state(Paragraph.objects.get(pk=paragraph.pk), "text", "kk") == STALE
    key = f"paragraph-{paragraph.pk}"
    untouched = export_xliff(demo, "kk")
    import_xliff(untouched)
    assert state(Paragraph.objects.get(pk=paragraph.pk), "text", "kk") == STALE
    checked = agency_fills(
        untouched,
        lambda unit: unit.target if unit.xmlelement.get("id") == key else None,
    )
    _article, _language, result = import_xliff(checked)
    assert result.applied == 1
    paragraph = Paragraph.objects.get(pk=paragraph.pk)
    assert state(paragraph, "text", "kk") == CURRENT
    assert paragraph.text_kk.startswith("Қазақстан мен Испанияның")


def refused(data, **expected):
    before = list(Paragraph.objects.values_list("pk", "text_kk", "translated_from"))
    with pytest.raises(XliffRefused) as caught:
        import_xliff(data, **expected)
    after = list(Paragraph.objects.values_list("pk", "text_kk", "translated_from"))
    assert before == after
    return str(caught.value)


def test_a_file_for_another_release_is_refused(demo):
    other = Article.objects.create(title_en="Another release")
    Paragraph.objects.create(article=other, text_en="Its only paragraph.")
    data = agency_fills(export_xliff(other, "kk"), lambda unit: "Аударма")
    assert "This file is for another release" in refused(data, article=demo)


def test_a_file_for_another_language_is_refused(demo):
    data = agency_fills(export_xliff(demo, "es"), lambda unit: "Traducción")
    message = refused(data, article=demo, language="kk")
    assert message == "This file is a translation into Spanish, not Kazakh."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<xliff><file>", "This is not well-formed XML (line 1)"),
        (b"", "This is not well-formed XML"),
        (b"<html><body>Hi</body></html>", "This is not an XLIFF 1.2 file"),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"/>',
            "This is not an XLIFF 1.2 file",
        ),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
            b'<file original="elsewhere" source-language="en" datatype="plaintext">'
            b"<body/></file></xliff>",
            "This file is not a Pressroom export",
        ),
        (
            b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2">&e;</xliff>',
            "This file has a DTD or entity declarations",
        ),
    ],
)
def test_malformed_files_are_refused_with_a_clear_message(demo, data, message):
    assert refused(data).startswith(message)


def test_unknown_units_are_reported(demo):
    data = export_xliff(demo, "kk").replace(
        b'id="article-title"', b'id="paragraph-999999"'
    )
    _article, _language, result = import_xliff(data)
    assert ("paragraph-999999", "no such unit in the release") in result.refused


def test_commands(demo, tmp_path, capsys):
    call_command("export_xliff", demo.slug, "kk")
    assert capsys.readouterr().out.startswith("<?xml")
    target = tmp_path / "kk.xlf"
    call_command("export_xliff", demo.slug, "kk", "-o", str(target))
    filled = agency_fills(
        target.read_bytes(), lambda u: "Аударма" if not u.target else None
    )
    target.write_bytes(filled)
    call_command("import_xliff", str(target))
    out = capsys.readouterr().out
    assert "[kk]:" in out and "applied" in out and "0 refused" in out
    with pytest.raises(CommandError, match="choose one of ru, kk, es"):
        call_command("export_xliff", demo.slug, "en")
    with pytest.raises(CommandError, match="No release"):
        call_command("export_xliff", "nope", "kk")
    bad = tmp_path / "bad.xlf"
    bad.write_bytes(b"<oops")
    with pytest.raises(CommandError, match="not well-formed XML.*Nothing was changed"):
        call_command("import_xliff", str(bad))


def test_admin_download_and_upload(client, demo):
    user = make_staff("aigul", "Translators")
    Translator.objects.create(user=user, languages=["kk"])
    client.force_login(user)
    download = client.get(
        reverse("admin:articles_article_xliff_export", args=[demo.pk, "kk"])
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('.kk.xlf"')
    filled = agency_fills(
        download.content, lambda u: "Аударма" if not u.target else None
    )
    upload = reverse("admin:articles_article_xliff_import", args=[demo.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        upload,
        {"language": "kk", "file": SimpleUploadedFile("kk.xlf", filled)},
        follow=True,
    )
    assert "applied" in response.content.decode()
    assert Article.objects.get(pk=demo.pk).subtitle_kk == "Аударма"
    response = client.post(
        upload, {"language": "ru", "file": SimpleUploadedFile("ru.xlf", filled)}
    )
    assert response.status_code == 403
    response = client.post(
        upload,
        {"language": "kk", "file": SimpleUploadedFile("bad.xlf", b"<nope")},
        follow=True,
    )
    assert "not well-formed XML" in response.content.decode()
    es = reverse("admin:articles_article_xliff_export", args=[demo.pk, "en"])
    assert client.get(es).status_code == 404
