"""The background side of press kits (django-tasks, database backend)."""

from django_tasks import task

from . import building
from .triggers import subjects_of


@task()
def refresh_press_kits(names):
    """Rebuild every kit holding anything ``names`` names ("release:3", …)."""
    subjects = subjects_of(names)
    for subject in subjects:
        building.refresh(subject)
    return subjects
