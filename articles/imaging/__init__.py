"""Images as a press office needs them: checked uploads, renditions for pages,
and downloads that carry their caption and credit in the file itself.

The modules here work on files, not on models (``articles.models.images``
keeps the rows), so each can be tested with a file made in the test.
"""

from pillow_heif import register_heif_opener

# HEIC/HEIF, as phones save photos; Pillow opens them once this is called.
register_heif_opener()
