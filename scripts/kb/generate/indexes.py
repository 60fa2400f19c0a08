"""Facet indexes of the items (experiences and outputs) and the generated /browse/ pages.

Pure functions over a Corpus: no MkDocs. Every label comes from data/vocabularies.yml, every piece
of interface text from data/i18n/<lang>.yml. The generated pages are Markdown (headings, short
prose); their lists of items and values are Blocks (generate/block.py), raw HTML with relative URLs
computed here from the pages' paths, so that Python-Markdown and MkDocs's link resolution never see them: tens of
thousands of list links per language at a thousand experiences. tests/test_indexes.py checks that
every such link of the built site lands on a page.
"""
from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field

from babel import Locale

from kb.content.fields import Field, facet_fields, load_fields
from kb.content.pages import Corpus, Page
from kb.content.strings import t  # noqa: F401 - former name, still imported from here
from kb.content.texts import INTERFACE as ui
from kb.content.texts import labels
from kb.content.urls import PHASE_LINK_EXPLAINED, page_url, rel_to_url, relative_url
from kb.content.vocab import keys, roles_text
from kb.generate.block import Block, Fragment, html_list

ITEM_TYPES: tuple[str, ...] = ("experience", "output")
BROWSE = "browse"


@dataclass(frozen=True)
class Facet:
    """One way of browsing the items: `name` is the URL segment, `field` the front matter key."""

    name: str
    field: str
    vocabulary: str
    values_subset: tuple[str, ...] | None = None  # these keys of the vocabulary (None: all of them)

    @property
    def key(self) -> str:
        """Suffix of its interface strings: facet_<key>, facet_<key>_plural."""
        return self.name.replace("-", "_")

    def values(self) -> list[str]:
        return list(self.values_subset) if self.values_subset else keys(self.vocabulary)


def _facet_segment(f: Field) -> str:
    if f.facet is None:  # facet_fields gives only the fields marked x-facet
        raise ValueError(f"data/schema/page.yml: '{f.name}' has no x-facet")
    return f.facet


def _facet_vocabulary(f: Field) -> str:
    if f.vocabulary is None:
        raise ValueError(f"data/schema/page.yml: '{f.name}' has x-facet but no x-vocabulary")
    return f.vocabulary


def facets_of(fields=None) -> tuple[Facet, ...]:
    """The facets, from the fields marked `x-facet` in data/schema/page.yml (content/fields.py).
    The index holds items only, so the facet of the page type offers the item types only."""
    return tuple(
        Facet(_facet_segment(f), f.name, _facet_vocabulary(f), ITEM_TYPES if f.name == "type" else f.values)
        for f in facet_fields(fields)
    )


FIELDS = load_fields()
FACETS: tuple[Facet, ...] = facets_of()
FACET_BY_NAME = {f.name: f for f in FACETS}


# --- collation ---------------------------------------------------------------------------------

def sort_key(text: str, lang: str = "it") -> tuple:
    """An approximation of the Italian / French collation without ICU: letters first regardless
    of accents and case, then accents, then case; punctuation ignored at the first level."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    primary = re.sub(r"[^\w\s]|_", "", base)
    primary = re.sub(r"\s+", " ", primary).strip()
    return (primary, unicodedata.normalize("NFC", str(text)).casefold(), str(text))


def by_title(pages, lang: str) -> list[Page]:
    return sorted(pages, key=lambda p: (sort_key(p.title, lang), p.rel))


# --- small text helpers --------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#!|])")


def md_text(text: str) -> str:
    """Plain text made safe inside a Markdown line (link text, list item)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text).replace("\n", " "))
    return escaped.replace("<", "&lt;")


def md_link(from_rel: str, to_rel: str, anchor: str = "") -> str:
    """Relative link between two Markdown files of the same language folder."""
    start = posixpath.dirname(from_rel) or "."
    target = posixpath.relpath(to_rel, start)
    return target + (f"#{anchor}" if anchor else "")


def html_text(text) -> str:
    """Plain text made safe inside an HTML element."""
    return html.escape(str(text).replace("\n", " "), quote=False)


def href(from_rel: str, to_rel: str) -> str:
    """The URL of the page `to_rel` relative to the page `from_rel` (both Markdown paths of one
    language folder), as MkDocs writes it with directory URLs: 'experiences/x.md' ->
    'browse/phase/conoscere.md' gives '../../browse/phase/conoscere/'."""
    url = relative_url(rel_to_url(from_rel), rel_to_url(to_rel))
    return html.escape(url)


def html_link(from_rel: str, to_rel: str, text) -> str:
    return f'<a href="{href(from_rel, to_rel)}">{html_text(text)}</a>'


def plural_key(lang: str, n: int) -> str:
    return "one" if Locale.parse(lang).plural_form(n) == "one" else "other"


def count_text(lang: str, n: int) -> str:
    """'1 scheda' / '3 schede'; '0 fiche' in French (babel's plural rules)."""
    return ui.text(lang, f"count_items_{plural_key(lang, n)}", n=n)


def facet_label(facet: Facet, lang: str, plural: bool = False) -> str:
    return ui.text(lang, f"facet_{facet.key}" + ("_plural" if plural else ""))


def value_label(facet: Facet, value: str, lang: str) -> str:
    return labels(facet.vocabulary).text(lang, value, plural=facet.name == "type")


# --- the index ----------------------------------------------------------------------------------

def values_of(page: Page, facet: Facet) -> list[str]:
    """The values a page has for a facet (known vocabulary keys only, in vocabulary order)."""
    given = set(page.view.values(facet.field))
    return [v for v in facet.values() if v in given]


def items_of(corpus: Corpus, lang: str, types: tuple[str, ...] = ITEM_TYPES) -> list[Page]:
    return by_title((p for p in corpus.in_lang(lang) if p.type in types), lang)


@dataclass
class FacetIndex:
    """The items of one language and, for each facet value, the items that have it."""

    lang: str
    items: list[Page]
    by_value: dict[str, dict[str, list[Page]]] = field(default_factory=dict)
    # where the caveat of a phase's experiences links to: (page, anchor or ''), None without the page
    phase_link: tuple[str, str] | None = None

    def pages(self, facet: str, value: str) -> list[Page]:
        return self.by_value.get(facet, {}).get(value, [])

    def count(self, facet: str, value: str) -> int:
        return len(self.pages(facet, value))

    def counts(self, facet: str) -> dict[str, int]:
        return {value: len(pages) for value, pages in self.by_value.get(facet, {}).items()}


def build_index(corpus: Corpus, lang: str) -> FacetIndex:
    items = items_of(corpus, lang)
    index = FacetIndex(lang=lang, items=items, phase_link=phase_link_target(corpus, lang))
    for facet in FACETS:
        table: dict[str, list[Page]] = {value: [] for value in facet.values()}
        for page in items:
            for value in values_of(page, facet):
                table[value].append(page)
        index.by_value[facet.name] = table
    return index


def latest(items: list[Page], limit: int) -> list[Page]:
    """The most recently updated items: by `updated` (newest first), then by title."""
    def key(p: Page):
        return str(p.view.updated or "")

    ordered = sorted(items, key=lambda p: (sort_key(p.title), p.rel))
    return sorted(ordered, key=key, reverse=True)[:limit]


# --- paths of the generated pages ------------------------------------------------------------------

def browse_rel(facet: str | None = None, value: str | None = None) -> str:
    if facet is None:
        return f"{BROWSE}/index.md"
    if value is None:
        return f"{BROWSE}/{facet}/index.md"
    return f"{BROWSE}/{facet}/{value}.md"


@dataclass
class GeneratedPage:
    """A page that exists only in the build (never committed), in one language."""

    lang: str
    rel: str
    title: str
    description: str
    body: str | Fragment  # a Fragment until blocks.LangBuild gives its Blocks their markers
    in_nav: bool = False
    schema_type: str = "CollectionPage"

    @property
    def url(self) -> str:
        return page_url(self.lang, self.rel)

    @property
    def source(self) -> str:
        """The Markdown handed to MkDocs, with a front matter MkDocs reads itself. The lists are
        kept out of the search index (overrides/main.html reads `search.exclude`): they repeat
        the titles of pages that are in it, and would come up for every word of them."""
        import json

        head = f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n"
        head += f"description: {json.dumps(self.description, ensure_ascii=False)}\n"
        head += "search:\n  exclude: true\n---\n\n"
        if not isinstance(self.body, str):
            raise TypeError(f"{self.rel}: the page's blocks have no markers yet (blocks.LangBuild places them)")
        return head + self.body


# --- Markdown building blocks ---------------------------------------------------------------------

def status_suffix(page: Page, lang: str) -> str:
    """' <em>(Esempio illustrativo)</em>' after the link of an example or a draft (HTML)."""
    status = page.view.status
    if status in {"example", "draft"}:
        return f" <em>({html_text(FIELDS['status'].label(status, lang))})</em>"
    return ""


def item_line(page: Page, from_rel: str, lang: str, attrs: str = "") -> str:
    """'<li><a>Title</a> — description</li>' for a list of items."""
    line = html_link(from_rel, page.rel, page.title) + status_suffix(page, lang)
    description = page.view.description
    if description:
        line += f" — {html_text(description)}"
    return f"<li{' ' + attrs if attrs else ''}>{line}</li>"


def item_list(pages: list[Page], from_rel: str, lang: str) -> Block | str:
    """The items as a Block of kind 'item-list' (the printed guide shortens a long one), or the
    'no items' sentence."""
    if not pages:
        return ui.text(lang, "no_items")
    return html_list("item-list", pages, [item_line(p, from_rel, lang) for p in pages], cls="kb-list")


def grouped_item_lists(pages: list[Page], from_rel: str, lang: str, level: int = 2,
                       of_phase: FacetIndex | None = None) -> list:
    """The items grouped by type (experiences, then outputs), each group under a heading: the
    parts of a Fragment (Markdown headings, Blocks). `of_phase`: the index, when the items are
    those of a C4 phase: its experiences come with the caveat that their link to the phase is the
    site's reading."""
    parts: list = []
    for page_type in ITEM_TYPES:
        group = [p for p in pages if p.type == page_type]
        if group:
            parts.append("#" * level + f" {md_text(FIELDS['type'].label(page_type, lang, plural=True))} ({len(group)})")
            if of_phase is not None and page_type == "experience":
                parts.append(phase_link_caveat(from_rel, lang, of_phase.phase_link))
            parts.append(item_list(group, from_rel, lang))
    return parts if parts else [ui.text(lang, "no_items")]


def phase_link_target(corpus: Corpus, lang: str) -> tuple[str, str] | None:
    """Where the site explains that an experience's phase is its reading (content/urls.py
    PHASE_LINK_EXPLAINED): (page, anchor), the anchor '' when the page no longer declares it
    ({#anchor} or id="anchor"), None when the page does not exist: the link never breaks a build."""
    rel, anchor = PHASE_LINK_EXPLAINED
    page = corpus.by_rel(lang, rel)
    if page is None:
        return None
    declared = re.search(r"\{[^}\n]*#" + re.escape(anchor) + r"(?![\w-])", page.body) or f'id="{anchor}"' in page.body
    return rel, anchor if declared else ""


def phase_link_caveat(from_rel: str, lang: str, target: tuple[str, str] | None) -> str:
    """The sentence that says the experiences' link to a phase is the site's reading, then a link
    to where the site explains it, when that page exists."""
    text = ui.text(lang, "phase_link_caveat")
    if target is None:
        return text
    rel, anchor = target
    return f"{text} [{md_text(ui.text(lang, 'phase_link_caveat_link'))}]({md_link(from_rel, rel, anchor)})"


def value_list(index: FacetIndex, facet: Facet, from_rel: str, lang: str) -> Block:
    values = facet.values()
    lines = []
    for value in values:
        link = html_link(from_rel, browse_rel(facet.name, value), value_label(facet, value, lang))
        n = index.count(facet.name, value)
        roles = roles_text(facet.vocabulary, value, lang, short=True)
        role = f' <span class="kb-role">— {html_text(roles)}</span>' if roles else ""
        lines.append(f"<li>{link}{role} ({html_text(count_text(lang, n))})</li>")
    return html_list("value-list", values, lines)


def browse_by_line(from_rel: str, lang: str, facets: tuple[Facet, ...] = FACETS) -> str:
    """'Sfoglia per: Fasi · Territori · …' with links to the facet overviews."""
    links = [f"[{md_text(facet_label(f, lang, plural=True))}]({md_link(from_rel, browse_rel(f.name))})" for f in facets]
    return ui.text(lang, "browse_by") + " " + " · ".join(links)


def breadcrumbs(from_rel: str, lang: str, facet: Facet | None = None) -> str:
    crumbs = [f"[{md_text(ui.text(lang, 'browse_title'))}]({md_link(from_rel, browse_rel())})"]
    if facet is not None:
        crumbs.append(f"[{md_text(facet_label(facet, lang, plural=True))}]({md_link(from_rel, browse_rel(facet.name))})")
    return " › ".join(crumbs)


# --- the generated /browse/ pages ----------------------------------------------------------------

def browse_overview(index: FacetIndex, lang: str) -> GeneratedPage:
    rel = browse_rel()
    parts: list[str | Block] = [ui.text(lang, "browse_intro"), f"**{count_text(lang, len(index.items))}**"]
    for facet in FACETS:
        title = md_text(facet_label(facet, lang, plural=True))
        parts += [f"## [{title}]({md_link(rel, browse_rel(facet.name))})", value_list(index, facet, rel, lang)]
    body = Fragment("browse", parts, tuple(index.items))
    return GeneratedPage(lang, rel, ui.text(lang, "browse_title"), ui.text(lang, "browse_description"), body, in_nav=True)


def facet_overview(index: FacetIndex, facet: Facet, lang: str, extra: Block | None = None) -> GeneratedPage:
    rel = browse_rel(facet.name)
    title = facet_label(facet, lang, plural=True)
    parts: list[str | Block] = [breadcrumbs(rel, lang)]
    if extra is not None:
        parts.append(extra)
    parts.append(value_list(index, facet, rel, lang))
    description = ui.text(lang, "browse_facet_description", facet=title)
    return GeneratedPage(lang, rel, title, description, Fragment("browse", parts, tuple(facet.values())))


def facet_value_page(index: FacetIndex, facet: Facet, value: str, lang: str, corpus: Corpus) -> GeneratedPage:
    rel = browse_rel(facet.name, value)
    f_label, v_label = facet_label(facet, lang), value_label(facet, value, lang)
    title = ui.text(lang, "browse_value_title", facet=f_label, value=v_label)
    pages = index.pages(facet.name, value)
    parts = [breadcrumbs(rel, lang, facet), f"**{count_text(lang, len(pages))}**"]
    roles = roles_text(facet.vocabulary, value, lang)
    if roles:  # an organisation: its roles, as the sources give them (data/vocabularies.yml)
        parts.append(md_text(ui.text(lang, "organisation_roles", roles=roles)))
    if facet.name == "phase":
        phase_page = phase_page_of(corpus, lang, value)
        if phase_page is not None:
            parts.append(f"[{md_text(ui.text(lang, 'phase_page_link', title=phase_page.title))}]({md_link(rel, phase_page.rel)})")
    parts += grouped_item_lists(pages, rel, lang, of_phase=index if facet.name == "phase" else None)
    description = ui.text(lang, "browse_value_description", facet=f_label, value=v_label)
    return GeneratedPage(lang, rel, title, description, Fragment("browse", parts, tuple(pages)))


def phase_page_of(corpus: Corpus, lang: str, code: str) -> Page | None:
    for page in corpus.of_type(lang, "phase"):
        if page.view.code == code:
            return page
    return None


def browse_pages(index: FacetIndex, corpus: Corpus, lang: str, facet_extras: dict[str, Block] | None = None) -> list[GeneratedPage]:
    """Every generated /browse/ page of one language: the overview, one per facet, one per value.
    Pages exist for every vocabulary value, with or without items, so URLs never come and go."""
    facet_extras = facet_extras or {}
    out = [browse_overview(index, lang)]
    for facet in FACETS:
        out.append(facet_overview(index, facet, lang, facet_extras.get(facet.name)))
        out.extend(facet_value_page(index, facet, value, lang, corpus) for value in facet.values())
    return out
