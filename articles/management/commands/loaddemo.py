from django.core.management.base import BaseCommand

from articles.demo import load_demo, load_editor, load_translator
from articles.demo_embargo import demo_link, load_embargoed
from articles.demo_office import load_office


class Command(BaseCommand):
    help = (
        "Create or update the La Tregua demo release and the demo editor (idempotent)."
    )

    def handle(self, *args, **options):
        article = load_demo()
        load_office()
        embargoed = load_embargoed(article.film, article.hero_image)
        user, password = load_editor()
        languages = ", ".join(article.published_languages)
        self.stdout.write(f"Demo release: {article.slug} ({languages} published)")
        self.stdout.write(f"Demo editor: {user.username} / {password}")
        translator, password = load_translator()
        self.stdout.write(
            f"Demo translator (Kazakh): {translator.username} / {password}"
        )
        self.stdout.write(
            f"Embargoed release: {embargoed.slug}; a journalist's personal link "
            f"(new at each run): /embargo/{demo_link(embargoed)}/"
        )
