from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importers import ImportRefused, import_files, summary
from articles.languages import language_codes
from articles.models import Film
from articles.word.package import MAX_BYTES as MAX_UPLOAD


class Command(BaseCommand):
    help = (
        "Import a press release as a draft: a parallel-text file (each paragraph "
        "followed by its translations), a Word document (a table with a column "
        "per language, or parallel text), or one Word document per language. "
        "Shows what was understood first; never prompts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help="A UTF-8 text file or a .docx; several .docx, one per language.",
        )
        parser.add_argument(
            "--source-language",
            help="The language the release was written in "
            "(default: the first paragraph's).",
        )
        parser.add_argument("--film", help="Slug of the film the release is about.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the report; save nothing."
        )

    def handle(self, *args, files, source_language, film, dry_run, **options):
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
        paths = [Path(file) for file in files]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            if path.stat().st_size > MAX_UPLOAD:
                raise CommandError(
                    f"{path.name}: the file is {path.stat().st_size} bytes; at most "
                    f"{MAX_UPLOAD} bytes can be imported. Nothing was imported."
                )
        if len({path.resolve() for path in paths}) < len(paths):
            raise CommandError("The same file was given twice. Nothing was imported.")
        names = ", ".join(path.name for path in paths)
        try:
            report, article = import_files(
                [(path.name, path.read_bytes()) for path in paths],
                source_language,
                film_obj,
                dry_run=dry_run,
            )
        except ImportRefused as refusal:
            named = str(refusal).startswith(tuple(path.name for path in paths))
            prefix = "" if named else f"{names}: "
            raise CommandError(f"{prefix}{refusal} Nothing was imported.") from None
        for line in summary(report):
            self.stdout.write(line)
        if article is None:
            self.stdout.write("Dry run: nothing was saved.")
        else:
            self.stdout.write(
                f"Saved draft release #{article.pk} “{article}” (slug {article.slug}), "
                f"{len(report.units)} paragraphs."
            )
