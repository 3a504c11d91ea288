"""Every parser bounded: hostile parallel texts and XLIFF files, built here.

The corpus (tests/hostile.py) fills the limits with what a backtracking parser
chokes on; property-based tests generate more of it. Each input is answered:
imported, or refused with a message, and then nothing is saved. The only
timing bound is hypothesis's deadline of 5 s an example: a parser that
backtracks is a defect that a timeout shows.
"""

import re
from xml.sax.saxutils import escape

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from articles import xliff
from articles.importers import (
    CLOSING_QUOTES,
    MAX_PARAGRAPH,
    MAX_UNITS,
    OPENING_QUOTES,
    WARNINGS_SHOWN,
    ImportRefused,
    import_file,
    parse,
    quote_attribution,
)
from articles.models import Article, Paragraph
from articles.xliff import XliffRefused, export_xliff, import_xliff

from . import hostile
from .test_admin import make_staff
from .test_xliff import agency_fills

LANGUAGES = ["en", "ru", "kk", "es"]
BOUNDED = settings(
    max_examples=60,
    deadline=5000,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def everything():
    """Every row of every table: what a refusal must leave as it was."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
    }


# Parallel text: the corpus


@pytest.mark.django_db
@pytest.mark.parametrize("name", hostile.PARALLEL_TEXTS)
def test_the_worst_parallel_texts_are_imported_or_refused(name):
    data = hostile.PARALLEL_TEXTS[name]()
    assert len(data) <= 2 * 1024 * 1024
    try:
        report, article = import_file(data)
    except ImportRefused as refusal:
        assert str(refusal)
        assert not Article.objects.exists()
    else:
        assert Article.objects.get() == article
        assert article.paragraphs.count() == len(report.units) <= MAX_UNITS
        assert len(report.warnings) <= WARNINGS_SHOWN + 1


@pytest.mark.django_db
def test_the_issues_file_of_quotation_marks_is_imported():
    data = (hostile.TITLE + "\n" + '"' * 19_999 + "\n").encode()
    _report, article = import_file(data)
    assert article.title_en == hostile.TITLE
    assert article.paragraphs.get().text_en == '"' * 19_999


def test_more_lines_than_units_can_have_are_refused_before_identification():
    with pytest.raises(ImportRefused) as refused:
        parse(hostile.PARALLEL_TEXTS["too many lines"](), configured=LANGUAGES)
    limit = (MAX_UNITS + 1) * len(LANGUAGES)
    count = hostile.PARALLEL_TEXTS["too many lines"]().count(b"\n") + 1
    assert str(refused.value) == (
        f"The file has {count} lines with text; at most {limit} can be imported."
    )


def short_lines(count):
    """A title, a unit in English and Russian, then ``count`` units whose
    Russian is too short to identify: a warning each."""
    lines = [hostile.TITLE, f"{hostile.SHORT[0]}.", f"{hostile.SHORT[1]}."]
    for number in range(count):
        lines += [f"{hostile.SHORT[0]}, number {number}.", "Да."]
    return "\n".join(lines).encode()


def test_a_report_keeps_its_first_warnings_and_says_how_many_more():
    report = parse(short_lines(80), configured=LANGUAGES)
    assert len(report.warnings) == WARNINGS_SHOWN + 1
    # the file's own two first (source language, no Russian title), then by line
    assert [line for line, _message in report.warnings[:3]] == [None, None, 5]
    numbers = [line for line, _message in report.warnings[2:WARNINGS_SHOWN]]
    assert numbers == sorted(numbers)
    hidden = 2 + 80 - WARNINGS_SHOWN
    assert report.warnings_hidden == hidden
    assert report.warnings[-1] == (
        None,
        f"…and {hidden} more warnings, not shown.",
    )


def test_a_warning_names_the_first_lines_and_how_many_more():
    lines = [hostile.TITLE, hostile.SHORT[0] + "."] + [
        f"{hostile.SHORT[1]} {number}." for number in range(30)
    ]
    report = parse("\n".join(lines).encode(), configured=LANGUAGES)
    text = "\n".join(message for _line, message in report.warnings)
    assert "(lines 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 and 20 more)" in text


@pytest.mark.django_db
def test_the_admin_report_shows_the_first_warnings_and_a_count(client):
    client.force_login(make_staff("ed", "Editors"))
    response = client.post(
        reverse("admin:articles_article_import"),
        {"file": SimpleUploadedFile("many.txt", short_lines(80))},
    )
    page = response.content.decode()
    assert page.count('<li class="warning">') == WARNINGS_SHOWN + 1
    assert f"…and {2 + 80 - WARNINGS_SHOWN} more warnings, not shown." in page


# Parallel text: generated


PIECES = [
    '"', "“", "”", "«", "»", "„", "'", "’", " ", "\t", "\u00a0", "—", "–", "-",
    ",", ".", ":", ";", "(", ")", "[", "]", "{", "}", ">", ">{", "# ", "said ",
    " said", "сказала ", " деді", "атап өтті", "a", "ж", "ә", "\n", "\r\n", "\r",
    "\x07", "\ufeff", "Nurlan Seitkazy", *hostile.SHORT, *hostile.QUOTES,
]  # fmt: skip


# A run of one piece: mostly short, now and then as long as a paragraph may be.
runs = st.tuples(
    st.sampled_from(PIECES),
    st.one_of(st.integers(1, 3), st.integers(1, 300), st.integers(1, 20_000)),
).map(lambda run: run[0] * run[1])


@st.composite
def free_paragraphs(draw):
    """A line of runs, mostly cut to the 20,000 characters a paragraph may have."""
    line = "".join(draw(st.lists(runs, min_size=1, max_size=6)))
    if draw(st.integers(0, 9)):
        line = line[:MAX_PARAGRAPH]
    return line


SEPARATORS = [" ", "\t", "\u00a0", ",", ".", "—", "-", '"', "”", "»", ":"]
separators = st.tuples(
    st.sampled_from(SEPARATORS),
    st.one_of(st.integers(1, 3), st.integers(1, 300), st.integers(1, 5000)),
).map(lambda run: run[0] * run[1])


@st.composite
def attributed_paragraphs(draw):
    """Shaped like “…,” said NAME. or NAME said: “…”, a hostile run in each part."""
    part = st.one_of(runs, separators, st.just(""))
    said = st.sampled_from(["said", "Сказала", "атап өтті", "dijo", ""])
    if draw(st.booleans()):
        parts = [
            draw(st.sampled_from(OPENING_QUOTES)), draw(part),
            draw(st.sampled_from(CLOSING_QUOTES)), draw(separators), draw(said),
            draw(separators), draw(part),
        ]  # fmt: skip
    else:
        parts = [
            draw(part), draw(said), draw(separators), ":", draw(separators),
            draw(st.sampled_from(OPENING_QUOTES)), draw(part),
            draw(st.sampled_from(CLOSING_QUOTES)),
        ]  # fmt: skip
    return "".join(parts).strip()[:MAX_PARAGRAPH]


paragraphs = st.one_of(free_paragraphs(), attributed_paragraphs())


@st.composite
def parallel_texts(draw):
    """A title, normal paragraphs and hostile ones; now and then not text at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=2000))
    lines = draw(st.lists(st.sampled_from(hostile.SHORT + hostile.QUOTES)))
    lines += draw(st.lists(paragraphs, max_size=8))
    lines = draw(st.permutations(lines))
    if draw(st.booleans()):
        lines = [hostile.TITLE, *lines]
    return "\n".join(lines).encode()


@pytest.mark.django_db
@BOUNDED
@given(data=parallel_texts())
def test_generated_parallel_texts_are_imported_or_refused_and_refusals_save_nothing(
    data,
):
    before = Article.objects.count()
    try:
        report, article = import_file(data)
    except ImportRefused as refusal:
        event(re.sub(r"\d+", "N", str(refusal))[:50])
        assert Article.objects.count() == before
    else:
        event("imported")
        assert Article.objects.count() == before + 1
        assert article.paragraphs.count() == len(report.units)


# What the former patterns found, on texts they could still read in time.
OPENING, CLOSING = "“\"«„‘'", "”\"»“’'"
SAID = (
    r"said|says|added|noted|stated|explained|commented|remarked|recalled|"
    r"сказал|сказала|отметил|отметила|заявил|заявила|добавил|добавила|"
    r"подчеркнул|подчеркнула|пояснил|пояснила|рассказал|рассказала|"
    r"dijo|afirmó|señaló|añadió|explicó|declaró|comentó|aseguró|"
    r"деді|атап өтті|мәлімдеді|қосты|айтты"
)
FORMER_QUOTE_THEN_SPEAKER = re.compile(
    rf"^[{OPENING}](?P<quote>.+)[{CLOSING}][,.]?\s*[—–-]?\s*"
    rf"(?:(?P<said>{SAID})\s+(?P<after>.+?)|(?P<before>.+?)\s+(?:{SAID}))\.?$",
    re.IGNORECASE | re.DOTALL,
)
FORMER_SPEAKER_THEN_QUOTE = re.compile(
    rf"^(?P<before>[^{OPENING}]{{3,200}}?):\s*[{OPENING}](?P<quote>.+)"
    rf"[{CLOSING}]\.?$",
    re.DOTALL,
)


def former_quote_attribution(text):
    match = FORMER_QUOTE_THEN_SPEAKER.match(text)
    if match:
        attribution = match.group("after") or match.group("before") or ""
        if len(attribution) <= 120:
            return attribution
    match = FORMER_SPEAKER_THEN_QUOTE.match(text)
    if match and len(match.group("quote")) >= 0.5 * len(text):
        return match.group("before")
    return None


SHORT_PIECES = list("“\"«„‘'”»’ ,.:—–-ab\t") + [
    "said", "SAID", "сказал", "сказала", "атап өтті", "мәлімдеді", "деді", "Nurlan",
]  # fmt: skip


@settings(max_examples=100, deadline=5000, database=None)
@given(st.lists(st.sampled_from(SHORT_PIECES), max_size=14).map("".join))
def test_quotes_are_attributed_as_the_former_patterns_did(text):
    text = text.strip()  # a line's text is stripped
    assert quote_attribution(text) == former_quote_attribution(text)


@pytest.mark.parametrize(
    "text",
    [
        "“Proud of the whole crew,” said " + "N" * 120 + ".",
        "“Proud of the whole crew,” said " + "N" * 121 + ".",
        "“Proud of the whole crew,” " + "N " * 60 + "said.",
        "“Proud of the whole crew,” " + "N " * 61 + "said.",
        "“Proud,” she said, “of the whole crew,” said Nurlan Seitkazy.",
        "N" * 199 + ": “" + "q" * 300 + "”.",
        "N" * 201 + ": “" + "q" * 300 + "”.",
    ],
)
def test_long_attributions_are_read_as_the_former_patterns_did(text):
    assert quote_attribution(text) == former_quote_attribution(text)


# PostgreSQL arrays: quotation marks and backslashes escaped in C


@settings(max_examples=100, deadline=5000, database=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="\"\\{},; 'aж\t"))))
def test_arrays_are_written_as_psycopg_writes_them(values):
    from psycopg.adapt import PyFormat, Transformer
    from psycopg.types.array import ListDumper

    from articles.database import quick_list_dumper

    def dumped(dumper):
        return bytes(
            dumper(list, Transformer()).upgrade(values, PyFormat.TEXT).dump(values)
        )

    assert dumped(quick_list_dumper()) == dumped(ListDumper)


@pytest.mark.django_db
def test_quotes_and_backslashes_are_saved_as_they_are():
    from django.db import connection
    from psycopg.adapt import PyFormat

    from articles.database import quick_list_dumper

    texts = ['"' * 5000, "\\" * 5000, '\\"{},' * 100, "«»“”"]
    article = Article.objects.create(title_en="Quotes")
    Paragraph.objects.bulk_create(
        Paragraph(article=article, position=n, text_en=text)
        for n, text in enumerate(texts, 1)
    )
    saved = article.paragraphs.order_by("position").values_list("text_en", flat=True)
    assert list(saved) == texts
    if connection.vendor == "postgresql":
        adapters = connection.connection.adapters
        assert adapters.get_dumper(list, PyFormat.TEXT) is quick_list_dumper()


# XLIFF: the corpus


@pytest.fixture
def export(demo):
    return agency_fills(export_xliff(demo, "kk"), lambda unit: "Аударма")


DTD = "This file has a DTD or entity declarations (<!DOCTYPE …>)"
REFUSALS = {
    "billion laughs": DTD,
    "external entity": DTD,
    "doctype only": DTD,
    "external dtd": DTD,
    "parameter entity": DTD,
    "utf-16 doctype": DTD,
    "xinclude": "This file includes other files (XInclude)",
    "140,000 units": "The release has ",
    "deep nesting": "This is not well-formed XML",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", hostile.XLIFF_FILES)
def test_hostile_xliff_files_are_refused_and_change_nothing(demo, export, name):
    data = hostile.XLIFF_FILES[name](export)
    before = everything()
    with pytest.raises(XliffRefused) as refused:
        import_xliff(data, article=demo, language="kk")
    assert str(refused.value).startswith(REFUSALS[name])
    assert everything() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [name for name, message in REFUSALS.items() if message == DTD],
)
def test_lxml_refuses_a_dtd_too_when_the_raw_check_misses_it(
    demo, export, name, monkeypatch
):
    monkeypatch.setattr(xliff, "declares_dtd", lambda data: False)
    # libxml2 refuses the billion laughs itself, entities unresolved or not
    with pytest.raises(XliffRefused, match=f"{re.escape(DTD)}|amplification"):
        import_xliff(hostile.XLIFF_FILES[name](export), article=demo, language="kk")


@pytest.mark.django_db
def test_more_trans_units_than_the_release_has_are_refused_saying_both(demo, export):
    units = sum(1 for unit in xliff.completeness.article_units(demo) if unit.source)
    data = hostile.many_units(export, 1)
    with pytest.raises(XliffRefused) as refused:
        import_xliff(data, article=demo, language="kk")
    assert str(refused.value) == (
        f"The release has {units} units to translate and this file has more "
        f"({units + 1} trans-units); it cannot be an export of the release."
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            (b'version="1.2"', b'version="2.0"'),
            "This is not an XLIFF 1.2 file (its version is “2.0”).",
        ),
        (
            (
                b"<xliff xmlns=",
                b'<xliff xmlns:o="urn:oasis:names:tc:xliff:document:1.1" xmlns=',
            ),
            "This file mixes XLIFF namespaces (urn:oasis:names:tc:xliff:document:1.1, "
            "urn:oasis:names:tc:xliff:document:1.2); an export has one.",
        ),
    ],
)
def test_what_translate_toolkit_cannot_read_is_refused_not_an_error(
    demo, export, change, message
):
    with pytest.raises(XliffRefused) as refused:
        import_xliff(export.replace(*change, 1), article=demo, language="kk")
    assert str(refused.value) == message


@pytest.mark.django_db
def test_an_xliff_namespace_with_a_prefix_is_read(demo, export):
    data = export.replace(
        b'xmlns="urn:oasis:names:tc:xliff:document:1.2"',
        b'xmlns:x="urn:oasis:names:tc:xliff:document:1.2"',
    )
    data = re.sub(rb"<(/?)(?=[a-z])", rb"<\1x:", data)
    _article, _language, result = import_xliff(data, article=demo, language="kk")
    assert result.applied and not result.refused


@pytest.mark.django_db
def test_trans_units_in_any_namespace_count_against_the_release(demo, export):
    other = b'<o:trans-unit xmlns:o="urn:example" id="x"/>' * 100
    data = export.replace(b"</body>", other + b"</body>", 1)
    with pytest.raises(XliffRefused, match="The release has"):
        import_xliff(data, article=demo, language="kk")


@pytest.mark.django_db
def test_the_admin_refuses_a_dtd_and_says_nothing_changed(client, demo, export):
    client.force_login(make_staff("ed", "Editors"))
    before = Article.objects.get(pk=demo.pk).subtitle_kk
    response = client.post(
        reverse("admin:articles_article_xliff_import", args=[demo.pk]),
        {
            "language": "kk",
            "file": SimpleUploadedFile("kk.xlf", hostile.external_entity(export)),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "This file has a DTD or entity declarations" in page
    assert "Nothing was changed." in page
    assert Article.objects.get(pk=demo.pk).subtitle_kk == before


@pytest.mark.django_db
def test_the_command_prints_the_first_refused_units_and_a_count(tmp_path, capsys):
    article = Article.objects.create(title_en="Sixty paragraphs")
    Paragraph.objects.bulk_create(
        Paragraph(article=article, position=n, text_en=f"Paragraph {n}.")
        for n in range(1, 61)
    )
    path = tmp_path / "ru.xlf"
    path.write_bytes(agency_fills(export_xliff(article, "ru"), lambda u: "Абзац."))
    Paragraph.objects.filter(article=article).update(text_en="Rewritten since.")
    call_command("import_xliff", str(path))
    out = capsys.readouterr().out
    assert "60 refused" in out
    assert out.count("  refused paragraph-") == xliff.REFUSALS_SHOWN
    assert "  …and 10 more units refused." in out
    path.write_bytes(hostile.billion_laughs(path.read_bytes()))
    with pytest.raises(CommandError, match="DTD.*Nothing was changed"):
        call_command("import_xliff", str(path))


# XLIFF: generated

DECLARATIONS = [
    b'<!DOCTYPE xliff [<!ENTITY e "x">]>',
    b"<!DOCTYPE xliff>",
    b'<!DOCTYPE xliff SYSTEM "file:///etc/passwd">',
    b'<!ENTITY e SYSTEM "file:///etc/passwd">',
    b"<!ELEMENT xliff ANY>",
]
SNIPPETS = [
    b"&e;", b"&amp;", b"&#0;", b"&#x110000;", b"<g id='1'>x</g>", b"</g>", b"]]>",
    b"<![CDATA[<!DOCTYPE x>]]>", b"<!-- <!ENTITY -->", b"<?pi x?>", b"\x00", b"\xff",
    b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>',
    b'<trans-unit id="paragraph-1"><source>a</source><target>b</target></trans-unit>',
    b'<trans-unit id="article-title"><source>x</source></trans-unit>',
    b'state="translated"', b'state="bogus"', b' id=""', "«»“” ж ә — said".encode(),
    b"<target/>", b"<source/>", b"</trans-unit>", b"</body>", b"</file><file>",
]  # fmt: skip


REPLACEMENTS = [
    (b'state="translated"', b'state="bogus"'),
    (b' id="', b' xid="'),
    (b'version="1.2"', b'version="2.0"'),
    (b'target-language="kk"', b'target-language="xx"'),
    (b"<source>", b"<source><g id='1'>x</g>"),
    (b"<target", b"<target><x id='1'/></target><target"),
    (b"<trans-unit ", b"<trans-unit xml:lang='ru' "),
    (b"<body>", b"<body><group id='g'><group id='h'>"),
    (b"</body>", b"</group></group></body>"),
]


@st.composite
def mutations(draw, data):
    """``data`` with hostile targets, changed attributes, declarations,
    snippets between tags, copies of a unit and cuts, each now and then."""
    if draw(st.booleans()):
        text = escape("".join(draw(st.lists(runs, max_size=4)))[:MAX_PARAGRAPH])
        data = data.replace("Аударма".encode(), text.encode())
    for old, new in draw(st.lists(st.sampled_from(REPLACEMENTS), max_size=3)):
        data = data.replace(old, new, draw(st.sampled_from([1, -1])))
    if draw(st.integers(0, 3)) == 0:
        declaration = draw(st.sampled_from(DECLARATIONS))
        at = data.index(b"?>") + 2 if draw(st.booleans()) else 0
        data = data[:at] + declaration + data[at:]
    for _ in range(draw(st.integers(0, 4))):
        snippet = draw(st.sampled_from(SNIPPETS)) * draw(st.integers(1, 200))
        gaps = [match.end() for match in re.finditer(rb">", data)] or [0]
        at = draw(st.sampled_from(gaps))
        data = data[:at] + snippet + data[at:]
    if draw(st.booleans()):
        start = data.find(b"<trans-unit")
        end = data.find(b"</trans-unit>") + len(b"</trans-unit>")
        if 0 <= start < end:
            copies = data[start:end] * draw(st.integers(1, 300))
            data = data[:start] + copies + data[start:]
    if draw(st.integers(0, 7)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return data


@pytest.mark.django_db
@BOUNDED
@given(choices=st.data())
def test_generated_xliff_files_are_applied_or_refused_and_refusals_change_nothing(
    demo, export, choices
):
    data = choices.draw(mutations(export))
    before = everything()
    try:
        import_xliff(data, article=demo, language="kk")
    except XliffRefused as refusal:
        event(re.sub(r"\d+", "N", str(refusal))[:40])
        assert str(refusal)
        assert everything() == before
    else:
        event("applied")
