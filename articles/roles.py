"""Credit roles as headings: "Actor" for one, "Actors" for six, in each
language's own plural forms (Russian has three)."""

from django.utils.translation import npgettext

from .models import Credit

R = Credit.Role
# npgettext needs literal strings for makemessages to find them.
HEADINGS = {
    R.DIRECTOR: lambda n: npgettext("credits", "Director", "Directors", n),
    R.SCREENWRITER: lambda n: npgettext("credits", "Screenwriter", "Screenwriters", n),
    R.ACTOR: lambda n: npgettext("credits", "Actor", "Actors", n),
    R.GENERAL_PRODUCER: lambda n: npgettext(
        "credits", "General producer", "General producers", n
    ),
    R.PRODUCER: lambda n: npgettext("credits", "Producer", "Producers", n),
    R.CO_PRODUCER: lambda n: npgettext("credits", "Co-producer", "Co-producers", n),
    R.EXECUTIVE_PRODUCER: lambda n: npgettext(
        "credits", "Executive producer", "Executive producers", n
    ),
    R.COORDINATOR: lambda n: npgettext("credits", "Coordinator", "Coordinators", n),
    R.CINEMATOGRAPHER: lambda n: npgettext(
        "credits", "Director of photography", "Directors of photography", n
    ),
    R.EDITOR: lambda n: npgettext("credits", "Editor", "Editors", n),
    R.COMPOSER: lambda n: npgettext("credits", "Composer", "Composers", n),
}


def heading(role, count):
    """A heading names one or many, not a count: 21 actors are "Актёры",
    though Russian counts 21 like 1, so every many is asked as two."""
    make = HEADINGS.get(role)
    return make(1 if count == 1 else 2) if make else Credit.Role(role).label


def grouped(items, role_of=lambda item: item.role):
    """``[(heading, items)]`` in the order of ``Credit.Role``."""
    by_role = {}
    for item in items:
        by_role.setdefault(role_of(item), []).append(item)
    return [
        (heading(role, len(by_role[role])), by_role[role])
        for role, _label in Credit.Role.choices
        if role in by_role
    ]
