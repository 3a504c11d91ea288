from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.xliff import REFUSALS_SHOWN, XliffRefused, import_xliff, summary


class Command(BaseCommand):
    help = (
        "Apply an agency's XLIFF 1.2 translation of a release. Units whose source "
        "changed since the export are reported and not applied."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            article, language, result = import_xliff(path.read_bytes())
        except XliffRefused as refusal:
            raise CommandError(f"{path.name}: {refusal} Nothing was changed.") from None
        self.stdout.write(f"{article} [{language}]: {summary(result)}")
        for key, reason in result.refused[:REFUSALS_SHOWN]:
            self.stdout.write(f"  refused {key}: {reason}")
        hidden = len(result.refused) - REFUSALS_SHOWN
        if hidden > 0:
            self.stdout.write(f"  …and {hidden} more units refused.")
