"""The site read without a network (a progressive web app), both languages. No MkDocs here.

What each build adds, once the pages, the search index and the PDF guides are written:
- per language, a web app manifest (`<lang>/manifest.webmanifest`: names, icons, start address and
  scope inside the site, theme colour), linked from every reader page (overrides/main.html);
- per language, the list of its saved copy (`<lang>/offline/copy.json`): its pages, the images they
  show, its search index, and its PDF guide apart (saved only if the reader asks), each with its
  size to download and a hash of its content; the copy's version is a hash of the list;
- on each language's home page, the "save this language" control, with the size said before
  (stamped into the built page: the size is known only now);
- the service worker (`sw.js`, source: sw.js here), written by Workbox's injectManifest
  (workbox.cjs, Node): it precaches the theme's CSS, JS, fonts and the offline page of each
  language, with revisions from their content, and knows each language's copy version, so that a
  new build refreshes the saved copies. The Workbox runtime is copied into the site.

The offline page of each language (`/offline/`, `/fr/offline/`) is a generated page like the search
page (`virtual_pages`); the worker opens it for an address that is not saved. The page-side script
is overrides/assets/kb.js.
"""
from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
import subprocess
import tempfile
import zlib
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from kb.content.caches import cached
from kb.content.paths import DEFAULT_LANG, LANGS, ROOT, lang_prefix
from kb.content.sizes import size_label
from kb.content.texts import INTERFACE as ui
from kb.generate.virtual import template_pages

HERE = Path(__file__).resolve().parent
SW_SOURCE = HERE / "sw.js"
WORKBOX_SCRIPT = HERE / "workbox.cjs"

OFFLINE_REL = "offline.md"  # in each language folder: /offline/ and /fr/offline/
OFFLINE_TEMPLATE = "kb-offline.html"  # overrides/kb-offline.html
OFFLINE_DIR = "offline/"
COPY_FILE = "offline/copy.json"  # in each language folder
MANIFEST = "manifest.webmanifest"  # in each language folder
SW = "sw.js"  # at the site's root: its scope is the site's path
WORKBOX_DIR = "assets/workbox/"  # the Workbox runtime (worker side) and workbox-window (page side)
WINDOW_FILE = WORKBOX_DIR + "workbox-window.prod.umd.js"
MODULES = ("core", "routing", "strategies", "precaching")  # what sw.js loads, in this order
ICONS = ((192, "assets/icons/icon-192.png"), (512, "assets/icons/icon-512.png"))  # python -m kb.tools.icons
NETWORK_TIMEOUT_S = 4  # online, a page slower than this comes from the saved copy (then updates it)
SEARCH_BUNDLE = "pagefind/"

# Precached (on the first visit, with revisions): what every page needs to show. The pages, images
# and the search index are kept as they are read, or saved when the reader asks.
PRECACHE = [
    "assets/stylesheets/*.css", "assets/javascripts/*.js", "assets/*.css", "assets/*.js",
    "assets/favicon.svg", WINDOW_FILE, "assets/**/*.{woff,woff2}",
    *(lang_prefix(lang) + OFFLINE_DIR + "index.html" for lang in LANGS),
]
NOT_PRECACHED = ["assets/guide.css"]  # the printed guide's stylesheet (WeasyPrint only)
HASHED_NAME = r"\.[0-9a-f]{8}\.min\.(css|js)$"  # Material's files: their name changes with them

SLOT = '<div class="kb-offline" data-kb-offline-slot></div>'
STAMPED_RE = re.compile(r'<section class="kb-offline".*?</section>', re.S)

COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt"}  # by the host (gzip)
_IMG = re.compile(rb'<(?:img|source)\b[^>]*?\ssrc="([^"]+)"')
SAMPLE = 32  # pages compressed to estimate the download size of a language's HTML


class OfflineMissing(RuntimeError):
    pass


# --- the offline page and the manifest ----------------------------------------------------------------

@cached  # emptied with the other caches when `make serve` rebuilds (data/i18n may have changed)
def virtual_pages() -> dict[str, str]:
    """Generated pages, by source path under docs/ ('it/offline.md'), with their Markdown."""
    return template_pages(OFFLINE_REL, OFFLINE_TEMPLATE, "offline_page_title", "offline_page_description")


def theme_color(css: Path = ROOT / "overrides" / "assets" / "site.css") -> str:
    """The header's colour, as the site's stylesheet sets it (--md-primary-fg-color)."""
    try:
        match = re.search(r"--md-primary-fg-color:\s*(#[0-9a-fA-F]{3,8})\b", css.read_text(encoding="utf-8"))
    except OSError:
        match = None
    return match.group(1) if match else "#ffffff"


def manifest_json(lang: str, name: str, description: str, color: str) -> str:
    """The web app manifest of `lang`, written at <lang>/manifest.webmanifest: addresses relative
    to it, so that the site works under any path."""
    here = lang_prefix(lang)
    up = posixpath.relpath(".", here or ".") + "/" if here else "./"
    data = {
        "id": "./",
        "name": name,
        "short_name": ui.text(lang, "app_short_name"),
        "description": description,
        "lang": lang,
        "dir": "ltr",
        "start_url": "./",
        "scope": up,
        "display": "minimal-ui",
        "theme_color": color,
        "background_color": "#ffffff",
        "icons": [
            {"src": posixpath.relpath(path, here or ".") if here else path, "sizes": f"{px}x{px}",
             "type": "image/png", "purpose": "any"}
            for px, path in ICONS
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_manifest(site: Path, lang: str, name: str, description: str) -> Path:
    path = site / lang_prefix(lang) / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(manifest_json(lang, name, description, theme_color()), encoding="utf-8")
    return path


# --- a language's saved copy ------------------------------------------------------------------------

@dataclass
class Entry:
    path: str  # site-relative address: 'method/', 'fr/', 'pagefind/pagefind.js'
    size: int  # bytes to download (compressed by the host where it compresses)
    hash: str

    def row(self) -> list:
        return [self.path, self.size, self.hash]


@dataclass
class Copy:
    lang: str
    pages: list[Entry] = field(default_factory=list)
    images: list[Entry] = field(default_factory=list)
    search: list[Entry] = field(default_factory=list)
    pdf: Entry | None = None

    @property
    def files(self) -> list[Entry]:
        return self.pages + self.images + self.search

    @property
    def size(self) -> int:
        return sum(entry.size for entry in self.files)

    @property
    def version(self) -> str:
        rows = [f"{e.path} {e.hash}" for e in self.files + ([self.pdf] if self.pdf else [])]
        return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()[:16]

    def json(self) -> str:
        data = {"lang": self.lang, "version": self.version, "size": self.size,
                "files": [e.row() for e in self.files], "pdf": self.pdf.row() if self.pdf else None}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _entry(site: Path, rel: str, data: bytes | None = None, address: str | None = None) -> Entry:
    data = (site / rel).read_bytes() if data is None else data
    compress = Path(rel).suffix in COMPRESSED
    size = len(zlib.compress(data, 6)) if compress else len(data)
    return Entry(address if address is not None else rel, size, _digest(data))


def _page_files(site: Path, lang: str) -> list[Path]:
    """The built pages of `lang` (index.html files), without the editor and the offline page."""
    root = site / lang_prefix(lang)
    others = {lang_prefix(other).rstrip("/") for other in LANGS if other != lang and lang_prefix(other)}
    found = []
    for path in root.rglob("index.html"):
        parts = path.relative_to(root).parts
        if parts[0] in others or parts[0] in ("admin", OFFLINE_DIR.rstrip("/")):
            continue
        found.append(path)
    return sorted(found)


def _address(site: Path, page: Path) -> str:
    rel = page.parent.relative_to(site).as_posix()
    return "" if rel == "." else rel + "/"


def _pages(site: Path, lang: str) -> tuple[list[Entry], list[Entry]]:
    """The pages (their download size estimated from a sample compressed) and the images they show."""
    files = _page_files(site, lang)
    contents = [path.read_bytes() for path in files]
    step = max(1, len(files) // SAMPLE)
    sample = contents[::step]
    raw = sum(len(data) for data in sample)
    ratio = sum(len(zlib.compress(data, 6)) for data in sample) / raw if raw else 1.0
    pages = [Entry(_address(site, path), round(len(data) * ratio), _digest(data)) for path, data in zip(files, contents, strict=True)]
    images: dict[str, Entry] = {}
    for path, data in zip(files, contents, strict=True):
        if b"<img" not in data and b"<source" not in data:
            continue
        for src in _IMG.findall(data):
            url = src.decode("utf-8", "replace").split("#")[0].split("?")[0]
            if not url or ":" in url or url.startswith("/"):
                continue  # another site, data:, or an absolute path (not written by the build)
            target = (path.parent / url).resolve()
            try:
                rel = target.relative_to(site.resolve()).as_posix()
            except ValueError:
                continue
            if rel not in images and target.is_file():
                images[rel] = _entry(site, rel)
    return pages, [images[rel] for rel in sorted(images)]


def _search(site: Path, lang: str) -> list[Entry]:
    """The Pagefind files the search page of `lang` loads: its scripts, the language's WebAssembly,
    metadata, index chunks and fragments."""
    bundle = site / SEARCH_BUNDLE
    entry_file = bundle / "pagefind-entry.json"
    if not entry_file.exists():
        return []
    entry = json.loads(entry_file.read_text(encoding="utf-8")).get("languages", {}).get(lang)
    if not entry:
        return []
    names = ["pagefind-entry.json", "pagefind.js", "pagefind-worker.js", "pagefind-modular-ui.js",
             f"wasm.{entry.get('wasm') or 'unknown'}.pagefind", f"pagefind.{entry['hash']}.pf_meta"]
    for folder in ("index", "fragment", "filter"):
        if (bundle / folder).is_dir():
            names += sorted(f"{folder}/{p.name}" for p in (bundle / folder).iterdir() if p.name.startswith(f"{lang}_"))
    return [_entry(site, SEARCH_BUNDLE + name) for name in names if (bundle / name).is_file()]


def language_copy(site: Path, lang: str, pdf: str | None = None) -> Copy:
    """What saving `lang` downloads. `pdf`: the site-relative path of its PDF guide, if built."""
    pages, images = _pages(site, lang)
    copy = Copy(lang, pages, images, _search(site, lang))
    if pdf and (site / pdf).is_file():
        copy.pdf = _entry(site, pdf)
    return copy


# --- the control on the home page ----------------------------------------------------------------------

def control_html(lang: str, copy: Copy) -> str:
    """The "save this language" section of the home page of `lang`: hidden until the page's script
    finds a browser that can keep it (overrides/assets/kb.js)."""
    t = lambda key, **values: escape(ui.text(lang, key, **values), quote=True)  # noqa: E731
    data = {
        "lang": lang, "bytes": copy.size, "pdf-bytes": copy.pdf.size if copy.pdf else 0,
        "saved": t("offline_saved"), "update": t("offline_update"), "progress": t("offline_progress"),
        "failed": t("offline_failed"), "offline": t("offline_needs_network"), "space": t("offline_no_space"),
        "kb": escape(ui.text(lang, "guide_size_kb")), "mb": escape(ui.text(lang, "guide_size_mb")),
    }
    attrs = " ".join(f'data-{name}="{value}"' for name, value in data.items())
    parts = [
        f'<section class="kb-offline" id="kb-offline" aria-labelledby="kb-offline-title" {attrs} hidden>',
        f'<h2 id="kb-offline-title">{t("offline_title")}</h2>',
        f'<p>{t("offline_intro")} <strong>{t("offline_size", size=size_label(copy.size, lang))}</strong></p>',
    ]
    if copy.pdf:
        parts.append(
            f'<p class="kb-offline__pdf"><label><input type="checkbox" name="kb-offline-pdf"> '
            f'{t("offline_pdf", size=size_label(copy.pdf.size, lang))}</label></p>'
        )
    parts += [
        f'<p><button type="button" class="md-button md-button--primary kb-offline__save">{t("offline_save")}</button></p>',
        f'<progress class="kb-offline__progress" max="100" value="0" aria-label="{t("offline_progress_label")}" hidden></progress>',
        '<p class="kb-offline__status" role="status"></p>',
        "</section>",
    ]
    return "".join(parts)


def stamp_home(site: Path, lang: str, copy: Copy) -> Path | None:
    """Write the control into the built home page of `lang` (twice gives the same page)."""
    path = site / lang_prefix(lang) / "index.html"
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    section = control_html(lang, copy)
    new = text.replace(SLOT, section) if SLOT in text else STAMPED_RE.sub(lambda _m: section, text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return path


# --- the service worker ---------------------------------------------------------------------------------

def worker_config(copies: dict[str, Copy], private: list[str]) -> dict:
    """What sw.js knows of the site: the languages (home, offline page, copy list and version)."""
    return {
        "workbox": WORKBOX_DIR,
        "modules": list(MODULES),
        "timeout": NETWORK_TIMEOUT_S,
        "default": DEFAULT_LANG,
        "private": private,
        "languages": {
            lang: {"home": lang_prefix(lang), "offline": lang_prefix(lang) + OFFLINE_DIR,
                   "copy": lang_prefix(lang) + COPY_FILE, "version": copy.version}
            for lang, copy in copies.items()
        },
    }


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise OfflineMissing("Node.js is missing: the service worker is written with Workbox (npm); run `make html`")
    return node


def write_worker(site: Path, config: dict) -> dict:
    """sw.js with Workbox's injectManifest, and the Workbox files the site serves (workbox.cjs)."""
    source = SW_SOURCE.read_text(encoding="utf-8")
    if "__KB_CONFIG__" not in source:
        raise RuntimeError(f"{SW_SOURCE}: no __KB_CONFIG__ placeholder")
    source = source.replace("__KB_CONFIG__", json.dumps(config, ensure_ascii=False, sort_keys=True))
    with tempfile.TemporaryDirectory(prefix="kb-sw-") as tmp:
        src = Path(tmp) / "sw.js"
        src.write_text(source, encoding="utf-8")
        options = Path(tmp) / "options.json"
        options.write_text(json.dumps({
            "site": str(site), "swSrc": str(src), "swDest": SW, "runtimeDir": WORKBOX_DIR,
            "modules": list(MODULES), "windowDest": WINDOW_FILE, "globPatterns": PRECACHE,
            "globIgnores": NOT_PRECACHED, "noRevision": HASHED_NAME,
        }), encoding="utf-8")
        result = subprocess.run([_node(), str(WORKBOX_SCRIPT), str(options)], capture_output=True, text=True)
    if result.returncode != 0:
        if "Cannot find module" in result.stderr:
            raise OfflineMissing("Workbox (npm workbox-build) is not installed: run `make html`, which runs `npm ci`")
        raise RuntimeError(f"Workbox failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


@dataclass
class Report:
    copies: dict[str, Copy]
    precache: dict


def write(site: Path, private: list[str], pdfs: dict[str, str] | None = None) -> Report:
    """Everything the offline site needs, into the built `site`: each language's copy list and home
    control, then the service worker. `private`: site-relative folders never served from the
    cache (the web editor's). `pdfs`: {lang: site-relative path of its PDF guide}."""
    site = Path(site)
    pdfs = pdfs or {}
    copies = {}
    for lang in LANGS:
        copy = language_copy(site, lang, pdfs.get(lang))
        home = stamp_home(site, lang, copy)
        if home is not None:  # the home page changed: its entry is made again
            address = _address(site, home)
            copy.pages = [_entry(site, home.relative_to(site).as_posix(), address=address) if e.path == address else e
                          for e in copy.pages]
        target = site / lang_prefix(lang) / COPY_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(copy.json(), encoding="utf-8")
        copies[lang] = copy
    precache = write_worker(site, worker_config(copies, private))
    return Report(copies, precache)


def summary(report: Report) -> list[str]:
    """One line per language and one for the precache, for the build's log."""
    lines = []
    for lang, copy in report.copies.items():
        pdf = f", PDF {copy.pdf.size / 1e6:.2f} MB" if copy.pdf else ""
        lines.append(f"offline copy ({lang}): {len(copy.pages)} pages, {len(copy.images)} images, "
                     f"{len(copy.search)} search files, {copy.size / 1e6:.2f} MB{pdf}")
    lines.append(f"precache: {report.precache.get('count')} files, {report.precache.get('size', 0) / 1e3:.0f} kB "
                 f"(Workbox {report.precache.get('workbox')})")
    return lines
