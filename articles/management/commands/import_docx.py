from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.languages import language_codes
from articles.models import Article
from articles.translation_files import REFUSALS_SHOWN, summary
from articles.word.package import WordRefused
from articles.word.roundtrip import import_docx


class Command(BaseCommand):
    help = (
        "Apply a translator's Word document (.docx) exported by export_docx. Units "
        "whose source changed since the export are reported and not applied."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--release", help="The slug the document must be for.")
        parser.add_argument(
            "--language", help="The language the document must translate into."
        )

    def handle(self, *args, file, release, language, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        article = None
        if release:
            article = Article.objects.filter(slug=release).first()
            if article is None:
                raise CommandError(f"No release with the slug {release!r}.")
        if language and language not in language_codes():
            raise CommandError(
                f"Unknown language {language!r}; "
                f"choose one of {', '.join(language_codes())}."
            )
        try:
            article, language, result = import_docx(
                path.read_bytes(),
                article=article,
                language=language,
                filename=path.name,
            )
        except WordRefused as refusal:
            raise CommandError(f"{path.name}: {refusal} Nothing was changed.") from None
        self.stdout.write(f"{article} [{language}]: {summary(result)}")
        for key, reason in result.refused[:REFUSALS_SHOWN]:
            self.stdout.write(f"  refused {key}: {reason}")
        hidden = len(result.refused) - REFUSALS_SHOWN
        if hidden > 0:
            self.stdout.write(f"  …and {hidden} more units refused.")
