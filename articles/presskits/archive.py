"""The press kit ZIP: the same entries always give the same bytes.

Identical bytes let a kit be cached, compared and served with a stable ETag,
so nothing that varies between runs goes in: dates, permissions, the order
in which files were gathered, the writing system. Files are copied in
chunks, never whole, because a kit of print stills runs to hundreds of
megabytes and is built inside a web worker.
"""

import hashlib
import json
import re
import zipfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from typing import BinaryIO

from ..slugs import latin_slug

CHUNK = 1024 * 1024
MANIFEST = "manifest.json"
# 1980-01-01 is the earliest date a ZIP can hold: no build time leaks in.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o644 << 16
UNIX = 3
DEFLATE_LEVEL = 9

STEM_LENGTH = 60
FOLDER = re.compile(r"[a-z]{2,3}")
EXTENSION = re.compile(r"[a-z0-9]{1,5}")
# A name Windows refuses whatever its extension: ``con.html`` cannot be
# unzipped there.
WINDOWS_DEVICES = {"con", "prn", "aux", "nul"} | {
    f"{device}{number}" for device in ("com", "lpt") for number in range(1, 10)
}
# What Names hands out; write_kit refuses anything else so that a name made
# some other way cannot escape the folder the kit is unzipped into.
SAFE_NAME = re.compile(r"(?:[a-z]{2,3}/)?[a-z0-9][a-z0-9-]*\.[a-z0-9]{1,5}")


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str
    language: str
    opener: Callable[[], BinaryIO]
    # JPEG, PNG and WebP are compressed already: deflating them again costs
    # time and saves nothing.
    compress: bool = True


def zip_info(name: str, compress: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.external_attr = FILE_MODE
    info.create_system = UNIX
    if compress:
        info.compress_type = zipfile.ZIP_DEFLATED
        # ZipFile.open(info) takes the level from the ZipInfo, not from the
        # ZipFile; Python 3.13 renames this to compress_level but keeps
        # the old name as an alias.
        info._compresslevel = DEFLATE_LEVEL
    else:
        info.compress_type = zipfile.ZIP_STORED
    return info


def copy_entry(archive: zipfile.ZipFile, entry: Entry) -> dict:
    """Copy one file into ``archive``, hashing the chunks on their way in."""
    digest = hashlib.sha256()
    size = 0
    info = zip_info(entry.name, entry.compress)
    # Kits are far below 2 GiB a file; a larger file makes zipfile raise
    # rather than write a broken archive.
    with (
        closing(entry.opener()) as source,
        archive.open(info, "w", force_zip64=False) as target,
    ):
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return {
        "name": entry.name,
        "kind": entry.kind,
        "language": entry.language,
        "size": size,
        "sha256": digest.hexdigest(),
    }


def write_kit(destination: BinaryIO, entries: list[Entry]) -> dict:
    """Write the ZIP to ``destination`` and return the manifest dict (also
    written as manifest.json).

    ``destination`` need not be seekable: an unseekable one (a response
    being streamed) gets data descriptors after each file instead of sizes
    written back into its header, again the same bytes every time.
    """
    ordered = sorted(entries, key=lambda entry: entry.name)
    names = [entry.name for entry in ordered]
    for name in names:
        if not SAFE_NAME.fullmatch(name) or name == MANIFEST:
            raise ValueError(f"not a name for a file in a kit: {name!r}")
    if len({name.lower() for name in names}) != len(names):
        raise ValueError("two files in a kit with the same name")
    with zipfile.ZipFile(destination, "w") as archive:
        files = [copy_entry(archive, entry) for entry in ordered]
        manifest = {"files": files}
        text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
        archive.writestr(zip_info(MANIFEST, compress=True), text.encode())
    return manifest


class Names:
    """Hands out unique, safe names inside one kit.

    Titles come from editors in four languages and end up as paths on a
    journalist's disk, on any system: only lowercase ASCII letters, digits
    and hyphens survive, and two files never share a name even on a
    case-insensitive disk.
    """

    def __init__(self):
        self.taken = set()

    def take(self, folder: str, stem: str, extension: str) -> str:
        if folder and not FOLDER.fullmatch(folder):
            raise ValueError(f"not a language folder: {folder!r}")
        if not EXTENSION.fullmatch(extension):
            raise ValueError(f"not an extension: {extension!r}")
        base = clean_stem(stem)
        prefix = f"{folder}/" if folder else ""
        name, suffix = f"{prefix}{base}.{extension}", 2
        while name.lower() in self.taken:
            name = f"{prefix}{base}-{suffix}.{extension}"
            suffix += 1
        self.taken.add(name.lower())
        return name


def clean_stem(text: str) -> str:
    stem = re.sub(r"[^a-z0-9-]", "", latin_slug(text or ""))
    stem = re.sub(r"-{2,}", "-", stem).strip("-")
    if len(stem) > STEM_LENGTH:
        # Cut between words when that keeps most of the stem.
        hyphen = stem.rfind("-", 0, STEM_LENGTH + 1)
        end = hyphen if hyphen > STEM_LENGTH // 2 else STEM_LENGTH
        stem = stem[:end].strip("-")
    if stem in WINDOWS_DEVICES:
        stem = f"{stem}-file"
    return stem or "file"
