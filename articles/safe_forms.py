"""Forms that can always be shown again, whatever was posted to them."""

from django import forms
from django.core.exceptions import ValidationError


class UsableChoicesMixin:
    """A refused choice is not rendered again.

    The admin's autocomplete widgets look the posted values up to render
    them; a crafted value that is not a key at all (``film=abc``) made that
    lookup fail with a 500 after the form had already said "Select a valid
    choice". Such values are dropped from what the form shows; the error
    stays.
    """

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not self._errors:
            return
        usable = {}
        for name, field in self.fields.items():
            if name not in self._errors or not isinstance(
                field, forms.ModelChoiceField
            ):
                continue
            key = self.add_prefix(name)
            values = (
                self.data.getlist(key)
                if hasattr(self.data, "getlist")
                else [self.data.get(key)]
            )
            kept = [value for value in values if is_key(field, value)]
            if kept != values:
                usable[key] = kept
        if usable:
            self.data = self.data.copy()
            for key, kept in usable.items():
                if hasattr(self.data, "setlist"):
                    self.data.setlist(key, kept)
                else:
                    self.data[key] = kept[0] if kept else ""


def is_key(field, value):
    model = field.queryset.model
    key_field = (
        model._meta.get_field(field.to_field_name)
        if field.to_field_name
        else model._meta.pk
    )
    try:
        key_field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return False
    return True
