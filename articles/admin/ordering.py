"""Ordered inlines (paragraphs, a gallery, a film's stills): saved in the order
shown, safely.

New rows are saved after the last position and the parent's rows are then
renumbered in the submitted order, so the unique position constraint never
sees two rows on one number, on a new release as on an old one. The parent's
row is locked first: two people adding paragraphs at once both succeed. Rows
someone else added after the form was opened keep their place after the row
they followed; a row someone else deleted is answered with a message.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from .. import history
from ..conflicts import (
    BASE_FIELD,
    ConflictCheckedForm,
    conflict_message,
    refuse_blanking,
)
from ..models import Paragraph, merge_order, renumber

LAST = 10**9  # a row without a position goes last


class OrderedInlineFormSet(BaseInlineFormSet):
    """Rows in order; a row's text may not be emptied in a published language."""

    keep_current_order = False

    def clean(self):
        super().clean()
        self.refuse_blanked_rows()
        self.check_order()
        gone = [
            form
            for form in self.initial_forms
            if self.model._meta.pk.name in form.errors
            and not self._should_delete_form(form)
        ]
        if gone:
            raise ValidationError(
                _(
                    "Someone else deleted %(count)s of these rows after you opened "
                    "this page. Copy what you typed, then reload the page to see "
                    "the release as it is now."
                )
                % {"count": len(gone)},
                code="deleted_meanwhile",
            )

    def cleaned_rows(self):
        return [
            form
            for form in self.initial_forms
            if form.instance.pk is not None
            and hasattr(form, "cleaned_data")
            and not self._should_delete_form(form)
        ]

    def refuse_blanked_rows(self):
        if self.model is not Paragraph or self.instance.pk is None:
            return
        published = self.instance.published_languages
        for form in self.cleaned_rows():
            refuse_blanking(
                form,
                "text",
                published,
                _(
                    "This language is published: its text cannot be emptied. "
                    "Unpublish the language first, or delete the paragraph."
                ),
            )

    def check_order(self):
        """Keep the order others chose unless this person moved rows; both is
        a conflict."""
        rows = [(form, form.base()) for form in self.cleaned_rows()]
        rows = [(form, base) for form, base in rows if base and "position" in base[1]]
        if not rows:
            return
        current = dict(
            self.model._default_manager.filter(
                **{self.fk.name: self.instance}
            ).values_list("pk", "position")
        )
        rows = [(form, base) for form, base in rows if form.instance.pk in current]
        shown = {form.instance.pk: int(base[1]["position"]) for form, base in rows}
        moved = any(
            form.cleaned_data.get("position") != shown[form.instance.pk]
            for form, _base in rows
        )
        before = sorted(shown, key=shown.get)
        theirs = sorted(shown, key=current.get)
        self.keep_current_order = not moved
        if moved and before != theirs:
            for form, _base in rows:
                form.rebase(position=str(current[form.instance.pk]))
            opened = min(base[0] for _form, base in rows)
            revision = (
                history.versions_of(self.instance)
                .filter(revision__date_created__gt=opened)
                .last()
            )
            raise ValidationError(
                conflict_message(_("The order"), revision and revision.revision),
                code="order_conflict",
            )

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        save_ordered(self.instance, self)
        return self.new_objects + [obj for obj, _fields in self.changed_objects]


class OrderedInlineMixin:
    """Rows reordered with up/down buttons; static/articles/admin/reorder.js
    numbers the hidden positions before the form is sent."""

    classes = ["ordered-inline"]
    extra = 0
    form = ConflictCheckedForm
    formset = OrderedInlineFormSet

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), BASE_FIELD]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            kwargs["widget"] = forms.HiddenInput(attrs={"class": "ordered-position"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def save_ordered(parent, formset):
    """Save the formset's rows, then put them in the submitted order."""
    type(parent)._default_manager.select_for_update().get(pk=parent.pk)
    parent_field = formset.fk.name
    rows = formset.model._default_manager.filter(**{parent_field: parent})
    # The admin's change message reads these, as ModelFormSet.save() sets them.
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.deleted_forms:
        if form.instance.pk is not None:
            form.instance.delete()
            formset.deleted_objects.append(form.instance)
    positions = dict(rows.values_list("pk", "position"))
    free = max(positions.values(), default=0) + 1
    submitted = []
    for index, form in enumerate(formset.forms):
        instance = form.instance
        if form in formset.deleted_forms or (
            instance.pk is None and not form.has_changed()
        ):
            continue
        if instance.pk is None:
            setattr(instance, parent_field, parent)
            instance.position, free = free, free + 1
            instance.save()
            formset.new_objects.append(instance)
        elif form.has_changed():
            instance.position = positions[instance.pk]
            instance.save()
            formset.changed_objects.append((instance, form.changed_data))
        wanted = form.cleaned_data.get("position")
        submitted.append((LAST if wanted is None else wanted, index, instance.pk))
    current = list(rows.order_by("position").values_list("pk", flat=True))
    mine = [pk for *_rank, pk in sorted(submitted)]
    if formset.keep_current_order:
        new = {instance.pk for instance in formset.new_objects}
        order = place_new_rows([pk for pk in current if pk not in new], mine, new)
    else:
        order = merge_order(current, mine)
    if order != current:
        renumber(rows, order)


def place_new_rows(order, mine, new):
    """``order`` with each new row after the row it follows in ``mine``."""
    order = list(order)
    for index, pk in enumerate(mine):
        if pk not in new:
            continue
        before = mine[index - 1] if index else None
        order.insert(order.index(before) + 1 if before in order else 0, pk)
    return order
