"""What a gunicorn worker that only serves public pages loads into memory.

WeasyPrint, pillow_heif, pyexiv2, lxml, translate-toolkit, py3langid and
Pillow are tens of MiB together; each is imported by the request that needs
it (a PDF, an upload, a download, an import...), never by a page, and the
pages' country and language names come without Babel (articles.cldr).
Checked in fresh processes: this one has imported everything already.
"""

import io
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from PIL import Image

from articles import cldr, pdf
from articles.imaging import register_heif
from articles.languages import language_codes
from pressroom.environment import VARIABLES

ROOT = Path(__file__).resolve().parent.parent

RELEASE = "/en/releases/la-tregua-premieres-in-san-sebastian/"
FILM = "/en/films/la-tregua/"
PUBLIC_PAGES = [
    RELEASE,
    "/ru/releases/la-tregua-premieres-in-san-sebastian/",
    "/ru/feeds/releases.rss",
    "/ru/releases/",
    "/ru/",
    "/ru/films/la-tregua/",
    "/ru/people/",
    "/ru/events/",
    "/sitemap.xml",
]
# Loaded only by the requests that need them. PIL too: the demo's renditions
# were made when its images were saved, so no page decodes an image.
HEAVY = [
    "weasyprint",
    "pydyf",
    "fontTools",
    "pillow_heif",
    "pyexiv2",
    "lxml",
    "translate",
    "py3langid",
    "PIL",
    "babel",
    "docx",
    "msoffcrypto",
]
PDF_LINK = "Print version (PDF)"

# A worker as gunicorn starts one (pressroom.wsgi), serving through Django's
# test client; prints what it answered and what it loaded, as JSON.
WORKER = """
import json, sys

{before}
import django

django.setup()
from django.test import Client
from django.test.utils import override_settings

# Static files as the tests have them (tests/conftest.py): no collectstatic.
override_settings(
    STORAGES={{
        **django.conf.settings.STORAGES,
        "staticfiles": {{
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }},
    }}
).enable()
import pressroom.wsgi  # noqa: F401

client = Client()
answers = []
for path in sys.argv[1:]:
    response = client.get(path)
    body = (
        b"".join(response.streaming_content)
        if response.streaming
        else response.content
    )
    answers.append([path, response.status_code, body.decode("utf-8", "replace")])
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(json.dumps({{
    "answers": answers,
    "modules": sorted(sys.modules),
    "vmhwm_mib": int(status["VmHWM"].split()[0]) / 1024,
}}))
"""


def database_url():
    """The test database, for another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    quote = urllib.parse.quote
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{quote(db['USER'])}{password}@{host}{port}/{db['NAME']}"


def run_worker(tmp_path, paths, before=""):
    env = {name: value for name, value in os.environ.items() if name not in VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="pressroom.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        DATABASE_URL=database_url(),
        PRESSROOM_VAR_DIR=str(tmp_path / "worker"),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        SECRET_KEY="worker-memory-tests-only-" + "x" * 50,
        DEBUG="0",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
    )
    done = subprocess.run(
        [sys.executable, "-c", WORKER.format(before=before), *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # WeasyPrint prints its advice on stdout when it cannot load a library.
    found = json.loads(done.stdout.strip().splitlines()[-1])
    found["modules"] = set(found["modules"])
    found["pages"] = {path: (status, body) for path, status, body in found["answers"]}
    return found


def loaded(modules, name):
    return name in modules or any(module.startswith(name + ".") for module in modules)


@pytest.mark.django_db(transaction=True)
def test_a_worker_serving_public_pages_loads_no_heavy_library(demo, tmp_path):
    worker = run_worker(tmp_path, PUBLIC_PAGES)
    statuses = {path: status for path, (status, _body) in worker["pages"].items()}
    assert statuses == dict.fromkeys(PUBLIC_PAGES, 200)
    heavy = HEAVY if connection.vendor == "postgresql" else [*HEAVY, "psycopg"]
    assert [name for name in heavy if loaded(worker["modules"], name)] == []
    # The page offers the PDF exactly when this machine can make it: the
    # worker's check (no import) agrees with this process's real import.
    assert (PDF_LINK in worker["pages"][RELEASE][1]) == pdf.available()
    # For the record (pytest -s); memory figures vary too much to assert.
    print(f"worker after the pages: VmHWM {worker['vmhwm_mib']:.1f} MiB")


@pytest.mark.skipif(not pdf.available(), reason="WeasyPrint cannot load Pango here")
@pytest.mark.django_db(transaction=True)
def test_when_weasyprint_fails_to_load_after_all_the_pdf_answers_503(demo, tmp_path):
    """The pages' check finds WeasyPrint and Pango installed, but the import
    fails (here: every shared library refused): the PDF answers 503, and the
    pages rendered from then on say the PDF is unavailable."""
    refuse_libraries = (
        "import cffi\n"
        "def refuse(self, name, flags=0):\n"
        "    raise OSError(f'cannot load library {name!r}: refused by the test')\n"
        "cffi.FFI.dlopen = refuse\n"
    )
    paths = [RELEASE, RELEASE + "pdf/", FILM + "fact-sheet/", FILM]
    worker = run_worker(tmp_path, paths, before=refuse_libraries)
    pages = worker["pages"]
    assert pages[RELEASE][0] == 200 and PDF_LINK in pages[RELEASE][1]
    for path in (RELEASE + "pdf/", FILM + "fact-sheet/"):
        assert pages[path][0] == 503
        assert "PDF unavailable" in pages[path][1]
    assert pages[FILM][0] == 200
    assert "PDF unavailable" in pages[FILM][1] and "/fact-sheet/" not in pages[FILM][1]


# pillow_heif: registered by the code that opens an original, in a process
# that never registered it; a JPEG opens without loading it.
OPEN = """
import io, json, sys

from articles.imaging import downloads, orientation, renditions, uploads

data = open(sys.argv[1], "rb").read()
source_format, entry = sys.argv[2:]
before = "pillow_heif" in sys.modules
labels = downloads.Labels("en", "A caption", "A credit", "")
if entry == "check_image":
    result = uploads.check_image(io.BytesIO(data)).format
elif entry == "render":
    result = renditions.render(io.BytesIO(data), renditions.SPECS["w480-jpeg"]).width
elif entry == "full_download":
    result = downloads.full_download(io.BytesIO(data), source_format, labels).width
elif entry == "print_download":
    result = downloads.print_download(io.BytesIO(data), source_format, labels).width
else:
    result = orientation.upright_size(io.BytesIO(data), 300, 200)[0]
print(json.dumps([before, "pillow_heif" in sys.modules, result]))
"""
ENTRIES = {
    "check_image": "JPEG or HEIF",
    "render": 300,
    "full_download": 300,
    "print_download": 300,
    "upright_size": 300,
}


@pytest.mark.parametrize("source_format", ["HEIF", "JPEG"])
@pytest.mark.parametrize("entry", list(ENTRIES))
def test_an_original_opens_in_a_fresh_process(entry, source_format, tmp_path):
    register_heif()  # here, to write the file
    path = tmp_path / "original"
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (40, 120, 200)).save(buffer, source_format)
    path.write_bytes(buffer.getvalue())
    done = subprocess.run(
        [sys.executable, "-c", OPEN, str(path), source_format, entry],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    before, after, result = json.loads(done.stdout)
    expected = ENTRIES[entry]
    if entry == "check_image":
        expected = source_format
    assert (before, after, result) == (False, source_format == "HEIF", expected)


def test_the_shipped_cldr_names_are_babels():
    """articles/cldr_names.json is what Babel says now, for every configured
    language; after a Babel upgrade: ``manage.py cldr_names``."""
    assert json.loads(cldr.NAMES_FILE.read_text(encoding="utf-8")) == cldr.current(
        language_codes()
    )


def test_a_language_not_shipped_is_read_from_babel():
    assert "de" not in json.loads(cldr.NAMES_FILE.read_text(encoding="utf-8"))
    assert cldr.names("territories", "de")["ES"] == "Spanien"
    assert cldr.names("languages", "pt-BR")["kk"] == "cazaque"
    assert cldr.names("territories", "xx")["KZ"] == "Kazakhstan"
    assert cldr.names("territories", "ru")["KZ"] == "Казахстан"
