"""A release of our own in four languages, and Word documents made from it.

Each paragraph is ``(kind, {language: text})``; the tests build tables and
per-language documents from it with python-docx, and split, merge or drop
paragraphs to see the importer pair them as a person would.
"""

import io

TITLE = {
    "en": "The Salt Road opens the autumn season",
    "ru": "«Соляная дорога» открывает осенний сезон",
    "es": "El camino de la sal abre la temporada de otoño",
    "kk": "«Тұз жолы» күзгі маусымды ашады",
}

PARAGRAPHS = [
    (
        "text",
        {
            "en": "The studio announces that its new feature film The Salt Road "
            "will open the autumn season at the national cinema on 14 September "
            "2026, with the director and the cast present at the screening.",
            "ru": "Студия объявляет, что её новый художественный фильм «Соляная "
            "дорога» откроет осенний сезон в национальном кинотеатре 14 сентября "
            "2026 года; на показе будут режиссёр и актёры.",
            "es": "El estudio anuncia que su nuevo largometraje El camino de la sal "
            "abrirá la temporada de otoño en la cinemateca nacional el 14 de "
            "septiembre de 2026, con la directora y el reparto en la sala.",
            "kk": "Студия өзінің жаңа көркем фильмі «Тұз жолы» 2026 жылғы 14 "
            "қыркүйекте ұлттық кинотеатрда күзгі маусымды ашатынын хабарлайды; "
            "көрсетілімге режиссер мен актерлер қатысады.",
        },
    ),
    (
        "text",
        {
            "en": "The film follows three generations of a family of salt "
            "gatherers on the shore of a shrinking lake, where every summer the "
            "water retreats a little further from the village.",
            "ru": "Фильм рассказывает о трёх поколениях семьи добытчиков соли на "
            "берегу мелеющего озера, где каждое лето вода отступает от посёлка "
            "всё дальше.",
            "es": "La película sigue a tres generaciones de una familia de "
            "salineros a orillas de un lago que se seca, donde cada verano el "
            "agua se aleja un poco más del pueblo.",
            "kk": "Фильм тартылып бара жатқан көлдің жағасындағы тұз жинаушылар "
            "отбасының үш буыны туралы баяндайды; онда әр жаз сайын су ауылдан "
            "алыстай түседі.",
        },
    ),
    (
        "heading",
        {
            "en": "Shooting on the lake",
            "ru": "Съёмки на озере",
            "es": "El rodaje en el lago",
            "kk": "Көлдегі түсірілім",
        },
    ),
    (
        "text",
        {
            "en": "Filming took forty-two days across two seasons. The crew lived "
            "in the village and cast most of the smaller roles from among the "
            "people who still work the salt pans by hand.",
            "ru": "Съёмки заняли сорок два дня в течение двух сезонов. Группа жила "
            "в посёлке, и большинство небольших ролей сыграли люди, которые до "
            "сих пор добывают соль вручную.",
            "es": "El rodaje duró cuarenta y dos días repartidos en dos temporadas. "
            "El equipo vivió en el pueblo y eligió a la mayoría de los papeles "
            "pequeños entre quienes aún trabajan las salinas a mano.",
            "kk": "Түсірілім екі маусымда қырық екі күнге созылды. Түсіру тобы "
            "ауылда тұрып, шағын рөлдердің көбіне әлі күнге дейін тұзды қолмен "
            "өндіретін адамдарды таңдады.",
        },
    ),
    (
        "quote",
        {
            "en": "“We wanted the lake to be a character, not a backdrop,” said "
            "Dana Omarova.",
            "ru": "«Мы хотели, чтобы озеро было героем, а не фоном», — сказала "
            "Дана Омарова.",
            "es": "«Queríamos que el lago fuera un personaje y no un decorado», "
            "dijo Dana Omarova.",
            "kk": "«Біз көлдің фон емес, кейіпкер болғанын қаладық», — деді Дана "
            "Омарова.",
        },
    ),
    (
        "text",
        {
            "en": "Accreditation for the press screening on 12 September is open "
            "until 5 September. Journalists can download the press kit, stills "
            "and the trailer from the press office's site.",
            "ru": "Аккредитация на пресс-показ 12 сентября открыта до 5 сентября. "
            "Журналисты могут скачать пресс-кит, кадры из фильма и трейлер на "
            "сайте пресс-службы.",
            "es": "La acreditación para el pase de prensa del 12 de septiembre "
            "está abierta hasta el 5 de septiembre. Los periodistas pueden "
            "descargar el dossier, las fotos y el tráiler en la web de prensa.",
            "kk": "12 қыркүйектегі баспасөз көрсетіліміне аккредитация 5 "
            "қыркүйекке дейін ашық. Журналистер баспасөз жинағын, кадрларды "
            "және трейлерді баспасөз қызметінің сайтынан жүктей алады.",
        },
    ),
]

SPEAKER = {"en": "Dana Omarova", "ru": "Дана Омарова", "kk": "Дана Омарова"}


def saved(document):
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def table_document(languages, header=True, title=True, paragraphs=None):
    """A translation agency's table: a column per language, a row per unit."""
    import docx

    paragraphs = PARAGRAPHS if paragraphs is None else paragraphs
    document = docx.Document()
    rows = [TITLE] if title else []
    rows += [texts for _kind, texts in paragraphs]
    table = document.add_table(rows=len(rows) + header, cols=len(languages))
    if header:
        names = {"en": "English", "ru": "Русский", "es": "Español", "kk": "Қазақша"}
        for index, code in enumerate(languages):
            table.rows[0].cells[index].text = names[code]
    for row, texts in zip(table.rows[header:], rows, strict=True):
        for index, code in enumerate(languages):
            row.cells[index].text = texts.get(code, "")
    return document


def language_document(code, paragraphs=None, title=True, picture=None):
    """One language's document: a title, then its paragraphs, headings styled."""
    import docx

    paragraphs = PARAGRAPHS if paragraphs is None else paragraphs
    document = docx.Document()
    if title:
        document.add_heading(TITLE[code], level=0)
    for kind, texts in paragraphs:
        if code not in texts:
            continue
        if kind == "heading":
            document.add_heading(texts[code], level=1)
        else:
            document.add_paragraph(texts[code])
    if picture is not None:
        document.add_picture(io.BytesIO(picture))
    return document


def split(paragraphs, index, code):
    """``paragraphs`` with paragraph ``index`` split in two in ``code`` only."""
    kind, texts = paragraphs[index]
    text = texts[code]
    middle = text.index(". ") + 1
    first = dict(texts, **{code: text[:middle]})
    second = {code: text[middle:].strip()}
    return [
        *paragraphs[:index],
        (kind, first),
        (kind, second),
        *paragraphs[index + 1 :],
    ]


def merged(paragraphs, index, code):
    """``paragraphs`` with paragraphs ``index`` and ``index + 1`` one in ``code``."""
    kind, texts = paragraphs[index]
    next_kind, next_texts = paragraphs[index + 1]
    first = dict(texts, **{code: f"{texts[code]} {next_texts[code]}"})
    second = {other: text for other, text in next_texts.items() if other != code}
    return [
        *paragraphs[:index],
        (kind, first),
        (next_kind, second),
        *paragraphs[index + 2 :],
    ]


def without(paragraphs, index, code):
    """``paragraphs`` with paragraph ``index`` missing in ``code``."""
    kind, texts = paragraphs[index]
    rest = {other: text for other, text in texts.items() if other != code}
    return [*paragraphs[:index], (kind, rest), *paragraphs[index + 1 :]]
