from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

# Styled, in the visitor's language, and without the database (articles.errors).
handler400 = "articles.errors.bad_request"
handler403 = "articles.errors.permission_denied"
handler404 = "articles.errors.page_not_found"
handler500 = "articles.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# "/" redirects to the visitor's language (LocaleMiddleware, from Accept-Language).
urlpatterns += i18n_patterns(path("", include("articles.urls")))

# Development only: in production the reverse proxy serves media files.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
