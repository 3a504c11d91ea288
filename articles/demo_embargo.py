"""The demo's embargoed release: the first reviews of *La Tregua*, held until
a press screening a month from the day the demo is loaded (+ 30 minutes),
and a personal link for a demo journalist, so both can be tried at once."""

import datetime

from django.utils import timezone

from .demo import translated, upsert
from .embargo.links import reissue
from .models import Article, EmbargoLink, Event, Paragraph

SCREENING_SLUG = "la-tregua-press-screening"
RELEASE_SLUG = "la-tregua-first-reviews"

SCREENING = {
    "en": "Press screening in Madrid",
    "ru": "Пресс-показ в Мадриде",
    "es": "Pase de prensa en Madrid",
    "kk": "Мадридтегі баспасөз көрсетілімі",
}
RELEASE = {
    "title": {
        "en": "La Tregua: the first reviews",
        "ru": "«Перемирие»: первые рецензии",
        "es": "La Tregua: las primeras críticas",
    },
    "summary": {
        "en": "Critics who saw the film at the press screening may publish "
        "their reviews thirty minutes after it begins.",
        "ru": "Критики, видевшие фильм на пресс-показе, могут публиковать "
        "рецензии через тридцать минут после его начала.",
        "es": "Los críticos que vieron la película en el pase de prensa pueden "
        "publicar sus reseñas treinta minutos después de su inicio.",
    },
}
PARAGRAPHS = [
    {
        "en": "The press screening opens the film's Spanish release.",
        "ru": "Пресс-показ открывает испанский прокат фильма.",
        "es": "El pase de prensa abre el estreno del filme en España.",
    },
    {
        "en": "Stills and the press kit are available to accredited journalists.",
        "ru": "Кадры и пресс-кит доступны аккредитованным журналистам.",
        "es": "Los fotogramas y el dossier están disponibles para la prensa "
        "acreditada.",
    },
]


def load_embargoed(film, image):
    """The release and its screening, the screening always a month ahead."""
    day = timezone.localdate() + datetime.timedelta(days=30)
    screening = upsert(
        Event,
        {"slug": SCREENING_SLUG},
        {
            "source_language": "en",
            "kind": Event.Kind.PRESS_SCREENING,
            "film": film,
            "date_precision": Event.Precision.DAY,
            "date": day,
            "time": datetime.time(19, 0),
            "time_zone": "Europe/Madrid",
            **translated("title", SCREENING),
        },
    )
    values = {
        "source_language": "en",
        "film": film,
        "hero_image": image,
        "embargo_event": screening,
        "embargo_offset": 30,
    }
    for field, texts in RELEASE.items():
        values.update(translated(field, texts))
    article = upsert(Article, {"slug": RELEASE_SLUG}, values)
    for position, texts in enumerate(PARAGRAPHS, 1):
        upsert(
            Paragraph,
            {"article": article, "position": position},
            translated("text", texts),
        )
    article.events.set([screening])
    for language in RELEASE["title"]:
        article.publish(language)
    return article


def demo_link(article):
    """A usable link for a demo journalist, with a new token each run (only
    its hash is kept, so the token can be shown only when it is made)."""
    link = EmbargoLink.objects.filter(article=article, name="Marta Gil").first()
    if link is None:
        link = EmbargoLink(
            article=article,
            name="Marta Gil",
            outlet="Diario de Cine",
            email="marta@example.org",
            languages=["en", "es"],
            time_zone="Europe/Madrid",
        )
    link.expires_at = timezone.now() + datetime.timedelta(days=60)
    link.revoked_at = None
    if link.pk is None:
        token = link.issue()
        link.save()
        return token
    link.save(update_fields=["expires_at", "revoked_at"])
    return reissue(link)
