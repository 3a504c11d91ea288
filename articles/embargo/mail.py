"""Mailing each recipient their own link, in their language.

A link's first language is the recipient's; the mail is written in it
(``translation.override``), the embargo's moment in their time zone. The token
is in the mail's body only: nothing is logged.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .describe import describe, moment_text, zone_named
from .links import link_url


def link_message(request, link, token, connection=None):
    language = link.languages[0] if link.languages else settings.LANGUAGE_CODE
    with translation.override(language):
        subject = link.subject
        context = {
            "link": link,
            "url": link_url(request, token),
            "subject": subject,
            "expires": moment_text(link.expires_at, zone_named(link.time_zone)),
            "embargo": (
                describe(link.article, zone_named(link.time_zone))
                if link.article_id
                else ""
            ),
            "sender": settings.DEFAULT_FROM_EMAIL,
        }
        body = render_to_string("articles/embargo/link_mail.txt", context)
        title = _("Embargoed: %(subject)s") % {"subject": subject}
    return EmailMessage(
        subject=" ".join(title.split()),
        body=body,
        to=[link.email],
        connection=connection,
    )


def send_links(request, made):
    """Mail every ``(link, token)`` with an address; returns how many went."""
    sent = []
    with get_connection() as connection:
        for link, token in made:
            if not link.email:
                continue
            link_message(request, link, token, connection).send()
            sent.append(link.pk)
    if sent:
        type(made[0][0]).objects.filter(pk__in=sent).update(sent_at=timezone.now())
    return len(sent)
