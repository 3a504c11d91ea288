from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Press releases")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            completeness,
            database,
            groups,
            history,
            image_files,
            image_visibility,
            shown_dates,
        )
        from .embargo import moments as embargo_moments
        from .page_cache import changes as page_changes
        from .presskits import triggers as presskits_triggers

        post_migrate.connect(groups.grant_group_permissions, sender=self)
        history.register_models()
        completeness.connect()
        connection_created.connect(database.quick_arrays)
        embargo_moments.connect()
        image_visibility.connect()
        image_files.connect()
        presskits_triggers.connect()
        page_changes.connect()
        shown_dates.connect()
