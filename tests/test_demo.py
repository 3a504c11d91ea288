import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from articles.models import Article, Event, Film, Financing, Paragraph

pytestmark = pytest.mark.django_db


# The demo journalist's embargo link gets a new token (and a later expiry) at
# each run on purpose: only its hash is kept, so it can be printed only then.
RENEWED = {"EmbargoLink": {"token_hash", "issued_at", "expires_at"}}


def snapshot():
    """Every row of every articles model, and the demo user."""
    rows = {}
    for model in apps.get_app_config("articles").get_models():
        skipped = RENEWED.get(model.__name__, set())
        fields = [
            f.attname for f in model._meta.concrete_fields if f.name not in skipped
        ]
        rows[model.__name__] = sorted(
            model.objects.values_list(*fields), key=lambda row: str(row)
        )
    rows["users"] = list(get_user_model().objects.values_list())
    return rows


def test_loaddemo_twice_changes_nothing(demo, capsys):
    before = snapshot()
    call_command("loaddemo")
    assert snapshot() == before
    out = capsys.readouterr().out
    assert "Demo editor: editor / " in out
    assert "/embargo/" in out


def test_demo_has_an_embargoed_release_and_a_working_personal_link(demo, client):
    out = io.StringIO()
    call_command("loaddemo", stdout=out)
    path = out.getvalue().split("personal link (new at each run): ")[1].split()[0]
    embargoed = Article.objects.get(slug="la-tregua-first-reviews")
    assert embargoed.status() == Article.Status.EMBARGOED
    assert not Article.objects.public("en").filter(pk=embargoed.pk).exists()
    assert client.get(f"/en/releases/{embargoed.slug}/").status_code == 404
    page = client.get(f"{path}en/releases/{embargoed.slug}/")
    assert page.status_code == 200
    assert "La Tregua: the first reviews" in page.content.decode()


def test_demo_release_is_public_in_english_russian_spanish_not_kazakh(demo):
    assert [a.slug for a in Article.objects.public("en")] == [demo.slug]
    assert list(Article.objects.public("ru")) == [demo]
    assert list(Article.objects.public("es")) == [demo]
    assert not Article.objects.public("kk").exists()
    assert demo.status() == Article.Status.LIVE


def test_demo_texts_read_back_in_each_language(demo):
    public = {code: Article.objects.public(code).get() for code in ("en", "ru", "es")}
    assert "San Sebastián" in public["en"].title_en
    assert "Перемирие" in public["ru"].title_ru
    assert "La Tregua" in public["es"].title_es
    paragraphs = list(demo.paragraphs.all())
    assert len(paragraphs) >= 10
    for code in ("en", "ru", "es"):
        assert all(getattr(p, f"text_{code}") for p in paragraphs), code
    kazakh = [p for p in paragraphs if p.text_kk]
    assert 3 <= len(kazakh) <= 6
    assert demo.title_kk


def test_demo_has_heading_and_attributed_quotes(demo):
    kinds = [p.kind for p in demo.paragraphs.all()]
    assert Paragraph.Kind.HEADING in kinds
    quotes = demo.paragraphs.filter(kind=Paragraph.Kind.QUOTE)
    assert quotes.count() >= 3
    speakers = {q.speaker.name_en for q in quotes}
    assert {"Aron Piper", "Yerlan Bekhozhin", "Amanat Konakbayev"} <= speakers


def test_demo_film_credits_companies_financing_and_events(demo):
    film = Film.objects.get(slug="la-tregua")
    assert demo.film == film
    assert film.title_ru == "Перемирие"
    roles = {(c.person.name_en, c.role) for c in film.credits.select_related("person")}
    assert ("Aron Piper", "actor") in roles
    assert ("Amanat Konakbayev", "general_producer") in roles
    assert ("Yerlan Bekhozhin", "coordinator") in roles
    assert (
        not film.credits.exclude(character_name_en__isnull=True)
        .exclude(character_name_en="")
        .exists()
    ), "which actor plays which officer is not stated"
    companies = {(p.organization.name_en, p.country) for p in film.participations.all()}
    assert ("Plano a Plano", "ES") in companies
    assert ("Amanat Capital", "KZ") in companies
    shares = {f.country: int(f.share) for f in Financing.objects.filter(film=film)}
    assert shares == {"ES": 70, "KZ": 30}
    assert (
        Financing.objects.filter(film=film, note_en="private capital only").count() == 2
    )
    film.full_clean()
    events = {e.slug: e for e in film.events.all()}
    premiere = events["la-tregua-world-premiere"]
    assert str(premiere.date) == "2025-09-26"
    assert premiere.venue.name_en == "Victoria Eugenia Theatre"
    assert str(events["la-tregua-release-spain-europe"].date) == "2025-10-10"
    assert str(events["la-tregua-release-kazakhstan"].date) == "2025-10-30"
    netflix = events["la-tregua-netflix"]
    assert netflix.date is None and netflix.date_precision == Event.Precision.TBA
    assert netflix.platform.name_en == "Netflix"
    assert events["la-tregua-goya-awards"].kind == Event.Kind.AWARD


def test_demo_image_has_caption_credit_and_size(demo):
    image = demo.hero_image
    assert image.width == 1200 and image.height == 675
    assert image.caption_en and image.alt_text_en and image.credit_en
    assert list(demo.gallery.all()) == [image]


def test_demo_editor_is_an_editor_not_a_superuser(demo, settings):
    user = get_user_model().objects.get(username="editor")
    password = (settings.VAR_DIR / "demo-editor-password").read_text().strip()
    assert user.check_password(password)
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="Editors").exists()
    assert user.has_perm("articles.change_article")
    assert user.has_perm("articles.add_paragraph")


def test_groups_have_their_permissions():
    editors = Group.objects.get(name="Editors")
    translators = Group.objects.get(name="Translators")
    every = Permission.objects.filter(content_type__app_label="articles")
    assert set(editors.permissions.all()) == set(
        every.exclude(content_type__model="translator")
    )
    codenames = set(translators.permissions.values_list("codename", flat=True))
    assert codenames == {"view_article", "view_paragraph", "view_articleimage"}
