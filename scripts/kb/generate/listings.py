"""Generated blocks added to hand-written pages at build time: item lists with a progressive filter,
the items of a phase, the latest updated items, the metadata box of an item page.

Which block goes on which page is data (data/listings.yml), read by generate/blocks.py.
Pure functions, no MkDocs: each returns a Fragment (generate/block.py), Markdown and Blocks; the
lists and the metadata box are Blocks of raw HTML, with their URLs computed here (see
generate/indexes.py).
"""
from __future__ import annotations

import html
import re

from kb.content import dates
from kb.content.pages import Corpus, Page
from kb.content.site import load_site
from kb.content.strings import t
from kb.content.vocab import label, roles_text
from kb.generate.block import Block, Fragment
from kb.generate.indexes import (
    FACETS,
    ITEM_TYPES,
    Facet,
    FacetIndex,
    browse_by_line,
    browse_rel,
    count_text,
    facet_label,
    grouped_item_lists,
    html_link,
    html_text,
    item_line,
    latest,
    md_link,
    md_text,
    phase_page_of,
    value_label,
    values_of,
)

FILTER_SCRIPT = "assets/filter.js"  # served from overrides/assets/


# --- filterable list (sections outputs/ and experiences/) -----------------------------------------

def filter_facets(pages: list[Page], types: tuple[str, ...]) -> list[Facet]:
    """The facets worth a filter for these items: those at least one item has a value for."""
    out = []
    for facet in FACETS:
        if facet.name == "type" and len(types) < 2:
            continue
        if any(values_of(p, facet) for p in pages):
            out.append(facet)
    return out


def filter_form(pages: list[Page], facets: list[Facet], lang: str, list_id: str) -> str:
    """The filter controls, hidden until filter.js shows them: without JavaScript they do not exist
    for the reader, and the full list below stays as it is."""
    e = html.escape
    rows = []
    for facet in facets:
        options = [f'<option value="">{e(t(lang, "filter_any"))}</option>']
        for value in facet.values():
            n = sum(1 for p in pages if value in values_of(p, facet))
            if n:
                options.append(f'<option value="{e(value)}">{e(value_label(facet, value, lang))} ({n})</option>')
        rows.append(
            f'<label><span>{e(facet_label(facet, lang))}</span> '
            f'<select name="{e(facet.name)}">{"".join(options)}</select></label>'
        )
    status = e(t(lang, "filter_status"))
    return (
        f'<form class="kb-filter" hidden data-list="{e(list_id)}" data-status="{status}">\n'
        f'<fieldset><legend>{e(t(lang, "filter_legend"))}</legend>\n'
        + "\n".join(rows)
        + f'\n<button type="reset" class="md-button">{e(t(lang, "filter_reset"))}</button>\n'
        f'</fieldset>\n<p class="kb-filter-status" role="status"></p>\n</form>'
    )


def data_attributes(page: Page, facets: list[Facet]) -> str:
    attrs = []
    for facet in facets:
        values = values_of(page, facet)
        if values:
            attrs.append(f'data-{facet.name}="{" ".join(values)}"')
    return " ".join(attrs)


def items_block(index: FacetIndex, from_rel: str, lang: str, types: tuple[str, ...] = ITEM_TYPES) -> Fragment:
    """The line of links to the /browse/ pages, then a Block of kind 'items': the count, the filter
    and the list (the printed guide leaves the whole Block out where it prints the items itself)."""
    pages = [p for p in index.items if p.type in types]
    facets = filter_facets(pages, types)
    list_id = "kb-items-" + "-".join(types)
    # As Python-Markdown would write the count paragraph and two raw HTML blocks one after another.
    head = f"<p><strong>{html_text(count_text(lang, len(pages)))}</strong></p>\n"
    if pages and facets:
        head += filter_form(pages, facets, lang, list_id) + "\n\n"
    head += f'<div class="kb-items" id="{list_id}">\n'
    lines = tuple(item_line(page, from_rel, lang, data_attributes(page, facets)) for page in pages)
    if lines:
        block = Block("items", tuple(pages), lines, head + "<ul>", "</ul>\n</div>")
    else:
        block = Block("items", head=head + f"<p>{html_text(t(lang, 'no_items'))}</p>\n</div>")
    return Fragment("items", [browse_by_line(from_rel, lang), block], tuple(pages))


# --- phase pages --------------------------------------------------------------------------------

def phase_items_block(index: FacetIndex, page: Page, lang: str) -> Fragment:
    code = page.meta.get("code")
    if not code:
        return Fragment("phase-items")
    pages = index.pages("phase", str(code))
    parts = [f"## {md_text(t(lang, 'phase_items_title'))}", *grouped_item_lists(pages, page.rel, lang, level=3, of_phase=index)]
    parts.append(
        f"[{md_text(t(lang, 'browse_phase_link', phase=label('phases', str(code), lang)))}]"
        f"({md_link(page.rel, browse_rel('phase', str(code)))})"
    )
    return Fragment("phase-items", parts, tuple(pages))


# --- home page ------------------------------------------------------------------------------------

def latest_block(index: FacetIndex, from_rel: str, lang: str, limit: int = 6) -> Fragment:
    pages = latest(index.items, limit)
    lines = []
    for page in pages:
        updated = dates.long_date(page.meta.get("updated"), lang)
        info = label("types", page.type or "", lang)
        if updated:
            info += f", {updated}"
        lines.append(f"<li>{html_link(from_rel, page.rel, page.title)} — {html_text(info)}</li>")
    body = Block("latest", tuple(pages), tuple(lines), "<ul>", "</ul>") if lines else t(lang, "no_items")
    return Fragment("latest", [f"## {md_text(t(lang, 'latest_title'))}", body], tuple(pages))


# --- the metadata box of an item page ---------------------------------------------------------------

def period_text(period, lang: str) -> str:
    if not isinstance(period, dict):
        return ""
    start = dates.partial_date(period["start"], lang) if period.get("start") else ""
    end = dates.partial_date(period["end"], lang) if period.get("end") else ""
    if start and end:
        return f"{start} – {end}"
    if start:
        return t(lang, "period_start_only", start=start)
    if end:
        return t(lang, "period_end_only", end=end)
    return ""


def item_meta_block(page: Page, corpus: Corpus, lang: str) -> Fragment:
    """A definition list: phases (linked to the phase pages), facet values (linked to the facet
    pages), kind, year, period."""
    rows: list[tuple[str, str]] = []
    for facet in FACETS:
        values = values_of(page, facet)
        if not values:
            continue
        links = []
        for value in values:
            target = phase_page_of(corpus, lang, value) if facet.name == "phase" else None
            to_rel = target.rel if target is not None else browse_rel(facet.name, value)
            link = html_link(page.rel, to_rel, label(facet.vocabulary, value, lang))
            roles = roles_text(facet.vocabulary, value, lang, short=True)
            links.append(f'{link} <span class="kb-role">({html_text(roles)})</span>' if roles else link)
        plural = len(values) > 1 or facet.name in {"organisation", "target-group"}
        rows.append((facet_label(facet, lang, plural=plural), " · ".join(links)))
    if page.meta.get("year") is not None:
        rows.append((t(lang, "meta_year"), html_text(page.meta["year"])))
    period = period_text(page.meta.get("period"), lang)
    if period:
        rows.append((t(lang, "meta_period"), html_text(period)))
    if not rows:
        return Fragment("item-meta")
    # Raw HTML, not Markdown inside <aside markdown>: a dozen links per item page, and Python-
    # Markdown's inline parsing plus MkDocs's resolution of each link cost more than the rest.
    lines = tuple(f"<dt>{html_text(term)}</dt>\n<dd>{value}</dd>" for term, value in rows)
    aria = html.escape(t(lang, "meta_box_label"))
    box = Block("item-meta", tuple(term for term, _value in rows), lines,
                f'<aside class="kb-meta" aria-label="{aria}">\n<dl>', "</dl>\n</aside>")
    return Fragment("item-meta", [box], (page,))


_SUMMARY = re.compile(r"^(?:!!!|\?\?\?\+?) ?\w[^\n]*\n(?:(?:[ \t]+[^\n]*|[ \t]*)\n)*", re.M)


def insert_after_summary(body: str, block: str) -> str:
    """Put `block` after the opening summary box ('!!! abstract …'), or at the top without one."""
    if not block:
        return body
    stripped = body.lstrip("\n")
    if not stripped.endswith("\n"):
        stripped += "\n"
    match = _SUMMARY.match(stripped)
    if match:
        head = stripped[: match.end()].rstrip("\n")
        rest = stripped[match.end():].lstrip("\n")
        return f"{head}\n\n{block}\n\n{rest}"
    return f"{block}\n\n{stripped}"


# --- what the site says about itself (data/site.yml) -------------------------------------------------

SITE_INFO = ("publisher", "contact", "privacy_controller", "hosting")


def _site_value(section: str, lang: str) -> str:
    """The HTML of one entry of data/site.yml, or 'not given yet' in `lang`."""
    site = load_site()
    if section == "hosting":
        name, provider = site.text("hosting", "name"), site.text("hosting", "provider")
        return html_text(f"{name} ({provider})" if name and provider else name or provider) or html_text(t(lang, "site_not_given"))
    name, url, email = site.text(section, "name"), site.text(section, "url"), site.text(section, "email")
    parts = []
    if name:
        parts.append(f'<a href="{html.escape(url)}">{html_text(name)}</a>' if url and section != "contact" else html_text(name))
    if email:
        parts.append(f'<a href="mailto:{html.escape(email)}">{html_text(email)}</a>')
    if url and (section == "contact" or not name):
        parts.append(f'<a href="{html.escape(url)}">{html_text(url)}</a>')
    return " · ".join(parts) if parts else f'<em>{html_text(t(lang, "site_not_given"))}</em>'


def site_info_block(show, lang: str) -> Fragment:
    """A box with the entries `show` of data/site.yml (publisher, contact, privacy_controller,
    hosting); while the site has no named publisher, a sentence that says so first."""
    sections = [s for s in (show or SITE_INFO) if s in SITE_INFO]
    lines = [f"<dt>{html_text(t(lang, f'site_{section}'))}</dt>\n<dd>{_site_value(section, lang)}</dd>" for section in sections]
    head = f'<aside class="kb-site-info" aria-label="{html.escape(t(lang, "site_info_label"))}">\n'
    if "publisher" in sections and "publisher.name" in load_site().missing:
        head += f'<p class="kb-site-info__missing">{html_text(t(lang, "site_no_publisher"))}</p>\n'
    box = Block("site-info", tuple(sections), tuple(lines), head + "<dl>", "</dl>\n</aside>")
    return Fragment("site-info", [box], tuple(sections))
