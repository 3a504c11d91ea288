from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.languages import language_codes
from articles.models import Article
from articles.word.roundtrip import export_docx, file_name


class Command(BaseCommand):
    help = (
        "Write one release's units for one target language as a Word document "
        "(.docx) for a translator: source and translation side by side."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("language", help="The target language, e.g. kk.")
        parser.add_argument(
            "-o",
            "--output",
            help="A file to write (default: <slug>.<source>-<language>.docx).",
        )

    def handle(self, *args, slug, language, output, **options):
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"No release with the slug {slug!r}.")
        targets = [c for c in language_codes() if c != article.source_language]
        if language not in targets:
            raise CommandError(
                f"Cannot translate into {language!r}; "
                f"choose one of {', '.join(targets)}."
            )
        output = output or file_name(article, language)
        Path(output).write_bytes(export_docx(article, language))
        self.stdout.write(f"Wrote {output}.")
