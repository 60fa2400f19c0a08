"""The build skips the sanitizer only for HTML it would give back as it is (kb/adapter/sanitize_gate.py).

Every page of the site, converted with the extensions of mkdocs.yml: where the gate lets the HTML
through, nh3 with the site's allowlist keeps every element, attribute and text of it. And each way
Markdown alone (no raw HTML) can make something the allowlist refuses sends the page to nh3."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from kb.adapter.markdown_floor import extensions
from kb.adapter.sanitize_gate import SanitizeGate
from kb.content import allowlist
from kb.content.frontmatter import split
from kb.generate.blocks import MARKERS

ROOT = Path(__file__).resolve().parent.parent
VOID = {"br", "hr", "img"}


class _Events(HTMLParser):
    """What a browser would see, serialisation aside: tags with their attributes, text, comments."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(sorted(attrs))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag not in VOID:
            self.events.append(("end", tag))

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))

    def handle_comment(self, data):
        self.events.append(("comment", data))


def events(html: str) -> list[tuple]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.events


@pytest.fixture(scope="module")
def convert():
    names, configs = extensions(ROOT / "mkdocs.yml")
    gate = SanitizeGate(MARKERS)
    converter = markdown.Markdown(extensions=[*names, gate], extension_configs=configs)

    def run(text: str) -> tuple[str, bool]:
        converter.reset()
        html = converter.convert(text)
        return html, not gate.needs_sanitizer(html, "page.md")

    return run


def test_html_let_through_is_what_the_sanitizer_would_keep(convert):
    let_through = 0
    for path in sorted((ROOT / "docs").rglob("*.md")):
        html, kept = convert(split(path.read_text(encoding="utf-8"))[1])
        if kept:
            let_through += 1
            clean = allowlist.sanitize(html, keep_comments=MARKERS)
            assert events(clean) == events(html), path.relative_to(ROOT)
    assert let_through > 10  # the gate is of use: most pages are plain Markdown


@pytest.mark.parametrize("text", [
    "[clic](javascript:alert(1))",
    "[clic](JavaScript:alert(1))",
    "[clic]( javascript:alert(1))",
    "[clic](java&#x09;script:alert(1))",
    "[clic](&#106;avascript:alert(1))",
    "[clic](javascript&colon;alert(1))",
    "![pixel](&#x2F;&#x2F;tracker.example/p.gif)",
    "[clic][x]\n\n[x]: data:text/html;base64,PHNjcmlwdD4=",
    "<javascript:alert(1)>",
    "![pixel](https://tracker.example/p.gif)",
    "![pixel](//tracker.example/p.gif)",
    "![pixel](/etc/passwd)",
    "Testo.\n{: onclick=\"alert(1)\" }",
    "Testo.\n{: style=\"display:none\" }",
    "Testo.\n{: .md-button }",
    "## Titolo {#__config}",
    "!!! evil \"Titolo\"\n    Testo.",
    "Testo <b onmouseover=\"alert(1)\">grassetto</b>.",
    "<div markdown onclick=\"alert(1)\">\nTesto\n</div>",
    "<!-- un commento -->\n\nTesto.",
    "```html\n<script>alert(1)</script>\n```",
])
def test_markdown_that_makes_something_refused_goes_to_the_sanitizer(convert, text):
    html, kept = convert(text)
    assert not kept, html
    assert events(allowlist.sanitize(html, keep_comments=MARKERS)) != events(html) or "```" in text


@pytest.mark.parametrize("text", [
    "Un [collegamento](../method/index.md#fasi \"titolo\") e [un altro](https://www.example.org/?a=1&b=2).",
    "Visitate https://www.example.org o www.example.org.",
    "Un [modulo](https://www.example.org/cerca?a=1&b=2) con due parametri.",
    "![Schema](../assets/images/schema.png){: width=\"320\" loading=\"lazy\" }",
    "!!! abstract \"In breve\"\n    Testo *corsivo* e **grassetto**, ~~barrato~~ &amp; &eacute;.",
    "| A | B |\n|:--|--:|\n| 1 | 2 |",
    "*[ATS]: Associazione temporanea di scopo\n\nL'ATS lavora.",
])
def test_plain_markdown_is_let_through_unchanged(convert, text):
    html, kept = convert(text)
    assert kept, html
    assert events(allowlist.sanitize(html, keep_comments=MARKERS)) == events(html)
