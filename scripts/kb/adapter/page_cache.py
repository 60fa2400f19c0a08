"""`make serve`: write again, without rendering it again, the HTML of a page nothing has changed for.

After the render cache (scripts/kb/adapter/render_cache.py) has spared the Markdown of unchanged pages, a
rebuild of `mkdocs serve` still runs Material's templates for every page of both languages: most of
what is left of a rebuild. A page's HTML depends on
- its own Markdown after the hooks, its source and address, the language being built;
- the twin in the other language (the notice that says a translation is behind its original);
- what every page shares: the front matter of all pages (titles in the navigation and the lists,
  the metadata boxes, the latest updates), the set of pages, git's dates, the templates, the data
  files, the build's code, mkdocs.yml and the address the preview is served at.
The last group is one signature per build (`begin`); the others are part of each page's key. When a
page's key equals the one of the previous build, the HTML that build wrote for it is written again.
Editing the text of a page re-renders that page and its twin; editing front matter, a template or a
data file re-renders everything, as before.

Never used by `make html` / `make site`. The plugin option `page_cache: false` turns it off. What
is kept lives in a `PageCache` that the plugin owns (MkDocs keeps the plugin between the rebuilds
of `mkdocs serve`) and hands to `install`.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path


class PageCache:
    """The HTML written for each page by the previous builds, and the shared signature of the
    build that runs."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[tuple, bytes]] = {}  # destination file -> (key, HTML written for it)
        self.signature: str | None = None

    def begin(self, value: str | None) -> None:
        """The shared signature of the build that starts (None: reuse nothing in it)."""
        self.signature = value

WATCHED = ("mkdocs.yml", "overrides", "data", "scripts")  # what the build reads besides docs/


def _tree_state(root: Path) -> list:
    """Path, size and modification time of every file the build reads besides the pages."""
    out = []
    for name in WATCHED:
        top = root / name
        if top.is_file():
            stat = top.stat()
            out.append((name, stat.st_size, stat.st_mtime_ns))
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for filename in sorted(filenames):
                path = Path(dirpath) / filename
                try:
                    stat = path.stat()
                except OSError:
                    continue
                out.append((path.relative_to(root).as_posix(), stat.st_size, stat.st_mtime_ns))
    return out


def signature(corpus, root: Path, last_changes: dict, site_url: str) -> str:
    """What all pages share, as one digest (see the module's docstring)."""
    digest = hashlib.sha256()
    for page in sorted(corpus.pages, key=lambda p: (p.lang, p.rel)):
        meta = json.dumps(page.meta, sort_keys=True, default=str, ensure_ascii=False)
        digest.update(f"{page.lang}\0{page.rel}\0{meta}\0".encode("utf-8", "surrogateescape"))
    digest.update(json.dumps(sorted(last_changes.items())).encode())
    digest.update(json.dumps(_tree_state(root)).encode())
    digest.update(site_url.encode())
    return digest.hexdigest()


def body_digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()


def guard() -> str | None:
    """mkdocs.commands.build.build calls the module's _build_page(page, config, doc_files, nav, env,
    dirty, excluded) by its name (so the module's attribute can be wrapped); utils.write_file."""
    from mkdocs import utils
    from mkdocs.commands import build as mkdocs_build

    from kb.adapter.levers import parameters, source

    current = getattr(mkdocs_build, "_build_page", None)
    if current is None:
        return "mkdocs.commands.build has no _build_page"
    original = getattr(current, "_kb_original", current)
    if parameters(original) != ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"]:
        return "_build_page(page, config, doc_files, nav, env, dirty, excluded) changed"
    if "_build_page(" not in source(mkdocs_build.build):
        return "mkdocs.commands.build.build no longer calls _build_page"
    if not callable(getattr(utils, "write_file", None)):
        return "mkdocs.utils.write_file is gone"
    return None


def install(cache: PageCache, twin_digests) -> bool:
    """Wrap MkDocs's `_build_page` with `cache`; `twin_digests(page)` gives the digests of the
    page's twins."""
    from mkdocs import utils
    from mkdocs.commands import build as mkdocs_build

    original = getattr(mkdocs_build._build_page, "_kb_original", mkdocs_build._build_page)
    pages = cache.pages

    def _build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
        shared = cache.signature
        key = None
        if shared is not None and not excluded and not dirty:
            key = (shared, page.file.src_uri, page.url, config.theme.get("language"),
                   body_digest(page.markdown or ""), tuple(twin_digests(page)))
        dest = page.file.abs_dest_path
        kept = pages.get(dest)
        if key is not None and kept is not None and kept[0] == key:
            utils.write_file(kept[1], dest)
            return
        original(page, config, doc_files, nav, env, dirty, excluded)
        if key is not None:
            try:
                pages[dest] = (key, Path(dest).read_bytes())
            except OSError:
                pages.pop(dest, None)

    vars(_build_page)["_kb_original"] = original
    mkdocs_build._build_page = _build_page
    return True


def uninstall() -> None:
    """MkDocs's own `_build_page` again (a build with `page_cache: false` in the same process)."""
    from mkdocs.commands import build as mkdocs_build

    original = getattr(getattr(mkdocs_build, "_build_page", None), "_kb_original", None)
    if original is not None:
        mkdocs_build._build_page = original
