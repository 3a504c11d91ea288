import pytest


@pytest.fixture(autouse=True)
def isolated_files(settings, tmp_path):
    """Media and var/ in a temporary folder; static files without collectstatic."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
