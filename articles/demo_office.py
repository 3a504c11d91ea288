"""The demo's press office: who it is, its contacts by market, how to get
accredited and how embargoed material reaches journalists."""

from .demo import CONTACT, translated, upsert
from .models import PressContact, PressOffice
from .models.office import THE_OFFICE

OFFICE = {
    "name": {
        "en": "Plano a Plano press office",
        "ru": "Пресс-служба Plano a Plano",
        "es": "Oficina de prensa de Plano a Plano",
        "kk": "Plano a Plano баспасөз қызметі",
    },
    "about": {
        "en": "We look after the press for the films of Plano a Plano and "
        "their partners in Spain and Central Asia.",
        "ru": "Мы работаем с прессой по фильмам Plano a Plano и их партнёров "
        "в Испании и Центральной Азии.",
        "es": "Atendemos a la prensa de las películas de Plano a Plano y sus "
        "socios en España y Asia Central.",
        "kk": "Біз Plano a Plano фильмдері мен олардың Испания мен Орталық "
        "Азиядағы серіктестері бойынша баспасөзбен жұмыс істейміз.",
    },
    "accreditation": {
        "en": "Write to the contact for your market with your outlet and a "
        "recent article; we answer within two working days.",
        "ru": "Напишите контакту вашего рынка, указав издание и недавнюю "
        "статью; мы отвечаем в течение двух рабочих дней.",
        "es": "Escriba al contacto de su mercado indicando su medio y un "
        "artículo reciente; respondemos en dos días laborables.",
        "kk": "Нарығыңыздың байланыс адамына басылымыңызды және соңғы "
        "мақалаңызды көрсетіп жазыңыз; екі жұмыс күні ішінде жауап береміз.",
    },
    "embargoed_access": {
        "en": "Accredited journalists receive a personal link to releases and "
        "press kits before their embargo ends.",
        "ru": "Аккредитованные журналисты получают персональную ссылку на "
        "пресс-релизы и пресс-киты до окончания эмбарго.",
        "es": "La prensa acreditada recibe un enlace personal a los "
        "comunicados y dosieres antes de que termine su embargo.",
        "kk": "Аккредиттелген журналистер эмбарго аяқталғанға дейін "
        "пресс-релиздер мен пресс-киттерге жеке сілтеме алады.",
    },
}
MARKET = {
    "en": "International and Spain",
    "ru": "Международная пресса и Испания",
    "es": "Internacional y España",
    "kk": "Халықаралық баспасөз және Испания",
}


def load_office():
    values = {"source_language": "en", "email": CONTACT["email"]}
    for field, texts in OFFICE.items():
        values.update(translated(field, texts))
    office = upsert(PressOffice, {"key": THE_OFFICE}, values)
    upsert(
        PressContact,
        {"name": CONTACT["name"]},
        {"on_press_office_page": True, **translated("market", MARKET)},
    )
    return office
