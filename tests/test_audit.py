"""The audit trail reads in the reader's language."""

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import translation

from articles import audit, publishing

from .factories import make_article
from .test_admin import make_staff

pytestmark = pytest.mark.django_db


def test_publish_and_unpublish_are_logged_and_read_in_each_language():
    editor = make_staff("ed", "Editors")
    article = make_article(languages=("en", "ru"), published=("en",))
    publishing.publish(article.pk, "ru", user=editor)
    publishing.unpublish(article.pk, "ru", user=editor)
    entries = list(audit.entries_for(article).order_by("action_time", "pk"))
    assert [entry.user for entry in entries] == [editor, editor]
    with translation.override("en"):
        assert audit.describe(entries[0].change_message) == "Published in Russian."
        assert audit.describe(entries[1].change_message).startswith(
            "Unpublished in Russian (public since "
        )
    with translation.override("es"):
        assert audit.describe(entries[0].change_message) == "Publicado en Ruso."


def test_django_own_messages_still_read_as_django_writes_them():
    entry = LogEntry(change_message='[{"changed": {"fields": ["Title [en]"]}}]')
    with translation.override("en"):
        assert audit.describe(entry.change_message) == "Changed Title [en]."


def test_a_plain_or_broken_message_is_shown_as_it_is():
    assert audit.describe("Edited by hand") == "Edited by hand"
    assert audit.describe('[{"pressroom": {"action": "unknown"}}]') == "unknown"
