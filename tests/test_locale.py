"""The interface catalogs: complete, not fuzzy, and compiled from their .po."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


def catalog(language):
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def translations(entry):
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_is_complete_and_not_fuzzy(language):
    po = polib.pofile(str(catalog(language)))
    entries = [entry for entry in po if not entry.obsolete]
    assert len(entries) > 100
    empty = [entry.msgid for entry in entries if not all(translations(entry))]
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert not empty, f"untranslated in {language}: {empty}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"
    assert "fuzzy" not in po.metadata_as_entry().flags
    assert po.metadata["Language"] == language


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalog_matches_its_source(language):
    po = polib.pofile(str(catalog(language)))
    mo_path = catalog(language).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run compilemessages and commit it"
    mo = polib.mofile(str(mo_path))
    compiled = {key(entry): translations(entry) for entry in mo if entry.msgid}
    source = {
        key(entry): translations(entry)
        for entry in po
        if not entry.obsolete and "fuzzy" not in entry.flags
    }
    assert compiled == source, f"{mo_path} does not match its .po: recompile it"
