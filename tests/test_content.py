"""The published knowledge: both languages, every page sourced, no placeholder, the facts in place."""
from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from kb.content.pages import load_pages
from kb.content.paths import DATA

CORPUS = load_pages()
PLACEHOLDER_CODES = {"KB051", "KB052"}  # the checker's placeholder errors (scripts/kb/check/rules/github_markdown.py)


def text_of(site: Path, url: str) -> str:
    """The visible text of a built page, entities decoded, spaces (no-break ones too) folded."""
    raw = (site / url / "index.html").read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", raw, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def test_every_page_exists_in_both_languages():
    italian = {p.rel for p in CORPUS.in_lang("it")}
    french = {p.rel for p in CORPUS.in_lang("fr")}
    assert len(italian) >= 25
    assert italian == french


@pytest.mark.parametrize("page", CORPUS.pages, ids=lambda p: f"{p.lang}/{p.rel}")
def test_every_page_lists_its_sources_and_each_url_is_https(page):
    sources = page.meta.get("sources") or []
    assert sources, "no source listed"
    for source in sources:
        assert source.get("title")
        if "url" in source:
            parts = urlsplit(source["url"])
            assert parts.scheme == "https" and parts.hostname and "." in parts.hostname, source["url"]
        else:
            assert source.get("ref") == "seed"


def test_no_placeholder_text():
    """One rule, one place: placeholders are refused by `make check` (KB051: the words of
    `make new`; KB052: TODO, TBD, FIXME, lorem ipsum, xxx), with their line; a draft may hold
    them (warnings KB050, KB053)."""
    from kb.check.runner import check_corpus

    found = [f for f in check_corpus(CORPUS) if f.code in PLACEHOLDER_CODES]
    assert found == [], "\n".join(f"{f.path}:{f.line}:{f.col}: {f.message('en')}" for f in found)


def test_glossary_terms_have_both_languages_and_sources():
    import yaml

    files = sorted((DATA / "glossary").glob("*.yml"))
    assert len(files) >= 15
    for path in files:
        term = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert term["id"] == path.stem
        for lang in ("it", "fr"):
            assert term[lang]["term"] and len(term[lang]["definition"]) > 20, f"{path}: {lang}"
        assert term["sources"], path


# The figures and names of the ATS and the method, as each language writes them.
FACTS = {
    "it": {
        "context/ats/": ["Coldiretti", "Confcooperative", "UE.Coop", "IreCoop", "50.000", "500", "802", "323",
                         "70.000", "22.000", "rete di reti", "ATS = TEAM"],
        "context/alcotra/": ["20 giugno 2016", "24-3508", "4.1"],
        "method/": ["Conoscere", "Creare relazioni", "Cultura comune", "Costruzione di percorsi"],
        "context/pitem-pro-sol/": ["Senior", "Giovani", "Donne", "We-Pro"],
    },
    "fr": {
        "context/ats/": ["Coldiretti", "Confcooperative", "UE.Coop", "IreCoop", "50 000", "500", "802", "323",
                         "70 000", "22 000", "ATS = TEAM"],
        "context/alcotra/": ["20 juin 2016", "24-3508", "4.1"],
        "method/": ["Connaître", "Créer des relations", "Culture commune", "Construction de parcours"],
        "context/pitem-pro-sol/": ["Senior", "Giovani", "Donne", "We-Pro"],
    },
}


@pytest.mark.parametrize("lang", ["it", "fr"])
def test_the_sourced_figures_and_names_appear_in_the_built_pages(site, lang):
    prefix = "" if lang == "it" else "fr/"
    for url, expected in FACTS[lang].items():
        text = text_of(site, prefix + url)
        missing = [item for item in expected if item not in text]
        assert missing == [], f"{prefix}{url} lacks {missing}"


@pytest.mark.parametrize("lang", ["it", "fr"])
def test_each_page_shows_its_sources_at_the_bottom(site, lang):
    prefix = "" if lang == "it" else "fr/"
    heading = {"it": "Fonti", "fr": "Sources"}[lang]
    for page in CORPUS.published().in_lang(lang):  # drafts are not built
        raw = (site / page.url / "index.html").read_text(encoding="utf-8")
        assert f">{heading}</h2>" in raw, f"{prefix}{page.rel}"
        for source in page.meta["sources"]:
            if "url" in source:
                assert html.escape(source["url"], quote=True) in raw or source["url"] in raw, f"{page.rel}: {source['url']}"
