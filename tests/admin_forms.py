"""Build the POST data of an admin change form from its rendered context,
as a browser would send it unchanged."""

from django.forms import BaseForm


def _form_data(form: BaseForm, data: dict):
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[key] = "on"
            continue
        if isinstance(value, (list, tuple)):
            data[key] = [str(item) for item in value]
            continue
        shown = field.widget.format_value(value)
        if isinstance(shown, (list, tuple)):
            data[key] = [str(item) for item in shown if item is not None]
        else:
            data[key] = "" if shown is None else str(shown)


def change_form_data(response):
    """Every field of the main form and of each inline, with management forms."""
    context = response.context
    data = {}
    _form_data(context["adminform"].form, data)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.forms:
            _form_data(form, data)
    return data


def add_rows(data, prefix, rows):
    """Append new inline rows, as "Add another" and typing would."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{total + offset}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(total + len(rows))
    return data
