from django.urls import path

from . import feeds, index_views, pdf_views, views
from .models import Event, Film, Person
from .presskits import views as kits

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("releases/", views.ArticleListView.as_view(), name="article_list"),
    path(
        "releases/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article_detail",
    ),
    path("releases/<slug:slug>/pdf/", pdf_views.release_pdf, name="release_pdf"),
    path("releases/<slug:slug>/press-kit/", kits.release_kit, name="release_kit"),
    path(
        "releases/<slug:slug>/press-kit/all/",
        kits.release_kit,
        {"everything": True},
        name="release_kit_all",
    ),
    path("films/", index_views.FilmListView.as_view(), name="film_list"),
    path("films/<slug:slug>/", views.FilmDetailView.as_view(), name="film_detail"),
    path(
        "films/<slug:slug>/releases/",
        views.RelatedReleaseListView.as_view(
            model=Film,
            name_field="title",
            detail_name="articles:film_detail",
            index_name="articles:film_list",
        ),
        name="film_releases",
    ),
    path("films/<slug:slug>/fact-sheet/", pdf_views.fact_sheet, name="film_fact_sheet"),
    path("films/<slug:slug>/press-kit/", kits.film_kit, name="film_kit"),
    path(
        "films/<slug:slug>/press-kit/all/",
        kits.film_kit,
        {"everything": True},
        name="film_kit_all",
    ),
    path("people/", index_views.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path(
        "people/<slug:slug>/releases/",
        views.RelatedReleaseListView.as_view(
            model=Person,
            name_field="name",
            detail_name="articles:person_detail",
            index_name="articles:person_list",
        ),
        name="person_releases",
    ),
    path("press-office/", index_views.PressOfficeView.as_view(), name="press_office"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event_detail"),
    path(
        "events/<slug:slug>/releases/",
        views.RelatedReleaseListView.as_view(
            model=Event,
            name_field="title",
            detail_name="articles:event_detail",
            index_name="articles:event_list",
        ),
        name="event_releases",
    ),
    path("feeds/releases.rss", feeds.ReleasesRss(), name="releases_rss"),
    path("feeds/releases.atom", feeds.ReleasesAtom(), name="releases_atom"),
]
