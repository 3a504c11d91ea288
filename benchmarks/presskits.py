"""A film press kit with many large stills: build time, the building process's
peak memory, the ZIP's size, and a second (cached) download.

    .venv/bin/python benchmarks/presskits.py              # 20 stills of 6000 × 4000
    .venv/bin/python benchmarks/presskits.py --stills 5

Works in a throw-away SQLite database and media folder of its own. Each step
runs in its own process, so the peak memory printed for the build is the
build's alone (the target is under 200 MB, whatever the number of stills).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressroom.settings")
    os.environ.setdefault("SECRET_KEY", "benchmarks-only-" + "x" * 50)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_data(stills):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from articles.models import Film, FilmImage, Image
    from benchmarks.images import camera_jpeg

    call_command("migrate", verbosity=0)
    film = Film.objects.create(title_en="Salt Lake", synopsis_en="A story. " * 50)
    for number in range(stills + 1):
        image = Image.objects.create(
            file=SimpleUploadedFile("still.jpg", camera_jpeg(seed=number)),
            alt_text_en=f"Still {number}.",
            caption_en=f"Still number {number} of Salt Lake.",
            credit_en="Photo: Dana Omarova",
        )
        if number == 0:
            film.poster = image
            film.save()
        else:
            FilmImage.objects.create(film=film, image=image)
    return {"film": film.pk}


def build(film_pk):
    from articles.models import PressKit
    from articles.presskits import building

    start = time.perf_counter()
    kit = building.plan(f"film:{film_pk}", "en")
    row = building.build(kit)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "peak_mb": peak_mb(),
        "size_mb": row.size / 2**20,
        "files": len(kit.entries) + 1,
        "kits": PressKit.objects.count(),
    }


def download(film_pk):
    from django.test import Client
    from django.test.utils import setup_test_environment

    from articles.models import Film

    setup_test_environment()
    client = Client()
    url = f"/en/films/{Film.objects.get(pk=film_pk).slug}/press-kit/"
    timings = []
    for _attempt in range(5):
        start = time.perf_counter()
        response = client.get(url)
        for _chunk in response.streaming_content:
            pass
        timings.append(time.perf_counter() - start)
    assert response.status_code == 200, response.status_code
    return {"seconds": sorted(timings)[2]}


def step(name, *args, env):
    done = subprocess.run(
        [sys.executable, __file__, "--step", name, *map(str, args)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stills", type=int, default=20)
    parser.add_argument("--step")
    parser.add_argument("value", nargs="?")
    options = parser.parse_args()
    if options.step:
        setup_django()
        action = {"setup": make_data, "build": build, "download": download}
        print(json.dumps(action[options.step](int(options.value))))
        return
    folder = Path(tempfile.mkdtemp(prefix="pressroom-bench-kits-"))
    env = {
        **os.environ,
        "PRESSROOM_VAR_DIR": str(folder),
        "MEDIA_ROOT": str(folder / "media"),
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "DEBUG": "1",
    }
    print(f"film kit with a poster and {options.stills} stills of 6000 × 4000 (SQLite)")
    film = step("setup", options.stills, env=env)["film"]
    built = step("build", film, env=env)
    print(f"  build: {built['seconds']:.1f} s, peak memory of the building process "
          f"{built['peak_mb']:.0f} MB, ZIP {built['size_mb']:.0f} MB, "
          f"{built['files']} files")  # fmt: skip
    again = step("download", film, env=env)
    print(f"  second download (built kit served): {again['seconds'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
