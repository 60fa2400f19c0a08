"""`make serve` reuses the Markdown of unchanged pages (scripts/kb/adapter/render_cache.py): a rebuild
shows the edit, writes the same pages as a build without the cache, and warns the same way."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT

pytestmark = pytest.mark.build  # builds with `mkdocs serve`'s rebuilds

SCRIPT = textwrap.dedent(
    """
    import json, logging, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from kb.adapter import render_cache

    root = Path(sys.argv[1])
    messages = []
    class Keep(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())
    logging.getLogger("mkdocs").addHandler(Keep())

    def run(site):
        messages.clear()
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(root / site)))
        pages = {p.relative_to(root / site).as_posix(): p.read_text()
                 for p in (root / site).rglob("*.html")}
        return pages, list(messages)

    plain, plain_warnings = run("plain")
    render_cache.install(render_cache.RenderCache())
    first, first_warnings = run("first")
    second, second_warnings = run("second")
    page = root / "docs" / "b.md"
    page.write_text(page.read_text() + "\\nEdited paragraph.\\n")
    third, _ = run("third")
    print(json.dumps({
        "same_as_plain": first == plain and second == plain,
        "warnings": [plain_warnings, first_warnings, second_warnings],
        "edit_shown": "Edited paragraph." in third["b/index.html"],
        "others_same": {k: v for k, v in third.items() if k != "b/index.html" and "b/" not in k} ==
                       {k: v for k, v in second.items() if k != "b/index.html" and "b/" not in k},
    }))
    """
)


def test_rebuild_with_the_cache_shows_the_edit_and_warns_again(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nSee [b](b.md), [missing](missing.md) and [anchor](b.md#nope).\n")
    (docs / "b.md").write_text("# B\n\n## Part\n\nText of *b*.\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ntheme: {name: mkdocs}\nnav: [index.md, b.md]\nvalidation: {anchors: warn}\n")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["same_as_plain"]
    plain, first, second = report["warnings"]
    assert any("missing.md" in m for m in plain) and any("nope" in m for m in plain)
    assert plain == first == second  # a reused page warns as it did when it was converted
    assert report["edit_shown"] and report["others_same"]
