"""Build the site: checks (inside the MkDocs hook, from the same parsed pages), HTML, search index.

`python -m scripts.kb build [--site DIR] [--pdf]`
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .paths import ROOT, SITE


def build_html(site_dir: Path = SITE, config: Path = ROOT / "mkdocs.yml") -> int:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site_dir)]
    return subprocess.call(cmd, env=env, cwd=ROOT)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.kb build")
    parser.add_argument("--site", type=Path, default=SITE, help="output folder (default: site/)")
    parser.add_argument("--pdf", action="store_true", help="also write the PDF guides")
    args = parser.parse_args(argv)
    code = build_html(args.site.resolve())
    if code == 0:  # one search index per language, from the built HTML
        from . import search

        code = search.index_site(args.site.resolve())
    if code == 0 and args.pdf:
        try:
            from . import pdf
        except ImportError:
            print("PDF guide not available yet", file=sys.stderr)
        else:
            code = pdf.main(["--site", str(args.site)])
    return code
