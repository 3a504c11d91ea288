"""Opening a .docx someone sent: refused with a reason unless it is safe to read.

SKELETON: the checks are being written; the interface is fixed.
"""

import io

from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024


class WordRefused(Exception):
    """A document that cannot be read; nothing has been saved."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


def open_document(data: bytes, filename: str = ""):
    """A python-docx ``Document`` of ``data``, or ``WordRefused`` saying why not."""
    import docx

    if len(data) > MAX_BYTES:
        raise WordRefused(_("The document is too large."))
    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - replaced by the real checks
        raise WordRefused(_("This is not a Word document (.docx).")) from None
