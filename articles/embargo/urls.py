"""What lives under ``/embargo/<token>/``: the doors a link opens. Any other
address under a link is sent to its public twin (``router``)."""

from django.urls import path

from .. import image_views
from . import views

IMAGE = "media/images/<int:pk>-<slug:version>/"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("<slug:language>/", views.landing, name="landing_in"),
    path("<slug:language>/releases/<slug:slug>/", views.release_page, name="release"),
    path("<slug:language>/releases/<slug:slug>/pdf/", views.release_pdf, name="pdf"),
    path(
        "<slug:language>/releases/<slug:slug>/press-kit/",
        views.release_kit,
        name="release_kit",
    ),
    path(
        "<slug:language>/releases/<slug:slug>/press-kit/all/",
        views.release_kit,
        {"everything": True},
        name="release_kit_all",
    ),
    path(
        "<slug:language>/films/<slug:slug>/press-kit/",
        views.film_kit,
        name="film_kit",
    ),
    path(
        "<slug:language>/films/<slug:slug>/press-kit/all/",
        views.film_kit,
        {"everything": True},
        name="film_kit_all",
    ),
    # The public image views: ``visible_image`` asks the link too.
    path(
        IMAGE + "<slug:spec>.<slug:extension>",
        image_views.rendition,
        name="rendition",
    ),
    path(
        IMAGE + "download/<slug:language>/<slug:size>/",
        image_views.download,
        name="download",
    ),
]
