"""Build the site: checks (inside the MkDocs hook, from the same parsed pages), HTML, search index.

`python -m scripts.kb build [--site DIR] [--pdf]`
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import parallel
from .paths import DEFAULT_LANG, ROOT, SITE


def build_html(site_dir: Path = SITE, config: Path = ROOT / "mkdocs.yml", sequential: bool = False,
               steps: dict | None = None) -> int:
    """MkDocs, one process per language in parallel (scripts/kb/parallel.py), or the i18n plugin's
    own sequential build with `sequential`."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop(parallel.ENV, None)

    def cmd(dest: Path) -> list[str]:
        return [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(dest)]

    if sequential:
        return subprocess.call(cmd(site_dir), env=env, cwd=ROOT)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    parts = {lang: Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-{lang}-", dir=site_dir.parent))
             for lang in parallel.other_languages()}
    try:
        start = time.perf_counter()
        procs = {DEFAULT_LANG: parallel.start(DEFAULT_LANG, cmd(site_dir), env, ROOT)}
        procs.update({lang: parallel.start(lang, cmd(tmp), env, ROOT) for lang, tmp in parts.items()})
        codes = parallel.wait_all(procs, start, steps if steps is not None else {})
        code = next((c for c in codes if c != 0), 0)
        if code == 0:
            parallel.assemble(site_dir, parts)
        return code
    finally:
        for tmp in parts.values():
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.kb build")
    parser.add_argument("--site", type=Path, default=SITE, help="output folder (default: site/)")
    parser.add_argument("--pdf", action="store_true", help="also write the PDF guides")
    parser.add_argument("--sequential", action="store_true",
                        help="build the languages one after the other in one MkDocs process (slower)")
    parser.add_argument("--timings", type=Path, help="write the duration of each step to this JSON file")
    args = parser.parse_args(argv)
    steps: dict[str, float] = {}
    start = time.perf_counter()
    code = build_html(args.site.resolve(), sequential=args.sequential, steps=steps)
    steps["html"] = time.perf_counter() - start
    if code == 0:  # one search index per language, from the built HTML
        from . import search

        start = time.perf_counter()
        code = search.index_site(args.site.resolve())
        steps["search_index"] = time.perf_counter() - start
    if args.timings:
        args.timings.write_text(json.dumps({k: round(v, 3) for k, v in steps.items()}) + "\n", encoding="utf-8")
    if code == 0 and args.pdf:
        try:
            from . import pdf
        except ImportError:
            print("PDF guide not available yet", file=sys.stderr)
        else:
            code = pdf.main(["--site", str(args.site)])
    return code
