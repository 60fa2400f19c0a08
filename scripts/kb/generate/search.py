"""Search per language: the search page of each language and the Pagefind index. No MkDocs here.

Pagefind reads the built HTML, splits it by `<html lang>` (one index per language) and indexes only
what the templates mark with `data-pagefind-body` (the article, not the navigation or the footer;
never a page shown in the other language as a fallback). The search page uses Pagefind's modular
UI, served from the site itself (`/pagefind/`).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kb.content.caches import cached
from kb.generate.virtual import template_pages

SEARCH_REL = "search.md"  # in each language folder: /search/ and /fr/search/
SEARCH_TEMPLATE = "kb-search.html"  # overrides/kb-search.html
BUNDLE_DIR = "pagefind"  # written into the site by Pagefind


@cached  # emptied with the other caches when `make serve` rebuilds (data/i18n may have changed)
def virtual_pages() -> dict[str, str]:
    """Generated pages, by source path under docs/ ('it/search.md'), with their Markdown."""
    return template_pages(SEARCH_REL, SEARCH_TEMPLATE, "search_title", "search_description")


def index_site(site_dir: Path, quiet: bool = True, output: Path | None = None) -> int:
    """Write the per-language Pagefind index and UI files into `site_dir`/pagefind (or `output`:
    the parallel build indexes each language's pages on their own, then merges the bundles)."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir)]
    cmd += ["--output-path", str(output)] if output is not None else ["--output-subdir", BUNDLE_DIR]
    if quiet:
        cmd.append("--silent")
    code = subprocess.call(cmd)
    if code == 0:
        sort_entry((output or site_dir / BUNDLE_DIR) / "pagefind-entry.json")
    return code


def sort_entry(entry: Path) -> None:
    """Pagefind lists the languages in its entry file in a random order (a hash map): sort them,
    so that two builds of the same commit give the same bytes. The order means nothing to the UI."""
    import json

    if not entry.exists():
        return
    data = json.loads(entry.read_text(encoding="utf-8"))
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
