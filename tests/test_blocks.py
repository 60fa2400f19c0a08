"""Generated blocks as objects (generate/block.py): a page keeps its Blocks behind markers, the
build puts them back in place of the markers only, and the printed guide cuts their items."""
from __future__ import annotations

import markdown
import pytest
from kb.content.guide_spec import Chapter, LanguageGuide
from kb.content.pages import load_pages
from kb.generate.block import Block, PageBlocks, html_list
from kb.generate.blocks import LangBuild
from kb.guide.contents import Contents, PageContent
from kb.guide.document import GuideBuilder

SITE_URL = "https://example.net/site/"
LOOKALIKE = '<ul class="kb-list">\n<li>scritta a mano</li>\n<li>anche questa</li>\n<li>e la terza</li>\n</ul>'


def _write(path, meta: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = "".join(f"{key}: {value}\n" for key, value in meta.items())
    path.write_text(f"---\n{head}---\n\n{body}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A phase page whose text holds a list that looks like the build's own, and 25 experiences."""
    docs = tmp_path_factory.mktemp("blocks") / "docs"
    _write(docs / "it/method/conoscere.md",
           {"id": "conoscere", "type": "phase", "code": "conoscere", "title": "Conoscere", "description": "Fase."},
           "## Testo\n\nUn elenco scritto a mano:\n\n" + LOOKALIKE)
    _write(docs / "it/method/cultura-comune.md",
           {"id": "cultura-comune", "type": "phase", "code": "cultura-comune", "title": "Cultura comune",
            "description": "Fase."}, "## Testo\n\nAltro.")
    for i in range(25):
        _write(docs / f"it/experiences/e{i:02d}.md",
               {"id": f"e{i:02d}", "type": "experience", "title": f"Esperienza {i:02d}", "description": f"Numero {i}.",
                "phases": "[conoscere, cultura-comune]"}, "Testo.")
    return load_pages(docs, langs=("it",))


@pytest.fixture(scope="module")
def build(corpus):
    listings = {"pages": {}, "types": {"phase": [{"block": "phase-items"}]}}
    return LangBuild(corpus, "it", listings, terms=[])


def _html(build: LangBuild, page) -> str:
    """What Python-Markdown makes of the page's Markdown (markers still in it)."""
    return markdown.markdown(build.page_markdown(page.body, page), extensions=["toc"])


def test_a_list_of_25_items_cut_at_20_says_20_of_25_with_the_pages_address(build, corpus, tmp_path):
    page = corpus.by_id("it", "conoscere")
    html = _html(build, page)
    blocks = build.blocks_of(page.rel)
    assert [b.kind for b in blocks.blocks] == ["item-list"] and blocks.blocks[0].total == 25
    contents = Contents("it", SITE_URL, {page.rel: PageContent(html, [(m, b) for m, b in zip(blocks.markers, blocks.blocks, strict=True)])})
    guide = LanguageGuide(lang="it", file="guida.pdf", chapters=(Chapter(page="conoscere"),), list_limit=20)
    chapter = GuideBuilder(tmp_path, corpus, guide, contents).chapters()[0]
    body = " ".join(str(chapter.body).split())
    assert "Esperienza 19" in body and "Esperienza 20" not in body and "Esperienza 24" not in body
    assert (f'<p class="chapter-more">Schede in questa guida: 20 su 25. Elenco completo sul sito: '
            f'<a class="url-shown" href="{SITE_URL}method/conoscere/">{SITE_URL}method/conoscere/</a></p>') in body
    # the page's own list, written like the build's, is printed in full, even with a shorter limit
    assert "scritta a mano" in body and "e la terza" in body and body.count("chapter-more") == 1
    short = LanguageGuide(lang="it", file="guida.pdf", chapters=(Chapter(page="conoscere"),), list_limit=2)
    body = " ".join(str(GuideBuilder(tmp_path, corpus, short, contents).chapters()[0].body).split())
    assert "Schede in questa guida: 2 su 25." in body and body.count("chapter-more") == 1
    assert "e la terza" in body and "Esperienza 02" not in body


def test_the_site_gets_every_item_and_a_lookalike_in_the_text_is_left_alone(build, corpus):
    page = corpus.by_id("it", "conoscere")
    html = _html(build, page)
    out = build.restore(html, page.rel)
    assert "<!--kb-" not in out
    assert all(f"Esperienza {i:02d}</a>" in out for i in range(25))
    assert LOOKALIKE in out  # the page's text as Markdown left it: nothing looks for the build's HTML
    assert out.count('<ul class="kb-list">') == 2


def test_markers_of_two_pages_never_collide(build, corpus):
    one, other = corpus.by_id("it", "conoscere"), corpus.by_id("it", "cultura-comune")
    html_one, html_other = _html(build, one), _html(build, other)
    markers_one, markers_other = build.blocks_of(one.rel).markers, build.blocks_of(other.rel).markers
    assert markers_one and markers_other and not set(markers_one) & set(markers_other)
    # a page's markers are replaced in that page only: another page's marker stays as it is
    assert build.restore(markers_other[0], one.rel) == markers_other[0]
    assert "Esperienza" in build.restore(html_one, one.rel) and "Esperienza" in build.restore(html_other, other.rel)


def test_a_block_renders_its_first_items_and_round_trips_as_data():
    block = html_list("item-list", range(3), ["<li>a</li>", "<li>b</li>", "<li>c</li>"], cls="kb-list")
    assert block.html == '<ul class="kb-list">\n<li>a</li>\n<li>b</li>\n<li>c</li>\n</ul>'
    assert block.cut(2, lambda shown, total: f"<p>{shown}/{total}</p>") == '<ul class="kb-list">\n<li>a</li>\n<li>b</li>\n</ul><p>2/3</p>'
    assert block.cut(3, lambda shown, total: "never") == block.html
    assert Block.from_data(block.to_data()).html == block.html
    pages = PageBlocks("tok", "a.md")
    marker = pages.marker(block)
    assert pages.restore(f"x\n{marker}\ny") == f"x\n{block.html}\ny"


def test_the_pdf_step_asks_for_a_build_when_the_pages_contents_are_missing(tmp_path, capsys):
    from kb.guide import pdf

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    assert pdf.main(["--site", str(site)]) == 1
    assert "site.pages" in capsys.readouterr().err
