"""Static files as production serves them: hashed, compressed, all local."""

import json

from .test_settings import PRODUCTION, manage


def test_collectstatic_builds_the_hashed_manifest(tmp_path):
    env = {
        **PRODUCTION,
        "PRESSROOM_VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    result = manage("collectstatic", "--noinput", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    paths = manifest["paths"]
    for name in (
        "css/site.css",
        "jquery-ui/jquery-ui.min.js",
        "modeltranslation/js/tabbed_translation_fields.js",
        "articles/admin/reorder.js",
    ):
        assert name in paths, name
        hashed = tmp_path / "static" / paths[name]
        assert hashed.exists() and hashed.with_name(hashed.name + ".gz").exists()
    # The stylesheet names the typeface's files by their hashed names.
    css = (tmp_path / "static" / paths["css/site.css"]).read_text()
    for face in ("regular", "italic", "bold", "bold-italic"):
        name = f"fonts/pressroom-serif-{face}.woff2"
        assert (tmp_path / "static" / paths[name]).exists(), name
        assert f'url("../{paths[name]}")' in css, name
    assert "fonts/LICENSE-DejaVu.txt" in paths


def test_the_favicon_is_served_at_the_root(client):
    """Browsers ask every site for /favicon.ico; a 404 there is noise in the
    logs and an error in every browser test's console."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")
