"""The thin MkDocs adapter: every decision is taken in scripts/kb, which runs without MkDocs.

MkDocs calls these functions (see `hooks:` in mkdocs.yml). With mkdocs-static-i18n each language
is a build of its own; the pages are read and parsed once for all of them.
"""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import CombinedEvent, event_priority  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402

from scripts.kb import frontmatter  # noqa: E402
from scripts.kb.pages import Corpus, load_pages  # noqa: E402
from scripts.kb import assets, fragments, history, markdown_reuse, minify, parallel, page_cache, postprocess, render_cache, search  # noqa: E402
from scripts.kb.paths import DEFAULT_LANG, LANGS, lang_prefix  # noqa: E402
from scripts.kb.site import page_context  # noqa: E402
from scripts.kb.strings import load_strings  # noqa: E402
from scripts import mkdocs_generated as generated  # noqa: E402  (browse pages, listings, catalogue)

_state: dict = {"corpus": None, "command": "build"}


def on_startup(command, dirty):
    _state["command"] = command


@event_priority(100)  # before mkdocs-static-i18n's on_config (-100) picks the language to build
def on_config(config):
    """`python -m scripts.kb build` runs one MkDocs process per language (scripts/kb/parallel.py)."""
    only = parallel.only_language()
    if only is not None and "i18n" in config.plugins:
        parallel.restrict_i18n(config.plugins["i18n"], only)
    markdown_reuse.install()  # one Markdown converter per build, reset between pages
    markdown_reuse.install_inline_triggers()  # inline patterns that cannot match are not tried
    assets.install_theme_listing()  # the theme's files listed without walking its 14,000 icons
    if _state["command"] == "serve":
        render_cache.install()  # a rebuild converts only the Markdown that changed
        page_cache.install(_twin_digests)  # ... and renders only the pages that changed
    return config


def _twin_digests(page) -> list[str]:
    """For scripts/kb/page_cache.py: the text of the page's twins (their translation notices)."""
    corpus: Corpus = _state["corpus"]
    lang, _, rel = page.file.src_uri.partition("/")
    if corpus is None or lang not in LANGS:
        return []
    twins = (corpus.by_rel(other, rel) for other in LANGS if other != lang)
    return [page_cache.body_digest(twin.body) for twin in twins if twin is not None]


def _lang(config) -> str:
    return config.theme.get("language") or DEFAULT_LANG


def _page_of(page, config):
    """The kb Page behind an MkDocs page, or None for a page the pipeline does not know."""
    corpus: Corpus = _state["corpus"]
    src = page.file.src_uri
    lang, _, rel = src.partition("/")
    return corpus.by_rel(lang, rel) if corpus else None


def on_pre_build(config):
    indexing = _state.pop("indexing", None)
    if indexing is not None:  # `make serve`: the previous build's search index is complete first
        indexing.join()
    # The default language is built first: read every page of every language once, then reuse.
    if _state["corpus"] is None or _lang(config) == DEFAULT_LANG:
        corpus = load_pages(Path(config.docs_dir))
        try:
            from scripts.kb.check import check_corpus, format_findings
        except ImportError:  # the checker is optional while it is being built
            check_corpus = None
        if parallel.only_language() not in (None, DEFAULT_LANG):
            check_corpus = None  # in a parallel build the default language's process checks every page
        if check_corpus is not None:
            findings = [f for f in check_corpus(corpus) if f.severity == "error"]
            if findings:
                raise PluginError("\n" + format_findings(findings, lang=DEFAULT_LANG))
        _state["corpus"] = corpus
        if _state["command"] == "serve":
            corpus._last_changes = history.last_changes(corpus.docs)  # shared with the pages
            root = Path(config.config_file_path).parent
            page_cache.begin(page_cache.signature(corpus, root, corpus._last_changes, config.site_url or ""))


def on_env(env, config, files):
    env.globals["kb_strings"] = load_strings
    env.bytecode_cache = parallel.template_cache()  # the theme's templates compiled once, not per build
    env.globals["kb_nav_fragment"] = fragments.nav_fragment
    config.extra["kb_home"] = _base_path(config) + lang_prefix(_lang(config))
    config.copyright = load_strings(_lang(config))["footer_licence"]  # licence and funding, in the page's language
    # Where the search page sends readers without JavaScript: the generated indexes, once they exist.
    browse = lang_prefix(_lang(config)) + "browse/"
    has_browse = any(f.is_documentation_page() and f.url == browse for f in files)
    config.extra["kb_browse"] = config.extra["kb_home"] + ("browse/" if has_browse else "")
    return env


@event_priority(50)  # before mkdocs-static-i18n (-100) sorts the files by language
def _search_files(files, config):
    """Add the generated pages (the search page of each language) as if they were in docs/."""
    for src_uri in search.virtual_pages():
        if files.get_file_from_path(src_uri) is None:
            files.append(
                File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls,
                     inclusion=InclusionLevel.NOT_IN_NAV)
            )
    return files


@event_priority(-110)  # after mkdocs-static-i18n: File.generated pages of this language, with twins
def _generated_files(files, config):
    return generated.add_files(files, config, _state, _lang(config))


def _theme_files(files, config):
    """Leave out the theme's files that no page uses (scripts/kb/assets.py)."""
    docs = str(Path(config.docs_dir).resolve())
    for file in list(files):
        if file.generated_by is None and not str(Path(file.abs_src_path).resolve()).startswith(docs):
            if not assets.published(file.src_uri, config.plugins):
                files.remove(file)
    return files


on_files = CombinedEvent(_theme_files, _search_files, _generated_files)


@event_priority(-110)  # after mkdocs-static-i18n: sections and index pages only, not every item
def on_nav(nav, config, files):
    nav = generated.lean_nav(nav, _state, _lang(config))
    fragments.reset(nav)  # the navigation's HTML, once per folder (scripts/kb/fragments.py)
    return nav


def _base_path(config) -> str:
    """The path part of site_url: '/' or '/project/'."""
    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def on_post_build(config):
    """Give each language its own 404 page (static-i18n writes every language's to the root)."""
    site = Path(config.site_dir)
    lang = _lang(config)
    if lang == DEFAULT_LANG:  # once per build: the open data catalogue of both languages
        generated.write_open_data(config, _state)
        # robots.txt: everything may be indexed; the sitemap lists both languages with hreflang
        (site / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {_site_url(config)}sitemap.xml\n", encoding="utf-8")
    if _state["command"] == "serve" and lang == LANGS[-1]:
        # `make serve` has no build step after MkDocs: index here so that search works in the preview,
        # in the background: the pages are served at once, the search catches up a second later
        _state["indexing"] = threading.Thread(target=search.index_site, args=(site,), daemon=True)
        _state["indexing"].start()
    page = site / "404.html"
    if not page.exists():
        return
    if lang == DEFAULT_LANG:
        _state["root_404"] = page.read_bytes()
        return
    target = site / lang_prefix(lang) / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(page.read_bytes())
    if _state.get("root_404"):
        page.write_bytes(_state["root_404"])


def on_page_read_source(page, config):
    """Hand MkDocs the body only: the front matter was parsed once, by the pipeline."""
    if "virtual_pages" not in _state:  # the same for every page: made once per process
        _state["virtual_pages"] = search.virtual_pages()
    generated = _state["virtual_pages"].get(page.file.src_uri)
    if generated is not None:
        return generated
    kb_page = _page_of(page, config)
    if kb_page is None:
        return None
    page._kb_page = kb_page
    return kb_page.body


def on_page_markdown(markdown, page, config, files):
    kb_page = getattr(page, "_kb_page", None)
    if kb_page is not None:
        page.meta = frontmatter.to_jsonable(kb_page.meta)
    return generated.page_markdown(markdown, page, _state, _lang(config))


def on_page_content(html, page, config, files):
    return generated.page_html(html, page, _state, _lang(config))


def on_page_context(context, page, config, nav):
    kb_page = getattr(page, "_kb_page", None)
    if kb_page is not None:
        base = (config.site_url or "").rstrip("/") + "/"
        context["kb"] = page_context(
            kb_page, _state["corpus"], _lang(config), config.repo_url, base + page.url,
            edit_uri=config.edit_uri,
        )
    context["kb_generated"] = generated.page_context(page, config, _state, _lang(config))
    return context


def _site_url(config) -> str:
    return (config.site_url or "").rstrip("/") + "/"


def on_post_page(output, page, config):
    skip = load_strings(_lang(config))["skip_to_content"]
    return _minify(postprocess.fix_page(output, skip, _site_url(config) + page.url))


def on_post_template(output, template_name, config):
    if template_name.endswith(".html"):
        skip = load_strings(_lang(config))["skip_to_content"]
        return _minify(postprocess.fix_page(output, skip, _site_url(config)))
    return output


def _minify(html: str) -> str:
    """Without the templates' indentation (scripts/kb/minify.py); KB_NO_MINIFY=1 keeps it."""
    return html if os.environ.get("KB_NO_MINIFY") == "1" else minify.collapse_indentation(html)
