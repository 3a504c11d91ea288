"""Publishing and unpublishing languages, and previews, for Editors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import publishing
from ..languages import display_name, language_codes
from ..views import ArticlePreviewView

PUBLISH_PERMISSION = "articles.publish_article"


class PublishingViews:
    def custom_views(self):
        return [
            ("<int:pk>/publish/<str:language>/", self.publish_view, "publish"),
            ("<int:pk>/unpublish/<str:language>/", self.unpublish_view, "unpublish"),
            ("<int:pk>/preview/<str:language>/", self.preview_view, "preview"),
            *super().custom_views(),
        ]

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def check_publish(self, request, language):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        if language not in language_codes():
            raise Http404(_("Unknown language."))

    def publish_one(self, request, pk, language):
        """The gate and the write (``publishing.publish``); True if public."""
        try:
            publishing.publish(pk, language, user=request.user)
        except publishing.PublicationRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return False
        return True

    def unpublish_one(self, request, pk, language):
        article, _removed = publishing.unpublish(pk, language, user=request.user)
        return article

    @method_decorator(require_POST)
    def publish_view(self, request, pk, language):
        self.check_publish(request, language)
        article = get_object_or_404(self.model, pk=pk)
        if self.publish_one(request, pk, language):
            self.message_user(
                request,
                _("%(release)s is published in %(language)s.")
                % {"release": article, "language": display_name(language)},
                messages.SUCCESS,
            )
        return self.redirect_to_change(pk)

    @method_decorator(require_POST)
    def unpublish_view(self, request, pk, language):
        self.check_publish(request, language)
        get_object_or_404(self.model, pk=pk)
        article = self.unpublish_one(request, pk, language)
        self.message_user(
            request,
            _("%(release)s is no longer published in %(language)s.")
            % {"release": article, "language": display_name(language)},
            messages.SUCCESS,
        )
        return self.redirect_to_change(pk)

    @method_decorator(never_cache)
    def preview_view(self, request, pk, language):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if language not in language_codes():
            raise Http404(_("Unknown language."))
        with translation.override(language):
            response = ArticlePreviewView.as_view()(request, pk=pk)
            response.render()
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    # Actions on the list: one publish and one unpublish per language.

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_publish_permission(request):
            return actions
        for code in language_codes():
            language = display_name(code)
            actions[f"publish_{code}"] = (
                self._publish_action(code),
                f"publish_{code}",
                _("Publish selected releases in %(language)s") % {"language": language},
            )
            actions[f"unpublish_{code}"] = (
                self._unpublish_action(code),
                f"unpublish_{code}",
                _("Unpublish selected releases in %(language)s")
                % {"language": language},
            )
        return actions

    def _publish_action(self, language):
        def action(modeladmin, request, queryset):
            if not self.has_publish_permission(request):
                raise PermissionDenied
            published = sum(
                1
                for pk in queryset.values_list("pk", flat=True)
                if self.publish_one(request, pk, language)
            )
            if published:
                message = ngettext(
                    "%(count)s release published in %(language)s.",
                    "%(count)s releases published in %(language)s.",
                    published,
                )
                self.message_user(
                    request,
                    message % {"count": published, "language": display_name(language)},
                    messages.SUCCESS,
                )

        return action

    def _unpublish_action(self, language):
        def action(modeladmin, request, queryset):
            if not self.has_publish_permission(request):
                raise PermissionDenied
            for pk in queryset.values_list("pk", flat=True):
                self.unpublish_one(request, pk, language)
            self.message_user(
                request,
                _("Selected releases unpublished in %(language)s.")
                % {"language": display_name(language)},
                messages.SUCCESS,
            )

        return action
