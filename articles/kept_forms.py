"""A form posted after its session ended is kept, and offered again after the
next login, so what was typed is not lost.

The admin answers a POST from someone not logged in by sending them to the
login page, and the text is gone. For the forms where people type long texts
— the add and change forms of the app's models and the release's translation
screen — this middleware keeps the posted fields in the new, anonymous session
(form-encoded bodies only, never files, at most ``LIMIT`` bytes), and sends the
person to log in. Django keeps a session's data through login (it only changes
the key), so the next time that page is opened by someone allowed to see it,
what was kept is shown first, nothing written yet: the texts that differ from
the page as it is now, and two buttons. *Save it again* posts the kept fields,
with a fresh CSRF token, to the same page as the first submit would have: the
conflict checks of the form (its edit base) still keep anyone else's newer
work, and an error shows the form again with the text in it. *Discard* drops it.

Only a POST that passed the CSRF check is kept: this middleware comes after
CsrfViewMiddleware, whose ``process_view`` refuses a forged one first.
"""

import re

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_KEY = "pressroom_kept_forms"
CHOICE = "_kept_form"
LIMIT = 2 * 1024 * 1024
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# The add and change forms of the app's models, and the translation screen.
VIEWS = re.compile(r"articles_\w+_(add|change|translate)")
NOT_KEPT = {"csrfmiddlewaretoken", CHOICE}
TEXT_TYPES = {"text", "search", "url", "email", "tel"}
ROW = re.compile(r"-(\d+)-")


def is_kept_view(request):
    match = request.resolver_match
    return (
        match is not None
        and match.namespace == admin.site.name
        and VIEWS.fullmatch(match.url_name or "") is not None
    )


def size(fields):
    return sum(len(name.encode()) + len(value.encode()) for name, value in fields)


def keep(request):
    """Keep the posted fields for ``request.path``; False if they cannot be."""
    if request.content_type not in FORM_TYPES:
        return False
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_KEPT
        for value in values
    ]
    if size(fields) > LIMIT:
        return False
    kept = request.session.get(SESSION_KEY, {})
    kept.pop(request.path, None)
    kept[request.path] = {
        "url": request.get_full_path(),
        "fields": fields,
        "files": bool(request.FILES),
    }
    # Newest first, as many as fit in the limit together.
    room, newest = LIMIT, {}
    for path, form in reversed(kept.items()):
        room -= size(form["fields"])
        if room < 0:
            break
        newest[path] = form
    request.session[SESSION_KEY] = dict(reversed(newest.items()))
    return True


def forget(request):
    kept = request.session.get(SESSION_KEY, {})
    kept.pop(request.path, None)
    request.session[SESSION_KEY] = kept


def label_of(page, control):
    """The label a person sees for ``control``; its name if it has none."""
    template = ROW.sub("-__prefix__-", control.name)
    for identifier in (control.get("id"), f"id_{template}"):
        if identifier:
            labels = page.xpath("//label[@for=$id]", id=identifier)
            if labels:
                return " ".join(labels[0].text_content().split()).rstrip(":")
    return control.name


def is_text(control):
    if control.tag == "input":
        return (control.get("type") or "text").lower() in TEXT_TYPES
    return control.tag == "textarea"


def comparable(values):
    """Texts as the forms save them: line ends and outer whitespace aside
    (and a parser that keeps the newline HTML drops after <textarea>)."""
    return [value.replace("\r\n", "\n").strip() for value in values]


def typed_texts(html, fields):
    """The texts in ``fields`` that differ from what the page's form shows
    now, as ``(label, text)`` in the order they were posted."""
    import lxml.html  # here: every request passes the middleware, few need it

    page = lxml.html.fromstring(html)
    names = {name for name, _value in fields}
    forms = [form for form in page.forms if (form.method or "").upper() == "POST"]
    if not forms:
        return []
    form = max(forms, key=lambda form: len(names & set(form.fields.keys())))
    shown, controls, typed = {}, {}, {}
    for name, value in form.form_values():
        shown.setdefault(name, []).append(value)
    for control in form.inputs:
        if control.name:
            controls.setdefault(control.name, control)
    for name, value in fields:
        typed.setdefault(name, []).append(value)
    texts = []
    for name, values in typed.items():
        control = controls.get(name)
        if control is None:  # a row added before the session ended
            control = controls.get(ROW.sub("-__prefix__-", name))
        if control is None or not is_text(control):
            continue
        if comparable(values) == comparable(shown.get(name, [""])):
            continue
        label = label_of(page, control)
        row = ROW.search(name)
        if row:
            label = _("%(label)s, row %(row)s") % {
                "label": label,
                "row": int(row.group(1)) + 1,
            }
        texts.append((label, "\n".join(values)))
    return texts


class KeptFormsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_kept_view(request):
            return None
        if not admin.site.has_permission(request):
            # Only a browser that had a session lost one; anything else gets
            # the admin's plain redirect and leaves nothing in the database.
            had_session = settings.SESSION_COOKIE_NAME in request.COOKIES
            if request.method != "POST" or not had_session:
                return None
            if keep(request):
                message = _(
                    "Your session had expired, so nothing was saved. What you "
                    "typed is kept: log in again to check it and save it."
                )
            else:
                message = _(
                    "Your session had expired, so nothing was saved, and what you "
                    "sent could not be kept. Log in again and repeat your changes."
                )
            messages.warning(request, message)
            return redirect_to_login(
                request.get_full_path(), reverse(f"{admin.site.name}:login")
            )
        kept = request.session.get(SESSION_KEY, {}).get(request.path)
        if kept is None:
            return None
        if request.method == "POST":
            choice = request.POST.get(CHOICE)
            if choice is None:  # the page's own form, posted from another tab
                return None
            forget(request)
            if choice == "save":
                return None  # the view takes the kept fields as the POST they were
            messages.info(request, _("What was kept has been discarded."))
            return HttpResponseRedirect(request.get_full_path())
        if request.method != "GET":
            return None
        return offer(request, kept, view_func(request, *view_args, **view_kwargs))


def offer(request, kept, page):
    """The kept form, shown before anything is written; ``page`` is the page as
    it is now (anything but the page itself, a 404 say, is answered as is)."""
    if page.status_code != 200:
        return page
    if hasattr(page, "render"):
        page.render()
    html = page.content.decode(page.charset)
    import lxml.html

    heading = lxml.html.fromstring(html).findtext(".//title") or ""
    context = {
        **admin.site.each_context(request),
        "title": _("Your session had expired"),
        # "Release | Change press release | Pressroom": the page, not the site.
        "page_title": " — ".join(heading.split(" | ")[:-1]).strip(),
        "texts": typed_texts(html, kept["fields"]),
        "fields": kept["fields"],
        "files": kept["files"],
        "action": kept["url"],
        "choice": CHOICE,
    }
    return render(request, "admin/kept_form.html", context)
