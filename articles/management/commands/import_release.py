from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importers import ImportRefused, import_file, summary
from articles.languages import language_codes
from articles.models import Film


class Command(BaseCommand):
    help = (
        "Import a parallel-text press release (each paragraph followed by its "
        "translations) as a draft. Shows what was understood first; never prompts."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A UTF-8 text file.")
        parser.add_argument(
            "--source-language",
            help="The language the release was written in "
            "(default: the first paragraph's).",
        )
        parser.add_argument("--film", help="Slug of the film the release is about.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the report; save nothing."
        )

    def handle(self, *args, file, source_language, film, dry_run, **options):
        if source_language and source_language not in language_codes():
            raise CommandError(
                f"Unknown source language {source_language!r}; "
                f"choose one of {', '.join(language_codes())}."
            )
        film_obj = None
        if film:
            film_obj = Film.objects.filter(slug=film).first()
            if film_obj is None:
                raise CommandError(f"No film with the slug {film!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            report, article = import_file(
                path.read_bytes(),
                source_language,
                film_obj,
                dry_run=dry_run,
                filename=path.name,
            )
        except ImportRefused as refusal:
            raise CommandError(
                f"{path.name}: {refusal} Nothing was imported."
            ) from None
        for line in summary(report):
            self.stdout.write(line)
        if article is None:
            self.stdout.write("Dry run: nothing was saved.")
        else:
            self.stdout.write(
                f"Saved draft release #{article.pk} “{article}” (slug {article.slug}), "
                f"{len(report.units)} paragraphs."
            )
