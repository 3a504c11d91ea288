"""The staff roles and what each may do.

Editors may do everything with releases, films and the rest; Translators see
releases and translate them into the languages their ``Translator`` row
lists, nothing else; only superusers manage users and who translates what.

Permission rows only exist after ``post_migrate`` on a fresh database, so the
groups are created by a data migration and given their permissions here,
after every ``migrate``: a model added later is covered too.
"""

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
TRANSLATORS = "Translators"


# Least privilege: a translator sees the releases (list, change page read
# only, preview, history) and works on the translation screens of their
# languages; nothing else of the app. Who translates what is user management:
# superusers only.
TRANSLATOR_PERMISSIONS = {"view_article", "view_paragraph", "view_articleimage"}
SUPERUSER_ONLY_MODELS = {"translator"}


def grant_group_permissions(app_config, using="default", **kwargs):
    """Each group gets exactly its permissions (``set``: an upgrade removes
    what a group should no longer have)."""
    articles_permissions = Permission.objects.using(using).filter(
        content_type__app_label=app_config.label
    )
    editors, _created = Group.objects.using(using).get_or_create(name=EDITORS)
    editors.permissions.set(
        articles_permissions.exclude(content_type__model__in=SUPERUSER_ONLY_MODELS)
    )
    translators, _created = Group.objects.using(using).get_or_create(name=TRANSLATORS)
    translators.permissions.set(
        articles_permissions.filter(codename__in=TRANSLATOR_PERMISSIONS)
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
