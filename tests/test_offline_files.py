"""What a browser reads of the offline site before any script runs (scripts/kb/generate/offline.py):
the web app manifest of each language and its icons, the home page's control, the list of each
language's saved copy, the service worker; and no worker in `make serve`. On the built files."""
from __future__ import annotations

import hashlib
import json
import re
from typing import ClassVar
from urllib.parse import urljoin

import pytest
from kb.content.guide_spec import load_spec
from kb.content.strings import t
from kb.generate import offline
from site_pages import LANGS, PREFIX, built_pages, file_of

pytestmark = pytest.mark.build


def test_the_site_says_how_it_works_offline(site):
    """What the browser reads before any script: the manifest of each language, its icons, the
    worker and the lists it saves from."""
    from PIL import Image

    for lang in LANGS:
        manifest_path = site / PREFIX[lang] / offline.MANIFEST
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        assert manifest["lang"] == lang and manifest["short_name"] == t(lang, "app_short_name")
        base = "http://host/site/" + PREFIX[lang] + offline.MANIFEST
        assert urljoin(base, manifest["start_url"]) == "http://host/site/" + PREFIX[lang]
        assert urljoin(base, manifest["scope"]) == "http://host/site/"
        assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
        sizes = set()
        for icon in manifest["icons"]:
            image = Image.open(manifest_path.parent / icon["src"])
            assert icon["sizes"] == f"{image.width}x{image.height}"
            sizes.add(image.width)
        assert sizes == {192, 512}
        home = file_of(site, PREFIX[lang]).read_text(encoding="utf-8")
        assert f'<link rel="manifest" href="/{PREFIX[lang]}{offline.MANIFEST}">' in home
        assert 'id="kb-offline"' in home
        copy = json.loads((site / PREFIX[lang] / offline.COPY_FILE).read_text(encoding="utf-8"))
        paths = [row[0] for row in copy["files"]]
        assert PREFIX[lang] in paths and PREFIX[lang] + "search/" in paths
        assert any(p.startswith("pagefind/index/" + lang + "_") for p in paths)
        assert not any(p.startswith(("pagefind/index/", "pagefind/fragment/")) and not p.startswith(
            (f"pagefind/index/{lang}_", f"pagefind/fragment/{lang}_")) for p in paths), "another language's index"
        assert not any("admin/" in p for p in paths)
        for path, _size, digest in copy["files"]:
            target = site / path / "index.html" if path == "" or path.endswith("/") else site / path
            assert hashlib.sha256(target.read_bytes()).hexdigest()[:16] == digest, path
        assert copy["pdf"][0] == load_spec().languages[lang].file
    for page in built_pages(site):
        if page.parent.name != "admin":
            assert '<link rel="manifest" href="/' in page.read_text(encoding="utf-8"), page
    worker = (site / offline.SW).read_text(encoding="utf-8")
    assert '"private": ["admin/", "fr/admin/"]' in worker
    assert "assets/stylesheets/main." in worker and "offline/index.html" in worker
    assert "https://" not in worker and "http://" not in worker  # nothing from another host


def test_make_serve_registers_no_worker():
    from kb.adapter.plugin import KbPlugin

    class Config:
        site_url = "http://127.0.0.1:8000/"
        theme: ClassVar[dict] = {"language": "it"}

    plugin = KbPlugin()
    plugin.command = "serve"
    assert plugin._offline(Config())["sw"] == ""
    plugin.command = "build"
    assert plugin._offline(Config())["sw"] == "/sw.js"
