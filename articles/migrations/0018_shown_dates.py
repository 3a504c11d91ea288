"""Each publication keeps the date its language's pages show (``shown_dates``)."""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest


def fill(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Publication = apps.get_model("articles", "Publication")

    def own(field):
        dates = Article.objects.filter(pk=OuterRef("article_id")).values(field)
        return Coalesce(Subquery(dates), F("published_at"))

    Publication.objects.update(
        shown_at=Greatest(own("publish_at"), own("embargo_ends_at"), F("published_at"))
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_public_indexes")]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="shown_at",
            field=models.DateTimeField(
                editable=False, null=True, verbose_name="shown date"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="publication",
            name="shown_at",
            field=models.DateTimeField(editable=False, verbose_name="shown date"),
        ),
        migrations.RemoveIndex(
            model_name="publication", name="publication_language_date"
        ),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(
                models.F("language"),
                models.F("shown_at").desc(),
                models.F("article").desc(),
                name="publication_language_shown",
            ),
        ),
    ]
