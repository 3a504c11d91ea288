"""The staff roles and what each may do.

Editors may do everything; Translators see releases and translate them into
the languages their ``Translator`` row lists, nothing else.

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


def can_translate(user, language):
    """Editors translate into any language; a translator into their own."""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser or user.has_perm("articles.change_article"):
        return True
    if not user.groups.filter(name=TRANSLATORS).exists():
        return False
    translator = getattr(user, "translator", None)
    return translator is not None and language in translator.languages
