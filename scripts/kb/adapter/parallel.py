"""Build the languages in parallel: one MkDocs process per language, then one site.

mkdocs-static-i18n builds the languages one after the other in one process (the second inside the
first one's `on_post_build`). Here each language gets its own process, on its own core:
- the default language (it) builds into the site folder, as usual;
- every other language builds into a temporary folder next to it; its pages land in <tmp>/<lang>/
  exactly where the sequential build puts them, and that folder is moved into the site;
- the sitemaps of the processes are merged (each lists its own language's pages, with alternates).

Every process still knows every language: the plugin is told which one to build (the same state
its own loop sets for the second language), so URLs, the language switcher's links, hreflang,
the sitemap's alternates and the generated twins are those of the sequential build; only the
theme's assets and the root files of the other processes, duplicates, are dropped. `python -m
kb build --sequential` keeps the plugin's own sequential build for comparison.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from kb.content.paths import DEFAULT_LANG, LANGS, ROOT

ENV = "KB_BUILD_LANG"  # set by build.py in each MkDocs process: the one language it builds
SITEMAP = "sitemap.xml"


def guard_template_cache() -> str | None:
    """Jinja reads `environment.bytecode_cache` when it loads a template."""
    import jinja2
    from jinja2 import loaders

    from kb.adapter.levers import source

    if not hasattr(jinja2, "FileSystemBytecodeCache"):
        return "jinja2 has no FileSystemBytecodeCache"
    if "environment.bytecode_cache" not in source(loaders.BaseLoader.load):
        return "jinja2's loaders no longer read environment.bytecode_cache"
    return None


def template_cache():
    """Jinja's bytecode cache in .cache/jinja (git-ignored): each MkDocs process (two per build, one
    per rebuild of `make serve`) compiles Material's ~40 templates again otherwise. Keyed by the
    template's source, so an edited template is compiled afresh. Plugin option `template_cache`."""
    from jinja2 import FileSystemBytecodeCache

    folder = ROOT / ".cache" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def only_language() -> str | None:
    """The language this MkDocs process builds alone, or None (all languages, sequentially)."""
    lang = os.environ.get(ENV)
    return lang if lang in LANGS else None


UNAVAILABLE = 75  # a language's process exits with it when static-i18n is not as restrict_i18n needs


def guard_parallel() -> str | None:
    """What restrict_i18n needs of mkdocs-static-i18n (written for 1.3): the plugin's own loop over
    its other languages (`on_post_build`) sets `current_language` and `building`; `on_config` picks
    the language to build from `current_language`, and `build_languages` lists them."""
    import inspect

    from mkdocs_static_i18n.plugin import I18n

    from kb.adapter.levers import source

    plugin = I18n()
    for attribute in ("current_language", "building"):
        if not hasattr(plugin, attribute):
            return f"its plugin has no '{attribute}'"
    if not isinstance(inspect.getattr_static(I18n, "build_languages", None), property):
        return "its plugin has no 'build_languages'"
    text = "".join(source(sys.modules[cls.__module__]) for cls in I18n.__mro__
                   if cls.__module__.startswith("mkdocs_static_i18n"))
    for needed, what in (("if self.building", "no longer reads 'building' to stop its nested builds"),
                         ("self.current_language = locale", "no longer builds a language by setting 'current_language'"),
                         ("if self.current_language is None", "no longer keeps a 'current_language' set before on_config"),
                         ("for locale in self.build_languages", "no longer loops over 'build_languages'")):
        if needed not in text:
            return what
    return None


def restrict_i18n(plugin, lang: str) -> None:
    """Make mkdocs-static-i18n (1.3) build `lang` only, with every language still configured.

    The plugin's own loop does this for its second language: it sets `current_language`, and
    `building` stops the nested builds. Call before the plugin's `on_config`. With another
    static-i18n (guard_parallel), the process exits with UNAVAILABLE at once, and `python -m kb
    build` builds the languages sequentially instead (adapter/build.py).
    """
    from kb.adapter import levers

    if levers.check("parallel") is not None:
        raise SystemExit(UNAVAILABLE)
    if lang not in plugin.build_languages:
        raise RuntimeError(f"language '{lang}' is not built by the i18n plugin")
    plugin.current_language = lang
    plugin.building = True


def start(lang: str, cmd: list[str], env: dict, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(cmd, env=dict(env, **{ENV: lang}), cwd=cwd)


def wait_all(procs: dict[str, subprocess.Popen], start: float, steps: dict, then=None) -> list[int]:
    """Wait for every process; note in `steps` when each language was done ('html_it': seconds).
    `then(lang)`, if given, runs as soon as that language's process succeeded (while the others
    may still be building) and its exit code counts too ('index_it': when it was done)."""
    codes: dict[str, int] = {}

    def wait(lang: str, proc: subprocess.Popen) -> None:
        codes[lang] = proc.wait()
        steps[f"html_{lang}"] = round(time.perf_counter() - start, 3)
        if codes[lang] == 0 and then is not None:
            codes[lang] = then(lang)
            steps[f"index_{lang}"] = round(time.perf_counter() - start, 3)

    threads = [threading.Thread(target=wait, args=item) for item in procs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [codes[lang] for lang in procs]


def merge_bundles(bundles: list[Path], dest: Path, entry_name: str) -> None:
    """Merge single-language Pagefind bundles into one, the bundle one run over the whole site
    writes: the index files are named by language and content hash, the script and UI files are
    the same in every bundle, and the entry file lists each bundle's language."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    entry: dict | None = None
    for bundle in bundles:
        data = json.loads((bundle / entry_name).read_text(encoding="utf-8"))
        if entry is None:
            entry = data
        else:
            same = {k: v for k, v in data.items() if k != "languages"} == {k: v for k, v in entry.items() if k != "languages"}
            if not same:
                raise RuntimeError(f"Pagefind bundles differ beyond their languages: {bundle}")
            entry["languages"].update(data["languages"])
        for path in sorted(bundle.rglob("*")):
            if path.is_file() and path.name != entry_name:
                target = dest / path.relative_to(bundle)
                target.parent.mkdir(parents=True, exist_ok=True)
                if not target.exists():
                    os.replace(path, target) if _same_device(path.parent, target.parent) else shutil.copyfile(path, target)
    if entry is not None:
        (dest / entry_name).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _urls(text: str) -> str:
    """The <url> elements of a sitemap, as text."""
    start = text.find("<url>")
    end = text.rfind("</urlset>")
    return text[start:end].rstrip() if start != -1 and end != -1 else ""


def merge_sitemaps(site: Path, others: list[Path]) -> None:
    """Append the <url> entries of the other languages' sitemaps to the site's, in language order
    (as the sequential build writes them), and rewrite sitemap.xml.gz like MkDocs does."""
    main = site / SITEMAP
    if not main.exists():
        return
    text = main.read_text(encoding="utf-8")
    extra = [_urls(other.read_text(encoding="utf-8")) for other in others if other.exists()]
    extra = [block for block in extra if block]
    if not extra:
        return
    end = text.rfind("</urlset>")
    head = text[:end].rstrip()
    text = head + "".join("\n    " + block for block in extra) + "\n" + text[end:]
    main.write_text(text, encoding="utf-8")
    gz = site / (SITEMAP + ".gz")
    mtimes = [_gzip_mtime(p.parent / (SITEMAP + ".gz")) for p in [main, *others]]
    mtime = max((m for m in mtimes if m is not None), default=0)
    with open(gz, "wb") as fh, gzip.GzipFile(fileobj=fh, filename=str(gz), mode="wb", mtime=mtime) as out:
        out.write(text.encode("utf-8"))


def _gzip_mtime(path: Path) -> int | None:
    try:
        header = path.read_bytes()[:8]
    except OSError:
        return None
    return int.from_bytes(header[4:8], "little") if header[:2] == b"\x1f\x8b" else None


def assemble(site: Path, parts: dict[str, Path]) -> None:
    """Move each other language's folder (<tmp>/<lang>/) into the site and merge the sitemaps."""
    for lang, tmp in parts.items():
        target = site / lang
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp / lang, target) if _same_device(tmp, site) else shutil.move(str(tmp / lang), str(target))
    merge_sitemaps(site, [tmp / SITEMAP for tmp in parts.values()])


def _same_device(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_dev == b.stat().st_dev
    except OSError:
        return False


def other_languages() -> list[str]:
    return [lang for lang in LANGS if lang != DEFAULT_LANG]


_SITEMAP_URL = re.compile(r"<loc>([^<]+)</loc>")


def sitemap_locations(site: Path) -> list[str]:
    """The page addresses a sitemap lists (for tests and checks)."""
    return _SITEMAP_URL.findall((site / SITEMAP).read_text(encoding="utf-8"))
