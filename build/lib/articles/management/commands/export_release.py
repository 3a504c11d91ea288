from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importers import export_release
from articles.languages import language_codes
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Write a release as parallel text (each paragraph followed by its "
        "translations), or as plain text in one language."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "--languages",
            required=True,
            help="Comma-separated codes, source first, e.g. en,ru.",
        )
        parser.add_argument(
            "--plain", action="store_true", help="Plain text of one language."
        )
        parser.add_argument("-o", "--output", help="A file to write (default: stdout).")

    def handle(self, *args, slug, languages, plain, output, **options):
        codes = [code.strip() for code in languages.split(",") if code.strip()]
        unknown = [code for code in codes if code not in language_codes()]
        if not codes or unknown:
            raise CommandError(
                f"Unknown language {', '.join(unknown) or '(none given)'}; "
                f"choose from {', '.join(language_codes())}."
            )
        if plain and len(codes) != 1:
            raise CommandError("--plain writes one language: give exactly one.")
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"No release with the slug {slug!r}.")
        text = export_release(article, codes, plain=plain)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")
