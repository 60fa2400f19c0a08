"""The MkDocs side of the generated material; the plugin (adapter/plugin.py) calls these few functions.

All decisions are taken in scripts/kb/generate (blocks.py, indexes.py, navigation.py, catalogue.py);
this module only speaks MkDocs: virtual files (`File.generated`) that mkdocs-static-i18n knows as
translations of each other, the navigation tree, the template context, the open data files.
"""
from __future__ import annotations

from dataclasses import replace

from mkdocs.structure.files import File, InclusionLevel

from kb.content.paths import DEFAULT_LANG, LANGS
from kb.generate import catalogue
from kb.generate.blocks import Generated
from kb.generate.indexes import GeneratedPage
from kb.generate.navigation import NavNode, prune
from kb.guide import contents


def generated(state: dict) -> Generated:
    """The generated material of the current corpus (rebuilt when the corpus is reloaded)."""
    corpus = state["corpus"]
    current = state.get("generated")
    if current is None or current.corpus is not corpus:
        current = state["generated"] = Generated(corpus)
    return current


def _split(src_uri: str, build_lang: str) -> tuple[str, str]:
    lang, _, rel = src_uri.partition("/")
    return (lang, rel) if lang in LANGS and rel else (build_lang, src_uri)


def _file(config, page: GeneratedPage, build_lang: str) -> File:
    """A virtual page laid out the way mkdocs-static-i18n lays out docs/<lang>/ files: the default
    language at the root, the others under /<lang>/."""
    inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
    file = File.generated(config, f"{page.lang}/{page.rel}", content=page.source, inclusion=inclusion)
    dest = file.dest_uri
    if page.lang == DEFAULT_LANG:
        dest = dest[len(page.lang) + 1 :]
    file.dest_uri = dest
    for cached in ("url", "abs_dest_path"):
        file.__dict__.pop(cached, None)
    # the attributes mkdocs-static-i18n gives the files it sorts by language (not declared by File)
    vars(file).update(locale=page.lang, locale_alternate_of=build_lang, localization=page.lang,
                      norm_src_uri=page.rel, alternates={})
    return file


def add_files(files, config, state: dict, build_lang: str):
    """Add this language's generated pages, each with its twins as static-i18n alternates (for the
    language switcher, the hreflang links and the sitemap)."""
    gen = generated(state)
    new = []
    for page in gen.lang(build_lang).pages:
        own = _file(config, page, build_lang)
        for lang in LANGS:
            # Every language has the same generated pages (one per vocabulary value), so a twin is
            # known without generating the other language: only its address is used, as alternate.
            twin = own if lang == build_lang else _file(config, replace(page, lang=lang, body=""), build_lang)
            vars(own)["alternates"][lang] = twin
        files.append(own)
        new.append(own)
    i18n = config.plugins.get("i18n")
    per_language = getattr(i18n, "i18n_files_per_language", None)
    if isinstance(per_language, dict) and isinstance(per_language.get(build_lang), list):
        per_language[build_lang].extend(new)  # the sitemap lists them too
    return files


def lean_nav(nav, state: dict, build_lang: str):
    """Keep sections, their index pages and the hand-written non-item pages (navigation.prune)."""
    corpus = state["corpus"]
    gen = generated(state)

    def node(item) -> NavNode:
        if getattr(item, "is_section", False):
            return NavNode(item, [node(child) for child in item.children], title=None)
        if getattr(item, "is_page", False):
            lang, rel = _split(item.file.src_uri, build_lang)
            kb_page = corpus.by_rel(lang, rel) if corpus else None
            made = gen.lang(lang).by_rel.get(rel) if item.file.generated_by else None
            weight = kb_page.view.weight if kb_page else None
            return NavNode(
                item,
                page_type=kb_page.type if kb_page else ("generated" if made else None),
                is_index=item.is_index,
                generated=made is not None,
                weight=weight if isinstance(weight, int) else None,
                title=kb_page.title if kb_page else (made.title if made else None),
            )
        return NavNode(item)

    def apply(nodes: list[NavNode]) -> list:
        out = []
        for n in nodes:
            if n.children is not None:
                n.ref.children = apply(n.children)
                if n.title:
                    n.ref.title = n.title
            out.append(n.ref)
        return out

    nav.items = apply(prune([node(item) for item in nav.items]))
    return nav


def page_markdown(markdown: str, page, state: dict, build_lang: str) -> str:
    lang, _rel = _split(page.file.src_uri, build_lang)
    return generated(state).lang(lang).page_markdown(markdown, getattr(page, "_kb_page", None))


def page_html(html: str, page, state: dict, build_lang: str) -> str:
    """The page's HTML with the generated blocks put back in place of their markers. A hand-written
    page of the language being built is also kept, markers and Blocks apart, for the guide."""
    lang, rel = _split(page.file.src_uri, build_lang)
    build = generated(state).lang(lang)
    kb_page = getattr(page, "_kb_page", None)
    if kb_page is not None and kb_page.lang == build_lang:
        blocks = build.blocks_of(rel)
        kept = state.setdefault("contents", {}).setdefault(build_lang, {})
        kept[rel] = contents.page_data(html, blocks.to_data() if blocks is not None else [])
    return build.restore(html, rel)


def write_contents(config, state: dict, build_lang: str) -> None:
    """The kept pages of the language, for the printed guide (guide/contents.py says where)."""
    pages = state.get("contents", {}).pop(build_lang, {})
    contents.write(contents.folder_for_build(config.site_dir), build_lang, config.site_url or "", pages)


def page_context(page, config, state: dict, build_lang: str) -> dict:
    """What main.html needs besides `kb`: the JSON-LD text and whether to load filter.js."""
    lang, rel = _split(page.file.src_uri, build_lang)
    build = generated(state).lang(lang)
    kb_page = getattr(page, "_kb_page", None)
    made = build.by_rel.get(rel) if page.file.generated_by else None
    return {
        "jsonld": build.jsonld(kb_page, made, config.site_url or "/", config.site_name),
        "filter": build.uses_filter(kb_page),
    }


def write_open_data(config, state: dict) -> None:
    catalogue.write(state["corpus"], config.site_dir, config.site_url or "/")
