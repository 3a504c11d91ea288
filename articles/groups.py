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


def translatable_languages(user):
    """Editors translate into any language; a translator into their own."""
    from .languages import language_codes

    if not (user.is_active and user.is_staff):
        return set()
    if user.is_superuser or user.has_perm("articles.change_article"):
        return set(language_codes())
    if not user.groups.filter(name=TRANSLATORS).exists():
        return set()
    translator = getattr(user, "translator", None)
    return set(translator.languages) if translator is not None else set()


def can_translate(user, language):
    return language in translatable_languages(user)
