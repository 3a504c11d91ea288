from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from articles import image_views, views
from articles.embargo import router as embargo
from articles.sitemaps import SITEMAPS

# Styled, in the visitor's language, and without the database (articles.errors).
handler400 = "articles.errors.bad_request"
handler403 = "articles.errors.permission_denied"
handler404 = "articles.errors.page_not_found"
handler500 = "articles.errors.server_error"

# Image files, every one through a view that decides visibility first; the
# version part changes whenever an image stops being public.
IMAGE = "media/images/<int:pk>-<slug:version>/"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        IMAGE + "<slug:spec>.<slug:extension>",
        image_views.rendition,
        name="image_rendition",
    ),
    path(
        IMAGE + "download/<slug:language>/<slug:size>/",
        image_views.download,
        name="image_download",
    ),
    path(IMAGE + "original/", image_views.original, name="image_original"),
    # Personal embargo links: everything a link opens lives under it.
    path("embargo/<str:token>/", embargo.through_link),
    path("embargo/<str:token>/<path:rest>", embargo.through_link),
]

# "/" redirects to the visitor's language (LocaleMiddleware, from Accept-Language).
urlpatterns += i18n_patterns(path("", include("articles.urls")))
