"""Build the site: checks (inside the MkDocs hook, from the same parsed pages), HTML, search index.

`python -m kb build [--site DIR] [--pdf]`
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

from kb.adapter import levers, parallel
from kb.content.paths import DEFAULT_LANG, LANGS, ROOT, SITE, lang_prefix
from kb.content.strings import MESSAGE_LANGS
from kb.editor.admin import ADMIN, write_admin
from kb.guide import contents

# The language of the checker's messages, for the MkDocs processes (`--lang`; else LANG/LANGUAGE).
MESSAGES_LANG_ENV = "KB_MESSAGES_LANG"
# `--drafts`: the drafts built too, with their banner (a pull request's preview: plugin.with_drafts).
DRAFTS_ENV = "KB_DRAFTS"


def build_html(site_dir: Path = SITE, config: Path = ROOT / "mkdocs.yml", sequential: bool = False,
               steps: dict | None = None, index: bool = False) -> int:
    """MkDocs, one process per language in parallel (scripts/kb/adapter/parallel.py), or the i18n plugin's
    own sequential build with `sequential`. With `index` (parallel only), each language's search
    index is made as soon as its pages are built, and steps['indexed'] is set."""
    steps = steps if steps is not None else {}
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop(parallel.ENV, None)
    env[contents.ENV] = str(contents.folder(site_dir))  # the pages kept for the guide: next to the site

    def cmd(dest: Path) -> list[str]:
        return [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(dest)]

    if sequential:  # the one MkDocs process says which speed levers are off (adapter/levers.py)
        return subprocess.call(cmd(site_dir), env=dict(env, **{levers.NOTICES_ENV: "stderr"}), cwd=ROOT)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    parts = {lang: Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-{lang}-", dir=site_dir.parent))
             for lang in parallel.other_languages()}
    roots = {DEFAULT_LANG: site_dir, **parts}  # where each language's process writes
    bundles = {lang: Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-search-{lang}-", dir=site_dir.parent))
               for lang in roots} if index else {}

    def index_one(lang: str) -> int:
        """Pagefind over one language's pages, into its own bundle (merged below)."""
        from kb.generate import search

        return search.index_site(roots[lang], output=bundles[lang])

    try:
        start = time.perf_counter()
        # the default language's process says which speed levers are off, the others keep quiet
        notices = {lang: "stderr" if lang == DEFAULT_LANG else "quiet" for lang in roots}
        procs = {lang: parallel.start(lang, cmd(root), dict(env, **{levers.NOTICES_ENV: notices[lang]}), ROOT)
                 for lang, root in roots.items()}
        codes = parallel.wait_all(procs, start, steps, then=index_one if index else None)
        if parallel.UNAVAILABLE in codes:  # another mkdocs-static-i18n: one process builds every language
            levers.switch_off("parallel", levers.check("parallel") or "a language's process could not build alone",
                              where="stderr")
            steps.clear()
            return build_html(site_dir, config, sequential=True, steps=steps)
        code = next((c for c in codes if c != 0), 0)
        steps["html"] = max(steps.get(f"html_{lang}", 0) for lang in roots)
        if code == 0:
            parallel.assemble(site_dir, parts)
            if index:
                from kb.generate import search

                parallel.merge_bundles([bundles[lang] for lang in roots], site_dir / search.BUNDLE_DIR,
                                       "pagefind-entry.json")
                search.sort_entry(site_dir / search.BUNDLE_DIR / "pagefind-entry.json")
                steps["indexed"] = True
        return code
    finally:
        for tmp in [*parts.values(), *bundles.values()]:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb build")
    parser.add_argument("--site", type=Path, default=SITE, help="output folder (default: site/)")
    parser.add_argument("--pdf", action="store_true", help="also write the PDF guides")
    parser.add_argument("--sequential", action="store_true",
                        help="build the languages one after the other in one MkDocs process (slower)")
    parser.add_argument("--timings", type=Path, help="write the duration of each step to this JSON file")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="MkDocs configuration (default: mkdocs.yml)")
    parser.add_argument("--lang", choices=MESSAGE_LANGS, default=None,
                        help="language of the checker's messages (default: from LANGUAGE / LANG)")
    parser.add_argument("--drafts", action="store_true",
                        help="build the drafts too, each with its banner (a pull request's preview; never for publishing)")
    args = parser.parse_args(argv)
    if args.drafts:
        os.environ[DRAFTS_ENV] = "1"  # inherited by the MkDocs processes (plugin.py)
    if args.lang:
        os.environ[MESSAGES_LANG_ENV] = args.lang  # inherited by the MkDocs processes (plugin.py)
    steps: dict = {}
    start = time.perf_counter()
    # In parallel, each language's search index is made as soon as its pages are (scripts/kb/adapter/parallel.py).
    code = build_html(args.site.resolve(), config=args.config.resolve(), sequential=args.sequential, steps=steps,
                      index=not args.sequential)
    steps.setdefault("html", time.perf_counter() - start)
    if code == 0 and not steps.pop("indexed", False):  # one search index per language, from the built HTML
        from kb.generate import search

        code = search.index_site(args.site.resolve())
    steps["search_index"] = time.perf_counter() - start - steps["html"]  # after the last page was built
    if code == 0:  # the web editor's pages /admin/ and /fr/admin/ (kb/editor), once per build
        write_admin(args.site.resolve())
    if args.timings:
        args.timings.write_text(json.dumps({k: round(v, 3) for k, v in steps.items()}) + "\n", encoding="utf-8")
    if code == 0 and args.pdf:
        try:
            from kb.guide import pdf
        except ImportError:
            print("PDF guide not available yet", file=sys.stderr)
        else:
            code = pdf.main(["--site", str(args.site)])
    if code == 0:
        code = write_offline(args.site.resolve(), steps)
        if args.timings:
            args.timings.write_text(json.dumps({k: round(v, 3) for k, v in steps.items()}) + "\n", encoding="utf-8")
    return code


def write_offline(site: Path, steps: dict) -> int:
    """The site read offline (generate/offline.py), last: its lists need the search index and the
    PDF guides, and the home pages say the size of their language's copy."""
    from kb.content.guide_spec import load_spec
    from kb.generate import offline

    start = time.perf_counter()
    spec = load_spec()
    pdfs = {lang: spec.languages[lang].file for lang in LANGS if lang in spec.languages}
    private = [lang_prefix(lang) + ADMIN + "/" for lang in LANGS]  # the web editor: never from a cache
    try:
        report = offline.write(site, private, pdfs)
    except offline.OfflineMissing as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    steps["offline"] = time.perf_counter() - start
    for line in offline.summary(report):
        print(line, file=sys.stderr)
    return 0
