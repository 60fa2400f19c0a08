"""Markdown as GitHub shows it and as the site renders it, and placeholder words
(scripts/kb/check/rules/github_markdown.py): each construct reported where it is, and ordinary text left alone."""
from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from checker_fixtures import write_tree
from kb.check.rules.github_markdown import markdown_findings
from test_check import FR_EXP, IT_EXP, IT_HOME, checked, edit, put


@pytest.fixture
def docs(tmp_path) -> Path:
    return write_tree(tmp_path)


CASES = [
    # (id, text put at line 16 of the Italian home page, code, line, col, severity)
    ("list-after-paragraph", "Le fasi sono:\n- Conoscere\n- Creare relazioni", "KB110", 17, 1, "error"),
    ("ordered-list-after-paragraph", "Le fasi sono:\n1. Conoscere\n2. Creare", "KB110", 17, 1, "error"),
    ("list-after-paragraph-in-box", '!!! note "Nota"\n    Le fasi:\n    - Conoscere', "KB110", 18, 5, "error"),
    ("table-after-paragraph", "I dati:\n| a | b |\n|---|---|\n| 1 | 2 |", "KB111", 17, 1, "error"),
    ("nested-by-two", "- Conoscere\n  - ricerca\n- Creare", "KB112", 17, 3, "error"),
    ("nested-under-number", "1. Conoscere\n   - ricerca", "KB112", 17, 4, "error"),
    ("setext-heading", "Sezione\n-------", "KB113", 17, 1, "warning"),
    ("setext-heading-equals", "Sezione\n=======", "KB113", 17, 1, "warning"),
    ("skipped-level", "## Sezione\n\n#### Dettaglio", "KB114", 18, 1, "warning"),
    ("backslash-break", "Prima riga\\\nseconda riga", "KB115", 16, 11, "warning"),
    ("task-list", "- [ ] da fare", "KB116", 16, 1, "warning"),
]


@pytest.mark.parametrize("name,text,code,line,col,severity", CASES, ids=[c[0] for c in CASES])
def test_each_construct_is_reported_where_it_is(docs, name, text, code, line, col, severity):
    edit(docs, IT_HOME, "## Sezione", text)
    result = checked(docs)
    hits = result.find(code)
    assert [(f["line"], f["col"], f["severity"]) for f in hits] == [(line, col, severity)], result.out
    assert result.code == (1 if severity == "error" else 0), result.out
    assert not result.find("KB999")
    for lang in ("it", "fr"):
        message = checked(docs, "--lang", lang).find(code)[0]["message"]
        assert message and "{" not in message


def test_the_messages_give_a_fix_that_renders_the_same_in_both(docs):
    edit(docs, IT_HOME, "## Sezione", "Le fasi:\n- a\n  - b\n\nTitolo\n------")
    it = {f["code"]: f["message"] for f in checked(docs, "--lang", "it").findings}
    assert "riga vuota" in it["KB110"] and "4 spazi" in it["KB112"] and "«## Titolo»" in it["KB113"]
    fr = {f["code"]: f["message"] for f in checked(docs, "--lang", "fr").findings}
    assert "ligne vide" in fr["KB110"] and "4 espaces" in fr["KB112"]


GOOD = """Testo di un paragrafo
che continua su due righe.

- una voce
  che continua (riga pigra)
- un'altra voce

    - annidata di quattro spazi dopo una riga vuota

1. uno
2. due
    - annidata di quattro spazi

3. tre, con numero

| a | b |
|---|---|
| 1 | 2 |

!!! note "Nota"
    Testo nel riquadro.

    - voce nel riquadro
        - annidata

Termine
:   definizione

---

### Sottosezione

```markdown
Testo
- elenco subito dopo
  - annidato di due
Titolo
===
```

Una riga con una barra \\ nel mezzo, e un percorso C:\\\\ in una riga.
*[ATS]: Associazione temporanea di scopo
"""


def test_ordinary_markdown_is_not_reported(docs):
    edit(docs, IT_HOME, "## Sezione", "## Sezione\n\n" + GOOD)
    result = checked(docs)
    assert not [f for f in result.findings if f["code"].startswith("KB11")], result.out


def test_what_is_reported_is_what_python_markdown_renders_differently():
    """The site's renderer agrees: a list after a paragraph line is not a list, a two-space
    nested item is not nested, a table after a paragraph line is not a table."""
    md = markdown.Markdown(extensions=["tables"])
    assert "<ul>" not in md.reset().convert("Testo\n- a\n- b")
    assert "<ul>" in md.reset().convert("Testo\n\n- a\n- b")
    assert md.reset().convert("- a\n  - b").count("<ul>") == 1
    assert md.reset().convert("- a\n\n    - b").count("<ul>") == 2
    assert "<table>" not in md.reset().convert("Testo\n| a | b |\n|---|---|\n| 1 | 2 |")
    found = {code for _, _, code, _ in markdown_findings("Testo\n- a\n\n- a\n  - b\n\nTesto\n| a |\n|---|\n")}
    assert found == {"KB110", "KB112", "KB111"}


# --- links and images as the site's renderer finds them --------------------------------------------

SITE_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc", "sane_lists"]

LINK_CASES = [
    # (id, text put at line 16 of the Italian home page, (line, col) of each broken link reported)
    ("brackets-nested-in-the-text", "Vedi [la [nota [uno]] qui](manca.md).", [(16, 28)]),
    ("balanced-parentheses", "Vedi [orti](manca_(a_(b)).md).", [(16, 13)]),
    ("space-in-the-destination", "Vedi [orti](manca (1).md).", [(16, 13)]),
    ("title-with-a-parenthesis", 'Vedi [a](manca.md "titolo (con) parentesi)").', [(16, 10)]),
    ("angle-destination-with-spaces", "Vedi [a](<manca del tutto.md>).", [(16, 11)]),
    ("text-on-two-lines", "Vedi [una nota\nsu due righe](manca.md).", [(17, 15)]),
    ("escaped-brackets", "Vedi \\[non un link\\](manca.md).", []),
    ("closed-in-the-next-paragraph", "Vedi [a](manca.md\n\n) dopo.", []),
    ("link-in-an-image-alt-text", "![vedi [x](manca.md)](foto.png)", []),
    ("nested-link", "Vedi [a [b](manca.md)](experiences/orti.md).", []),
]


@pytest.mark.parametrize("name,text,where", LINK_CASES, ids=[c[0] for c in LINK_CASES])
def test_a_broken_link_is_reported_when_the_site_has_it(docs, name, text, where):
    """The checker reports the links Python-Markdown makes, where they are: the site agrees."""
    rendered = markdown.Markdown(extensions=SITE_EXTENSIONS).convert(text)
    assert ('href="manca' in rendered) == bool(where), rendered
    edit(docs, IT_HOME, "## Sezione", text)
    result = checked(docs)
    assert [(f["line"], f["col"]) for f in result.find("KB040")] == where, result.out


def test_an_image_inside_a_link_and_a_link_inside_an_image(docs):
    text = "[![logo](manca.png)](experiences/orti.md) e ![vedi [x](manca.md)](assente.png)"
    rendered = markdown.Markdown(extensions=SITE_EXTENSIONS).convert(text)
    assert rendered.count("<img") == 2 and rendered.count("<a ") == 1 and 'alt="vedi x"' in rendered
    edit(docs, IT_HOME, "## Sezione", text)
    result = checked(docs)
    assert [(f["line"], f["col"]) for f in result.find("KB041")] == [(16, 10), (16, 67)]
    assert not result.find("KB040")


def test_a_backslash_escape_in_a_destination_is_resolved_as_the_site_resolves_it(docs):
    put(docs, "it/img/foto_orto.png", b"\x89PNG\r\n\x1a\n")
    text = "![orto](img/foto\\_orto.png) e ![orto](img/foto\\_assente.png)"
    rendered = markdown.Markdown(extensions=SITE_EXTENSIONS).convert(text)
    assert 'src="img/foto_orto.png"' in rendered
    edit(docs, IT_HOME, "## Sezione", text)
    assert [(f["line"], f["col"]) for f in checked(docs).find("KB041")] == [(16, 39)]


SNIPPETS = [
    "[a](x.md) [b]( y.md ) ![c](z.png) [d](<w w.md> 'titolo') [e](v.md \"t (x)\")",
    "[a [b] c](x.md) [a](x_(1).md) \\[no\\](n.md) \\\\[si](s.md) [a](e\\_x.md)",
    "[![i](i.png)](p.md) ![alt [l](l.md)](j.png) [a [b](c.md)](d.md)",
    "[a\nb](x.md) [a](x.md\n\n) [c]() [d](#ancora) [e](x.md#a \"t\")",
    "Testo\n\n[r]: r.md\n[s]: <s s.md> \"t\"\n\n[uso][r] e [s]",
    "- [voce](v.md)\n- ![figura](f.png)\n\n> [citazione](c.md)",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_the_links_found_are_those_python_markdown_renders(text):
    """Each href and src of the rendering, and no other destination, is what the checker reads."""
    import html as html_lib

    from kb.check.markdown import iter_links

    rendered = markdown.Markdown(extensions=SITE_EXTENSIONS).convert(text)
    site = sorted(html_lib.unescape(u) for u in re.findall(r'(?:href|src)="([^"]*)"', rendered))
    found = list(iter_links(text))
    assert sorted(url for _, url, _ in found) == site, rendered
    images = {html_lib.unescape(u) for u in re.findall(r'src="([^"]*)"', rendered)}
    assert {url for _, url, image in found if image} == images
    for offset, url, _ in found:  # where the destination is written (escapes aside)
        assert text[offset:].startswith(url) or "\\" in text[offset:offset + len(url) + 2], (offset, url)


def test_an_anchor_is_the_id_the_site_gives_the_heading(docs):
    """Inline code, a link, emphasis and an escape in a heading: its id is the one on the site."""
    headings = "## Uso di `kb check`\n\n## Il [metodo](experiences/orti.md) *C4*\n\n## Foo\\_bar"
    anchors = ["uso-di-kb-check", "il-metodo-c4", "foo_bar"]
    rendered = markdown.Markdown(extensions=SITE_EXTENSIONS).convert(headings)
    assert all(f'id="{anchor}"' in rendered for anchor in anchors), rendered
    links = " ".join(f"[{n}](#{anchor})" for n, anchor in enumerate(anchors))
    edit(docs, IT_HOME, "## Sezione", f"{links}\n\n{headings}\n\n[x](#uso-di)")
    assert [(f["line"], f["col"]) for f in checked(docs).find("KB042")] == [(24, 5)]


# --- placeholders ------------------------------------------------------------------------------------

@pytest.mark.parametrize("word", ["TODO", "TBD", "FIXME", "Lorem ipsum", "xxx", "todo"])
def test_a_placeholder_on_a_published_page_is_an_error(docs, word):
    edit(docs, IT_HOME, "## Sezione", f"## Sezione\n\nDa scrivere: {word} qui.")
    result = checked(docs)
    assert [(f["line"], f["col"], f["severity"]) for f in result.find("KB052")] == [(18, 14, "error")]
    assert result.code == 1


def test_a_placeholder_in_the_front_matter_is_found_too(docs):
    edit(docs, IT_HOME, "title: Pagina iniziale", "title: Pagina iniziale TODO")
    assert [(f["line"], f["col"]) for f in checked(docs).find("KB052")] == [(4, 24)]


def test_a_placeholder_on_a_draft_is_a_warning(docs):
    for rel in (IT_EXP, FR_EXP):
        edit(docs, rel, "status: published", "status: draft")
    edit(docs, IT_EXP, "A Torino.", "A Torino. TODO: aggiungere le date.")
    edit(docs, IT_HOME, "[esperienza](experiences/orti.md) e la sezione [Dove](experiences/orti.md#dove)", "esperienza")
    edit(docs, "fr/index.md", "[expérience](experiences/orti.md) et la section [Où](experiences/orti.md#ou)", "expérience")
    result = checked(docs)
    assert [f["severity"] for f in result.find("KB053")] == ["warning"]
    assert result.code == 0, result.out


def test_words_that_contain_a_placeholder_are_not_placeholders(docs):
    edit(docs, IT_HOME, "## Sezione", "Il metodo, la metodologia, todos, xxxl, TBDs.")
    assert not checked(docs).find("KB052")


def test_the_scanners_never_raise_on_odd_text():
    import random

    from kb.check.markdown import iter_links, mask_code
    from kb.check.rules.github_markdown import placeholder_hits
    from kb.check.rules.links_media import iter_markdown_links
    from kb.check.rules.safety import attr_list_findings, html_findings, svg_findings

    rng = random.Random(16)
    alphabet = [*list("ab -*+1.)#=|:\\\n\t[]()!<>/\"'{}`~x"), "TODO", "<img", "<svg", "{:", "](", "\n    ", "İ"]
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120)))
        masked = mask_code(text)
        list(markdown_findings(masked))
        list(html_findings(masked))
        list(attr_list_findings(masked))
        list(iter_markdown_links(masked))
        list(iter_links(masked))
        list(svg_findings(text))
        list(placeholder_hits(text))
