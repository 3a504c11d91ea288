"""The demo release: *La Tregua* at San Sebastián, written for Pressroom.

``load_demo()`` is idempotent: objects are found by their natural keys and
saved only when something differs, so a second run writes nothing.
"""

import datetime
import hashlib
import io
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction

from . import completeness, history
from .groups import EDITORS, TRANSLATORS
from .models import (
    Article,
    ArticleImage,
    Credit,
    Event,
    Film,
    FilmImage,
    Financing,
    Image,
    Organization,
    Paragraph,
    Participation,
    Person,
    PressContact,
    Translator,
    Venue,
)
from .translation_state import text_digest

PEOPLE = {
    # slug: (names by language, country, bio in English)
    "aron-piper": ({"en": "Aron Piper", "ru": "Арон Пипер", "es": "Aron Piper"}, "ES",
                   "Spanish actor."),
    "miguel-herran": ({"en": "Miguel Herrán", "ru": "Мигель Эрран", "es": "Miguel Herrán"},
                      "ES", "Spanish actor."),
    "dina-tasbulatova": ({"en": "Dina Tasbulatova", "ru": "Дина Тасбулатова",
                          "kk": "Дина Тасбулатова", "es": "Dina Tasbulatova"}, "KZ",
                         "Kazakh actress."),
    "altynai-nogherbek": ({"en": "Altynai Nogherbek", "ru": "Алтынай Ногербек",
                           "kk": "Алтынай Ногербек", "es": "Altynai Nogherbek"}, "KZ",
                          "Kazakh actress."),
    "sergey-ufimtsev": ({"en": "Sergey Ufimtsev", "ru": "Сергей Уфимцев",
                         "kk": "Сергей Уфимцев", "es": "Sergey Ufimtsev"}, "KZ",
                        "Kazakh actor."),
    "farabi-akkozov": ({"en": "Farabi Akkozov", "ru": "Фараби Аккозов",
                        "kk": "Фараби Аққозов", "es": "Farabi Akkozov"}, "KZ",
                       "Kazakh actor."),
    "cesar-benitez": ({"en": "César Benítez", "ru": "Сесар Бенитес", "es": "César Benítez"},
                      "ES", "Spanish producer, Plano a Plano."),
    "emilio-amare": ({"en": "Emilio Amaré", "ru": "Эмилио Амаре", "es": "Emilio Amaré"},
                     "ES", "Spanish producer, Plano a Plano."),
    "emilio-pina": ({"en": "Emilio Pina", "ru": "Эмилио Пина", "es": "Emilio Pina"}, "ES",
                    "Spanish producer, Plano a Plano."),
    "amanat-konakbayev": ({"en": "Amanat Konakbayev", "ru": "Аманат Конакбаев",
                           "kk": "Аманат Қонақбаев", "es": "Amanat Konakbáyev"}, "KZ",
                          "General producer, Amanat Capital."),
    "dauren-baigaliyev": ({"en": "Dauren Baigaliyev", "ru": "Даурен Байгалиев",
                           "kk": "Дәурен Байғалиев", "es": "Dauren Baigalíyev"}, "KZ",
                          "Kazakh producer."),
    "dair-karakeev": ({"en": "Dair Karakeev", "ru": "Даир Каракеев", "kk": "Даир Қаракеев",
                       "es": "Dair Karakéyev"}, "KZ", "Kazakh producer."),
    "zharaskhan-kulpiyenov": ({"en": "Zharaskhan Kulpiyenov", "ru": "Жарасхан Кульпиенов",
                               "kk": "Жарасхан Күлпиенов", "es": "Zharaskhán Kulpíyenov"},
                              "KZ", "Producer, UMAIFILM."),
    "aliya-dalabayeva": ({"en": "Aliya Dalabayeva", "ru": "Алия Далабаева",
                          "kk": "Әлия Далабаева", "es": "Aliya Dalabáyeva"}, "KZ",
                         "Producer, UMAIFILM."),
    "yerlan-bekhozhin": ({"en": "Yerlan Bekhozhin", "ru": "Ерлан Бекхожин",
                          "kk": "Ерлан Бекқожин", "es": "Yerlán Bekhozhin"}, "KZ",
                         "Media manager, journalist and producer."),
    "alexander-smakler": ({"en": "Alexander Smakler", "ru": "Александр Смаклер",
                           "es": "Alexander Smakler"}, "US", "Businessman."),
}  # fmt: skip

PERSON_BIOS_RU = {
    "aron-piper": "Испанский актёр.",
    "miguel-herran": "Испанский актёр.",
    "yerlan-bekhozhin": "Медиаменеджер, журналист и продюсер.",
    "amanat-konakbayev": "Генеральный продюсер, Amanat Capital.",
}
PERSON_BIOS_ES = {
    "aron-piper": "Actor español.",
    "miguel-herran": "Actor español.",
    "yerlan-bekhozhin": "Gestor de medios, periodista y productor.",
    "amanat-konakbayev": "Productor general, Amanat Capital.",
}

CREDITS = [
    # (person, role, billing order, note by language)
    ("aron-piper", Credit.Role.ACTOR, 1, {}),
    ("miguel-herran", Credit.Role.ACTOR, 2, {}),
    ("dina-tasbulatova", Credit.Role.ACTOR, 3, {}),
    ("altynai-nogherbek", Credit.Role.ACTOR, 4, {}),
    ("sergey-ufimtsev", Credit.Role.ACTOR, 5, {}),
    ("farabi-akkozov", Credit.Role.ACTOR, 6, {}),
    ("amanat-konakbayev", Credit.Role.GENERAL_PRODUCER, 10, {}),
    ("cesar-benitez", Credit.Role.PRODUCER, 11, {}),
    ("emilio-amare", Credit.Role.PRODUCER, 12, {}),
    ("emilio-pina", Credit.Role.PRODUCER, 13, {}),
    ("dauren-baigaliyev", Credit.Role.PRODUCER, 14, {}),
    ("dair-karakeev", Credit.Role.PRODUCER, 15, {}),
    ("zharaskhan-kulpiyenov", Credit.Role.PRODUCER, 16, {}),
    ("aliya-dalabayeva", Credit.Role.PRODUCER, 17, {}),
    ("yerlan-bekhozhin", Credit.Role.COORDINATOR, 20, {
        "en": "coordination of the Kazakh side",
        "ru": "координация казахстанской стороны",
        "es": "coordinación de la parte kazaja",
        "kk": "қазақстандық тараптың үйлестірушісі",
    }),
]  # fmt: skip

ORGANIZATIONS = {
    "plano-a-plano": ({"en": "Plano a Plano"}, "ES", "en"),
    "amanat-capital": ({"en": "Amanat Capital"}, "KZ", "en"),
    "umaifilm": ({"en": "UMAIFILM"}, "KZ", "en"),
    "netflix": ({"en": "Netflix"}, "US", "en"),
    "san-sebastian-international-film-festival": (
        {
            "en": "San Sebastián International Film Festival",
            "ru": "Международный кинофестиваль в Сан-Себастьяне",
            "es": "Festival Internacional de Cine de San Sebastián",
            "kk": "Сан-Себастьян халықаралық кинофестивалі",
        },
        "ES",
        "es",
    ),
}

PARTICIPATIONS = [
    ("plano-a-plano", Participation.Role.PRODUCTION, "ES", 1),
    ("amanat-capital", Participation.Role.PRODUCTION, "KZ", 2),
    ("umaifilm", Participation.Role.CO_PRODUCTION, "KZ", 3),
    ("netflix", Participation.Role.PLATFORM, "", 4),
    ("san-sebastian-international-film-festival", Participation.Role.FESTIVAL, "ES", 5),
]

PRIVATE_CAPITAL = {
    "en": "private capital only",
    "ru": "только частный капитал",
    "es": "solo capital privado",
    "kk": "тек жеке капитал",
}

FILM = {
    "title": {"en": "La Tregua", "ru": "Перемирие", "es": "La Tregua", "kk": "Бітім"},
    "synopsis": {
        "en": (
            "During the Second World War two Spanish officers who fought on opposite "
            "sides of the Civil War, Lieutenant Sagaldo and Captain Reyes, meet again "
            "as prisoners of a labour camp near Karaganda. To survive the steppe they "
            "have to call a truce with each other."
        ),
        "ru": (
            "Вторая мировая война. Два испанских офицера, воевавшие по разные стороны "
            "гражданской войны, — лейтенант Сагальдо и капитан Рейес — снова "
            "встречаются, теперь как заключённые лагеря под Карагандой. Чтобы выжить в "
            "степи, им придётся заключить друг с другом перемирие."
        ),
        "es": (
            "En plena Segunda Guerra Mundial, dos oficiales españoles que combatieron "
            "en bandos opuestos de la Guerra Civil, el teniente Sagaldo y el capitán "
            "Reyes, vuelven a encontrarse como prisioneros de un campo de trabajo "
            "cerca de Karagandá. Para sobrevivir en la estepa tendrán que firmar una "
            "tregua entre ellos."
        ),
    },
    "short_synopsis": {
        "en": (
            "Two Spanish officers who fought each other in the Civil War meet again "
            "in a Soviet labour camp on the Kazakh steppe, and must call a truce to "
            "survive."
        ),
        "ru": (
            "Два испанских офицера, воевавшие друг против друга в гражданской войне, "
            "встречаются в советском лагере в казахской степи. Чтобы выжить, им "
            "придётся заключить перемирие."
        ),
        "es": (
            "Dos oficiales españoles que lucharon en bandos contrarios en la Guerra "
            "Civil se reencuentran en un campo de trabajo soviético en la estepa "
            "kazaja y deberán firmar una tregua para sobrevivir."
        ),
    },
    "director_statement": {
        "en": (
            "Hundreds of Spaniards ended up in Soviet camps after the Civil War, and "
            "almost nobody in Spain knows their story. I wanted to tell it from the "
            "steppe, with Spanish and Kazakh actors side by side.\n\n"
            "This is not a film about who was right. It is about two men who have "
            "every reason to hate each other and discover that, far from home, the "
            "only enemy left is the cold."
        ),
        "ru": (
            "После гражданской войны сотни испанцев оказались в советских лагерях, "
            "и в Испании об этом почти никто не знает. Я хотел рассказать эту "
            "историю из степи, вместе с испанскими и казахстанскими актёрами.\n\n"
            "Это фильм не о том, кто был прав. Он о двух людях, у которых есть все "
            "причины ненавидеть друг друга, и которые понимают, что вдали от дома "
            "их единственный враг — холод."
        ),
        "es": (
            "Cientos de españoles acabaron en campos soviéticos tras la Guerra Civil, y "
            "casi nadie en España conoce su historia. Quería contarla desde la "
            "estepa, con actores españoles y kazajos codo con codo.\n\n"
            "No es una película sobre quién tenía razón. Es sobre dos hombres que "
            "tienen todos los motivos para odiarse y descubren que, lejos de casa, "
            "el único enemigo que les queda es el frío."
        ),
    },
    "picture_format": {
        "en": "DCP 4K, colour",
        "ru": "DCP 4K, цветной",
        "es": "DCP 4K, color",
        "kk": "DCP 4K, түрлі-түсті",
    },
    "sound": {
        "en": "Dolby 5.1",
        "ru": "Dolby 5.1",
        "es": "Dolby 5.1",
        "kk": "Dolby 5.1",
    },
}
FILM_FACTS = {
    "production_countries": "ES, KZ",
    "spoken_languages": "es, kk",
    "aspect_ratio": "2.39:1",
}

VENUE = {
    "name": {
        "en": "Victoria Eugenia Theatre",
        "ru": "Театр Виктория Эухения",
        "es": "Teatro Victoria Eugenia",
        "kk": "Виктория Эухения театры",
    },
    "city": {"en": "San Sebastián", "ru": "Сан-Себастьян", "es": "San Sebastián",
             "kk": "Сан-Себастьян"},
}  # fmt: skip

EVENTS = {
    "la-tregua-world-premiere": {
        "kind": Event.Kind.PREMIERE,
        "precision": Event.Precision.DAY,
        "date": datetime.date(2025, 9, 26),
        "venue": True,
        "title": {
            "en": "World premiere at the San Sebastián International Film Festival",
            "ru": "Мировая премьера на кинофестивале в Сан-Себастьяне",
            "es": "Estreno mundial en el Festival de San Sebastián",
            "kk": "Сан-Себастьян кинофестиваліндегі әлемдік премьера",
        },
        "description": {
            "en": "More than a thousand people attended the first screening.",
            "ru": "Первый показ собрал более тысячи зрителей.",
            "es": "Más de mil personas asistieron a la primera proyección.",
        },
    },
    "la-tregua-release-spain-europe": {
        "kind": Event.Kind.THEATRICAL_RELEASE,
        "precision": Event.Precision.DAY,
        "date": datetime.date(2025, 10, 10),
        "title": {
            "en": "Cinema release in Spain and Europe",
            "ru": "Выход в прокат в Испании и Европе",
            "es": "Estreno en cines en España y Europa",
            "kk": "Испания мен Еуропада прокатқа шығуы",
        },
        "territory": {
            "en": "Spain and Europe",
            "ru": "Испания и Европа",
            "es": "España y Europa",
            "kk": "Испания және Еуропа",
        },
    },
    "la-tregua-release-kazakhstan": {
        "kind": Event.Kind.THEATRICAL_RELEASE,
        "precision": Event.Precision.DAY,
        "date": datetime.date(2025, 10, 30),
        "title": {
            "en": "Cinema release in Kazakhstan",
            "ru": "Выход в прокат в Казахстане",
            "es": "Estreno en cines en Kazajistán",
            "kk": "Қазақстанда прокатқа шығуы",
        },
        "territory": {
            "en": "Kazakhstan",
            "ru": "Казахстан",
            "es": "Kazajistán",
            "kk": "Қазақстан",
        },
    },
    "la-tregua-netflix": {
        "kind": Event.Kind.STREAMING_RELEASE,
        "precision": Event.Precision.TBA,
        "date": None,
        "platform": "netflix",
        "title": {
            "en": "Worldwide release on Netflix",
            "ru": "Мировой релиз на Netflix",
            "es": "Estreno mundial en Netflix",
            "kk": "Netflix-тегі әлемдік релиз",
        },
        "territory": {
            "en": "Worldwide",
            "ru": "Весь мир",
            "es": "Todo el mundo",
            "kk": "Бүкіл әлем",
        },
    },
    "la-tregua-goya-awards": {
        "kind": Event.Kind.AWARD,
        "precision": Event.Precision.TBA,
        "date": None,
        "title": {
            "en": "In contention for the Goya Awards",
            "ru": "Претендент на премию «Гойя»",
            "es": "Aspirante a los Premios Goya",
            "kk": "«Гойя» сыйлығына үміткер",
        },
    },
}

ARTICLE = {
    "slug": "la-tregua-premieres-in-san-sebastian",
    "title": {
        "en": "“La Tregua” premieres to a standing ovation in San Sebastián",
        "ru": "«Перемирие» встретили овацией на премьере в Сан-Себастьяне",
        "es": "«La Tregua» se estrena en San Sebastián con el público en pie",
        "kk": "«Бітім» фильмінің Сан-Себастьяндағы премьерасы қошеметпен өтті",
    },
    "subtitle": {
        "en": "The Kazakh-Spanish drama about Spanish prisoners of KarLAG opened "
        "at the Victoria Eugenia Theatre",
        "ru": "Казахстанско-испанская драма об испанских узниках КарЛАГа "
        "открылась в театре Виктория Эухения",
        "es": "El drama hispano-kazajo sobre los prisioneros españoles del KarLAG "
        "se presentó en el Teatro Victoria Eugenia",
    },
    "summary": {
        "en": "More than a thousand people saw the world premiere of “La Tregua”, a "
        "Kazakh-Spanish co-production set in a Karaganda labour camp during the "
        "Second World War.",
        "ru": "Мировую премьеру «Перемирия» — казахстанско-испанского фильма о "
        "лагере под Карагандой в годы Второй мировой войны — увидели более тысячи "
        "зрителей.",
        "es": "Más de mil personas vieron el estreno mundial de «La Tregua», una "
        "coproducción hispano-kazaja ambientada en un campo de trabajo de Karagandá "
        "durante la Segunda Guerra Mundial.",
    },
    "dateline": {
        "en": "San Sebastián",
        "ru": "Сан-Себастьян",
        "es": "San Sebastián",
        "kk": "Сан-Себастьян",
    },
}

TEXT, HEADING, QUOTE = Paragraph.Kind.TEXT, Paragraph.Kind.HEADING, Paragraph.Kind.QUOTE

PARAGRAPHS = [
    (TEXT, None, {
        "en": "The Kazakh-Spanish drama “La Tregua” had its world premiere on "
              "26 September 2025 at the Victoria Eugenia Theatre, during the San "
              "Sebastián International Film Festival. More than a thousand people "
              "filled the hall, and the screening ended with a long ovation.",
        "ru": "Мировая премьера казахстанско-испанской драмы «Перемирие» прошла "
              "26 сентября 2025 года в театре Виктория Эухения в рамках "
              "Международного кинофестиваля в Сан-Себастьяне. Зал на тысячу с лишним "
              "мест был полон, а показ завершился долгой овацией.",
        "es": "El drama hispano-kazajo «La Tregua» tuvo su estreno mundial el 26 de "
              "septiembre de 2025 en el Teatro Victoria Eugenia, dentro del Festival "
              "Internacional de Cine de San Sebastián. Más de mil personas llenaron la "
              "sala, y la proyección terminó con una larga ovación.",
        "kk": "Қазақстан мен Испанияның бірлескен «Бітім» драмасының әлемдік "
              "премьерасы 2025 жылғы 26 қыркүйекте Сан-Себастьян халықаралық "
              "кинофестивалі аясында Виктория Эухения театрында өтті. Мыңнан астам "
              "көрермен жиналған зал көрсетілімді ұзақ қол шапалақпен аяқтады.",
    }),
    (TEXT, None, {
        "en": "The film brings to the screen a little-known chapter of the Second World "
              "War: the Spaniards who were held in KarLAG, the network of labour camps "
              "around Karaganda in the Kazakh steppe.",
        "ru": "Фильм рассказывает о малоизвестной странице Второй мировой войны — об "
              "испанцах, оказавшихся в КарЛАГе, системе трудовых лагерей вокруг "
              "Караганды в казахской степи.",
        "es": "La película lleva a la pantalla un capítulo poco conocido de la Segunda "
              "Guerra Mundial: los españoles recluidos en el KarLAG, la red de campos de "
              "trabajo en torno a Karagandá, en la estepa kazaja.",
        "kk": "Фильм Екінші дүниежүзілік соғыстың аз белгілі бетін көрсетеді: қазақ "
              "даласындағы Қарағанды маңындағы еңбек лагерлерінің жүйесі — ҚарЛАГ-та "
              "ұсталған испандықтар туралы.",
    }),
    (HEADING, None, {
        "en": "Two old enemies in one camp",
        "ru": "Два бывших врага в одном лагере",
        "es": "Dos viejos enemigos en un mismo campo",
        "kk": "Бір лагерьдегі екі ескі жау",
    }),
    (TEXT, None, {
        "en": "Lieutenant Sagaldo and Captain Reyes fought on opposite sides of the "
              "Spanish Civil War. Years later both find themselves prisoners near "
              "Karaganda, where staying alive means setting the old war aside.",
        "ru": "Лейтенант Сагальдо и капитан Рейес воевали по разные стороны "
              "гражданской войны в Испании. Спустя годы оба оказываются в заключении "
              "под Карагандой, где выжить можно, только оставив прошлую войну позади.",
        "es": "El teniente Sagaldo y el capitán Reyes lucharon en bandos opuestos de la "
              "Guerra Civil española. Años después, ambos acaban prisioneros cerca de "
              "Karagandá, donde sobrevivir exige dejar atrás la vieja guerra.",
        "kk": "Лейтенант Сагальдо мен капитан Рейес Испаниядағы азамат соғысында "
              "қарама-қарсы жақта соғысқан. Арада жылдар өткенде екеуі де Қарағанды "
              "маңында тұтқында жүр, ал онда аман қалу үшін ескі соғысты ұмыту керек.",
    }),
    (TEXT, None, {
        "en": "Spanish actors Aron Piper and Miguel Herrán lead the cast, alongside "
              "Kazakh actors Dina Tasbulatova, Altynai Nogherbek, Sergey Ufimtsev and "
              "Farabi Akkozov.",
        "ru": "Главные роли исполнили испанские актёры Арон Пипер и Мигель Эрран, а "
              "также казахстанские актёры Дина Тасбулатова, Алтынай Ногербек, Сергей "
              "Уфимцев и Фараби Аккозов.",
        "es": "Los actores españoles Aron Piper y Miguel Herrán encabezan el reparto, "
              "junto a los intérpretes kazajos Dina Tasbulatova, Altynai Nogherbek, "
              "Sergey Ufimtsev y Farabi Akkozov.",
    }),
    (QUOTE, "aron-piper", {
        "en": "“Working on this film, I learned a piece of history that nobody had "
              "taught me at school. Tonight the audience felt it together with us,” "
              "said Aron Piper.",
        "ru": "«Работая над этим фильмом, я узнал часть истории, которой меня никто "
              "не учил в школе. Сегодня зрители прожили её вместе с нами», — сказал "
              "Арон Пипер.",
        "es": "«Trabajando en esta película aprendí una parte de la historia que nadie "
              "me había enseñado en el colegio. Esta noche el público la ha sentido con "
              "nosotros», dijo Aron Piper.",
    }),
    (TEXT, None, {
        "en": "The film is produced by the Spanish company Plano a Plano, led by César "
              "Benítez, Emilio Amaré and Emilio Pina, and by Amanat Capital of "
              "Kazakhstan, with Amanat Konakbayev as general producer. The producers "
              "also include Dauren Baigaliyev, Dair Karakeev, and Zharaskhan Kulpiyenov "
              "and Aliya Dalabayeva of UMAIFILM. Yerlan Bekhozhin coordinated the "
              "Kazakh side of the production.",
        "ru": "Продюсеры фильма — испанская компания Plano a Plano во главе с Сесаром "
              "Бенитесом, Эмилио Амаре и Эмилио Пиной и казахстанская Amanat Capital, "
              "генеральный продюсер — Аманат Конакбаев. В продюсерскую группу также "
              "вошли Даурен Байгалиев, Даир Каракеев, а также Жарасхан Кульпиенов и "
              "Алия Далабаева из UMAIFILM. Работу казахстанской стороны координировал "
              "Ерлан Бекхожин.",
        "es": "La película está producida por la compañía española Plano a Plano, "
              "dirigida por César Benítez, Emilio Amaré y Emilio Pina, y por la kazaja "
              "Amanat Capital, con Amanat Konakbáyev como productor general. Entre los "
              "productores figuran también Dauren Baigalíyev, Dair Karakéyev, y "
              "Zharaskhán Kulpíyenov y Aliya Dalabáyeva, de UMAIFILM. Yerlán Bekhozhin "
              "coordinó la parte kazaja de la producción.",
    }),
    (QUOTE, "yerlan-bekhozhin", {
        "en": "“We wanted this premiere to happen in San Sebastián, in front of an "
              "audience that really knows cinema. Seeing people in tears at the end "
              "told us the story now belongs to them,” said Yerlan Bekhozhin.",
        "ru": "«Мы хотели, чтобы премьера состоялась именно в Сан-Себастьяне, перед "
              "публикой, которая по-настоящему понимает кино. Слёзы в зале сказали нам, "
              "что теперь эта история принадлежит зрителям», — отметил Ерлан Бекхожин.",
        "es": "«Queríamos que el estreno fuera en San Sebastián, ante un público que "
              "entiende de verdad el cine. Ver lágrimas en la sala nos dijo que ahora la "
              "historia es de los espectadores», dijo Yerlán Bekhozhin.",
    }),
    (QUOTE, "alexander-smakler", {
        "en": "“My wife’s grandfather spent years in a camp near Karaganda, so this "
              "film was hard to watch and impossible to forget,” said Alexander "
              "Smakler.",
        "ru": "«Дед моей жены провёл годы в лагере под Карагандой, поэтому этот фильм "
              "было тяжело смотреть и невозможно забыть», — сказал Александр Смаклер.",
        "es": "«El abuelo de mi esposa pasó años en un campo cerca de Karagandá, así "
              "que esta película fue dura de ver e imposible de olvidar», dijo Alexander "
              "Smakler.",
    }),
    (QUOTE, "amanat-konakbayev", {
        "en": "“This is a film about memory and about keeping your humanity in the "
              "worst of times. It is an honour to bring Kazakhstan to a stage like "
              "this one,” said Amanat Konakbayev.",
        "ru": "«Это фильм о памяти и о том, как сохранить человечность в самые тяжёлые "
              "времена. Для нас честь представить Казахстан на такой сцене», — заявил "
              "Аманат Конакбаев.",
        "es": "«Es una película sobre la memoria y sobre conservar la humanidad en los "
              "peores tiempos. Es un honor llevar a Kazajistán a un escenario como "
              "este», dijo Amanat Konakbáyev.",
    }),
    (TEXT, None, {
        "en": "Spain provided 70% of the budget and Kazakhstan the remaining 30%. All "
              "of it came from private capital, without public funding.",
        "ru": "Испания обеспечила 70% бюджета, Казахстан — остальные 30%. Все "
              "средства — частный капитал, без государственного финансирования.",
        "es": "España aportó el 70 % del presupuesto y Kazajistán el 30 % restante. "
              "Todo procede de capital privado, sin financiación pública.",
    }),
    (HEADING, None, {
        "en": "Release dates",
        "ru": "Даты выхода",
        "es": "Fechas de estreno",
    }),
    (TEXT, None, {
        "en": "“La Tregua” opens in cinemas in Spain and across Europe on 10 October "
              "2025 and in Kazakhstan on 30 October 2025. Netflix will then release it "
              "worldwide; that date has not been announced yet. The film is also in "
              "contention for the Goya Awards.",
        "ru": "«Перемирие» выходит в прокат в Испании и других странах Европы "
              "10 октября 2025 года, в Казахстане — 30 октября 2025 года. Затем фильм "
              "выйдет на Netflix по всему миру; дата пока не объявлена. Картина также "
              "претендует на премию «Гойя».",
        "es": "«La Tregua» llega a los cines de España y del resto de Europa el 10 de "
              "octubre de 2025 y a los de Kazajistán el 30 de octubre de 2025. Después "
              "Netflix la estrenará en todo el mundo, en una fecha aún por anunciar. La "
              "película aspira además a los Premios Goya.",
    }),
]  # fmt: skip

DEMO_COPYRIGHT = "© 2025 Pressroom demo"
KEY_ART = {"sky": ((70, 220), (30, 100), (40, 40)), "ground": (92, 80, 52)}
NIGHT = {"sky": ((10, 40), (14, 50), (40, 90)), "ground": (40, 44, 40)}
NIGHT_TEXTS = {
    "caption": {
        "en": "“La Tregua”: demo still of the steppe at night",
        "ru": "«Перемирие»: демонстрационный кадр — степь ночью",
        "es": "«La Tregua»: fotograma de demostración, la estepa de noche",
    },
    "alt_text": {
        "en": "The same steppe under a deep blue night sky, the fence barely visible.",
        "ru": "Та же степь под тёмно-синим ночным небом, забор едва виден.",
        "es": "La misma estepa bajo un cielo nocturno azul oscuro; la valla apenas "
        "se ve.",
    },
    "credit": {
        "en": "Pressroom demo",
        "ru": "Демо Pressroom",
        "es": "Demo de Pressroom",
    },
}
IMAGE_TEXTS = {
    "caption": {
        "en": "“La Tregua”: demo key art of the Kazakh steppe at dusk",
        "ru": "«Перемирие»: демонстрационный постер — казахская степь в сумерках",
        "es": "«La Tregua»: cartel de demostración, la estepa kazaja al anochecer",
    },
    "alt_text": {
        "en": "A flat steppe under a dark orange sky, with a low fence on the horizon.",
        "ru": "Плоская степь под тёмно-оранжевым небом, на горизонте низкий забор.",
        "es": "Una estepa llana bajo un cielo naranja oscuro, con una valla baja "
        "en el horizonte.",
    },
    "credit": {
        "en": "Pressroom demo",
        "ru": "Демо Pressroom",
        "es": "Demo de Pressroom",
    },
}

CONTACT = {
    "name": "Ana Ibarra",
    "organization": "Plano a Plano",
    "email": "press@example.org",
    "phone": "+34 600 000 000",
    "languages": "en, es, ru",
    "role": {
        "en": "International press",
        "ru": "Международная пресса",
        "es": "Prensa internacional",
        "kk": "Халықаралық баспасөз",
    },
}


def translated(field, texts):
    return {f"{field}_{language}": text for language, text in texts.items()}


def made_from(texts_by_field, fields, source_language="en"):
    """The demo's translations are current: made from today's English."""
    return {
        field: {
            language: text_digest(texts_by_field[field][source_language])
            for language in texts_by_field[field]
            if language != source_language
        }
        for field in fields
        if texts_by_field.get(field, {}).get(source_language)
    }


def upsert(model, lookup, values):
    """Find by ``lookup``; create, or save only the fields that differ."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**{**lookup, **values})
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


def steppe_png(sky, ground, width=1200, height=675):
    """A small picture made here, so the demo needs no file from outside."""
    from PIL import Image as PillowImage
    from PIL import ImageDraw

    picture = PillowImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    horizon = height * 2 // 3
    for y in range(horizon):
        shade = y / horizon
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(low + (high - low) * shade) for low, high in sky),
        )
    draw.rectangle([0, horizon, width, height], fill=ground)
    for x in range(80, width - 80, 40):
        draw.line([(x, horizon - 30), (x, horizon)], fill=(30, 24, 20), width=4)
    draw.line(
        [(80, horizon - 24), (width - 80, horizon - 24)], fill=(30, 24, 20), width=2
    )
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def demo_image(png, texts):
    """The image made from ``png``, found again by its content on a second load."""
    digest = hashlib.sha256(png).hexdigest()
    image = Image.objects.filter(sha256=digest).first()
    values = {"source_language": "en", "copyright": DEMO_COPYRIGHT}
    for field, by_language in texts.items():
        values.update(translated(field, by_language))
    if image is None:
        image = Image(**values)
    elif image.file and image.file.storage.exists(image.file.name):
        return upsert(Image, {"pk": image.pk}, values)
    else:
        for name, value in values.items():
            setattr(image, name, value)
    image.file = ContentFile(png, name="demo.png")  # checked and renamed on save
    image.save()
    return image


def load_people():
    people = {}
    for slug, (names, country, bio) in PEOPLE.items():
        values = {"source_language": "en", "country": country, "bio_en": bio}
        values.update(translated("name", names))
        if slug in PERSON_BIOS_RU:
            values["bio_ru"] = PERSON_BIOS_RU[slug]
            values["bio_es"] = PERSON_BIOS_ES[slug]
        people[slug] = upsert(Person, {"slug": slug}, values)
    return people


def load_film(people, organizations):
    values = {"source_language": "en", "original_title": "La Tregua", "year": 2025}
    values["original_language"] = "es"
    values.update(FILM_FACTS)
    for field, texts in FILM.items():
        values.update(translated(field, texts))
    film = upsert(Film, {"slug": "la-tregua"}, values)
    for slug, role, order, notes in CREDITS:
        upsert(
            Credit,
            {"film": film, "person": people[slug], "role": role},
            {"billing_order": order, **translated("note", notes)},
        )
    for slug, role, country, order in PARTICIPATIONS:
        upsert(
            Participation,
            {"film": film, "organization": organizations[slug], "role": role},
            {"country": country, "billing_order": order},
        )
    for country, share in (("ES", Decimal("70.00")), ("KZ", Decimal("30.00"))):
        upsert(
            Financing,
            {"film": film, "country": country},
            {"share": share, **translated("note", PRIVATE_CAPITAL)},
        )
    return film


def load_events(film, organizations):
    venue_values = {"country": "ES", "address": "Reina Regente Kalea, 8"}
    for field, texts in VENUE.items():
        venue_values.update(translated(field, texts))
    venue = upsert(Venue, {"name_en": VENUE["name"]["en"]}, venue_values)
    events = []
    for slug, data in EVENTS.items():
        values = {
            "source_language": "en",
            "kind": data["kind"],
            "film": film,
            "date_precision": data["precision"],
            "date": data["date"],
            "venue": venue if data.get("venue") else None,
            "platform": organizations.get(data.get("platform")),
        }
        for field in ("title", "description", "territory"):
            values.update(translated(field, data.get(field, {})))
        events.append(upsert(Event, {"slug": slug}, values))
    return events


RELEASED_AT = datetime.datetime(2025, 9, 27, 9, 0, tzinfo=datetime.UTC)


def load_article(film, people, organizations, events, image):
    values = {
        "source_language": "en",
        "film": film,
        "hero_image": image,
        "publish_at": RELEASED_AT,
    }
    for field in ("title", "subtitle", "summary", "dateline"):
        values.update(translated(field, ARTICLE[field]))
    values["translated_from"] = made_from(
        ARTICLE, ("title", "subtitle", "summary", "dateline")
    )
    article = upsert(Article, {"slug": ARTICLE["slug"]}, values)
    for position, (kind, speaker, texts) in enumerate(PARAGRAPHS, 1):
        upsert(
            Paragraph,
            {"article": article, "position": position},
            {
                "kind": kind,
                "speaker": people[speaker] if speaker else None,
                **translated("text", texts),
                "translated_from": made_from({"text": texts}, ("text",)),
            },
        )
    article.people.set(people.values())
    article.organizations.set(organizations.values())
    article.events.set(events)
    upsert(ArticleImage, {"article": article, "image": image}, {"position": 1})
    contact_values = {
        key: value for key, value in CONTACT.items() if key not in {"name", "role"}
    }
    contact = upsert(
        PressContact,
        {"name": CONTACT["name"]},
        {**contact_values, **translated("role", CONTACT["role"])},
    )
    article.press_contacts.set([contact])
    for language in ("en", "ru", "es"):
        article.publish(language, at=RELEASED_AT)
    return article


def demo_password(name):
    """Generated once and kept in var/, so every ``make run`` can print it."""
    path = settings.VAR_DIR / f"demo-{name}-password"
    if not path.exists():
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12))
    return path.read_text().strip()


def load_staff(username, group, password):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username, password=password, is_staff=True)
    elif not (user.is_staff and user.check_password(password)):
        user.is_staff = True
        user.set_password(password)
        user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


def load_editor():
    password = demo_password("editor")
    return load_staff(settings.PRESSROOM_DEMO_EDITOR, EDITORS, password), password


def load_translator():
    """A translator into Kazakh, the language the demo has not finished."""
    password = demo_password("translator")
    user = load_staff(settings.PRESSROOM_DEMO_TRANSLATOR, TRANSLATORS, password)
    upsert(Translator, {"user": user}, {"languages": ["kk"]})
    return user, password


@transaction.atomic
def load_demo():
    """Create or bring up to date the La Tregua demo; returns the release."""
    with completeness.deferred():  # its releases recorded once each
        return load_everything()


def load_everything():
    people = load_people()
    organizations = {}
    for slug, (names, country, source_language) in ORGANIZATIONS.items():
        values = {"country": country, "source_language": source_language}
        values.update(translated("name", names))
        organizations[slug] = upsert(Organization, {"slug": slug}, values)
    film = load_film(people, organizations)
    events = load_events(film, organizations)
    image = demo_image(steppe_png(**KEY_ART), IMAGE_TEXTS)
    night = demo_image(steppe_png(**NIGHT), NIGHT_TEXTS)
    film = upsert(Film, {"pk": film.pk}, {"poster": image})
    for position, still in enumerate([image, night], 1):
        upsert(FilmImage, {"film": film, "image": still}, {"position": position})
    article = load_article(film, people, organizations, events, image)
    if not history.versions_of(article).exists():
        # The history page starts from the demo as loaded.
        with history.release_revision(None, "created", article):
            pass
    return article
