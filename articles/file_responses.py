"""A stored file as an HTTP response, resumable and revalidated.

Press kits and print stills are large and fetched over hotel and festival
connections: a download that breaks must resume where it stopped (Range,
guarded by If-Range so a resumed file is never a mix of two versions), and
a copy already held must be confirmed rather than sent again (ETag,
Last-Modified). Behind nginx the bytes go out through X-Accel-Redirect and
nginx answers ranges itself; Django still decides 304s, since only it knows
the validators.
"""

import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date

CHUNK = 64 * 1024
# One range only: several would need a multipart/byteranges body, and RFC
# 9110 lets a server send the whole file instead.
SINGLE_RANGE = re.compile(r"bytes=(\d*)-(\d*)", re.IGNORECASE)


def stored_file_response(
    request,
    field_file,
    *,
    content_type,
    etag,
    last_modified,
    filename=None,
    public=True,
    accel_prefix=None,
) -> HttpResponse:
    """The file, a part of it, a 304/412/416, or nginx's internal redirect."""
    modified = int(last_modified.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is not None:
        return finish(response, etag, modified, public)
    if accel_prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel_prefix + field_file.name
    else:
        size = field_file.size
        wanted = requested_range(request, etag, size)
        if wanted is None:
            response = FileResponse(field_file.open("rb"), content_type=content_type)
        elif wanted == UNSATISFIABLE:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
        else:
            start, end = wanted
            response = StreamingHttpResponse(
                part(field_file, start, end), status=206, content_type=content_type
            )
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
            response["Content-Length"] = end - start + 1
    # FileResponse names the file inline after its storage path; a download
    # is named by the caller or not at all, the same with or without nginx.
    if filename:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    elif "Content-Disposition" in response:
        del response["Content-Disposition"]
    return finish(response, etag, modified, public)


UNSATISFIABLE = "unsatisfiable"


def requested_range(request, etag, size):
    """``(first, last)`` byte positions to send, UNSATISFIABLE, or None for
    the whole file (no Range, one Django does not serve, or a stale If-Range).
    """
    header = request.headers.get("Range")
    if not header:
        return None
    if_range = request.headers.get("If-Range")
    # Only a strong ETag may guard a range; a date, a weak or another ETag
    # means the client's part may be of another version: send it all.
    if if_range is not None and (if_range.strip() != etag or etag.startswith("W/")):
        return None
    found = SINGLE_RANGE.fullmatch(header.replace(" ", "").replace("\t", ""))
    if not found or found.groups() == ("", ""):
        return None  # invalid or several ranges: ignored, as RFC 9110 allows
    first, last = found.groups()
    if first:
        start = int(first)
        if last and int(last) < start:
            return None  # an invalid range-spec: ignored like the header
        if start >= size:
            return UNSATISFIABLE
        return start, min(int(last), size - 1) if last else size - 1
    suffix = int(last)
    if suffix == 0 or size == 0:
        return UNSATISFIABLE
    return max(size - suffix, 0), size - 1


def part(field_file, start, end):
    """Bytes ``start`` to ``end`` inclusive, a chunk at a time.

    The file is opened on the first chunk, so a HEAD request, whose body is
    never read, opens nothing; closing the response closes the file.
    """
    with field_file.open("rb") as opened:
        opened.seek(start)
        left = end - start + 1
        while left > 0:
            chunk = opened.read(min(CHUNK, left))
            if not chunk:
                return  # the file shrank underneath: stop, short
            left -= len(chunk)
            yield chunk


def finish(response, etag, modified, public):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    if public:
        # Anyone may keep a copy, but must ask again before using it: a
        # file that stops being public is gone from caches at once.
        patch_cache_control(response, public=True, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
