"""Translations made before states were tracked are recorded as current."""

from django.conf import settings
from django.db import migrations

from articles.translation_state import text_digest

UNITS = {
    "Article": ("title", "subtitle", "summary", "dateline"),
    "Image": ("caption", "alt_text"),
}


def records(obj, fields, source_language, codes):
    result = {}
    for field in fields:
        source = getattr(obj, f"{field}_{source_language}", "") or ""
        if not source:
            continue
        made = {
            code: text_digest(source)
            for code in codes
            if code != source_language and getattr(obj, f"{field}_{code}", "")
        }
        if made:
            result[field] = made
    return result


def record_current(apps, schema_editor):
    codes = [code for code, _name in settings.LANGUAGES]
    for model_name, fields in UNITS.items():
        model = apps.get_model("articles", model_name)
        for obj in model.objects.all().iterator():
            obj.translated_from = records(obj, fields, obj.source_language, codes)
            obj.save(update_fields=["translated_from"])
    Paragraph = apps.get_model("articles", "Paragraph")
    for paragraph in Paragraph.objects.select_related("article").iterator():
        source_language = paragraph.article.source_language
        source = getattr(paragraph, f"text_{source_language}", "") or ""
        paragraph.source_digest = text_digest(source)
        paragraph.translated_from = records(paragraph, ("text",), source_language, codes)
        paragraph.save(update_fields=["translated_from", "source_digest"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_translation_state")]

    operations = [migrations.RunPython(record_current, migrations.RunPython.noop)]
