"""A release's History page: revisions and log entries, compare and restore.

Restoring goes through ``restore.restore`` only. Reversion's own recover and
revert views are dropped for releases: they would bring publications back too.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from reversion.models import Revision

from .. import audit, restore
from ..groups import translatable_languages
from ..history import versions_of
from ..languages import display_name, language_codes
from ..models import Article

REVERSION_VIEWS = ("recoverlist", "recover", "revision")
SAME_EVENT = timedelta(seconds=10)


@dataclass(frozen=True)
class HistoryRow:
    """A revision or a log entry, as the History page lists it."""

    when: datetime
    user: object
    description: str
    revision: Revision | None = None  # set for rows that can be compared, restored

    @property
    def machine_time(self):
        """For ``<time datetime>``, which takes at most milliseconds."""
        return self.when.isoformat(timespec="seconds")


def history_rows(article):
    """Revisions and log entries of ``article``, newest first; two queries.

    A save that wrote both a revision and a log entry is one row, with the
    revision's compare and restore."""
    rows = [
        HistoryRow(
            version.revision.date_created,
            version.revision.user,
            audit.describe(version.revision.comment),
            version.revision,
        )
        for version in versions_of(article)
    ]
    for entry in audit.entries_for(article):
        row = HistoryRow(
            entry.action_time, entry.user, audit.describe(entry.change_message)
        )
        if not any(same_event(row, revision) for revision in rows):
            rows.append(row)
    return sorted(rows, key=lambda row: row.when, reverse=True)


def same_event(entry, revision):
    """A log entry written with a revision, for the same save: listed once."""
    return (
        revision.revision is not None
        and entry.user == revision.user
        and entry.description == revision.description
        and abs(entry.when - revision.when) < SAME_EVENT
    )


def restore_scopes(article):
    """``[(scope, label)]``: the whole release, or one translation at a time."""
    return [
        (audit.WHOLE_RELEASE, _("the whole release")),
        *(
            (code, display_name(code))
            for code in language_codes()
            if code != article.source_language
        ),
    ]


class RestoreForm(forms.Form):
    scope = forms.ChoiceField()

    def __init__(self, article, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = restore_scopes(article)


class HistoryViews:
    def custom_views(self):
        return [
            # Before the compare route, whose language would match "restore".
            (
                "<int:pk>/history/<int:revision_id>/restore/",
                self.revision_restore_view,
                "revision_restore",
            ),
            (
                "<int:pk>/history/<int:revision_id>/<str:language>/",
                self.revision_compare_view,
                "revision_compare",
            ),
            *super().custom_views(),
        ]

    def get_urls(self):
        """Without reversion's recover and revert views (see the module)."""
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        dropped = {f"{prefix}_{name}" for name in REVERSION_VIEWS}
        return [url for url in super().get_urls() if url.name not in dropped]

    # Permissions

    def check_history_permission(self, request, article):
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied

    def may_restore(self, request, article, scope, translatable=None):
        """The whole release takes change permission; a translation, either
        that or being allowed to translate into its language."""
        if self.has_change_permission(request, article):
            return True
        if translatable is None:
            translatable = translatable_languages(request.user)
        return scope != audit.WHOLE_RELEASE and scope in translatable

    def restore_buttons(self, request, article):
        """``[(scope, button label)]`` the user may restore."""
        translatable = translatable_languages(request.user)
        return [
            (scope, restore_button_label(scope))
            for scope, _label in restore_scopes(article)
            if self.may_restore(request, article, scope, translatable)
        ]

    def revision_or_404(self, article, revision_id):
        revision = restore.revision_of(article, revision_id)
        if revision is None:
            raise Http404(_("This revision does not hold this release."))
        return revision

    # Views

    def history_view(self, request, object_id, extra_context=None):
        """One page for a release's revisions and its log, newest first."""
        object_id = unquote(object_id)
        if not object_id.isdigit():
            raise Http404
        article = get_object_or_404(Article, pk=object_id)
        self.check_history_permission(request, article)
        return self.render_history(request, article, extra_context=extra_context)

    def render_history(self, request, article, status=200, extra_context=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Change history: %s") % article,
            "rows": history_rows(article),
            "languages": [(code, display_name(code)) for code in language_codes()],
            "restore_buttons": self.restore_buttons(request, article),
            **(extra_context or {}),
        }
        template = "admin/articles/article/history.html"
        return TemplateResponse(request, template, context, status=status)

    def revision_compare_view(self, request, pk, revision_id, language):
        """A revision against the release now, in one language, word by word."""
        article = get_object_or_404(Article, pk=pk)
        self.check_history_permission(request, article)
        if language not in language_codes():
            raise Http404(_("Unknown language."))
        revision = self.revision_or_404(article, revision_id)
        differences = restore.compare(article, revision, language)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Revision %(revision)s compared with now, in %(language)s")
            % {"revision": revision.pk, "language": display_name(language)},
            "revision": revision,
            "description": audit.describe(revision.comment),
            "language": language,
            "differences": differences,
            "changed": restore.has_differences(differences),
            "restore_buttons": self.restore_buttons(request, article),
        }
        template = "admin/articles/article/revision_compare.html"
        return TemplateResponse(request, template, context)

    @method_decorator(require_POST)
    def revision_restore_view(self, request, pk, revision_id):
        """Built like UserAdmin's password change: check, validate, write, say."""
        article = get_object_or_404(Article, pk=pk)
        self.check_history_permission(request, article)
        revision = self.revision_or_404(article, revision_id)
        form = RestoreForm(article, request.POST)
        if not form.is_valid():
            self.message_form_errors(request, form)
            return self.render_history(request, article, status=400)
        scope = form.cleaned_data["scope"]
        if not self.may_restore(request, article, scope):
            raise PermissionDenied
        language = None if scope == audit.WHOLE_RELEASE else scope
        try:
            done = restore.restore(article, revision, request.user, language)
        except restore.RestoreRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(history_url(self.opts, article.pk))
        self.message_restored(request, done)
        return self.redirect_to_change(article.pk)

    def message_restored(self, request, done):
        said = audit.render(
            {"action": "restored", "scope": done.scope, "revision": done.revision_id}
        )
        self.message_user(request, said, messages.SUCCESS)
        if done.skipped:
            self.message_user(
                request,
                _("Paragraphs deleted since were not restored: %(units)s.")
                % {"units": ", ".join(done.skipped)},
                messages.WARNING,
            )


def restore_button_label(scope):
    if scope == audit.WHOLE_RELEASE:
        return _("Restore the whole release")
    return _("Restore %(language)s only") % {"language": display_name(scope)}


def history_url(opts, pk):
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[pk])
