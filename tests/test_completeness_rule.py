"""One completeness rule: the list's badge, the change page's language panel,
the publish gate and the "incomplete in" filter agree on every release."""

import random
import re

import pytest
from django.urls import reverse

from articles import completeness, publishing
from articles.models import Article, ArticleImage, Paragraph

from .factories import make_image
from .test_admin import make_staff

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "ru", "kk", "es")


def random_release(rng, number):
    """A release whose units are, per language, randomly present, absent or stale."""
    source = rng.choice(LANGUAGES)
    article = Article(source_language=source)
    for field in ("title", "subtitle", "summary"):
        for code in LANGUAGES:
            if rng.random() < (0.9 if code == source and field == "title" else 0.75):
                setattr(article, f"{field}_{code}", f"{field} {number} {code}")
    article.save()
    paragraphs = []
    for position in range(1, rng.randint(0, 5) + 1):
        paragraph = Paragraph(article=article, position=position)
        for code in LANGUAGES:
            if rng.random() < (0.9 if code == source else 0.8):
                setattr(paragraph, f"text_{code}", f"Text {number}.{position} {code}")
        paragraph.save()
        paragraphs.append(paragraph)
    if rng.random() < 0.4:
        image = make_image(
            **{
                f"caption_{c}": f"Still {number} {c}"
                for c in LANGUAGES
                if rng.random() < 0.7
            }
        )
        ArticleImage.objects.create(article=article, image=image, position=1)
    # Edit some sources after translating: their translations go stale.
    for paragraph in paragraphs:
        if rng.random() < 0.3 and getattr(paragraph, f"text_{source}"):
            setattr(paragraph, f"text_{source}", f"Rewritten {paragraph.pk}")
            paragraph.save()
    if rng.random() < 0.3 and getattr(article, f"title_{source}"):
        setattr(article, f"title_{source}", f"Retitled {number}")
        article.save()
    if rng.random() < 0.2:
        # An empty paragraph: text in no language at all is not a unit.
        Paragraph.objects.create(article=article, position=len(paragraphs) + 1)
    return article


def badge_states(html, article):
    """The list's badge for ``article``, as the editor reads it."""
    row = re.search(
        rf"<tr[^>]*>(?:(?!</tr>).)*?/admin/articles/article/{article.pk}/change/"
        rf"(?:(?!</tr>).)*</tr>",
        html,
        re.DOTALL,
    ).group(0)
    return dict(
        re.findall(
            r'<span class="completeness[^"]*" title="[^"]*">(\w+) ([^<]+)</span>', row
        )
    )


def test_list_panel_gate_and_filter_agree_on_random_releases(client):
    rng = random.Random(20261201)
    Article.title_in_source = lambda self: getattr(
        self, f"title_{self.source_language}"
    )
    try:
        articles = [random_release(rng, number) for number in range(36)]
    finally:
        del Article.title_in_source
    client.force_login(make_staff("ed", "Editors"))
    listing = reverse("admin:articles_article_changelist")
    html = client.get(listing, {"all": ""}).content.decode()
    incomplete = {}
    for code in LANGUAGES:
        page = client.get(listing, {"incomplete": code, "all": ""}).content.decode()
        incomplete[code] = {
            article.pk
            for article in articles
            if f"/admin/articles/article/{article.pk}/change/" in page
        }
    seen_complete = seen_incomplete = 0
    for article in articles:
        badge = badge_states(html, article)
        panel = {state.language: state for state in completeness.detailed(article)}
        rows = Article.objects.prefetch_related("progress", "publications")
        listed = {
            state.language: state
            for state in completeness.from_records(rows.get(pk=article.pk))
        }
        for code in LANGUAGES:
            state = panel[code]
            assert str(listed[code]) == str(state), (article.pk, code)
            shown = badge[code].strip()
            assert f"{code} {shown}" == str(state), (article.pk, code)
            missing, stale = completeness.blockers(article, code)
            assert state.complete == (not missing and not stale), (article.pk, code)
            assert (article.pk in incomplete[code]) == (not state.complete)
            try:
                publishing.publish(article.pk, code)
            except publishing.PublicationRefused:
                published = False
                seen_incomplete += 1
            else:
                published = True
                seen_complete += 1
                publishing.unpublish(article.pk, code)
            assert published == state.complete, (article.pk, code, str(state))
    # The random releases cover both answers many times.
    assert seen_complete > 10 and seen_incomplete > 10, (seen_complete, seen_incomplete)


def test_a_release_without_a_title_is_incomplete_everywhere(client):
    article = Article.objects.create(source_language="en")
    Paragraph.objects.create(
        article=article, position=1, text_en="Text", text_kk="Мәтін"
    )
    states = {state.language: state for state in completeness.detailed(article)}
    assert str(states["en"]) == "en 1/2" and str(states["kk"]) == "kk 1/2"
    assert states["kk"].missing_units == ("title",)
    with pytest.raises(publishing.PublicationRefused, match="missing title"):
        publishing.publish(article.pk, "en")
    client.force_login(make_staff("ed", "Editors"))
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert ">kk 1/2<" in html and "kk ✓" not in html
