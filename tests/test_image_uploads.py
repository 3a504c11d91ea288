"""Uploaded images: what is stored, what is refused, and with which message.

Every file is made in the test, with Pillow or by hand, so the corpus says
exactly what each file is.
"""

import hashlib
import io
import os
import struct
import time
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from PIL import ExifTags, Image

from articles.imaging import register_heif, uploads
from articles.imaging.uploads import (
    FORMATS,
    MAX_PIXELS,
    CheckedImage,
    LimitedUploadHandler,
    check_image,
    stored_name,
)

# The tests encode HEIC files themselves, so Pillow must save HEIF here; the
# code under test registers the opener on its own before it opens a HEIC
# (tests/test_worker_memory.py checks that in a fresh process).
register_heif()

NOT_AN_IMAGE = "This file is not an image Pressroom accepts (JPEG, PNG, WebP or HEIC)."
DAMAGED = "The image file is incomplete or damaged."
ANIMATED = "Animated images are not accepted; upload a still."
EMPTY = "The file is empty."
MIB = 1024 * 1024


def photo(size=(120, 80)):
    """A picture with detail (noise), so encoders write real entropy-coded data."""
    return Image.merge("RGB", [Image.effect_noise(size, 60) for _ in range(3)])


def encoded(image, format, **options):
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(file):
    with pytest.raises(ValidationError) as caught:
        check_image(file)
    return caught.value


def png_claiming(width, height):
    """A small PNG whose header says width x height: nothing that large is
    allocated, and any decoding would fail on the missing data."""
    data = bytearray(encoded(Image.new("L", (4, 4)), "PNG"))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


# Accepted


def test_a_jpeg_is_accepted_with_its_size_and_digest():
    data = encoded(photo((120, 80)), "JPEG")
    checked = check_image(upload(data))
    assert checked == CheckedImage(
        format="JPEG",
        extension="jpg",
        width=120,
        height=80,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def test_a_camera_jpeg_with_gps_and_orientation_keeps_its_stored_dimensions():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (43.0, 19.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (1.0, 59.0, 8.0),
    }
    data = encoded(photo((120, 80)), "JPEG", exif=exif)
    with Image.open(io.BytesIO(data)) as written:
        assert written.getexif()[ExifTags.Base.Orientation] == 6
        assert written.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    checked = check_image(upload(data))
    # As stored: turning it upright is for renditions, not for the check.
    assert (checked.format, checked.width, checked.height) == ("JPEG", 120, 80)


@pytest.mark.parametrize(
    ("format", "extension"), [("PNG", "png"), ("WEBP", "webp"), ("HEIF", "heic")]
)
def test_png_webp_and_heic_are_accepted(format, extension):
    data = encoded(photo((64, 48)), format)
    checked = check_image(upload(data, name="upload.bin"))
    assert (checked.format, checked.extension) == (format, extension)
    assert (checked.width, checked.height) == (64, 48)


def test_an_mpo_from_a_camera_is_accepted_as_its_first_frame():
    data = encoded(photo((64, 48)), "MPO", save_all=True, append_images=[photo()])
    with Image.open(io.BytesIO(data)) as written:
        assert (written.format, written.n_frames) == ("MPO", 2)
    checked = check_image(upload(data))
    assert (checked.format, checked.extension) == ("MPO", "jpg")
    assert (checked.width, checked.height) == (64, 48)


def test_a_24_megapixel_jpeg_is_accepted_quickly():
    # Detail at a quarter of the size, scaled up: still a 24 MP, 6000x4000 JPEG.
    data = encoded(photo((1500, 1000)).resize((6000, 4000)), "JPEG", quality=90)
    started = time.perf_counter()
    checked = check_image(upload(data))
    elapsed = time.perf_counter() - started
    assert (checked.width, checked.height) == (6000, 4000)
    # Decoded at 1/8 scale: about 0.1 s here; a full decode takes several times
    # that and 72 MB of memory.
    assert elapsed < 2, elapsed


def test_a_file_on_disk_and_a_plain_file_object_are_checked_alike(tmp_path):
    data = encoded(photo(), "PNG")
    on_disk = TemporaryUploadedFile("photo.png", "image/png", len(data), None)
    on_disk.write(data)
    on_disk.seek(0)
    plain = io.BytesIO(data)
    plain.seek(10)
    with on_disk:
        assert check_image(on_disk) == check_image(upload(data))
        assert on_disk.tell() == 0
    assert check_image(plain) == check_image(upload(data))
    assert plain.tell() == 0


def test_the_file_is_left_at_its_start_after_a_refusal():
    file = upload(b"<?php system($_GET['c']); ?>", name="shell.php.png")
    refusal(file)
    assert file.tell() == 0


# Refused by content, whatever the name


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
            b'<rect width="10" height="10"/></svg>',
        ),
        (
            "logo.jpg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        ),
        ("photo.jpg", b"<!doctype html><html><script>alert(1)</script></html>"),
        ("name.php.png", b"<?php echo shell_exec($_GET['cmd']); ?>"),
        ("photo.png", b"\x89PNG\r\n\x1a\n<?php echo 1; ?>"),  # a signature only
        ("notes.jpg", b"Pressemitteilung" * 100),
    ],
)
def test_text_renamed_as_an_image_is_refused(name, data):
    error = refusal(upload(data, name=name))
    assert error.messages == [NOT_AN_IMAGE]
    assert error.code == "not_image"


@pytest.mark.parametrize("format", ["GIF", "TIFF", "BMP", "ICO", "PDF", "PPM"])
def test_image_formats_outside_the_list_are_refused(format):
    data = encoded(photo((32, 32)), format)
    error = refusal(upload(data, name="photo.jpg"))
    assert error.messages == [NOT_AN_IMAGE]


def test_an_animated_gif_is_refused_as_a_format_outside_the_list():
    data = encoded(photo((32, 32)), "GIF", save_all=True, append_images=[photo()])
    assert refusal(upload(data, name="anim.gif")).messages == [NOT_AN_IMAGE]


@pytest.mark.parametrize("format", ["PNG", "WEBP", "HEIF"])
def test_animated_png_webp_and_heic_are_refused(format):
    data = encoded(
        photo((32, 32)), format, save_all=True, append_images=[photo((32, 32))]
    )
    error = refusal(upload(data))
    assert error.messages == [ANIMATED]
    assert error.code == "animated"


def test_an_empty_file_is_refused():
    error = refusal(upload(b""))
    assert error.messages == [EMPTY]
    assert error.code == "empty"


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_an_image_cut_in_half_is_refused(format):
    data = encoded(photo((200, 150)), format)
    error = refusal(upload(data[: len(data) // 2]))
    assert error.messages == [DAMAGED]
    assert error.code == "damaged"


def test_a_jpeg_missing_only_its_last_bytes_is_refused():
    data = encoded(photo((200, 150)), "JPEG")
    assert refusal(upload(data[:-40])).messages == [DAMAGED]


@pytest.mark.parametrize("cut", [5, 12, 13])
def test_a_png_missing_its_end_is_refused(cut):
    # Its pixels are all there; its IEND chunk (the last 12 bytes) is not. Only
    # IEND's own checksum, always the same 4 bytes, is not checked.
    data = encoded(photo((200, 150)), "PNG")
    assert refusal(upload(data[:-cut])).messages == [DAMAGED]


def test_a_png_with_a_damaged_byte_is_refused():
    data = bytearray(encoded(photo((200, 150)), "PNG"))
    data[data.index(b"IDAT") + 100] ^= 0xFF  # the chunk's checksum no longer fits
    assert refusal(upload(bytes(data))).messages == [DAMAGED]


# Limits


def test_a_header_of_160_megapixels_is_refused_before_decoding():
    error = refusal(upload(png_claiming(16000, 10000), name="poster.png"))
    assert error.messages == [
        "The image has 160 million pixels; the limit is 64 million."
    ]
    assert error.code == "too_many_pixels"


@pytest.mark.parametrize(
    ("width", "height", "shown"),
    [
        (8001, 8000, "64.1"),  # over MAX_PIXELS, under Pillow's warning
        (10000, 10000, "100"),  # Pillow warns: made an error
        (20000, 20000, "400"),  # Pillow raises DecompressionBombError
        (65535, 65535, "4294.9"),  # 4294.836..., rounded up,
    ],
)
def test_every_size_over_the_limit_gets_the_pixel_message(width, height, shown):
    error = refusal(upload(png_claiming(width, height)))
    assert error.messages == [
        f"The image has {shown} million pixels; the limit is 64 million."
    ]


def test_a_header_at_the_limit_passes_the_pixel_check():
    # 8000x8000 = 64 MP exactly: refused only because the pixels are missing.
    assert MAX_PIXELS == 8000 * 8000
    assert refusal(upload(png_claiming(8000, 8000))).messages == [DAMAGED]


def test_a_jpeg_header_of_160_megapixels_is_refused():
    data = bytearray(encoded(photo((16, 10)), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", 10000, 16000)  # height, width
    error = refusal(upload(bytes(data)))
    assert error.messages == [
        "The image has 160 million pixels; the limit is 64 million."
    ]


def test_pillows_global_limit_is_left_as_it_was():
    before = Image.MAX_IMAGE_PIXELS
    refusal(upload(png_claiming(16000, 10000)))
    check_image(upload(encoded(photo(), "PNG")))
    assert before == Image.MAX_IMAGE_PIXELS


def test_a_file_over_the_size_limit_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", MIB)
    error = refusal(upload(b"\x00" * (MIB + 1)))
    # Rounded up: a file just over the limit never reads as equal to it.
    assert error.messages == ["The file is 1.1 MB; the limit is 1 MB."]
    assert error.code == "too_large"
    # A valid image of the same size is refused just the same.
    valid = encoded(photo((800, 800)), "PNG")
    assert len(valid) > MIB
    assert refusal(upload(valid)).messages[0].startswith("The file is ")


def test_the_size_message_with_the_real_limit():
    file = upload(b"junk that is never decoded")
    file.size = 64_172_850  # 61.2 MB
    assert refusal(file).messages == ["The file is 61.2 MB; the limit is 50 MB."]


def test_a_file_at_the_size_limit_is_decoded(monkeypatch):
    data = encoded(photo(), "JPEG")
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", len(data))
    assert check_image(upload(data)).size == len(data)


def test_the_limits_agree_with_the_brief():
    assert uploads.MAX_UPLOAD_BYTES == 50 * MIB
    assert 6000 * 4000 <= MAX_PIXELS < 160_000_000
    # Below Pillow's own warning, so MAX_PIXELS refuses first.
    assert MAX_PIXELS < Image.MAX_IMAGE_PIXELS
    assert set(FORMATS.values()) == {"jpg", "png", "webp", "heic"}


# The stored name


def test_the_stored_name_comes_from_the_content_not_the_uploader():
    data = encoded(photo(), "JPEG")
    names = {
        stored_name(check_image(upload(data, name=name)))
        for name in ("../../etc/passwd.jpg", "Minister private.php.jpg", "a.jpg")
    }
    assert len(names) == 1
    (name,) = names
    sha = hashlib.sha256(data).hexdigest()
    assert name == f"originals/{sha[:2]}/{sha[:32]}.jpg"
    assert "passwd" not in name and "php" not in name and ".." not in name


def test_different_content_gets_a_different_name_with_its_extension():
    jpeg = stored_name(check_image(upload(encoded(photo(), "JPEG"))))
    heic = stored_name(check_image(upload(encoded(photo(), "HEIF"), name="x.jpg")))
    assert jpeg != heic
    assert jpeg.endswith(".jpg") and heic.endswith(".heic")


# The upload handler


def received(request):
    """A tiny upload view: check the file, answer with the outcome."""
    file = request.FILES["image"]
    try:
        checked = check_image(file)
    except ValidationError as error:
        return HttpResponse(error.messages[0], status=400)
    return HttpResponse(stored_name(checked))


def posted(data, handlers=True):
    request = RequestFactory().post(
        "/upload/", {"image": SimpleUploadedFile("big.jpg", data, "image/jpeg")}
    )
    if handlers:
        request.upload_handlers = [LimitedUploadHandler(request)]
    return request


def test_a_large_upload_stops_being_written_at_the_limit(monkeypatch):
    limit = MIB
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", limit)
    data = os.urandom(limit + 300 * 1024 + 7)
    request = posted(data)
    file = request.FILES["image"]
    assert isinstance(file, TemporaryUploadedFile)
    assert os.path.getsize(file.temporary_file_path()) <= limit
    assert file.too_large is True
    assert file.size == len(data)
    response = received(request)
    assert response.status_code == 400
    assert response.content.decode() == "The file is 1.3 MB; the limit is 1 MB."


def test_an_upload_at_the_limit_is_kept_whole(monkeypatch):
    data = encoded(photo((300, 200)), "JPEG")
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", len(data))
    request = posted(data)
    file = request.FILES["image"]
    assert isinstance(file, TemporaryUploadedFile)  # on disk, even when small
    assert file.too_large is False
    assert file.size == len(data)
    with open(file.temporary_file_path(), "rb") as kept:
        assert kept.read() == data
    response = received(request)
    assert response.status_code == 200
    sha = hashlib.sha256(data).hexdigest()
    assert response.content.decode() == f"originals/{sha[:2]}/{sha[:32]}.jpg"


def test_the_settings_install_the_handler(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", MIB)
    request = posted(os.urandom(MIB + 1), handlers=False)
    assert [type(handler) for handler in request.upload_handlers] == [
        LimitedUploadHandler
    ]
    assert request.FILES["image"].too_large is True
    assert received(request).status_code == 400


def test_each_file_of_a_request_is_counted_on_its_own(monkeypatch):
    data = encoded(photo((300, 200)), "JPEG")
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", len(data))
    request = RequestFactory().post(
        "/upload/",
        {
            "first": SimpleUploadedFile("a.jpg", data),
            "second": SimpleUploadedFile("b.jpg", data),
        },
    )
    request.upload_handlers = [LimitedUploadHandler(request)]
    for field in ("first", "second"):
        assert request.FILES[field].too_large is False
        assert check_image(request.FILES[field]).size == len(data)
