"""The staff roles and what each may do.

Permission rows only exist after ``post_migrate`` on a fresh database, so the
groups are created by a data migration and given their permissions here,
after every ``migrate``: a model added later is covered too.
"""

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
TRANSLATORS = "Translators"


def grant_group_permissions(app_config, using="default", **kwargs):
    articles_permissions = Permission.objects.using(using).filter(
        content_type__app_label=app_config.label
    )
    editors, _created = Group.objects.using(using).get_or_create(name=EDITORS)
    editors.permissions.add(*articles_permissions)
    translators, _created = Group.objects.using(using).get_or_create(name=TRANSLATORS)
    translators.permissions.add(
        *articles_permissions.filter(codename__startswith="view_")
    )
