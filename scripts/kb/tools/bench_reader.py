"""`make bench`: what a reader downloads from the built site (scripts/kb/tools/bench.py).

The first load of a phase page (the HTML and every local file it references, each gzip-compressed)
and, with Chromium, the files the search page of each language requests until one query's results
show, with the languages of the Pagefind index files it loaded.
"""
from __future__ import annotations

import functools
import gzip
import html.parser
import http.server
import re
import socket
import threading
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urljoin, urlsplit

from kb.content.paths import ROOT

PHASE_PAGE = "method/conoscere/"  # the page whose first load is measured
SEARCH_QUERY = {"it": "servizi", "fr": "services"}  # frequent words of the pseudo-text
GZIP_LEVEL = 6  # zlib's default, what most static hosts use
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _Refs(html.parser.HTMLParser):
    """Local resources a browser fetches when it renders a page (without running scripts)."""

    FETCHED_RELS: ClassVar[set[str]] = {"stylesheet", "icon", "shortcut icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href") and (a.get("rel") or "").lower() in self.FETCHED_RELS:
            self.urls.append(a["href"])
        elif tag in {"script", "img", "iframe", "audio", "video", "source", "embed"} and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        elif tag == "use" and (a.get("href") or a.get("xlink:href", "")).split("#")[0]:
            self.urls.append((a.get("href") or a["xlink:href"]).split("#")[0])
        if a.get("srcset"):
            self.urls += [part.strip().split(" ")[0] for part in a["srcset"].split(",") if part.strip()]
        if a.get("style"):
            self.urls += _css_urls(a["style"])


def _css_urls(css: str) -> list[str]:
    found = re.findall(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""", css)
    found += re.findall(r"""@import\s+['"]([^'"]+)['"]""", css)
    return [u for u in found if not u.startswith(("data:", "#"))]


def transfer_size(path: Path) -> int:
    """Bytes over the wire: the gzip size, or the file's size if it is already gzip-compressed
    (Pagefind's index, fragments and wasm are)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        return len(data)
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def _local_file(site: Path, page_url: str, ref: str) -> Path | None:
    """The file of the site that `ref` (seen on the page at site-relative URL `page_url`) names."""
    target = urlsplit(urljoin("http://site/" + page_url, ref))
    if target.scheme not in {"http", "https"} or target.hostname != "site":
        return None  # another host: not part of the site (there should be none)
    path = unquote(target.path).lstrip("/")
    candidate = site / path
    if candidate.is_dir() or path.endswith("/") or not path:
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def first_load(site: Path, page_url: str = PHASE_PAGE) -> dict:
    """Compressed bytes of a page and of every local file it references (CSS files' own url()s
    too), each counted once."""
    page_file = site / page_url / "index.html"
    files: dict[str, int] = {}
    todo = [(page_url, page_file)]
    seen: set[Path] = set()
    while todo:
        _url, path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        files[path.relative_to(site).as_posix()] = transfer_size(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            parser = _Refs()
            parser.feed(text)
            refs = parser.urls + [u for block in re.findall(r"<style[^>]*>(.*?)</style>", text, re.S) for u in _css_urls(block)]
        elif path.suffix == ".css":
            refs = _css_urls(text)
        else:
            refs = []
        base = path.relative_to(site).as_posix()
        for ref in refs:
            local = _local_file(site, base, ref)
            if local is not None:
                todo.append((local.relative_to(site).as_posix(), local))
    return {"bytes": sum(files.values()), "files": dict(sorted(files.items()))}


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under its base path (/metodo-c4/ for the published address)."""

    base = "/"

    def translate_path(self, path):
        if path.startswith(self.base):
            path = "/" + path[len(self.base):]
        return super().translate_path(path)

    def log_message(self, *args):
        pass


def _base_path() -> str:
    url = _site_url_from_config()  # the builds run without SITE_URL (see _env), as `make html`
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"


def _site_url_from_config() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r'site_url:.*?"(https?://[^"]+)"', text)
    return match.group(1) if match else "/"


def browser_bytes(site: Path) -> dict:
    """With Chromium: the files requested on the first load of the phase page, then, per language,
    on the search page until the results of a typical query are shown (files already loaded by
    the phase page count as cached). Sizes are the compressed sizes of the files on disk."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "playwright is not installed"}
    if not Path(CHROMIUM).exists():
        return {"error": f"{CHROMIUM} is missing"}
    base = _base_path()
    handler = functools.partial(type("H", (_SiteHandler,), {"base": base}), directory=str(site))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    root = f"http://127.0.0.1:{port}{base}"
    out: dict = {"method": "Chromium request log; sizes = gzip of each requested file on disk"}

    def size_of(urls: list[str]) -> dict[str, int]:
        sizes = {}
        for url in urls:
            path = urlsplit(url).path
            if not path.startswith(base):
                continue
            local = _local_file(site, "", path[len(base):])
            if local is not None:
                sizes[local.relative_to(site).as_posix()] = transfer_size(local)
        return sizes

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for lang in ("it", "fr"):
                    prefix = "" if lang == "it" else "fr/"
                    context = browser.new_context()
                    page = context.new_page()
                    requested: list[str] = []
                    page.on("requestfinished", functools.partial(_note_url, requested))
                    page.goto(root + prefix + PHASE_PAGE)
                    page.wait_for_load_state("networkidle")
                    first = size_of(requested)
                    out[f"first_load_{lang}"] = {"bytes": sum(first.values()), "files": first}
                    requested.clear()
                    page.goto(root + prefix + "search/")
                    page.wait_for_load_state("networkidle")
                    box = page.locator("#kb-search-input")
                    if box.count() == 0 or not box.is_visible():
                        out[f"search_{lang}"] = {"error": "no search box on the search page"}
                        context.close()
                        continue
                    box.fill(SEARCH_QUERY[lang])
                    page.locator(".kb-search__results a").first.wait_for(timeout=30000)
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(300)
                    searched = {k: v for k, v in size_of(requested).items() if k not in first}
                    out[f"search_{lang}"] = {
                        "query": SEARCH_QUERY[lang],
                        "bytes": sum(searched.values()),
                        "files": searched,
                        "results_shown": page.locator(".kb-search__results a").count(),
                    }
                    context.close()
            finally:
                browser.close()
    except Exception as exc:  # a browser problem must not lose the timings
        out["error"] = f"{type(exc).__name__}: {exc}".splitlines()[0]
    finally:
        httpd.shutdown()
    return out


def search_languages(result: dict) -> dict:
    """The languages of the Pagefind index files (meta, wasm, index chunks, fragments) that each
    language's search page loaded: each must load its own language only."""
    report = {}
    for lang in ("it", "fr"):
        files = (result.get(f"search_{lang}") or {}).get("files", {})
        found = set()
        for name in files:
            base = name.rsplit("/", 1)[-1]
            if not base.endswith((".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")):
                continue
            match = re.match(r"(?:pagefind\.|wasm\.)?([a-z]{2}(?:-[a-z]+)?|unknown)[_.]", base)
            if match:
                found.add(match.group(1))
        report[lang] = sorted(found)
    return report


def _note_url(requested: list[str], request) -> None:
    """A finished request's address, kept for the size of a page's first load."""
    requested.append(request.url)
