"""Renditions: sizes, orientation, colour, metadata, transparency, crops.

Every image is made here with Pillow, so a failure shows the exact input.
"""

import io
import struct
import time

import pytest
from PIL import Image, ImageChops, ImageCms, ImageDraw, ImageStat
from PIL.JpegImagePlugin import JpegImageFile

from articles.imaging import register_heif
from articles.imaging.renditions import (
    SPECS,
    WEB_WIDTHS,
    Rendered,
    Spec,
    render,
    render_all,
    srcset_widths,
)

# The tests encode HEIC files themselves, so Pillow must save HEIF here; the
# code under test registers the opener on its own before it opens a HEIC
# (tests/test_worker_memory.py checks that in a fresh process).
register_heif()

RED = (220, 20, 20)
GREEN = (20, 200, 40)
BLUE = (20, 40, 220)
GREY = (128, 128, 128)


def encode(image, fmt="JPEG", **params):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    buffer.seek(0)
    return buffer


def opened(rendered):
    image = Image.open(io.BytesIO(rendered.content))
    image.load()
    return image


def close_to(pixel, colour, tolerance=30):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=False))


def by_name(renditions):
    return {r.spec.name: r for r in renditions}


@pytest.fixture(scope="module")
def camera_jpeg():
    """A 6000x4000 JPEG, as a 24 MP camera writes: gradients, shapes, noise."""
    ramp = Image.linear_gradient("L").resize((6000, 4000))
    noise = Image.effect_noise((6000, 4000), 20)
    image = Image.merge(
        "RGB", (ramp, ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT), noise)
    )
    draw = ImageDraw.Draw(image)
    for i in range(0, 6000, 400):
        draw.ellipse((i, i // 2, i + 300, i // 2 + 300), fill=RED, outline=BLUE)
    return encode(image, quality=90).getvalue()


# Sizes


def expected_size(spec, width, height):
    if spec.crop:
        return spec.width, spec.height
    scale = min(1, spec.width / width, (spec.height or height) / height)
    return round(width * scale), round(height * scale)


def test_every_spec_on_a_camera_sized_jpeg(camera_jpeg):
    started = time.perf_counter()
    renditions = render_all(io.BytesIO(camera_jpeg), SPECS.values())
    elapsed = time.perf_counter() - started
    print(f"\n6000x4000 JPEG, {len(renditions)} renditions: {elapsed:.2f} s")

    assert [r.spec for r in renditions] == list(SPECS.values())
    sizes = {r.spec.name: (r.width, r.height) for r in renditions}
    assert sizes == {
        "thumb-jpeg": (320, 213),
        "thumb-webp": (320, 213),
        "w480-jpeg": (480, 320),
        "w480-webp": (480, 320),
        "w800-jpeg": (800, 533),
        "w800-webp": (800, 533),
        "w1200-jpeg": (1200, 800),
        "w1200-webp": (1200, 800),
        "w1600-jpeg": (1600, 1067),
        "w1600-webp": (1600, 1067),
        "social-jpeg": (1200, 630),
    }
    for rendered in renditions:
        image = opened(rendered)
        assert image.size == (rendered.width, rendered.height)
        assert image.mode == "RGB"
        if rendered.spec.format == "jpeg":
            assert (image.format, rendered.content_type) == ("JPEG", "image/jpeg")
            assert rendered.extension == "jpg"
            assert image.info.get("progressive")
        else:
            assert (image.format, rendered.content_type) == ("WEBP", "image/webp")
            assert rendered.extension == "webp"
    # Loose: a full-size decode of every spec would still pass; the draft
    # test below is the one that pins the reduced decode.
    assert elapsed < 10


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(camera_jpeg, monkeypatch):
    decoded_sizes = []
    draft = JpegImageFile.draft

    def spy(self, mode, size):
        result = draft(self, mode, size)
        decoded_sizes.append(self.size)
        return result

    monkeypatch.setattr(JpegImageFile, "draft", spy)
    render_all(io.BytesIO(camera_jpeg), [SPECS["thumb-jpeg"], SPECS["thumb-webp"]])
    render_all(io.BytesIO(camera_jpeg), SPECS.values())
    # 320 px from 6000 needs 1/8; 1600 px still only needs 1/2.
    assert decoded_sizes == [(750, 500), (3000, 2000)]


def test_a_smaller_rendition_made_from_a_larger_one_looks_the_same(camera_jpeg):
    # In render_all the thumbnail is resampled from the 800 px rendition; alone
    # it comes straight from the decode.
    together = by_name(render_all(io.BytesIO(camera_jpeg), SPECS.values()))
    alone = render(io.BytesIO(camera_jpeg), SPECS["thumb-webp"])
    difference = ImageChops.difference(opened(together["thumb-webp"]), opened(alone))
    assert max(ImageStat.Stat(difference).mean) < 3


def test_render_is_render_all_of_one(camera_jpeg, tmp_path):
    path = tmp_path / "camera.jpg"
    path.write_bytes(camera_jpeg)
    from_path = render(path, SPECS["w480-webp"])
    from_file = render_all(io.BytesIO(camera_jpeg), [SPECS["w480-webp"]])[0]
    assert isinstance(from_path, Rendered)
    assert from_path == from_file


def test_no_specs_no_work():
    assert render_all(io.BytesIO(b"not even an image"), []) == []


def test_output_is_the_same_bytes_every_time():
    image = Image.radial_gradient("L").resize((900, 700)).convert("RGB")
    ImageDraw.Draw(image).rectangle((100, 100, 400, 300), fill=RED)
    source = encode(image).getvalue()
    first = render_all(io.BytesIO(source), SPECS.values())
    second = render_all(io.BytesIO(source), SPECS.values())
    assert [r.content for r in first] == [r.content for r in second]


# Never upscaled


def test_a_small_original_is_never_upscaled():
    source = encode(Image.new("RGB", (300, 200), GREY)).getvalue()
    sizes = {
        r.spec.name: (r.width, r.height)
        for r in render_all(io.BytesIO(source), SPECS.values())
    }
    for name, size in sizes.items():
        if name != "social-jpeg":
            assert size == (300, 200), name
    assert sizes["social-jpeg"] == (300, 158)


@pytest.mark.parametrize(
    ("size", "expected"),
    [((600, 400), (600, 315)), ((500, 1000), (500, 262)), ((1200, 630), (1200, 630))],
)
def test_a_crop_of_a_small_original_keeps_the_aspect_ratio(size, expected):
    source = encode(Image.new("RGB", size, GREY))
    rendered = render(source, SPECS["social-jpeg"])
    assert (rendered.width, rendered.height) == expected
    assert rendered.width / rendered.height == pytest.approx(1200 / 630, rel=0.01)


def test_the_thumbnail_box_limits_a_portrait_by_its_height():
    source = encode(Image.new("RGB", (1000, 3000), GREY))
    rendered = render(source, SPECS["thumb-jpeg"])
    assert (rendered.width, rendered.height) == (107, 320)


# Orientation


def upright_with_red_corner(size=(300, 400)):
    image = Image.new("RGB", size, GREY)
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 4, size[1] // 4), fill=RED)
    return image


def stored_with_orientation_6(upright, fmt="JPEG"):
    """As a phone saves it: pixels lying on their side, and a tag saying so."""
    # Orientation 6 means "rotate 90 degrees clockwise to show".
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    return encode(stored, fmt, exif=exif.tobytes())


def test_exif_orientation_is_applied():
    source = stored_with_orientation_6(upright_with_red_corner()).getvalue()
    assert Image.open(io.BytesIO(source)).size == (400, 300)
    for rendered in render_all(io.BytesIO(source), SPECS.values()):
        image = opened(rendered).convert("RGB")
        w, h = image.size
        if rendered.spec.crop:
            # A centred crop of a portrait misses the corner; the focal point
            # tests below place crops.
            assert (w, h) == (300, 158)
            continue
        assert w / h == pytest.approx(3 / 4, abs=0.01), rendered.spec.name
        assert w <= 300
        assert close_to(image.getpixel((2, 2)), RED), rendered.spec.name
        for corner in ((w - 3, 2), (2, h - 3), (w - 3, h - 3)):
            assert close_to(image.getpixel(corner), GREY), rendered.spec.name


def test_orientation_in_a_png_is_applied():
    source = stored_with_orientation_6(upright_with_red_corner(), "PNG")
    image = opened(render(source, SPECS["w800-webp"]))
    assert image.size == (300, 400)
    assert close_to(image.getpixel((2, 2)), RED)


def test_the_focal_point_is_in_upright_coordinates():
    # Upright 1000x2000 with a blue block at the top; stored on its side.
    upright = Image.new("RGB", (1000, 2000), GREY)
    ImageDraw.Draw(upright).rectangle((0, 0, 999, 120), fill=BLUE)
    source = stored_with_orientation_6(upright).getvalue()
    top = opened(render(io.BytesIO(source), SPECS["social-jpeg"], focal=(0.5, 0.05)))
    bottom = opened(render(io.BytesIO(source), SPECS["social-jpeg"], focal=(0.5, 0.9)))
    assert top.size == bottom.size == (1000, 525)
    assert close_to(top.getpixel((500, 10)), BLUE)
    assert close_to(bottom.getpixel((500, 10)), GREY)


def test_mpo_renders_its_first_frame():
    first = Image.new("RGB", (800, 600), RED)
    second = Image.new("RGB", (800, 600), BLUE)
    source = encode(first, "MPO", save_all=True, append_images=[second])
    assert Image.open(source).format == "MPO"
    source.seek(0)
    renditions = render_all(source, [SPECS["w480-jpeg"], SPECS["thumb-webp"]])
    for rendered in renditions:
        assert close_to(opened(rendered).getpixel((10, 10)), RED)
    assert (renditions[0].width, renditions[0].height) == (480, 360)


def test_heic_renders():
    image = upright_with_red_corner((640, 480))
    source = encode(image, "HEIF", quality=90)
    assert Image.open(source).format == "HEIF"
    source.seek(0)
    renditions = by_name(render_all(source, SPECS.values()))
    assert (renditions["w480-jpeg"].width, renditions["w480-jpeg"].height) == (480, 360)
    assert (renditions["w800-webp"].width, renditions["w800-webp"].height) == (640, 480)
    assert close_to(opened(renditions["thumb-jpeg"]).getpixel((3, 3)), RED)


# Colour


def profile_with_red_and_green_swapped():
    """sRGB, except that the file's red channel means sRGB green and back.

    A conversion that honours the profile turns pure red into green, which no
    rounding or gamma difference could do by accident.
    """
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (count,) = struct.unpack(">I", data[128:132])
    entries = {}
    for i in range(count):
        at = 132 + 12 * i
        entries[bytes(data[at : at + 4])] = at
    red, green = entries[b"rXYZ"], entries[b"gXYZ"]
    data[red + 4 : red + 12], data[green + 4 : green + 12] = (
        data[green + 4 : green + 12],
        data[red + 4 : red + 12],
    )
    data[84:100] = bytes(16)  # the profile ID, an MD5 that no longer matches
    return bytes(data)


def srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def test_pixels_are_converted_to_srgb_by_their_profile():
    image = Image.new("RGB", (400, 300), (255, 0, 0))
    source = encode(image, quality=95, icc_profile=profile_with_red_and_green_swapped())
    for rendered in render_all(source, [SPECS["w480-jpeg"], SPECS["w480-webp"]]):
        output = opened(rendered)
        assert close_to(output.getpixel((200, 150)), (0, 255, 0), 12)
        assert "icc_profile" not in output.info


def test_an_srgb_profile_leaves_colours_alone():
    image = Image.new("RGB", (400, 300), (200, 100, 50))
    source = encode(image, "PNG", icc_profile=srgb_profile())
    output = opened(render(source, SPECS["w480-webp"]))
    assert close_to(output.getpixel((200, 150)), (200, 100, 50), 4)


@pytest.mark.parametrize(
    "icc",
    [
        b"not a profile" * 20,
        ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes(),
    ],
    ids=["corrupt", "lab-on-rgb"],
)
def test_a_profile_that_cannot_be_used_is_ignored(icc):
    image = Image.new("RGB", (400, 300), (200, 100, 50))
    source = encode(image, "PNG", icc_profile=icc)
    output = opened(render(source, SPECS["w480-jpeg"]))
    assert close_to(output.getpixel((200, 150)), (200, 100, 50), 6)


def test_a_cmyk_jpeg_becomes_rgb():
    image = Image.new("CMYK", (400, 300), (0, 255, 255, 0))  # red ink
    source = encode(image, quality=95)
    assert Image.open(source).mode == "CMYK"
    source.seek(0)
    for rendered in render_all(source, [SPECS["w480-jpeg"], SPECS["w480-webp"]]):
        output = opened(rendered)
        assert output.mode == "RGB"
        assert close_to(output.getpixel((200, 150)), (255, 0, 0), 10)


@pytest.mark.parametrize(("mode", "fmt"), [("I;16", "PNG"), ("I", "TIFF")])
def test_sixteen_bit_greyscale_keeps_its_tones(mode, fmt):
    image = Image.new(mode, (400, 300))
    ImageDraw.Draw(image).rectangle((0, 0, 199, 299), fill=32768)
    output = opened(render(encode(image, fmt), SPECS["w480-jpeg"]))
    assert close_to(output.getpixel((50, 150)), (128, 128, 128), 4)
    assert close_to(output.getpixel((350, 150)), (0, 0, 0), 4)


# Metadata


def jpeg_segments(data):
    """(marker, payload start) of every segment before the scan data."""
    assert data[:2] == b"\xff\xd8"
    segments, at = [], 2
    while at < len(data):
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: the rest is pixels
            break
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        segments.append((marker, data[at + 4 : at + 2 + length]))
        at += 2 + length
    return segments


def webp_chunks(data):
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    chunks, at = [], 12
    while at < len(data):
        name, length = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        chunks.append(name)
        at += 8 + length + (length & 1)
    return chunks


@pytest.mark.parametrize("with_profile", [False, True], ids=["plain", "icc"])
def test_no_metadata_reaches_a_rendition(with_profile):
    # Without a profile to convert by, the decoded image itself is resized,
    # and Pillow would carry its comment into every JPEG.
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0132] = "2024:05:01 10:00:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (43.0, 19.0, 12.0)
    gps[3], gps[4] = "E", (1.0, 59.0, 6.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    source = encode(
        Image.new("RGB", (1000, 700), GREY),
        exif=exif.tobytes(),
        xmp=xmp,
        comment=b"secret location",
        icc_profile=srgb_profile() if with_profile else None,
    ).getvalue()
    original_markers = {marker for marker, _ in jpeg_segments(source)}
    assert {0xE1, 0xFE} <= original_markers  # EXIF and XMP, comment
    assert (0xE2 in original_markers) == with_profile  # ICC
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(0x8825)

    for rendered in render_all(io.BytesIO(source), SPECS.values()):
        output = opened(rendered)
        assert not output.getexif(), rendered.spec.name
        for key in ("exif", "xmp", "comment", "icc_profile"):
            assert key not in output.info, (rendered.spec.name, key)
        if rendered.spec.format == "jpeg":
            markers = {marker for marker, _ in jpeg_segments(rendered.content)}
            # APP0 (JFIF) is all there is besides the tables
            assert not markers & ({0xFE} | set(range(0xE1, 0xF0)))
        else:
            assert set(webp_chunks(rendered.content)) <= {b"VP8 ", b"VP8L", b"VP8X"}
        assert b"secret" not in rendered.content
        assert b"PhoneMaker" not in rendered.content


# Transparency


def half_transparent(mode):
    """Left half transparent, right half opaque blue, in ``mode``."""
    image = Image.new("RGBA", (400, 200), (255, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((200, 0, 399, 199), fill=(*BLUE, 255))
    if mode == "LA":
        return image.convert("LA")
    if mode == "P":
        return image.convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
    return image


@pytest.mark.parametrize(
    ("mode", "fmt"), [("RGBA", "PNG"), ("LA", "PNG"), ("P", "PNG")]
)
def test_transparency_becomes_white_in_jpeg(mode, fmt):
    image = half_transparent(mode)
    if mode == "P":
        # Pillow's quantizer keeps alpha in the palette; the file says which
        # index is transparent.
        transparent = image.getpixel((10, 10))
        source = encode(image, fmt, transparency=transparent)
    else:
        source = encode(image, fmt)
    output = opened(render(source, SPECS["w480-jpeg"]))
    assert output.mode == "RGB"
    assert close_to(output.getpixel((50, 100)), (255, 255, 255), 4)
    assert not close_to(output.getpixel((350, 100)), (255, 255, 255), 40)


def test_webp_keeps_alpha():
    source = encode(half_transparent("RGBA"), "WEBP", lossless=True)
    output = opened(render(source, SPECS["w480-webp"]))
    assert output.mode == "RGBA"
    assert output.getpixel((50, 100))[3] == 0
    assert close_to(output.getpixel((350, 100)), (*BLUE, 255), 10)


def test_an_alpha_channel_nobody_uses_is_dropped():
    source = encode(Image.new("RGBA", (400, 200), (*GREEN, 255)), "PNG")
    assert opened(render(source, SPECS["w480-webp"])).mode == "RGB"


# Focal point


@pytest.fixture(scope="module")
def block_at_far_right():
    image = Image.new("RGB", (2000, 1000), GREY)
    ImageDraw.Draw(image).rectangle((1940, 400, 1999, 600), fill=GREEN)
    return encode(image, quality=95).getvalue()


def contains_green(image):
    return any(
        close_to(image.getpixel((x, y)), GREEN, 40)
        for x in range(image.width - 80, image.width)
        for y in range(0, image.height, 5)
    )


def test_the_crop_follows_the_focal_point(block_at_far_right):
    near = render(io.BytesIO(block_at_far_right), SPECS["social-jpeg"], (0.95, 0.5))
    far = render(io.BytesIO(block_at_far_right), SPECS["social-jpeg"], (0.05, 0.5))
    assert (near.width, near.height) == (far.width, far.height) == (1200, 630)
    assert contains_green(opened(near))
    assert not contains_green(opened(far))


def test_the_crop_is_clamped_inside_the_image(block_at_far_right):
    # A focal point beyond the edge still gives a full-size crop at that edge.
    beyond = render(io.BytesIO(block_at_far_right), SPECS["social-jpeg"], (1.5, 0.5))
    near = render(io.BytesIO(block_at_far_right), SPECS["social-jpeg"], (0.95, 0.5))
    assert beyond.content == near.content


# Errors and specs


def test_a_pillow_error_reaches_the_caller():
    truncated = encode(Image.new("RGB", (400, 300), GREY)).getvalue()[:300]
    with pytest.raises(OSError):
        render(io.BytesIO(truncated), SPECS["w480-jpeg"])


@pytest.mark.parametrize(
    "arguments",
    [
        {"name": "x", "width": 100, "height": None, "format": "png"},
        {"name": "x", "width": 0, "height": None},
        {"name": "x", "width": 100, "height": None, "crop": True},
    ],
)
def test_a_bad_spec_is_refused_when_written(arguments):
    with pytest.raises(ValueError):
        Spec(**arguments)


def test_the_site_specs():
    assert WEB_WIDTHS == (480, 800, 1200, 1600)
    assert set(SPECS) == {
        "thumb-jpeg",
        "thumb-webp",
        "social-jpeg",
        *(f"w{w}-{fmt}" for w in WEB_WIDTHS for fmt in ("jpeg", "webp")),
    }
    assert all(name == spec.name for name, spec in SPECS.items())
    assert SPECS["social-jpeg"] == Spec("social-jpeg", 1200, 630, crop=True)
    assert SPECS["thumb-webp"] == Spec("thumb-webp", 320, 320, format="webp")


# srcset


@pytest.mark.parametrize(
    ("size", "widths"),
    [
        ((6000, 4000), [480, 800, 1200, 1600]),
        ((1600, 900), [480, 800, 1200, 1600]),
        ((1000, 700), [480, 800, 1000]),
        ((800, 600), [480, 800]),
        ((300, 200), [300]),
    ],
)
def test_srcset_widths(size, widths):
    assert srcset_widths(*size) == widths


def test_srcset_of_a_rotated_photo_uses_its_upright_width():
    # Stored 1000x600 on its side: upright it is 600 wide.
    source = stored_with_orientation_6(Image.new("RGB", (600, 1000), GREY))
    assert Image.open(source).size == (1000, 600)
    source.seek(0)
    rendered = render(source, SPECS["w1200-jpeg"])
    assert (rendered.width, rendered.height) == (600, 1000)
    assert srcset_widths(rendered.width, rendered.height) == [480, 600]


def test_a_rotated_heic_is_not_rotated_twice():
    # pillow-heif applies the rotation while decoding and resets the tag to 1.
    source = stored_with_orientation_6(upright_with_red_corner(), "HEIF")
    image = opened(render(source, SPECS["w800-jpeg"]))
    assert image.size == (300, 400)
    assert close_to(image.getpixel((2, 2)), RED)
