"""What each translation was made from, so a changed source shows it stale.

Like wagtail-localize's translation source: every translated unit keeps, per
target language, a digest of the source text it was translated from.
"""

import hashlib
import unicodedata


def text_digest(text: str) -> str:
    """A short fingerprint of a text; spacing and Unicode form do not count."""
    normalized = " ".join(unicodedata.normalize("NFC", text or "").split())
    return hashlib.sha256(normalized.encode()).hexdigest()[:16]


def record_current(obj, field, source_language, languages):
    """Mark the existing translations of ``obj.field`` as made from today's source."""
    source = getattr(obj, f"{field}_{source_language}", "") or ""
    if not source:
        return
    digest = text_digest(source)
    record = dict(obj.translated_from.get(field, {}))
    for language in languages:
        if language != source_language and getattr(obj, f"{field}_{language}", ""):
            record[language] = digest
    obj.translated_from = {**obj.translated_from, field: record}
