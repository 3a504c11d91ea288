from django.core.management.base import BaseCommand

from articles import cldr
from articles.languages import language_codes


class Command(BaseCommand):
    help = (
        "Write articles/cldr_names.json (country and language names of the "
        "configured languages) from the installed Babel."
    )
    requires_system_checks = []

    def handle(self, *args, **options):
        cldr.write(language_codes())
        self.stdout.write(f"Wrote {cldr.NAMES_FILE}")
