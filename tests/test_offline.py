"""Reading without a network (scripts/kb/generate/offline.py, sw.js, overrides/assets/kb.js), in a
real Chromium with service workers on, both languages.

The built site is served on a free port with `Cache-Control: no-store`, so that once the network is
cut only the service worker, never the browser's HTTP cache, can answer. Every wait is on a state
(a page's element, the worker controlling the page, a cache entry), never a fixed time.
"""
from __future__ import annotations

import hashlib
import http.server
import json
import re
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from built_html import facts
from conftest import free_port
from kb.content.guide_spec import load_spec
from kb.content.strings import t
from kb.generate import offline
from site_pages import LANGS, PREFIX, file_of, require_page
from test_accessibility import AXE, axe_violations

pytestmark = pytest.mark.browser

QUERY = {"it": "welfare", "fr": "proximité"}
# What the control's live region said (role="status": what a screen reader announces), in order.
RECORD_STATUS = """
window.__said = [];
document.addEventListener('DOMContentLoaded', () => {
  const status = document.querySelector('.kb-offline__status');
  const watch = {childList: true, characterData: true, subtree: true};
  if (status) new MutationObserver(() => window.__said.push(status.textContent)).observe(status, watch);
});
"""


class _NoStore(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@pytest.fixture(scope="module")
def host(site):
    """The built site on its own free port, never cached by the browser. `host["root"]` can be
    switched to another build of the site (a new deploy)."""
    state = {"root": site}
    port = free_port()
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), lambda *args: _NoStore(*args, directory=str(state["root"]))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    state["url"] = f"http://127.0.0.1:{port}/"
    yield state
    httpd.shutdown()


class Reader:
    """One reader's browser (service workers on), with every request it makes."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(service_workers="allow")
        self.context.add_init_script(path=str(AXE))
        self.context.add_init_script(RECORD_STATUS)
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()

    def elsewhere(self) -> list[str]:
        return sorted({url for url in self.requests if urlsplit(url).hostname != "127.0.0.1"})

    def wait(self, function: str, arg=None, timeout: float = 30) -> None:
        """Until the JavaScript `function` (run in the page) is true: polled, as the page's policy
        allows no string evaluation."""
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(function, arg):
            assert time.monotonic() < deadline, f"still false after {timeout} s: {function} {arg!r}"
            self.page.wait_for_timeout(50)

    def controlled(self) -> None:
        self.wait("() => !!navigator.serviceWorker.controller")

    def cached(self, kind: str, path: str) -> bool:
        return self.page.evaluate(
            """([kind, url]) => caches.open(kind + ':' + new URL('/', location.href).href)
                 .then(cache => cache.match(url)).then(found => !!found)""",
            [kind, self.base + path],
        )

    def wait_cached(self, kind: str, path: str) -> None:
        self.wait("""([kind, url]) => caches.open(kind + ':' + new URL('/', location.href).href)
                      .then(cache => cache.match(url)).then(found => !!found)""", [kind, self.base + path])

    def keys(self, kind: str) -> list[str]:
        """The site-relative addresses held in one of the worker's caches."""
        return self.page.evaluate(
            """([kind, base]) => caches.open(kind + ':' + new URL('/', location.href).href)
                 .then(cache => cache.keys()).then(all => all.map(r => r.url.slice(base.length)).sort())""",
            [kind, self.base],
        )

    def saved(self, lang: str) -> dict | None:
        return self.page.evaluate(
            """(lang) => { const scope = new URL('/', location.href).href;
                 return caches.open('kb-meta:' + scope).then(c => c.match(scope + '__kb/saved-' + lang))
                   .then(r => r ? r.json() : null); }""",
            lang,
        )

    def open(self, path: str):
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, f"/{path}: {response and response.status}"
        return response

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def reader(browser, host):
    one = Reader(browser, host["url"])
    yield one
    one.close()


def title_of(site: Path, path: str) -> str:
    return facts(file_of(site, path)).title  # white space collapsed (no-break spaces too)


def title(reader: Reader) -> str:
    return " ".join(reader.page.title().split())


def save_language(reader: Reader, lang: str, pdf: bool = False) -> None:
    reader.open(PREFIX[lang])
    control = reader.page.locator("section.kb-offline")
    control.wait_for(state="visible")
    if pdf:
        control.get_by_role("checkbox").check()
    button = control.get_by_role("button")
    button.click()  # disabled while it saves
    try:
        reader.wait("() => !document.querySelector('.kb-offline__save').disabled", timeout=60)
    except AssertionError:
        print("DEBUG", control.inner_html(), reader.page.evaluate("() => [document.readyState, !!navigator.serviceWorker.controller]"))
        raise
    assert button.inner_text() == t(lang, "offline_update")
    status = control.locator(".kb-offline__status").inner_text()
    assert status.startswith(t(lang, "offline_saved").split("{date}")[0]), status


@pytest.mark.parametrize("lang", LANGS)
def test_pages_read_open_again_without_a_network(lang, site, host, reader):
    read = [require_page(site, template, lang) for template in ("phase", "glossary", "experience")]
    reader.open(read[0])
    reader.controlled()
    reader.wait_cached("kb-pages", read[0])  # the first page was loaded before the worker: kept then
    for path in read[1:]:
        reader.open(path)
        reader.wait_cached("kb-pages", path)
    # nothing beyond what was read: no other page kept, the language's list never asked for
    assert reader.saved(lang) is None
    assert reader.keys("kb-pages") == sorted(read)
    assert not any(url.endswith(offline.COPY_FILE) for url in reader.requests)

    reader.context.set_offline(True)
    for path in read:
        response = reader.open(path)
        assert response.from_service_worker
        assert title(reader) == title_of(site, path)
        assert reader.page.locator("article h1").first.is_visible()

    # an address never opened: the offline page, in the language of the address, listing what was read
    response = reader.open(PREFIX[lang] + "experiences/no-such-page/")
    assert reader.page.locator("html").get_attribute("lang") == lang
    header = reader.page.locator(".md-header")  # with its styles: not a bare page
    assert header.evaluate("h => getComputedStyle(h).backgroundColor") == "rgb(29, 78, 95)"
    assert reader.page.locator("h1").first.inner_text() == t(lang, "offline_page_title")
    listed = reader.page.locator(".kb-offline-saved__read a")
    listed.first.wait_for()
    titles = {" ".join(text.split()) for text in listed.all_inner_texts()}
    assert {title_of(site, path) for path in read} <= titles
    assert reader.page.locator(".kb-offline-saved__title").inner_text() == t(lang, "offline_page_read")
    assert reader.elsewhere() == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_saved_language_opens_every_page_and_searches_without_a_network(lang, site, host, reader):
    home = PREFIX[lang]
    reader.open(home)
    control = reader.page.locator("section.kb-offline")
    control.wait_for(state="visible")
    # the size is said before the reader chooses, in the reader's language
    size = re.escape(t(lang, "offline_size").split("{size}")[0])
    assert re.search(size + r"\d+(,\d)?\u00a0(kB|MB|ko|Mo)", control.inner_text())
    pdf_file = load_spec().languages[lang].file
    assert (site / pdf_file).is_file()
    assert t(lang, "offline_pdf").split("{size}")[0] in control.locator("label").inner_text()

    save_language(reader, lang)
    said = reader.page.evaluate("() => window.__said")
    progress = t(lang, "offline_progress").split("{done}")[0]
    assert any(text.startswith(progress) for text in said), said  # the progress, to screen readers
    assert reader.page.locator(".kb-offline__status").get_attribute("role") == "status"
    assert axe_violations(reader.page) == []
    # where a reader looks on every page: the footer's link, with the date of the saved copy
    footer = reader.page.locator(".md-footer .kb-offline-link")
    assert footer.is_visible() and footer.locator("a").get_attribute("href").endswith("#kb-offline")
    assert footer.locator(".kb-offline-link__date").inner_text().startswith(t(lang, "offline_link_saved").split("{date}")[0])
    copy = json.loads((site / PREFIX[lang] / offline.COPY_FILE).read_text(encoding="utf-8"))
    meta = reader.saved(lang)
    assert meta["version"] == copy["version"] and meta["pdf"] is False
    assert not reader.cached("kb-files", pdf_file), "the PDF guide is saved only if the reader asks"

    reader.context.set_offline(True)
    never_read = [require_page(site, template, lang) for template in ("about", "output", "browse", "contribute")]
    for path in never_read:
        response = reader.open(path)
        assert response.from_service_worker
        assert title(reader) == title_of(site, path)

    # search, from the saved index: results, and each opens
    reader.open(require_page(site, "search", lang))
    box = reader.page.locator("#kb-search-input")
    box.wait_for(state="visible")
    box.fill(QUERY[lang])
    first = reader.page.locator(".kb-search__results a").first
    first.wait_for(timeout=15_000)
    target = first.get_attribute("href")
    first.click()
    reader.page.wait_for_url(reader.base.rstrip("/") + target)
    assert reader.page.locator("h1").first.inner_text() != t(lang, "offline_page_title")

    # an unknown address: the offline page in this language, saying the copy is there
    reader.open(home + "no-such-page/")
    assert reader.page.locator("html").get_attribute("lang") == lang
    copy_line = reader.page.locator(".kb-offline-saved__copy")
    copy_line.wait_for(state="visible")
    assert copy_line.inner_text().startswith(t(lang, "offline_page_saved").split("{date}")[0])
    assert reader.page.locator(".kb-offline-saved__entry a").count() == 3

    # the PDF guide, when ticked
    reader.context.set_offline(False)
    save_language(reader, lang, pdf=True)
    assert reader.saved(lang)["pdf"] is True
    assert reader.cached("kb-files", pdf_file)
    assert reader.elsewhere() == []
    assert reader.context.cookies() == []


def test_the_editor_is_never_answered_from_a_cache(site, host, reader):
    reader.open("method/")
    reader.controlled()
    for admin in ("admin/", "fr/admin/"):
        response = reader.open(admin)
        assert not response.from_service_worker
    reader.context.set_offline(True)
    for admin in ("admin/", "fr/admin/"):
        with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
            reader.page.goto(reader.base + admin)


def _revision(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()  # Workbox's revision: an md5 of the file


def test_a_new_build_refreshes_the_precache_and_the_saved_copy(site, host, reader, tmp_path):
    save_language(reader, "it")
    before = reader.saved("it")["version"]

    # A new build: a page and the stylesheet change; the copy list and the worker are written again.
    deploy = tmp_path / "site"
    shutil.copytree(site, deploy)
    about = file_of(deploy, require_page(site, "about", "it"))
    marker = "Pagina cambiata dalla nuova versione"
    about.write_text(about.read_text(encoding="utf-8").replace("</h1>", f" – {marker}</h1>", 1), encoding="utf-8")
    css = deploy / "assets" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* new build */\n", encoding="utf-8")
    report = offline.write(deploy, ["admin/", "fr/admin/"], {"it": load_spec().languages["it"].file})
    assert report.copies["it"].version != before
    assert _revision(css) in (deploy / offline.SW).read_text(encoding="utf-8")
    host["root"] = deploy
    try:
        # The browser finds the new worker on the next page; it precaches the new stylesheet
        reader.open("method/")
        reader.wait(
            """(revision) => caches.keys().then(names => Promise.all(names.filter(n => n.startsWith('workbox-precache'))
                 .map(n => caches.open(n).then(c => c.keys())))).then(lists => lists.flat().some(r => r.url.includes(revision)))""",
            _revision(css),
        )
        # ... takes over, and brings the saved copy up to date in the background
        reader.wait(
            """(version) => caches.open('kb-meta:' + new URL('/', location.href).href)
                 .then(c => c.match(new URL('/__kb/saved-it', location.href).href)).then(r => r.json())
                 .then(meta => meta.version === version)""",
            report.copies["it"].version,
        )
        reader.context.set_offline(True)
        reader.open(require_page(site, "about", "it"))
        assert marker in reader.page.locator("h1").first.inner_text()
    finally:
        host["root"] = site
