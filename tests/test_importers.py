from itertools import permutations
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.importers import (
    ImportRefused,
    export_release,
    import_file,
    parse,
    people_for_matching,
)
from articles.language_detection import identify
from articles.languages import display_name
from articles.models import Article, Paragraph, Person
from articles.translation_state import text_digest

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def read(name):
    return (DATA / name).read_bytes()


@pytest.fixture
def people():
    speakers = [
        ("nurlan-seitkazy", "Nurlan Seitkazy", "Нурлан Сейтказы", "Нұрлан Сейтқазы"),
        ("aigerim-tulegenova", "Aigerim Tulegenova", "Айгерим Тулегенова",
         "Әйгерім Төлегенова"),
        ("marat-zhaksylykov", "Marat Zhaksylykov", "Марат Жаксылыков",
         "Марат Жақсылықов"),
    ]  # fmt: skip
    return {
        slug: Person.objects.create(slug=slug, name_en=en, name_ru=ru, name_kk=kk)
        for slug, en, ru, kk in speakers
    }


def understood(name, **options):
    return parse(read(name), people_for_matching(), **options)


def warnings_text(report):
    return "\n".join(f"{line}: {message}" for line, message in report.warnings)


# What is understood


def test_russian_first_pairs_each_paragraph_with_its_english(people):
    report = understood("ru-first.ru-en.txt")
    assert report.languages == ["ru", "en"]
    assert report.source_language == "ru" and not report.source_given
    assert "Source language: Russian, the language of the first paragraph." in (
        warnings_text(report)
    )
    assert report.titles["ru"] == (
        "Документальный фильм «Свет степи» покажут в Алматы",
        1,
    )
    assert report.titles["en"][1] == 2
    assert len(report.units) == 3
    first = report.units[0]
    assert first.texts["ru"].startswith("Премьера документального фильма")
    assert first.texts["en"].startswith("The documentary “Steppe Light” will premiere")
    assert first.lines == {"ru": 4, "en": 5}
    quote = report.units[2]
    assert quote.kind == "quote" and quote.speaker_id == people["nurlan-seitkazy"].pk


def test_given_source_language_is_kept(people):
    report = understood("ru-first.ru-en.txt", source_language="en")
    assert report.source_language == "en" and report.source_given
    assert report.units[0].texts["en"].startswith("The documentary")


def test_kazakh_and_russian_are_told_apart(people):
    report = understood("kk-ru.txt")
    assert report.languages == ["kk", "ru"]
    assert [sorted(unit.texts) for unit in report.units] == [["kk", "ru"]] * 3
    assert report.units[1].texts["kk"].startswith("Түсірілім үш жылға")
    assert report.units[1].texts["ru"].startswith("Съёмки шли три года")
    assert report.units[2].speaker_id == people["nurlan-seitkazy"].pk


def test_three_languages_per_unit_with_a_short_heading(people):
    report = understood("three-languages.en-ru-es.txt")
    assert report.languages == ["en", "ru", "es"]
    assert [unit.kind for unit in report.units] == ["text", "heading", "text", "quote"]
    heading = report.units[1]
    assert heading.texts == {
        "en": "Audience voting",
        "ru": "Голосование зрителей",
        "es": "Votación del público",
    }
    assert "Too short to identify; taken as Spanish from its position." in (
        warnings_text(report)
    )
    assert report.units[3].speaker_id == people["aigerim-tulegenova"].pk


def test_four_languages_per_unit():
    report = understood("four-languages.txt")
    assert report.languages == ["en", "ru", "kk", "es"]
    assert set(report.titles) == {"en", "ru", "kk", "es"}
    assert len(report.units) == 2
    assert all(sorted(unit.texts) == ["en", "es", "kk", "ru"] for unit in report.units)
    assert report.units[1].texts["kk"].startswith("Аймақтардағы көрсетілімдерден")


def test_missing_translations_in_the_middle_and_at_the_end_are_named():
    report = understood("missing-translations.en-ru.txt")
    assert [sorted(unit.texts) for unit in report.units] == [
        ["en", "ru"], ["en"], ["en", "ru"], ["en"]
    ]  # fmt: skip
    assert report.units[2].texts["ru"].startswith("В трейлере голоса пастухов")
    text = warnings_text(report)
    assert "7: No translation into Russian." in text
    assert "11: No translation into Russian." in text


def test_broken_order_block_is_reported_and_paired_in_order():
    report = understood("broken-order.en-ru.txt")
    assert "The order breaks at lines 7–10" in warnings_text(report)
    second, third = report.units[1], report.units[2]
    assert second.texts["en"].startswith("Two market screenings")
    assert second.texts["ru"].startswith("Для дистрибьюторов")
    assert third.texts["en"].startswith("A shorter version")
    assert third.texts["ru"].startswith("Для европейских телеканалов")
    assert report.units[3].texts["ru"].startswith("Аккредитация прессы")


def test_ambiguous_order_is_never_paired_silently():
    report = understood("ambiguous-order.en-ru.txt")
    text = warnings_text(report)
    assert "cannot tell which paragraphs the Russian ones (lines 10, 11)" in text
    english_only = [unit for unit in report.units if set(unit.texts) == {"en"}]
    russian_only = [unit for unit in report.units if set(unit.texts) == {"ru"}]
    assert len(english_only) == 3 and len(russian_only) == 2
    assert report.units[0].texts["ru"].startswith("Фильм этой зимой")


def test_no_title_lines_import_with_an_empty_title_and_a_warning():
    report = understood("no-title.en-ru.txt")
    assert report.titles == {}
    assert "No title lines" in warnings_text(report)
    assert len(report.units) == 2
    _report, article = import_file(read("no-title.en-ru.txt"))
    assert not article.title_en and article.slug == f"release-{article.pk}"


def test_quotes_in_each_language_get_their_speaker_and_stay_verbatim(people):
    report = understood("quotes.en-ru-kk-es.txt")
    assert [unit.kind for unit in report.units] == ["quote", "quote", "quote"]
    speakers = [unit.speaker_id for unit in report.units]
    assert speakers == [
        people["nurlan-seitkazy"].pk,
        people["aigerim-tulegenova"].pk,
        people["marat-zhaksylykov"].pk,
    ]
    lines = read("quotes.en-ru-kk-es.txt").decode().splitlines()
    assert report.units[0].texts["kk"] == lines[6]
    assert report.units[1].texts["es"] == lines[11]


def test_quote_speakers_are_found_in_any_language():
    Person.objects.create(slug="only-kazakh", name_kk="Нұрлан Сейтқазы")
    report = understood("kk-ru.txt")
    assert report.units[2].speaker_id == Person.objects.get(slug="only-kazakh").pk


def test_unknown_speaker_makes_a_quote_without_speaker_and_says_so():
    report = understood("ru-first.ru-en.txt")
    assert report.units[2].kind == "quote" and report.units[2].speaker_id is None
    assert "is not among the people" in warnings_text(report)


@pytest.mark.parametrize(
    "transform",
    [
        lambda text: text.replace("\n", "\r\n"),
        lambda text: "\ufeff" + text,
        lambda text: "\n".join(line for line in text.split("\n") if line.strip()),
        lambda text: text.replace("\n", "\n\n\n"),
    ],
    ids=["crlf", "bom", "no-blank-lines", "many-blank-lines"],
)
def test_line_endings_bom_and_blank_lines_do_not_change_the_result(people, transform):
    original = understood("ru-first.ru-en.txt")
    changed = parse(
        transform(read("ru-first.ru-en.txt").decode()).encode(), people_for_matching()
    )
    assert [unit.texts for unit in changed.units] == [u.texts for u in original.units]
    assert {k: v[0] for k, v in changed.titles.items()} == {
        k: v[0] for k, v in original.titles.items()
    }


def test_repeated_title_is_ignored_with_a_note():
    text = read("ru-first.ru-en.txt").decode()
    first = text.split("\n")[0]
    report = parse(f"{first}\n{text}".encode())
    assert report.titles["ru"][0] == first
    assert "The title is repeated" in warnings_text(report)
    assert len(report.units) == 3


def test_english_first_then_russian_is_the_same_release_reversed():
    lines = read("ru-first.ru-en.txt").decode().split("\n")
    swapped = []
    for index in range(0, len(lines) - 1, 3):
        block = lines[index : index + 3]
        swapped += [block[1], block[0], *block[2:]]
    report = parse("\n".join(swapped).encode())
    assert report.languages == ["en", "ru"]
    assert report.units[0].texts["en"].startswith("The documentary")
    assert report.units[0].texts["ru"].startswith("Премьера")


# Saving


def test_import_saves_a_draft_with_current_translations(people):
    report, article = import_file(read("three-languages.en-ru-es.txt"))
    assert article.status() == Article.Status.DRAFT
    assert not Article.objects.public("en").exists()
    assert article.source_language == "en"
    assert article.title_ru == "«Свет степи» получил приз зрительских симпатий в Пусане"
    paragraphs = list(article.paragraphs.order_by("position"))
    assert [p.kind for p in paragraphs] == ["text", "heading", "text", "quote"]
    assert paragraphs[3].speaker == people["aigerim-tulegenova"]
    digest = text_digest(paragraphs[0].text_en)
    assert paragraphs[0].translated_from == {"text": {"ru": digest, "es": digest}}
    assert article.translated_from["title"]["es"] == text_digest(article.title_en)
    assert list(article.people.all()) == [people["aigerim-tulegenova"]]


def test_import_with_film_and_dry_run(capsys):
    from .factories import make_film

    film = make_film("Steppe Light")
    call_command("import_release", str(DATA / "four-languages.txt"), "--dry-run")
    assert Article.objects.count() == 0
    out = capsys.readouterr().out
    assert "Languages: en, ru, kk, es" in out and "Dry run" in out
    call_command(
        "import_release", str(DATA / "four-languages.txt"), "--film", film.slug
    )
    article = Article.objects.get()
    assert article.film == film and article.paragraphs.count() == 2


def test_command_refusals_exit_with_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="No film with the slug 'nope'"):
        call_command(
            "import_release", str(DATA / "no-title.en-ru.txt"), "--film", "nope"
        )
    with pytest.raises(CommandError, match="Unknown source language 'xx'"):
        call_command(
            "import_release",
            str(DATA / "no-title.en-ru.txt"),
            "--source-language",
            "xx",
        )
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_release", str(tmp_path / "missing.txt"))
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(
        "Línea uno en español, con acentos y más texto aquí.".encode("latin-1")
    )
    with pytest.raises(
        CommandError, match="Line 1: The file is not valid UTF-8: byte 2 "
    ):
        call_command("import_release", str(bad))
    assert Article.objects.count() == 0


def test_round_trip_export_then_import_gives_the_same_release(demo):
    text = export_release(demo, ["en", "ru", "kk", "es"])
    _report, copy = import_file(text.encode())
    assert copy.title_ru == demo.title_ru and copy.title_kk == demo.title_kk
    original = list(demo.paragraphs.order_by("position"))
    imported = list(copy.paragraphs.order_by("position"))
    assert len(imported) == len(original)
    for before, after in zip(original, imported, strict=True):
        for code in ("en", "ru", "kk", "es"):
            assert (getattr(after, f"text_{code}") or "") == (
                getattr(before, f"text_{code}") or ""
            ), (before.position, code)
        assert after.kind == before.kind, before.position
        assert after.speaker_id == before.speaker_id, before.position


def test_round_trip_keeps_a_speaker_not_named_in_the_text(demo):
    paragraph = demo.paragraphs.filter(kind="quote").first()
    paragraph.text_en = "“A quote without the name of whoever said it.”"
    paragraph.text_ru = "«Цитата без имени того, кто её произнёс».."
    paragraph.save()
    text = export_release(demo, ["en", "ru"])
    assert f">{{{paragraph.speaker.slug}}} “A quote without" in text
    _report, copy = import_file(text.encode())
    same = copy.paragraphs.get(position=paragraph.position)
    assert same.kind == "quote" and same.speaker_id == paragraph.speaker_id
    assert same.text_en == paragraph.text_en


def test_plain_export_of_one_language(demo):
    text = export_release(demo, ["es"], plain=True)
    assert text.startswith(demo.title_es + "\n\n")
    assert demo.paragraphs.get(position=1).text_es in text
    assert "# " not in text and "> " not in text
    assert demo.title_en not in text


def test_export_command(demo, tmp_path, capsys):
    call_command("export_release", demo.slug, "--languages", "en,ru")
    out = capsys.readouterr().out
    assert out.startswith(demo.title_en + "\n" + demo.title_ru + "\n")
    target = tmp_path / "out.txt"
    call_command(
        "export_release", demo.slug, "--languages", "ru", "--plain", "-o", str(target)
    )
    assert target.read_text().startswith(demo.title_ru)
    with pytest.raises(CommandError, match="Unknown language xx"):
        call_command("export_release", demo.slug, "--languages", "en,xx")
    with pytest.raises(CommandError, match="exactly one"):
        call_command("export_release", demo.slug, "--languages", "en,ru", "--plain")
    with pytest.raises(CommandError, match="No release"):
        call_command("export_release", "nope", "--languages", "en")


# Refusals: a clear message, the line, nothing created


def refused(data):
    with pytest.raises(ImportRefused) as caught:
        import_file(data)
    assert Article.objects.count() == 0 and Paragraph.objects.count() == 0
    return str(caught.value)


def test_empty_files_are_refused():
    assert refused(b"") == "The file is empty."
    assert refused(b"\n  \r\n\t\n") == "The file is empty."


def test_binary_file_is_refused():
    from .factories import png_bytes

    assert "not a text file" in refused(png_bytes())


def test_bad_utf8_names_line_and_byte():
    data = "Первая строка, вполне нормальная.\nSecond line, in English.\n".encode()
    data += b"Third line has a bad byte here: \xe9 and more.\n"
    message = refused(data)
    assert message.startswith(
        "Line 3: The file is not valid UTF-8: byte 33 of this line"
    )
    assert "0xe9" in message


@pytest.mark.parametrize(
    ("paragraph", "code"),
    [
        ("Filmak Bigarren Mundu Gerrako kapitulu ezezagun bat dakar pantailara.", "eu"),
        ("この映画は第二次世界大戦のあまり知られていない章を描いています。", "ja"),
        (
            "Фільм розповідає про маловідому сторінку Другої світової війни.",
            "uk",
        ),
    ],
)
def test_a_language_that_is_not_configured_is_refused(paragraph, code):
    data = (read("no-title.en-ru.txt").decode() + paragraph + "\n").encode()
    message = refused(data)
    assert message.startswith(
        "Line 5: This paragraph is in a language that is not configured"
    )
    assert f"“{code}”" in message


def test_file_over_two_mebibytes_is_refused():
    data = ("An English paragraph that is long enough to identify. " * 40000).encode()
    assert len(data) > 2 * 1024 * 1024
    assert "at most 2097152 bytes (2 MiB)" in refused(data)


def test_paragraph_over_20000_characters_is_refused():
    data = read("no-title.en-ru.txt") + ("Word " * 4001).encode() + b"\n"
    assert refused(data).startswith("Line 5: This paragraph has 20004 characters")


def test_more_than_5000_units_is_refused():
    line = "The festival will show the film again next week in the capital.\n"
    assert "at most 5000 can be imported" in refused((line * 5001).encode())


def test_refused_import_creates_nothing_even_late_in_the_file():
    data = read("four-languages.txt") + "ここで日本語の段落が始まります。".encode()
    assert "not configured" in refused(data)


@pytest.mark.parametrize("units", [20, 400])
def test_import_queries_grow_per_batch_not_per_paragraph(
    units, django_assert_max_num_queries
):
    english = "The festival screening was followed by a long talk with the audience."
    russian = "За фестивальным показом последовало долгое обсуждение со зрителями."
    data = ("\n".join([english, russian] * units)).encode()
    # 8, a query per batch, and the revision: a fixed cost (its snapshot
    # reads the release's links and parts once, whatever their number); 6
    # more for the stored completeness (``completeness.record``), as fixed.
    with django_assert_max_num_queries(38 + units // 50):
        _report, article = import_file(data)
    assert article.paragraphs.count() == units


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We are proud of the whole crew,” said Nurlan Seitkazy.", "Nurlan Seitkazy"),
        (
            "«Мы гордимся всей группой», — заявила Айгерим Тулегенова.",
            "Айгерим Тулегенова",
        ),
        ("«Estamos orgullosos de todo el equipo», dijo Marat Zhaksylykov.", "Marat"),
        ("«Біз бүкіл топты мақтан тұтамыз» — деді Нұрлан Сейтқазы.", "Нұрлан Сейтқазы"),
        (
            "Nurlan Seitkazy said: “We are proud of the whole crew of this film.”",
            "Nurlan",
        ),
    ],
)
def test_quote_patterns_in_each_language(text, speaker):
    from articles.importers import quote_attribution

    assert speaker in quote_attribution(text)


def test_not_a_quote_when_the_quote_is_a_small_part():
    from articles.importers import quote_attribution

    text = (
        "The screening in Busan was sold out within an hour, and the festival added "
        "a third one for Sunday. “Great,” said the programmer."
    )
    assert quote_attribution(text) is None


@pytest.mark.parametrize("seed", range(30))
def test_hostile_input_is_refused_or_understood_never_an_error(seed):
    import random

    rng = random.Random(seed)
    alphabet = "abcdefgh АБВГДЕ әқң \n\r\t.,«»“”#>{}-—0123456789\x00\x07\ufeff"
    if seed % 3 == 0:
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
    else:
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 600)))
        data = text.encode("utf-8")
    try:
        report = parse(data)
    except ImportRefused as refusal:
        assert str(refusal)
    else:
        assert report.units


# Short titles in three and four languages, in every order

SHORT_TITLES = {
    "en": "Steppe Light trailer released",
    "ru": "Вышел трейлер «Света степи»",
    "kk": "«Дала жарығы» трейлері шықты",
    "es": "«Luz de la estepa» estrena tráiler",
}
TRAILER_UNITS = [
    {
        "en": "The production company Steppe Films has released the first trailer "
        "for the documentary Steppe Light, which follows three shepherd families "
        "through a year in the mountains.",
        "ru": "Кинокомпания Steppe Films выпустила первый трейлер документального "
        "фильма «Свет степи», который рассказывает о годе жизни трёх семей "
        "пастухов в горах.",
        "kk": "Steppe Films кинокомпаниясы «Дала жарығы» деректі фильмінің алғашқы "
        "трейлерін жариялады, фильм таудағы үш малшы отбасының бір жылдық өмірін "
        "баяндайды.",
        "es": "La productora Steppe Films ha publicado el primer tráiler del "
        "documental «Luz de la estepa», que acompaña a tres familias de pastores "
        "durante un año en las montañas.",
    },
    {
        "en": "The trailer was edited from more than two hundred hours of footage "
        "shot between the spring migration and the first snow.",
        "ru": "Трейлер смонтирован из более чем двухсот часов материала, снятого "
        "между весенним перегоном скота и первым снегом.",
        "kk": "Трейлер көктемгі көш пен алғашқы қар аралығында түсірілген екі жүз "
        "сағаттан астам материалдан құрастырылды.",
        "es": "El tráiler se montó a partir de más de doscientas horas de material "
        "rodado entre la migración de primavera y la primera nevada.",
    },
    {
        "en": "The film will premiere at the Almaty documentary festival in October "
        "and reach cinemas across the country in November.",
        "ru": "Премьера фильма состоится в октябре на фестивале документального кино "
        "в Алматы, а в ноябре он выйдет в кинотеатрах по всей стране.",
        "kk": "Фильмнің премьерасы қазан айында Алматыдағы деректі кино фестивалінде "
        "өтеді, ал қараша айында ол бүкіл ел бойынша кинотеатрларда көрсетіледі.",
        "es": "La película se estrenará en octubre en el festival de cine documental "
        "de Almaty y llegará a los cines de todo el país en noviembre.",
    },
]


def short_title_release(order, repeat_title=False, missing=None, blank_lines=True):
    """The trailer release in ``order``; ``missing`` is left out of the middle unit."""
    lines = [SHORT_TITLES[code] for code in order]
    if repeat_title:
        lines.insert(int(repeat_title), lines[0])
    for index, unit in enumerate(TRAILER_UNITS):
        lines.append("")
        lines += [unit[code] for code in order if not (index == 1 and code == missing)]
    if not blank_lines:
        lines = [line for line in lines if line]
    return "\n".join(lines) + "\n"


def check_short_title_release(report, order, missing=None):
    assert report.languages == list(order)
    assert report.source_language == order[0]
    assert {code: text for code, (text, _line) in report.titles.items()} == {
        code: SHORT_TITLES[code] for code in order
    }
    assert len(report.units) == len(TRAILER_UNITS)
    for index, (unit, expected) in enumerate(
        zip(report.units, TRAILER_UNITS, strict=True)
    ):
        codes = [code for code in order if not (index == 1 and code == missing)]
        assert unit.texts == {code: expected[code] for code in codes}
    if missing:
        assert f"No translation into {display_name(missing)}." in (
            warnings_text(report)
        )


THREE_LANGUAGE_ORDERS = [
    *permutations(["en", "ru", "es"]),
    *permutations(["kk", "en", "es"]),
    *permutations(["ru", "kk", "en"]),
]


@pytest.mark.parametrize("blank_lines", [True, False], ids=["blank", "dense"])
@pytest.mark.parametrize("repeat_title", [False, True, 2])
@pytest.mark.parametrize("order", THREE_LANGUAGE_ORDERS, ids="-".join)
def test_short_titles_in_three_languages_in_any_order(order, repeat_title, blank_lines):
    """``repeat_title``: the first title again, next to it or after the second."""
    report = parse(short_title_release(order, repeat_title, None, blank_lines).encode())
    check_short_title_release(report, order)
    assert ("The title is repeated" in warnings_text(report)) == bool(repeat_title)


@pytest.mark.parametrize("blank_lines", [True, False], ids=["blank", "dense"])
@pytest.mark.parametrize("missing_index", [1, 2])
@pytest.mark.parametrize("order", THREE_LANGUAGE_ORDERS, ids="-".join)
def test_short_titles_in_three_languages_with_a_missing_translation(
    order, missing_index, blank_lines
):
    missing = order[missing_index]
    text = short_title_release(order, missing=missing, blank_lines=blank_lines)
    report = parse(text.encode())
    check_short_title_release(report, order, missing=missing)


@pytest.mark.parametrize("repeat_title", [False, True])
@pytest.mark.parametrize(
    "order", list(permutations(["en", "ru", "kk", "es"])), ids="-".join
)
@pytest.mark.parametrize("blank_lines", [True, False], ids=["blank", "dense"])
def test_short_titles_in_four_languages_in_any_order(order, repeat_title, blank_lines):
    missing = order[2]
    text = short_title_release(order, repeat_title, missing, blank_lines)
    report = parse(text.encode())
    check_short_title_release(report, order, missing=missing)


def test_a_line_keeps_its_script_whatever_its_position():
    """A short Cyrillic title where a Latin one was expected stays Cyrillic."""
    order = ["en", "ru", "es"]
    text = short_title_release(order).split("\n")
    text[0], text[1] = text[1], text[0]  # ru title, then en, then es
    report = parse("\n".join(text).encode())
    assert report.titles["ru"][0] == SHORT_TITLES["ru"]
    assert report.titles["en"][0] == SHORT_TITLES["en"]
    assert report.titles["es"][0] == SHORT_TITLES["es"]
    assert [sorted(unit.texts) for unit in report.units] == [["en", "es", "ru"]] * 3


@pytest.mark.parametrize(
    "text",
    [
        "Фильм Steppe Light покажут на фестивале в Берлине",
        "Вышел трейлер «Света степи»",
        "Премьера",
    ],
)
def test_a_cyrillic_line_is_never_given_a_latin_language(text):
    result = identify(text, ["en", "ru", "kk", "es"])
    assert result.language in {"ru", None}
    assert set(result.candidates) == {"ru", "kk"}


def test_a_latin_line_is_never_given_a_cyrillic_language():
    result = identify("Steppe Light trailer released", ["en", "ru", "kk", "es"])
    assert result.language in {"en", "es", None}
    assert set(result.candidates) == {"en", "es"}


def test_a_short_heading_after_a_unit_missing_its_last_translation():
    """Empty lines that separate units put the heading back in the first language."""
    order = ["en", "ru", "es"]
    text = short_title_release(order, missing="es").rstrip("\n").split("\n")
    heading = ["Screenings in Almaty", "Показы в Алматы", "Proyecciones en Almaty"]
    middle_end = text.index(TRAILER_UNITS[1]["ru"]) + 1
    text[middle_end:middle_end] = ["", *heading]
    report = parse(("\n".join(text) + "\n").encode())
    assert [unit.texts.get("en", "") for unit in report.units] == [
        TRAILER_UNITS[0]["en"],
        TRAILER_UNITS[1]["en"],
        heading[0],
        TRAILER_UNITS[2]["en"],
    ]
    assert report.units[2].texts == dict(zip(order, heading, strict=True))
    assert report.units[2].kind == "heading"
