"""Build the POST data of an admin change form from its HTML, as a browser
sends it unchanged: only what the page really renders is sent."""

import lxml.html


def change_form_data(response, form_id=None):
    """Every control of the page's change form (``<model>_form``), with
    inlines and management forms, minus the empty templates of new rows."""
    page = lxml.html.fromstring(response.content.decode())
    if form_id is None:
        form_id = f"{response.context['opts'].model_name}_form"
    form = page.get_element_by_id(form_id)
    data = {}
    for name, value in form.form_values():
        if "__prefix__" in name:
            continue
        if name in data:
            existing = data[name]
            data[name] = (
                [*existing, value]
                if isinstance(existing, list)
                else [
                    existing,
                    value,
                ]
            )
        else:
            data[name] = value
    data.pop("csrfmiddlewaretoken", None)
    return data


def add_rows(data, prefix, rows):
    """Append new inline rows, as "Add another" and typing would."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{total + offset}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(total + len(rows))
    return data
