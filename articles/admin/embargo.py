"""Embargoes in the admin: lifting one early, making personal links for a
release or a film's kits, managing them, and the log of their uses.

A token is in clear only in the response that made it (a page, a CSV file,
mails); those responses are never stored (``Cache-Control: no-store``) and
nothing logs them.
"""

import smtplib

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from .. import audit
from ..embargo.csv_export import csv_response
from ..embargo.describe import describe
from ..embargo.lifting import lift
from ..embargo.links import create_links, link_url
from ..embargo.mail import send_links
from ..languages import language_codes
from ..models import Article, EmbargoLink, EmbargoLinkUse, Film
from .forms import DeliveryForm, NewLinksForm
from .publishing import PUBLISH_PERMISSION

ADD_LINKS = "articles.add_embargolink"
MAIL_ERRORS = (OSError, smtplib.SMTPException)


def links_changelist(**lookups):
    query = "&".join(f"{key}={value}" for key, value in lookups.items())
    return reverse("admin:articles_embargolink_changelist") + "?" + query


def no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def deliver(request, model_admin, made, how, action, back_url):
    """Show, download or mail ``[(link, token)]`` and record how; the one
    place a token leaves the server."""
    links = [link for link, _token in made]
    flag = audit.ADDITION if action == "link_created" else audit.CHANGE
    audit.log_each(request.user, links, action, flag=flag, delivery=how)
    if how == DeliveryForm.CSV:
        return csv_response(request, made)
    if how == DeliveryForm.MAIL:
        sent = send_links(request, made)
        model_admin.message_user(
            request,
            ngettext(
                "%(count)s personal link mailed.",
                "%(count)s personal links mailed.",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(back_url)
    rows = [(link, link_url(request, token)) for link, token in made]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Personal links"),
        "rows": rows,
        "back_url": back_url,
        "opts": EmbargoLink._meta,
    }
    return no_store(
        TemplateResponse(request, "admin/articles/embargolink/shown.html", context)
    )


def new_links_page(request, model_admin, *, subject, languages, back_url):
    """The form that makes links for ``subject`` (a release or a film)."""
    if not request.user.has_perm(ADD_LINKS):
        raise PermissionDenied
    form = NewLinksForm(languages, request.POST or None)
    scope = {"article": subject} if isinstance(subject, Article) else {"film": subject}
    if form.is_valid():
        how = form.cleaned_data["deliver"]
        try:
            with transaction.atomic():
                made = [
                    pair
                    for recipient in form.cleaned_data["recipients"]
                    for pair in create_links(
                        [recipient],
                        languages=form.languages_for(recipient),
                        expires_at=form.expires_at(),
                        user=request.user,
                        **scope,
                    )
                ]
                return deliver(
                    request,
                    model_admin,
                    made,
                    how,
                    "link_created",
                    links_changelist(
                        **{f"{key}__id__exact": subject.pk for key in scope}
                    ),
                )
        except MAIL_ERRORS:
            form.add_error(
                None,
                _(
                    "The mail server did not take the mails: no link was made. "
                    "Try again, or download the CSV instead."
                ),
            )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Personal embargo links for %(subject)s") % {"subject": subject},
        "form": form,
        "subject": subject,
        "languages_offered": bool(form.fields["languages"].choices),
        "is_release": isinstance(subject, Article),
        "back_url": back_url,
        "opts": model_admin.opts,
        "original": subject,
    }
    return no_store(
        TemplateResponse(request, "admin/articles/embargolink/new.html", context)
    )


class EmbargoViews:
    """The release desk's embargo doors: lift early, make links, the summary."""

    def custom_views(self):
        return [
            ("<int:pk>/lift-embargo/", self.lift_embargo_view, "lift_embargo"),
            ("<int:pk>/embargo-links/", self.embargo_links_view, "embargo_links"),
            *super().custom_views(),
        ]

    def lift_one(self, request, pk):
        article, lifted = lift(pk, user=request.user)
        if lifted:
            self.message_user(
                request,
                _("The embargo of %(release)s is lifted.") % {"release": article},
                messages.SUCCESS,
            )
        return lifted

    @method_decorator(require_POST)
    def lift_embargo_view(self, request, pk):
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        get_object_or_404(Article, pk=pk)
        if not self.lift_one(request, pk):
            self.message_user(request, _("This release has no embargo."))
        return self.redirect_to_change(pk)

    def embargo_links_view(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        return new_links_page(
            request,
            self,
            subject=article,
            languages=set(article.published_languages),
            back_url=reverse("admin:articles_article_change", args=[pk]),
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if request.user.has_perm(PUBLISH_PERMISSION):
            actions["lift_embargo"] = (
                EmbargoViews.lift_embargo_action,
                "lift_embargo",
                _("Lift the embargo of selected releases now"),
            )
        return actions

    def lift_embargo_action(self, request, queryset):
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        held = queryset.exclude(embargo_until__isnull=True, embargo_event__isnull=True)
        for pk in held.values_list("pk", flat=True):
            self.lift_one(request, pk)

    @admin.display(description=gettext_lazy("embargo"))
    def embargo_display(self, article):
        return describe(article) if article.pk is not None else ""

    def embargo_context(self, request, article):
        """The change page's embargo block: its words, and a count of links
        and uses (two queries, whatever their number)."""
        context = {
            "embargo_text": describe(article),
            "can_lift": article.has_embargo
            and request.user.has_perm(PUBLISH_PERMISSION),
            "can_make_links": request.user.has_perm(ADD_LINKS),
        }
        if request.user.has_perm("articles.view_embargolink"):
            context["usable_links"] = (
                EmbargoLink.objects.filter(article=article).usable().count()
            )
            context["link_uses"] = EmbargoLinkUse.objects.filter(
                article=article
            ).count()
            context["links_url"] = links_changelist(article__id__exact=article.pk)
            context["uses_url"] = (
                reverse("admin:articles_embargolinkuse_changelist")
                + f"?article__id__exact={article.pk}"
            )
        return context


class FilmLinkViews:
    """Links to one film's kits, from the film's change page."""

    def custom_views(self):
        return [
            ("<int:pk>/embargo-links/", self.embargo_links_view, "embargo_links"),
            *super().custom_views(),
        ]

    def embargo_links_view(self, request, pk):
        film = get_object_or_404(Film, pk=pk)
        return new_links_page(
            request,
            self,
            subject=film,
            languages=set(language_codes()),
            back_url=reverse("admin:articles_film_change", args=[pk]),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = dict(extra_context or {})
        if str(object_id).isdigit():
            extra["can_make_links"] = request.user.has_perm(ADD_LINKS)
            extra["links_url"] = links_changelist(film__id__exact=object_id)
        return super().change_view(request, object_id, form_url, extra)
