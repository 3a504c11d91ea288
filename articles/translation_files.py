"""Translations coming back in a file (XLIFF, Word): one set of rules for both.

An importer reads its format into ``ReturnedUnit``s; ``apply_returned()``
decides what happens to each: a unit whose source text is no longer the
release's is refused, a text too long for its column is refused, a unit
translated here after the export is not overwritten, a text equal to the one
here is counted unchanged (a stale one is confirmed only when the file says it
was checked), the rest is applied, all of it in one revision.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import completeness, conflicts, translation_state
from .history import release_revision
from .languages import display_name, language_codes
from .translation_state import STALE

REFUSALS_SHOWN = 50  # a page of messages, not one per unit of a hostile file


@dataclass
class ReturnedUnit:
    """One unit as a file brings it back."""

    key: str  # the unit's stable key, "paragraph-12"
    source: str  # the source text the file was translated from
    target: str  # the translation in the file, possibly empty
    done: bool = False  # the translator marked it checked (XLIFF's state)
    base: str | None = None  # conflicts.digest() of the target at export


@dataclass
class ImportResult:
    applied: int = 0
    unchanged: int = 0
    refused: list = field(default_factory=list)  # (unit key or row, reason)


def normalized(text):
    return " ".join((text or "").split())


def original_of(article):
    """A release's identity in a file: ``pressroom:release:<pk>:<slug>``."""
    return f"pressroom:release:{article.pk}:{article.slug}"


def identify(original, target, article, language, refusal):
    """``(release, target language)`` of a file, or ``refusal(message)``.

    ``original`` and ``target`` are what the file says; ``article`` and
    ``language``, when given, are what it must be for.
    """
    from .models import Article

    parts = (original or "").split(":")
    if (
        len(parts) < 3
        or parts[:2] != ["pressroom", "release"]
        or not parts[2].isdigit()
    ):
        raise refusal(
            _("This file is not a Pressroom export (its original: “%(original)s”).")
            % {"original": original or ""}
        )
    found = Article.objects.filter(pk=int(parts[2])).first()
    if found is None:
        raise refusal(_("The release this file was exported from no longer exists."))
    if article is not None and found.pk != article.pk:
        raise refusal(
            _("This file is for another release (“%(other)s”), not this one.")
            % {"other": found}
        )
    target = (target or "").split("-")[0].lower()
    if target not in language_codes() or target == found.source_language:
        raise refusal(
            _("The file's target language “%(code)s” is not one this release is "
              "translated into.") % {"code": target}
        )  # fmt: skip
    if language is not None and target != language:
        raise refusal(
            _("This file is a translation into %(file)s, not %(expected)s.")
            % {"file": display_name(target), "expected": display_name(language)}
        )
    return found, target


def units_by_key(article):
    """The units a file can bring back, by key: those with a source text."""
    return {
        unit.key: unit
        for unit in completeness.article_units(article)
        if unit.source  # an untitled draft's title: nothing to translate yet
    }


def apply_returned(article, language, units, returned, *, user, action, result=None):
    """Apply ``returned`` units to ``article`` in ``language``, as one revision.

    ``units`` is ``units_by_key(article)``. ``result`` may already hold what
    the importer refused while reading (a row it could not place); the counts
    of the revision include it.
    """
    result = ImportResult() if result is None else result
    texts, confirms, seen = {}, set(), set()
    for item in returned:
        unit = units.get(item.key)
        if unit is None:
            result.refused.append((item.key, _("no such unit in the release")))
            continue
        if item.key in seen:
            result.refused.append((item.key, _("it appears twice in the file")))
            continue
        seen.add(item.key)
        if normalized(item.source) != normalized(unit.source):
            result.refused.append((item.key, _("its source changed since the export")))
            continue
        try:
            text = translation_state.text_field(unit, language).clean(item.target or "")
        except ValidationError as error:
            result.refused.append((item.key, " ".join(error.messages)))
            continue
        now = unit.text(language)
        mine, here = conflicts.digest(text), conflicts.digest(now)
        was = item.base
        if text and was is not None and here not in (was, mine) and mine != was:
            result.refused.append(
                (item.key, _("translated here after the export; not overwritten"))
            )
            continue
        if text and text != now:
            texts[item.key] = text
        elif text and item.done and unit.state(language) == STALE:
            confirms.add(item.key)  # checked against the new source
        else:
            result.unchanged += 1
    with release_revision(user, action, article, language=language) as revision:
        result.applied = sum(
            translation_state.apply(list(units.values()), language, texts, confirms)
        )
        revision.params.update(
            applied=result.applied,
            unchanged=result.unchanged,
            refused=len(result.refused),
        )
    return result


def summary(result: ImportResult) -> str:
    return _(
        "%(applied)s applied, %(unchanged)s skipped as unchanged, %(refused)s refused."
    ) % {
        "applied": result.applied,
        "unchanged": result.unchanged,
        "refused": len(result.refused),
    }
