"""benchmarks/scale.py with 30 releases on the test database, so the builder
keeps up with the schema and every page the benchmark finds still answers."""

import pytest

from benchmarks import scale, scale_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    return scale_data.build(30)


def test_builder_makes_releases_in_every_state(built):
    from articles.models import Article, Paragraph

    assert Article.objects.count() == 30
    assert Paragraph.objects.count() == 30 * scale_data.PARAGRAPHS
    assert Article.objects.drafts().exists()
    assert Article.objects.scheduled().exists()
    assert Article.objects.embargoed().exists()
    assert Article.objects.public("en").filter(slug=built["release"]).exists()
    assert Article.objects.filter(film__slug=built["film"]).count() == 6
    assert Article.objects.filter(title_en__contains=built["common_word"]).count() == 30


def test_published_languages_are_complete_and_kazakh_lags(built):
    from articles import completeness
    from articles.models import Article

    incomplete = set()
    for release in Article.objects.all():
        for state in completeness.detailed(release):
            assert state.complete or not state.published, (release.slug, state)
            if not state.complete:
                incomplete.add(state.language)
    assert incomplete == {"kk"}


def test_every_measured_page_answers(built):
    results = scale.measure_all(built, runs=1)
    measured = {label: result for label, result in results.items() if result}
    for label in (
        "home [kk]",
        "release list last page",
        "release [ru]",
        "film (biggest)",
        "person (most mentioned)",
        "event (busiest)",
        "sitemap releases p1",
        "feed atom",
        "admin articles.article [incomplete in: Қазақша]",
        "admin articles.article search 'zanzibar'",
        "admin articles.article [film: #1]",
    ):
        assert label in measured, label
    for label, result in measured.items():
        expected = {200, 302} if label.startswith("admin ") else {200}
        assert result["status"] in expected, (label, result)
        assert result["median"] is not None
    # The press office is one row: its changelist opens its change page.
    assert measured["admin articles.pressoffice"]["status"] == 302
