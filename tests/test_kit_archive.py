"""The press kit ZIP: same bytes every time, safe names, bounded memory."""

import hashlib
import io
import json
import random
import subprocess
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from articles.presskits.archive import Entry, Names, write_kit

UNZIP = Path("/usr/bin/unzip")
MB = 1024 * 1024


class SeededBytes:
    """A file of ``size`` random bytes that never holds more than one read."""

    def __init__(self, seed, size):
        self.random = random.Random(seed)
        self.left = size
        self.closed = False

    def read(self, n=-1):
        n = self.left if n is None or n < 0 else min(n, self.left)
        self.left -= n
        return self.random.randbytes(n)

    def close(self):
        self.closed = True


class Unseekable(io.RawIOBase):
    """A response body: bytes go out and cannot be taken back."""

    def __init__(self):
        self.sink = io.BytesIO()

    def writable(self):
        return True

    def write(self, data):
        return self.sink.write(data)


def entries():
    texts = {
        "en/release-la-tregua.html": b"<h1>La Tregua</h1>" * 200,
        "ru/release-peremirie.txt": "Перемирие: премьера\n".encode() * 100,
        "captions.txt": b"1. A still\n",
    }
    made = [
        Entry(name, "release-text", name[:2] if "/" in name else "", opener)
        for name, opener in (
            (name, lambda content=content: io.BytesIO(content))
            for name, content in texts.items()
        )
    ]
    made.append(
        Entry(
            "en/still-1.jpg",
            "still-print",
            "en",
            lambda: SeededBytes(1, 300_000),
            compress=False,
        )
    )
    return made


def kit_bytes(kit_entries, destination=None):
    destination = destination or io.BytesIO()
    write_kit(destination, kit_entries)
    sink = destination.sink if isinstance(destination, Unseekable) else destination
    return sink.getvalue()


def test_same_entries_same_bytes():
    first, second = kit_bytes(entries()), kit_bytes(entries())
    assert first == second
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()


def test_order_given_does_not_matter():
    assert kit_bytes(entries()) == kit_bytes(list(reversed(entries())))


def test_unseekable_destination_is_deterministic_and_readable():
    first = kit_bytes(entries(), Unseekable())
    assert first == kit_bytes(entries(), Unseekable())
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        assert archive.read("captions.txt") == b"1. A still\n"


def test_fixed_metadata_and_compression():
    with zipfile.ZipFile(io.BytesIO(kit_bytes(entries()))) as archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        assert names == sorted(names[:-1]) + ["manifest.json"]
        for info in infos:
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr == 0o644 << 16
            assert info.create_system == 3
            assert info.extra == b""
            assert info.comment == b""
        kinds = {info.filename: info.compress_type for info in infos}
        assert kinds["en/still-1.jpg"] == zipfile.ZIP_STORED
        assert kinds["en/release-la-tregua.html"] == zipfile.ZIP_DEFLATED
        assert kinds["manifest.json"] == zipfile.ZIP_DEFLATED
        assert archive.comment == b""


def test_manifest_lists_every_file_with_size_and_hash():
    destination = io.BytesIO()
    manifest = write_kit(destination, entries())
    with zipfile.ZipFile(destination) as archive:
        assert archive.testzip() is None
        written = archive.read("manifest.json").decode()
        assert json.loads(written) == manifest
        assert written == json.dumps(
            manifest, ensure_ascii=False, indent=2, sort_keys=True
        )
        files = manifest["files"]
        assert [file["name"] for file in files] == sorted(
            entry.name for entry in entries()
        )
        for file in files:
            content = archive.read(file["name"])
            assert file["size"] == len(content)
            assert file["sha256"] == hashlib.sha256(content).hexdigest()
            assert set(file) == {"name", "kind", "language", "size", "sha256"}
    by_name = {file["name"]: file for file in files}
    assert by_name["captions.txt"]["language"] == ""
    assert by_name["en/still-1.jpg"]["kind"] == "still-print"


def test_each_opened_file_is_closed():
    opened = []

    def opener():
        opened.append(SeededBytes(2, 3 * MB + 5))
        return opened[-1]

    write_kit(io.BytesIO(), [Entry("a.bin", "x", "", opener)])
    assert len(opened) == 1 and opened[0].closed


def test_empty_kit_has_only_the_manifest():
    destination = io.BytesIO()
    assert write_kit(destination, []) == {"files": []}
    with zipfile.ZipFile(destination) as archive:
        assert archive.namelist() == ["manifest.json"]


@pytest.mark.parametrize(
    "name", ["../evil.txt", "/etc/passwd.txt", "en/../x.txt", "manifest.json", ""]
)
def test_unsafe_names_are_refused(name):
    with pytest.raises(ValueError):
        write_kit(io.BytesIO(), [Entry(name, "x", "", io.BytesIO)])


def test_duplicate_names_are_refused():
    twice = [Entry("a.txt", "x", "", io.BytesIO), Entry("a.txt", "y", "", io.BytesIO)]
    with pytest.raises(ValueError):
        write_kit(io.BytesIO(), twice)


@pytest.mark.skipif(not UNZIP.exists(), reason="no /usr/bin/unzip")
@pytest.mark.parametrize("seekable", [True, False])
def test_unzip_reads_it(tmp_path, seekable):
    content = kit_bytes(entries(), None if seekable else Unseekable())
    path = tmp_path / "kit.zip"
    path.write_bytes(content)
    tested = subprocess.run(
        [str(UNZIP), "-t", str(path)], capture_output=True, text=True, check=False
    )
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "No errors detected" in tested.stdout


def test_big_kit_stays_in_bounded_memory(tmp_path):
    """Five 30 MB files, deflated and stored, to a file on disk."""
    size = 30 * MB
    kit_entries = [
        Entry(
            f"en/still-{number}.jpg",
            "still-print",
            "en",
            lambda number=number: SeededBytes(number, size),
            compress=number % 2 == 0,
        )
        for number in range(5)
    ]
    path = tmp_path / "kit.zip"
    tracemalloc.start()
    try:
        with path.open("wb") as destination:
            manifest = write_kit(destination, kit_entries)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10 * MB, f"peak {peak / MB:.1f} MB"
    assert [file["size"] for file in manifest["files"]] == [size] * 5
    expected = hashlib.sha256()
    source = SeededBytes(3, size)
    while chunk := source.read(MB):
        expected.update(chunk)
    assert manifest["files"][3]["sha256"] == expected.hexdigest()
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    if UNZIP.exists():
        subprocess.run([str(UNZIP), "-tqq", str(path)], check=True)


# Names


HOSTILE_TITLES = [
    "../../etc/passwd",
    "a/b\\c",
    "\x00\x1f\x7f",
    "CON",
    ".hidden",
    "Премьера фильма " * 20,
    "x" * 300,
    "Перемирие: премьера",
    "Қазақ әні",
    "",
    "😀🎬🍿",
    "  spaces  and\ttabs\n",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
@pytest.mark.parametrize("folder", ["", "en", "kk"])
def test_names_are_safe(title, folder):
    name = Names().take(folder, title, "html")
    assert name.isascii()
    assert ".." not in name
    assert "\\" not in name
    assert not any(character.isspace() for character in name)
    assert all(32 < ord(character) < 127 for character in name)
    parts = name.split("/")
    assert parts[:-1] == ([folder] if folder else [])
    stem, extension = parts[-1].rsplit(".", 1)
    assert extension == "html"
    assert stem and not stem.startswith((".", "-")) and not stem.endswith("-")
    assert len(stem) <= 60
    assert set(stem) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    assert "--" not in stem


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("a/b\\c", "a-b-c"),
        ("\x00\x1f\x7f", "file"),
        ("CON", "con-file"),
        ("lpt1", "lpt1-file"),
        (".hidden", "hidden"),
        ("Перемирие: премьера", "peremirie-premera"),
        ("Қазақ әні", "kazak-ani"),
        ("", "file"),
        ("😀🎬🍿", "file"),
        ("La Tregua — Release", "la-tregua-release"),
    ],
)
def test_names_stay_readable(title, expected):
    assert Names().take("", title, "txt") == f"{expected}.txt"


def test_long_title_is_cut_between_words():
    name = Names().take("ru", "Премьера фильма " * 20, "html")
    stem = name.removeprefix("ru/").removesuffix(".html")
    assert len(stem) <= 60
    assert stem.startswith("premera-filma-")
    assert stem.split("-")[-1] in {"premera", "filma"}


def test_long_word_is_cut_at_sixty():
    assert Names().take("", "x" * 300, "txt") == "x" * 60 + ".txt"


def test_same_title_twice_gets_a_suffix():
    names = Names()
    taken = [names.take("en", "La Tregua", "html") for _ in range(3)]
    assert taken == ["en/la-tregua.html", "en/la-tregua-2.html", "en/la-tregua-3.html"]
    # Another folder or extension is another name.
    assert names.take("ru", "La Tregua", "html") == "ru/la-tregua.html"
    assert names.take("en", "La Tregua", "txt") == "en/la-tregua.txt"


def test_a_suffix_never_collides_with_a_title():
    names = Names()
    first = [names.take("", title, "txt") for title in ("a", "a", "a-2", "A")]
    assert first == ["a.txt", "a-2.txt", "a-2-2.txt", "a-3.txt"]
    assert len({name.lower() for name in first}) == len(first)


def test_titles_that_clean_to_nothing_are_still_unique():
    names = Names()
    taken = [names.take("", title, "jpg") for title in ("", "😀", "\x00", "..")]
    assert taken == ["file.jpg", "file-2.jpg", "file-3.jpg", "file-4.jpg"]


@pytest.mark.parametrize("folder", ["../", "EN", "e", "engl", "en/", ".", "/", "é"])
def test_bad_folders_are_refused(folder):
    with pytest.raises(ValueError):
        Names().take(folder, "title", "txt")


@pytest.mark.parametrize("extension", ["", "HTML", "tar.gz", "jpeg12", "/x", ".j"])
def test_bad_extensions_are_refused(extension):
    with pytest.raises(ValueError):
        Names().take("en", "title", extension)


def test_names_from_names_make_a_kit(tmp_path):
    names = Names()
    kit_entries = [
        Entry(names.take("ru", title, "txt"), "release-text", "ru", io.BytesIO)
        for title in HOSTILE_TITLES + HOSTILE_TITLES
    ]
    destination = io.BytesIO()
    write_kit(destination, kit_entries)
    with zipfile.ZipFile(destination) as archive:
        archive.extractall(tmp_path / "out")
    out = (tmp_path / "out").resolve()
    written = [path.resolve() for path in out.rglob("*")]
    assert len(written) == len(kit_entries) + 2  # the ru folder and the manifest
    assert all(path.is_relative_to(out) for path in written)
