"""Stored files over HTTP: full, ranged, conditional, or handed to nginx."""

import io
import os
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.core.signals import request_finished
from django.db import close_old_connections, models
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory
from django.utils.http import http_date

from articles.file_responses import stored_file_response
from articles.models import Rendition

CONTENT = bytes(range(256)) * 4  # 1024 bytes, each position recognisable
ETAG = '"7-42"'
MODIFIED = datetime(2025, 9, 20, 18, 30, 15, 123456, tzinfo=UTC)
MB = 1024 * 1024


class CountingFile(io.FileIO):
    """A file on disk that tallies every byte read from it."""

    read_total = 0

    def read(self, size=-1):
        data = super().read(size)
        CountingFile.read_total += len(data)
        return data

    def readall(self):
        data = super().readall()
        CountingFile.read_total += len(data)
        return data

    def readinto(self, buffer):
        count = super().readinto(buffer)
        CountingFile.read_total += count or 0
        return count


class CountingStorage(FileSystemStorage):
    def _open(self, name, mode="rb"):
        return File(CountingFile(self.path(name), mode))


def stored(tmp_path, content=CONTENT, name="kits/la-tregua.bin", storage=None):
    storage = storage or FileSystemStorage(location=tmp_path / "files")
    saved = storage.save(name, ContentFile(content))
    return FieldFile(instance=None, field=models.FileField(storage=storage), name=saved)


@pytest.fixture(autouse=True)
def connections_left_alone():
    """Closing a response ends its request, and Django then checks the
    database connections: these tests have no database, and a connection an
    earlier test left open in the same process would fail them. Django's
    test client leaves the connections alone the same way."""
    request_finished.disconnect(close_old_connections)
    yield
    request_finished.connect(close_old_connections)


def get(headers=None, method="get"):
    return getattr(RequestFactory(), method)("/kit", headers=headers or {})


def respond(request, field_file, **options):
    options = {
        "content_type": "application/octet-stream",
        "etag": ETAG,
        "last_modified": MODIFIED,
        **options,
    }
    return stored_file_response(request, field_file, **options)


def body(response):
    if response.streaming:
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    response.close()
    return content


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.fixture
def kit_file(tmp_path):
    return stored(tmp_path)


def test_whole_file(kit_file):
    response = respond(get(), kit_file)
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(CONTENT))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == ETAG
    assert response["Last-Modified"] == "Sat, 20 Sep 2025 18:30:15 GMT"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Disposition" not in response
    assert "Content-Range" not in response
    assert body(response) == CONTENT


def test_head_sends_the_headers(kit_file):
    response = respond(get(method="head"), kit_file)
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(CONTENT))
    response.close()


def test_head_of_a_range_opens_nothing(tmp_path):
    field_file = stored(tmp_path, storage=CountingStorage(tmp_path / "files"))
    CountingFile.read_total = 0
    response = respond(get({"Range": "bytes=0-9"}, method="head"), field_file)
    assert response.status_code == 206
    assert response["Content-Length"] == "10"
    response.close()
    assert CountingFile.read_total == 0


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, 1023),
        ("bytes=-10", 1014, 1023),
        ("bytes=1000-5000", 1000, 1023),  # the end is cut to the file
        ("bytes=-5000", 0, 1023),  # a suffix longer than the file: all of it
        ("bytes=1023-1023", 1023, 1023),
        ("BYTES=5-6", 5, 6),
    ],
)
def test_one_range(kit_file, header, first, last):
    response = respond(get({"Range": header}), kit_file)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/1024"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == ETAG
    assert body(response) == CONTENT[first : last + 1]


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_unsatisfiable_range(kit_file, header):
    response = respond(get({"Range": header}), kit_file)
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"
    assert body(response) == b""


def test_any_range_of_an_empty_file_is_unsatisfiable(tmp_path):
    response = respond(get({"Range": "bytes=-10"}), stored(tmp_path, content=b""))
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */0"


@pytest.mark.parametrize(
    "header",
    ["bytes=0-1,5-6", "bytes=0-1, 5-6", "bytes=-", "bytes=9-3", "items=0-9", "0-9"],
)
def test_several_or_invalid_ranges_get_the_whole_file(kit_file, header):
    response = respond(get({"Range": header}), kit_file)
    assert response.status_code == 200
    assert response["Content-Length"] == "1024"
    assert "Content-Range" not in response
    assert body(response) == CONTENT


def test_if_range_with_the_etag_gets_the_range(kit_file):
    response = respond(get({"Range": "bytes=0-99", "If-Range": ETAG}), kit_file)
    assert response.status_code == 206
    assert body(response) == CONTENT[:100]


@pytest.mark.parametrize(
    "if_range", ['"7-41"', f"W/{ETAG}", http_date(MODIFIED.timestamp()), "junk"]
)
def test_if_range_with_anything_else_gets_the_whole_file(kit_file, if_range):
    response = respond(get({"Range": "bytes=0-99", "If-Range": if_range}), kit_file)
    assert response.status_code == 200
    assert body(response) == CONTENT


def test_weak_etag_never_guards_a_range(kit_file):
    weak = 'W/"7-42"'
    response = respond(
        get({"Range": "bytes=0-9", "If-Range": weak}), kit_file, etag=weak
    )
    assert response.status_code == 200
    response.close()


@pytest.mark.parametrize("if_none_match", [ETAG, f'"other", {ETAG}', "*"])
def test_if_none_match_gets_304(kit_file, if_none_match):
    response = respond(get({"If-None-Match": if_none_match}), kit_file)
    assert response.status_code == 304
    assert response["ETag"] == ETAG
    assert directives(response) == {"public", "no-cache"}
    assert body(response) == b""


def test_if_none_match_wins_over_range(kit_file):
    response = respond(get({"If-None-Match": ETAG, "Range": "bytes=0-9"}), kit_file)
    assert response.status_code == 304


def test_other_etag_gets_the_file(kit_file):
    response = respond(get({"If-None-Match": '"7-41"'}), kit_file)
    assert response.status_code == 200
    response.close()


@pytest.mark.parametrize("later", [timedelta(0), timedelta(days=1)])
def test_if_modified_since_gets_304(kit_file, later):
    since = http_date((MODIFIED + later).timestamp())
    response = respond(get({"If-Modified-Since": since}), kit_file)
    assert response.status_code == 304
    assert response["Last-Modified"] == "Sat, 20 Sep 2025 18:30:15 GMT"


def test_modified_since_gets_the_file(kit_file):
    since = http_date((MODIFIED - timedelta(seconds=1)).timestamp())
    response = respond(get({"If-Modified-Since": since}), kit_file)
    assert response.status_code == 200
    response.close()


def test_if_match_with_another_etag_gets_412(kit_file):
    response = respond(get({"If-Match": '"7-41"'}), kit_file)
    assert response.status_code == 412


def test_behind_nginx(kit_file):
    response = respond(get({"Range": "bytes=0-9"}), kit_file, accel_prefix="/_media/")
    assert response.status_code == 200  # nginx answers the range itself
    assert response["X-Accel-Redirect"] == "/_media/" + kit_file.name
    assert response["Content-Type"] == "application/octet-stream"
    assert response["ETag"] == ETAG
    assert response["Last-Modified"] == "Sat, 20 Sep 2025 18:30:15 GMT"
    assert response["Accept-Ranges"] == "bytes"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert directives(response) == {"public", "no-cache"}
    assert "Content-Length" not in response
    assert "Content-Range" not in response
    assert response.content == b""


def test_behind_nginx_304_is_answered_by_django(kit_file):
    response = respond(get({"If-None-Match": ETAG}), kit_file, accel_prefix="/_media/")
    assert response.status_code == 304
    assert "X-Accel-Redirect" not in response


def test_behind_nginx_with_a_download_name(kit_file):
    response = respond(
        get(), kit_file, accel_prefix="/_media/", filename="Перемирие kit.zip"
    )
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%9F%D0%B5%D1%80%D0%B5%D0%BC%D0%B8"
        "%D1%80%D0%B8%D0%B5%20kit.zip"
    )


@pytest.mark.parametrize("headers", [{}, {"Range": "bytes=0-9"}])
def test_download_name_not_ascii(kit_file, headers):
    response = respond(get(headers), kit_file, filename="Қазақ әні.zip")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "%D2%9A" in disposition  # Қ
    assert disposition.isascii()
    response.close()


def test_download_name_ascii(kit_file):
    response = respond(get(), kit_file, filename="la-tregua-kit.zip")
    assert response["Content-Disposition"] == 'attachment; filename="la-tregua-kit.zip"'
    response.close()


@pytest.mark.parametrize(
    "headers", [{}, {"Range": "bytes=0-9"}, {"Range": "bytes=5000-"}]
)
def test_public_and_private_cache_headers(kit_file, headers):
    public = respond(get(headers), kit_file)
    private = respond(get(headers), kit_file, public=False)
    assert directives(public) == {"public", "no-cache"}
    assert directives(private) == {"private", "no-store"}
    public.close()
    private.close()


def test_works_with_a_rendition_file(settings):
    """The FieldFile of a real model, in the default storage."""
    rendition = Rendition(content_type="image/jpeg")
    rendition.file.save("renditions/1/w640.jpg", ContentFile(CONTENT), save=False)
    response = respond(
        get({"Range": "bytes=-4"}), rendition.file, content_type="image/jpeg"
    )
    assert response.status_code == 206
    assert body(response) == CONTENT[-4:]
    full = respond(get(), rendition.file, content_type="image/jpeg")
    assert full["Content-Length"] == "1024"
    assert body(full) == CONTENT


def test_last_bytes_of_a_big_file_read_only_those(tmp_path):
    storage = CountingStorage(tmp_path / "files")
    path = tmp_path / "files" / "big.bin"
    path.parent.mkdir()
    with path.open("wb") as big:
        big.truncate(50 * MB)
        big.seek(50 * MB - 10)
        big.write(b"0123456789")
    field_file = FieldFile(
        instance=None, field=models.FileField(storage=storage), name="big.bin"
    )
    assert field_file.size == 50 * MB
    CountingFile.read_total = 0
    response = respond(get({"Range": "bytes=-10"}), field_file)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {50 * MB - 10}-{50 * MB - 1}/{50 * MB}"
    assert body(response) == b"0123456789"
    assert CountingFile.read_total == 10
    assert field_file.closed


def test_whole_big_file_streams_in_blocks(tmp_path):
    """The full answer is a FileResponse: read block by block as it is sent."""
    storage = CountingStorage(tmp_path / "files")
    field_file = stored(tmp_path, content=os.urandom(3 * MB), storage=storage)
    CountingFile.read_total = 0
    response = respond(get(), field_file)
    chunks = iter(response.streaming_content)
    next(chunks)
    assert CountingFile.read_total <= MB
    response.close()
