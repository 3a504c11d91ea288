"""Downloads for journalists, read back by parsers that are not libexiv2.

Pillow reads every file here (its Exif, IPTC, XMP and ICC parsers are its
own); exiftool reads them as well where it is installed. Every image is made
in the test that uses it.
"""

import io
import json
import os
import shutil
import struct
import subprocess

import pytest
from PIL import (
    Image,
    ImageChops,
    ImageCms,
    ImageOps,
    ImageStat,
    IptcImagePlugin,
    PngImagePlugin,
)

from articles.imaging import register_heif
from articles.imaging.downloads import (
    PRINT_LONG_EDGE,
    Download,
    Labels,
    full_download,
    print_download,
)

# The tests encode HEIC files themselves, so Pillow must save HEIF here; the
# code under test registers the opener on its own before it opens a HEIC
# (tests/test_worker_memory.py checks that in a fresh process).
register_heif()

# Made once: Little CMS stamps a new profile with the time it was made.
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()

LABELS = {
    "en": Labels(
        language="en",
        caption=(
            'Director Ana Ruiz and actor Tom O\'Neill at the "La Tregua" '
            "premiere, San Sebastián & Bilbao, 21 September 2025"
        ),
        credit="Photo: Jane Smith / Northlight & Co.",
        copyright='© 2025 "Northlight Films" Ltd. All rights reserved.',
    ),
    "ru": Labels(
        language="ru",
        caption=(
            "Режиссёр Анна Руис и актёр Том О’Нил на премьере фильма "
            "«Перемирие» в Сан-Себастьяне & Бильбао, 21 сентября 2025 года"
        ),
        credit="Фото: Иван Петров / «Пресс-центр фестиваля»",
        copyright="© 2025 ООО «Северный свет» & партнёры",
    ),
    "kk": Labels(
        language="kk",
        caption=(
            "Әсел Нұрқызы мен Ғалым Қасымов «Бітім» фильмінің тұсаукесерінде: "
            "Алматы, Көктөбе. Мәдениет үйінің ағаш сахнасы, күн шуақты һәм "
            '"көңілді" & жылы кеш'
        ),
        credit="Сурет: Айгерім Сәрсенбаева / «Қазақфильм»",
        copyright="© 2025 «Қазақфильм» АҚ & серіктестері",
    ),
    "es": Labels(
        language="es",
        caption=(
            "La directora Ana Ruiz y el actor Íñigo Peña en el estreno de "
            '«La Tregua», San Sebastián & Bilbao: "¡qué noche!"'
        ),
        credit="Foto: José Núñez / Agencia Señal",
        copyright="© 2025 Producciones Año Cero & Cía.",
    ),
}
LANGUAGES = sorted(LABELS)

# What the camera, the phone and earlier editors left in the originals.
SECRETS = [
    b"SN-4711-0815",  # body serial
    b"LENS-99-1234",  # lens serial
    b"Jane Owner",  # owner name, PNG author
    b"Canon",
    b"EOS R5",
    b"Lightroom 13.1",  # software history
    b"private comment",
    b"OldCaption",  # IPTC and XMP of a previous edit
    b"extended-gps",
    b"c2pa-manifest",
    b"maker-app5",
    b"motion-photo-video",
]


def _picture(size=(600, 400)) -> Image.Image:
    """Detail in every channel, and four corners no rotation can confuse."""
    width, height = size
    ramp = Image.linear_gradient("L")
    red = ramp.resize(size)
    green = ramp.rotate(90).resize(size)
    blue = Image.effect_mandelbrot(size, (-2.0, -1.2, 1.0, 1.2), 40)
    image = Image.merge("RGB", (red, green, blue))
    corner = max(4, min(size) // 8)
    for (x, y), colour in {
        (0, 0): (255, 0, 0),
        (width - corner, 0): (0, 255, 0),
        (0, height - corner): (0, 0, 255),
        (width - corner, height - corner): (255, 255, 0),
    }.items():
        image.paste(colour, (x, y, x + corner, y + corner))
    return image


def _camera_exif(orientation=6) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0110] = "EOS R5"  # Model
    exif[0x0131] = "Lightroom 13.1"  # Software
    if orientation:
        exif[0x0112] = orientation
    photo = exif.get_ifd(0x8769)
    photo[0xA430] = "Jane Owner"  # CameraOwnerName
    photo[0xA431] = "SN-4711-0815"  # BodySerialNumber
    photo[0xA435] = "LENS-99-1234"  # LensSerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (43.0, 19.0, 5.5)
    gps[3] = "W"
    gps[4] = (1.0, 59.0, 1.2)
    return exif


CAMERA_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/"'
    b' xmlns:exif="http://ns.adobe.com/exif/1.0/"'
    b' xmlns:dc="http://purl.org/dc/elements/1.1/">'
    b"<aux:SerialNumber>SN-4711-0815</aux:SerialNumber>"
    b"<exif:GPSLatitude>43,19.09N</exif:GPSLatitude>"
    b'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">OldCaption'
    b"</rdf:li></rdf:Alt></dc:description>"
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def _jpeg(image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def _camera_jpeg(size=(600, 400), orientation=6) -> bytes:
    return _jpeg(
        _picture(size),
        quality=90,
        exif=_camera_exif(orientation),
        icc_profile=ICC,
        comment=b"private comment",
        xmp=CAMERA_XMP,
    )


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def _old_iptc() -> bytes:
    """A Photoshop APP13 with IPTC from an earlier edit and a thumbnail."""
    dataset = b"\x1c\x02\x78" + struct.pack(">H", 10) + b"OldCaption"

    def resource(number, data):
        padding = b"\0" if len(data) % 2 else b""
        return (
            b"8BIM"
            + struct.pack(">H", number)
            + b"\0\0"
            + (struct.pack(">I", len(data)) + data + padding)
        )

    return (
        b"Photoshop 3.0\0"
        + resource(0x0404, dataset)
        + resource(0x040C, b"thumbnail of the uncropped original, Jane Owner")
    )


def _with_everything(jpeg: bytes) -> bytes:
    """Segments Exiv2 keeps through its clear_*, and a motion photo's tail."""
    extras = b"".join(
        [
            _segment(0xE1, b"http://ns.adobe.com/xmp/extension/\0extended-gps"),
            _segment(0xED, _old_iptc()),
            _segment(0xEB, b"JP\0\0c2pa-manifest"),
            _segment(0xE5, b"maker-app5 Jane Owner"),
            _segment(0xFE, b"private comment two"),
        ]
    )
    return jpeg[:2] + extras + jpeg[2:] + b"motion-photo-video"


def _scan(jpeg: bytes) -> bytes:
    """From the first SOS marker to the end of EOI, by walking the segments."""
    position = 2
    while jpeg[position + 1] != 0xDA:
        (length,) = struct.unpack_from(">H", jpeg, position + 2)
        position += 2 + length
    end = jpeg.rindex(b"\xff\xd9") + 2
    return jpeg[position:end]


def _open(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def _alternatives(value) -> dict:
    items = value["Alt"]["li"]
    items = items if isinstance(items, list) else [items]
    return {item["lang"]: item["text"] for item in items}


def _xmp_labels(image: Image.Image) -> dict:
    """What Pillow's own XMP reader finds: {field: text or {lang: text}}."""
    xmp = image.getxmp()
    if not xmp:
        return {}
    descriptions = xmp["xmpmeta"]["RDF"]["Description"]
    if not isinstance(descriptions, list):
        descriptions = [descriptions]
    found = {}
    for description in descriptions:
        for name in ("description", "rights"):
            if name in description:
                found[name] = _alternatives(description[name])
        if "Credit" in description:
            found["Credit"] = description["Credit"]
    return found


def _iptc_labels(image: Image.Image) -> dict:
    iptc = IptcImagePlugin.getiptcinfo(image) or {}
    return dict(iptc)


def _exiftool(content: bytes, tmp_path, suffix: str) -> dict | None:
    """exiftool's reading, or None where it is not installed."""
    exiftool = shutil.which("exiftool")
    if exiftool is None:
        return None
    path = tmp_path / f"exiftool-check.{suffix}"
    path.write_bytes(content)
    result = subprocess.run(
        [exiftool, "-j", "-G1", "-a", str(path)],
        capture_output=True,
        check=True,
        text=True,
    )
    return json.loads(result.stdout)[0]


def _assert_labelled(content: bytes, labels: Labels, *, iptc: bool) -> None:
    image = _open(content)
    both = {"x-default": None, labels.language: None}
    assert _xmp_labels(image) == {
        "description": dict.fromkeys(both, labels.caption),
        "rights": dict.fromkeys(both, labels.copyright),
        "Credit": labels.credit,
    }
    if iptc:
        assert _iptc_labels(image) == {
            (1, 0): b"\x00\x04",
            (1, 90): b"\x1b%G",
            (2, 0): b"\x00\x04",
            (2, 120): labels.caption.encode(),
            (2, 110): labels.credit.encode(),
            (2, 116): labels.copyright.encode(),
        }
    else:
        assert IptcImagePlugin.getiptcinfo(image) is None


def _assert_exiftool_agrees(
    content: bytes, labels: Labels, tmp_path, suffix: str, *, iptc: bool
) -> dict | None:
    found = _exiftool(content, tmp_path, suffix)
    if found is None:
        return None
    language = labels.language
    assert found["XMP-dc:Description"] == labels.caption
    assert found[f"XMP-dc:Description-{language}"] == labels.caption
    assert found["XMP-dc:Rights"] == labels.copyright
    assert found[f"XMP-dc:Rights-{language}"] == labels.copyright
    assert found["XMP-photoshop:Credit"] == labels.credit
    if iptc:
        assert found["IPTC:CodedCharacterSet"] == "UTF8"
        assert found["IPTC:Caption-Abstract"] == labels.caption
        assert found["IPTC:Credit"] == labels.credit
        assert found["IPTC:CopyrightNotice"] == labels.copyright
    # No warning about the file's structure, and nothing but what we wrote,
    # the pixels' description and the ICC profile.
    assert not [tag for tag in found if tag.endswith(":Warning")], found
    groups = {tag.split(":")[0] for tag in found if not tag.startswith("ICC")}
    assert groups <= {
        *("SourceFile", "ExifTool", "System", "File", "Composite"),
        *("JFIF", "PNG", "RIFF", "IFD0", "IPTC", "XMP-dc", "XMP-photoshop"),
    }, groups
    assert [tag for tag in found if tag.startswith("IFD0:")] in (
        [],
        ["IFD0:Orientation"],
    )
    return found


def _assert_nothing_private(content: bytes) -> None:
    for secret in SECRETS:
        assert secret not in content, secret
    image = _open(content)
    exif = image.getexif()
    assert set(exif) <= {0x0112}
    assert not exif.get_ifd(0x8825)  # GPS
    assert not exif.get_ifd(0x8769)  # Exif: serials, owner, maker notes
    assert "comment" not in image.info


def test_kazakh_caption_has_the_kazakh_letters():
    """So the Kazakh test below exercises each of them."""
    text = " ".join(vars(LABELS["kk"]).values()).lower()
    assert all(letter in text for letter in "әғқңөұүһі")


# --- Full downloads ----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_full_jpeg_keeps_the_pixels_and_only_the_orientation(language, tmp_path):
    original = _camera_jpeg()
    labels = LABELS[language]

    download = full_download(io.BytesIO(original), "JPEG", labels)

    assert isinstance(download, Download)
    assert (download.extension, download.content_type) == ("jpg", "image/jpeg")
    # As stored: the Orientation tag turns it on screen.
    assert (download.width, download.height) == (600, 400)
    assert _scan(download.content) == _scan(original)
    source, result = _open(original), _open(download.content)
    assert result.tobytes() == source.tobytes()
    assert dict(result.getexif()) == {0x0112: 6}
    assert result.info["icc_profile"] == source.info["icc_profile"] == ICC
    _assert_nothing_private(download.content)
    _assert_labelled(download.content, labels, iptc=True)
    found = _assert_exiftool_agrees(
        download.content, labels, tmp_path, "jpg", iptc=True
    )
    if found is not None:
        assert found["IFD0:Orientation"] == "Rotate 90 CW"


def test_full_jpeg_drops_what_exiv2_would_leave(tmp_path):
    """Extended XMP, old Photoshop resources, APP11, maker APPs, a trailer."""
    plain = _camera_jpeg()
    original = _with_everything(plain)
    assert Image.open(io.BytesIO(original)).tobytes() == _open(plain).tobytes()

    download = full_download(io.BytesIO(original), "JPEG", LABELS["en"])

    assert _scan(download.content) == _scan(plain)
    assert download.content.endswith(b"\xff\xd9")
    _assert_nothing_private(download.content)
    _assert_labelled(download.content, LABELS["en"], iptc=True)
    _assert_exiftool_agrees(download.content, LABELS["en"], tmp_path, "jpg", iptc=True)


def test_full_progressive_jpeg_keeps_every_scan():
    original = _jpeg(
        _picture(), quality=85, progressive=True, icc_profile=ICC, exif=_camera_exif()
    )

    download = full_download(io.BytesIO(original), "JPEG", LABELS["ru"])

    assert _scan(download.content) == _scan(original)
    assert _open(download.content).tobytes() == _open(original).tobytes()
    _assert_nothing_private(download.content)


def test_full_mpo_is_its_first_frame_as_a_jpeg():
    first = _picture()
    buffer = io.BytesIO()
    first.save(
        buffer,
        "MPO",
        save_all=True,
        append_images=[first.rotate(180)],
        exif=_camera_exif(),
        icc_profile=ICC,
    )
    original = buffer.getvalue()
    assert Image.open(io.BytesIO(original)).n_frames == 2

    download = full_download(io.BytesIO(original), "MPO", LABELS["es"])

    result = _open(download.content)
    assert (download.extension, result.format) == ("jpg", "JPEG")
    assert getattr(result, "n_frames", 1) == 1
    assert "mp" not in result.info
    source = Image.open(io.BytesIO(original))
    source.seek(0)
    assert result.tobytes() == source.convert("RGB").tobytes()
    assert dict(result.getexif()) == {0x0112: 6}
    _assert_nothing_private(download.content)
    _assert_labelled(download.content, LABELS["es"], iptc=True)


def _camera_png(orientation=8) -> bytes:
    image = _picture((300, 200)).convert("RGBA")
    alpha = Image.linear_gradient("L").rotate(90).resize(image.size)
    image.putalpha(alpha)
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Owner")
    info.add_text("Software", "Lightroom 13.1")
    info.add_itxt("Description", "OldCaption", lang="en")
    buffer = io.BytesIO()
    image.save(
        buffer,
        "PNG",
        pnginfo=info,
        icc_profile=ICC,
        exif=_camera_exif(orientation),
    )
    return buffer.getvalue()


@pytest.mark.parametrize("language", LANGUAGES)
def test_full_png_keeps_pixels_and_alpha_with_xmp_labels(language, tmp_path):
    original = _camera_png()
    labels = LABELS[language]

    download = full_download(io.BytesIO(original), "PNG", labels)

    assert (download.extension, download.content_type) == ("png", "image/png")
    assert (download.width, download.height) == (300, 200)
    result, source = _open(download.content), _open(original)
    assert result.mode == "RGBA"
    assert result.tobytes() == source.tobytes()
    assert result.info["icc_profile"] == ICC
    assert not {"Author", "Software", "Description"} & set(result.info)
    assert dict(result.getexif()) == {0x0112: 8}
    _assert_nothing_private(download.content)
    _assert_labelled(download.content, labels, iptc=False)
    _assert_exiftool_agrees(download.content, labels, tmp_path, "png", iptc=False)


def _webp(image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", **options)
    return buffer.getvalue()


@pytest.mark.parametrize("language", LANGUAGES)
def test_full_webp_keeps_pixels_with_xmp_labels(language, tmp_path):
    original = _webp(
        _picture(),
        quality=80,
        icc_profile=ICC,
        exif=_camera_exif(),
        xmp=CAMERA_XMP,
    )
    labels = LABELS[language]

    download = full_download(io.BytesIO(original), "WEBP", labels)

    assert (download.extension, download.content_type) == ("webp", "image/webp")
    assert (download.width, download.height) == (600, 400)
    result, source = _open(download.content), _open(original)
    assert result.tobytes() == source.tobytes()
    assert result.info["icc_profile"] == ICC
    assert dict(result.getexif()) == {0x0112: 6}
    _assert_nothing_private(download.content)
    _assert_labelled(download.content, labels, iptc=False)
    _assert_exiftool_agrees(download.content, labels, tmp_path, "webp", iptc=False)


def test_full_webp_without_extended_header_gets_labels_and_keeps_alpha():
    image = _picture((120, 80)).convert("RGBA")
    image.putalpha(Image.linear_gradient("L").resize(image.size))
    original = _webp(image, lossless=True)
    assert original[12:16] == b"VP8L"

    download = full_download(io.BytesIO(original), "WEBP", LABELS["kk"])

    result = _open(download.content)
    assert result.mode == "RGBA"
    assert result.tobytes() == _open(original).tobytes()
    _assert_labelled(download.content, LABELS["kk"], iptc=False)


def _heic(image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "HEIF", **options)
    return buffer.getvalue()


def _quantization(quality: int) -> dict:
    """The tables Pillow writes for a quality, to recognise it in a file."""
    return _open(_jpeg(Image.new("RGB", (16, 16)), quality=quality)).quantization


@pytest.mark.parametrize("language", LANGUAGES)
def test_full_heic_becomes_a_jpeg(language, tmp_path):
    # Given Exif bytes, pillow-heif stores orientation 6 as a HEIF rotation.
    exif = _camera_exif(6).tobytes()
    original = _heic(_picture((300, 200)), quality=90, icc_profile=ICC, exif=exif)
    labels = LABELS[language]
    shown = Image.open(io.BytesIO(original))
    shown_size = shown.size
    expected = ImageOps.exif_transpose(shown.convert("RGB"))

    download = full_download(io.BytesIO(original), "HEIF", labels)

    assert (download.extension, download.content_type) == ("jpg", "image/jpeg")
    result = _open(download.content)
    assert result.format == "JPEG"
    # Turned in the pixels (portrait), and no tag to turn it again.
    assert (download.width, download.height) == result.size == shown_size == (200, 300)
    assert 0x0112 not in result.getexif()
    assert result.quantization == _quantization(95)
    assert result.info["icc_profile"] == ICC
    assert _close(result, expected)
    _assert_nothing_private(download.content)
    _assert_labelled(download.content, labels, iptc=True)
    _assert_exiftool_agrees(download.content, labels, tmp_path, "jpg", iptc=True)


def _close(a: Image.Image, b: Image.Image, tolerance=8) -> bool:
    """The same picture through lossy encoding (a turned one is ~80 off)."""
    difference = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    return max(ImageStat.Stat(difference).mean) <= tolerance


# --- Print downloads ---------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_print_jpeg_is_turned_labelled_and_keeps_its_colour(language, tmp_path):
    original = _camera_jpeg((1200, 800), orientation=6)
    labels = LABELS[language]

    download = print_download(io.BytesIO(original), "JPEG", labels)

    assert (download.extension, download.content_type) == ("jpg", "image/jpeg")
    result = _open(download.content)
    # Small enough already: the same pixels count, turned to portrait.
    assert (download.width, download.height) == result.size == (800, 1200)
    assert dict(result.getexif()) == {}
    assert result.info["icc_profile"] == ICC
    assert result.quantization == _quantization(92)
    expected = _open(original).transpose(Image.Transpose.ROTATE_270)
    assert _close(result, expected)
    # Orientation 6: the original's bottom-left corner (blue) is now top-left.
    assert result.getpixel((5, 5))[2] > 200 > max(result.getpixel((5, 5))[:2])
    _assert_nothing_private(download.content)
    _assert_labelled(download.content, labels, iptc=True)
    found = _assert_exiftool_agrees(
        download.content, labels, tmp_path, "jpg", iptc=True
    )
    if found is not None:
        assert "IFD0:Orientation" not in found


def test_print_of_a_6000_by_4000_jpeg_has_a_3000_pixel_long_edge():
    original = _jpeg(_picture((6000, 4000)), quality=90, icc_profile=ICC)

    download = print_download(io.BytesIO(original), "JPEG", LABELS["en"])

    assert PRINT_LONG_EDGE == 3000
    assert (download.width, download.height) == _open(download.content).size
    assert (download.width, download.height) == (3000, 2000)
    assert _open(download.content).info["icc_profile"] == ICC
    _assert_labelled(download.content, LABELS["en"], iptc=True)


def test_print_long_edge_counts_after_turning():
    original = _jpeg(_picture((4000, 6000)), quality=85, exif=_camera_exif(6))

    download = print_download(io.BytesIO(original), "JPEG", LABELS["en"])

    assert (download.width, download.height) == (3000, 2000)


def test_print_of_a_1200_by_800_jpeg_is_not_upscaled():
    original = _jpeg(_picture((1200, 800)), quality=90)

    download = print_download(io.BytesIO(original), "JPEG", LABELS["es"])

    assert (download.width, download.height) == (1200, 800)
    assert "icc_profile" not in _open(download.content).info  # none invented


def test_print_png_is_composited_on_white():
    image = Image.new("RGBA", (40, 20), (200, 30, 40, 255))
    image.paste((0, 0, 0, 0), (0, 0, 10, 20))  # transparent black
    image.paste((0, 0, 0, 128), (10, 0, 20, 20))  # half-transparent black
    buffer = io.BytesIO()
    image.save(buffer, "PNG", icc_profile=ICC)

    download = print_download(io.BytesIO(buffer.getvalue()), "PNG", LABELS["ru"])

    result = _open(download.content)
    assert (result.format, result.mode, result.size) == ("JPEG", "RGB", (40, 20))
    assert all(abs(c - 255) <= 3 for c in result.getpixel((4, 10)))
    assert all(abs(c - 127) <= 4 for c in result.getpixel((14, 10)))
    assert all(
        abs(c - e) <= 4
        for c, e in zip(result.getpixel((32, 10)), (200, 30, 40), strict=True)
    )
    assert result.info["icc_profile"] == ICC
    _assert_labelled(download.content, LABELS["ru"], iptc=True)


def test_print_png_with_orientation_and_secrets(tmp_path):
    download = print_download(io.BytesIO(_camera_png(8)), "PNG", LABELS["kk"])

    result = _open(download.content)
    assert result.size == (200, 300)  # orientation 8 applied
    assert dict(result.getexif()) == {}
    _assert_nothing_private(download.content)
    _assert_exiftool_agrees(download.content, LABELS["kk"], tmp_path, "jpg", iptc=True)


def test_print_keeps_grey_and_cmyk_as_they_are():
    for mode in ("L", "CMYK"):
        original = _jpeg(_picture((200, 100)).convert(mode), quality=90)
        download = print_download(io.BytesIO(original), "JPEG", LABELS["en"])
        assert _open(download.content).mode == mode


def test_print_of_16_bit_and_transparent_grey_pngs():
    """Scaled to 8 bits, not clipped; alpha on white as in colour."""
    grey = Image.new("L", (20, 10), 100)
    deep = Image.frombytes("I;16", grey.size, (100 * 257).to_bytes(2, "little") * 200)
    with_alpha = grey.convert("LA")
    with_alpha.putalpha(0)
    for image, expected in ((deep, 100), (with_alpha, 255)):
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        download = print_download(io.BytesIO(buffer.getvalue()), "PNG", LABELS["en"])
        result = _open(download.content)
        assert result.mode == "L"
        assert abs(result.getpixel((10, 5)) - expected) <= 2


def test_print_of_webp_and_heic():
    picture = _picture((300, 200))
    for source, source_format in (
        (_webp(picture, quality=90, icc_profile=ICC), "WEBP"),
        (_heic(picture, quality=90, icc_profile=ICC), "HEIF"),
    ):
        download = print_download(io.BytesIO(source), source_format, LABELS["es"])
        result = _open(download.content)
        assert (result.format, result.size) == ("JPEG", (300, 200))
        assert result.info["icc_profile"] == ICC
        assert _close(result, picture)
        _assert_labelled(download.content, LABELS["es"], iptc=True)


# --- Labels ------------------------------------------------------------------


def test_iptc_caption_is_cut_at_2000_bytes_on_a_character_boundary():
    # 999 two-byte letters, then a three-byte one that would end past 2000.
    caption = "ә" * 999 + "€" + " — конец подписи, которую XMP хранит целиком"
    labels = Labels("kk", caption, "Сурет: Ұлан Әлиев", "© 2025 «Қазақфильм»")

    download = full_download(io.BytesIO(_camera_jpeg()), "JPEG", labels)

    result = _open(download.content)
    iptc_caption = _iptc_labels(result)[(2, 120)]
    assert iptc_caption == ("ә" * 999).encode()
    assert len(iptc_caption) == 1998
    assert _xmp_labels(result)["description"] == {"x-default": caption, "kk": caption}


def test_empty_labels_are_not_written():
    original = _camera_jpeg()

    bare = full_download(io.BytesIO(original), "JPEG", Labels("en", "", "", ""))
    credit_only = full_download(
        io.BytesIO(original), "JPEG", Labels("ru", "", "Фото: Иван Петров", "")
    )

    result = _open(bare.content)
    assert IptcImagePlugin.getiptcinfo(result) is None
    assert "xmp" not in result.info
    assert dict(result.getexif()) == {0x0112: 6}
    _assert_nothing_private(bare.content)
    result = _open(credit_only.content)
    assert _xmp_labels(result) == {"Credit": "Фото: Иван Петров"}
    iptc = _iptc_labels(result)
    assert iptc[(2, 110)] == "Фото: Иван Петров".encode()
    assert (2, 120) not in iptc and (2, 116) not in iptc


def test_texts_that_look_like_markup_or_exiv2_syntax_survive():
    """Exiv2's own value parser reads a leading "type=" or "lang=" as syntax."""
    labels = Labels(
        language="es",
        caption='lang="en" <b>Estreno</b> &amp; "fiesta"\r\nsegunda línea',
        credit="type=Bag Foto: José & Ana",
        copyright='type="Seq" © 2025 <Señal> & Cía.',
    )

    for source, source_format, iptc in (
        (_camera_jpeg(), "JPEG", True),
        (_camera_png(), "PNG", False),
    ):
        download = full_download(io.BytesIO(source), source_format, labels)
        _assert_labelled(download.content, labels, iptc=iptc)


def test_characters_xml_cannot_carry_are_dropped_from_both():
    labels = Labels("en", "Tab\there, vertical\x0btab, nul\x00.", "Photo\x1f", "")

    download = full_download(io.BytesIO(_camera_jpeg()), "JPEG", labels)

    result = _open(download.content)
    assert _xmp_labels(result)["description"]["en"] == "Tab\there, verticaltab, nul."
    assert _iptc_labels(result)[(2, 120)] == b"Tab\there, verticaltab, nul."
    assert _xmp_labels(result)["Credit"] == "Photo"


def test_a_language_that_is_no_language_tag_is_refused():
    with pytest.raises(ValueError):
        full_download(io.BytesIO(_camera_jpeg()), "JPEG", Labels('r"u', "a", "", ""))


# --- Reproducible, in memory, and refusing what is not an image ---------------


def test_the_same_photo_and_texts_give_the_same_bytes(tmp_path):
    heic = _heic(_picture((300, 200)), quality=90, icc_profile=ICC)
    sources = {
        "JPEG": _with_everything(_camera_jpeg()),
        "PNG": _camera_png(),
        "WEBP": _webp(_picture(), quality=80, icc_profile=ICC, exif=_camera_exif()),
        "HEIF": heic,
    }
    for source_format, data in sources.items():
        path = tmp_path / f"original.{source_format.lower()}"
        path.write_bytes(data)
        for make in (full_download, print_download):
            for labels in LABELS.values():
                first = make(io.BytesIO(data), source_format, labels)
                again = make(path, source_format, labels)
                assert first == again, (source_format, make.__name__)
                assert b"MetadataDate" not in first.content
                assert b"ModifyDate" not in first.content


def test_nothing_is_written_to_disk(tmp_path, monkeypatch):
    originals = tmp_path / "originals"
    originals.mkdir()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    path = originals / "photo.jpg"
    path.write_bytes(_camera_jpeg())
    png = originals / "photo.png"
    png.write_bytes(_camera_png())
    before = {p: p.read_bytes() for p in originals.iterdir()}

    for make in (full_download, print_download):
        make(str(path), "JPEG", LABELS["ru"])
        make(png, "PNG", LABELS["kk"])
        with open(path, "rb") as file:
            file.read(10)  # a file object part-read is read from its start
            assert make(file, "JPEG", LABELS["ru"]) == make(path, "JPEG", LABELS["ru"])

    assert {p: p.read_bytes() for p in originals.iterdir()} == before
    assert os.listdir(temporary) == []


@pytest.mark.parametrize(
    ("data", "source_format"),
    [
        (b"not an image at all", "JPEG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),  # cut inside the header
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "PNG"),
        (b"RIFF\x20\x00\x00\x00WEBPVP8 \xff\xff\x00\x00", "WEBP"),
    ],
)
def test_damaged_files_raise(data, source_format):
    for make in (full_download, print_download):
        with pytest.raises((ValueError, OSError)):
            make(io.BytesIO(data), source_format, LABELS["en"])


def test_a_jpeg_cut_inside_its_scan_raises():
    original = _camera_jpeg()
    with pytest.raises(ValueError):
        full_download(io.BytesIO(original[:-200]), "JPEG", LABELS["en"])


def test_formats_without_a_download_are_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "GIF")
    for make in (full_download, print_download):
        with pytest.raises(ValueError):
            make(io.BytesIO(buffer.getvalue()), "GIF", LABELS["en"])


def test_exiv2_errors_raise_after_the_module_is_imported():
    """Its log level mutes warnings only: at "mute" this write would pass."""
    import pyexiv2

    broken_exif = _segment(0xE1, b"Exif\0\0II*\0\x08\0\0\0\xff\xff" + b"\0" * 48)
    jpeg = _jpeg(Image.new("RGB", (16, 16)))
    with pytest.raises(RuntimeError):
        pyexiv2.ImageData(jpeg[:2] + broken_exif + jpeg[2:])
