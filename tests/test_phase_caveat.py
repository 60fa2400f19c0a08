"""The generated lists of a C4 phase's experiences (on the phase pages, on /browse/phase/…/ and so
in the printed guide) say that linking an experience to a phase is the site's reading, with a link
to where the experiences' page explains it."""
from __future__ import annotations

import markdown
import pytest
from kb.check.markdown import anchors_of, mask_code
from kb.content.pages import load_pages
from kb.content.texts import INTERFACE
from kb.content.urls import PHASE_LINK_EXPLAINED
from kb.generate import listings
from kb.generate.indexes import FACET_BY_NAME, build_index, facet_value_page

CORPUS = load_pages()
LANGS = ("it", "fr")


@pytest.mark.parametrize("lang", LANGS)
def test_the_explanation_the_caveat_links_to_exists(lang):
    rel, anchor = PHASE_LINK_EXPLAINED
    page = CORPUS.by_rel(lang, rel)
    assert page is not None, f"docs/{lang}/{rel} is gone: update content/urls.py PHASE_LINK_EXPLAINED"
    assert anchor in anchors_of(page.body, mask_code(page.body)), (
        f"docs/{lang}/{rel} has no heading {{#{anchor}}} any more: the lists of each phase link to it "
        "(content/urls.py PHASE_LINK_EXPLAINED)")


def _sentence(lang: str) -> str:
    return INTERFACE.text(lang, "phase_link_caveat")


@pytest.mark.parametrize("lang", LANGS)
def test_a_phase_page_lists_its_experiences_under_the_caveat(lang):
    index = build_index(CORPUS, lang)
    phase = next(p for p in CORPUS.of_type(lang, "phase")
                 if any(i.type == "experience" for i in index.pages("phase", p.view.code)))
    fragment = listings.phase_items_block(index, phase, lang)
    text = fragment.markdown(lambda block: block.html)
    html = markdown.markdown(text)
    experiences = html.index(INTERFACE.text(lang, "phase_items_title"))
    caveat = html.index(_sentence(lang))
    assert experiences < caveat < html.index('class="kb-list"', caveat)
    assert 'href="../experiences/index.md#legame-c4"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_the_browse_page_of_a_phase_carries_it_and_other_facets_do_not(lang):
    index = build_index(CORPUS, lang)
    code = next(c for c in FACET_BY_NAME["phase"].values() if any(p.type == "experience" for p in index.pages("phase", c)))
    phase = facet_value_page(index, FACET_BY_NAME["phase"], code, lang, CORPUS).body.markdown(lambda b: b.html)
    assert _sentence(lang) in phase and "../../experiences/index.md#legame-c4" in phase
    territory = FACET_BY_NAME["territory"]
    other = facet_value_page(index, territory, territory.values()[0], lang, CORPUS).body.markdown(lambda b: b.html)
    assert _sentence(lang) not in other


def _write(path, meta: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = "".join(f"{key}: {value}\n" for key, value in meta.items())
    path.write_text(f"---\n{head}---\n\n{body}\n", encoding="utf-8")


@pytest.mark.parametrize(("experiences_page", "link"), [
    ("## Esperienze e metodo C4 {#legame-c4}\n\nTesto.", "../experiences/index.md#legame-c4"),
    ("## Esperienze e metodo C4\n\nTesto.", "../experiences/index.md)"),
    (None, None),
])
def test_the_caveat_links_only_where_the_explanation_is(tmp_path, experiences_page, link):
    """A site whose experiences' page lost the anchor, or has no such page, still builds: the
    caveat then links to the page's top, or says its sentence without a link."""
    docs = tmp_path / "docs"
    _write(docs / "it/method/conoscere.md", {"id": "conoscere", "type": "phase", "code": "conoscere",
                                            "title": "Conoscere", "description": "Fase."}, "Testo.")
    _write(docs / "it/experiences/e1.md", {"id": "e1", "type": "experience", "title": "E1", "description": "Una.",
                                          "phases": "[conoscere]"}, "Testo.")
    if experiences_page is not None:
        _write(docs / "it/experiences/index.md", {"id": "esperienze", "type": "page", "title": "Esperienze",
                                                 "description": "Tutte."}, experiences_page)
    corpus = load_pages(docs, langs=("it",))
    index = build_index(corpus, "it")
    text = listings.phase_items_block(index, corpus.by_id("it", "conoscere"), "it").markdown(lambda b: b.html)
    assert _sentence("it") in text
    if link is None:
        assert "](" not in text.split(_sentence("it"))[1].split("\n")[0]
    else:
        assert link in text
