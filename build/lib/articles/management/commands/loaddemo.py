from django.core.management.base import BaseCommand

from articles.demo import load_demo, load_editor, load_translator


class Command(BaseCommand):
    help = (
        "Create or update the La Tregua demo release and the demo editor (idempotent)."
    )

    def handle(self, *args, **options):
        article = load_demo()
        user, password = load_editor()
        languages = ", ".join(article.published_languages)
        self.stdout.write(f"Demo release: {article.slug} ({languages} published)")
        self.stdout.write(f"Demo editor: {user.username} / {password}")
        translator, password = load_translator()
        self.stdout.write(
            f"Demo translator (Kazakh): {translator.username} / {password}"
        )
