"""The files a journalist downloads: private metadata gone, our labels written in.

A full download keeps the photographer's pixels bit for bit (JPEG, PNG, WebP):
only the metadata around them is rebuilt. The container is first cut down to
the parts that carry pixels and colour, because Exiv2's ``clear_*`` leaves
whatever it does not model (extended XMP, other Photoshop resources, maker
APP segments, PNG text chunks, data after the JPEG's end such as MPO frames
or a motion photo's video). Into the clean bytes pyexiv2 writes the
Orientation tag and the IPTC, and we add our own XMP packet; all in memory.

The outputs are byte-for-byte reproducible, so a press kit rebuilt from the
same photo and texts is the same file.
"""

from __future__ import annotations

import functools
import io
import os
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import open_image

if TYPE_CHECKING:
    from PIL import Image

PRINT_LONG_EDGE = 3000

FULL_JPEG_QUALITY = 95
PRINT_JPEG_QUALITY = 92

# IPTC-IIM's limit for 2:120 Caption/Abstract, in bytes.
IPTC_CAPTION_BYTES = 2000

# Pillow's key for the Orientation tag.
ORIENTATION = 0x0112


@functools.cache
def _exiv2():
    """pyexiv2 (and Exiv2), imported for the first download written, not when
    this module is: a worker that only serves pages never loads it."""
    import pyexiv2

    # Level 3 (errors only): warnings would go to the server's stdout, and at
    # level 4 ("mute") pyexiv2 never sees Exiv2's errors, so writes that failed
    # would pass silently. The setting is process-wide.
    pyexiv2.set_log_level(3)
    return pyexiv2


@dataclass(frozen=True)
class Labels:
    language: str  # "en", "ru", "kk", "es"
    caption: str  # may be ""
    credit: str  # may be ""
    copyright: str  # may be ""


@dataclass(frozen=True)
class Download:
    content: bytes
    extension: str  # "jpg" / "png" / "webp"
    content_type: str
    width: int  # pixels as stored
    height: int


def full_download(source, source_format: str, labels: Labels) -> Download:
    """The original at full size, its pixels untouched where the format allows."""
    data = _read(source)
    if source_format == "HEIF":
        # Not every newsroom can open HEIC; a JPEG this good loses nothing seen.
        return _converted(data, labels, long_edge=None, quality=FULL_JPEG_QUALITY)
    strip, extension = _STRIPPERS.get(source_format, (None, None))
    if strip is None:
        raise ValueError(f"No full download for format {source_format!r}")
    orientation = _orientation(data)
    content = _labelled(strip(data), extension, labels, orientation)
    return _download(content, extension)


def print_download(source, source_format: str, labels: Labels) -> Download:
    """A JPEG small enough to mail, large enough to print, in the original colour."""
    if source_format not in (*_STRIPPERS, "HEIF"):
        raise ValueError(f"No print download for format {source_format!r}")
    data = _read(source)
    return _converted(
        data, labels, long_edge=PRINT_LONG_EDGE, quality=PRINT_JPEG_QUALITY
    )


def _read(source) -> bytes:
    if isinstance(source, str | os.PathLike):
        return Path(source).read_bytes()
    if source.seekable():
        source.seek(0)
    return source.read()


def _download(content: bytes, extension: str) -> Download:
    from PIL import Image

    with Image.open(io.BytesIO(content)) as image:
        width, height = image.size
    return Download(
        content=content,
        extension=extension,
        content_type=_CONTENT_TYPES[extension],
        width=width,
        height=height,
    )


_CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def _orientation(data: bytes) -> int | None:
    """Pillow's reading, so a full download turns the way its print download does."""
    from PIL import Image

    with open_image(io.BytesIO(data)) as image:
        if image.format != "PNG":
            return _orientation_of(image)
        exif = next(
            (
                data[start + 8 : end - 4]
                for kind, start, end in _png_chunks(data)
                if kind == b"eXIf"
            ),
            None,
        )
        if exif is not None:
            found = Image.Exif()
            found.load(exif)
        else:
            # Pillow's PNG getexif() decodes every pixel first, to look for an
            # eXIf after them; the base class reads the chunks before them
            # (ImageMagick's text copy of Exif, XMP's tiff:Orientation).
            found = Image.Image.getexif(image)
        return _valid_orientation(found.get(ORIENTATION))


def _orientation_of(image: Image.Image) -> int | None:
    return _valid_orientation(image.getexif().get(ORIENTATION))


def _valid_orientation(value) -> int | None:
    return value if value in range(1, 9) else None


# --- Converted downloads (print, and HEIF at full size) ---------------------


def _converted(
    data: bytes, labels: Labels, *, long_edge: int | None, quality: int
) -> Download:
    from PIL import Image

    buffer = io.BytesIO()
    with open_image(io.BytesIO(data)) as original:
        if long_edge is not None and original.format in ("JPEG", "MPO"):
            # Decoded at the scale the print size needs (a 6000 px still at
            # half size): a quarter of the memory, and DCT scaling is sharp.
            original.draft(original.mode, _fitted(original.size, long_edge))
        original.load()
        icc_profile = original.info.get("icc_profile")
        image = _flattened(original)
        if long_edge is not None:
            size = _fitted(image.size, long_edge)
            if size != image.size:
                image = image.resize(size, Image.Resampling.LANCZOS)
        image = _transposed(image, _orientation_of(original))
        image.info = {}  # Pillow would copy a JPEG comment from here into the file.
        image.save(
            buffer,
            "JPEG",
            quality=quality,
            # 4:4:4: coloured text and edges stay sharp in print.
            subsampling=0,
            optimize=True,
            icc_profile=icc_profile or None,
        )
    # Stripped like an original, so nothing Pillow adds on its own survives.
    content = _labelled(_jpeg_stripped(buffer.getvalue()), "jpg", labels, None)
    return _download(content, "jpg")


# Orientation -> Image.Transpose, as ImageOps.exif_transpose applies it.
_TRANSPOSE = {
    2: "FLIP_LEFT_RIGHT",
    3: "ROTATE_180",
    4: "FLIP_TOP_BOTTOM",
    5: "TRANSPOSE",
    6: "ROTATE_270",
    7: "TRANSVERSE",
    8: "ROTATE_90",
}


def _transposed(image: Image.Image, orientation: int | None) -> Image.Image:
    """Turned after resizing: the same pixels as exif_transpose first, less work."""
    from PIL import Image

    method = _TRANSPOSE.get(orientation)
    return image if method is None else image.transpose(Image.Transpose[method])


def _fitted(size: tuple[int, int], long_edge: int) -> tuple[int, int]:
    """Never upscaled; otherwise the long edge is exactly ``long_edge``."""
    width, height = size
    if max(width, height) <= long_edge:
        return size
    if width >= height:
        return long_edge, max(1, round(height * long_edge / width))
    return max(1, round(width * long_edge / height)), long_edge


_SIXTEEN_BIT_GREY = {"I", "I;16", "I;16L", "I;16B", "I;16N"}


def _flattened(image: Image.Image) -> Image.Image:
    """A JPEG mode in the same colour space, so the ICC profile still applies."""
    from PIL import Image

    if image.mode in ("RGB", "L", "CMYK"):
        return image
    if image.mode in _SIXTEEN_BIT_GREY:
        # Scaled, not clipped: convert("L") would turn most of it white.
        return image.convert("I").point(lambda value: value / 257).convert("L")
    if image.has_transparency_data:
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        flat = Image.alpha_composite(white, image.convert("RGBA"))
        return flat.convert("L" if image.mode in ("LA", "La", "L", "1") else "RGB")
    return image.convert("L" if image.mode == "1" else "RGB")


# --- Containers cut down to pixels and colour --------------------------------

_JPEG_SOS = 0xDA
_JPEG_EOI = 0xD9
# Inside entropy-coded data, 0xFF is followed by 0x00 (stuffing), a restart
# marker or more 0xFF fill; any other byte starts the next marker.
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def _jpeg_kept(marker: int, payload: bytes) -> bytes | None:
    """The payload to keep, or None. Non-APP segments are the image itself."""
    if marker == 0xFE:  # COM
        return None
    if not 0xE0 <= marker <= 0xEF:
        return payload
    if marker == 0xE0 and payload.startswith(b"JFIF\0") and len(payload) >= 14:
        # Density kept; an embedded thumbnail could show the uncropped original.
        return payload[:12] + b"\0\0"
    if marker == 0xE2 and payload.startswith(b"ICC_PROFILE\0"):
        return payload
    if marker == 0xEE and payload.startswith(b"Adobe") and len(payload) >= 12:
        # Its transform flag says how the decoder reads the colour channels.
        return payload[:12]
    return None


def _jpeg_stripped(data: bytes) -> bytes:
    """The first image's segments that decode it, then its scans, verbatim."""
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("Not a JPEG")
    parts = [b"\xff\xd8"]
    position = 2
    while True:
        if position >= len(data) or data[position] != 0xFF:
            raise ValueError("Damaged JPEG: a marker was expected")
        while position < len(data) and data[position] == 0xFF:
            position += 1
        if position >= len(data):
            raise ValueError("Damaged JPEG: it ends inside a marker")
        marker = data[position]
        position += 1
        if marker == _JPEG_EOI:
            parts.append(b"\xff\xd9")
            # Anything after it (MPO frames, a motion photo's video) is dropped.
            return b"".join(parts)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            parts.append(bytes((0xFF, marker)))
            continue
        if position + 2 > len(data):
            raise ValueError("Damaged JPEG: it ends inside a segment")
        (length,) = struct.unpack_from(">H", data, position)
        end = position + length
        if length < 2 or end > len(data):
            raise ValueError("Damaged JPEG: a segment runs past the end")
        kept = _jpeg_kept(marker, data[position + 2 : end])
        if kept is not None:
            parts.append(struct.pack(">BBH", 0xFF, marker, len(kept) + 2) + kept)
        position = end
        if marker == _JPEG_SOS:
            found = _NEXT_MARKER.search(data, position)
            if found is None:
                raise ValueError("Damaged JPEG: no end of image")
            parts.append(data[position : found.start()])
            position = found.start()


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Pixels, colour and physical size; text, eXIf, tIME and private chunks go.
_PNG_KEPT = {
    b"IHDR",
    b"PLTE",
    b"IDAT",
    b"IEND",
    b"tRNS",
    b"cHRM",
    b"gAMA",
    b"iCCP",
    b"sBIT",
    b"sRGB",
    b"cICP",
    b"mDCv",
    b"cLLi",
    b"bKGD",
    b"pHYs",
    b"acTL",
    b"fcTL",
    b"fdAT",
}


def _png_chunks(data: bytes):
    """(type, start, end) of each chunk up to IEND, CRC included."""
    if not data.startswith(_PNG_SIGNATURE):
        raise ValueError("Not a PNG")
    position = len(_PNG_SIGNATURE)
    while position + 12 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, position)
        end = position + 12 + length
        if end > len(data):
            break
        yield kind, position, end
        if kind == b"IEND":
            return
        position = end
    raise ValueError("Damaged PNG: no IEND chunk")


def _png_stripped(data: bytes) -> bytes:
    kept = (
        data[start:end] for kind, start, end in _png_chunks(data) if kind in _PNG_KEPT
    )
    return _PNG_SIGNATURE + b"".join(kept)


# Bitstreams, alpha, colour and animation; EXIF, XMP and unknown chunks go.
_WEBP_KEPT = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ICCP", b"ANIM", b"ANMF"}
_VP8X_EXIF_AND_XMP = 0x08 | 0x04


def _webp_chunks(data: bytes):
    """Each chunk's type and bytes (header and padding included)."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("Not a WebP")
    (riff_size,) = struct.unpack_from("<I", data, 4)
    stop = min(len(data), 8 + riff_size)
    position = 12
    while position + 8 <= stop:
        kind, size = struct.unpack_from("<4sI", data, position)
        if position + 8 + size > stop:
            raise ValueError("Damaged WebP: a chunk runs past the end")
        end = position + 8 + size + (size & 1)
        yield kind, data[position:end]
        position = end


def _webp(chunks) -> bytes:
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _webp_stripped(data: bytes) -> bytes:
    kept = []
    for kind, chunk in _webp_chunks(data):
        if kind == b"VP8X":
            flags = chunk[8] & ~_VP8X_EXIF_AND_XMP
            chunk = chunk[:8] + bytes((flags,)) + chunk[9:]
        if kind in _WEBP_KEPT:
            kept.append(chunk)
    return _webp(kept)


_STRIPPERS = {
    "JPEG": (_jpeg_stripped, "jpg"),
    # MPO is JPEG with more frames after the first one's end: cut, it is a JPEG.
    "MPO": (_jpeg_stripped, "jpg"),
    "PNG": (_png_stripped, "png"),
    "WEBP": (_webp_stripped, "webp"),
}


# --- Labels --------------------------------------------------------------------

# Characters XML 1.0 cannot carry, so no XMP can: C0 controls but tab and
# newlines, lone surrogates, U+FFFE and U+FFFF. Dropped from IPTC as well, so
# both say the same.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")


def _labelled(
    data: bytes, extension: str, labels: Labels, orientation: int | None
) -> bytes:
    """Clean bytes with the Orientation tag and our texts.

    Exiv2 writes the Exif and IPTC; the XMP packet is put in by us, since
    Exiv2 parses any XMP it is given into values and a text starting with
    "type=" comes out as an empty array (a credit "type=Bag …" was lost).
    """
    if not _LANGUAGE.fullmatch(labels.language):
        raise ValueError(f"Not a language tag: {labels.language!r}")
    caption, credit, rights = (
        _NOT_IN_XML.sub("", text)
        for text in (labels.caption, labels.credit, labels.copyright)
    )
    labelled = bool(caption or credit or rights)
    if orientation or (labelled and extension == "jpg"):
        image = _exiv2().ImageData(data)
        try:
            if orientation:
                image.modify_exif({"Exif.Image.Orientation": str(orientation)})
            if labelled and extension == "jpg":
                image.modify_iptc(_iptc(caption, credit, rights))
            data = image.get_bytes()
        finally:
            # Frees the copy pyexiv2 keeps in C; nothing else would.
            image.close()
    if labelled:
        packet = _xmp(labels.language, caption, credit, rights).encode()
        data = _XMP_WRITERS[extension](data, packet)
    return data


def _jpeg_with_xmp(data: bytes, packet: bytes) -> bytes:
    payload = b"http://ns.adobe.com/xap/1.0/\0" + packet
    if len(payload) + 2 > 0xFFFF:
        raise ValueError("The texts are too long for XMP in one JPEG segment")
    # After JFIF and Exif, where readers look for it first.
    position = 2
    while data[position + 1] in (0xE0, 0xE1):
        (length,) = struct.unpack_from(">H", data, position + 2)
        position += 2 + length
    return data[:position] + _segment(0xE1, payload) + data[position:]


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def _png_with_xmp(data: bytes, packet: bytes) -> bytes:
    # iTXt: keyword, then no compression, no language, no translated keyword.
    body = b"iTXt" + b"XML:com.adobe.xmp\0\0\0\0\0" + packet
    chunk = (
        struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    )
    after_header = len(_PNG_SIGNATURE) + 25  # IHDR comes first, 13 bytes long
    return data[:after_header] + chunk + data[after_header:]


def _webp_with_xmp(data: bytes, packet: bytes) -> bytes:
    chunks = [chunk for _, chunk in _webp_chunks(data)]
    if chunks[0][:4] != b"VP8X":
        chunks.insert(0, _vp8x(chunks[0]))
    header = chunks[0]
    chunks[0] = header[:8] + bytes((header[8] | 0x04,)) + header[9:]
    padding = b"\0" if len(packet) % 2 else b""
    chunks.append(b"XMP " + struct.pack("<I", len(packet)) + packet + padding)
    return _webp(chunks)


def _vp8x(bitstream: bytes) -> bytes:
    """The extended header a simple WebP needs before it can carry XMP."""
    kind, payload = bitstream[:4], bitstream[8:]
    if kind == b"VP8L":
        (bits,) = struct.unpack_from("<I", payload, 1)
        width, height = (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        alpha = 0x10 if bits >> 28 & 1 else 0
    elif kind == b"VP8 ":
        width, height = struct.unpack_from("<HH", payload, 6)
        width, height, alpha = width & 0x3FFF, height & 0x3FFF, 0
    else:
        raise ValueError("Damaged WebP: no image data")
    canvas = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"VP8X" + struct.pack("<I", 10) + bytes((alpha, 0, 0, 0)) + canvas


_XMP_WRITERS = {"jpg": _jpeg_with_xmp, "png": _png_with_xmp, "webp": _webp_with_xmp}


def _iptc(caption: str, credit: str, rights: str) -> dict[str, str]:
    values = {
        # IIM 4's version numbers, which the standard requires in each record.
        "Iptc.Envelope.ModelVersion": "4",
        "Iptc.Envelope.CharacterSet": "\x1b%G",  # UTF-8
        "Iptc.Application2.RecordVersion": "4",
    }
    if caption:
        cut = caption.encode()[:IPTC_CAPTION_BYTES]
        values["Iptc.Application2.Caption"] = cut.decode(errors="ignore")
    if credit:
        values["Iptc.Application2.Credit"] = credit
    if rights:
        values["Iptc.Application2.Copyright"] = rights
    return values


def _xmp(language: str, caption: str, credit: str, rights: str) -> str:
    properties = []
    if caption:
        properties.append(_xmp_alternatives("dc:description", language, caption))
    if rights:
        properties.append(_xmp_alternatives("dc:rights", language, rights))
    if credit:
        properties.append(f"<photoshop:Credit>{_xml(credit)}</photoshop:Credit>")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">\n'
        + "\n".join(properties)
        + "\n</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )


def _xmp_alternatives(name: str, language: str, text: str) -> str:
    """A LangAlt: x-default for readers that pick none, and the language."""
    items = "".join(
        f'<rdf:li xml:lang="{lang}">{_xml(text)}</rdf:li>'
        for lang in ("x-default", language)
    )
    return f"<{name}><rdf:Alt>{items}</rdf:Alt></{name}>"


def _xml(text: str) -> str:
    # "\r" as a reference, or XML parsers would read "\r\n" back as "\n".
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#xD;")
    )
