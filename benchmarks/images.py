"""Images: what an upload costs, what a page with many images costs, and that a
second request builds nothing.

    .venv/bin/python benchmarks/images.py            # SQLite
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/images.py

Builds its own data in a throw-away test database and media folder, and prints:
the check and the first renditions of a 6000 × 4000 camera JPEG (time and the
growth of the process's peak memory), its downloads, a release page with 20
images (queries, median time), and every rendition of that page asked again.
"""

import io
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmarks-only-" + "x" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def camera_jpeg(width=6000, height=4000, seed=0):
    """A photo-like JPEG: gradients and noise, so it compresses like a photo."""
    from PIL import Image as Picture

    gradient = Picture.linear_gradient("L").resize((width, height))
    noise = Picture.effect_noise((width, height), 24)
    picture = Picture.merge("RGB", (gradient, noise, gradient.rotate(90 + seed)))
    exif = Picture.Exif()
    exif[0x8825] = {1: "N", 2: (43.0, 15.0, 2.0)}
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def made_elsewhere():
    """The test photo, made in a child process so its pixels never count here."""
    import subprocess

    script = (
        "import sys, benchmarks.images as b; sys.stdout.buffer.write(b.camera_jpeg())"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, check=True
    ).stdout


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, (time.perf_counter() - start) * 1000


def main():
    from articles import image_files
    from articles.imaging.uploads import check_image
    from articles.models import Article, ArticleImage, Image, Paragraph, Rendition

    setup_test_environment()
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="pressroom-bench-media-"))
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}")
        data = made_elsewhere()
        print(f"6000 × 4000 JPEG: {len(data) / 2**20:.1f} MB")
        before = peak_mb()
        upload = SimpleUploadedFile("IMG_0001.jpg", data)
        checked, check_ms = timed(lambda: check_image(upload))
        upload.checked = checked
        # Outside a transaction the renditions are built as the save commits.
        image, save_ms = timed(
            lambda: Image.objects.create(file=upload, alt_text_en="A still.")
        )
        print(f"  check {check_ms:.0f} ms; store and build its "
              f"{image.renditions.count()} renditions {save_ms:.0f} ms; "
              f"peak memory +{peak_mb() - before:.0f} MB")  # fmt: skip
        for size in ("full", "print"):
            _made, ms = timed(lambda size=size: image_files.download(image, "en", size))
            print(f"  {size} download (labelled, GPS removed): {ms:.0f} ms")

        article = Article.objects.create(title_en="Twenty stills")
        Paragraph.objects.create(article=article, text_en="A paragraph.")
        article.hero_image = image
        article.save()
        for number in range(20):
            still = Image.objects.create(
                file=SimpleUploadedFile("s.jpg", camera_jpeg(1600, 1000, number)),
                alt_text_en=f"Still {number}.",
            )
            image_files.build_renditions(still)
            ArticleImage.objects.create(article=article, image=still)
        article.publish("en")
        client = Client()
        url = f"/en/releases/{article.slug}/"
        client.get(url)
        queries = []

        def counted(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        page = response.content.decode()
        timings = sorted(timed(lambda: client.get(url))[1] for _ in range(REPEAT))
        print(f"release page with 21 images: {len(queries)} queries, "
              f"median {statistics.median(timings):.1f} ms, "
              f"{page.count('<picture>')} <picture> elements")  # fmt: skip

        import re

        files = set(re.findall(r"/media/images/[^\s\",]+", page))
        files = [address for address in files if "/download/" not in address]
        rows = Rendition.objects.count()
        timings = []
        for address in files:
            response, ms = timed(lambda address=address: client.get(address))
            b"".join(response.streaming_content)
            timings.append(ms)
        assert Rendition.objects.count() == rows, "a second request built something"
        print(f"second requests of its {len(files)} renditions: nothing built, "
              f"median {statistics.median(timings):.1f} ms each")  # fmt: skip
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
