"""The web sizes of an uploaded image: upright, sRGB, stripped, never upscaled.

Pure functions from an original file to encoded bytes; the models decide where
the bytes go. The original is decoded once per call; for JPEG it is decoded at
the smallest DCT scale that still covers the largest size asked for, because a
camera file at full size is 24+ megapixels of work and ~70 MB of memory.
"""

import contextlib
import io
import math
from dataclasses import dataclass

from . import open_image

FORMATS = {
    "jpeg": ("image/jpeg", "jpg"),
    "webp": ("image/webp", "webp"),
}


@dataclass(frozen=True)
class Spec:
    name: str
    width: int
    height: int | None
    crop: bool = False
    format: str = "jpeg"

    def __post_init__(self):
        # A bad spec is a programming error; fail when it is written, not when
        # the first upload meets it.
        if self.format not in FORMATS:
            raise ValueError(f"{self.name}: format {self.format!r} is not jpeg/webp")
        if self.width < 1 or (self.height is not None and self.height < 1):
            raise ValueError(f"{self.name}: width and height must be positive")
        if self.crop and self.height is None:
            raise ValueError(f"{self.name}: a crop needs a height")


@dataclass(frozen=True)
class Rendered:
    spec: Spec
    content: bytes
    width: int
    height: int
    content_type: str
    extension: str


WEB_WIDTHS = (480, 800, 1200, 1600)


def _build_specs():
    specs = [Spec("thumb-jpeg", 320, 320), Spec("thumb-webp", 320, 320, format="webp")]
    for width in WEB_WIDTHS:
        for fmt in FORMATS:
            specs.append(Spec(f"w{width}-{fmt}", width, None, format=fmt))
    specs.append(Spec("social-jpeg", 1200, 630, crop=True))
    return {spec.name: spec for spec in specs}


SPECS: dict[str, Spec] = _build_specs()

JPEG_OPTIONS = {"quality": 82, "progressive": True, "optimize": True}
WEBP_OPTIONS = {"quality": 80, "method": 4}

# A smaller rendition is resampled from an already made larger one only when
# that one is at least this many times its size: then the first resampling
# has lost nothing below the second one's Nyquist limit, so the result is not
# visibly softer than resampling the decoded original, and much cheaper.
DERIVE_GAP = 2.0
# Passed to Image.resize: box-reduce by an integer factor first when the
# remaining Lanczos step is still >= 3x (Pillow documents 3.0 as visually
# indistinguishable from a plain Lanczos); matters for large PNG/HEIC sources.
REDUCING_GAP = 3.0

_SWAPS_AXES = {5, 6, 7, 8}  # EXIF orientations that turn width into height
_ORIENTATION = 0x0112


def render(source, spec, focal=(0.5, 0.5)):
    """One rendition; for several, render_all decodes the original only once."""
    return render_all(source, [spec], focal)[0]


def render_all(source, specs, focal=(0.5, 0.5)):
    """Every spec from one decode of ``source`` (a path or a binary file).

    ``focal`` is (x, y) as fractions of the upright image. Pillow errors
    propagate: the caller has already validated the file and decides what a
    failure here means.
    """
    from PIL import ImageOps

    specs = list(specs)
    if not specs:
        return []
    with open_image(source) as original:
        jobs = None
        if original.format in ("JPEG", "MPO"):
            # EXIF sits before the pixels in a JPEG, so the upright size is
            # known before decoding, and with it the scale to decode at.
            width, height = _upright_size(original)
            jobs = [_Job(spec, width, height, focal) for spec in specs]
            need = max(job.scale for job in jobs)
            size = (math.ceil(width * need), math.ceil(height * need))
            if original.size != (width, height):
                size = size[::-1]
            # MPO: the first frame is the one open after Image.open.
            original.draft("RGB", size)
        original.load()
        ImageOps.exif_transpose(original, in_place=True)
        if jobs is None:
            # Other formats decode at full size; a PNG may keep its EXIF
            # after the pixels, so the upright size is read after loading.
            width, height = original.size
            jobs = [_Job(spec, width, height, focal) for spec in specs]
        decoded = _to_srgb(original)
        # Nothing of the original's info (EXIF, XMP, comment, ICC...) may
        # reach an output: Pillow copies .info through resize and convert,
        # and its JPEG encoder writes info["comment"] back out.
        decoded.info = {}
        return _render_jobs(decoded, width, height, jobs)


def _upright_size(image):
    width, height = image.size
    if image.getexif().get(_ORIENTATION, 1) in _SWAPS_AXES:
        return height, width
    return width, height


def srcset_widths(original_width, original_height):
    """The WEB_WIDTHS worth listing for an original this size, without upscaling.

    Give the upright size (as Rendered reports it): a portrait photo stored
    landscape with an EXIF rotation is as wide as its stored height.
    """
    if original_width < 1 or original_height < 1:
        raise ValueError("an image has a positive width and height")
    widths = [w for w in WEB_WIDTHS if w < original_width]
    largest = min(original_width, WEB_WIDTHS[-1])
    if largest not in widths:
        widths.append(largest)
    return widths


def output_size(spec_name, width, height):
    """The size of ``spec_name`` made from an upright ``width`` × ``height``
    original, without making it (share cards state it in the page)."""
    return _Job(SPECS[spec_name], width, height, (0.5, 0.5)).size


class _Job:
    """A spec's geometry, in upright full-resolution coordinates of the original."""

    def __init__(self, spec, width, height, focal):
        self.spec = spec
        if spec.crop:
            self.box = _crop_box(width, height, spec.width / spec.height, focal)
            box_w = self.box[2] - self.box[0]
            out_w = min(spec.width, max(1, math.floor(box_w + 1e-6)))
            out_h = max(1, round(out_w * spec.height / spec.width))
        else:
            self.box = (0, 0, width, height)
            scale = min(1.0, spec.width / width)
            if spec.height is not None:
                scale = min(scale, spec.height / height)
            out_w = max(1, round(width * scale))
            out_h = max(1, round(height * scale))
        self.size = (out_w, out_h)
        self.full_frame = not spec.crop
        # How many output pixels per original pixel, the larger of x and y.
        self.scale = max(
            out_w / (self.box[2] - self.box[0]), out_h / (self.box[3] - self.box[1])
        )


def _crop_box(width, height, aspect, focal):
    """The largest window of ``aspect`` centred on ``focal``, kept inside the image."""
    if width / height > aspect:
        crop_w, crop_h = height * aspect, float(height)
    else:
        crop_w, crop_h = float(width), width / aspect
    fx = min(max(float(focal[0]), 0.0), 1.0)
    fy = min(max(float(focal[1]), 0.0), 1.0)
    left = min(max(fx * width - crop_w / 2, 0.0), width - crop_w)
    top = min(max(fy * height - crop_h / 2, 0.0), height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


def _to_srgb(im):
    """RGB or RGBA in sRGB, with alpha only where some pixel is not opaque."""
    from PIL import ImageCms

    icc = im.info.get("icc_profile")
    alpha = None
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info:
        im = im.convert("RGBA" if im.mode not in ("LA", "La") else "LA")
        alpha = im.getchannel("A")
        if alpha.getextrema() == (255, 255):
            alpha = None
        im = im.convert("RGB" if im.mode == "RGBA" else "L")
    elif im.mode.startswith("I") or im.mode == "F":
        # 16-bit greyscale (PNG, TIFF): Pillow's convert to L clips at 255
        # instead of scaling, which would turn the photo white.
        wide = im.convert("F" if im.mode == "F" else "I")
        if im.mode.startswith("I;16") or wide.getextrema()[1] > 255:
            wide = wide.point(lambda v: v / 256)
        im = wide.convert("L")
    elif im.mode not in ("RGB", "L", "CMYK"):
        im = im.convert("RGB")
    if icc:
        # A corrupt profile, or one that does not fit the pixels (a LAB or
        # RGB profile on a greyscale file): the pixels are taken as sRGB
        # rather than an image refused that a browser would show.
        with contextlib.suppress(OSError, ImageCms.PyCMSError):
            im = ImageCms.profileToProfile(
                im,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                _srgb_profile(),
                outputMode="RGB",
            )
    if im.mode != "RGB":
        im = im.convert("RGB")  # CMYK without a profile, greyscale
    if alpha is not None:
        im.putalpha(alpha)
    return im


_SRGB = None


def _srgb_profile():
    from PIL import ImageCms

    global _SRGB
    if _SRGB is None:
        _SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return _SRGB


def _render_jobs(decoded, width, height, jobs):
    from PIL import Image

    # Sources a job may be resampled from: the decoded image and every
    # full-frame rendition made so far (before JPEG flattening), each with
    # its size relative to the upright original.
    sources = [(decoded, decoded.width / width, decoded.height / height)]
    made = {}
    for job in sorted(jobs, key=lambda job: -job.scale):
        key = (job.box, job.size)
        if key in made:
            continue
        image, sx, sy = _pick_source(sources, job)
        x0, y0, x1, y1 = job.box
        box = (x0 * sx, y0 * sy, x1 * sx, y1 * sy)
        made[key] = image.resize(
            job.size,
            Image.Resampling.LANCZOS,
            box=box,
            reducing_gap=REDUCING_GAP,
        )
        if job.full_frame:
            sources.append((made[key], job.size[0] / width, job.size[1] / height))
    return [_encode(job.spec, made[(job.box, job.size)]) for job in jobs]


def _pick_source(sources, job):
    box_w, box_h = job.box[2] - job.box[0], job.box[3] - job.box[1]
    need_x, need_y = job.size[0] / box_w, job.size[1] / box_h
    fits = [
        source
        for source in sources[1:]
        if source[1] >= DERIVE_GAP * need_x and source[2] >= DERIVE_GAP * need_y
    ]
    if not fits:
        return sources[0]
    return min(fits, key=lambda source: source[0].width * source[0].height)


def _encode(spec, image):
    from PIL import Image

    # No ICC profile is embedded: the pixels are sRGB, which the web assumes
    # for untagged images, and the small renditions stay smaller.
    buffer = io.BytesIO()
    if spec.format == "jpeg":
        if image.mode == "RGBA":
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        image.save(buffer, "JPEG", **JPEG_OPTIONS)
    else:
        image.save(buffer, "WEBP", **WEBP_OPTIONS)
    content_type, extension = FORMATS[spec.format]
    return Rendered(
        spec=spec,
        content=buffer.getvalue(),
        width=image.width,
        height=image.height,
        content_type=content_type,
        extension=extension,
    )
