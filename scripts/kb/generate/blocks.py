"""Everything generated from the metadata for one build: the /browse/ pages, the blocks added to
hand-written pages (data/listings.yml says which), the glossary, abbreviation tooltips, JSON-LD.

Computed once per language and reused for every page. No MkDocs here: the plugin hands pages in
and takes Markdown and JSON-LD out (through adapter/files.py).

The generators return Fragments: Markdown and Blocks (generate/block.py). Each Block reaches
Markdown as one marker and is put back into the page's HTML after the conversion (`restore`):
Python-Markdown's raw-HTML parser and MkDocs's anchor scan would otherwise read every tag of the
lists, which at a thousand experiences costs more than converting the pages' own text. Each page
keeps its Blocks (`blocks_of`), so that the printed guide can print them with fewer items.
"""
from __future__ import annotations

import html
import re
import secrets
from pathlib import Path

from kb.content import quotations, yamldata
from kb.content.pages import Corpus, Page
from kb.content.paths import DATA, LANGS
from kb.content.texts import INTERFACE
from kb.generate import glossary, jsonld, listings, territory_map
from kb.generate.block import Block, Fragment, PageBlocks
from kb.generate.indexes import GeneratedPage, browse_pages, browse_rel, build_index

LISTINGS = DATA / "listings.yml"
BLOCKS = {"items", "latest", "territory-map", "glossary", "phase-items", "item-meta", "site-info"}

# Markers are per process (never in the output) and stable across the rebuilds of `make serve`, so
# that its render cache still recognises a page whose lists changed but whose text did not.
_TOKEN = secrets.token_hex(6)
# The markers of this process, for the build's sanitizer to keep (content/allowlist.py sanitize).
MARKERS = re.compile(r"<!--kb-" + _TOKEN + r"-[0-9a-f]{12}-[0-9]+-->")


def load_listings(path: Path = LISTINGS) -> dict:
    """{'pages': {page id: [block, …]}, 'types': {page type: [block, …]}}; a block is a dict with
    at least `block` (one of BLOCKS)."""
    if not path.exists():
        return {"pages": {}, "types": {}}
    with open(path, encoding="utf-8") as fh:
        data = yamldata.load(fh) or {}
    out = {"pages": data.get("pages") or {}, "types": data.get("types") or {}}
    for group in out.values():
        for name, blocks in group.items():
            for block in blocks:
                if not isinstance(block, dict) or block.get("block") not in BLOCKS:
                    raise ValueError(f"{path.name}: {name}: unknown block {block!r} (known: {sorted(BLOCKS)})")
    return out


class LangBuild:
    """The generated material of one language."""

    def __init__(self, corpus: Corpus, lang: str, listings_data: dict | None = None, terms=None):
        self.corpus = corpus
        self.lang = lang
        self.listings = listings_data if listings_data is not None else load_listings()
        self.terms = list(terms) if terms is not None else glossary.load_terms()
        self.index = build_index(corpus, lang)
        self.abbreviations = glossary.abbreviations(self.terms, lang)
        self.abbreviator = glossary.Abbreviator(glossary.abbreviation_map(self.terms, lang))
        extras = {"territory": territory_map.map_block(self.index, lang, browse_rel("territory"), with_list=False)[0]}
        self.pages: list[GeneratedPage] = browse_pages(self.index, corpus, lang, extras)
        self._blocks: dict[str, PageBlocks] = {}  # rel -> the Blocks of that page, in order
        for generated_page in self.pages:
            generated_page.body = self._page_blocks(generated_page.rel).place(generated_page.body) + "\n"
        self.by_rel = {p.rel: p for p in self.pages}

    def _abbreviate(self, block: Block) -> Block:
        """The abbreviation tooltips Markdown would have added (never inside the diagram's SVG)."""
        return block if block.kind == "territory-map" else block.map(self.abbreviator.html)

    def _page_blocks(self, rel: str) -> PageBlocks:
        """The Blocks of the page at `rel`, started afresh (a page's Markdown is made once per build)."""
        self._blocks[rel] = PageBlocks(_TOKEN, rel, self._abbreviate)
        return self._blocks[rel]

    def blocks_of(self, rel: str) -> PageBlocks | None:
        """The Blocks of the page at `rel` (hand-written or generated), behind their markers."""
        return self._blocks.get(rel)

    def restore(self, html: str, rel: str) -> str:
        """The page's HTML with each of its markers replaced by its Block."""
        blocks = self._blocks.get(rel)
        return blocks.restore(html) if blocks is not None else html

    def blocks_for(self, page: Page) -> list[dict]:
        return list(self.listings["types"].get(page.type, [])) + list(self.listings["pages"].get(page.id, []))

    def render_block(self, block: dict, page: Page) -> Fragment:
        kind = block["block"]
        if kind == "items":
            types = tuple(block.get("types") or ("experience", "output"))
            return listings.items_block(self.index, page.rel, self.lang, types)
        if kind == "latest":
            return listings.latest_block(self.index, page.rel, self.lang, int(block.get("limit", 6)))
        if kind == "territory-map":
            from kb.generate.indexes import FACET_BY_NAME, facet_label, md_text

            heading = md_text(facet_label(FACET_BY_NAME["territory"], self.lang, plural=True))
            parts = territory_map.map_block(self.index, self.lang, page.rel)
            return Fragment("territory-map", [f"## {heading}", *parts], parts[0].items)
        if kind == "glossary":
            terms = tuple(glossary.sorted_terms(self.terms, self.lang))
            return Fragment("glossary", [glossary.glossary_markdown(self.terms, self.lang)], terms)
        if kind == "phase-items":
            return listings.phase_items_block(self.index, page, self.lang)
        if kind == "item-meta":
            return listings.item_meta_block(page, self.corpus, self.lang)
        if kind == "site-info":
            return listings.site_info_block(block.get("show"), self.lang)
        return Fragment(kind)

    def page_markdown(self, markdown: str, page: Page | None) -> str:
        """The Markdown of a page with its generated blocks and the abbreviation definitions."""
        if page is not None:
            blocks = self._page_blocks(page.rel)
            for block in self.blocks_for(page):
                fragment = self.render_block(block, page)
                if not fragment:
                    continue
                text = blocks.place(fragment)
                if block["block"] in ("item-meta", "site-info"):
                    markdown = listings.insert_after_summary(markdown, text)
                else:
                    markdown = markdown.rstrip("\n") + "\n\n" + text + "\n"
            note = self.quotations_note(markdown, page)
            if note:
                markdown = markdown.rstrip("\n") + "\n\n" + blocks.place(note) + "\n"
        if self.abbreviations:
            markdown = markdown.rstrip("\n") + "\n\n" + self.abbreviations + "\n"
        return markdown

    def quotations_note(self, markdown: str, page: Page) -> Fragment:
        """One note at the end of a page that quotes a translated quotation (data/quotations.yml):
        its quotations are translated, said once in the reader's language instead of after each.
        `markdown` is the page with its generated blocks (the glossary quotes too)."""
        if page.lang != self.lang or not quotations.translated_in(markdown, self.lang):
            return Fragment("quotations-note")
        text = html.escape(INTERFACE.text(self.lang, "quotations_translated"), quote=False)
        return Fragment("quotations-note", [Block("quotations-note", head=f'<p class="kb-quotations-note">{text}</p>')])

    def uses_filter(self, page: Page | None) -> bool:
        return page is not None and any(b["block"] == "items" for b in self.blocks_for(page))

    def jsonld(self, page: Page | None, generated: GeneratedPage | None, site_url: str, site_name: str) -> str:
        if page is not None:
            blocks = {b["block"] for b in self.blocks_for(page)}
            terms = glossary.sorted_terms(self.terms, self.lang) if "glossary" in blocks else None
            data = jsonld.page_jsonld(page, self.corpus, site_url, site_name, collection="items" in blocks, terms=terms)
        elif generated is not None:
            data = jsonld.generated_jsonld(generated, site_url, site_name)
        else:
            return ""
        return jsonld.script_text(data)


class Generated:
    """The generated material of every language of one corpus, built on first use. The listings
    and the glossary are read once per build (so that `mkdocs serve` sees their changes)."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.listings = load_listings()
        self.terms = glossary.load_terms()
        self._langs: dict[str, LangBuild] = {}

    def lang(self, lang: str) -> LangBuild:
        if lang not in self._langs:
            self._langs[lang] = LangBuild(self.corpus, lang, self.listings, self.terms)
        return self._langs[lang]

    def all_pages(self) -> list[GeneratedPage]:
        return [p for lang in LANGS for p in self.lang(lang).pages]
