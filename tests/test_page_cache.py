"""`make serve` writes again the HTML of pages nothing has changed for (scripts/kb/adapter/page_cache.py):
after an edit, every page of the preview is the page a build without the cache writes, and only
the edited page and its twin are rendered again."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from conftest import copy_repo
from kb_fixture import write_corpus

pytestmark = pytest.mark.build  # builds with `mkdocs serve`'s rebuilds

SCRIPT = textwrap.dedent(
    """
    import hashlib, json, os, sys
    from pathlib import Path
    root = Path(sys.argv[1])
    os.chdir(root)
    sys.path.insert(0, str(root))
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from kb.adapter import page_cache

    rendered = []
    def build(site):
        config = load_config("mkdocs.yml", site_dir=str(root / site))
        config.site_url = "http://127.0.0.1:8000/"
        if not getattr(build, "started", False):
            config.plugins.on_startup(command="serve", dirty=False)
            build.started = True
        original = getattr(mkdocs_build._build_page, "_kb_original", None)
        if original is not None and not getattr(original, "_counted", False):
            def counted(page, *args, **kwargs):
                rendered.append(page.file.src_uri)
                return counted.inner(page, *args, **kwargs)
            counted.inner, counted._counted = original, True
            mkdocs_build._build_page._kb_original = counted
        rendered.clear()
        mkdocs_build.build(config, serve_url=config.site_url)
        pages = {p.relative_to(root / site).as_posix(): p.read_text(encoding="utf-8")
                 for p in (root / site).rglob("*.html")}
        return pages, list(rendered)

    def edit(rel, old, new):
        path = root / "docs" / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    out = {}
    first, _ = build("site")
    # 1. the text of an Italian page that has a French translation
    edit("it/experiences/orti-torino.md", "La ATS segue gli orti.", "La ATS segue gli orti. Testo aggiunto.")
    second, rendered_second = build("site")
    out["edit_shown"] = "Testo aggiunto." in second["experiences/orti-torino/index.html"]
    out["twin_before"] = first["fr/experiences/orti-torino/index.html"].count("kb-notice")
    out["twin_after"] = second["fr/experiences/orti-torino/index.html"].count("kb-notice")
    out["rendered_second"] = rendered_second
    # 2. the title of another page: the lists on other pages change
    edit("it/experiences/aiuto-familiari.md", 'title: "Aiuto ai familiari, di prova"',
         'title: "Aiuto ai familiari, titolo nuovo"')
    third, rendered_third = build("site")
    out["title_in_list"] = "titolo nuovo" in third["experiences/index.html"]
    out["rendered_third"] = len(rendered_third)
    # the same sources built without the cache, in the same process
    page_cache.install = lambda *args, **kwargs: False  # as with the plugin option page_cache: false
    mkdocs_build._build_page = mkdocs_build._build_page._kb_original.inner
    plain, _ = build("plain")
    out["pages"] = len(plain)
    out["differ"] = sorted(k for k in plain if plain[k] != third.get(k))
    print(json.dumps(out))
    """
)


def test_serve_renders_again_only_what_an_edit_changed(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    write_corpus(repo)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(repo)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["edit_shown"]
    assert report["twin_after"] == report["twin_before"] + 1, "the French twin says its original changed"
    # only the edited page and its twin are rendered again (both languages build in turn)
    assert sorted(report["rendered_second"]) == ["fr/experiences/orti-torino.md", "it/experiences/orti-torino.md"]
    assert report["title_in_list"] and report["rendered_third"] > 20  # front matter: everything again
    # every page equals the page a build without the cache writes (the French 404 page shows the
    # language links of the last page rendered in a sequential build: see test_parallel_build.py)
    assert report["pages"] > 40 and set(report["differ"]) <= {"fr/404.html"}
